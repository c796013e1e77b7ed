"""evaluate: loaders, metrics against hand-computed values, run files, comparisons."""

from __future__ import annotations

import gzip
import io
import json
import math
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from corpus_search.errors import InputError, QueryError
from corpus_search.evaluate import (
    DEFAULT_MEASURES,
    EvalResult,
    Ranker,
    RunLine,
    compare,
    evaluate,
    load_qrels,
    load_topics,
    write_run,
)

# --------------------------------------------------------------------------- judged fixture
# Twelve documents d01..d12; what they say does not matter, the fake ranker fixes the rankings.
DOCS = [f"d{n:02d}" for n in range(1, 13)]

TOPICS = {
    "q1": "heat transfer in slabs",
    "q2": 'boundary layer "transition": flat plate',  # stray quote and colon: just text to a ranker
    "q3": "supersonic wing flutter",
    "q4": "a query the ranker finds nothing for",
    "q5": "a topic with no judgments at all",
    "q6": "a topic judged only not relevant",
}

QRELS = {
    "q1": {"d03": 1},
    "q2": {"d01": 1, "d02": 1},
    "q3": {"d07": 2, "d08": 1, "d09": 1, "d10": 0},
    "q4": {"d11": 1},
    "q6": {"d12": 0},
    "q9": {"d01": 1},  # judged, but no such topic
}

RANKINGS: dict[str, list[str]] = {
    "q1": ["d05", "d03", "d01", "d12"],  # the one relevant doc at rank 2
    "q2": ["d01", "d04", "d02", "d06"],  # relevant at ranks 1 and 3
    "q3": ["d10", "d08", "d07", "d11"],  # judged-0 at 1, rel 1 at 2, rel 2 at 3, d09 never found
    "q4": [],  # zero results
    "q5": ["d01"],
    "q6": ["d12"],
}

LOG2_3 = math.log2(3)
# Hand-computed per-topic values (gain = judged relevance, discount 1/log2(rank + 1)):
EXPECTED: dict[str, dict[str, float]] = {
    # q1: relevant at rank 2. RR = 1/2; AP = (1/2)/1; P@10 = 1/10; R@100 = 1/1;
    #     DCG = 1/log2(3), IDCG = 1 -> nDCG@10 = 1/log2(3) = 0.6309...
    "q1": {"nDCG@10": 1 / LOG2_3, "MAP": 0.5, "P@10": 0.1, "R@100": 1.0, "MRR": 0.5},
    # q2: relevant at 1 and 3. RR = 1; AP = (1/1 + 2/3)/2 = 5/6; P@10 = 2/10; R@100 = 2/2;
    #     DCG = 1 + 1/log2(4) = 1.5, IDCG = 1 + 1/log2(3) -> nDCG@10 = 1.5/1.6309... = 0.9197...
    "q2": {"nDCG@10": 1.5 / (1 + 1 / LOG2_3), "MAP": 5 / 6, "P@10": 0.2, "R@100": 1.0, "MRR": 1.0},
    # q3: 3 relevant (d07 gain 2, d08 and d09 gain 1); found rel at 2 (d08) and 3 (d07).
    #     RR = 1/2; AP = (1/2 + 2/3)/3 = 7/18; P@10 = 2/10; R@100 = 2/3;
    #     DCG = 1/log2(3) + 2/log2(4) = 1/log2(3) + 1; IDCG = 2/1 + 1/log2(3) + 1/log2(4)
    #     -> nDCG@10 = (1/log2(3) + 1)/(2.5 + 1/log2(3)) = 0.5209...
    "q3": {
        "nDCG@10": (1 / LOG2_3 + 1) / (2.5 + 1 / LOG2_3),
        "MAP": 7 / 18,
        "P@10": 0.2,
        "R@100": 2 / 3,
        "MRR": 0.5,
    },
    # q4: no results -> 0 on every measure.
    "q4": {"nDCG@10": 0.0, "MAP": 0.0, "P@10": 0.0, "R@100": 0.0, "MRR": 0.0},
}


def fixed_ranker(rankings: dict[str, list[str]]) -> tuple[list[tuple[str, int]], Ranker]:
    """A fake ranker that looks the topic text up; records (text, depth) calls."""
    by_text = {TOPICS[qid]: docs for qid, docs in rankings.items()}
    calls: list[tuple[str, int]] = []

    def rank(text: str, depth: int) -> Sequence[tuple[str, float]]:
        calls.append((text, depth))
        docs = by_text[text]
        return [(doc, float(len(docs) - i)) for i, doc in enumerate(docs)]

    return calls, rank


@pytest.fixture
def result() -> EvalResult:
    _, rank = fixed_ranker(RANKINGS)
    return evaluate(TOPICS, QRELS, rank)


def test_per_query_values_match_hand_computed(result: EvalResult) -> None:
    assert list(result.per_query) == ["q1", "q2", "q3", "q4"]
    for qid, expected in EXPECTED.items():
        for measure, value in expected.items():
            assert result.per_query[qid][measure] == pytest.approx(value), (qid, measure)


def test_overall_is_mean_over_judged_topics(result: EvalResult) -> None:
    # MRR = (1/2 + 1 + 1/2 + 0)/4 = 0.5; MAP = (1/2 + 5/6 + 7/18 + 0)/4 = 31/72;
    # P@10 = (0.1 + 0.2 + 0.2 + 0)/4 = 0.125; R@100 = (1 + 1 + 2/3 + 0)/4 = 2/3.
    assert result.overall["MRR"] == pytest.approx(0.5)
    assert result.overall["MAP"] == pytest.approx(31 / 72)
    assert result.overall["P@10"] == pytest.approx(0.125)
    assert result.overall["R@100"] == pytest.approx(2 / 3)
    ndcg = sum(EXPECTED[q]["nDCG@10"] for q in EXPECTED) / 4
    assert result.overall["nDCG@10"] == pytest.approx(ndcg)
    assert result.measures == DEFAULT_MEASURES == ("nDCG@10", "MAP", "P@10", "R@100", "MRR")


def test_counts_unjudged_missing_and_empty_topics(result: EvalResult) -> None:
    assert result.queries == 4
    assert result.unjudged_topics == 2  # q5 (no qrels) and q6 (only relevance 0)
    assert result.missing_topics == 1  # q9
    assert result.no_results == ("q4",)
    assert result.failed == {}


def test_overall_agrees_with_ir_measures_aggregate(result: EvalResult) -> None:
    import ir_measures

    judged = {q: QRELS[q] for q in ("q1", "q2", "q3", "q4")}
    run = {q: {d: float(-r) for r, d in enumerate(RANKINGS[q], 1)} for q in ("q1", "q2", "q3")}
    names = {"nDCG@10": "nDCG@10", "MAP": "AP", "P@10": "P@10", "R@100": "R@100", "MRR": "RR"}
    measures = {ir_measures.parse_measure(v): k for k, v in names.items()}
    # q4 has no results and is absent from the run: ir-measures still averages over it (as 0).
    for measure, value in ir_measures.calc_aggregate(list(measures), judged, run).items():
        assert result.overall[measures[measure]] == pytest.approx(value)


def test_ranker_gets_topic_text_and_depth_only_for_judged_topics() -> None:
    calls, rank = fixed_ranker(RANKINGS)
    evaluate(TOPICS, QRELS, rank, depth=50)
    assert calls == [(TOPICS[q], 50) for q in ("q1", "q2", "q3", "q4")]


def test_ties_keep_the_rankers_order() -> None:
    # trec_eval would sort equal scores by docid descending (d12 first); evaluate keeps the order.
    result = evaluate(
        {"q": "x"}, {"q": {"d12": 1}}, lambda text, depth: [("d01", 1.0), ("d12", 1.0)]
    )
    assert result.per_query["q"]["MRR"] == 0.5


def test_run_is_cut_at_depth_and_deduplicated() -> None:
    def rank(text: str, depth: int) -> list[tuple[str, float]]:
        return [("d01", 3.0), ("d01", 2.5), ("d02", 2.0), ("d03", 1.0), ("d04", 0.5)]

    result = evaluate({"q": "x"}, {"q": {"d04": 1}}, rank, depth=3)
    assert result.run == (
        RunLine("q", "d01", 1, 3.0),
        RunLine("q", "d02", 2, 2.0),
        RunLine("q", "d03", 3, 1.0),
    )
    assert result.per_query["q"]["R@100"] == 0.0  # d04 was below the depth


def test_query_error_counts_as_zero_and_is_reported() -> None:
    def rank(text: str, depth: int) -> list[tuple[str, float]]:
        if text == "the":
            raise QueryError("no searchable terms")
        return [("d01", 1.0)]

    result = evaluate({"a": "the", "b": "wing"}, {"a": {"d01": 1}, "b": {"d01": 1}}, rank)
    assert result.failed == {"a": "no searchable terms"}
    assert result.no_results == ("a",)
    assert result.per_query["a"]["MRR"] == 0.0
    assert result.overall["MRR"] == 0.5


