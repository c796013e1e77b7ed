"""Compare PDF text extractors (pypdf, pypdfium2, pdfminer.six) on speed and text quality.

    python scripts/bench_pdf.py [PDF ...] [--max-pages 150]

With no PDFs named, reads the Debian documentation PDFs this machine has (install them first:
``apt-get install poppler-utils r-doc-pdf asymptote-doc gnuplot-doc camlidl-doc
auto-multiple-choice-doc-pdf docbook-xsl-doc-pdf``; ``.pdf.gz`` files are unpacked into a
temporary folder, nothing is copied into the repository), plus PDFs generated here whose text is
known (scripts/make_pdf.py: one and two columns, words hyphenated at line ends).

Quality is measured page by page against a reference: the known text for generated PDFs,
``pdftotext`` (poppler) for real ones. Words are lower-cased runs of letters and digits.
  words    share of the reference's words the extractor found on the right page (multiset recall)
  order    share of the reference's adjacent word pairs found (multiset recall of bigrams): words
           out of reading order or columns interleaved lose pairs
  extra    extractor's words / reference's words: above 1 means doubled or invented text
  splits   words left broken at a line-end hyphen ("docu-" + "ment") per 1,000 words
Speed is pages per second over the same pages, one process, opening included.
"""

from __future__ import annotations

import argparse
import gzip
import io
import os
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_pdf import layout, make_pdf  # noqa: E402

DEBIAN_PDFS = (
    "/usr/share/R/doc/manual/R-intro.pdf",
    "/usr/share/R/doc/manual/R-exts.pdf",
    "/usr/share/R/doc/manual/refman.pdf",
    "/usr/share/doc/asymptote/asymptote.pdf",
    "/usr/share/doc/gnuplot/gnuplot.pdf",
    "/usr/share/doc/camlidl/camlidl-1.04.doc.pdf",
    "/usr/share/doc/auto-multiple-choice/auto-multiple-choice.en.pdf",
    "/usr/share/doc/auto-multiple-choice/auto-multiple-choice.ja.pdf",
    "/usr/share/doc/libtasn1-doc/libtasn1.pdf",
    "/usr/share/doc/docbook-xsl-doc-pdf/doc/reference.pdf.gz",
    "/usr/share/doc/valgrind/valgrind_manual.pdf.gz",
    "/usr/share/doc/nettle-dev/nettle.pdf.gz",
)
_WORD = re.compile(r"\w+")
_SPLIT = re.compile(r"\w-\n+\w")

Extractor = Callable[[bytes, int], list[str]]


def with_pypdf(data: bytes, max_pages: int) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return [page.extract_text() or "" for page in reader.pages[:max_pages]]


def with_pypdfium2(data: bytes, max_pages: int) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    texts = []
    try:
        for index in range(min(len(doc), max_pages)):
            page = doc[index]
            textpage = page.get_textpage()
            # PDFium marks a hyphen it removed at a line end with U+FFFE and joins the word.
            texts.append(textpage.get_text_range().replace("\r\n", "\n").replace("\ufffe", ""))
            textpage.close()
            page.close()
    finally:
        doc.close()
    return texts


def with_pdfminer(data: bytes, max_pages: int) -> list[str]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer

    texts = []
    for page in extract_pages(io.BytesIO(data), maxpages=max_pages):
        texts.append("".join(e.get_text() for e in page if isinstance(e, LTTextContainer)))
    return texts


def with_pdftotext(data: bytes, max_pages: int) -> list[str]:
    done = subprocess.run(
        ["pdftotext", "-q", "-enc", "UTF-8", "-l", str(max_pages), "-", "-"],
        input=data,
        capture_output=True,
        check=False,
    )
    pages = done.stdout.decode("utf-8", "replace").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


EXTRACTORS: dict[str, Extractor] = {
    "pypdf": with_pypdf,
    "pypdfium2": with_pypdfium2,
    "pdfminer.six": with_pdfminer,
    "pdftotext": with_pdftotext,
}


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def bigrams(sequence: list[str]) -> Counter[tuple[str, str]]:
    return Counter(zip(sequence, sequence[1:], strict=False))


