"""scripts/make_corpus.py and scripts/bench_data.py, on tiny sources made here (no ../shared)."""

from __future__ import annotations

import importlib
import io
import sys
import tarfile
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


def load(name: str) -> ModuleType:
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    return importlib.import_module(name)


bench_data = load("bench_data")
make_corpus = load("make_corpus")
SourceDoc = bench_data.SourceDoc


@pytest.fixture
def sources() -> list:
    return [
        SourceDoc(
            key=f"src/{i}",
            title=f'Story {i}: <markets> & "quotes" {"é" * (i % 2)}',
            body=f"First paragraph of story {i} about wheat.\n\nSecond paragraph {i}, cocoa.",
            date="1987-02-26" if i % 3 else None,
            author=None if i % 2 else "Jane Roe",
            tags=("grain",) if i % 2 else (),
        )
        for i in range(7)
    ]


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_same_seed_gives_identical_bytes(tmp_path: Path, sources: list) -> None:
    make_corpus.generate(sources, tmp_path / "a", n_docs=60, seed=7)
    make_corpus.generate(sources, tmp_path / "b", n_docs=60, seed=7)
    a, b = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    assert len(a) == 60
    assert a == b


def test_different_seed_differs(tmp_path: Path, sources: list) -> None:
    make_corpus.generate(sources, tmp_path / "a", n_docs=30, seed=1)
    make_corpus.generate(sources, tmp_path / "b", n_docs=30, seed=2)
    assert snapshot(tmp_path / "a") != snapshot(tmp_path / "b")


def test_format_mix_is_roughly_60_25_15(tmp_path: Path, sources: list) -> None:
    counts = make_corpus.generate(sources, tmp_path, n_docs=2000, seed=42)
    share = {k: v / 2000 for k, v in counts.items()}
    assert share["txt"] == pytest.approx(0.60, abs=0.04)
    assert share["fm-md"] + share["fm-txt"] == pytest.approx(0.25, abs=0.04)
    assert share["html"] + share["html-txt"] == pytest.approx(0.15, abs=0.03)
    assert share["html-txt"] > 0


def test_files_match_their_formats(tmp_path: Path, sources: list) -> None:
    make_corpus.generate(sources, tmp_path, n_docs=300, seed=3)
    kinds: Counter[str] = Counter()
    for path in tmp_path.rglob("*.*"):
        text = path.read_text(encoding="utf-8")
        if text.startswith("<!DOCTYPE html>"):
            kinds["html" + path.suffix] += 1
            assert "<script>" in text and "<style>" in text and "&lt;markets&gt;" in text
        elif text.startswith("---\n"):
            kinds["fm" + path.suffix] += 1
            head = text.split("---\n")[1]
            assert {line.split(":")[0] for line in head.splitlines()} == {
                "title",
                "author",
                "date",
                "tags",
            }
        else:
            kinds["plain" + path.suffix] += 1
            assert path.suffix == ".txt" and text.startswith("Story ")
    assert set(kinds) == {"html.html", "html.txt", "fm.md", "fm.txt", "plain.txt"}


def test_front_matter_is_valid_yaml(tmp_path: Path, sources: list) -> None:
    yaml = pytest.importorskip("yaml")
    make_corpus.generate(sources, tmp_path, n_docs=100, seed=5)
    for path in tmp_path.rglob("*.md"):
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        assert meta["title"].startswith("Story ") and meta["tags"]


def test_folders_hold_at_most_per_folder_files(tmp_path: Path, sources: list) -> None:
    make_corpus.generate(sources, tmp_path, n_docs=95, seed=1, per_folder=20)
    sizes = [len(list(d.iterdir())) for d in tmp_path.iterdir()]
    assert sorted(sizes) == [15, 20, 20, 20, 20]


def test_later_cycles_recombine_sources(tmp_path: Path, sources: list) -> None:
    make_corpus.generate(sources, tmp_path, n_docs=70, seed=9)
    bodies = {p.read_bytes() for p in tmp_path.rglob("*.*")}
    assert len(bodies) > 60  # 7 sources, 70 files: mostly distinct texts


def test_generate_needs_sources(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no source documents"):
        make_corpus.generate([], tmp_path, n_docs=1)


def _tar(path: Path, members: dict[str, bytes], mode: str = "w:gz") -> None:
    with tarfile.open(path, mode) as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    for sub in ("bbc", "20newsgroups", "reuters21578"):
        (root / sub).mkdir(parents=True)
    _tar(
        root / "bbc/bbc-fulltext.tar.gz",
        {
            "bbc/README.TXT": b"readme",
            "bbc/sport/001.txt": b"Cup final\n\nThe match cost \xa35.",
        },
    )
    post = b"From: Ann <a@x.org>\nSubject: Re: Engines\nDate: Mon, 5 Apr 1993 10:00:00 GMT\n\nV8."
    _tar(root / "20newsgroups/20news-bydate.tar.gz", {"20news-bydate-train/rec.autos/1": post})
    sgm = (
        b'<REUTERS NEWID="7"><DATE>26-FEB-1987 15:01:01.79</DATE><TOPICS><D>cocoa</D></TOPICS>'
        b"<TEXT><TITLE>COCOA &amp; CO</TITLE><BODY>Showers continued.\n Reuter\n\x03</BODY></TEXT>"
        b'</REUTERS>\n<REUTERS NEWID="8"><TEXT><TITLE>NO BODY</TITLE></TEXT></REUTERS>'
    )
    _tar(root / "reuters21578/reuters21578.tar.xz", {"reuters21578/reut2-000.sgm": sgm}, "w:xz")
    return root


def test_load_sources_parses_each_collection(data_dir: Path) -> None:
    (bbc,) = bench_data.load_sources("bbc", data_dir)
    assert (bbc.title, bbc.body, bbc.tags) == ("Cup final", "The match cost £5.", ("sport",))
    (news,) = bench_data.load_sources("20newsgroups", data_dir)
    assert (news.title, news.author, news.date, news.body) == (
        "Engines",
        "Ann",
        "1993-04-05",
        "V8.",
    )
    (reu,) = bench_data.load_sources("reuters", data_dir)
    assert (reu.title, reu.body, reu.date, reu.tags) == (
        "COCOA & CO",
        "Showers continued.",
        "1987-02-26",
        ("cocoa",),
    )


def test_unpack_news_writes_plain_files(tmp_path: Path, data_dir: Path) -> None:
    roots = {
        n: bench_data.unpack_news(n, tmp_path / "out", data_dir=data_dir) for n in bench_data.NEWS
    }
    assert snapshot(roots["bbc"]) == {"sport/001.txt": b"Cup final\n\nThe match cost \xa35."}
    assert list(snapshot(roots["20newsgroups"])) == ["20news-bydate-train/rec.autos/1.txt"]
    assert snapshot(roots["reuters"]) == {"00/00007.txt": b"COCOA & CO\n\nShowers continued.\n"}
    assert bench_data.scandir_stat_walk(tmp_path / "out") == 3
