"""The architecture, checked: the stage order between our own packages (no import runs back up a
stage, lazy imports inside functions included), no import circle, who may import click, rich and
whoosh, no module importing another's private names, and what a piped search loads."""

from __future__ import annotations

import ast
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "corpus_search"
MODULES = sorted(PACKAGE.rglob("*.py"))

# Data flows one way: a module may import its own stage and the stages before it, never after.
STAGES = ("documents", "index", "searching", "views", "evaluate", "render", "cli")
# Top-level leaves every stage may import; they import nothing of ours but each other.
LEAVES = {"errors", "models", "config", "_whoosh", "_imports"}
# The public face: it may import any stage (lazily), and nothing imports it back.
FACE = {"corpus_search", "corpus_search.__main__"}

WHOOSH_LAYER = ("index/", "searching/", "_whoosh.py")  # modules that may import whoosh
# modules that may import click or rich
UI_LAYER = (
    "cli/",
    "render/human.py",
    "render/views_human.py",
    "render/quotes_human.py",
    "render/collection_human.py",
)


def module_name(path: Path) -> str:
    parts = ["corpus_search", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


NAMES = {module_name(p): p for p in MODULES}


def is_package(name: str) -> bool:
    return NAMES[name].name == "__init__.py"


def imports(name: str) -> list[tuple[str, list[str]]]:
    """Every import in the module, anywhere (functions and TYPE_CHECKING blocks included), as
    (absolute module, names imported from it)."""
    path = NAMES[name]
    package = name if is_package(name) else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((module, [alias.name for alias in node.names]))
    return found


def our_imports(name: str) -> set[str]:
    """The modules of ours that ``name`` imports (``from pkg import sub`` counts as ``pkg.sub``)."""
    found = set()
    for module, names in imports(name):
        if not module.startswith("corpus_search"):
            continue
        subs = {f"{module}.{n}" for n in names} & NAMES.keys()
        found |= subs or ({module} if module in NAMES else set())
    return found - {name}


def stage(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def short(path: Path) -> str:
    return str(path.relative_to(PACKAGE))


@pytest.mark.parametrize("name", sorted(NAMES.keys() - FACE))
def test_imports_flow_one_way(name: str) -> None:
    mine = stage(name)
    for other in sorted(our_imports(name)):
        assert other not in FACE, f"{name} imports the public face {other}"
        theirs = stage(other)
        if mine in LEAVES:
            assert theirs in LEAVES, f"leaf {name} imports {other}"
        elif theirs not in LEAVES:
            assert STAGES.index(theirs) <= STAGES.index(mine), (
                f"{name} (stage {mine}) imports {other} (later stage {theirs})"
            )


def test_no_import_circle() -> None:
    graph = {name: our_imports(name) - FACE for name in NAMES.keys() - FACE}
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            circle = path[path.index(name) :] + [name]
            pytest.fail("import circle: " + " -> ".join(circle))
        if name in done:
            return
        for other in sorted(graph[name]):
            visit(other, [*path, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])


def test_every_module_has_a_stage() -> None:
    for name in NAMES.keys() - FACE:
        assert stage(name) in (*STAGES, *LEAVES), f"{name} is in no stage: add it to STAGES"


@pytest.mark.parametrize("path", MODULES, ids=short)
def test_whoosh_click_and_rich_stay_in_their_layers(path: Path) -> None:
    name, where = module_name(path), short(path)
    roots = {module.split(".")[0] for module, _ in imports(name)}
    if not where.startswith(WHOOSH_LAYER):
        assert "whoosh" not in roots, f"{where} imports whoosh"
    if not where.startswith(UI_LAYER):
        assert not roots & {"click", "rich"}, f"{where} imports click or rich"


@pytest.mark.parametrize("path", MODULES, ids=short)
def test_no_private_names_of_another_module(path: Path) -> None:
    name, where = module_name(path), short(path)
    for module, names in imports(name):
        private = [n for n in names if n.startswith("_") and not n.startswith("__")]
        if module.startswith("whoosh"):
            assert not private or where == "_whoosh.py", f"{where} imports {private} of {module}"
        elif module.startswith("corpus_search"):
            assert not private, f"{where} imports {private} of {module}"


def our_private_attributes() -> set[str]:
    """The private attribute and method names our own classes define."""
    names = set()
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name.startswith("_"):
                names.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                if isinstance(node.value, ast.Name) and node.value.id == "self":
                    names.add(node.attr)
    return names


@pytest.mark.parametrize(
    "path", [p for p in MODULES if short(p).startswith(WHOOSH_LAYER)], ids=short
)
def test_whoosh_private_attributes_only_behind_whoosh_module(path: Path) -> None:
    # index/segment.py is a subclass of Whoosh's writer internals (see _whoosh.py's docstring).
    where = short(path)
    if where in ("_whoosh.py", "index/segment.py"):
        return
    ours = our_private_attributes()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Attribute) and node.attr.startswith("_")):
            continue
        if node.attr.startswith("__") or node.attr in ours or node.attr == "_exit":
            continue
        owner = node.value
        assert isinstance(owner, ast.Name) and owner.id in ("self", "cls"), (
            f"{where}:{node.lineno} reads {node.attr} of a Whoosh object: "
            "go through corpus_search._whoosh"
        )


def test_the_run_and_sync_do_not_import_each_other() -> None:
    # The run starts sync (lazily, only when there is something to write); sync uses the scan.
    assert "corpus_search.index.run" not in our_imports("corpus_search.index.sync")
    assert "corpus_search.index.sync" not in our_imports("corpus_search.index.scan")


def test_whoosh_index_name_matches_the_format() -> None:
    from corpus_search._whoosh import DEFAULT_INDEX_NAME
    from corpus_search.index.format import INDEX_NAME

    assert DEFAULT_INDEX_NAME == INDEX_NAME


def test_piped_search_loads_no_heavy_modules(seed_index_dir: Path) -> None:
    code = f"""
import sys, json
from corpus_search.cli import cli
try:
    cli.main(["search", "police", "--index", {str(seed_index_dir)!r}], standalone_mode=False)
except SystemExit:
    pass
heavy = {{"bs4", "lxml", "dateutil", "charset_normalizer", "rich", "yaml", "frontmatter"}}
heavy |= {{"ir_measures", "numpy", "pypdfium2"}}
# The readers of binary formats (DOCX, OpenDocument, EPUB, e-mail) and their libraries.
heavy |= {{"zipfile", "email", "mailbox"}}
loaded = {{m.split(".")[0] for m in sys.modules}} & heavy
# The writing side (worker processes, segment writer, manifest, parsing) stays unloaded too.
writing = {{"index.sync", "index.workers", "index.segment", "index.manifest", "index.run"}}
writing |= {{"index.scan", "documents", "documents.sources", "evaluate", "views"}}
loaded |= {{m for m in sys.modules if m.removeprefix("corpus_search.") in writing}}
print(json.dumps(sorted(loaded)), file=sys.stderr)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []


@pytest.mark.parametrize(
    "package",
    [
        "corpus_search",
        "corpus_search.documents",
        "corpus_search.index",
        "corpus_search.searching",
    ],
)
def test_every_lazily_exported_name_resolves(package: str) -> None:
    # The packages import their public names on first use (a piped search stays light): a name
    # whose module moved would only fail when a user's script touched it.
    module = importlib.import_module(package)
    missing = [name for name in module.__all__ if getattr(module, name, None) is None]
    assert missing == []
