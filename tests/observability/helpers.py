from __future__ import annotations

import time
import urllib.request
from collections.abc import Callable, Iterator
from typing import TypeVar

import grpc
import numpy as np
from prometheus_client.parser import text_string_to_metric_families

from cairn.v1 import metric_pb2, tracking_service_pb2_grpc
from cairn.v1 import tracking_service_pb2 as pb

TRACKING = "/cairn.v1.TrackingService/"
T = TypeVar("T")


def eventually(fn: Callable[[], T], check: Callable[[T], bool], timeout: float = 10.0) -> T:
    """fn() once check(fn()) holds. An aborted call's status reaches the client before
    the server's interceptor finishes recording it, so records lag by a moment."""
    deadline = time.monotonic() + timeout
    while True:
        value = fn()
        if check(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.02)


def batch(run_id: str, start: int, n: int, key: str = "loss") -> metric_pb2.MetricBatch:
    steps = np.arange(start, start + n, dtype=np.int64)
    return metric_pb2.MetricBatch(run_id=run_id, key=key, steps=steps, values=steps * 0.5)


def make_run(tracking: tracking_service_pb2_grpc.TrackingServiceStub, name: str) -> str:
    exp = tracking.CreateExperiment(pb.CreateExperimentRequest(name=name)).experiment
    run_id: str = tracking.CreateRun(
        pb.CreateRunRequest(experiment_id=exp.experiment_id)
    ).run.run_id
    return run_id


def stream_points(
    tracking: tracking_service_pb2_grpc.TrackingServiceStub,
    run_id: str,
    sizes: list[int],
    metadata: tuple[tuple[str, str], ...] = (),
) -> tuple[list[pb.StreamMetricsResponse], grpc.Call]:
    """One StreamMetrics call: open, one data message per size, half-close; returns
    every response and the finished call (for its trailing metadata)."""

    def requests() -> Iterator[pb.StreamMetricsRequest]:
        yield pb.StreamMetricsRequest(open=pb.StreamOpen(stream_id=f"obs-{run_id}"))
        start = 0
        for seq, n in enumerate(sizes, start=1):
            data = pb.StreamData(seq=seq, batches=[batch(run_id, start, n)])
            yield pb.StreamMetricsRequest(data=data)
            start += n

    call = tracking.StreamMetrics(requests(), metadata=metadata, timeout=60)
    responses = list(call)
    return responses, call


def scrape(url: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample on the endpoint, keyed by (name, sorted labels)."""
    with urllib.request.urlopen(url, timeout=10) as response:
        text = response.read().decode()
    samples: dict[tuple[str, tuple[tuple[str, str], ...]], float] = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            samples[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return samples


def handled(
    samples: dict[tuple[str, tuple[tuple[str, str], ...]], float], method: str, code: str
) -> float:
    key = ("cairn_rpc_handled_total", (("code", code), ("method", method)))
    return samples.get(key, 0.0)
