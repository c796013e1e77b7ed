"""HTML to plain text, plus the metadata in ``<title>`` and ``<meta>``. Chosen by content."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["HtmlMeta", "html_to_text", "looks_like_html"]

# A comment's body may not hold "-->": with ".*?" there, the comments before a missing <html>
# could be split in 2**n ways (measured: 22 comments 0.5 s, each one more doubling it).
_DOCUMENT_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--(?:[^-]|-(?!->))*-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.I,
)
_KNOWN_TAG = re.compile(
    r"</?(?:p|div|span|a|br|hr|img|h[1-6]|ul|ol|li|table|tr|td|th|em|strong|b|i|u|blockquote|"
    r"center|section|article|header|footer|nav|main|script|style|meta|link|title|iframe|pre|code|"
    r"figure|figcaption|font|small|sup|sub|dl|dt|dd|form|input|button|noscript|svg)\b[^<>]*>",
    re.I,
)

# Contents never shown as text. <head> is read for metadata first, then dropped.
_DROP = frozenset(
    {"script", "style", "noscript", "template", "svg", "iframe", "head", "math", "object"}
)
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
        "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li", "main", "nav", "ol", "p", "pre",
        "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "caption",
    }
)  # fmt: skip
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")

_AUTHOR_META = ("author", "article:author", "dc.creator", "byl")
_DATE_META = (
    "date", "article:published_time", "pubdate", "publishdate", "dc.date", "dcterms.date",
    "date.published", "og:published_time",
)  # fmt: skip
_KEYWORD_META = ("keywords", "news_keywords", "article:tag")

_PARAGRAPH = "\x00P"  # placeholders that no text node can contain (NUL is stripped or rejected)
_LINE = "\x00L"


@dataclass
class HtmlMeta:
    title: str | None = None
    h1: str | None = None
    author: str | None = None
    date: str | None = None
    keywords: list[str] = field(default_factory=list)


def looks_like_html(text: str, *, document_only: bool = False) -> bool:
    """True when the text starts like an HTML document or opens with, and is full of, HTML tags.

    ``document_only`` accepts only the first kind: Markdown files often hold inline HTML.
    """
    if _DOCUMENT_START.match(text):
        return True
    if document_only:
        return False
    head = text.lstrip()[:4096]
    if head.startswith("<") and _KNOWN_TAG.match(head):
        return True
    # Tag-soup fragments that start with a word: demand many known tags, not one quoted "<p>".
    return len(_KNOWN_TAG.findall(text, 0, 65536)) >= 10


def html_to_text(markup: str) -> tuple[str, HtmlMeta]:
    """Return the visible text and the metadata.

    Block elements become blank lines, ``<br>`` a newline.

    Entities are decoded by the parser. The tree is walked with an explicit stack, so documents
    nested thousands of levels deep do not hit Python's recursion limit.
    """
    import warnings

    from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

    with warnings.catch_warnings():
        # XHTML (EPUB chapters, saved pages) starts with an XML declaration: read as HTML on
        # purpose, so bs4's advice to use an XML parser must not reach the user's terminal.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(markup, "lxml")
    meta = _read_meta(soup)
    return _visible_text(soup), meta


def _text_of(tag: Any) -> str:
    return " ".join(tag.get_text(" ").split())


def _read_meta(soup: Any) -> HtmlMeta:
    meta = HtmlMeta()
    title = soup.find("title")
    if title is not None:
        meta.title = _text_of(title) or None
    h1 = soup.find("h1")
    if h1 is not None:
        meta.h1 = _text_of(h1) or None
    for tag in soup.find_all("meta"):
        name = str(tag.get("name") or tag.get("property") or tag.get("itemprop") or "").lower()
        content = tag.get("content")
        if not name or not isinstance(content, str) or not content.strip():
            continue
        if name in _AUTHOR_META and meta.author is None:
            meta.author = content
        elif name in _DATE_META and meta.date is None:
            meta.date = content
        elif name in _KEYWORD_META:
            meta.keywords.extend(content.split(","))
    return meta


def _visible_text(soup: Any) -> str:
    from bs4.element import (
        NavigableString,
        PreformattedString,
        Script,
        Stylesheet,
        Tag,
        TemplateString,
    )

    hidden_strings = (PreformattedString, Script, Stylesheet, TemplateString)
    parts: list[str] = []
    pre_depth = 0
    end_block, end_pre = object(), object()
    stack: list[Any] = [soup]
    while stack:
        node = stack.pop()
        if node is end_block:
            parts.append(_PARAGRAPH)
        elif node is end_pre:
            pre_depth -= 1
            parts.append(_PARAGRAPH)
        elif isinstance(node, NavigableString):
            # Comments, CDATA, doctypes and script/style text are not visible text.
            if not isinstance(node, hidden_strings):
                parts.append(str(node) if pre_depth else _HTML_SPACE.sub(" ", node))
        elif isinstance(node, Tag):
            name = node.name.lower()
            if name in _DROP:
                continue
            if name == "br":
                parts.append(_LINE)
                continue
            if name == "pre":
                pre_depth += 1
                parts.append(_PARAGRAPH)
                stack.append(end_pre)
            elif name in _BLOCK:
                parts.append(_PARAGRAPH)
                stack.append(end_block)
            stack.extend(reversed(node.contents))
    text = "".join(parts)
    # A run of breaks is as strong as its strongest member.
    text = re.sub(r"(?:\x00[PL]| )+", _collapse_breaks, text)
    return text


def _collapse_breaks(match: re.Match[str]) -> str:
    run = match.group(0)
    if _PARAGRAPH in run:
        return "\n\n"
    if _LINE in run:
        return "\n" * run.count(_LINE)
    return " "