def quality(pages: list[str], reference: list[str]) -> tuple[float, float, float, float, int]:
    """(words, order, extra, splits per 1,000 words, reference word count) over all pages."""
    found = pairs = ref_words = ref_pairs = got_words = splits = 0
    for index, ref_text in enumerate(reference):
        got_text = pages[index] if index < len(pages) else ""
        ref, got = words(ref_text), words(got_text)
        found += sum((Counter(ref) & Counter(got)).values())
        ref_bigrams, got_bigrams = bigrams(ref), bigrams(got)
        pairs += sum((ref_bigrams & got_bigrams).values())
        ref_words += len(ref)
        ref_pairs += max(len(ref) - 1, 0)
        got_words += len(got)
        splits += len(_SPLIT.findall(got_text))
    if not ref_words:
        return 1.0, 1.0, 1.0, 0.0, 0
    return (
        found / ref_words,
        pairs / max(ref_pairs, 1),
        got_words / ref_words,
        1000 * splits / ref_words,
        ref_words,
    )


_PROSE = (
    "Extraction quality matters because search engines index whatever words come out of the "
    "document. Typesetting systems justify paragraphs and hyphenate considerable numbers of "
    "words at line endings, so an extractor must reassemble them. Multicolumn layouts interleave "
    "sentences unless the reading order is reconstructed from coordinates."
)
_HYPHENATED = ("Typesetting", "hyphenate", "considerable", "paragraphs", "reassemble",
               "extractor", "reconstructed", "coordinates", "interleave", "sentences",
               "Extraction", "document.", "endings,", "Multicolumn", "layouts")  # fmt: skip


def generated() -> list[tuple[str, bytes, list[str]]]:
    """(name, pdf, known text per page): prose hyphenated at line ends, two columns, many pages."""
    import random

    rng = random.Random(7)
    vocabulary = sorted(set(words(_PROSE))) + [f"term{n}" for n in range(200)]
    out = []
    hyphen_pages = [layout([_PROSE, _PROSE[::-1].title()], width=w, hyphenate=_HYPHENATED)
                    for w in (41, 47, 53, 59)]  # fmt: skip
    known = [" ".join([_PROSE, _PROSE[::-1].title()])] * 4
    out.append(("generated hyphenated", make_pdf(hyphen_pages), known))
    columns = []
    known = []
    for _ in range(10):
        paragraphs = [" ".join(rng.choices(vocabulary, k=60)) for _ in range(4)]
        columns.append(layout(paragraphs, width=38, columns=2))
        known.append(" ".join(paragraphs))
    out.append(("generated two-column", make_pdf(columns), known))
    many = []
    known = []
    for _ in range(300):
        paragraphs = [" ".join(rng.choices(vocabulary, k=70)) for _ in range(5)]
        many.append(layout(paragraphs, width=80))
        known.append(" ".join(paragraphs))
    out.append(("generated 300 pages", make_pdf(many), known))
    return out


def real(paths: list[str]) -> list[tuple[str, bytes]]:
    out = []
    for path in paths:
        if not os.path.exists(path):
            print(f"(missing, skipped: {path})", file=sys.stderr)
            continue
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rb") as f:
            out.append((os.path.basename(path).removesuffix(".gz"), f.read()))
    return out


def _pdftotext_file(args: tuple[str, int]) -> float:
    path, pages = args
    start = time.perf_counter()
    subprocess.run(
        ["pdftotext", "-q", "-l", str(pages), path, os.devnull], check=False, capture_output=True
    )
    return time.perf_counter() - start


def measure_pdf_corpus(paths: list[str], work: Path, cli: list[str]) -> dict[str, object]:
    """The PDF corpus row of scripts/bench.py: ``corpus-search index`` over a folder of PDFs with
    ``--jobs 1`` and with ``--jobs 2``, and ``pdftotext`` over the same pages one file after
    another, in the same run.

    corpus-search stops reading a PDF at the body size limit, so pdftotext is asked for the same
    number of pages of each file (``-l``): pages/s compare like with like. ``--jobs 1`` is one
    process, as pdftotext is; ``--jobs 2`` shares the files between two worker processes (a
    dozen PDFs are enough work for them: index/sync.py ``use_workers``)."""
    folder = work / "pdf-corpus"
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in real(paths):
        (folder / name).write_bytes(data)
    files = sorted(str(p) for p in folder.glob("*.pdf"))
    seconds: dict[int, float] = {}
    for jobs in (1, 2):
        index = work / f"pdf-index-{jobs}"
        start = time.perf_counter()
        done = subprocess.run(
            [*cli, "index", str(folder), "--index", str(index), "--jobs", str(jobs), "--json"],
            capture_output=True,
            text=True,
            check=False,
        )
        seconds[jobs] = time.perf_counter() - start
        if done.returncode != 0:
            return {"error": done.stderr.strip()[-300:]}
    from corpus_search import open_index
    from corpus_search.searching.results import get_document

    pages: dict[str, int] = {}
    with open_index(work / "pdf-index-1") as ix:
        for path in files:
            pages[path] = len(get_document(ix, path)[0].pages)
    reference = sum(_pdftotext_file(item) for item in pages.items())
    total = sum(pages.values())
    return {
        "files": len(files),
        "mb": sum(os.path.getsize(p) for p in files) / 1e6,
        "pages": total,
        "index_s": seconds[1],
        "pages_per_s": total / seconds[1],
        "docs_per_s": len(files) / seconds[1],
        "ratio": seconds[1] / reference,
        "index_jobs2_s": seconds[2],
        "jobs2_pages_per_s": total / seconds[2],
        "jobs2_docs_per_s": len(files) / seconds[2],
        "jobs2_ratio": seconds[2] / reference,
        "pdftotext_s": reference,
        "pdftotext_pages_per_s": total / reference,
    }


