"""Near-duplicate sketches (index/sketch.py) and groups (searching/duplicates.py)."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from corpus_search import index_paths, open_index, search
from corpus_search.index.sketch import SKETCH_BYTES, similarity, sketch, words
from corpus_search.searching.duplicates import band_shape, find_duplicates, group_sketches

_RNG = random.Random(0)
LETTERS = "abcdefghijklmnopqrstuvwxyz"
VOCABULARY = sorted({"".join(_RNG.choice(LETTERS) for _ in range(3 + i % 7)) for i in range(4000)})


def article(seed: int, n_words: int = 300) -> str:
    rng = random.Random(seed)
    headline = " ".join(rng.choice(VOCABULARY) for _ in range(6)).capitalize()
    sentences = []
    left = n_words
    while left > 0:
        length = min(left, rng.randint(8, 20))
        sentences.append(" ".join(rng.choice(VOCABULARY) for _ in range(length)).capitalize() + ".")
        left -= length
    return headline + "\n\n" + " ".join(sentences) + "\n"


def near_copy(text: str, seed: int, change: float = 0.05) -> str:
    """A new headline and ``change`` of the body's words replaced by random ones."""
    rng = random.Random(seed)
    body = text.split("\n\n", 1)[1]
    parts = body.split(" ")
    for i in rng.sample(range(len(parts)), round(change * len(parts))):
        parts[i] = rng.choice(VOCABULARY)
    headline = " ".join(rng.choice(VOCABULARY) for _ in range(7)).capitalize()
    return headline + "\n\n" + " ".join(parts)


def exact_jaccard(a: str, b: str) -> float:
    x, y = set(words(a)), set(words(b))
    return len(x & y) / len(x | y)


@pytest.fixture()
def planted(tmp_path: Path) -> tuple[Path, list[set[str]]]:
    """30 unrelated articles, 5 near-copies of some of them and one exact copy."""
    root = tmp_path / "news"
    root.mkdir()
    texts = {f"a{i:02d}.txt": article(i) for i in range(30)}
    groups = []
    for n, i in enumerate((1, 5, 9, 14, 22)):
        texts[f"copy-of-a{i:02d}.txt"] = near_copy(texts[f"a{i:02d}.txt"], 100 + n)
        groups.append({f"a{i:02d}.txt", f"copy-of-a{i:02d}.txt"})
    texts["same-as-a03.txt"] = texts["a03.txt"]
    groups.append({"a03.txt", "same-as-a03.txt"})
    for name, text in texts.items():
        (root / name).write_text(text, encoding="utf-8")
    return root, groups


def found_groups(index_dir: Path, threshold: float = 0.8) -> list[set[str]]:
    with open_index(index_dir) as ix:
        report = find_duplicates(ix, threshold=threshold)
    return [{Path(d.path).name for d in g.documents} for g in report.groups]


def test_sketch_is_fixed_size_and_empty_without_words() -> None:
    assert len(sketch("one")) == SKETCH_BYTES
    assert len(sketch(article(1))) == SKETCH_BYTES
    assert sketch("") == b"" and sketch(" ,.;!? \n") == b""


def test_sketch_ignores_case_punctuation_and_spacing() -> None:
    assert sketch("The cat, the HAT!") == sketch("the  cat the\nhat")
    assert similarity(sketch("Café crème"), sketch("café CRÈME")) < 1.0  # only ASCII is folded
    assert similarity(sketch("café crème"), sketch("café, crème.")) == 1.0


def test_sketch_is_the_same_in_another_process() -> None:
    """Python's hash() is salted per process; sketches must not be (indexes are incremental)."""
    text = article(7)
    code = (
        "import sys; from corpus_search.index.sketch import sketch; "
        "sys.stdout.write(sketch(sys.stdin.read()).hex())"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], input=text, capture_output=True, text=True, check=True
    )
    assert done.stdout == sketch(text).hex()


@pytest.mark.parametrize("change", [0.0, 0.05, 0.2, 0.5])
def test_similarity_estimates_the_jaccard_similarity_of_words(change: float) -> None:
    for seed in range(5):
        a = article(seed, 400)
        b = near_copy(a, seed, change)
        assert abs(similarity(sketch(a), sketch(b)) - exact_jaccard(a, b)) < 0.12


def test_unrelated_texts_are_not_similar() -> None:
    estimates = [similarity(sketch(article(i)), sketch(article(i + 50))) for i in range(20)]
    assert max(estimates) < 0.3


