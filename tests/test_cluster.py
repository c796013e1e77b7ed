"""Indexing and searching on a real Dask cluster (a scheduler and two workers on 127.0.0.1).

The cluster build must equal a local build (documents, hits, scores), survive a worker killed
mid-run, re-index only what changed, and search with the same results as a local search.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus_search import index_paths, open_index, search
from corpus_search.errors import ClusterError

distributed = pytest.importorskip("distributed", reason="needs the [cluster] extra")

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from dask_local import LocalCluster, local_cluster  # noqa: E402

from corpus_search.searching.cluster import search_on_cluster  # noqa: E402

WORDS = (
    "harbour council budget strike police court minister election vaccine hospital school "
    "railway airport flood drought tariff merger pension union protest senate mayor river "
    "factory energy climate museum festival stadium orchestra bakery tunnel bridge library"
).split()
QUERIES = [
    "harbour",
    "police court",
    '"council budget"',
    "strike OR flood",
    "rail*",
    "mayor NOT river",
]


def write_corpus(folder: Path, n: int, *, seed: int = 7, words_per_doc: int = 120) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, words_per_doc)))
        (folder / f"doc{i:04d}.txt").write_text(
            f"Report {i} marker{i}\n\n{body}.\n", encoding="utf-8"
        )


def results(index_dir: Path, query: str) -> tuple[int, list[tuple[str, float]]]:
    with open_index(index_dir) as ix:
        found = search(ix, query, limit=1000, fragments=0)
    return found.total, sorted((Path(h.path).name, h.score) for h in found.hits)


def stored_documents(index_dir: Path) -> list[tuple[str, str]]:
    with open_index(index_dir) as ix, ix.searcher() as s:
        return sorted((Path(f["key"]).name, f["body"]) for f in s.all_stored_fields())


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCluster]:
    with local_cluster(tmp_path_factory.mktemp("dask")) as running:
        yield running


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cluster-corpus") / "docs"
    write_corpus(folder, 240)
    return folder


@pytest.fixture(scope="module")
def local_index(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Path:
    index_dir = tmp_path_factory.mktemp("local") / "ix"
    index_paths([corpus], index_dir=index_dir, jobs=2)
    return index_dir


@pytest.fixture(scope="module")
def cluster_index(
    tmp_path_factory: pytest.TempPathFactory, corpus: Path, cluster: LocalCluster
) -> Path:
    index_dir = tmp_path_factory.mktemp("clustered") / "ix"
    report = index_paths([corpus], index_dir=index_dir, cluster=cluster.address)
    assert report.added == 240 and not report.skipped
    return index_dir


def test_cluster_build_equals_local_build(local_index: Path, cluster_index: Path) -> None:
    assert stored_documents(cluster_index) == stored_documents(local_index)
    for query in QUERIES:
        total, hits = results(cluster_index, query)
        assert total > 0, query
        assert (total, hits) == results(local_index, query), query


def test_search_on_cluster_equals_local_search(cluster_index: Path, cluster: LocalCluster) -> None:
    for query in QUERIES:
        with open_index(cluster_index) as ix:
            local = search(ix, query, limit=7, page=2)
        spread = search_on_cluster(cluster_index, query, cluster=cluster.address, limit=7, page=2)
        assert spread.total == local.total, query
        assert [(h.rank, h.key, h.score) for h in spread.hits] == [
            (h.rank, h.key, h.score) for h in local.hits
        ], query
        assert [h.snippets for h in spread.hits] == [h.snippets for h in local.hits], query


def test_search_on_cluster_spreads_segments(tmp_path: Path, cluster: LocalCluster) -> None:
    """Several segments (one commit each) are scored in separate tasks, still like one index."""
    corpus = tmp_path / "docs"
    write_corpus(corpus, 60, seed=3)
    index_dir = tmp_path / "ix"
    index_paths([corpus], index_dir=index_dir, jobs=1, commit_every=20)
    with open_index(index_dir) as ix:
        assert len(ix.segment_sizes()) >= 2
        local = search(ix, "harbour OR strike", limit=30)
    spread = search_on_cluster(index_dir, "harbour OR strike", cluster=cluster.address, limit=30)
    assert spread.total == local.total > 30
    assert [(h.key, h.score) for h in spread.hits] == [(h.key, h.score) for h in local.hits]


def test_zero_hits_on_cluster_suggests(cluster_index: Path, cluster: LocalCluster) -> None:
    result = search_on_cluster(cluster_index, "harbuor", cluster=cluster.address)
    assert result.total == 0 and result.hits == ()
    assert result.suggestion == "harbour"


def test_incremental_rerun_on_cluster(tmp_path: Path, cluster: LocalCluster) -> None:
    corpus = tmp_path / "docs"
    write_corpus(corpus, 200)
    index_dir = tmp_path / "ix"
    index_paths([corpus], index_dir=index_dir, cluster=cluster.address)
    for i in (5, 150):  # 1% of the files change
        (corpus / f"doc{i:04d}.txt").write_text(f"Edited {i}\n\nzeppelin hangar {i}.\n")
    (corpus / "doc0007.txt").unlink()
    report = index_paths([corpus], index_dir=index_dir, cluster=cluster.address)
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 2, 1, 197)
    assert results(index_dir, "zeppelin")[0] == 2
    assert results(index_dir, "marker7")[0] == 0
    names = [name for name, _ in stored_documents(index_dir)]
    assert len(names) == len(set(names)) == 199


def test_cluster_rereads_files_of_older_readers_once(tmp_path: Path, cluster: LocalCluster) -> None:
    """A manifest from before reader versions: every file is read again on the cluster, once (the
    workers' reader versions are recorded)."""
    from test_reader_versions import as_version_3

    corpus = tmp_path / "docs"
    write_corpus(corpus, 40)
    index_dir = tmp_path / "ix"
    index_paths([corpus], index_dir=index_dir, cluster=cluster.address)
    as_version_3(index_dir)
    report = index_paths([corpus], index_dir=index_dir, cluster=cluster.address)
    assert (report.added, report.updated, report.unchanged, report.reread) == (0, 40, 0, 40)
    assert report.reread_readers == {"unknown"}
    names = [name for name, _ in stored_documents(index_dir)]
    assert len(names) == len(set(names)) == 40
    again = index_paths([corpus], index_dir=index_dir, cluster=cluster.address)
    assert (again.updated, again.unchanged, again.reread) == (0, 40, 0)


def test_worker_killed_mid_run_loses_nothing(tmp_path: Path, cluster: LocalCluster) -> None:
    """SIGKILL the worker running a task: Dask reruns it elsewhere, each document once."""
    corpus = tmp_path / "docs"
    write_corpus(corpus, 1200, seed=11, words_per_doc=400)
    index_dir = tmp_path / "ix"
    from distributed import Client

    killed: list[int] = []

    def kill_a_busy_worker() -> None:
        with Client(cluster.address, timeout=30) as client:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not killed:
                busy = [w for w, tasks in client.processing().items() if tasks]
                if busy:
                    pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
                time.sleep(0.05)

    killer = threading.Thread(target=kill_a_busy_worker)
    killer.start()
    report = index_paths([corpus], index_dir=index_dir, cluster=cluster.address, commit_every=400)
    killer.join()
    assert killed, "no worker was busy: the kill did not land mid-run"
    assert report.added == 1200 and not report.interrupted
    names = [name for name, _ in stored_documents(index_dir)]
    assert len(names) == len(set(names)) == 1200
    # The nanny restarts the killed worker: the cluster is whole again for the next tests.
    with Client(cluster.address, timeout=30) as client:
        client.wait_for_workers(2, timeout=60)


def test_unreachable_scheduler_is_one_clear_error(tmp_path: Path, corpus: Path) -> None:
    refused = r"Cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9: connection refused"
    with pytest.raises(ClusterError, match=refused):
        index_paths([corpus], index_dir=tmp_path / "ix", cluster="tcp://127.0.0.1:9")
    assert not (tmp_path / "ix").exists()  # nothing was read or written


def test_without_the_extra_says_how_to_install(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    with pytest.raises(ClusterError, match=r"pip install 'corpus-search\[cluster\]'"):
        index_paths([corpus], index_dir=tmp_path / "ix", cluster="tcp://127.0.0.1:8786")


def test_cli_index_and_search_on_cluster(
    tmp_path: Path, corpus: Path, cluster: LocalCluster
) -> None:
    from click.testing import CliRunner

    from corpus_search.cli import cli

    runner = CliRunner()
    index_dir = str(tmp_path / "ix")
    done = runner.invoke(
        cli, ["index", str(corpus), "--index", index_dir, "--cluster", cluster.address, "--json"]
    )
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["added"] == 240
    local = runner.invoke(cli, ["search", "harbour", "--index", index_dir, "--json"])
    spread = runner.invoke(
        cli,
        ["search", "harbour", "--index", index_dir, "--json"],
        env={"CORPUS_SEARCH_CLUSTER": cluster.address},
    )
    assert local.exit_code == spread.exit_code == 0
    assert json.loads(spread.stdout) == json.loads(local.stdout)
    missing = runner.invoke(
        cli, ["search", "zzyzx", "--index", index_dir, "--cluster", cluster.address]
    )
    assert missing.exit_code == 1 and missing.stdout.strip() != ""


def test_cli_unreachable_scheduler(tmp_path: Path, corpus: Path) -> None:
    from click.testing import CliRunner

    from corpus_search.cli import cli

    runner = CliRunner()
    for args in (
        ["index", str(corpus), "--index", str(tmp_path / "ix")],
        ["search", "harbour", "--index", str(tmp_path / "ix")],
    ):
        done = runner.invoke(cli, [*args, "--cluster", "tcp://127.0.0.1:9"])
        assert done.exit_code == 2, done.output
        assert done.stderr.startswith("Error: Cannot reach the Dask scheduler at tcp://127.0.0.1:9")
        assert len(done.stderr.strip().splitlines()) == 1 and done.stdout == ""
