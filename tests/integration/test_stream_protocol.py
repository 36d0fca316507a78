"""StreamMetrics protocol rules, driven message by message over a raw gRPC stream."""

from __future__ import annotations

import queue
from collections.abc import Callable, Iterator
from pathlib import Path

import grpc
import numpy as np
import pytest

from cairn.client import Client
from cairn.v1 import metric_pb2
from cairn.v1 import tracking_service_pb2 as pb
from cairn_server.config import Settings

_END = object()


class RawStream:
    def __init__(self, client: Client) -> None:
        self._out: queue.Queue[object] = queue.Queue()
        self.responses: Iterator[pb.StreamMetricsResponse] = iter(
            client.tracking.StreamMetrics(self._requests(), timeout=60)
        )

    def _requests(self) -> Iterator[pb.StreamMetricsRequest]:
        while True:
            item = self._out.get()
            if item is _END:
                return
            assert isinstance(item, pb.StreamMetricsRequest)
            yield item

    def open(self, stream_id: str) -> pb.StreamOpened:
        self._out.put(pb.StreamMetricsRequest(open=pb.StreamOpen(stream_id=stream_id)))
        return next(self.responses).opened

    def send(self, seq: int, *batches: metric_pb2.MetricBatch) -> None:
        self._out.put(pb.StreamMetricsRequest(data=pb.StreamData(seq=seq, batches=list(batches))))

    def next_ack(self) -> pb.StreamAck:
        return next(self.responses).ack

    def close(self) -> None:
        self._out.put(_END)


def batch(run_id: str, start: int, n: int = 100, key: str = "loss") -> metric_pb2.MetricBatch:
    steps = np.arange(start, start + n, dtype=np.int64)
    return metric_pb2.MetricBatch(run_id=run_id, key=key, steps=steps, values=steps * 0.5)


def ack_until(stream: RawStream, seq: int) -> pb.StreamAck:
    while True:
        ack = stream.next_ack()
        if ack.acked_seq >= seq and not ack.duplicate:
            return ack


def stored_steps(client: Client, run_id: str, key: str = "loss") -> list[int]:
    steps: list[int] = client.get_metric_history(run_id, key)[0].tolist()
    return steps


@pytest.fixture
def run_id(client: Client) -> str:
    return client.create_run(client.create_experiment("s").experiment_id).run_id


def test_open_acks_and_resume_after_reconnect(client: Client, run_id: str) -> None:
    s = RawStream(client)
    opened = s.open("job-1")
    assert opened.last_committed_seq == 0 and opened.epoch == 1
    s.send(1, batch(run_id, 0))
    s.send(2, batch(run_id, 100))
    ack = ack_until(s, 2)
    assert ack.acked_seq == 2
    s.close()
    s2 = RawStream(client)
    opened = s2.open("job-1")
    assert opened.last_committed_seq == 2 and opened.epoch == 2
    s2.send(1, batch(run_id, 0))  # a resend of something committed
    dup = s2.next_ack()
    assert dup.duplicate and dup.acked_seq == 1
    s2.send(3, batch(run_id, 200))
    assert ack_until(s2, 3).acked_seq == 3
    s2.close()
    assert stored_steps(client, run_id) == list(range(300))


def test_gap_is_out_of_range_and_earlier_messages_stay(client: Client, run_id: str) -> None:
    s = RawStream(client)
    s.open("gap")
    s.send(1, batch(run_id, 0))
    s.send(3, batch(run_id, 100))
    with pytest.raises(grpc.RpcError) as info:
        ack_until(s, 3)
    assert info.value.code() == grpc.StatusCode.OUT_OF_RANGE
    assert "expected seq is 2" in (info.value.details() or "")
    assert stored_steps(client, run_id) == list(range(100))


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda rid: batch("01nosuchrun", 0), grpc.StatusCode.NOT_FOUND),
        (
            lambda rid: metric_pb2.MetricBatch(run_id=rid, key="k", steps=[1, 2], values=[1.0]),
            grpc.StatusCode.INVALID_ARGUMENT,
        ),
        (
            lambda rid: metric_pb2.MetricBatch(run_id=rid, key="", steps=[1], values=[1.0]),
            grpc.StatusCode.INVALID_ARGUMENT,
        ),
    ],
)
def test_bad_message_fails_stream_after_committing_earlier(
    client: Client,
    run_id: str,
    make: Callable[[str], metric_pb2.MetricBatch],
    code: grpc.StatusCode,
) -> None:
    s = RawStream(client)
    s.open("bad")
    s.send(1, batch(run_id, 0))
    s.send(2, batch(run_id, 100), make(run_id))
    with pytest.raises(grpc.RpcError) as info:
        ack_until(s, 2)
    assert info.value.code() == code
    assert stored_steps(client, run_id) == list(range(100))  # message 2 stored nothing


