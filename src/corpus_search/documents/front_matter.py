"""YAML front matter: ``---`` lines at the very top, loaded with YAML's safe loader only."""

from __future__ import annotations

import importlib
import re
from typing import Any

__all__ = ["split_front_matter"]

# Cheap pre-check so files without front matter never import yaml.
_OPENING = re.compile(r"\A-{3,}[ \t]*\n")


def split_front_matter(text: str) -> tuple[dict[str, Any], str, list[str]]:
    """Return ``(metadata, body, warnings)``.

    Whatever the YAML holds, the body is everything after the closing ``---`` and the front matter
    never reaches it. Bad YAML, or YAML that is not a mapping, gives empty metadata and a warning.
    A YAML scalar between two ``---`` lines is not front matter (a Markdown rule, say), so the
    text is returned whole.
    """
    if not _OPENING.match(text):
        return {}, text, []

    from frontmatter.default_handlers import YAMLHandler

    # Imported by name: only its exception class is needed, and yaml's stubs may not be installed.
    yaml: Any = importlib.import_module("yaml")

    handler = YAMLHandler()
    try:
        raw, body = handler.split(text)
    except ValueError:  # no closing delimiter
        return {}, text, []
    # Strip only the newline that ends the closing delimiter line; keep the rest of the body as is.
    body = body.removeprefix("\n")
    try:
        # YAMLHandler.load uses yaml.SafeLoader: tags such as !!python/object raise, never run.
        loaded = handler.load(raw)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as error:
        # Not only YAMLError: a timestamp such as 2017-06-01T25:61:00 raises ValueError while
        # being constructed, and deeply nested flow lists exhaust the recursion limit.
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        return {}, body, [f"front matter is not valid YAML{where}; ignored it"]
    if loaded is None:
        return {}, body, []
    if isinstance(loaded, dict):
        return {str(k).lower(): v for k, v in loaded.items()}, body, []
    if isinstance(loaded, (str, int, float)):
        return {}, text, []
    kind = type(loaded).__name__
    return {}, body, [f"front matter is a {kind}, not a mapping of keys to values; ignored it"]