def test_progress_is_reported() -> None:
    seen: list[tuple[int, int]] = []
    _, rank = fixed_ranker(RANKINGS)
    evaluate(TOPICS, QRELS, rank, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_other_measures_by_ir_measures_name() -> None:
    _, rank = fixed_ranker(RANKINGS)
    result = evaluate(TOPICS, QRELS, rank, measures=["R@1000", "P@1"])
    assert result.per_query["q2"] == {"R@1000": 1.0, "P@1": 1.0}


@pytest.mark.parametrize(
    "topics,qrels,kwargs,message",
    [
        ({"a": "x"}, {"b": {"d": 1}}, {}, "No topic has a relevance judgment"),
        ({"a": "x"}, {"a": {"d": 1}}, {"measures": ["Bogus@3"]}, "Unknown measure 'Bogus@3'"),
        ({"a": "x"}, {"a": {"d": 1}}, {"depth": 0}, "depth must be at least 1"),
    ],
)
def test_evaluate_errors(
    topics: dict[str, str],
    qrels: dict[str, dict[str, int]],
    kwargs: dict[str, Any],
    message: str,
) -> None:
    with pytest.raises(InputError, match=message):
        evaluate(topics, qrels, lambda text, depth: [], **kwargs)


def test_to_dict_keys(result: EvalResult) -> None:
    data = result.to_dict()
    assert set(data) == {
        "measures", "overall", "queries", "unjudged_topics", "missing_topics",
        "no_results", "failed", "depth",
    }  # fmt: skip
    assert set(data["overall"]) == {"nDCG@10", "MAP", "P@10", "R@100", "MRR"}
    with_queries = result.to_dict(per_query=True)
    assert set(with_queries["per_query"]) == {"q1", "q2", "q3", "q4"}
    json.dumps(with_queries)  # serialisable as is


def test_ir_measures_is_imported_lazily() -> None:
    code = "import sys, corpus_search.evaluate; sys.exit('ir_measures' in sys.modules)"
    src = str(Path(__file__).resolve().parents[1] / "src")
    done = subprocess.run([sys.executable, "-c", code], env={"PYTHONPATH": src}, check=False)
    assert done.returncode == 0


# --------------------------------------------------------------------------- run files


def test_write_run_format(tmp_path: Path, result: EvalResult) -> None:
    path = tmp_path / "run.txt"
    assert write_run(path, result.run, tag="bm25") == 12
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "q1 Q0 d05 1 4.000000 bm25"
    ranks: dict[str, list[int]] = {}
    for line in lines:
        qid, q0, docid, rank, score, tag = line.split(" ")
        assert (q0, tag) == ("Q0", "bm25") and docid in DOCS
        float(score)
        ranks.setdefault(qid, []).append(int(rank))
    assert ranks == {q: list(range(1, len(RANKINGS[q]) + 1)) for q in ("q1", "q2", "q3")}


def test_write_run_at_most_depth_per_query(tmp_path: Path) -> None:
    ranking = [(f"d{i}", 1.0 / i) for i in range(1, 30)]
    result = evaluate({"q": "x"}, {"q": {"d1": 1}}, lambda text, depth: ranking, depth=10)
    out = io.StringIO()
    assert write_run(out, result.run) == 10
    assert out.getvalue().splitlines()[-1].split() == [
        "q",
        "Q0",
        "d10",
        "10",
        "0.100000",
        "corpus-search",
    ]


@pytest.mark.parametrize(
    "run,tag",
    [
        ([("q", "my doc", 1, 1.0)], "t"),
        ([("q", "d", 1, 1.0)], "two words"),
        ([("", "d", 1, 1.0)], "t"),
    ],
)
def test_write_run_rejects_whitespace(run: list[tuple[str, str, int, float]], tag: str) -> None:
    with pytest.raises(InputError, match="no spaces"):
        write_run(io.StringIO(), run, tag=tag)


# --------------------------------------------------------------------------- loaders


def test_load_topics_tsv(tmp_path: Path) -> None:
    path = tmp_path / "topics.tsv"
    path.write_text('1\tboundary "layer": flow\r\n\n2\tsecond   query\n', encoding="utf-8")
    assert load_topics(path) == {"1": 'boundary "layer": flow', "2": "second query"}


def test_load_topics_tsv_with_header_gzipped(tmp_path: Path) -> None:
    path = tmp_path / "topics.tsv.gz"
    path.write_bytes(gzip.compress(b"query-id\ttext\n7\tflutter\n"))
    assert load_topics(path) == {"7": "flutter"}


def test_load_topics_beir_jsonl_gz(tmp_path: Path) -> None:
    path = tmp_path / "queries.jsonl.gz"
    rows = [{"_id": "0", "text": "first claim", "metadata": {}}, {"_id": 3, "text": "second"}]
    path.write_bytes(gzip.compress("\n".join(json.dumps(r) for r in rows).encode()))
    assert load_topics(path) == {"0": "first claim", "3": "second"}


def test_load_topics_smart_numbers_in_file_order(tmp_path: Path) -> None:
    path = tmp_path / "cran.qry"
    path.write_text(
        ".I 001\n.W\nwhat similarity laws\nmust be obeyed .\n.I 004\n.W\nheat conduction .\n",
        encoding="utf-8",
    )
    assert load_topics(path) == {
        "1": "what similarity laws must be obeyed .",
        "2": "heat conduction .",
    }


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("t.tsv", "1 no tab here\n", "expected 'qid<TAB>query'"),
        ("t.tsv", "1\t\n", "has no text"),
        ("t.tsv", "1\ta\n1\tb\n", "appears twice"),
        ("t.jsonl", '{"_id": "1", "text": "a"}\n{"_id": "2", \n', "invalid JSON"),
        ("t.jsonl", '{"_id": "1"}\n', "no query text"),
        ("t.tsv", "", "has no topics"),
    ],
)
def test_load_topics_malformed(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_topics(path)


def test_load_qrels_trec(tmp_path: Path) -> None:
    path = tmp_path / "qrels.txt"
    path.write_text("1 0 d1 1\n1 0 d2 0\n2 Q0 d3 2\n3 0 d4 -1\n", encoding="utf-8")
    assert load_qrels(path) == {"1": {"d1": 1, "d2": 0}, "2": {"d3": 2}, "3": {"d4": 0}}


def test_load_qrels_beir_with_header(tmp_path: Path) -> None:
    path = tmp_path / "test.tsv"
    path.write_text(
        "query-id\tcorpus-id\tscore\n1\t31715818\t1\n3\t14717500\t1\n", encoding="utf-8"
    )
    assert load_qrels(path) == {"1": {"31715818": 1}, "3": {"14717500": 1}}


def test_load_qrels_cranfield_codes_become_gains(tmp_path: Path) -> None:
    path = tmp_path / "cranqrel"
    path.write_text("1 184 2 \n1 12 1\n1 51 4\n1 486 -1", encoding="utf-8")  # no final newline
    assert load_qrels(path) == {"1": {"184": 3, "12": 4, "51": 1, "486": 0}}


@pytest.mark.parametrize(
    "content,kwargs,message",
    [
        ("1 0 d1 yes\n", {}, "is not an integer"),
        ("1 0 d1 1 extra\n", {}, "expected 'qid 0 docid relevance'"),
        ("1 d1 1\n", {"format": "trec"}, "expected 'qid 0 docid relevance'"),
        ("\n", {}, "no relevance judgments"),
    ],
)
def test_load_qrels_malformed(
    tmp_path: Path, content: str, kwargs: dict[str, Any], message: str
) -> None:
    path = tmp_path / "qrels.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_qrels(path, **kwargs)


def test_missing_files_raise_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="No such file"):
        load_topics(tmp_path / "nope.tsv")
    with pytest.raises(InputError, match="No such file"):
        load_qrels(tmp_path / "nope.txt")


