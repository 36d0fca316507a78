"""Unary calls on loopback: LogParams, SetTags and GetRun, one at a time.

Runs `cairn server` as a subprocess on SQLite (the default) and on PostgreSQL 15 (a
throwaway cluster, fsync on), creates a run, then times `--calls` calls of each kind from
one client, one after the other as a training script or a service makes them: LogParams
with one new param per call (params are immutable), SetTags overwriting one tag, GetRun of
a run with 10 params. Every write is committed before its answer. Prints p50 / p99 latency
and the server's CPU per call; `--readme` writes the table into README.md.

    uv run python bench/unary.py [--calls 2000] [--backends sqlite,postgres] [--readme]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import git_rev, update_readme

from cairn.client import Client
from tests.support.postgres import PostgresServer
from tests.support.processes import ServerProcess
from tests.support.s3 import free_port

WARMUP = 200
NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


@dataclass
class Timing:
    backend: str
    call: str
    samples: list[float]  # milliseconds
    server_cpu_ms: float  # per call

    @property
    def p50(self) -> float:
        return statistics.median(self.samples)

    @property
    def p99(self) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


@contextmanager
def database(backend: str) -> Iterator[list[str]]:
    """The server's extra arguments for `backend`."""
    if backend == "sqlite":
        yield []
        return
    pg = PostgresServer(fsync=True).start()
    try:
        yield ["--db-url", pg.create_database()]
    finally:
        pg.cleanup()


def timed(
    server: psutil.Process, backend: str, name: str, call: Callable[[int], object], calls: int
) -> Timing:
    for i in range(WARMUP):
        call(-1 - i)
    samples = []
    cpu = server.cpu_times()
    for i in range(calls):
        start = time.perf_counter()
        call(i)
        samples.append((time.perf_counter() - start) * 1000)
    spent = server.cpu_times()
    per_call = (spent.user + spent.system - cpu.user - cpu.system) / calls * 1000
    return Timing(backend, name, samples, per_call)


def bench_backend(backend: str, calls: int) -> list[Timing]:
    with tempfile.TemporaryDirectory() as tmp, database(backend) as extra:
        server = ServerProcess(Path(tmp) / "data", free_port(), *extra).start()
        assert server.proc is not None
        proc = psutil.Process(server.proc.pid)
        try:
            with Client(server.address, user="bench") as client:
                exp = client.create_experiment("unary").experiment_id
                params = {f"p{i}": str(i) for i in range(10)}
                run = client.create_run(exp, params=params).run_id
                # GetRun reads a run of its own: `run` gains a param per LogParams call.
                read = client.create_run(exp, params=params).run_id
                return [
                    timed(
                        proc,
                        backend,
                        "LogParams (1 new param)",
                        lambda i: client.log_params(run, {f"k{i}": "v"}),
                        calls,
                    ),
                    timed(
                        proc,
                        backend,
                        "SetTags (1 tag)",
                        lambda i: client.set_tags(run, {"state": f"s{i}"}),
                        calls,
                    ),
                    timed(
                        proc, backend, "GetRun (10 params)", lambda i: client.get_run(read), calls
                    ),
                ]
        finally:
            server.kill()


def markdown_of(results: list[Timing], calls: int, load: str) -> str:
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    backends = list(dict.fromkeys(t.backend for t in results))
    head = " | ".join(f"{NAMES[b]} p50 / p99 ms | server CPU per call" for b in backends)
    lines = [
        f"`uv run python bench/unary.py` (commit {git_rev()}, {when}, {os.cpu_count()} cores, "
        f"load average {load}; {calls:,} calls of each, one at a time, on loopback)",
        "",
        f"| call | {head} |",
        "|---|" + "---|---|" * len(backends),
    ]
    for call in dict.fromkeys(t.call for t in results):
        cells = []
        for b in backends:
            t = next(t for t in results if t.backend == b and t.call == call)
            cells += [f"{t.p50:.2f} / {t.p99:.2f}", f"{t.server_cpu_ms:.2f} ms"]
        lines.append(f"| {call} | " + " | ".join(cells) + " |")
    lines += ["", "Target (DESIGN.md): LogParams / SetTags p50 < 1 ms, p99 < 5 ms on loopback."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--readme", action="store_true", help="update README's bench block")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    results: list[Timing] = []
    for backend in args.backends.split(","):
        if backend not in NAMES:
            raise SystemExit(f"unknown backend {backend}")
        results += bench_backend(backend, args.calls)
    table = Table(title=f"Unary calls on loopback ({args.calls:,} each, one at a time)")
    for column in ("backend", "call", "p50 ms", "p99 ms", "server CPU per call"):
        table.add_column(column, justify="left" if column in ("backend", "call") else "right")
    for t in results:
        writes = t.call.startswith(("LogParams", "SetTags"))
        ok = not writes or (t.p50 < 1 and t.p99 < 5)
        style = "green" if ok else "red"
        table.add_row(
            NAMES[t.backend],
            t.call,
            f"[{style}]{t.p50:.2f}[/]",
            f"[{style}]{t.p99:.2f}[/]",
            f"{t.server_cpu_ms:.2f} ms",
        )
    Console().print(table)
    if args.readme:
        load = f"{load_before:.1f} -> {os.getloadavg()[0]:.1f}"
        update_readme("unary", markdown_of(results, args.calls, load))


if __name__ == "__main__":
    main()
