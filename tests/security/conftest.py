"""Fixtures of the security suite: a server that requires tokens, its bootstrap admin,
and users alice (group nlp) and bob (group vision), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

import grpc
import pytest

from cairn.access import Access
from cairn.client import Client
from cairn.errors import CairnError
from cairn.registry import Registry
from cairn_server.config import Settings
from tests.support.servers import InProcessServer

ADMIN_TOKEN = "cairn_bootstrap01_" + "A" * 40


@dataclass
class Caller:
    name: str
    token: str
    client: Client

    @property
    def access(self) -> Access:
        return Access(self.client)

    @property
    def registry(self) -> Registry:
        return Registry(self.client)


@dataclass
class World:
    server: InProcessServer
    admin: Caller
    alice: Caller
    bob: Caller
    anonymous: Client

    def connect(self, token: str) -> Client:
        return Client(self.server.address, token=token)


@pytest.fixture
def secure_settings(settings: Settings) -> Settings:
    return replace(settings, auth="required", bootstrap_token=ADMIN_TOKEN)


@pytest.fixture
def secure_server(secure_settings: Settings) -> Iterator[InProcessServer]:
    srv = InProcessServer(secure_settings).start()
    try:
        yield srv
    finally:
        srv.stop()


@contextmanager
def open_world(server: InProcessServer) -> Iterator[World]:
    """The bootstrap admin plus users alice (group nlp) and bob (group vision)."""
    clients: list[Client] = []

    def connect(token: str) -> Client:
        client = Client(server.address, token=token)
        clients.append(client)
        return client

    admin = Caller("admin", ADMIN_TOKEN, connect(ADMIN_TOKEN))
    callers = {}
    for name, group in (("alice", "nlp"), ("bob", "vision")):
        admin.access.create_user(name, groups=[group])
        secret = admin.access.create_token(user=name, description="tests").secret
        callers[name] = Caller(name, secret, connect(secret))
    try:
        yield World(server, admin, callers["alice"], callers["bob"], connect(""))
    finally:
        for client in clients:
            client.close()


@pytest.fixture
def world(secure_server: InProcessServer) -> Iterator[World]:
    with open_world(secure_server) as w:
        yield w


def expect(code: grpc.StatusCode, fn: Callable[[], object]) -> CairnError:
    with pytest.raises(CairnError) as info:
        fn()
    assert info.value.code == code, (
        f"expected {code.name}, got {info.value.code.name}: {info.value}"
    )
    assert "Traceback" not in info.value.message
    return info.value
