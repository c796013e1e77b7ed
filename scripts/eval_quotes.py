"""Precision and recall of quotation speakers on hand-labelled BBC News articles (issue 15).

Reads the articles straight from ``<data-dir>/bbc/bbc-fulltext.tar.gz`` (never copied into the
repository), parses each labelled article as ``corpus-search index`` does, runs
``find_quotations`` and compares its speakers with ``scripts/data/quotes_bbc_labels.tsv``.

A label is *found* when its opening words occur in a quotation the extractor returned (so a
quotation the extractor merged with the one before still counts, by that quotation's speaker).
Precision: right speakers among the labels found; recall: right speakers among all labels. Names
are compared ignoring case, accents and honorifics (Mr, Ms, Dr ...). Quotations returned in the
labelled articles that contain no label are listed as "unlabelled" (scare quotes, short partial
quotations, or mistakes).

    .venv/bin/python scripts/eval_quotes.py [--data-dir ../shared/data] [--verbose]
    .venv/bin/python scripts/eval_quotes.py --labels scripts/data/quotes_bbc_heldout.tsv
    .venv/bin/python scripts/eval_quotes.py --labels A.tsv --labels B.tsv   (scored as one set)

``quotes_bbc_labels.tsv`` (the default) is the set the rules were developed on;
``quotes_bbc_heldout.tsv`` was labelled afterwards and never used to change a rule.
"""

from __future__ import annotations

import argparse
import tarfile
import unicodedata
from collections import defaultdict
from pathlib import Path

from corpus_search.documents.parse import parse_document
from corpus_search.documents.quotations import Quotation, find_quotations

HERE = Path(__file__).resolve().parent
LABELS = HERE / "data" / "quotes_bbc_labels.tsv"
GROUPS = {
    "named": "named",
    "continued": "continued",
    "pronoun": "pronoun/role",
    "role": "pronoun/role",
}
_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof"}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace("’", "'").split())


def same_speaker(predicted: str, label: str) -> bool:
    def words(name: str) -> list[str]:
        return [w for w in fold(name).replace(".", "").split() if w not in _HONORIFICS]

    return words(predicted) == words(label)


def load_labels(path: Path = LABELS) -> list[dict[str, str]]:
    rows = []
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("#")]
    header = lines[0].split("\t")
    for line in lines[1:]:
        rows.append(dict(zip(header, line.split("\t"), strict=True)))
    return rows


def read_articles(data_dir: Path, names: set[str]) -> dict[str, str]:
    texts = {}
    with tarfile.open(data_dir / "bbc" / "bbc-fulltext.tar.gz") as tar:
        for member in tar:
            name = member.name.removeprefix("bbc/")
            if name in names:
                data = tar.extractfile(member).read()  # type: ignore[union-attr]
                texts[name] = parse_document(data, key=name).text
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=HERE.parent.parent / "shared" / "data")
    parser.add_argument(
        "--labels",
        type=Path,
        action="append",
        help="a labels file (TSV); repeat it to score several sets as one",
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="list every miss")
    args = parser.parse_args()
    labels = [row for path in args.labels or [LABELS] for row in load_labels(path)]
    texts = read_articles(args.data_dir, {row["file"] for row in labels})
    found: dict[str, tuple[Quotation, ...]] = {
        name: find_quotations(t) for name, t in texts.items()
    }

    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # labels, found, right
    used: set[tuple[str, int]] = set()
    for row in labels:
        group = GROUPS[row["kind"]]
        opening = fold(row["opening"])
        match = next((q for q in found[row["file"]] if opening in fold(q.text)), None)
        right = match is not None and same_speaker(match.speaker, row["speaker"])
        for key in (group, "all"):
            c = counts[key]
            c[0] += 1
            c[1] += match is not None
            c[2] += right
        if match is not None:
            used.add((row["file"], match.start))
        if args.verbose and not right:
            got = f"{match.speaker!r} ({match.attribution})" if match else "not found"
            print(f"  MISS {row['file']} {row['opening'][:40]!r}: {row['speaker']!r}, got {got}")

    print(f"{len(labels)} labelled quotations in {len(texts)} BBC articles\n")
    print("| speaker | labels | found | right | precision | recall |")
    print("| --- | --- | --- | --- | --- | --- |")
    for key in ("named", "continued", "pronoun/role", "all"):
        n, f, r = counts[key]
        precision = f"{r / f:.0%}" if f else "-"
        print(f"| {key} | {n} | {f} | {r} | {precision} | {r / n:.0%} |")
    extra = [
        (name, q) for name, qs in sorted(found.items()) for q in qs if (name, q.start) not in used
    ]
    print(f"\nQuotations returned that hold no label: {len(extra)}")
    for name, q in extra:
        print(f"  {name} {q.speaker!r} ({q.attribution}): {q.text[:60]!r}")


if __name__ == "__main__":
    main()
