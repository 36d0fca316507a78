"""Metric streaming under real faults. After each, the stored points must equal the
points sent: none lost, none duplicated (point_count counts every stored point, so a
duplicate would show even though reads resolve repeated steps)."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import grpc
import numpy as np
import pytest

from cairn.client import Client
from cairn.errors import CairnError
from cairn.streamer import MetricStreamer
from tests.support.postgres import PostgresServer, free_port
from tests.support.processes import ROOT, ServerProcess

pytestmark = pytest.mark.slow
POINTS = 1000


def new_run(address: str) -> str:
    with Client(address) as c:
        return c.create_run(c.get_or_create_experiment("faults").experiment_id).run_id


def assert_exactly(address: str, run_id: str, batches: int, key: str = "loss") -> None:
    with Client(address, timeout=120) as c:
        summaries = {m.key: m for m in c.list_metric_keys(run_id)}
        assert summaries[key].point_count == batches * POINTS, "points lost or duplicated"
        steps, values, _ = c.get_metric_history(run_id, key)
    expected = np.arange(batches * POINTS, dtype=np.int64)
    assert np.array_equal(steps, expected)
    assert np.array_equal(values, expected * 0.5)


def log_batches(
    streamer: MetricStreamer, run_id: str, first: int, last: int, pause: float = 0.0
) -> None:
    for i in range(first, last):
        steps = np.arange(i * POINTS, (i + 1) * POINTS, dtype=np.int64)
        streamer.log_batch(run_id, "loss", steps, steps * 0.5)
        if pause:
            time.sleep(pause)


def streamer_for(address: str, **kw: object) -> tuple[grpc.Channel, MetricStreamer]:
    channel = grpc.insecure_channel(address)
    opts: dict[str, object] = {
        "batch_points": 5 * POINTS,
        "flush_interval": 0.05,
        "max_backoff": 0.5,
    }
    opts.update(kw)
    return channel, MetricStreamer(channel, **opts)  # type: ignore[arg-type]


def test_server_killed_mid_stream(server_proc: ServerProcess) -> None:
    run_id = new_run(server_proc.address)
    channel, streamer = streamer_for(server_proc.address)
    sender = threading.Thread(target=log_batches, args=(streamer, run_id, 0, 300, 0.002))
    sender.start()
    while streamer.stats.points_acked < 50 * POINTS:
        time.sleep(0.01)
    server_proc.kill()
    time.sleep(0.3)
    server_proc.start()
    sender.join()
    streamer.close(timeout=120)
    channel.close()
    assert streamer.stats.reconnects >= 1 or streamer.stats.messages_sent > 0
    assert_exactly(server_proc.address, run_id, 300)


@pytest.mark.postgres
def test_postgres_restarted_mid_stream(postgres: PostgresServer, tmp_path: Path) -> None:
    proc = ServerProcess(
        tmp_path / "data", free_port(), "--db-url", postgres.create_database()
    ).start()
    try:
        run_id = new_run(proc.address)
        channel, streamer = streamer_for(proc.address)
        sender = threading.Thread(target=log_batches, args=(streamer, run_id, 0, 300, 0.002))
        sender.start()
        while streamer.stats.points_acked < 50 * POINTS:
            time.sleep(0.01)
        postgres.restart()
        sender.join()
        streamer.close(timeout=120)
        channel.close()
        assert_exactly(proc.address, run_id, 300)
    finally:
        proc.kill()


class CuttingProxy:
    """Forwards loopback TCP to the server and cuts every connection after about a
    MB from the client, which lands mid-message (messages are ~480 KB)."""

    def __init__(self, target_port: int, cut_after: int = 1_200_000) -> None:
        self.port = free_port()
        self.target_port = target_port
        self.cut_after = cut_after
        self.cuts = 0
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    async def _pipe(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, limit: int | None
    ) -> None:
        sent = 0
        with contextlib.suppress(Exception):
            while data := await reader.read(65536):
                if limit is not None and sent + len(data) > limit:
                    writer.write(data[: limit - sent])
                    self.cuts += 1
                    break
                writer.write(data)
                sent += len(data)
                await writer.drain()
        writer.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        await asyncio.gather(
            self._pipe(reader, up_writer, self.cut_after), self._pipe(up_reader, writer, None)
        )
        writer.close()

    def start(self) -> CuttingProxy:
        self.thread.start()

        async def serve() -> None:
            await asyncio.start_server(self._handle, "127.0.0.1", self.port)

        asyncio.run_coroutine_threadsafe(serve(), self.loop).result(10)
        return self

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)


def test_connection_dropped_mid_message(server_proc: ServerProcess) -> None:
    run_id = new_run(server_proc.address)
    proxy = CuttingProxy(server_proc.port).start()
    try:
        channel, streamer = streamer_for(f"127.0.0.1:{proxy.port}", batch_points=20 * POINTS)
        log_batches(streamer, run_id, 0, 200)
        streamer.close(timeout=120)
        channel.close()
        assert proxy.cuts >= 3
        assert_exactly(server_proc.address, run_id, 200)
    finally:
        proxy.stop()


def test_client_killed_and_restarted_on_its_spool(
    server_proc: ServerProcess, tmp_path: Path
) -> None:
    run_id = new_run(server_proc.address)
    spool = tmp_path / "spool"
    cmd = [
        sys.executable,
        str(Path(__file__).with_name("client_worker.py")),
        server_proc.address,
        run_id,
        str(spool),
        "400",
    ]
    worker = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert worker.stdout is not None
    for line in worker.stdout:
        if line.startswith("spooled 150"):
            break
    worker.kill()  # kill -9, mid-run, with messages in flight
    worker.wait()
    resumed = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    first_line = resumed.stdout.splitlines()[0]
    assert first_line.startswith("resuming at batch ") and int(first_line.split()[-1]) >= 150
    assert resumed.stdout.splitlines()[-1] == "done"
    assert_exactly(server_proc.address, run_id, 400)
    assert not spool.exists(), "a fully acknowledged spool is removed on close"


def test_resending_old_seqs_after_reconnect_stores_nothing_twice(
    server_proc: ServerProcess, tmp_path: Path
) -> None:
    run_id = new_run(server_proc.address)
    spool = tmp_path / "spool"
    channel, streamer = streamer_for(server_proc.address, spool_dir=spool)
    log_batches(streamer, run_id, 0, 50)
    streamer.flush()
    stream_id = streamer.stream_id
    # Forget the acks locally: a restarted client would resend everything it spooled.
    (spool / "acked").write_text("0")
    streamer2 = MetricStreamer(channel, spool_dir=spool, max_backoff=0.5)
    assert streamer2.stream_id == stream_id and streamer2.unacked_messages > 0
    streamer2.flush()
    log_batches(streamer2, run_id, 50, 60)
    streamer2.close()
    channel.close()
    assert_exactly(server_proc.address, run_id, 60)


def test_stale_streamer_is_fenced_not_interleaved(server_proc: ServerProcess) -> None:
    run_id = new_run(server_proc.address)
    channel = grpc.insecure_channel(server_proc.address)
    old = MetricStreamer(channel, stream_id="job-7", flush_interval=0.05, max_backoff=0.5)
    log_batches(old, run_id, 0, 10)
    old.flush()
    new = MetricStreamer(channel, stream_id="job-7", flush_interval=0.05, max_backoff=0.5)
    log_batches(new, run_id, 10, 20)
    new.flush()
    with pytest.raises(CairnError) as info:
        log_batches(old, run_id, 1000, 1010)  # the stale writer's data
        old.flush(timeout=30)
    assert info.value.code == grpc.StatusCode.ABORTED
    log_batches(new, run_id, 20, 30)
    new.close()
    channel.close()
    assert_exactly(server_proc.address, run_id, 30)


def test_many_concurrent_streams(server_proc: ServerProcess) -> None:
    shared_run = new_run(server_proc.address)
    own_runs = [new_run(server_proc.address) for _ in range(8)]
    channel = grpc.insecure_channel(server_proc.address)

    def work(i: int) -> None:
        streamer = MetricStreamer(channel, batch_points=2 * POINTS, flush_interval=0.05)
        for b in range(20):
            steps = np.arange(b * POINTS, (b + 1) * POINTS, dtype=np.int64)
            streamer.log_batch(shared_run, f"k{i}", steps, steps * 0.5)
            streamer.log_batch(own_runs[i], "loss", steps, steps * 0.5)
        streamer.close(timeout=120)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    channel.close()
    for i in range(8):
        assert_exactly(server_proc.address, shared_run, 20, key=f"k{i}")
        assert_exactly(server_proc.address, own_runs[i], 20)


def test_sigterm_shuts_down_gracefully(server_proc: ServerProcess) -> None:
    assert server_proc.terminate() == 0
    assert "Cairn stopped" in server_proc.log.read_text()
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", server_proc.port)) != 0
