"""Artifacts through the server: 1 GiB up and down on each backend.

Runs `cairn server` as a subprocess (local folder, then S3 on a loopback versitygw),
uploads a random file with the SDK (verified: the SDK claims its SHA-256, computed
before the clock starts), downloads it back (verified against the server's digest),
and samples the server's RSS with psutil. Prints a table.

    uv run python bench/artifacts.py [--size-mib 1024] [--backends local,s3]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import psutil
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cairn import artifacts  # noqa: E402
from cairn.client import Client  # noqa: E402

from tests.support.s3 import S3Server, free_port  # noqa: E402


@dataclass
class Result:
    backend: str
    size: int
    up_seconds: float
    down_seconds: float
    rss_start: int
    rss_peak: int

    def mbps(self, seconds: float) -> float:
        return self.size / seconds / 1e6


class RssSampler(threading.Thread):
    """Peak RSS of a process tree (uv run -> python), sampled every 20 ms."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.proc = psutil.Process(pid)
        self.peak = 0
        self._stop_event = threading.Event()

    def current(self) -> int:
        total = 0
        for p in [self.proc, *self.proc.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        return total

    def run(self) -> None:
        while not self._stop_event.wait(0.02):
            self.peak = max(self.peak, self.current())

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def start_server(data_dir: Path, env: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cairn_server",
            "server",
            "--data-dir",
            str(data_dir),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if "Cairn listening on" in line:
            threading.Thread(target=proc.stdout.read, daemon=True).start()  # drain
            return proc, f"127.0.0.1:{port}"
    raise RuntimeError(f"server did not start (exit {proc.wait()})")


def make_file(path: Path, size: int) -> str:
    digest = hashlib.sha256()
    block = os.urandom(64 * 1024 * 1024)
    with path.open("wb") as f:
        left = size
        while left:
            chunk = block[: min(left, len(block))]
            f.write(chunk)
            digest.update(chunk)
            left -= len(chunk)
    return digest.hexdigest()


def bench_backend(name: str, env: dict[str, str], src: Path, digest: str, work: Path) -> Result:
    data_dir = work / f"server-{name}"
    proc, address = start_server(data_dir, env)
    try:
        sampler = RssSampler(proc.pid)
        with Client(address) as client:
            exp = client.create_experiment(f"bench-{name}-{time.time_ns()}")
            run_id = client.create_run(exp.experiment_id).run_id
            time.sleep(0.5)
            rss_start = sampler.current()
            sampler.start()
            # The claimed digest was computed with the file; keep it out of the timing.
            with mock.patch.object(artifacts, "_hash_file", return_value=digest):
                t0 = time.perf_counter()
                art = artifacts.log_artifact(client, run_id, src, progress=False)
                up = time.perf_counter() - t0
            assert art.sha256 == digest, "server digest differs"
            dest = work / f"down-{name}"
            t0 = time.perf_counter()
            artifacts.download_file(client, run_id, src.name, dest / src.name, progress=False)
            down = time.perf_counter() - t0
            sampler.stop()
            (dest / src.name).unlink()
        return Result(name, src.stat().st_size, up, down, rss_start, sampler.peak)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--backends", default="local,s3")
    args = parser.parse_args()
    console = Console()
    work = Path(tempfile.mkdtemp(prefix="cairn-bench-"))
    results = []
    s3: S3Server | None = None
    try:
        src = work / "blob.bin"
        console.print(f"writing a {args.size_mib} MiB random file...")
        digest = make_file(src, args.size_mib * 1024 * 1024)
        for backend in args.backends.split(","):
            if backend == "local":
                env = {"CAIRN_ARTIFACT_ROOT": (work / "artifacts").as_uri()}
            elif backend == "s3":
                s3 = s3 or S3Server().start()
                env = s3.env(s3.create_bucket())
            else:
                raise SystemExit(f"unknown backend {backend}")
            console.print(f"benchmarking {backend}...")
            results.append(bench_backend(backend, env, src, digest, work))
    finally:
        if s3 is not None:
            s3.cleanup()
        shutil.rmtree(work, ignore_errors=True)

    table = Table(title=f"Artifacts through the server ({args.size_mib} MiB, verified both ways)")
    for col in ("backend", "up MB/s", "down MB/s", "server RSS start", "peak", "growth"):
        table.add_column(col, justify="right" if col != "backend" else "left")
    for r in results:
        table.add_row(
            r.backend,
            f"{r.mbps(r.up_seconds):,.0f}",
            f"{r.mbps(r.down_seconds):,.0f}",
            f"{r.rss_start / 2**20:,.0f} MiB",
            f"{r.rss_peak / 2**20:,.0f} MiB",
            f"{(r.rss_peak - r.rss_start) / 2**20:,.0f} MiB",
        )
    console.print(table)


if __name__ == "__main__":
    main()
