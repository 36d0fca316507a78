"""Metric ingest benchmark: one stream with 10k-point batches, 256 concurrent streams,
history reads, server memory. Runs the server as a subprocess (SQLite, then
PostgreSQL) and the load from separate client processes.

    uv run python bench/ingest.py [--points 10000000] [--backends sqlite,postgres] [--update-readme]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import grpc
import numpy as np
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (
    ROOT,
    PostgresServer,
    RssSampler,
    ServerProcess,
    free_port,
    git_rev,
    update_readme,
)

sys.path.insert(0, str(ROOT / "client/python"))
from cairn import _wire
from cairn.client import Client
from cairn.v1 import tracking_service_pb2 as pb

METHOD = "/cairn.v1.TrackingService/StreamMetrics"


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


# -- client workers (run in their own processes) ---------------------------------------


async def _stream(
    channel: grpc.aio.Channel,
    stream_id: str,
    messages: list[tuple[bytes, int]],
    window: int,
    interval: float,
) -> tuple[int, list[float], float, str]:
    """Opens a stream, then - as the SDK's streamer does, once the server has said where
    the stream stands - sends pre-encoded messages (at most `window` unacked, one every
    `interval` seconds if > 0). Returns points acked, ack latencies, the time the open
    took, and an error or ""."""
    call = channel.stream_stream(
        METHOD,
        request_serializer=lambda b: b,
        response_deserializer=pb.StreamMetricsResponse.FromString,
    )
    queue: asyncio.Queue[bytes | None] = asyncio.Queue()
    sent_at: dict[int, float] = {}
    latencies: list[float] = []
    acked_points = 0
    room = asyncio.Semaphore(window)

    async def requests() -> Any:
        while (item := await queue.get()) is not None:
            yield item

    async def send() -> None:
        # Workers are not synchronised: each starts at a random phase of its interval.
        start = time.perf_counter() + random.random() * interval
        for i, (body, _points) in enumerate(messages, start=1):
            if interval:
                delay = start + (i - 1) * interval - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
            await room.acquire()
            sent_at[i] = time.perf_counter()
            await queue.put(_wire.data_request(_wire.renumber(body, i)))

    opening = time.perf_counter()
    stream = call(requests())
    await queue.put(_wire.open_request(stream_id))
    sender: asyncio.Task[None] | None = None
    acked = 0
    try:
        async for response in stream:
            kind = response.WhichOneof("message")
            if kind == "opened":
                open_latency = time.perf_counter() - opening
                sender = asyncio.create_task(send())
            if kind != "ack":
                continue
            now = time.perf_counter()
            for seq in range(acked + 1, response.ack.acked_seq + 1):
                latencies.append(now - sent_at.pop(seq))
                acked_points += messages[seq - 1][1]
                room.release()
            acked = response.ack.acked_seq
            if acked == len(messages):
                break
    except grpc.aio.AioRpcError as exc:
        if sender is not None:
            sender.cancel()
        return acked_points, latencies, float("nan"), f"{exc.code().name}: {exc.details()}"
    assert sender is not None, "the stream ended before it opened"
    await sender
    await queue.put(None)
    return acked_points, latencies, open_latency, ""


def build_messages(
    run_id: str, key: str, first_step: int, count: int, batch_points: int, batches_per_msg: int
) -> list[tuple[bytes, int]]:
    rng = np.random.default_rng(7)
    out = []
    step = first_step
    for _ in range(count):
        batches = []
        for _ in range(batches_per_msg):
            steps = np.arange(step, step + batch_points, dtype=np.int64)
            values = rng.random(batch_points)
            stamps = np.full(batch_points, 1_700_000_000_000, dtype=np.int64)
            batches.append(_wire.metric_batch(run_id, key, steps, values, stamps))
            step += batch_points
        out.append((_wire.stream_data(0, batches), batch_points * batches_per_msg))
    return out


def worker(args: argparse.Namespace) -> None:
    spec = json.loads(args.worker)
    options = [
        ("grpc.max_send_message_length", 64 << 20),
        ("grpc.max_receive_message_length", 64 << 20),
    ]

    async def run() -> dict[str, Any]:
        async with grpc.aio.insecure_channel(spec["address"], options=options) as channel:
            jobs = []
            for i, run_id in enumerate(spec["runs"]):
                msgs = build_messages(
                    run_id,
                    spec["key"],
                    0,
                    spec["messages"],
                    spec["batch_points"],
                    spec["batches_per_msg"],
                )
                jobs.append(
                    _stream(
                        channel, f"{spec['prefix']}-{i}", msgs, spec["window"], spec["interval"]
                    )
                )
            start = time.perf_counter()
            results = await asyncio.gather(*jobs)
            elapsed = time.perf_counter() - start
        points = sum(r[0] for r in results)
        lat = [x for r in results for x in r[1]]
        opens = [r[2] for r in results if not r[3]]
        return {
            "points": points,
            "seconds": elapsed,
            "p50": percentile(lat, 50),
            "p99": percentile(lat, 99),
            "open_p50": percentile(opens, 50),
            "open_p99": percentile(opens, 99),
            "errors": [r[3] for r in results if r[3]],
        }

    print(json.dumps(asyncio.run(run())))


def run_worker(spec: dict[str, Any]) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, __file__, "--worker", json.dumps(spec)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if result.returncode != 0:
        raise SystemExit(f"client worker failed:\n{result.stderr[-3000:]}")
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def read_worker(args: argparse.Namespace) -> None:
    spec = json.loads(args.read)
    with Client(spec["address"], timeout=120) as client:
        client.get_metric_history(spec["run_id"], spec["key"], max_points=1000)  # warm-up
        t0 = time.perf_counter()
        steps, _, _ = client.get_metric_history(spec["run_id"], spec["key"])
        full = time.perf_counter() - t0
        samples = []
        for _ in range(20):
            t0 = time.perf_counter()
            small, _, _ = client.get_metric_history(spec["run_id"], spec["key"], max_points=1000)
            samples.append(time.perf_counter() - t0)
    print(
        json.dumps(
            {
                "points": len(steps),
                "seconds": full,
                "down_points": len(small),
                "down_p50": percentile(samples, 50),
            }
        )
    )


# -- the benchmark ---------------------------------------------------------------------


def warm_wal(pg: PostgresServer, rows: int = 1_000_000) -> None:
    """Gives the new cluster what a server that has been running has: recycled WAL
    segments (~1 GB here, PostgreSQL's default max_wal_size). A brand-new cluster
    creates each 16 MB segment on first use, zero-filled and fsynced in the commit that
    crosses into it: at the fan-in's ~20 MB/s of WAL, one commit in ~0.8 s waits ~40 ms
    more, which is the cluster's youth, not the service (docs/operations.md)."""
    with psycopg.connect(pg.admin_dsn(), autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE wal_warmup AS SELECT repeat(md5(g::text), 30) AS pad "
            "FROM generate_series(1, %s) AS g",
            (rows,),
        )
        conn.execute("DROP TABLE wal_warmup")
        conn.execute("CHECKPOINT")


def bench_backend(
    name: str, points: int, fanin_streams: int, fanin_rate: float, db_url: str | None
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        extra = ["--db-url", db_url] if db_url else []
        server = ServerProcess(Path(tmp) / "data", free_port(), *extra).start()
        assert server.proc is not None
        rss = RssSampler(server.proc.pid)
        try:
            with Client(server.address) as c:
                exp = c.create_experiment("bench").experiment_id
                run = c.create_run(exp).run_id
                fanin_runs = [c.create_run(exp).run_id for _ in range(fanin_streams)]
            batch, per_msg = 10_000, 10
            single = run_worker(
                {
                    "address": server.address,
                    "runs": [run],
                    "key": "loss",
                    "messages": points // (batch * per_msg),
                    "batch_points": batch,
                    "batches_per_msg": per_msg,
                    "window": 8,
                    "interval": 0,
                    "prefix": "single",
                }
            )
            single_rss = rss.peak
            reads = json.loads(
                subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--read",
                        json.dumps({"address": server.address, "run_id": run, "key": "loss"}),
                    ],
                    capture_output=True,
                    text=True,
                    check=True,
                    cwd=ROOT,
                )
                .stdout.strip()
                .splitlines()[-1]
            )
            read_rss = rss.peak
            rss.reset()
            # Each worker sends one 10k-point batch per message, paced so that all
            # streams together offer `fanin_rate` points/s (an open-loop load).
            msg_points = 10_000
            per_stream_rate = fanin_rate / fanin_streams
            fanin = run_worker(
                {
                    "address": server.address,
                    "runs": fanin_runs,
                    "key": "loss",
                    "messages": 16,
                    "batch_points": msg_points,
                    "batches_per_msg": 1,
                    "window": 2,
                    "interval": msg_points / per_stream_rate,
                    "prefix": "fanin",
                }
            )
            fanin_rss = rss.peak
        finally:
            rss.stop()
            server.kill()
    return {
        "backend": name,
        "single_pps": single["points"] / single["seconds"],
        "single_points": single["points"],
        "single_p50": single["p50"],
        "single_p99": single["p99"],
        "single_rss": single_rss,
        "read_rss": read_rss,
        "fanin_pps": fanin["points"] / fanin["seconds"],
        "fanin_p50": fanin["p50"],
        "fanin_p99": fanin["p99"],
        "fanin_open_p50": fanin["open_p50"],
        "fanin_open_p99": fanin["open_p99"],
        "fanin_errors": len(fanin["errors"]),
        "fanin_rss": fanin_rss,
        "fanin_offered": fanin_rate,
        "read_points": reads["points"],
        "read_s": reads["seconds"],
        "down_points": reads["down_points"],
        "down_p50": reads["down_p50"],
    }


