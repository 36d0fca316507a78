"""Fixtures for the operations tests: a test PKI and TLS-serving in-process servers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from cairn_server.config import Settings
from tests.ops.certs import Pki, make_pki
from tests.support.servers import InProcessServer


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", db_url=f"sqlite:///{tmp_path / 'cairn.db'}")


StartServer = Callable[..., InProcessServer]


@pytest.fixture
def start_server(sqlite_settings: Settings) -> Iterator[StartServer]:
    """Starts in-process servers on SQLite with settings overridden; stops them after."""
    started: list[InProcessServer] = []

    def start(**overrides: object) -> InProcessServer:
        server = InProcessServer(replace(sqlite_settings, **overrides)).start()  # type: ignore[arg-type]
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
