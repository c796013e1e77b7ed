"""corpus-search eval: a small judged collection indexed from JSON Lines, scored through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus_search import index_paths
from corpus_search.cli import cli

# Twelve records; each topic's words occur only where the comments say, so the rankings are known.
RECORDS = [
    ("d01", "Volcano eruption", "Lava and ash from the volcano eruption covered the island."),
    ("d02", "Glacier retreat", "The glacier, the glacier, the glacier: it melts every summer."),
    ("d03", "Mountain weather", "Snow fell on the mountain; a small glacier formed in the valley."),
    ("d04", "Ocean tides", "Tides rise and fall twice a day as the ocean follows the moon."),
    ("d05", "Desert plants", "Cactus and shrubs survive the heat of the desert."),
    ("d06", "River deltas", "Sediment carried by the river builds a delta at its mouth."),
    ("d07", "Coral reefs", "Warm shallow water lets coral reefs grow."),
    ("d08", "Forest fires", "Dry summers make forest fires more frequent."),
    ("d09", "Earthquakes", "Faults slip and the ground shakes."),
    ("d10", "Monsoon rain", "Seasonal winds bring heavy rain to the coast."),
    ("d11", "Tundra soil", "Permafrost keeps the soil frozen all year."),
    ("d12", "Salt marshes", "Grasses trap mud where the sea floods the land."),
]

TOPICS = {
    "q1": "volcano eruption",  # d01 only: rank 1
    "q2": "glacier",  # d02 (three times, short) then d03: the relevant d03 is at rank 2
    "q3": 'title:"ocean" AND (tides',  # query syntax is plain text here: d04 at rank 1
    "q4": "zzzz qqqq",  # nothing: scores 0
}
QRELS = [("q1", "d01", 1), ("q2", "d03", 1), ("q3", "d04", 2), ("q4", "d12", 1)]


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("judged")
    corpus = root / "corpus.jsonl"
    corpus.write_text(
        "".join(
            json.dumps({"_id": i, "title": title, "text": text}) + "\n"
            for i, title, text in RECORDS
        ),
        encoding="utf-8",
    )
    topics = root / "topics.tsv"
    topics.write_text("".join(f"{q}\t{t}\n" for q, t in TOPICS.items()), encoding="utf-8")
    qrels = root / "qrels.txt"
    qrels.write_text("".join(f"{q} 0 {d} {r}\n" for q, d, r in QRELS), encoding="utf-8")
    index_paths([corpus], index_dir=root / "index", jobs=1)
    return {"topics": topics, "qrels": qrels, "index": root / "index", "root": root}


def run_eval(collection: dict[str, Path], *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli,
        [
            "eval",
            "--topics",
            str(collection["topics"]),
            "--qrels",
            str(collection["qrels"]),
            "--index",
            str(collection["index"]),
            *args,
        ],
    )
    return result.exit_code, result.stdout, result.stderr


def test_eval_json_keys_and_values(collection: dict[str, Path]) -> None:
    code, out, err = run_eval(collection, "--json", "--per-query")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert set(data) == {
        "topics",
        "qrels",
        "index",
        "mode",
        "ranking",
        "run",
        "measures",
        "overall",
        "queries",
        "unjudged_topics",
        "missing_topics",
        "no_results",
        "failed",
        "depth",
        "per_query",
    }
    assert data["mode"] == "bag-of-words"
    assert set(data["ranking"]) == {"k1", "b", "title_boost"}
    assert data["measures"] == ["nDCG@10", "MAP", "P@10", "R@100", "MRR"]
    assert data["queries"] == 4 and data["no_results"] == ["q4"] and data["failed"] == {}
    per_query = data["per_query"]
    assert per_query["q1"] == {"nDCG@10": 1.0, "MAP": 1.0, "P@10": 0.1, "R@100": 1.0, "MRR": 1.0}
    assert per_query["q2"]["MRR"] == 0.5 and per_query["q2"]["MAP"] == 0.5
    assert per_query["q3"]["nDCG@10"] == 1.0  # stray quote, colon, AND and parenthesis: no error
    assert set(per_query["q4"].values()) == {0.0}
    # MRR over the four topics: (1 + 1/2 + 1 + 0) / 4
    assert data["overall"]["MRR"] == pytest.approx(2.5 / 4)


def test_eval_writes_a_trec_run_file(collection: dict[str, Path], tmp_path: Path) -> None:
    run = tmp_path / "run.txt"
    code, out, _ = run_eval(collection, "--run", str(run), "--run-tag", "mytag", "--depth", "5")
    assert code == 0 and "nDCG@10" in out
    lines = [line.split() for line in run.read_text(encoding="utf-8").splitlines()]
    assert lines[0][:4] == ["q1", "Q0", "d01", "1"] and lines[0][5] == "mytag"
    assert [line[2] for line in lines if line[0] == "q2"] == ["d02", "d03"]
    for _qid, q0, _docid, rank, score, tag in lines:
        assert q0 == "Q0" and tag == "mytag" and int(rank) >= 1
        float(score)
    assert not [line for line in lines if line[0] == "q4"]


def test_eval_plain_output_lists_measures_and_per_query(collection: dict[str, Path]) -> None:
    code, out, _ = run_eval(collection, "--per-query", "-m", "nDCG@10", "-m", "R@1000")
    assert code == 0
    assert "4 queries evaluated" in out and "1 with no results" in out
    assert "R@1000" in out and "MAP" not in out
    assert any(line.startswith("q2 ") for line in out.splitlines())


def test_eval_compare_settings_reports_wins_and_losses(collection: dict[str, Path]) -> None:
    code, out, err = run_eval(collection, "--compare", "k1=2,b=1,title_boost=0", "--json")
    assert code == 0, err
    data = json.loads(out)
    compared = data["compare"]
    assert compared["ranking"] == {"k1": 2.0, "b": 1.0, "title_boost": 0.0}
    assert set(compared["comparison"]) == {
        "measure",
        "overall",
        "wins",
        "losses",
        "ties",
        "per_query",
    }
    assert compared["comparison"]["measure"] == "nDCG@10"
    counts = compared["comparison"]
    assert counts["wins"] + counts["losses"] + counts["ties"] == 4
    assert set(compared["result"]["overall"]) == set(data["overall"])


def test_eval_compare_index_plain(collection: dict[str, Path]) -> None:
    # Index B lacks d02 (the glacier record ranked above the relevant d03 for q2): B wins q2.
    root = collection["root"]
    other = root / "without-d02.jsonl"
    other.write_text(
        "".join(
            json.dumps({"_id": i, "title": title, "text": text}) + "\n"
            for i, title, text in RECORDS
            if i != "d02"
        ),
        encoding="utf-8",
    )
    index_paths([other], index_dir=root / "index-b", jobs=1)
    code, out, _ = run_eval(collection, "--compare-index", str(root / "index-b"))
    assert code == 0
    assert "B wins 1, loses 0, ties 3" in out
    assert any(line.split()[:1] == ["q2"] for line in out.splitlines())


@pytest.mark.parametrize(
    "args,message",
    [
        (["--ranking", "k2=1"], "Unknown ranking setting 'k2=1'"),
        (["--compare", "b=7"], "out of range"),
        (["--measure", "nosuch@3"], "Unknown measure 'nosuch@3'"),
    ],
)
def test_eval_errors(collection: dict[str, Path], args: list[str], message: str) -> None:
    code, out, err = run_eval(collection, *args)
    assert code == 2 and message in err and out == ""


def test_eval_without_index_says_how_to_build_one(
    collection: dict[str, Path], tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "eval",
            "--topics",
            str(collection["topics"]),
            "--qrels",
            str(collection["qrels"]),
            "--index",
            str(tmp_path / "none"),
        ],
    )
    assert result.exit_code == 2 and "corpus-search index" in result.stderr


def test_search_and_eval_rank_with_the_same_scores(collection: dict[str, Path]) -> None:
    from corpus_search import open_index, search
    from corpus_search.searching.results import rank

    with open_index(collection["index"]) as ix:
        hits = search(ix, "glacier", fragments=0).hits
        ranked = rank(ix, "glacier")
    assert [h.doc_id for h in hits] == [doc_id for doc_id, _ in ranked] == ["d02", "d03"]
    assert [h.score for h in hits] == [round(score, 4) for _, score in ranked]


def test_repeated_words_weigh_more(collection: dict[str, Path]) -> None:
    from corpus_search import open_index
    from corpus_search.searching.results import rank

    with open_index(collection["index"]) as ix:
        once = dict(rank(ix, "glacier ocean"))
        twice = dict(rank(ix, "glacier ocean ocean"))
    assert twice["d04"] > once["d04"] and twice["d02"] == pytest.approx(once["d02"])


@pytest.mark.parametrize(
    "text,expected",
    [
        ("", (1.2, 0.75, 0.5)),
        ("k1=0.9,b=0.4", (0.9, 0.4, 0.5)),
        (" title=2 , K1=1.5 ", (1.5, 0.75, 2.0)),
        ("title_boost=0", (1.2, 0.75, 0.0)),
    ],
)
def test_parse_ranking(text: str, expected: tuple[float, float, float]) -> None:
    from corpus_search.searching.ranking import parse_ranking

    ranking = parse_ranking(text)
    assert (ranking.k1, ranking.b, ranking.title_boost) == expected


@pytest.mark.parametrize("text", ["k1", "k1=x", "b=1.5", "k1=-1", "k1=nan", "idf=1"])
def test_parse_ranking_errors(text: str) -> None:
    from corpus_search.errors import QueryError
    from corpus_search.searching.ranking import parse_ranking

    with pytest.raises(QueryError):
        parse_ranking(text)


# --------------------------------------------------------------------------- scripts/evaluate.py

CRAN_DOCS = """.I 1
.T
flow past a flat plate .
.A
someone
.B
j. ae. 1958
.W
flow past a flat plate .
  the boundary layer on a flat plate in supersonic flow .
