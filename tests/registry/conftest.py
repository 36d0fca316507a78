"""Fixtures of the registry suite. Each test that takes `registry` (through the shared
`client` fixture) runs once on SQLite and once on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import grpc
import pytest

from cairn.client import Client
from cairn.errors import CairnError
from cairn.registry import Registry
from cairn.v1 import run_pb2
from cairn_server.config import Settings
from tests.support.servers import InProcessServer

MakeRun = Callable[..., run_pb2.Run]


@pytest.fixture
def registry(client: Client) -> Registry:
    return Registry(client)


@pytest.fixture
def make_run(client: Client) -> MakeRun:
    """Creates a run in experiment "registry-tests"; keyword arguments go to create_run."""

    def make(**kwargs: object) -> run_pb2.Run:
        exp = client.get_or_create_experiment("registry-tests")
        return client.create_run(exp.experiment_id, **kwargs)  # type: ignore[arg-type]

    return make


@pytest.fixture
def approval_server(settings: Settings) -> Iterator[InProcessServer]:
    """A server where entering Production needs an approved request."""
    srv = InProcessServer(replace(settings, approval_stages="Production")).start()
    try:
        yield srv
    finally:
        srv.stop()


def as_user(server: InProcessServer, user: str) -> Registry:
    return Registry(Client(server.address, user=user))


def expect_error(code: grpc.StatusCode, fn: Callable[[], object], *needles: str) -> CairnError:
    """Calls fn, which must fail with `code` and a message containing every needle."""
    with pytest.raises(CairnError) as info:
        fn()
    assert info.value.code == code, info.value
    for needle in needles:
        assert needle in info.value.message, info.value.message
    return info.value
