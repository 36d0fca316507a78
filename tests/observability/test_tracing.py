"""Server spans, recorded by the OpenTelemetry SDK's in-memory exporter: names, kind,
status codes, and the parent taken from an incoming traceparent."""

from __future__ import annotations

from collections.abc import Iterator

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from cairn.v1 import tracking_service_pb2 as pb
from cairn_server.observability.tracing import RpcTracer
from tests.observability.conftest import ObservedServer
from tests.observability.helpers import eventually, make_run, stream_points

TRACE_ID = "0af7651916cd43dd8448eb211c80319c"
PARENT_ID = "b7ad6b7169203331"
TRACEPARENT = f"00-{TRACE_ID}-{PARENT_ID}-01"


@pytest.fixture(scope="module")
def provider() -> TracerProvider:
    # The global provider can be set once per process; reuse it if a test set it.
    current = trace.get_tracer_provider()
    if isinstance(current, TracerProvider):
        return current
    created = TracerProvider()
    trace.set_tracer_provider(created)
    return created


@pytest.fixture
def exporter(provider: TracerProvider) -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    processor = SimpleSpanProcessor(exporter)
    provider.add_span_processor(processor)
    try:
        yield exporter
    finally:
        exporter.shutdown()  # later spans are dropped, not stored


def server_spans(exporter: InMemorySpanExporter, name: str) -> list[ReadableSpan]:
    return [
        s for s in exporter.get_finished_spans() if s.kind == SpanKind.SERVER and s.name == name
    ]


def test_span_per_call_with_parent_from_traceparent(
    exporter: InMemorySpanExporter, observed: ObservedServer
) -> None:
    with pytest.raises(grpc.RpcError):
        observed.tracking.GetExperiment(
            pb.GetExperimentRequest(experiment_id="e-missing"),
            metadata=(("traceparent", TRACEPARENT),),
        )
    (span,) = eventually(
        lambda: server_spans(exporter, "cairn.v1.TrackingService/GetExperiment"),
        lambda s: len(s) == 1,
    )
    attributes = dict(span.attributes or {})
    assert attributes["rpc.system"] == "grpc"
    assert attributes["rpc.service"] == "cairn.v1.TrackingService"
    assert attributes["rpc.method"] == "GetExperiment"
    assert attributes["rpc.grpc.status_code"] == grpc.StatusCode.NOT_FOUND.value[0]
    # A client mistake is not a server error.
    assert span.status.status_code == StatusCode.UNSET
    assert span.parent is not None and span.parent.is_remote
    assert format(span.parent.span_id, "016x") == PARENT_ID
    assert format(span.context.trace_id, "032x") == TRACE_ID


def test_spans_without_traceparent_are_roots(
    exporter: InMemorySpanExporter, observed: ObservedServer
) -> None:
    run_id = make_run(observed.tracking, "traced")
    stream_points(observed.tracking, run_id, [5, 5])
    (create,) = server_spans(exporter, "cairn.v1.TrackingService/CreateRun")
    (stream,) = server_spans(exporter, "cairn.v1.TrackingService/StreamMetrics")
    for span in (create, stream):
        assert span.parent is None
        assert dict(span.attributes or {})["rpc.grpc.status_code"] == 0
        assert span.status.status_code == StatusCode.UNSET
    assert create.context.trace_id != stream.context.trace_id


def test_client_errors_leave_status_unset_server_errors_set_it(
    exporter: InMemorySpanExporter, observed: ObservedServer, provider: TracerProvider
) -> None:
    health = health_pb2_grpc.HealthStub(observed.channel)
    with pytest.raises(grpc.RpcError) as info:
        health.Check(health_pb2.HealthCheckRequest(service="nope"))
    assert info.value.code() == grpc.StatusCode.NOT_FOUND
    spans = eventually(
        lambda: server_spans(exporter, "grpc.health.v1.Health/Check"), lambda s: len(s) == 1
    )
    assert spans[0].status.status_code == StatusCode.UNSET

    span = provider.get_tracer("test").start_span("x")
    RpcTracer.finish(span, "UNAVAILABLE", grpc.StatusCode.UNAVAILABLE.value[0])
    (ended,) = [s for s in exporter.get_finished_spans() if s.name == "x"]
    assert ended.status.status_code == StatusCode.ERROR
    assert dict(ended.attributes or {})["rpc.grpc.status_code"] == 14
