from __future__ import annotations

import math
import time
from collections.abc import Iterator, Sequence
from typing import Any

import grpc
import numpy as np
import pytest

from cairn.client import Client
from cairn.v1 import metric_pb2
from cairn.v1 import tracking_service_pb2 as pb
from cairn_server.domain import metrics as m
from cairn_server.services import metrics as metrics_service
from cairn_server.storage.sql.metric_repository import SqlMetricRepository
from tests.integration.helpers import expect_status
from tests.support.servers import InProcessServer

INVALID = grpc.StatusCode.INVALID_ARGUMENT


@pytest.fixture
def run_id(client: Client) -> str:
    exp = client.create_experiment("m")
    return client.create_run(exp.experiment_id).run_id


def log(client: Client, *batches: metric_pb2.MetricBatch, request_id: str = "") -> int:
    req = pb.LogMetricsRequest(batches=list(batches), request_id=request_id)
    return client.call(client.tracking.LogMetrics, req).points_written


def test_log_and_read_back(client: Client, run_id: str) -> None:
    steps = np.arange(0, 5000, dtype=np.int64)
    values = np.sin(steps / 100.0)
    assert client.log_metric_batch(run_id, "loss", steps, values, steps * 10) == 5000
    s, v, t = client.get_metric_history(run_id, "loss")
    assert np.array_equal(s, steps) and np.array_equal(v, values) and np.array_equal(t, steps * 10)
    s, v, _ = client.get_metric_history(run_id, "loss", start_step=100, end_step=199)
    assert np.array_equal(s, np.arange(100, 200)) and np.array_equal(v, values[100:200])
    assert len(client.get_metric_history(run_id, "nope")[0]) == 0


def test_server_timestamps_when_omitted(client: Client, run_id: str) -> None:
    client.log_metric_batch(run_id, "acc", [1, 2], [0.5, 0.6])
    _, _, t = client.get_metric_history(run_id, "acc")
    assert (t > 1_600_000_000_000).all()


def test_overlapping_chunks_merge_and_last_write_wins(client: Client, run_id: str) -> None:
    client.log_metric_batch(run_id, "x", [0, 1, 2, 3], [0.0, 1.0, 2.0, 3.0])
    client.log_metric_batch(run_id, "x", [2, 3, 4], [20.0, 30.0, 40.0])
    client.log_metric_batch(run_id, "x", [9, 5, 5], [9.0, 5.0, 55.0])  # unsorted, repeated step
    s, v, _ = client.get_metric_history(run_id, "x")
    assert s.tolist() == [0, 1, 2, 3, 4, 5, 9]
    assert v.tolist() == [0.0, 1.0, 20.0, 30.0, 40.0, 55.0, 9.0]
    s, v, _ = client.get_metric_history(run_id, "x", start_step=3, end_step=5)
    assert s.tolist() == [3, 4, 5] and v.tolist() == [30.0, 40.0, 55.0]


def test_nan_and_inf_are_stored_as_sent(client: Client, run_id: str) -> None:
    values = [1.0, math.nan, math.inf, -math.inf, 2.0]
    client.log_metric_batch(run_id, "weird", range(5), values)
    _, v, _ = client.get_metric_history(run_id, "weird")
    assert v[0] == 1.0 and math.isnan(v[1]) and v[2] == math.inf and v[3] == -math.inf
    (summary,) = client.list_metric_keys(run_id)
    assert summary.min_value == 1.0 and summary.max_value == 2.0  # non-finite left out
    assert summary.latest_value == 2.0 and summary.point_count == 5
    client.log_metric_batch(run_id, "weird", [10], [math.nan])
    (summary,) = client.list_metric_keys(run_id)
    assert math.isnan(summary.latest_value) and summary.latest_step == 10