def render(results: list[dict[str, Any]], streams: int) -> str:
    mb = 1024 * 1024
    lines = [
        f"`uv run python bench/ingest.py` (commit {git_rev()}, 2 cores; server and client in separate processes)",
        "",
        "| backend | 1 stream, 10k-point batches | ack p50 / p99 | 10M-point history read | downsample to 1,000 (p50) "
        f"| {streams} streams: points/s | ack p50 / p99 | stream open p50 / p99 | errors | server peak RSS |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['backend']} | {r['single_pps'] / 1e6:.2f}M points/s | {r['single_p50'] * 1e3:.0f} / {r['single_p99'] * 1e3:.0f} ms "
            f"| {r['read_points'] / 1e6:.0f}M in {r['read_s']:.2f} s | {r['down_points']} points in {r['down_p50'] * 1e3:.1f} ms "
            f"| {r['fanin_pps'] / 1e6:.2f}M (offered {r['fanin_offered'] / 1e6:.1f}M) | {r['fanin_p50'] * 1e3:.0f} / {r['fanin_p99'] * 1e3:.0f} ms "
            f"| {r['fanin_open_p50'] * 1e3:.0f} / {r['fanin_open_p99'] * 1e3:.0f} ms "
            f"| {r['fanin_errors']} | {max(r['single_rss'], r['read_rss'], r['fanin_rss']) / mb:.0f} MB |"
        )
    lines += [
        "",
        "PostgreSQL: a new 15 cluster with fsync and synchronous_commit on, given 1 GB of WAL to "
        "recycle first, as a server that has run for a while has (docs/operations.md). Peak RSS "
        "covers all three phases (writing, the history read, the fan-in).",
        "",
        "MLflow 3.17's tracking server on the same kind of machine (from DESIGN.md, not re-measured here): "
        "`log_batch` about 7,000 points/s (14,000 with 8 client threads); `get_metric_history` of 100k points 4.8 s.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--points", type=int, default=10_000_000, help="points for the single-stream run"
    )
    parser.add_argument("--streams", type=int, default=256)
    parser.add_argument(
        "--fanin-rate", type=float, default=2_500_000, help="offered points/s over all streams"
    )
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--update-readme", action="store_true")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--read", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args)
    if args.read:
        return read_worker(args)

    from rich.console import Console
    from rich.table import Table

    results = []
    for backend in args.backends.split(","):
        if backend == "sqlite":
            results.append(
                bench_backend("SQLite", args.points, args.streams, args.fanin_rate, None)
            )
        elif backend == "postgres":
            pg = PostgresServer(fsync=True).start()
            try:
                warm_wal(pg)
                results.append(
                    bench_backend(
                        "PostgreSQL",
                        args.points,
                        args.streams,
                        args.fanin_rate,
                        pg.create_database(),
                    )
                )
            finally:
                pg.cleanup()
    table = Table(title="Cairn metric ingest")
    for col in (
        "backend",
        "1 stream pts/s",
        "ack p50/p99",
        "history read",
        "downsample p50",
        f"{args.streams} streams pts/s",
        "ack p50/p99",
        "open p50/p99",
        "errors",
        "peak RSS 1 / read / 256",
    ):
        table.add_column(col)
    for r in results:
        table.add_row(
            r["backend"],
            f"{r['single_pps'] / 1e6:.2f}M",
            f"{r['single_p50'] * 1e3:.0f}/{r['single_p99'] * 1e3:.0f} ms",
            f"{r['read_points'] / 1e6:.1f}M in {r['read_s']:.2f}s",
            f"{r['down_p50'] * 1e3:.1f} ms",
            f"{r['fanin_pps'] / 1e6:.2f}M",
            f"{r['fanin_p50'] * 1e3:.0f}/{r['fanin_p99'] * 1e3:.0f} ms",
            f"{r['fanin_open_p50'] * 1e3:.0f}/{r['fanin_open_p99'] * 1e3:.0f} ms",
            str(r["fanin_errors"]),
            f"{r['single_rss'] / 2**20:.0f} / {r['read_rss'] / 2**20:.0f} / "
            f"{r['fanin_rss'] / 2**20:.0f} MB",
        )
    Console().print(table)
    if args.update_readme:
        update_readme("ingest", render(results, args.streams))


if __name__ == "__main__":
    main()
