"""Markdown to plain text, lightly: markers go, words stay. Chosen by content or a .md name."""

from __future__ import annotations

import html
import re

__all__ = ["first_heading", "has_markdown_name", "looks_like_markdown", "markdown_to_text"]

_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")

_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.M)
_FENCE = re.compile(r"^ {0,3}(```|~~~)", re.M)
_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\(\s*<?[^()\s<>]*>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_REF_LINK = re.compile(r"!?\[([^\[\]\n]+)\]\[[^\[\]\n]*\]")
_REF_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S+.*$", re.M)
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^<>\s]+)>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS_STAR = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_INLINE_CODE = re.compile(r"(`+)(.+?)\1")
_BLOCKQUOTE = re.compile(r"^ {0,3}>[ \t]?", re.M)
_RULE = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$", re.M)
# Inline HTML, which Markdown allows: tags go, text stays (autolinks are handled first).
_INLINE_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", re.S)
_SETEXT = re.compile(r"^(?=.*\S)(.+)\n {0,3}(?:=+|-+)[ \t]*$", re.M)


def has_markdown_name(name_hint: str) -> bool:
    return name_hint.lower().endswith(_MARKDOWN_SUFFIXES)


def looks_like_markdown(text: str, name_hint: str = "") -> bool:
    """True for a Markdown file name, or text with a heading line, an inline link or a code fence.

    Emphasis alone does not count: plain text uses ``*stars*`` too.
    """
    if has_markdown_name(name_hint):
        return True
    sample = text[:65536]
    return bool(_HEADING.search(sample) or _LINK.search(sample) or _FENCE.search(sample))


def first_heading(text: str) -> str | None:
    """The first level-one ATX heading (``# Title``), if any."""
    for match in _HEADING.finditer(text):
        if len(match.group(1)) == 1 and match.group(2).strip():
            return _plain(match.group(2).strip())
    return None


def markdown_to_text(text: str) -> str:
    """Drop heading markers, link targets, emphasis and code markers; keep code as written."""
    out: list[str] = []
    prose: list[str] = []
    in_fence: str | None = None
    for line in text.split("\n"):
        fence = _FENCE.match(line)
        if in_fence is not None:
            if fence and fence.group(1) == in_fence:
                in_fence = None
                out.append("")
            else:
                out.append(line)  # code is content; only the fences go
            continue
        if fence:
            out.append(_prose("\n".join(prose)))
            prose = []
            in_fence = fence.group(1)
            continue
        prose.append(line)
    out.append(_prose("\n".join(prose)))
    return "\n".join(out)


def _prose(text: str) -> str:
    text = _SETEXT.sub(r"\1", text)
    text = _RULE.sub("", text)
    text = _HEADING.sub(r"\2", text)
    text = _REF_DEFINITION.sub("", text)
    text = _BLOCKQUOTE.sub("", text)
    return _plain(text)


def _plain(text: str) -> str:
    return html.unescape(_INLINE_TAG.sub("", _inline(text)))


def _inline(text: str) -> str:
    text = _INLINE_CODE.sub(lambda m: m.group(2).strip(), text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _STRONG.sub(r"\2", text)
    text = _EMPHASIS_STAR.sub(r"\1", text)
    text = _EMPHASIS_UNDERSCORE.sub(r"\1", text)
    return _STRIKE.sub(r"\1", text)
