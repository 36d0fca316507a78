"""The /metrics endpoint after a known mix of calls: exact counts by method and code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import grpc
import pytest

from cairn.v1 import tracking_service_pb2 as pb
from cairn_server.config import Settings
from cairn_server.domain.errors import Unavailable, Unimplemented
from cairn_server.observability.blobs import ObservedBlobStore
from cairn_server.observability.metrics import ServerMetrics
from tests.observability.conftest import ObservedServer, observed_server
from tests.observability.helpers import (
    TRACKING,
    batch,
    eventually,
    handled,
    make_run,
    scrape,
    stream_points,
)


def test_counts_by_method_and_code_and_ingested_points(observed: ObservedServer) -> None:
    tracking = observed.tracking
    run_id = make_run(tracking, "metrics")
    for _ in range(2):
        with pytest.raises(grpc.RpcError) as info:
            tracking.GetRun(pb.GetRunRequest(run_id="r-does-not-exist"))
        assert info.value.code() == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.RpcError) as info:
        tracking.CreateExperiment(pb.CreateExperimentRequest(name=""))
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT

    responses, call = stream_points(tracking, run_id, [100, 200, 300])
    assert call.code() == grpc.StatusCode.OK
    assert max(r.ack.acked_seq for r in responses if r.HasField("ack")) == 3
    logged = tracking.LogMetrics(pb.LogMetricsRequest(batches=[batch(run_id, 1000, 50, "acc")]))
    assert logged.points_written == 50

    samples = eventually(
        lambda: scrape(observed.metrics_url),
        lambda s: (
            handled(s, TRACKING + "GetRun", "NOT_FOUND") == 2
            and handled(s, TRACKING + "CreateExperiment", "INVALID_ARGUMENT") == 1
        ),
    )
    assert handled(samples, TRACKING + "CreateExperiment", "OK") == 1
    assert handled(samples, TRACKING + "CreateExperiment", "INVALID_ARGUMENT") == 1
    assert handled(samples, TRACKING + "CreateRun", "OK") == 1
    assert handled(samples, TRACKING + "GetRun", "NOT_FOUND") == 2
    assert handled(samples, TRACKING + "GetRun", "OK") == 0
    assert handled(samples, TRACKING + "StreamMetrics", "OK") == 1
    assert handled(samples, TRACKING + "LogMetrics", "OK") == 1
    assert samples[("cairn_ingest_points_total", ())] == 650

    # Every call has ended: nothing in flight, one duration observation per call.
    for method, calls in [("GetRun", 2), ("StreamMetrics", 1), ("CreateExperiment", 2)]:
        labels = (("method", TRACKING + method),)
        assert samples[("cairn_rpc_in_flight", labels)] == 0
        assert samples[("cairn_rpc_duration_seconds_count", labels)] == calls
        assert samples[("cairn_rpc_duration_seconds_bucket", (("le", "+Inf"), *labels))] == calls

    # The pool is read at scrape time.
    assert samples[("cairn_db_pool_size", ())] >= 1
    assert samples[("cairn_db_pool_checked_out", ())] >= 0


def test_replayed_log_metrics_is_not_counted_twice(observed: ObservedServer) -> None:
    run_id = make_run(observed.tracking, "replay")
    request = pb.LogMetricsRequest(batches=[batch(run_id, 0, 40)], request_id="replay-1")
    for _ in range(2):
        assert observed.tracking.LogMetrics(request).points_written == 40
    assert scrape(observed.metrics_url)[("cairn_ingest_points_total", ())] == 40


def test_unknown_methods_share_one_label(observed: ObservedServer) -> None:
    nope = observed.channel.unary_unary("/cairn.v1.Nope/Whatever", None, None)
    with pytest.raises(grpc.RpcError) as info:
        nope(b"")
    assert info.value.code() == grpc.StatusCode.UNIMPLEMENTED
    samples = scrape(observed.metrics_url)
    assert handled(samples, "unknown", "UNIMPLEMENTED") == 1
    assert not any("Nope" in dict(labels).get("method", "") for _, labels in samples)


class _FailingStore:
    kind = "fake"

    def size(self, key: str) -> int | None:
        raise Unavailable("store down")

    def presign(self, key: str, method: str, expires_seconds: int) -> str:
        raise Unimplemented("no presigning here")


def test_object_store_errors_by_operation() -> None:
    metrics = ServerMetrics()
    store = ObservedBlobStore(_FailingStore(), metrics.object_store_errors)  # type: ignore[arg-type]
    for _ in range(3):
        with pytest.raises(Unavailable):
            store.size("k")
    with pytest.raises(Unimplemented):
        store.presign("k", "GET", 60)
    value = metrics.registry.get_sample_value(
        "cairn_object_store_errors_total", {"operation": "size", "error": "Unavailable"}
    )
    assert value == 3
    assert (
        metrics.registry.get_sample_value(
            "cairn_object_store_errors_total", {"operation": "presign", "error": "Unimplemented"}
        )
        is None
    )


def test_resent_stream_messages_are_not_counted_twice(observed: ObservedServer) -> None:
    run_id = make_run(observed.tracking, "resend")
    stream_points(observed.tracking, run_id, [30, 20])
    # Same stream id reconnecting and resending seqs 1-2 (already committed) and a new 3.
    responses, _ = stream_points(observed.tracking, run_id, [30, 20, 10])
    assert any(r.ack.duplicate for r in responses if r.HasField("ack"))
    samples = scrape(observed.metrics_url)
    assert samples[("cairn_ingest_points_total", ())] == 60
    assert handled(samples, TRACKING + "StreamMetrics", "OK") == 2


def test_calls_the_auth_layer_rejects_are_counted(db_url: str, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", db_url=db_url, auth="required")
    with observed_server(settings) as observed:
        for metadata in [(), (("authorization", "Bearer cairn_nope_" + "x" * 40),)]:
            with pytest.raises(grpc.RpcError) as info:
                observed.tracking.GetRun(
                    pb.GetRunRequest(run_id="r-1"),
                    metadata=(*metadata, ("x-request-id", "auth-check")),
                )
            err: Any = info.value
            assert err.code() == grpc.StatusCode.UNAUTHENTICATED
            assert ("x-request-id", "auth-check") in tuple(err.trailing_metadata())
        samples = eventually(
            lambda: scrape(observed.metrics_url),
            lambda s: handled(s, TRACKING + "GetRun", "UNAUTHENTICATED") == 2,
        )
        assert handled(samples, TRACKING + "GetRun", "UNAUTHENTICATED") == 2
