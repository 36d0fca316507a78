"""Fixtures of the abuse suite. One seeded server per metadata database (SQLite, and
PostgreSQL from tests/conftest.py's session server) for the whole suite, so every case
runs on both. Each case records a snapshot of everything readable through the API (and the
row count of every table), sends its hostile request, and checks that the snapshot
did not change and that a normal call still succeeds."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from cairn.client import Client
from cairn.registry import Registry
from cairn_server.config import Settings
from tests.abuse.support import Env, seed
from tests.support.postgres import PostgresServer
from tests.support.servers import InProcessServer


@pytest.fixture(
    scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def module_db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('abuse-db') / 'cairn.db'}"
    pg: PostgresServer = request.getfixturevalue("postgres")
    return pg.create_database()


@pytest.fixture(scope="session")
def env(module_db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    tmp: Path = tmp_path_factory.mktemp("abuse")
    settings = Settings(
        data_dir=tmp / "data", db_url=module_db_url, artifact_root=(tmp / "blobs").as_uri()
    )
    server = InProcessServer(settings).start()
    client = Client(server.address, user="abuser")
    try:
        yield seed(server, client, Registry(client), tmp / "blobs")
    finally:
        client.close()
        server.stop()


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def _no_internal_errors() -> Iterator[None]:
    """No abuse case may reach the server's unexpected-error path (INTERNAL + log)."""
    handler = _Records()
    logger = logging.getLogger("cairn")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    assert not handler.records, [r.getMessage() for r in handler.records]


@pytest.fixture(autouse=True)
def _private_upload_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
