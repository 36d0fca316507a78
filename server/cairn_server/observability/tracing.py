"""OpenTelemetry server spans, one per RPC. Uses only the API: with no SDK configured
the global tracer provider is a proxy, and this module does nothing per call."""

from __future__ import annotations

import logging
import os

from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.trace import Span, SpanKind, Status, StatusCode

log = logging.getLogger("cairn.tracing")

# Server span statuses that count as errors (OpenTelemetry semantic conventions for
# gRPC); client mistakes such as NOT_FOUND leave the span status unset.
_SERVER_ERRORS = frozenset(
    {"UNKNOWN", "DEADLINE_EXCEEDED", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS"}
)


_installed = False
_PROVIDER_SLOT = hasattr(trace, "_TRACER_PROVIDER")


def tracing_active() -> bool:
    """False until an SDK (or anything else) installs a global tracer provider, which
    can happen at any time but never be undone."""
    global _installed
    if not _installed:
        if _PROVIDER_SLOT:
            # What get_tracer_provider() reads, without its environment lookup per call.
            _installed = getattr(trace, "_TRACER_PROVIDER", None) is not None
        else:
            _installed = not isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider)
    return _installed


class RpcTracer:
    def __init__(self) -> None:
        # A proxy tracer: it follows whichever provider is installed later.
        self._tracer = trace.get_tracer("cairn_server")

    def start(self, method: str, carrier: dict[str, str] | None) -> Span:
        """Starts the call's span (child of an incoming `traceparent`, if any) and makes
        it current in the call's context, so spans started below it nest."""
        parent = propagate.extract(carrier) if carrier else None
        full = method.lstrip("/")
        service, _, name = full.rpartition("/")
        span = self._tracer.start_span(
            full,
            context=parent,
            kind=SpanKind.SERVER,
            attributes={"rpc.system": "grpc", "rpc.service": service, "rpc.method": name},
        )
        # Each RPC runs in its own task (its own context copy): nothing to detach.
        otel_context.attach(trace.set_span_in_context(span, parent))
        return span

    @staticmethod
    def finish(span: Span, code: str, value: int) -> None:
        span.set_attribute("rpc.grpc.status_code", value)
        if code in _SERVER_ERRORS:
            span.set_status(Status(StatusCode.ERROR, code))
        span.end()


def setup_tracing_from_env() -> None:
    """Installs the OpenTelemetry SDK when OTEL_TRACES_EXPORTER names an exporter
    (`otlp` or `console`) and no provider is installed yet (e.g. by
    `opentelemetry-instrument`). Needs `opentelemetry-sdk`, plus
    `opentelemetry-exporter-otlp` for otlp; the OTEL_* variables configure the rest."""
    exporter_name = os.environ.get("OTEL_TRACES_EXPORTER", "").strip().lower()
    if exporter_name in ("", "none") or tracing_active():
        return
    try:
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import (
            BatchSpanProcessor,
            ConsoleSpanExporter,
            SpanExporter,
        )
    except ImportError:
        log.warning("OTEL_TRACES_EXPORTER is set but opentelemetry-sdk is not installed")
        return
    exporter: SpanExporter
    if exporter_name == "console":
        exporter = ConsoleSpanExporter()
    elif exporter_name == "otlp":
        try:
            from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import (  # type: ignore[import-not-found,unused-ignore]
                OTLPSpanExporter,
            )
        except ImportError:
            log.warning("OTEL_TRACES_EXPORTER=otlp needs opentelemetry-exporter-otlp installed")
            return
        exporter = OTLPSpanExporter()
    else:
        log.warning("OTEL_TRACES_EXPORTER=%s is not supported; use otlp or console", exporter_name)
        return
    resource = Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME", "cairn")})
    provider = TracerProvider(resource=resource)
    provider.add_span_processor(BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    log.info("tracing: exporting spans via %s", exporter_name)
