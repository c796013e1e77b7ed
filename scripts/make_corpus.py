"""Generate a large, deterministic, mixed-format corpus from the news collections.

    python scripts/make_corpus.py OUT_DIR [--docs 100000] [--seed 42] [--source bbc ...]

~60% plain .txt, ~25% YAML front matter (.md with Markdown, or .txt), ~15% HTML (.html, and some
HTML inside .txt). At most 1,000 files per folder. The same seed and sources give identical bytes.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from bench_data import DATA_DIR, NEWS, SourceDoc, load_sources

AUTHORS = (
    "Ada Okafor", "Ben Lindqvist", "Chloé Martin", "Dmitri Sokolov", "Eun-ji Park",
    "Farah Haddad", "Gustavo Ruiz", "Hannah Weiss", "Ivo Petrov", "Jia Li",
)  # fmt: skip
NOISE_SCRIPT = (
    "window.dataLayer = window.dataLayer || [];\n"
    "function gtag(){dataLayer.push(arguments);} gtag('js', new Date());\n"
    "var trackingPixel = 'subscribe newsletter cookie consent banner';\n"
)
NOISE_STYLE = "body { font-family: Georgia, serif; } .advert { display: none; } a { color: red; }"
FORMATS = ("txt", "fm-md", "fm-txt", "html", "html-txt")


def pick_format(rng: random.Random) -> str:
    """~60% plain, ~25% front matter (3:2 Markdown:text), ~15% HTML (2:1 .html:.txt)."""
    r = rng.random()
    if r < 0.60:
        return "txt"
    if r < 0.75:
        return "fm-md"
    if r < 0.85:
        return "fm-txt"
    if r < 0.95:
        return "html"
    return "html-txt"


def paragraphs(text: str) -> list[str]:
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    return [p for p in parts if p]


def compose(base: SourceDoc, extra: SourceDoc | None, rng: random.Random) -> list[str]:
    """The body's paragraphs: the base text, recombined with part of another on later cycles."""
    paras = paragraphs(base.body) or [base.title]
    if extra is None:
        return paras
    more = paragraphs(extra.body)
    if more:
        start = rng.randrange(len(more))
        paras = paras + more[start : start + rng.randint(1, 3)]
        rng.shuffle(paras)
    return paras


def fake_date(rng: random.Random) -> str:
    return f"{rng.randint(1987, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def front_matter(doc: SourceDoc, rng: random.Random) -> str:
    tags = list(doc.tags[:3]) or ["news"]
    lines = [
        "---",
        f"title: {json.dumps(doc.title, ensure_ascii=False)}",
        f"author: {json.dumps(doc.author or rng.choice(AUTHORS), ensure_ascii=False)}",
        f"date: {doc.date or fake_date(rng)}",
        f"tags: [{', '.join(json.dumps(t, ensure_ascii=False) for t in tags)}]",
        "---",
        "",
    ]
    return "\n".join(lines)


def render_plain(doc: SourceDoc, paras: list[str]) -> str:
    return doc.title + "\n\n" + "\n\n".join(paras) + "\n"


def render_markdown(doc: SourceDoc, paras: list[str], rng: random.Random) -> str:
    out = [front_matter(doc, rng), f"# {doc.title}", ""]
    for i, para in enumerate(paras):
        if i and i % 4 == 0:
            out += [f"## Part {i // 4 + 1}", ""]
        out += [para, ""]
    return "\n".join(out)


def render_html(doc: SourceDoc, paras: list[str], rng: random.Random) -> str:
    title = html.escape(doc.title)
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paras)
    author = html.escape(doc.author or rng.choice(AUTHORS))
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<title>{title}</title>\n<meta name="author" content="{author}">\n'
        f"<style>{NOISE_STYLE}</style>\n<script>{NOISE_SCRIPT}</script>\n</head>\n<body>\n"
        '<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/login">Sign in</a>'
        "</nav>\n"
        f'<article>\n<h1>{title}</h1>\n<p class="byline">By {author}</p>\n{body}\n</article>\n'
        '<footer>Copyright. All rights reserved. <a href="/privacy">Privacy</a></footer>\n'
        "</body>\n</html>\n"
    )


def render(fmt: str, doc: SourceDoc, paras: list[str], rng: random.Random) -> tuple[str, str]:
    """(file suffix, text) for one document in one format."""
    if fmt == "txt":
        return ".txt", render_plain(doc, paras)
    if fmt == "fm-md":
        return ".md", render_markdown(doc, paras, rng)
    if fmt == "fm-txt":
        return ".txt", front_matter(doc, rng) + render_plain(doc, paras)
    if fmt == "html":
        return ".html", render_html(doc, paras, rng)
    return ".txt", render_html(doc, paras, rng)


def slug(title: str) -> str:
    words = "".join(c.lower() if c.isalnum() else " " for c in title).split()
    return "-".join(words[:6]) or "untitled"


def generate(
    sources: Sequence[SourceDoc],
    out_dir: Path,
    *,
    n_docs: int,
    seed: int = 42,
    per_folder: int = 1000,
) -> Counter[str]:
    """Write n_docs files under out_dir; return how many of each format were written."""
    if not sources:
        raise ValueError("no source documents")
    rng = random.Random(seed)
    order = list(range(len(sources)))
    rng.shuffle(order)
    counts: Counter[str] = Counter()
    for i in range(n_docs):
        cycle, pos = divmod(i, len(sources))
        base = sources[order[pos]]
        extra = sources[rng.randrange(len(sources))] if cycle else None
        fmt = pick_format(rng)
        suffix, text = render(fmt, base, compose(base, extra, rng), rng)
        folder = out_dir / f"{i // per_folder:04d}"
        if i % per_folder == 0:
            folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:06d}-{slug(base.title)}{suffix}").write_bytes(text.encode("utf-8"))
        counts[fmt] += 1
    return counts


def load_all(names: Sequence[str], data_dir: Path = DATA_DIR) -> list[SourceDoc]:
    docs: list[SourceDoc] = []
    for name in names:
        docs.extend(load_sources(name, data_dir))
    return docs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--source", nargs="+", default=list(NEWS), choices=NEWS)
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    if args.out_dir.exists() and any(args.out_dir.iterdir()):
        print(f"{args.out_dir} is not empty; choose a new folder", file=sys.stderr)
        return 2
    start = time.perf_counter()
    sources = load_all(args.source, args.data_dir)
    loaded = time.perf_counter()
    counts = generate(sources, args.out_dir, n_docs=args.docs, seed=args.seed)
    done = time.perf_counter()
    mix = ", ".join(f"{fmt} {counts[fmt]}" for fmt in FORMATS)
    print(
        f"{args.docs} files from {len(sources)} sources in {args.out_dir} "
        f"(load {loaded - start:.1f}s, write {done - loaded:.1f}s): {mix}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