def test_finished_run_is_failed_precondition(client: Client, run_id: str) -> None:
    client.update_run(run_id, status="FINISHED")
    s = RawStream(client)
    s.open("done")
    s.send(1, batch(run_id, 0))
    with pytest.raises(grpc.RpcError) as info:
        ack_until(s, 1)
    assert info.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert stored_steps(client, run_id) == []


def test_first_message_must_be_open_and_stream_id_valid(client: Client, run_id: str) -> None:
    s = RawStream(client)
    s.send(1, batch(run_id, 0))
    with pytest.raises(grpc.RpcError) as info:
        next(s.responses)
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    for bad_id in ["", "has space", "x" * 129]:
        s = RawStream(client)
        with pytest.raises(grpc.RpcError) as info:
            s.open(bad_id)
        assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    s = RawStream(client)
    s.open("twice")
    s._out.put(pb.StreamMetricsRequest(open=pb.StreamOpen(stream_id="twice")))
    with pytest.raises(grpc.RpcError) as info:
        next(s.responses)
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_stale_connection_is_fenced(client: Client, run_id: str) -> None:
    old = RawStream(client)
    old.open("fenced")
    old.send(1, batch(run_id, 0))
    ack_until(old, 1)
    new = RawStream(client)
    opened = new.open("fenced")
    assert opened.last_committed_seq == 1 and opened.epoch == 2
    new.send(2, batch(run_id, 100))
    ack_until(new, 2)
    old.send(2, batch(run_id, 5000))  # the stale writer's own seq 2
    with pytest.raises(grpc.RpcError) as info:
        ack_until(old, 2)
    assert info.value.code() == grpc.StatusCode.ABORTED
    new.send(3, batch(run_id, 200))
    ack_until(new, 3)
    new.close()
    assert stored_steps(client, run_id) == list(range(300))


def test_many_batches_and_runs_in_one_message(client: Client, run_id: str) -> None:
    other = client.create_run(client.create_experiment("s2").experiment_id).run_id
    s = RawStream(client)
    s.open("multi")
    s.send(1, batch(run_id, 0, key="a"), batch(run_id, 0, key="b"), batch(other, 0, key="a"))
    ack = ack_until(s, 1)
    assert ack.points_written == 300
    s.close()
    assert stored_steps(client, run_id, "a") == list(range(100))
    assert stored_steps(client, other, "a") == list(range(100))


def test_message_over_the_point_limit_is_resource_exhausted(
    client: Client, run_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cairn_server.services.metrics as metrics_service

    monkeypatch.setattr(metrics_service, "MAX_POINTS_PER_STREAM_MESSAGE", 150)
    s = RawStream(client)
    s.open("big")
    s.send(1, batch(run_id, 0))
    s.send(2, batch(run_id, 100), batch(run_id, 200))  # 200 points
    with pytest.raises(grpc.RpcError) as info:
        ack_until(s, 2)
    assert info.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert "maximum is 150" in (info.value.details() or "")
    assert stored_steps(client, run_id) == list(range(100))


def test_message_over_the_size_limit_is_resource_exhausted(tmp_path: Path) -> None:
    from tests.support.servers import InProcessServer

    server = InProcessServer(Settings(data_dir=tmp_path, max_message_mb=1)).start()
    try:
        with Client(server.address) as client:
            run = client.create_run(client.create_experiment("s").experiment_id).run_id
            s = RawStream(client)
            s.open("huge")
            s.send(1, batch(run, 0, n=100_000))  # 2.4 MB
            with pytest.raises(grpc.RpcError) as info:
                ack_until(s, 1)
            assert info.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
            assert stored_steps(client, run) == []
    finally:
        server.stop()


def test_streams_share_a_small_buffer_budget_and_lose_nothing(tmp_path: Path) -> None:
    """With a 1 MiB budget for uncommitted stream data, eight streams sending ~20 MiB
    between them (one message alone bigger than the budget) wait their turn; every
    point is stored once."""
    from concurrent.futures import ThreadPoolExecutor

    from tests.support.servers import InProcessServer

    server = InProcessServer(Settings(data_dir=tmp_path, stream_buffer_mb=1)).start()
    try:
        with Client(server.address) as client:
            exp = client.create_experiment("s").experiment_id
            runs = [client.create_run(exp).run_id for _ in range(8)]

            def send_all(i: int) -> int:
                s = RawStream(client)
                s.open(f"budget-{i}")
                n = 150_000 if i == 0 else 40_000  # stream 0: ~1.6 MB per message
                for seq in range(1, 7):
                    s.send(seq, batch(runs[i], (seq - 1) * n, n=n))
                acked = ack_until(s, 6).acked_seq
                s.close()
                return acked

            with ThreadPoolExecutor(8) as pool:
                assert list(pool.map(send_all, range(8))) == [6] * 8
            for i, run in enumerate(runs):
                n = 150_000 if i == 0 else 40_000
                assert stored_steps(client, run) == list(range(6 * n))
    finally:
        server.stop()
