"""A real Dask scheduler and workers on 127.0.0.1, as separate processes: for the cluster tests
(tests/test_cluster.py) and benchmark (scripts/bench_cluster.py).

Started with the same Python (``python -m distributed.cli.dask_scheduler``), each bounded in
time, and stopped (SIGTERM, then SIGKILL, the whole process group) when the block ends.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

START_TIMEOUT = 60.0  # seconds for the scheduler and workers to come up on a loaded machine


@dataclass
class LocalCluster:
    address: str
    folder: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def stop(self) -> None:
        for p in self.processes:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for p in self.processes:
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()


def _start(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    with open(log, "wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,  # its own process group: stop() ends nannies and workers
        )


IDLE_TIMEOUT = "600s"  # no task moving for this long: nobody is using the scheduler


@contextmanager
def local_cluster(folder: Path, *, workers: int = 2) -> Iterator[LocalCluster]:
    """A scheduler on 127.0.0.1 (a free port) and ``workers`` one-thread workers."""
    folder.mkdir(parents=True, exist_ok=True)
    scheduler_file = folder / "scheduler.json"
    scheduler = _start(
        [
            "distributed.cli.dask_scheduler",
            "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
            "--scheduler-file", str(scheduler_file),
            # If this process is killed before it can stop them (SIGKILL, a CI timeout), the
            # scheduler ends itself after 10 idle minutes and the workers 30 s after it.
            "--idle-timeout", IDLE_TIMEOUT,
        ],
        folder / "scheduler.log",
    )
    cluster = LocalCluster(address="", folder=folder, processes=[scheduler])
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not scheduler_file.exists():
            if time.monotonic() > deadline or scheduler.poll() is not None:
                raise RuntimeError((folder / "scheduler.log").read_text(errors="replace"))
            time.sleep(0.1)
        time.sleep(0.2)  # the file is written whole, but give it a moment
        cluster.address = json.loads(scheduler_file.read_text())["address"]
        for i in range(workers):
            cluster.processes.append(
                _start(
                    [
                        "distributed.cli.dask_worker", cluster.address,
                        "--nthreads", "1", "--no-dashboard", "--name", f"w{i}",
                        "--host", "127.0.0.1", "--local-directory", str(folder / f"w{i}"),
                        "--death-timeout", "30",
                    ],
                    folder / f"worker{i}.log",
                )
            )
        from distributed import Client

        with Client(cluster.address, timeout=START_TIMEOUT) as client:
            client.wait_for_workers(workers, timeout=START_TIMEOUT)
        yield cluster
    finally:
        cluster.stop()
