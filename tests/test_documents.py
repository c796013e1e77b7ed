"""documents: walking folders, decoding, front matter, HTML/Markdown to text, metadata, limits."""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import pickle
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import as_unprivileged
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_search.documents import find_files, parse_document, read_document, walk_files
from corpus_search.documents.metadata import parse_date
from corpus_search.errors import DocumentError
from corpus_search.models import Document, FoundFile, Skipped

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def parse(text: str | bytes, name: str = "doc.txt", **kwargs: object) -> Document:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_document(data, key=f"/corpus/{name}", name_hint=name, **kwargs)  # type: ignore[arg-type]


def make_tree(root: Path, files: dict[str, str]) -> Path:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root


def found_paths(root: Path, items: list[FoundFile | Skipped]) -> list[str]:
    return [os.path.relpath(item.path, root) for item in items if isinstance(item, FoundFile)]


def skipped(items: list[FoundFile | Skipped]) -> dict[str, str]:
    return {Path(item.path).name: item.reason for item in items if isinstance(item, Skipped)}


# --- the seed corpus -------------------------------------------------------------------------

SEED_EXPECTATIONS = [
    (
        "000_8840c1bd5ec2d076.txt",
        "QUEENS — Queens District Attorney Melinda Katz appeared in court Tuesday to…",
        None,
        None,
        "text",
    ),
    (
        "001_67a2f4835248e313.txt",
        "Mina Malik joined fellow candidate City Councilman Rory Lancman in announcing…",
        None,
        None,
        "text",
    ),
    ("002_a2a63f82de49e02c.txt", "HUMAN TRAFFICKING", None, None, "text"),
    (
        "003_68a3840553de617d.txt",
        "NYPD Urges Immigrant Sex Trafficking Victims To Anonymously Report Abuse",
        "Emma Whitford",
        datetime(2017, 2, 2, 9, 50),
        "html",
    ),
    (
        "004_2835a2a803f76366.txt",
        "Victory: Amnesty from arrest for sex workers reporting crime",
        None,
        datetime(2018, 1, 11),
        "text",
    ),
]


@pytest.mark.parametrize("name, title, author, date, fmt", SEED_EXPECTATIONS)
def test_seed_metadata(
    name: str, title: str, author: str | None, date: datetime | None, fmt: str
) -> None:
    doc = read_document(SEEDS / name)
    assert (doc.title, doc.author, doc.date, doc.format) == (title, author, date, fmt)
    assert doc.warnings == ()
    assert doc.encoding == "utf-8" and not doc.truncated


@pytest.mark.parametrize("name", [row[0] for row in SEED_EXPECTATIONS])
def test_seed_bodies_are_clean_text(name: str) -> None:
    path = SEEDS / name
    doc = read_document(path)
    data = path.read_bytes()
    assert doc.key == doc.path == path.as_posix()
    assert doc.sha256 == hashlib.sha256(data).hexdigest() and doc.size == len(data)
    assert len(doc.text) > 1000
    for junk in ("<", "&apos;", "&quot;", "widgets.js", "author:", "title:", "\xa0", "\r", "\t"):
        assert junk not in doc.text
    assert "\n\n\n" not in doc.text and doc.text == doc.text.strip()


def test_seed_html_entities_are_decoded() -> None:
    text = read_document(SEEDS / "003_68a3840553de617d.txt").text
    assert "Mayor's Flickr" in text and "own—documented" in text and '"We are already' in text
    assert text.count("\n\n") > 10  # paragraphs stay paragraphs


def test_seed_heading_line_stays_in_the_body() -> None:
    assert read_document(SEEDS / "002_a2a63f82de49e02c.txt").text.startswith("HUMAN TRAFFICKING\n")


def test_seed_repeated_paragraphs_are_dropped() -> None:
    text = read_document(SEEDS / "004_2835a2a803f76366.txt").text
    assert text.count("What concerns were raised in your report?") == 1
    assert text.count("Silence on Violence: Boff recommends all violence") == 1


# --- the walk --------------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return make_tree(
        tmp_path / "corpus",
        {
            "b.txt": "b",
            "a.md": "a",
            "image.png": "x",
            "UPPER.TXT": "u",
            "sub/c.html": "c",
            "sub/deeper/d.txt": "d",
            ".hidden/e.txt": "e",
            ".index/f.txt": "f",
            "notes.txt/inside.txt": "dir named like a file",
            "drafts/g.txt": "g",
        },
    )