def test_latest_value_follows_largest_step(client: Client, run_id: str) -> None:
    client.log_metric_batch(run_id, "loss", [5, 6], [0.5, 0.6], [100, 100])
    client.log_metric_batch(run_id, "loss", [3], [0.3], [200])  # older step, newer time
    client.log_metric_batch(run_id, "acc", [1], [0.9])
    summaries = {m.key: m for m in client.get_run(run_id).latest_metrics}
    assert summaries["loss"].latest_step == 6 and summaries["loss"].latest_value == 0.6
    assert summaries["loss"].min_value == 0.3 and summaries["loss"].max_value == 0.6
    assert summaries["loss"].point_count == 3
    assert [m.key for m in client.list_metric_keys(run_id)] == ["acc", "loss"]


def test_downsampling_keeps_extremes(client: Client, run_id: str) -> None:
    n = 200_000
    steps = np.arange(n, dtype=np.int64)
    values = np.sin(steps / 5000.0)
    values[123_456] = 10.0  # a spike a chart must show
    values[7] = -10.0
    for i in range(0, n, 20_000):
        client.log_metric_batch(run_id, "sig", steps[i : i + 20_000], values[i : i + 20_000])
    s, v, _ = client.get_metric_history(run_id, "sig", max_points=400)
    assert 4 <= len(s) <= 400
    assert (np.diff(s) > 0).all()
    assert s[0] == 0 and s[-1] == n - 1
    assert 10.0 in v and -10.0 in v
    assert set(v.tolist()) <= set(values.tolist())
    s2, _, _ = client.get_metric_history(
        run_id, "sig", start_step=1000, end_step=2000, max_points=100
    )
    assert s2[0] == 1000 and s2[-1] == 2000 and len(s2) <= 100


def test_downsampling_from_chunk_summaries(client: Client, run_id: str) -> None:
    # Many small sorted chunks: the server answers from per-chunk summaries.
    for i in range(300):
        client.log_metric_batch(
            run_id, "many", np.arange(i * 10, i * 10 + 10), np.full(10, float(i))
        )
    client.log_metric_batch(run_id, "many", [3000], [-1.0])
    s, v, _ = client.get_metric_history(run_id, "many", max_points=100)
    assert len(s) <= 100 and (np.diff(s) > 0).all()
    assert s[0] == 0 and s[-1] == 3000 and v[-1] == -1.0 and 299.0 in v


def test_invalid_batches_write_nothing(client: Client, run_id: str) -> None:
    good = metric_pb2.MetricBatch(run_id=run_id, key="ok", steps=[1], values=[1.0])
    cases = [
        metric_pb2.MetricBatch(run_id=run_id, key="k", steps=[1, 2], values=[1.0]),
        metric_pb2.MetricBatch(
            run_id=run_id, key="k", steps=[1], values=[1.0], timestamps_millis=[1, 2]
        ),
        metric_pb2.MetricBatch(run_id=run_id, key="k", steps=[-1], values=[1.0]),
        metric_pb2.MetricBatch(run_id=run_id, key="", steps=[1], values=[1.0]),
        metric_pb2.MetricBatch(run_id=run_id, key="bad key!", steps=[1], values=[1.0]),
        metric_pb2.MetricBatch(run_id=run_id, key="k", steps=[], values=[]),
        metric_pb2.MetricBatch(run_id="", key="k", steps=[1], values=[1.0]),
    ]
    for bad in cases:
        expect_status(INVALID, log, client, good, bad)
    expect_status(INVALID, log, client)
    expect_status(
        grpc.StatusCode.NOT_FOUND,
        log,
        client,
        good,
        metric_pb2.MetricBatch(run_id="01nosuchrun", key="k", steps=[1], values=[1.0]),
    )
    huge = metric_pb2.MetricBatch(
        run_id=run_id, key="k", steps=np.arange(1_000_001), values=np.zeros(1_000_001)
    )
    expect_status(grpc.StatusCode.RESOURCE_EXHAUSTED, log, client, huge)
    assert client.list_metric_keys(run_id) == []


def test_history_argument_errors(client: Client, run_id: str) -> None:
    expect_status(grpc.StatusCode.NOT_FOUND, client.get_metric_history, "01missing", "loss")
    expect_status(INVALID, client.get_metric_history, run_id, "")
    expect_status(INVALID, client.get_metric_history, run_id, "loss", max_points=2)
    expect_status(INVALID, client.get_metric_history, run_id, "loss", start_step=5, end_step=4)
    expect_status(grpc.StatusCode.NOT_FOUND, client.list_metric_keys, "01missing")


