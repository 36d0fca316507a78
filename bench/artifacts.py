"""Artifacts through the server: 1 GiB up and down on each backend.

Runs `cairn server` as a subprocess (local folder, then S3 on a loopback versitygw),
uploads a random file with the SDK (verified: the SDK claims its SHA-256; the file is
written, flushed to disk and hashed before the clock starts), downloads it back
(verified against the server's digest while streaming), and samples the server's RSS
with psutil (the bench process, the client, tunes malloc as `cairn artifacts get|put`
do). On S3 it also times the SDK's direct download through a presigned URL
(not through the server; not in the RSS figures). Then a tree of small files
(1,000 x 2 KiB) up with log_artifacts and back with download_artifacts: files per second,
and the server's CPU per file uploaded. Prints two tables.

    uv run python bench/artifacts.py [--size-mib 1024] [--backends local,s3] [--files 1000]
        [--file-size 2048] [--readme]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import psutil
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import RssSampler, git_rev, update_readme

from cairn import artifacts
from cairn.client import Client
from cairn.memory import tune_malloc
from cairn.v1 import artifact_service_pb2 as pb
from tests.support.processes import ServerProcess
from tests.support.s3 import S3Server, free_port


@dataclass
class TreeResult:
    """A tree of small files through log_artifacts / download_artifacts."""

    files: int
    up_seconds: float
    down_seconds: float
    up_server_cpu: float  # CPU seconds of the server for the whole upload


@dataclass
class Result:
    backend: str
    size: int
    up_seconds: float
    down_seconds: float
    stream_seconds: float
    rss_start: int
    rss_peak: int
    up_cpu: tuple[float, float] = (0.0, 0.0)  # CPU seconds (server, client)
    down_cpu: tuple[float, float] = (0.0, 0.0)
    direct_seconds: float | None = None  # S3: a download through a presigned URL
    tree: TreeResult | None = None

    def mbps(self, seconds: float) -> float:
        return self.size / seconds / 1e6

    def cpu_per_gib(self, cpu: tuple[float, float]) -> str:
        server, client = (c * 2**30 / self.size for c in cpu)
        return f"{server:.1f}+{client:.1f}"


def make_tree(root: Path, files: int, size: int) -> None:
    for i in range(files):
        folder = root / f"d{i % 10}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"f{i}.txt").write_bytes(os.urandom(size))


def bench_tree(client: Client, run_id: str, server_pid: int, tree: Path, work: Path) -> TreeResult:
    files = sum(1 for p in tree.rglob("*") if p.is_file())
    cpu = CpuClock(server_pid)
    t0 = time.perf_counter()
    artifacts.log_artifacts(client, run_id, tree, "tree", progress=False)
    up = time.perf_counter() - t0
    up_cpu = cpu.lap()[0]
    t0 = time.perf_counter()
    out = artifacts.download_artifacts(client, run_id, "tree", work / "tree-down", progress=False)
    down = time.perf_counter() - t0
    got = sum(1 for p in out.rglob("*") if p.is_file())
    assert got == files, f"downloaded {got} of {files} files"
    shutil.rmtree(out)
    return TreeResult(files, up, down, up_cpu)


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
        # On disk before the clock starts: otherwise the kernel writes the source's
        # 1 GiB back during the upload, on the same two cores.
        f.flush()
        os.fsync(f.fileno())
    return digest.hexdigest()


class CpuClock:
    """CPU seconds (user + system) of the server process and of this one."""

    def __init__(self, server_pid: int) -> None:
        self.server = psutil.Process(server_pid)
        self.start = self._now()

    def _now(self) -> tuple[float, float]:
        s = self.server.cpu_times()
        c = os.times()
        return s.user + s.system, c.user + c.system

    def lap(self) -> tuple[float, float]:
        now = self._now()
        spent = (now[0] - self.start[0], now[1] - self.start[1])
        self.start = now
        return spent


def bench_backend(
    name: str, env: dict[str, str], src: Path, digest: str, tree: Path | None, work: Path
) -> Result:
    server = ServerProcess(work / f"server-{name}", free_port(), env=env).start()
    try:
        with Client(server.address) as client:
            exp = client.create_experiment(f"bench-{name}-{time.time_ns()}")
            run_id = client.create_run(exp.experiment_id).run_id
            assert server.proc is not None
            sampler = RssSampler(server.proc.pid, interval=0.02)
            # The claimed digest was computed with the file: keep it out of the timing.
            with mock.patch.object(artifacts, "_hash_file", return_value=digest):
                cpu = CpuClock(server.proc.pid)
                t0 = time.perf_counter()
                art = artifacts.log_artifact(client, run_id, src, progress=False)
                up = time.perf_counter() - t0
                up_cpu = cpu.lap()
            assert art.sha256 == digest, "server digest differs"
            dest = work / f"down-{name}" / src.name
            cpu.lap()
            t0 = time.perf_counter()
            artifacts.download_file(client, run_id, src.name, dest, progress=False)
            down = time.perf_counter() - t0
            down_cpu = cpu.lap()
            dest.unlink()
            # The same download, verified but not written locally: what the server
            # sends, without the client's page-cache writes.
            t0 = time.perf_counter()
            streamed = stream_verified(client, run_id, src.name)
            stream = time.perf_counter() - t0
            assert streamed == digest, "streamed digest differs"
            peak = sampler.stop()
            direct = None
            if name == "s3":
                # Past the server: the SDK's direct download, verified the same way.
                t0 = time.perf_counter()
                artifacts.download_file(client, run_id, src.name, dest, progress=False, direct=True)
                direct = time.perf_counter() - t0
                dest.unlink()
            small = bench_tree(client, run_id, server.proc.pid, tree, work) if tree else None
        return Result(
            name,
            src.stat().st_size,
            up,
            down,
            stream,
            sampler.baseline,
            peak,
            up_cpu,
            down_cpu,
            direct,
            small,
        )
    finally:
        server.terminate()
        shutil.rmtree(work / f"server-{name}", ignore_errors=True)


def stream_verified(client: Client, run_id: str, path: str) -> str:
    calls = artifacts._calls(client)
    digest = hashlib.sha256()
    request = pb.DownloadArtifactRequest(run_id=run_id, path=path)
    for message in calls.download(request, metadata=calls.metadata):
        if isinstance(message, memoryview):
            digest.update(message)
    return digest.hexdigest()


COLUMNS = (
    "backend",
    "up MB/s",
    "down MB/s",
    "down, not saved",
    "down, presigned",
    "CPU up s/GiB srv+cli",
    "CPU down",
    "server RSS",
    "peak",
    "growth",
)


def rows_of(results: list[Result]) -> list[tuple[str, ...]]:
    return [
        (
            r.backend,
            f"{r.mbps(r.up_seconds):,.0f}",
            f"{r.mbps(r.down_seconds):,.0f}",
            f"{r.mbps(r.stream_seconds):,.0f}",
            "-" if r.direct_seconds is None else f"{r.mbps(r.direct_seconds):,.0f}",
            r.cpu_per_gib(r.up_cpu),
            r.cpu_per_gib(r.down_cpu),
            f"{r.rss_start / 2**20:,.0f} MiB",
            f"{r.rss_peak / 2**20:,.0f} MiB",
            f"{(r.rss_peak - r.rss_start) / 2**20:,.0f} MiB",
        )
        for r in results
    ]


def table_of(title: str, columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> Table:
    table = Table(title=title)
    for col in columns:
        table.add_column(col, justify="left" if col == "backend" else "right")
    for row in rows:
        table.add_row(*row)
    return table


TREE_COLUMNS = ("backend", "files", "up files/s", "down files/s", "server CPU per file up")


def tree_rows_of(results: list[Result]) -> list[tuple[str, ...]]:
    return [
        (
            r.backend,
            f"{t.files:,}",
            f"{t.files / t.up_seconds:,.0f}",
            f"{t.files / t.down_seconds:,.0f}",
            f"{t.up_server_cpu / t.files * 1000:.1f} ms",
        )
        for r in results
        if (t := r.tree) is not None
    ]


def _markdown_table(columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def markdown_of(results: list[Result], size_mib: int, file_size: int, load: str) -> str:
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = [
        f"`uv run python bench/artifacts.py` (commit {git_rev()}, {when}, {size_mib} MiB,"
        f" {os.cpu_count()} cores, load average {load})",
        "",
        *_markdown_table(COLUMNS, rows_of(results)),
    ]
    if trees := tree_rows_of(results):
        lines += ["", f"Trees of small files ({file_size:,} bytes each):", ""]
        lines += _markdown_table(TREE_COLUMNS, trees)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--backends", default="local,s3")
    parser.add_argument("--files", type=int, default=1000, help="small files in the tree (0: none)")
    parser.add_argument("--file-size", type=int, default=2048)
    parser.add_argument("--readme", action="store_true", help="update README's bench block")
    args = parser.parse_args()
    # The client side runs as `cairn artifacts get|put` does (see cairn.memory): warm
    # heap pages for the 4 MiB messages it receives instead of fresh mmaps.
    tune_malloc()
    load_before = os.getloadavg()[0]
    console = Console(width=max(Console().width, 130))
    work = Path(tempfile.mkdtemp(prefix="cairn-bench-"))
    results = []
    s3: S3Server | None = None
    try:
        src = work / "blob.bin"
        console.print(f"writing a {args.size_mib} MiB random file...")
        digest = make_file(src, args.size_mib * 1024 * 1024)
        tree = work / "tree" if args.files else None
        if tree:
            make_tree(tree, args.files, args.file_size)
        for backend in args.backends.split(","):
            if backend == "local":
                env = {"CAIRN_ARTIFACT_ROOT": (work / "artifacts").as_uri()}
            elif backend == "s3":
                s3 = s3 or S3Server().start()
                env = s3.env(s3.create_bucket())
            else:
                raise SystemExit(f"unknown backend {backend}")
            console.print(f"benchmarking {backend}...")
            results.append(bench_backend(backend, env, src, digest, tree, work))
    finally:
        if s3 is not None:
            s3.cleanup()
        shutil.rmtree(work, ignore_errors=True)
    title = f"Artifacts through the server ({args.size_mib} MiB, verified both ways)"
    console.print(table_of(title, COLUMNS, rows_of(results)))
    if tree:
        title = f"Trees of small files ({args.file_size:,} bytes each, SDK, verified)"
        console.print(table_of(title, TREE_COLUMNS, tree_rows_of(results)))
    if args.readme:
        load = f"{load_before:.1f} -> {os.getloadavg()[0]:.1f}"
        update_readme("artifacts", markdown_of(results, args.size_mib, args.file_size, load))


if __name__ == "__main__":
    main()