def test_walk_finds_matching_files_in_sorted_order(tree: Path) -> None:
    # Each directory's files (sorted by name), then its subdirectories, depth first.
    expected = [
        "UPPER.TXT",
        "a.md",
        "b.txt",
        "drafts/g.txt",
        "notes.txt/inside.txt",
        "sub/c.html",
        "sub/deeper/d.txt",
    ]
    items = list(find_files([tree]))
    assert found_paths(tree, items) == expected
    # With the default patterns an image is counted as unsupported rather than passed over.
    assert skipped(items) == {"image.png": "not a supported format (.png)"}
    # With patterns of one's own, only what they include is judged.
    assert skipped(list(find_files([tree], include=["*.txt", "*.md"]))) == {}


def test_walk_yields_absolute_paths_with_stat_facts(tree: Path) -> None:
    items = [i for i in find_files([tree]) if isinstance(i, FoundFile)]
    item = next(i for i in items if i.path.endswith("/b.txt"))
    st = os.stat(tree / "b.txt")
    assert Path(item.path).is_absolute() and (item.size, item.mtime) == (st.st_size, st.st_mtime)


def test_walk_skips_hidden_dirs_and_skip_dirs(tree: Path) -> None:
    # skip_dirs is compared by resolved path, so a relative spelling works too.
    skip = os.path.relpath(tree / "drafts")
    found = found_paths(tree, list(find_files([tree], skip_dirs=[skip])))
    assert ".hidden/e.txt" not in found and ".index/f.txt" not in found
    assert "drafts/g.txt" not in found and "b.txt" in found


@pytest.mark.parametrize(
    "include, exclude, expected",
    [
        (["*.md"], [], ["a.md"]),
        (
            ["*.txt"],
            ["b*"],
            ["UPPER.TXT", "drafts/g.txt", "notes.txt/inside.txt", "sub/deeper/d.txt"],
        ),
        (["*.txt"], ["drafts"], ["b.txt", "UPPER.TXT", "notes.txt/inside.txt", "sub/deeper/d.txt"]),
        (["sub/*.txt"], [], ["sub/deeper/d.txt"]),
        (["*"], ["sub/*", "*.txt"], ["a.md", "image.png"]),
    ],
)
def test_walk_include_and_exclude(
    tree: Path, include: list[str], exclude: list[str], expected: list[str]
) -> None:
    found = found_paths(tree, list(find_files([tree], include=include, exclude=exclude)))
    assert sorted(found) == sorted(expected)


def test_explicit_files_are_always_included_and_deduplicated(tree: Path) -> None:
    items = list(find_files([tree / "image.png", tree, tree / "b.txt", tree / "b.txt"]))
    found = found_paths(tree, items)
    assert found[0] == "image.png" and found.count("b.txt") == 1
    assert len(found) == len(set(found))


def test_missing_path_is_skipped_with_reason(tmp_path: Path) -> None:
    items = list(find_files([tmp_path / "nope"]))
    assert items == [Skipped((tmp_path / "nope").as_posix(), "no such file or directory")]


def test_directory_named_like_a_pattern_is_walked(tree: Path) -> None:
    found = found_paths(tree, list(find_files([tree / "notes.txt"])))
    assert found == ["notes.txt/inside.txt"]


