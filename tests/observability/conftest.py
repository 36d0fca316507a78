"""An in-process server with the metrics endpoint on, JSON access logs, and raw stubs
(metadata in and out is what these tests look at)."""

from __future__ import annotations

import io
import logging
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import grpc
import pytest

from cairn.v1 import tracking_service_pb2_grpc
from cairn_server.config import Settings
from cairn_server.observability.logs import make_handler
from tests.support.servers import InProcessServer


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class ObservedServer:
    server: InProcessServer
    channel: grpc.Channel
    tracking: tracking_service_pb2_grpc.TrackingServiceStub
    metrics_url: str


@contextmanager
def observed_server(settings: Settings) -> Iterator[ObservedServer]:
    port = free_port()
    settings = replace(settings, metrics_port=port, metrics_host="127.0.0.1", log_format="json")
    srv = InProcessServer(settings).start()
    channel = grpc.insecure_channel(srv.address)
    try:
        yield ObservedServer(
            srv,
            channel,
            tracking_service_pb2_grpc.TrackingServiceStub(channel),
            f"http://127.0.0.1:{port}/metrics",
        )
    finally:
        channel.close()
        srv.stop()


@pytest.fixture
def observed(db_url: str, tmp_path: Path) -> Iterator[ObservedServer]:
    with observed_server(Settings(data_dir=tmp_path / "data", db_url=db_url)) as server:
        yield server


@pytest.fixture
def json_logs() -> Iterator[io.StringIO]:
    """Captures every log record as a JSON line, as `--log-format json` would."""
    stream = io.StringIO()
    handler = make_handler("json", stream)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
