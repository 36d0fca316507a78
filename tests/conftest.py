"""Shared fixtures. Every integration test that takes `server` or `client` runs once
per metadata backend: SQLite and a real PostgreSQL started here on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cairn.client import Client
from cairn_server.config import Settings
from tests.support.postgres import PostgresServer
from tests.support.servers import InProcessServer


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    server = PostgresServer().start()
    try:
        yield server
    finally:
        server.cleanup()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'cairn.db'}"
    pg: PostgresServer = request.getfixturevalue("postgres")
    return pg.create_database()


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", db_url=db_url)


@pytest.fixture
def server(settings: Settings) -> Iterator[InProcessServer]:
    srv = InProcessServer(settings).start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def client(server: InProcessServer) -> Iterator[Client]:
    with Client(server.address, user="tester") as c:
        yield c