.I 2
.T
wing flutter
.A
other
.B
j. ae. 1959
.W
wing flutter at high speed .
"""
CRAN_QUERIES = """.I 001
.W
boundary layer on a flat plate
.I 004
.W
flutter of wings
"""


def test_evaluate_script_reruns_both_collections(tmp_path: Path) -> None:
    import gzip
    import subprocess
    import sys

    data = tmp_path / "data"
    (data / "scifact" / "qrels").mkdir(parents=True)
    (data / "cranfield").mkdir()
    corpus = "".join(
        json.dumps({"_id": i, "title": title, "text": text}) + "\n" for i, title, text in RECORDS
    )
    (data / "scifact" / "corpus.jsonl.gz").write_bytes(gzip.compress(corpus.encode()))
    queries = "".join(json.dumps({"_id": q, "text": t}) + "\n" for q, t in TOPICS.items())
    (data / "scifact" / "queries.jsonl.gz").write_bytes(gzip.compress(queries.encode()))
    (data / "scifact" / "qrels" / "test.tsv").write_text(
        "query-id\tcorpus-id\tscore\n" + "".join(f"{q}\t{d}\t{r}\n" for q, d, r in QRELS)
    )
    (data / "cranfield" / "cran.all.1400.gz").write_bytes(gzip.compress(CRAN_DOCS.encode()))
    (data / "cranfield" / "cran.qry").write_text(CRAN_QUERIES)
    (data / "cranfield" / "cranqrel").write_text("1 1 2\n1 2 -1\n2 2 1\n")
    script = Path(__file__).resolve().parents[1] / "scripts" / "evaluate.py"
    done = subprocess.run(
        [sys.executable, str(script), "--data-dir", str(data), "--work-dir", str(tmp_path / "w")],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = [line.split(" | ") for line in done.stdout.splitlines()[2:]]
    ours = {(row[0].strip("| "), row[1]): float(row[2]) for row in rows}
    assert ours[("scifact", "MRR")] == pytest.approx(2.5 / 4)
    assert ours[("cranfield", "nDCG@10")] == 1.0  # each query's best document ranks first
    assert "corpus-search eval --topics" in done.stderr
    lines = (tmp_path / "w" / "cranfield.jsonl").read_text().splitlines()
    assert json.loads(lines[0]) == {
        "_id": "1",
        "title": "flow past a flat plate .",
        "text": "flow past a flat plate . the boundary layer on a flat plate in supersonic flow .",
    }


def test_eval_over_files_matches_paths_with_spaces(tmp_path: Path) -> None:
    folder = tmp_path / "my notes"
    folder.mkdir()
    (folder / "tide tables.txt").write_text("Ocean tides\n\nThe tides of the ocean.\n")
    (folder / "desert.txt").write_text("Desert\n\nCactus in the desert heat.\n")
    index_paths([folder], index_dir=tmp_path / "ix", jobs=1)
    doc = str(folder / "tide tables.txt").replace(" ", "%20")
    (tmp_path / "t.tsv").write_text("1\tocean tides\n")
    (tmp_path / "q.txt").write_text(f"1 0 {doc} 1\n")
    run = tmp_path / "run.txt"
    result = CliRunner().invoke(
        cli,
        [
            "eval",
            "--topics",
            str(tmp_path / "t.tsv"),
            "--qrels",
            str(tmp_path / "q.txt"),
            "--index",
            str(tmp_path / "ix"),
            "--run",
            str(run),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["overall"]["MRR"] == 1.0
    assert run.read_text().split()[:4] == ["1", "Q0", doc, "1"]