def pdf_corpus_report(row: dict[str, object]) -> str:
    """The PDF row as bench.py prints it."""
    if "error" in row:
        return f"## PDF corpus: corpus-search failed: {row['error']}"
    return "\n".join(
        [
            f"## PDF corpus: {row['files']} Debian documentation PDFs, {row['mb']:.1f} MB, "
            f"{row['pages']} pages read (the body size limit stops the longest)",
            "| engine | seconds | pages/s | docs/s | time / pdftotext's (target <= 2) |",
            "|---|---:|---:|---:|---:|",
            f"| corpus-search index --jobs 1 | {row['index_s']:.2f} | {row['pages_per_s']:.1f} | "
            f"{row['docs_per_s']:.2f} | {row['ratio']:.2f} |",
            f"| corpus-search index --jobs 2 | {row['index_jobs2_s']:.2f} | "
            f"{row['jobs2_pages_per_s']:.1f} | {row['jobs2_docs_per_s']:.2f} | "
            f"{row['jobs2_ratio']:.2f} |",
            f"| pdftotext (poppler), one process | {row['pdftotext_s']:.2f} | "
            f"{row['pdftotext_pages_per_s']:.1f} | | 1.00 |",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pdfs", nargs="*", help="PDF files (default: Debian's documentation PDFs)")
    parser.add_argument("--max-pages", type=int, default=150, help="pages read per file")
    parser.add_argument("--only", nargs="*", default=list(EXTRACTORS), help="extractors to run")
    args = parser.parse_args()
    names = [n for n in EXTRACTORS if n in args.only]
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # one warning per font otherwise
    logging.getLogger("pdfminer").setLevel(logging.ERROR)

    cases: list[tuple[str, bytes, list[str] | None]] = [
        (name, data, None) for name, data in real(args.pdfs or list(DEBIAN_PDFS))
    ]
    cases += [(name, data, known) for name, data, known in generated()]

    groups = ("real (reference: pdftotext)", "generated (reference: the known text)")
    totals = {(g, n): [0.0] * 7 for g in groups for n in names}
    print(f"{'file':34} {'extractor':13} {'pages':>5} {'pages/s':>8} "
          f"{'words':>6} {'order':>6} {'extra':>6} {'splits':>6}")  # fmt: skip
    for case, data, known in cases:
        reference = (known if known is not None else with_pdftotext(data, args.max_pages))[
            : args.max_pages
        ]
        for name in names:
            start = time.perf_counter()
            try:
                pages = EXTRACTORS[name](data, args.max_pages)
            except Exception as error:  # a benchmark reports a failing extractor and goes on
                print(f"{case[:34]:34} {name:13} failed: {type(error).__name__}: {error}")
                continue
            seconds = time.perf_counter() - start
            recall, order, extra, splits, ref_words = quality(pages, reference)
            t = totals[groups[known is not None], name]
            t[0] += len(pages)
            t[1] += seconds
            t[2] += recall * ref_words
            t[3] += order * ref_words
            t[4] += extra * ref_words
            t[5] += splits * ref_words
            t[6] += ref_words
            print(f"{case[:34]:34} {name:13} {len(pages):5d} {len(pages) / seconds:8.1f} "
                  f"{recall:6.3f} {order:6.3f} {extra:6.3f} {splits:6.2f}", flush=True)  # fmt: skip
    print()
    print("| PDFs | extractor | pages | pages/s | words | order | extra | splits/1000 |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for (group, name), t in totals.items():
        pages_, seconds, recall, order, extra, splits, ref_words = t
        if not ref_words:
            continue
        scores = (recall, order, extra)
        print(f"| {group} | {name} | {pages_:.0f} | {pages_ / seconds:.1f} | "
              + " | ".join(f"{s / ref_words:.3f}" for s in scores)
              + f" | {splits / ref_words:.2f} |")  # fmt: skip


if __name__ == "__main__":
    main()
