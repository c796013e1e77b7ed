"""Banner lines must not hang the parser (a regular expression that backtracks exponentially).

A 2 KB mail with a line of 65 asterisks and a date once kept an index run busy for good: the
dateline reader's pattern tried every way of splitting the run of asterisks. Each document here
repeats one punctuation character in the shapes posts and press releases use for banners, next to
dates, capitals, quotation marks and speech verbs, the food of the dateline, title and quotation
readers. The run happens in a child process with a generous time limit, so a hang fails the test
instead of stopping the suite; every document must then be found by its own word.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from corpus_search import open_index, search

BANNER_CHARACTERS = "*-=_~#.:;,|/\\+!?'\"()[]{}<>@%&^`"
LIMIT_SECONDS = 120  # a whole run of ~100 small files takes a few seconds


def _banner_text(mark: str, word: str) -> str:
    run = mark * 300
    spaced = " ".join(mark * 40)
    return (
        f"Reminder {word}\n\n"
        f"{run} {spaced} MONSTER RALLY!! {spaced} == For the Right {spaced} "
        "Saturday, April 24, 1993, from 1:00 to 3:30 p.m., "
        f"{spaced} the Denver PARTY said {spaced}\n"
        f'{run}\n{spaced} "{spaced} said {spaced}" {spaced}\n'
        f"NEW YORK, {spaced} January 11, 2018 {spaced} Posted on {spaced}\n"
        f"By {spaced} Jane {spaced} Doe {spaced} said: “{run} {word}\n"
    )


def test_banner_lines_do_not_hang_indexing(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    words = {}
    for i, mark in enumerate(BANNER_CHARACTERS):
        word = f"bannerword{i}"
        words[mark] = word
        text = _banner_text(mark, word)
        (folder / f"{i:02d}.txt").write_text(text, encoding="utf-8")
        (folder / f"{i:02d}.md").write_text(f"---\ntitle: {word} md\n---\n{text}", encoding="utf-8")
        html = text.replace("&", "&amp;").replace("<", "&lt;").replace("\n", "<br>\n")
        (folder / f"{i:02d}.html").write_text(
            f"<html><head><title>{word} html</title></head><body><p>{html}</p></body></html>",
            encoding="utf-8",
        )
    # Comments before a missing <html> tag: once split in 2**n ways by the HTML sniffer.
    comments = "<!--a-->" * 40
    (folder / "comments.html").write_text(f"{comments}\ncommentword here\n", encoding="utf-8")
    (folder / "comments.txt").write_text(f"{comments}\ncommentword there\n", encoding="utf-8")
    index = tmp_path / "idx"
    done = subprocess.run(
        [sys.executable, "-m", "corpus_search", "index", str(folder), "--index", str(index),
         "--jobs", "1", "--json"],
        capture_output=True, text=True, timeout=LIMIT_SECONDS, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["added"] == 3 * len(BANNER_CHARACTERS) + 2
    with open_index(index) as ix:
        for mark, word in words.items():
            assert search(ix, word).total == 3, mark
        assert search(ix, "commentword").total == 2