def test_log_metrics_request_id_is_idempotent(client: Client, run_id: str) -> None:
    batch = metric_pb2.MetricBatch(run_id=run_id, key="k", steps=[1, 2], values=[1.0, 2.0])
    assert log(client, batch, request_id="once") == 2
    assert log(client, batch, request_id="once") == 2
    (summary,) = client.list_metric_keys(run_id)
    assert summary.point_count == 2
    other = metric_pb2.MetricBatch(run_id=run_id, key="k", steps=[3], values=[3.0])
    expect_status(INVALID, log, client, other, request_id="once")


def test_history_is_read_in_bounded_groups(
    client: Client, run_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A long history is fetched a group of chunks at a time (not all at once), and the
    # groups join up into the same answer, also for a step range cutting chunks.
    monkeypatch.setattr(metrics_service, "HISTORY_FETCH_POINTS", 2_500)
    asked: list[int] = []
    fetch = SqlMetricRepository.chunk_arrays

    def spy(self: SqlMetricRepository, ids: Sequence[int]) -> Iterator[Any]:
        asked.append(len(ids))
        return fetch(self, ids)

    monkeypatch.setattr(SqlMetricRepository, "chunk_arrays", spy)
    steps = np.arange(20_000, dtype=np.int64)
    values = np.cos(steps / 50.0)
    for i in range(0, 20_000, 1_000):
        client.log_metric_batch(run_id, "loss", steps[i : i + 1_000], values[i : i + 1_000])
    s, v, _ = client.get_metric_history(run_id, "loss")
    assert np.array_equal(s, steps) and np.array_equal(v, values)
    assert sum(asked) == 20 and max(asked) == 2

    def check_downsample() -> None:
        # Downsampled part by part: the points downsampling the whole range at once keeps.
        s, v, _ = client.get_metric_history(
            run_id, "loss", start_step=250, end_step=18_750, max_points=400
        )
        whole = m.Points(steps[250:18_751], values[250:18_751], steps[250:18_751])
        expected = m.downsample(whole, 400)
        assert np.array_equal(s, expected.steps) and np.array_equal(v, expected.values)

    check_downsample()
    s, v, _ = client.get_metric_history(run_id, "loss", start_step=1_500, end_step=7_499)
    assert np.array_equal(s, steps[1_500:7_500]) and np.array_equal(v, values[1_500:7_500])
    # Overlapping chunks (a rewrite of steps 500..3499) merge group by group: the later
    # write wins.
    client.log_metric_batch(run_id, "loss", steps[500:3_500], np.full(3_000, -1.0))
    values[500:3_500] = -1.0
    s, v, _ = client.get_metric_history(run_id, "loss")
    assert np.array_equal(s, steps) and np.array_equal(v, values)
    s, v, _ = client.get_metric_history(run_id, "loss", start_step=3_000, end_step=3_999)
    assert np.array_equal(s, steps[3_000:4_000]) and np.array_equal(v, values[3_000:4_000])
    check_downsample()


def test_abandoned_history_read_ends_its_transaction(
    server: InProcessServer, client: Client, run_id: str
) -> None:
    for i in range(0, 200_000, 20_000):
        client.log_metric_batch(run_id, "loss", np.arange(i, i + 20_000), np.zeros(20_000))
    assert server.app is not None
    pool = server.app.database.engine.pool
    call = client.tracking.GetMetricHistory(pb.GetMetricHistoryRequest(run_id=run_id, key="loss"))
    assert len(next(iter(call)).points.steps) > 0
    call.cancel()  # type: ignore[no-untyped-call]
    deadline = time.monotonic() + 10
    while pool.checkedout() and time.monotonic() < deadline:  # type: ignore[attr-defined]
        time.sleep(0.05)
    assert pool.checkedout() == 0  # type: ignore[attr-defined]
