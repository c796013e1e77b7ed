"""When indexing pays for worker processes: one process against two, on folders of every shape.

    python scripts/bench_parallel.py [--data-dir DIR] [--repeats 3] [--sizes 16,64] [--pdf PDF ...]

Folders: the first 30 and 2,000 bbc articles (2 KB each); 8 files of each ``--sizes`` KB (bbc
articles joined, different ones in every file); the Debian documentation PDFs of
scripts/bench_pdf.py (install them first, see there) and, from them, the 4 smallest. Each run
is a fresh ``corpus-search index --rebuild`` in a process of its own:

  serial   --jobs 1
  workers  --jobs 2, with the thresholds lowered so that worker processes are always used
  rule     --jobs 2, as this build decides (index/sync.py ``use_workers``)

The three alternate, and each cell is the median of ``--repeats`` runs. The thresholds
(``PARALLEL_MIN_FILES``, ``PARALLEL_MIN_BYTES``) should sit where "workers" starts to beat
"serial", so that "rule" is the faster of the two on every row.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_data import DATA_DIR, load_sources, unpack_news  # noqa: E402
from bench_pdf import DEBIAN_PDFS, real  # noqa: E402

# Runs the CLI, first lowering the thresholds when asked to ("workers").
RUNNER = """
import sys
import corpus_search.index.sync as sync
if sys.argv.pop(1) == "workers":
    sync.PARALLEL_MIN_FILES, sync.PARALLEL_MIN_BYTES = 2, 0
from corpus_search.cli import main
sys.argv[0] = "corpus-search"
main()
"""
MODES = {"serial": ("serial", "1"), "workers": ("workers", "2"), "rule": ("rule", "2")}


def joined_files(folder: Path, count: int, size: int, data_dir: Path) -> Path:
    """``count`` text files of about ``size`` bytes each, made of whole bbc articles."""
    docs = load_sources("bbc", data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    taken = 0
    for n in range(count):
        parts: list[str] = []
        length = 0
        while length < size:
            doc = docs[taken % len(docs)]
            taken += 1
            parts.append(f"{doc.title}\n\n{doc.body}\n")
            length += len(parts[-1].encode("utf-8"))
        (folder / f"joined{n:02d}.txt").write_text("\n".join(parts), encoding="utf-8")
    return folder


def pdf_folder(folder: Path, paths: list[str], smallest: int | None = None) -> Path:
    found = real(paths)
    if smallest is not None:
        found = sorted(found, key=lambda item: len(item[1]))[:smallest]
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in found:
        (folder / name).write_bytes(data)
    return folder


def index_once(folder: Path, index: Path, mode: str) -> float:
    how, jobs = MODES[mode]
    command = [sys.executable, "-c", RUNNER, how, "index", str(folder), "--index", str(index)]
    command += ["--rebuild", "--jobs", jobs, "--json"]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[3:])} failed: {done.stderr.strip()[-500:]}")
    return seconds


def measure(name: str, folder: Path, work: Path, repeats: int) -> dict[str, object]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    times: dict[str, list[float]] = {mode: [] for mode in MODES}
    for _ in range(repeats):
        for mode in MODES:
            times[mode].append(index_once(folder, work / f"ix-{name}-{mode}", mode))
    from corpus_search.index.sync import use_workers

    sizes = [p.stat().st_size for p in files]
    row: dict[str, object] = {
        "folder": name,
        "files": len(files),
        "mb": sum(sizes) / 1e6,
        "picks": "workers" if use_workers(sizes, 2) else "one process",
    }
    row.update({mode: statistics.median(ts) for mode, ts in times.items()})
    print(table_row(row), flush=True)
    return row


def table_row(row: dict[str, object]) -> str:
    serial, workers, rule = (float(row[m]) for m in MODES)  # type: ignore[arg-type]
    return (
        f"| {row['folder']} | {row['files']} | {row['mb']:.2f} | {serial:.2f} | {workers:.2f} | "
        f"{serial / workers:.2f}x | {rule:.2f} ({row['picks']}) |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", default="16,64,128,256", help="KB per file of the 8-file rows")
    parser.add_argument("--pdf", nargs="*", default=list(DEBIAN_PDFS), help="PDFs for the PDF rows")
    parser.add_argument("--only", help="comma-separated folder names to measure")
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    src = HERE.parent / "src"
    paths = [str(src), os.environ.get("PYTHONPATH")]
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    print(f"cpus {os.cpu_count()}, load average {os.getloadavg()[0]:.2f}", flush=True)
    print("| folder | files | MB | serial s | workers s | serial / workers | rule s (picks) |")
    print("|---|---:|---:|---:|---:|---:|---:|", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-parallel-", dir=args.workdir) as tmp:
        work = Path(tmp)
        folders = {
            "bbc 30": lambda: unpack_news("bbc", work / "bbc30", data_dir=args.data_dir, limit=30),
            "bbc 2,000": lambda: unpack_news(
                "bbc", work / "bbc2000", data_dir=args.data_dir, limit=2000
            ),
        }
        for kb in (int(s) for s in args.sizes.split(",")):
            folders[f"8 x {kb} KB text"] = lambda kb=kb: joined_files(
                work / f"joined{kb}", 8, kb * 1024, args.data_dir
            )
        folders["4 smallest PDFs"] = lambda: pdf_folder(work / "pdf4", args.pdf, smallest=4)
        folders["Debian PDFs"] = lambda: pdf_folder(work / "pdf", args.pdf)
        only = set(args.only.split(",")) if args.only else None
        for name, make in folders.items():
            if only is None or name in only:
                measure(name, make(), work, args.repeats)
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