def test_band_shape_finds_pairs_at_the_threshold() -> None:
    for threshold in (0.5, 0.8, 0.95):
        bands, rows = band_shape(threshold)
        assert bands * rows <= 128
        assert 1 - (1 - threshold**rows) ** bands >= 0.995


def test_group_sketches_joins_copies_and_nothing_else() -> None:
    texts = [article(i) for i in range(40)]
    texts += [near_copy(texts[3], 1), texts[7], near_copy(texts[3], 2), ""]
    found = group_sketches([sketch(t) for t in texts], 0.8)
    assert [members for members, _ in found] == [(3, 40, 42), (7, 41)]
    assert dict(found)[(7, 41)] == 1.0
    # Each copy is ~0.86 like the original, but the two copies only ~0.75 like each other: a
    # group is connected by pairs at the threshold, its similarity is its least similar pair.
    assert 0.6 < dict(found)[(3, 40, 42)] < 0.8


def test_planted_copies_are_grouped_and_unrelated_documents_are_not(
    planted: tuple[Path, list[set[str]]], tmp_path: Path
) -> None:
    root, expected = planted
    index_paths([root], index_dir=tmp_path / "idx", jobs=1)
    found = found_groups(tmp_path / "idx")
    assert sorted(map(sorted, found)) == sorted(map(sorted, expected))


def test_sketches_written_by_worker_processes(tmp_path: Path) -> None:
    """Past 64 files, worker processes write the segments: their sketches must be there too."""
    root = tmp_path / "many"
    root.mkdir()
    for i in range(70):
        (root / f"d{i:02d}.txt").write_text(article(1000 + i), encoding="utf-8")
    (root / "d99.txt").write_text(near_copy(article(1010), 5), encoding="utf-8")
    index_paths([root], index_dir=tmp_path / "idx", jobs=2)
    assert found_groups(tmp_path / "idx") == [{"d10.txt", "d99.txt"}]


def test_groups_follow_edits_and_deletions(
    planted: tuple[Path, list[set[str]]], tmp_path: Path
) -> None:
    root, expected = planted
    index_dir = tmp_path / "idx"
    index_paths([root], index_dir=index_dir, jobs=1)
    (root / "copy-of-a01.txt").write_text(article(500), encoding="utf-8")  # no longer a copy
    (root / "a05.txt").unlink()
    (root / "new-copy-of-a20.txt").write_text(near_copy(article(20), 9), encoding="utf-8")
    index_paths([root], index_dir=index_dir, jobs=1)
    found = found_groups(index_dir)
    assert {"a01.txt", "copy-of-a01.txt"} not in found
    assert not any("a05.txt" in g or "copy-of-a05.txt" in g and len(g) > 1 for g in found)
    assert {"a20.txt", "new-copy-of-a20.txt"} in found
    assert len(found) == len(expected) - 1


def test_a_higher_threshold_keeps_only_closer_copies(
    planted: tuple[Path, list[set[str]]], tmp_path: Path
) -> None:
    root, _ = planted
    index_paths([root], index_dir=tmp_path / "idx", jobs=1)
    assert found_groups(tmp_path / "idx", threshold=0.99) == [{"a03.txt", "same-as-a03.txt"}]


def test_search_collapse_folds_near_copies_into_the_best_hit(
    planted: tuple[Path, list[set[str]]], tmp_path: Path
) -> None:
    root, _ = planted
    index_paths([root], index_dir=tmp_path / "idx", jobs=1)
    word = sorted(set(words(article(9))) - set(words(article(1))))[0].decode()
    with open_index(tmp_path / "idx") as ix:
        plain = search(ix, word, limit=100)
        folded = search(ix, word, limit=100, collapse=True)
    names = [Path(h.path).name for h in plain.hits]
    assert "a09.txt" in names and "copy-of-a09.txt" in names
    assert folded.total == plain.total - 1
    kept = [h for h in folded.hits if Path(h.path).name in ("a09.txt", "copy-of-a09.txt")]
    assert len(kept) == 1 and kept[0].near_copies == 1
    first = min(names.index("a09.txt"), names.index("copy-of-a09.txt"))
    assert Path(kept[0].path).name == names[first]  # the better-ranked one stays
    assert [h.rank for h in folded.hits] == list(range(1, folded.total + 1))
