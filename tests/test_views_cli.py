"""``kwic``, ``timeline``, ``terms`` and ``search --explain`` as a user runs them: exit codes,
aligned plain text, the documented JSON and CSV shapes, and hostile text printed literally."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_views import dated_index  # noqa: F401  (a fixture)

from corpus_search.cli import cli

_SGR = re.compile(r"\x1b\[[0-9;]*m")


def run(index: Path, *args: str, terminal: bool = False, **env: str) -> object:
    result = CliRunner().invoke(cli, [*args, "--index", str(index)], env=env or None)
    return result


@pytest.fixture()
def invoke(dated_index: Path):  # noqa: F811
    def go(*args: str) -> object:
        return CliRunner().invoke(cli, [*args, "--index", str(dated_index)])

    return go


def test_kwic_lines_align_on_the_match(invoke) -> None:
    result = invoke("kwic", "comet", "--width", "25")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    body, summary = lines[:-1], lines[-1]
    assert summary == "5 matches in 5 documents."
    assert len(body) == 5
    assert {line.index("comet", 20) for line in body} == {27}  # 25 of context, then 2 spaces
    assert all(line[27:32].lower() == "comet" for line in body)


def test_kwic_json_and_csv(invoke) -> None:
    data = json.loads(invoke("kwic", "comet", "--json", "--sort", "right", "-n", "2").stdout)
    assert set(data) == {
        "query",
        "total",
        "documents",
        "sort",
        "width",
        "lines",
        "title_only",
        "suggestion",
    }
    assert data["total"] == 5 and len(data["lines"]) == 2 and data["sort"] == "right"
    line = data["lines"][0]
    assert set(line) == {"path", "title", "date", "left", "match", "right", "start", "end", "field"}
    assert line["field"] == "body" and data["title_only"] == 0
    text = Path(line["path"]).read_text(encoding="utf-8")
    body = text.split("---\n")[-1]
    assert body[line["start"] : line["end"]].lower() == "comet"
    rows = list(csv.reader(io.StringIO(invoke("kwic", "comet", "--csv").stdout)))
    assert rows[0] == ["path", "title", "date", "left", "match", "right", "start", "end", "field"]
    assert len(rows) == 6


def test_timeline_plain_json_csv(invoke) -> None:
    result = invoke("timeline", "comet", "--by", "month")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "5 matching documents by month; 1 undated."
    assert [line.split()[:3] for line in lines[2:]] == [
        ["2020-01", "3", "3"],
        ["2020-02", "0", "2"],
        ["2020-03", "1", "1"],
        ["undated", "1", "42"],
    ]
    assert lines[2].endswith("#" * 40) and lines[3].endswith("0.0%")
    data = json.loads(invoke("timeline", "comet", "--json").stdout)
    assert set(data) == {"query", "by", "total", "bins", "undated", "corpus_undated", "suggestion"}
    assert data["bins"][1] == {
        "start": "2020-02-01",
        "end": "2020-02-29",
        "documents": 0,
        "corpus_documents": 2,
        "share": 0.0,
    }
    split = json.loads(invoke("timeline", "comet", "--json", "--split", "author").stdout)
    assert split["series"][0] == {"name": "Ada", "documents": 2, "undated": 0, "counts": [2, 0, 0]}
    rows = list(csv.reader(io.StringIO(invoke("timeline", "comet", "--csv").stdout)))
    assert rows[0] == ["start", "end", "documents", "corpus_documents", "share"]
    assert rows[-1][:4] == ["undated", "", "1", "42"]


def test_terms_json_and_collocates(invoke) -> None:
    data = json.loads(invoke("terms", "telescope", "--json").stdout)
    assert set(data) == {
        "query",
        "measure",
        "hit_documents",
        "corpus_documents",
        "sampled",
        "rows",
        "suggestion",
    }
    assert data["measure"] == "g2" and data["sampled"] is None
    quasar = next(r for r in data["rows"] if r["term"] == "quasar")
    assert set(quasar) == {"term", "hit_documents", "corpus_documents", "score", "log_ratio"}
    near = json.loads(invoke("terms", "telescope", "--collocates", "2", "--json").stdout)
    assert near["measure"] == "log-dice" and near["rows"][0]["term"] == "radio"
    assert {"cooccurrences", "corpus_frequency", "mi"} <= set(near["rows"][0])
    plain = invoke("terms", "telescope").stdout
    assert "G2" in plain and re.search(r"^quasar\s+10\s+10\s", plain, re.M)


def test_search_explain(invoke) -> None:
    result = invoke("search", "comet", "quasar")
    assert result.exit_code == 1
    assert "No results because of quasar" in result.stdout
    assert "comet in title/body: 5 documents" in result.stdout
    data = json.loads(invoke("search", "comet", "quasar", "--json").stdout)
    assert data["explain"]["emptied_by"] == "quasar"
    assert data["explain"]["clauses"][1] == {
        "clause": "comet",
        "kind": "word",
        "fields": ["title", "body"],
        "documents": 5,
        "depth": 1,
        "expansions": [],
        "expansion_count": 0,
        "typed": "comet",
    }
    assert data["explain"]["emptied_by_typed"] == "quasar"
    stemmed = invoke("search", "telescopes", "xyzzyq")
    assert "telescopes (stem telescop) in title/body: 10 documents" in stemmed.stdout
    clauses = json.loads(invoke("search", "telescopes", "xyzzyq", "--json").stdout)["explain"]
    assert [(c["clause"], c["typed"]) for c in clauses["clauses"][1:]] == [
        ("telescop", "telescopes"),
        ("xyzzyq", "xyzzyq"),
    ]
    hits = json.loads(invoke("search", "comet", "--json", "--explain").stdout)
    assert hits["explain"]["documents"] == 5 and hits["explain"]["emptied_by"] is None
    assert "explain" not in json.loads(invoke("search", "comet", "--json").stdout)


@pytest.mark.parametrize(
    "args",
    [["kwic", "zzzzqq"], ["timeline", "zzzzqq"], ["terms", "zzzzqq"]],
    ids=["kwic", "timeline", "terms"],
)
def test_no_matches_exit_1(invoke, args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == 1 and "zzzzqq" in result.stdout and not result.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["kwic", "nosuch:x"], "Unknown field 'nosuch'"),
        (["timeline", "the"], "no searchable terms"),
        (["terms", "comet~9"], "too many typos"),
        (["kwic", "comet", "--sort", "up"], "Invalid value for '--sort'"),
        (["timeline", "comet", "--by", "hour"], "Invalid value for '--by'"),
    ],
)
def test_errors_exit_2(invoke, args: list[str], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(("Error:", "Usage:")) and message in result.stderr
    assert "Traceback" not in result.stderr


def test_kwic_marks_the_title_lines_of_documents_matching_only_in_their_title(invoke) -> None:
    # d3's title is "d3" and its text never says it; d3 has no comet, the other four do.
    result = invoke("kwic", "d3", "OR", "comet", "--width", "10")
    assert result.exit_code == 0, result.output
    *lines, summary = result.stdout.splitlines()
    assert summary == "6 matches in 6 documents (1 only in the title: lines marked (title))."
    (title_line,) = [line for line in lines if line.endswith("(title)")]
    assert re.search(r"^\s+d3\s+\S*d3\.md \(title\)$", title_line)
    data = json.loads(invoke("kwic", "d3", "--json").stdout)
    assert (data["total"], data["documents"], data["title_only"]) == (1, 1, 1)
    assert {k: data["lines"][0][k] for k in ("match", "field", "start", "end")} == {
        "match": "d3",
        "field": "title",
        "start": 0,
        "end": 2,
    }


@pytest.mark.parametrize("view", ["kwic", "timeline", "terms"])
def test_a_misspelt_word_gets_did_you_mean_as_in_search(invoke, view: str) -> None:
    # "telescpe" is one edit from "telescope", in 10 documents of the fixture
    result = invoke(view, "telescpe")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "Did you mean: telescope?"
    data = json.loads(invoke(view, "telescpe", "--json").stdout)
    assert data["suggestion"] == "telescope"
    assert json.loads(invoke(view, "telescope", "--json").stdout)["suggestion"] is None


def test_kwic_summary_counts_in_the_singular() -> None:
    from corpus_search.render.views import kwic_summary
    from corpus_search.views.kwic import Concordance

    one = Concordance("comet", total=1, documents=1, lines=(), width=20, sort="position")
    assert kwic_summary(one).startswith("1 match in 1 document;")


@pytest.mark.parametrize(
    "path,width,shown",
    [
        ("seeds/000_8840c1bd5ec2d076.txt", 40, "seeds/000_8840c1bd5ec2d076.txt"),
        ("seeds/000_8840c1bd5ec2d076.txt", 28, "…ds/000_8840c1bd5ec2d076.txt"),
        ("seeds/000_8840c1bd5ec2d076.txt", 24, "000_8840c1bd5ec2d076.txt"),
        ("seeds/000_8840c1bd5ec2d076.txt", 11, "000_8…6.txt"),
        ("a-very-long-folder-name/and/more/report.pdf", 20, "…and/more/report.pdf"),
    ],
)
def test_short_path_keeps_the_file_name(path: str, width: int, shown: str) -> None:
    from corpus_search.render.text import short_path

    assert short_path(path, width) == shown and len(shown) <= width


def test_kwic_on_an_80_column_terminal_shows_the_file_names_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Was "…00_8840c1bd5ec2d076.txt" for seeds/000_8840c1bd5ec2d076.txt: which file was hidden.
    folder = tmp_path / "collected-press-releases" / "2017"
    folder.mkdir(parents=True)
    for n in (1, 2):
        (folder / f"00{n}_8840c1bd5ec2d07{n}.txt").write_text(f"Story {n}\n\nThe comet came.\n")
    monkeypatch.chdir(tmp_path)
    CliRunner().invoke(cli, ["index", ".", "--index", "ix"])
    monkeypatch.setattr("corpus_search.render.stdout_is_terminal", lambda: True)
    result = CliRunner().invoke(cli, ["kwic", "comet", "--index", "ix"], env={"COLUMNS": "80"})
    lines = _SGR.sub("", result.stdout).splitlines()
    assert result.exit_code == 0 and len(lines) == 3
    assert lines[0].endswith("…/001_8840c1bd5ec2d071.txt") or lines[0].endswith(
        " 001_8840c1bd5ec2d071.txt"
    )
    assert lines[1].rstrip().endswith("002_8840c1bd5ec2d072.txt")
    assert all(len(line) <= 80 for line in lines)
