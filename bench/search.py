"""Run search at scale: 100k runs x 10 params x 10 metrics, on SQLite and PostgreSQL.

Starts `cairn server` as a subprocess per backend (PostgreSQL: a throwaway cluster with
fsync on), fills it through the API's bulk paths - CreateRun with its params and tags,
LogMetrics carrying thousands of batches per call, UpdateRun for 40% of statuses - from
parallel client threads against several server processes sharing the port (as in
production, SO_REUSEPORT), then times representative searches (filter + order_by + a
page of 100, end to end through gRPC, each run with its params, tags and metric
summaries) and prints p50/p99 per query.

    uv run python bench/search.py                      # 100k runs, both backends
    uv run python bench/search.py --runs 20000 --backends sqlite
    uv run python bench/search.py --keep /tmp/cairn-bench  # reuse the data next time
    uv run python bench/search.py --keep /tmp/cairn-bench --load-only  # load, time later
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _common import git_rev, update_readme  # noqa: E402

from cairn.client import Client  # noqa: E402
from cairn.search import leaderboard  # noqa: E402
from cairn.v1 import metric_pb2  # noqa: E402
from cairn.v1 import tracking_service_pb2 as pb  # noqa: E402
from tests.support.postgres import PostgresServer, free_port  # noqa: E402

console = Console()

EXPERIMENTS = 10
RUNS_PER_BLOCK = 250  # runs created, then metrics logged in one LogMetrics call
POINTS_PER_METRIC = 3
TEAMS = [f"team-{i}" for i in range(8)]
OPTIMIZERS = ["adam", "sgd", "rmsprop", "adagrad"]
LRS = ["0.1", "0.01", "0.001", "0.0001"]


# -- the server ----------------------------------------------------------------------


def _drain(proc: subprocess.Popen[str]) -> None:
    for _ in proc.stdout or []:
        pass


def _start(cmd: list[str], port: int) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert proc.stdout is not None
    lines: list[str] = []
    for line in proc.stdout:
        lines.append(line)
        if f"Cairn listening on 127.0.0.1:{port}" in line:
            break
    else:
        proc.wait()
        raise SystemExit("the server did not start:\n" + "".join(lines))
    # Keep draining its output so the pipe never fills up.
    threading.Thread(target=_drain, args=(proc,), daemon=True).start()
    return proc


@contextmanager
def cairn_server(data_dir: Path, db_url: str = "", processes: int = 1) -> Iterator[str]:
    """`processes` servers on one port; the first migrates the database alone."""
    port = free_port()
    cmd = ["uv", "run", "cairn", "server", "--data-dir", str(data_dir)]
    cmd += ["--host", "127.0.0.1", "--port", str(port)]
    if db_url:
        cmd += ["--db-url", db_url]
    procs = [_start(cmd, port)]
    try:
        procs += [_start(cmd, port) for _ in range(processes - 1)]
        yield f"127.0.0.1:{port}"
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


@contextmanager
def postgres(keep: Path | None) -> Iterator[str]:
    server = PostgresServer(fsync=True)
    if keep is not None:
        # Reuse one cluster under --keep instead of a fresh temp dir.
        shutil.rmtree(server.root, ignore_errors=True)
        server.root = keep / "postgres"
        server.data = server.root / "data"
        server.root.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(server.root, "postgres", "postgres")
    url_file = server.root / "cairn-url"
    if keep is not None and url_file.exists():
        # The database URL names the port; the cluster must come back on it.
        server.port = int(url_file.read_text().rsplit(":", 1)[1].split("/")[0])
    server.start()
    try:
        if keep is not None and url_file.exists():
            yield url_file.read_text()
        else:
            url = server.create_database()
            if keep is not None:
                url_file.write_text(url)
            yield url
    finally:
        if keep is None:
            server.cleanup()
        else:
            server.stop()


# -- generating runs -------------------------------------------------------------------


def _block(client: Client, exp_ids: list[str], first: int, count: int, seed: int) -> None:
    """Creates `count` runs with params and tags, logs all their metrics in one
    LogMetrics call, then finishes most of them."""
    rng = np.random.default_rng(seed)
    run_ids: list[str] = []
    for i in range(first, first + count):
        params = {
            "lr": LRS[int(rng.integers(len(LRS)))],
            "optimizer": OPTIMIZERS[int(rng.integers(len(OPTIMIZERS)))],
            "batch_size": str(2 ** int(rng.integers(4, 9))),
            "layers": str(int(rng.integers(1, 50))),
            "dropout": f"{rng.random():.2f}",
            "seed": str(i),
        }
        params.update({f"p{j}": f"v{int(rng.integers(1000))}" for j in range(6, 10)})
        tags = {"team": TEAMS[i % len(TEAMS)], "model_type": f"type-{i % 5}"}
        if i % 3 == 0:
            tags["priority"] = "high"
        run = client.create_run(
            exp_ids[i % len(exp_ids)],
            run_name=f"run-{i}",
            start_time_millis=1_700_000_000_000 + i * 1000,
            params=params,
            tags=tags,
        )
        run_ids.append(run.run_id)
    batches = []
    steps = np.arange(POINTS_PER_METRIC, dtype=np.int64)
    for n, run_id in enumerate(run_ids):
        for m in range(10):
            if m == 8 and (first + n) % 50 == 0:
                continue  # 2% of runs never log m8
            final = rng.random()
            values = final + rng.normal(0, 0.05, POINTS_PER_METRIC)
            values[-1] = np.nan if m == 9 and (first + n) % 200 == 0 else final
            batches.append(
                metric_pb2.MetricBatch(
                    run_id=run_id, key=f"m{m}", steps=steps, values=values, timestamps_millis=[]
                )
            )
    client.call(client.tracking.LogMetrics, pb.LogMetricsRequest(batches=batches), timeout=300)
    for n, run_id in enumerate(run_ids):
        roll = (first + n) % 10
        if roll < 3:
            client.update_run(run_id, status="FINISHED")
        elif roll == 3:
            client.update_run(run_id, status="FAILED")


def generate(address: str, runs: int, workers: int) -> float:
    with Client(address, user="bench") as client:
        exp_ids = [client.create_experiment(f"bench-{i}").experiment_id for i in range(EXPERIMENTS)]
        started = time.perf_counter()
        blocks = [(b, min(RUNS_PER_BLOCK, runs - b)) for b in range(0, runs, RUNS_PER_BLOCK)]
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task(f"creating {runs:,} runs", total=runs)
            with ThreadPoolExecutor(workers) as pool:
                futures = [
                    pool.submit(_block, client, exp_ids, first, count, seed=first)
                    for first, count in blocks
                ]
                for (_, count), future in zip(blocks, futures, strict=True):
                    future.result()
                    progress.advance(task, count)
        return time.perf_counter() - started


# -- the queries ----------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    name: str
    filter: str = ""
    order_by: tuple[str, ...] = ()
    one_experiment: bool = False
    page: int = 1  # which page of 100 is timed (the ones before it are not)


QUERIES = [
    Query("metric threshold, best first", "metrics.m0 > 0.9", ("metrics.m0 DESC",)),
    Query(
        "param = and metric <, by that metric",
        "params.lr = '0.01' AND metrics.m1 < 0.2",
        ("metrics.m1 ASC",),
    ),
    Query("tag =, newest first", "tags.team = 'team-3'"),
    Query(
        "status and param, by a metric",
        "status = 'FINISHED' AND params.optimizer = 'adam'",
        ("metrics.m2 DESC",),
    ),
    Query("no filter, top by a metric", "", ("metrics.m3 DESC",)),
    Query(
        "IN + two metric ranges, newest first",
        "params.optimizer IN ('adam', 'sgd') AND metrics.m4 >= 0.5 AND metrics.m5 <= 0.5",
    ),
    Query(
        "OR of tags, by param then metric",
        "tags.team = 'team-1' OR tags.team = 'team-2'",
        ("params.batch_size ASC", "metrics.m0 DESC"),
    ),
    Query("run_name LIKE", "attributes.run_name LIKE 'run-12%'"),
    Query(
        "one experiment, metric filter, other metric",
        "metrics.m6 > 0.5",
        ("metrics.m7 ASC",),
        one_experiment=True,
    ),
    Query(
        "NOT + IS NULL, by a metric with gaps", "NOT tags.priority IS NULL", ("metrics.m8 DESC",)
    ),
    Query("page 20 of a metric order", "", ("metrics.m0 DESC",), page=20),
]


def _timed(fn: Callable[[], object], repeat: int) -> list[float]:
    for _ in range(3):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def p99(samples: Sequence[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def measure(address: str, repeat: int) -> list[tuple[str, int, list[float]]]:
    results = []
    with Client(address, user="bench") as client:
        exps = [e.experiment_id for e in client.list_experiments()]
        for q in QUERIES:
            req = pb.SearchRunsRequest(
                experiment_ids=exps[:1] if q.one_experiment else [],
                filter=q.filter,
                order_by=list(q.order_by),
                page_size=100,
            )
            for _ in range(q.page - 1):  # walk to the timed page
                req.page_token = client.call(client.tracking.SearchRuns, req).next_page_token
            rows = len(client.call(client.tracking.SearchRuns, req).runs)

            def search(req: pb.SearchRunsRequest = req) -> pb.SearchRunsResponse:
                return client.call(client.tracking.SearchRuns, req)

            results.append((q.name, rows, _timed(search, repeat)))
        for agg in ("latest", "max"):

            def board(agg: str = agg) -> list[pb.LeaderboardEntry]:
                return leaderboard(client, "m0", aggregate=agg, k=10)

            rows = len(board())
            results.append((f"leaderboard top 10 by m0 ({agg})", rows, _timed(board, repeat)))
    return results


def describe(runs: int) -> str:
    return f"{runs:,} runs x 10 params x 10 metrics ({POINTS_PER_METRIC} points each)"


@dataclass(frozen=True)
class Options:
    runs: int
    workers: int
    servers: int
    repeat: int
    keep: Path | None
    load_only: bool = False


def analyze(db_url: str) -> None:
    """Vacuums and refreshes planner statistics right after the bulk load, as
    autovacuum would within a minute or so (PostgreSQL 13+ vacuums after inserts too):
    timing before that would measure stale estimates, and index-only scans would
    still visit the heap for every row (the visibility map is set by VACUUM)."""
    import psycopg

    with psycopg.connect(db_url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as c:
        c.execute("VACUUM ANALYZE")


def run_backend(
    backend: str, opts: Options
) -> tuple[float | None, tuple[float, ...], list[tuple[str, int, list[float]]]]:
    keep = opts.keep
    base = keep / backend if keep else Path(tempfile.mkdtemp(prefix=f"cairn-bench-{backend}-"))
    base.mkdir(parents=True, exist_ok=True)
    loaded_marker = base / f"loaded-{opts.runs}"
    try:
        with (
            database_for(backend, keep and keep / backend) as db_url,
            cairn_server(base / "data", db_url, opts.servers) as address,
        ):
            load_seconds = None
            if not loaded_marker.exists():
                console.print(f"[bold]{backend}[/]: generating {describe(opts.runs)}")
                load_seconds = generate(address, opts.runs, opts.workers)
                loaded_marker.touch()
                rate = opts.runs / load_seconds
                console.print(f"  loaded in {load_seconds:.0f} s ({rate:,.0f} runs/s)")
                if db_url:
                    analyze(db_url)
            if opts.load_only:
                return load_seconds, os.getloadavg(), []
            console.print(f"[bold]{backend}[/]: timing {len(QUERIES) + 2} queries")
            results = measure(address, opts.repeat)
            return load_seconds, os.getloadavg(), results
    finally:
        if keep is None:
            shutil.rmtree(base, ignore_errors=True)


@contextmanager
def database_for(backend: str, keep: Path | None) -> Iterator[str]:
    """The --db-url for the backend ("" for the server's default SQLite file)."""
    if backend == "postgres":
        with postgres(keep) as url:
            yield url
    else:
        yield ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=100_000)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--workers", type=int, default=8, help="client threads while loading")
    parser.add_argument("--servers", type=int, default=2, help="server processes on the port")
    parser.add_argument("--repeat", type=int, default=50, help="timed calls per query")
    parser.add_argument("--keep", type=Path, help="keep the data here and reuse it next time")
    parser.add_argument(
        "--load-only", action="store_true", help="load the data into --keep, time nothing"
    )
    parser.add_argument("--readme", action="store_true", help="update README's bench block")
    parser.add_argument("--markdown", type=Path, help="also write the table here as markdown")
    args = parser.parse_args()
    if args.load_only and args.keep is None:
        parser.error("--load-only needs --keep")

    table = Table(title=f"SearchRuns, page of 100, {describe(args.runs)}")
    table.add_column("backend")
    table.add_column("query")
    table.add_column("rows", justify="right")
    table.add_column("p50 ms", justify="right")
    table.add_column("p99 ms", justify="right")
    opts = Options(args.runs, args.workers, args.servers, args.repeat, args.keep, args.load_only)
    notes = []
    measured: dict[str, list[tuple[str, int, list[float]]]] = {}
    for backend in args.backends.split(","):
        load_seconds, load_avg, results = run_backend(backend, opts)
        measured[backend] = results
        if load_seconds is not None:
            notes.append(f"{backend}: loaded in {load_seconds:.0f} s through the API")
        averages = ", ".join(f"{x:.1f}" for x in load_avg)
        notes.append(
            f"{backend}: machine load average while timing: {averages} ({os.cpu_count()} cores)"
        )
        for name, rows, samples in results:
            p50 = statistics.median(samples)
            style = "green" if p50 < 50 else "red"
            table.add_row(backend, name, str(rows), f"[{style}]{p50:.1f}[/]", f"{p99(samples):.1f}")
        table.add_section()
    console.print(table)
    for line in notes:
        console.print(line)
    console.print("target: p50 < 50 ms (DESIGN.md); MLflow 3.17: p50 ~470 ms at 5,000 runs")
    if args.load_only:
        return
    text = markdown_of(args, measured, notes)
    if args.markdown:
        args.markdown.write_text(text + "\n")
    if args.readme:
        update_readme("search", text)


NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


def markdown_of(
    args: argparse.Namespace,
    measured: dict[str, list[tuple[str, int, list[float]]]],
    notes: list[str],
) -> str:
    """One row per query, p50 / p99 per backend."""
    backends = list(measured)
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = [
        f"`uv run python bench/search.py --runs {args.runs}` (commit {git_rev()}, {when}, "
        f"{os.cpu_count()} cores; {describe(args.runs)}; a page of 100 runs with their "
        "params, tags and metric summaries, end to end over gRPC; "
        f"{args.repeat} timed calls per query)",
        "",
        "| query | rows | "
        + " | ".join(f"{NAMES.get(b, b)} p50 / p99 ms" for b in backends)
        + " |",
        "|---|---|" + "---|" * len(backends),
    ]
    first = measured[backends[0]]
    for i, (name, rows, _) in enumerate(first):
        cells = []
        for b in backends:
            samples = measured[b][i][2]
            p50 = statistics.median(samples)
            mark = "" if p50 < 50 else " **(over 50)**"
            cells.append(f"{p50:.1f} / {p99(samples):.1f}{mark}")
        lines.append(f"| {name} | {rows} | " + " | ".join(cells) + " |")
    lines += ["", *(f"- {note}" for note in notes)]
    lines.append("- target: p50 < 50 ms (DESIGN.md); MLflow 3.17: p50 about 470 ms at 5,000 runs")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