# --------------------------------------------------------------------------- compare


def test_compare_wins_losses_ties(result: EvalResult) -> None:
    better = dict(RANKINGS, q1=["d03", "d05"], q3=["d11", "d12"])  # q1 improves, q3 gets worse
    _, rank = fixed_ranker(better)
    other = evaluate(TOPICS, QRELS, rank)
    comparison = compare(result, other, measure="MRR")
    assert comparison.wins == ("q1",) and comparison.losses == ("q3",)
    assert comparison.ties == ("q2", "q4")
    assert [d.qid for d in comparison.per_query] == ["q3", "q2", "q4", "q1"]  # worst loss first
    assert comparison.per_query[-1].delta == pytest.approx(0.5)  # q1: RR 1/2 -> 1
    # MRR overall: (1 + 1 + 0 + 0)/4 = 0.5 against 0.5 -> delta 0
    assert comparison.overall["MRR"].delta == pytest.approx(0.0)
    assert set(comparison.to_dict()) == {
        "measure",
        "overall",
        "wins",
        "losses",
        "ties",
        "per_query",
    }


def test_compare_rejects_different_topics(result: EvalResult) -> None:
    other = evaluate({"q1": TOPICS["q1"]}, QRELS, lambda text, depth: [])
    with pytest.raises(InputError, match="different topics"):
        compare(result, other)
    with pytest.raises(InputError, match="not in both"):
        compare(result, result, measure="R@1000")
