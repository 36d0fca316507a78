"""Kill -9 the server in the middle of a large upload, restart it, and let the SDK
resume: the artifact's digest must match the source, and the upload must continue
from the server's checkpoint rather than start over."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from cairn import artifacts
from cairn.client import Client
from cairn.errors import CairnError
from cairn.v1 import artifact_service_pb2 as pb
from tests.artifacts.helpers import MiB, stub
from tests.support.postgres import PostgresServer
from tests.support.processes import ServerProcess
from tests.support.s3 import S3Server, free_port

SIZE = 160 * MiB


@pytest.mark.slow
@pytest.mark.parametrize(
    ("kind", "database"),
    [
        ("local", "sqlite"),
        pytest.param("s3", "sqlite", marks=pytest.mark.s3),
        pytest.param("local", "postgres", marks=pytest.mark.postgres),
    ],
)
def test_kill_mid_upload_then_resume(
    kind: str, database: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if kind == "local":
        env = {"CAIRN_ARTIFACT_ROOT": (tmp_path / "blobs").as_uri()}
    else:
        s3: S3Server = request.getfixturevalue("s3_server")
        env = s3.env(s3.create_bucket())
    if database == "postgres":
        pg: PostgresServer = request.getfixturevalue("postgres")
        env["CAIRN_DB_URL"] = pg.create_database()
    server = ServerProcess(tmp_path / "data", free_port(), env=env).start()
    src = tmp_path / "big.bin"
    src.write_bytes(os.urandom(SIZE))
    digest = hashlib.sha256(src.read_bytes()).hexdigest()

    sent_from: list[int] = []
    upload_ids: list[str] = []
    real_send = artifacts._send_from

    def paced_send(local: Path, upload_id: str, offset: int, *rest: Any) -> Iterator[Any]:
        # Record where each attempt starts, and pace the stream so the kill lands
        # in the middle of it.
        upload_ids.append(upload_id)
        sent_from.append(offset)
        for message in real_send(local, upload_id, offset, *rest):
            yield message
            time.sleep(0.02)

    client = Client(server.address)
    outcome: dict[str, Any] = {}

    def upload() -> None:
        try:
            outcome["artifact"] = artifacts.log_artifact(client, run_id, src, progress=False)
        except Exception as exc:  # reported by the assertion below
            outcome["error"] = exc

    try:
        run_id = client.create_run(client.create_experiment("kill").experiment_id).run_id
        with mock.patch.object(artifacts, "_send_from", paced_send):
            worker = threading.Thread(target=upload)
            worker.start()
            committed = _wait_for_checkpoint(client, upload_ids)
            server.kill()
            time.sleep(0.5)
            server.start()
            worker.join(timeout=240)
        assert not worker.is_alive(), "the upload did not finish after the restart"
        assert "error" not in outcome, outcome.get("error")
        assert outcome["artifact"].sha256 == digest
        assert outcome["artifact"].size_bytes == SIZE
        # It resumed from a checkpoint (not from zero) after the kill.
        assert committed > 0
        assert any(0 < offset < SIZE for offset in sent_from[1:]), sent_from
        out = artifacts.download_file(client, run_id, "big.bin", tmp_path / "back.bin")
        assert hashlib.sha256(out.read_bytes()).hexdigest() == digest
    finally:
        client.close()
        server.kill()


def _wait_for_checkpoint(client: Client, upload_ids: list[str]) -> int:
    """Waits until the server has durably committed part of the upload (but not all)."""
    s = stub(client)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if upload_ids:
            try:
                upload = s.GetUpload(pb.GetUploadRequest(upload_id=upload_ids[0]), timeout=5).upload
            except CairnError:
                upload = None
            if upload is not None and 0 < upload.committed_bytes < SIZE:
                return int(upload.committed_bytes)
        time.sleep(0.01)
    raise AssertionError("the server never checkpointed the upload")
