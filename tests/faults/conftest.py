from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.postgres import PostgresServer, free_port
from tests.support.processes import ServerProcess


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server_proc(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerProcess]:
    extra: list[str] = []
    if request.param == "postgres":
        pg: PostgresServer = request.getfixturevalue("postgres")
        extra = ["--db-url", pg.create_database()]
    proc = ServerProcess(tmp_path / "data", free_port(), *extra).start()
    try:
        yield proc
    finally:
        proc.kill()
