"""The Python SDK's high-level API and streamer against a live in-process server."""

from __future__ import annotations

import time
from pathlib import Path

import grpc
import numpy as np
import pytest
from click.testing import CliRunner

import cairn
from cairn.cli import main as cli
from cairn.spool import Spool
from cairn.streamer import MetricStreamer
from cairn.v1 import run_pb2
from tests.support.postgres import free_port
from tests.support.servers import InProcessServer


def test_start_run_logs_and_finishes(server: InProcessServer) -> None:
    with cairn.start_run(
        experiment="sdk", params={"lr": 0.01}, tags={"t": 1}, address=server.address
    ) as run:
        for step in range(100):
            run.log_metrics({"loss": 1 / (step + 1), "acc": step / 100}, step=step)
        run.log_metric_batch("big", np.arange(50_000), np.ones(50_000))
        run.set_tag("phase", "train")
    with cairn.Client(server.address) as client:
        info = client.get_run(run.run_id)
        assert info.status == run_pb2.RUN_STATUS_FINISHED and info.end_time_millis > 0
        metrics = {m.key: m for m in info.latest_metrics}
        assert metrics["loss"].point_count == 100 and metrics["loss"].latest_step == 99
        assert metrics["big"].point_count == 50_000
        assert {p.key: p.value for p in info.params} == {"lr": "0.01"}
        assert {t.key: t.value for t in info.tags} == {"t": "1", "phase": "train"}


def test_exception_marks_run_failed_and_keeps_metrics(server: InProcessServer) -> None:
    with (
        pytest.raises(ZeroDivisionError),
        cairn.start_run(experiment="sdk", address=server.address) as run,
    ):
        run.log_metric("loss", 0.5, step=1)
        _ = 1 / 0
    with cairn.Client(server.address) as client:
        info = client.get_run(run.run_id)
        assert info.status == run_pb2.RUN_STATUS_FAILED
        assert [m.key for m in info.latest_metrics] == ["loss"]


def test_nested_runs_via_parent(server: InProcessServer) -> None:
    with (
        cairn.start_run(experiment="sdk", address=server.address) as parent,
        cairn.start_run(experiment="sdk", parent=parent, address=server.address) as child,
    ):
        child.log_metric("x", 1.0)
        assert child.info.parent_run_id == parent.run_id


def test_sdk_errors_carry_status_and_reason(server: InProcessServer) -> None:
    with cairn.start_run(experiment="sdk", params={"lr": 1}, address=server.address) as run:
        with pytest.raises(cairn.InvalidArgumentError) as info:
            run.log_params({"lr": 2})
        assert info.value.code == grpc.StatusCode.INVALID_ARGUMENT
        assert info.value.reason == "PARAM_IMMUTABLE"


def test_offline_spool_then_cairn_sync(server: InProcessServer, tmp_path: Path) -> None:
    with cairn.Client(server.address) as client:
        run_id = client.create_run(client.get_or_create_experiment("sdk").experiment_id).run_id
    channel = grpc.insecure_channel("127.0.0.1:1")  # never contacted offline
    streamer = MetricStreamer(
        channel, offline=True, spool_dir=tmp_path / "spool", batch_points=1000
    )
    for i in range(10):
        streamer.log_batch(
            run_id, "loss", np.arange(i * 1000, (i + 1) * 1000), np.full(1000, float(i))
        )
    streamer.close()
    assert (tmp_path / "spool" / "meta.json").exists()
    result = CliRunner().invoke(cli, ["--address", server.address, "sync", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "synced 1 stream" in result.output
    assert not (tmp_path / "spool").exists()
    again = CliRunner().invoke(cli, ["--address", server.address, "sync", str(tmp_path)])
    assert again.exit_code != 0 and "no spooled metric streams" in again.output
    with cairn.Client(server.address) as client:
        (summary,) = client.list_metric_keys(run_id)
        assert summary.point_count == 10_000


def test_a_spool_behind_the_server_numbers_new_messages_after_it(
    server: InProcessServer, tmp_path: Path
) -> None:
    # A machine crash can lose the tail of a spool written without fsync after the
    # server committed it. A streamer resuming that spool must number its new messages
    # after what the server holds, or the server drops them as resends.
    with cairn.Client(server.address) as client:
        run_id = client.create_run(client.get_or_create_experiment("sdk").experiment_id).run_id
    offline = grpc.insecure_channel("127.0.0.1:1")  # never contacted offline
    full = MetricStreamer(offline, offline=True, spool_dir=tmp_path / "full", batch_points=10)
    full.log_batch(run_id, "loss", np.arange(50), np.zeros(50))  # messages 1..5
    full.close()
    records = list(Spool(tmp_path / "full", "", "").pending())
    assert [seq for seq, _ in records] == [1, 2, 3, 4, 5]
    behind = Spool(tmp_path / "behind", full.stream_id, server.address)
    for seq, body in records[:3]:  # the crash lost 4 and 5 (and never saw their acks)
        behind.append(seq, body)
    behind.close()
    with grpc.insecure_channel(server.address) as channel:
        first = MetricStreamer(channel, spool_dir=tmp_path / "full")
        first.close()  # sends 1..5: the server holds all 50 points
        resumed = MetricStreamer(channel, spool_dir=tmp_path / "behind", batch_points=10)
        assert resumed.stream_id == full.stream_id
        resumed.log_batch(run_id, "loss", np.arange(50, 70), np.ones(20))
        resumed.close()
    with cairn.Client(server.address) as client:
        (summary,) = client.list_metric_keys(run_id)
        assert summary.point_count == 70 and summary.latest_step == 69
    assert not (tmp_path / "behind").exists()


def test_unreachable_server_drop_policy_never_blocks() -> None:
    channel = grpc.insecure_channel(f"127.0.0.1:{free_port()}")
    streamer = MetricStreamer(
        channel,
        max_buffered_points=1000,
        max_inflight=1,
        batch_points=500,
        on_full="drop",
        max_backoff=0.2,
    )
    start = time.monotonic()
    for step in range(20_000):
        streamer.log("01run", "loss", 1.0, step)
    assert time.monotonic() - start < 5
    assert streamer.stats.points_dropped > 0
    with pytest.raises(TimeoutError):
        streamer.close(timeout=0.5)  # still stops the sender thread
    channel.close()


def test_streamer_reports_fatal_errors(server: InProcessServer) -> None:
    channel = grpc.insecure_channel(server.address)
    streamer = MetricStreamer(channel, flush_interval=0.05)
    streamer.log("01nosuchrun", "loss", 1.0, 1)
    with pytest.raises(cairn.NotFoundError):
        streamer.flush(timeout=30)
    with pytest.raises(cairn.NotFoundError):
        streamer.log("01nosuchrun", "loss", 1.0, 2)