def test_unreadable_directory_is_skipped_with_reason(tree: Path) -> None:
    locked = tree / "sub"
    locked.chmod(0)
    # The walk in a process bound by file permissions, even when the tests run as root.
    code = (
        "import json, sys\n"
        "from corpus_search.documents import find_files\n"
        "from corpus_search.models import FoundFile\n"
        "items = list(find_files([sys.argv[1]]))\n"
        "print(json.dumps([[type(i).__name__, i.path, getattr(i, 'reason', '')] for i in items]))"
    )
    try:
        done = subprocess.run(
            as_unprivileged([sys.executable, "-c", code, str(tree)]),
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    finally:
        locked.chmod(0o755)
    items = [
        FoundFile(path, 0, 0.0) if kind == "FoundFile" else Skipped(path, reason)
        for kind, path, reason in json.loads(done.stdout)
    ]
    assert skipped(items) == {
        "sub": "permission denied",
        "image.png": "not a supported format (.png)",
    }
    assert "b.txt" in found_paths(tree, items)


def test_symlinks_are_not_followed_by_default(tmp_path: Path) -> None:
    outside = make_tree(tmp_path / "outside", {"secret.txt": "s", "dir/x.txt": "x"})
    root = make_tree(tmp_path / "root", {"real.txt": "r"})
    (root / "link.txt").symlink_to(outside / "secret.txt")
    (root / "linkdir").symlink_to(outside / "dir")
    (root / "dangling.txt").symlink_to(tmp_path / "missing")
    assert found_paths(root, list(find_files([root]))) == ["real.txt"]
    followed = list(find_files([root], follow_symlinks=True))
    assert sorted(found_paths(root, followed)) == ["link.txt", "linkdir/x.txt", "real.txt"]
    assert skipped(followed) == {"dangling.txt": "broken symlink"}


def test_symlink_loop_is_reported_when_following(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "root", {"a/file.txt": "f"})
    (root / "a" / "back").symlink_to(root)
    items = list(find_files([root], follow_symlinks=True))
    assert found_paths(root, items) == ["a/file.txt"]
    assert skipped(items) == {"back": "symlink loop"}
    assert list(find_files([root])) == [i for i in items if isinstance(i, FoundFile)]


def test_fifo_is_never_opened(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "root", {"ok.txt": "ok"})
    os.mkfifo(root / "pipe.txt")
    assert found_paths(root, list(find_files([root]))) == ["ok.txt"]


# --- reading and decoding --------------------------------------------------------------------

LATIN = "Café crème brûlée, naïve façade. Les élèves étaient très contents à Noël. " * 4


@pytest.mark.parametrize(
    "data, encoding",
    [
        (b"plain ascii", "utf-8"),
        ("Grüße".encode(), "utf-8"),
        (codecs.BOM_UTF8 + "Grüße".encode(), "utf-8-sig"),
        ("\ufeffGrüße".encode("utf-16"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + "Grüße".encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF32_LE + "Grüße".encode("utf-32-le"), "utf-32-le"),
    ],
)
def test_unicode_decoding(data: bytes, encoding: str) -> None:
    doc = parse(data)
    assert doc.encoding == encoding and doc.text in {"plain ascii", "Grüße"}
    assert doc.size == len(data)


@pytest.mark.parametrize("text", [LATIN, "Café crème", "naïve"])
def test_legacy_encoding_is_detected_and_recorded(text: str) -> None:
    doc = parse(text.encode("latin-1"))
    assert doc.text == text.strip() or doc.text == text
    assert doc.encoding == "cp1252"


def test_nul_bytes_mean_binary() -> None:
    with pytest.raises(DocumentError, match=r"^binary file \(contains NUL bytes\)$"):
        parse(b"DATA\x00\x01\x02\x00\x00\rHDR")  # no known format's magic bytes


@pytest.mark.parametrize("name", ["empty.txt", "empty.docx", "empty.pdf", "empty.html"])
def test_an_empty_file_is_no_document(name: str) -> None:
    # It was a document titled with its file name; every format is now skipped alike.
    with pytest.raises(DocumentError, match="^empty file$"):
        parse(b"", name=name)


def test_read_document_errors(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="vanished"):
        read_document(FoundFile((tmp_path / "gone.txt").as_posix(), 1, 0.0))
    with pytest.raises(DocumentError, match="directory"):
        read_document(tmp_path)


def test_read_document_uses_walk_facts_and_caps_bytes(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("word " * 1000, encoding="utf-8")
    found = FoundFile(path.as_posix(), 5000, 123.0)
    doc = read_document(found, max_bytes=100)
    assert doc.truncated and len(doc.text) <= 100 and doc.text.endswith("word")
    assert (doc.size, doc.mtime) == (5000, 123.0)
    assert not read_document(found).truncated


@pytest.mark.parametrize(
    "text, max_chars, expected",
    [
        ("alpha beta gamma delta " * 10, 30, "alpha beta gamma delta alpha"),
        ("x" * 50, 30, "x" * 30),  # no space to back up to
        ("short", 30, "short"),
    ],
)
def test_long_body_is_cut_at_a_word_boundary(text: str, max_chars: int, expected: str) -> None:
    doc = parse(text, max_chars=max_chars)
    assert doc.text == expected and doc.truncated == (expected != text.strip())


def test_documents_pickle() -> None:
    doc = read_document(SEEDS / "003_68a3840553de617d.txt")
    assert pickle.loads(pickle.dumps(doc)) == doc


def test_import_is_cheap() -> None:
    code = (
        "import sys, corpus_search.documents, corpus_search.documents.sanitize;"
        "heavy = {'bs4', 'lxml', 'yaml', 'dateutil', 'charset_normalizer', 'frontmatter'};"
        "print(sorted(heavy & set(sys.modules)))"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent / "src")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.stdout.strip() == "[]", out.stderr


# --- front matter ----------------------------------------------------------------------------


def test_front_matter_metadata() -> None:
    doc = parse(
        "---\ntitle: A Title\nauthor: [Ann, Bob]\ndate: 2020-03-04\n"
        "tags: [Police, ' Courts ']\nkeywords: Law, police\n---\nBody text.\n"
    )
    assert (doc.title, doc.author, doc.date) == ("A Title", "Ann, Bob", datetime(2020, 3, 4))
    assert doc.tags == ("police", "courts", "law")
    assert doc.text == "Body text." and doc.warnings == ()


def test_unsafe_yaml_tag_is_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    doc = parse(f"---\ntitle: !!python/object/apply:os.system ['touch {marker}']\n---\nSafe body.")
    assert not marker.exists()
    assert doc.text == "Safe body." and "python" not in doc.title
    assert doc.warnings and "not valid YAML" in doc.warnings[0]


@pytest.mark.parametrize(
    "front, title, warning",
    [
        ("title: ok\nauthor: x: y", "Body line one", "not valid YAML (line 3)"),
        ("title: [unclosed\nauthor: x", "Body line one", "not valid YAML"),
        ("- one\n- two", "Body line one", "front matter is a list"),
        ("title: 2017", "2017", "title is a int; used it as text"),
        ("title: {a: 1}", "Body line one", "title is a dict, not text"),
        ("title: 'Fine'\ndate: Feb 3", "Fine", "date 'Feb 3' has no year"),
        ("date: Feb 30, 2017", "Body line one", "unrecognised date 'Feb 30, 2017'"),
        ("date: not a date at all", "Body line one", "unrecognised date"),
    ],
)
def test_bad_front_matter_keeps_the_body_and_warns(front: str, title: str, warning: str) -> None:
    doc = parse(f"---\n{front}\n---\nBody line one\nsecond line.")
    assert doc.text == "Body line one\nsecond line."
    assert doc.title == title
    assert any(warning in w for w in doc.warnings), doc.warnings


def test_dashes_without_closing_are_not_front_matter() -> None:
    assert parse("---\nno closing line").text == "---\nno closing line"


# --- HTML ------------------------------------------------------------------------------------


def test_html_structure_and_metadata() -> None:
    html = """<!DOCTYPE html><html><head><title>Page &amp; Title</title>
    <meta name="author" content="Jo Writer"><meta property="article:published_time"
    content="2019-05-06T10:00:00-04:00"><meta name="keywords" content="A, b">
    <style>p { color: red }</style></head><body><h1>Heading</h1><p>First&nbsp;para
    with <b>bold</b>.</p><div>Line one<br>Line two</div><script>alert('x')</script>
    <noscript>enable js</noscript><template>tpl</template><svg><text>svg</text></svg>
    <!-- a comment --><p>It&apos;s &#x2014; done &lt;ok&gt;</p></body></html>"""
    doc = parse(html, name="page.txt")
    assert doc.format == "html"
    assert (doc.title, doc.author, doc.tags) == ("Page & Title", "Jo Writer", ("a", "b"))
    assert doc.date == datetime(2019, 5, 6, 14, 0)  # converted to UTC, then naive
    assert doc.text == "Heading\n\nFirst para with bold.\n\nLine one\nLine two\n\nIt's — done <ok>"


def test_html_title_falls_back_to_h1() -> None:
    assert parse("<div><h1>The H1</h1><p>text</p></div>").title == "The H1"


@pytest.mark.parametrize(
    "markup",
    [
        "<div>" * 10_000 + "deep text" + "</div>" * 10_000,
        "<p><b><i>" * 5_000 + "deep text",  # unclosed, deep
        "<html><body><p>deep text<div><span><table><tr><td>",  # unclosed, shallow
    ],
)
def test_deep_or_unclosed_html_does_not_recurse(markup: str) -> None:
    doc = parse(markup)
    assert doc.format == "html" and "deep text" in doc.text


def test_text_that_mentions_a_tag_is_not_html() -> None:
    doc = parse("Use the <p> tag for paragraphs.\nThat is all.")
    assert doc.format == "text" and "<p>" in doc.text


# --- Markdown --------------------------------------------------------------------------------


def test_markdown_by_content() -> None:
    md = (
        "# The Title\n\nSome **bold** and *italic* and _under_ text with a "
        '[link](https://example.com "t") and ![alt](img.png) and `code`.\n\n'
        "## Section ##\n\n> quoted\n\n```python\nx = 1  # *not* emphasis\n```\n\n"
        "[ref]: https://example.com\n"
    )
    doc = parse(md, name="notes.txt")
    assert doc.format == "markdown" and doc.title == "The Title"
    assert doc.text == (
        "The Title\n\nSome bold and italic and under text with a link and alt and code.\n\n"
        "Section\n\nquoted\n\nx = 1 # *not* emphasis"
    )


def test_markdown_by_name_and_plain_text_stars() -> None:
    assert parse("just words", name="x.md").format == "markdown"
    doc = parse("***PRESS RELEASE*** no markdown here", name="x.txt")
    assert doc.format == "text" and doc.text == "***PRESS RELEASE*** no markdown here"


# --- metadata --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, title",
    [
        ("Short Heading\nBody follows.", "Short Heading"),
        ("A sentence that ends.\nMore.", "A sentence that ends."),
        (
            "This opening sentence goes on for rather more than eighty characters before it "
            "finally stops. Second.",
            "This opening sentence goes on for rather more than eighty characters before it…",
        ),
        ("x" * 200, "x" * 79 + "…"),
        ("\x1b[31m\u202eColoured\x1b[0m title\nbody", "Coloured title"),
        ("12345\n", "12345"),
        ("\u200b \n\x1b[0m", "doc.txt"),
    ],
)
def test_title_fallbacks(text: str, title: str) -> None:
    assert parse(text).title == title


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Feb 2, 2017 9:50 am", datetime(2017, 2, 2, 9, 50)),
        ("2017-02-02", datetime(2017, 2, 2)),
        ("2017-02-02T09:50:00Z", datetime(2017, 2, 2, 9, 50)),
        ("2017-02-02T09:50:00+02:00", datetime(2017, 2, 2, 7, 50)),
        ("11 January 2018", datetime(2018, 1, 11)),
        (datetime(2020, 1, 1, 12, 0), datetime(2020, 1, 1, 12, 0)),
        (datetime(2020, 1, 1).date(), datetime(2020, 1, 1)),
        ("February 2", None),
        ("soon", None),
    ],
)
def test_parse_date(value: object, expected: datetime | None) -> None:
    date, warning = parse_date(value)
    assert date == expected and (warning is None) == (expected is not None)


