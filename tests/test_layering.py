"""The architecture, checked: who may import click, rich and whoosh, and what a search loads."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "corpus_search"
WHOOSH_LAYER = {
    "index/schema.py",
    "index/handle.py",
    "index/segment.py",
    "index/sync.py",
    "index/cluster.py",
    "searching/query.py",
    "searching/highlight.py",
    "searching/scoring.py",
    "searching/results.py",
    "searching/suggest.py",
    "searching/matches.py",
    "searching/clauses.py",
}
UI_LAYER = {"render/human.py", "render/views_human.py"}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_follow_the_layers(path: Path) -> None:
    name = str(path.relative_to(PACKAGE))
    roots = imported_roots(path)
    if name not in WHOOSH_LAYER:
        assert "whoosh" not in roots, f"{name} imports whoosh"
    if name not in UI_LAYER and not name.startswith("cli/"):
        assert not roots & {"click", "rich"}, f"{name} imports click or rich"


def test_piped_search_loads_no_heavy_modules(seed_index_dir: Path) -> None:
    code = f"""
import sys, json
from corpus_search.cli import cli
try:
    cli.main(["search", "police", "--index", {str(seed_index_dir)!r}], standalone_mode=False)
except SystemExit:
    pass
heavy = {{"bs4", "lxml", "dateutil", "charset_normalizer", "rich", "yaml", "frontmatter"}}
heavy |= {{"ir_measures"}}
# The readers of binary formats (DOCX, OpenDocument, EPUB, e-mail) and their libraries.
heavy |= {{"zipfile", "email", "mailbox"}}
loaded = {{m.split(".")[0] for m in sys.modules}} & heavy
# The writing side (worker processes, segment writer, manifest, parsing) stays unloaded too.
writing = {{"index.sync", "index.segment", "index.manifest", "index.run", "documents"}}
writing |= {{"documents.sources"}}
loaded |= {{m for m in sys.modules if m.removeprefix("corpus_search.") in writing}}
print(json.dumps(sorted(loaded)), file=sys.stderr)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []
