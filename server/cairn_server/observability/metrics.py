"""Prometheus metrics, in a registry of their own (never the process-global one), so
several servers in one process each count only their own calls."""

from __future__ import annotations

import logging
import threading
from bisect import bisect_left
from collections.abc import Iterable
from wsgiref.simple_server import WSGIServer

from prometheus_client import CollectorRegistry, Counter, start_http_server
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector
from sqlalchemy import Engine

log = logging.getLogger("cairn.metrics")

# Unary calls take well under a millisecond; streams and uploads can last minutes.
DURATION_BUCKETS = (
    0.0005,
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1.0,
    2.5,
    5.0,
    10.0,
    30.0,
    60.0,
    300.0,
)
_BOUND_LABELS = tuple(str(b) for b in DURATION_BUCKETS)


class MethodMetrics:
    """One method's RPC counts, in plain numbers changed only on the server's event loop
    thread (no locks on the call path); RpcCollector reads them at scrape time."""

    __slots__ = ("buckets", "codes", "duration_sum", "in_flight", "method")

    def __init__(self, method: str) -> None:
        self.method = method
        self.in_flight = 0
        self.codes: dict[str, int] = {}
        # Non-cumulative: buckets[i] counts durations in (DURATION_BUCKETS[i-1], [i]];
        # the last one is +Inf.
        self.buckets = [0] * (len(DURATION_BUCKETS) + 1)
        self.duration_sum = 0.0

    def started(self) -> None:
        self.in_flight += 1

    def finished(self, code: str, seconds: float) -> None:
        self.in_flight -= 1
        self.handled(code)
        self.buckets[bisect_left(DURATION_BUCKETS, seconds)] += 1
        self.duration_sum += seconds

    def handled(self, code: str) -> None:
        self.codes[code] = self.codes.get(code, 0) + 1


class RpcCollector(Collector):
    def __init__(self, methods: dict[str, MethodMetrics]) -> None:
        self._methods = methods

    def collect(self) -> Iterable[Metric]:
        handled = CounterMetricFamily(
            "cairn_rpc_handled",
            "Completed RPCs by full gRPC method name and final status code.",
            labels=["method", "code"],
        )
        duration = HistogramMetricFamily(
            "cairn_rpc_duration_seconds",
            "Time from the handler's start to its end (whole stream for streaming RPCs).",
            labels=["method"],
        )
        in_flight = GaugeMetricFamily(
            "cairn_rpc_in_flight",
            "RPCs being handled now (for streaming methods: open streams).",
            labels=["method"],
        )
        # Copies taken in C under the GIL: the loop thread cannot change them mid-copy.
        for m in list(self._methods.values()):
            for code, count in list(m.codes.items()):
                handled.add_metric([m.method, code], count)
            counts = list(m.buckets)
            if sum(counts):
                cumulative, running = [], 0
                for bound, count in zip((*_BOUND_LABELS, "+Inf"), counts, strict=True):
                    running += count
                    cumulative.append((bound, float(running)))
                duration.add_metric([m.method], cumulative, m.duration_sum)
            in_flight.add_metric([m.method], m.in_flight)
        yield handled
        yield duration
        yield in_flight


class ServerMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.ingest_points = Counter(
            "cairn_ingest_points",
            "Metric points committed to the database (LogMetrics and StreamMetrics).",
            registry=self.registry,
        )
        self.object_store_errors = Counter(
            "cairn_object_store_errors",
            "Failed object store operations by operation and error type.",
            ["operation", "error"],
            registry=self.registry,
        )
        self._methods: dict[str, MethodMetrics] = {}
        self.registry.register(RpcCollector(self._methods))
        self._http: tuple[WSGIServer, threading.Thread] | None = None

    def method(self, name: str) -> MethodMetrics:
        found = self._methods.get(name)
        if found is None:
            found = self._methods[name] = MethodMetrics(name)
        return found

    def watch_pool(self, engine: Engine) -> None:
        self.registry.register(PoolCollector(engine))

    def serve(self, host: str, port: int) -> int:
        """Serves /metrics over HTTP on a daemon thread; returns the bound port."""
        try:
            self._http = start_http_server(port, addr=host, registry=self.registry)
        except OSError as exc:
            raise SystemExit(f"cannot serve metrics on {host}:{port}: {exc}") from None
        bound = int(self._http[0].server_port)
        log.info("Prometheus metrics on http://%s:%d/metrics", host, bound)
        return bound

    def close(self) -> None:
        if self._http is not None:
            httpd, thread = self._http
            httpd.shutdown()
            httpd.server_close()
            thread.join(timeout=5)
            self._http = None


class PoolCollector(Collector):
    """Reads the SQLAlchemy connection pool at scrape time (the engine may replace its
    pool on dispose, so it is looked up each time)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def collect(self) -> Iterable[Metric]:
        pool = self._engine.pool
        readings = {
            "size": ("cairn_db_pool_size", "Connections the pool keeps (its configured size)."),
            "checkedout": (
                "cairn_db_pool_checked_out",
                "Connections lent out to a transaction now.",
            ),
            "checkedin": ("cairn_db_pool_checked_in", "Idle connections in the pool now."),
            "overflow": (
                "cairn_db_pool_overflow",
                "Connections open beyond the pool size now (negative: size not yet reached).",
            ),
        }
        for attr, (name, doc) in readings.items():
            reader = getattr(pool, attr, None)
            if callable(reader):
                yield GaugeMetricFamily(name, doc, value=float(reader()))