@pytest.mark.parametrize(
    "body, date",
    [
        ("Headline\nNEW YORK, January 11, 2018 — Something happened.", datetime(2018, 1, 11)),
        ("Posted 3 Mar. 2021 by someone", datetime(2021, 3, 3)),
        ("Posted 2021-03-04 and later Jan 1, 2020", datetime(2021, 3, 4)),
        ("x" * 300 + " January 11, 2018", None),  # outside the dateline window
        ("February 30, 2018 is not a day", None),
    ],
)
def test_dateline_when_no_metadata_date(body: str, date: datetime | None) -> None:
    assert parse(body).date == date


def test_front_matter_date_wins_over_dateline() -> None:
    doc = parse("---\ndate: 2001-02-03\n---\nJanuary 11, 2018 text")
    assert doc.date == datetime(2001, 2, 3)


def test_scandir_permission_error_is_skipped(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Runs as root too (where chmod 0 does not lock anyone out).
    # The walk opens each directory (and lists it through the descriptor); where it cannot, it
    # lists it by path. Either call fails for an unreadable directory.
    real_open, real_scandir = os.open, os.scandir

    def refuse(path: object) -> None:
        if isinstance(path, str) and path.endswith("/sub"):
            raise PermissionError(13, "Permission denied", path)

    def open_(path: Any, *args: Any, **kwargs: Any) -> int:
        refuse(path)
        return real_open(path, *args, **kwargs)

    def scandir(path: Any) -> Any:
        refuse(path)
        return real_scandir(path)

    monkeypatch.setattr("corpus_search.documents.walk.os.open", open_)
    monkeypatch.setattr("corpus_search.documents.walk.os.scandir", scandir)
    items = list(find_files([tree]))
    assert skipped(items) == {
        "sub": "permission denied",
        "image.png": "not a supported format (.png)",
    }
    assert "b.txt" in found_paths(tree, items) and "sub/c.html" not in found_paths(tree, items)


@pytest.mark.parametrize(
    "name",
    [
        "a.txt",
        "A.TXT",
        "a.Md",
        "a.txt.bak",
        "txt",
        ".txt",
        "a.tx",
        "Ünïcödé.TXT",
        "a.\u212atxt",
        "\u212a.md",
        "résumé.HTML",
        "a.htm",
        "a.html~",
        "a\ttxt",
    ],
)
@pytest.mark.parametrize(
    "patterns", [("*.txt", "*.md", "*.html", "*.htm"), ("*.TXT",), ("*",), ("*.k", "*.ß")]
)
def test_suffix_patterns_match_as_fnmatch_does(name: str, patterns: tuple[str, ...]) -> None:
    # "*.ext" patterns take a suffix test instead of the regex: the answers must not change.
    import fnmatch
    import re

    from corpus_search.documents.walk import _matcher

    match = _matcher(patterns)
    assert match is not None
    regex = re.compile("|".join(fnmatch.translate(p) for p in patterns), re.IGNORECASE)
    assert match(name, "") == (regex.match(name) is not None)


def test_walk_files_is_find_files_as_tuples(tree: Path) -> None:
    (tree / "sub" / "dangling.txt").symlink_to(tree / "missing")
    items = list(find_files([tree / "b.txt", tree], follow_symlinks=True))
    found, skipped = walk_files([tree / "b.txt", tree], follow_symlinks=True)
    assert [FoundFile(*f) for f in found] == [i for i in items if isinstance(i, FoundFile)]
    assert skipped == [i for i in items if isinstance(i, Skipped)] != []


def test_overlapping_roots_and_empty_include(tree: Path) -> None:
    items = list(find_files([tree / "sub", tree], include=()))
    found = found_paths(tree, items)
    assert found[:2] == ["sub/c.html", "sub/deeper/d.txt"]  # roots in the order given
    assert "image.png" in found and len(found) == len(set(found)) == 8


def test_utf8_cut_inside_a_character_is_still_utf8() -> None:
    doc = parse("Grüße aus Köln".encode()[:-1] + "ö".encode()[:1])
    assert (doc.encoding, doc.text) == ("utf-8", "Grüße aus Köl")


def test_markdown_file_with_inline_html_stays_markdown() -> None:
    md = '<p align="center"><img src="logo.png"></p>\n\n# Project &amp; Co\n\nUse **it**.<br/>\n'
    doc = parse(md, name="README.md")
    assert doc.format == "markdown" and doc.title == "Project & Co"
    assert doc.text == "Project & Co\n\nUse it."


def test_xhtml_prolog_is_html() -> None:
    doc = parse('<?xml version="1.0"?>\n<html><body><p>x &amp; y</p></body></html>', "a.md")
    assert doc.format == "html" and doc.text == "x & y"


def test_author_mapping_and_odd_tags() -> None:
    doc = parse("---\nauthor: {name: Ann, email: a@b}\ntags: [One, [nested], 7]\n---\nbody")
    assert doc.author == "Ann" and doc.tags == ("one", "7")


_MARKUP = st.sampled_from(
    [
        "---\n",
        "title: x\n",
        "<p>",
        "</div>",
        "<br>",
        "&amp;",
        "# ",
        "[a](b)",
        "```\n",
        "\x1b[1m",
        "\n",
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=300),
        st.lists(st.one_of(_MARKUP, st.text(max_size=10))).map(
            lambda parts: "".join(parts).encode("utf-8", "surrogatepass")
        ),
    )
)
def test_any_input_gives_a_clean_document_or_a_document_error(data: bytes) -> None:
    try:
        doc = parse_document(data, key="/k.txt")
    except DocumentError as error:
        assert str(error) and "\n" not in str(error)
        return
    assert "\x1b" not in doc.text and "\r" not in doc.text and "\n" not in doc.title
    assert doc.title  # never empty: the file name is the last resort
