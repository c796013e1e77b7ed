"""Build a spelling-suggestion test set from real text: common words and names of a corpus, each
misspelt by one random keyboard edit, written as ``typo<TAB>answer<TAB>kind`` lines (no corpus
text).

    python scripts/make_typos.py /work/shared/data/bbc/bbc-fulltext.tar.gz \\
        --out scripts/data/typos_bbc.tsv

The procedure, the same for every word (nothing is picked or tuned by hand):

* Words are runs of letters. A *common word* is a lower-case word of 5+ letters found in at least
  20 documents; a *name* is a word of 5+ letters found in at least 10 documents and never written
  in lower case. A *name pair* is two such names side by side in at least 10 documents
  ("Tony Blair").
* With a fixed seed, draw ``--words`` common words, ``--names`` names and ``--pairs`` name pairs.
* Misspell each (in a pair: one word, or with probability 1/3 both) by one edit drawn uniformly
  from: delete a letter, double a letter, swap two neighbouring letters, replace a letter by a
  neighbouring key of a QWERTY keyboard. The first letter is never touched (spellers, like Whoosh's
  and Lucene's, look for corrections that share it; real typos rarely hit it).
* A typo that is itself a word of the corpus in more than 2 documents is drawn again (a real
  word cannot be told from a typo by looking it up).

The third column says where a line comes from: ``word``, ``name``, ``pair`` or ``collected`` (the
few misspellings a user met, listed in issue 11, added as they are).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tarfile
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

_WORD = re.compile(r"[^\W\d_]+")
_NEIGHBOURS = {
    k: v
    for row in ("qwertyuiop", "asdfghjkl", "zxcvbnm")
    for i, k in enumerate(row)
    for v in [row[max(0, i - 1) : i] + row[i + 1 : i + 2]]
}
# Keys above and below, roughly (a keyboard's rows are offset by half a key).
for _upper, _lower in (("qwertyuiop", "asdfghjkl"), ("asdfghjkl", "zxcvbnm")):
    for _i, _k in enumerate(_lower):
        _NEIGHBOURS[_k] += _upper[_i : _i + 2]
        for _u in _upper[_i : _i + 2]:
            _NEIGHBOURS[_u] += _k

COLLECTED = [  # issue 11: seen by a user on BBC News
    ("blare", "blair"),
    ("minster", "minister"),
    ("arsnal", "arsenal"),
    ("Beckam", "Beckham"),
    ("tony blare", "tony blair"),
    ("goverment", "government"),
]


def documents(archive: Path) -> Iterator[str]:
    with tarfile.open(archive) as tar:
        for member in tar:
            if member.isfile() and member.name.endswith(".txt") and "README" not in member.name:
                f = tar.extractfile(member)
                if f is not None:
                    yield f.read().decode("utf-8", errors="replace")


def misspell(word: str, rng: random.Random) -> str:
    """One random edit after the first letter."""
    while True:
        kind = rng.choice(["delete", "double", "swap", "neighbour"])
        i = rng.randrange(1, len(word))
        letter = word[i].lower()
        if kind == "delete":
            out = word[:i] + word[i + 1 :]
        elif kind == "double":
            out = word[:i] + word[i] + word[i:]
        elif kind == "swap":
            if i == len(word) - 1 or word[i] == word[i + 1]:
                continue
            out = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        else:
            if letter not in _NEIGHBOURS:
                continue
            out = word[:i] + rng.choice(_NEIGHBOURS[letter]) + word[i + 1 :]
        if out.lower() != word.lower():
            return out


def build(
    archive: Path, *, words: int, names: int, pairs: int, seed: int
) -> list[tuple[str, str, str]]:
    doc_freq: Counter[str] = Counter()  # folded word -> documents
    lower_seen: set[str] = set()  # words seen written in lower case
    cased: Counter[str] = Counter()  # each word's commonest capitalised spelling
    pair_freq: Counter[tuple[str, str]] = Counter()
    for text in documents(archive):
        tokens = _WORD.findall(text)
        doc_freq.update({t.lower() for t in tokens})
        lower_seen.update(t for t in tokens if t.islower())
        cased.update(t for t in tokens if t[0].isupper() and t[1:].islower())
        pair_freq.update(set(zip(tokens, tokens[1:], strict=False)))
    capitalised = {w.lower(): w for w, _ in cased.most_common()[::-1]}  # commonest wins
    common = sorted(w for w, n in doc_freq.items() if n >= 20 and len(w) >= 5 and w in lower_seen)
    name_list = sorted(
        capitalised[w]
        for w, n in doc_freq.items()
        if n >= 10 and len(w) >= 5 and w not in lower_seen and w in capitalised
    )
    names_set = set(name_list)
    pair_list = sorted(
        f"{a} {b}"
        for (a, b), n in pair_freq.items()
        if n >= 10 and a in names_set and b in names_set
    )
    rng = random.Random(seed)

    def typo(word: str) -> str:
        while True:
            out = misspell(word, rng)
            if doc_freq[out.lower()] <= 2:
                return out

    rows = [(typo(w), w, "word") for w in rng.sample(common, words)]
    rows += [(typo(w), w, "name") for w in rng.sample(name_list, names)]
    for pair in rng.sample(pair_list, pairs):
        first, second = pair.split()
        if rng.random() < 1 / 3:
            rows.append((f"{typo(first)} {typo(second)}", pair, "pair"))
        elif rng.random() < 0.5:
            rows.append((f"{typo(first)} {second}", pair, "pair"))
        else:
            rows.append((f"{first} {typo(second)}", pair, "pair"))
    return rows + [(typo, answer, "collected") for typo, answer in COLLECTED]


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("archive", type=Path, help="bbc-fulltext.tar.gz")
    p.add_argument("--out", type=Path, default=Path(__file__).parent / "data" / "typos_bbc.tsv")
    p.add_argument("--words", type=int, default=40)
    p.add_argument("--names", type=int, default=40)
    p.add_argument("--pairs", type=int, default=15)
    p.add_argument("--seed", type=int, default=11)
    args = p.parse_args(argv)
    rows = build(args.archive, words=args.words, names=args.names, pairs=args.pairs, seed=args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(f"# typo<TAB>answer<TAB>kind; made by scripts/make_typos.py --seed {args.seed}\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
    print(f"{len(rows)} misspellings -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
