"""The SDK's artifact functions and `cairn artifacts ls|get|put|rm`."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from click.testing import CliRunner

from cairn import artifacts
from cairn.cli import main
from cairn.client import Client
from cairn.errors import NotFoundError
from cairn.v1 import artifact_service_pb2 as pb
from tests.artifacts.helpers import MiB, chunks, header_resume, stub


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_log_and_download_a_tree(client: Client, run_id: str, tmp_path: Path) -> None:
    src = tmp_path / "model"
    (src / "weights").mkdir(parents=True)
    (src / "config.json").write_text('{"layers": 3}')
    (src / "weights" / "w.bin").write_bytes(os.urandom(9 * MiB))  # resumable path
    (src / "weights" / "empty").write_bytes(b"")
    (src / "link").symlink_to(src / "config.json")  # symlinks are not uploaded
    done = artifacts.log_artifacts(client, run_id, src, "models/v1")
    assert sorted(a.path for a in done) == [
        "models/v1/config.json",
        "models/v1/weights/empty",
        "models/v1/weights/w.bin",
    ]
    listed = [(a.path, a.is_dir) for a in artifacts.list_artifacts(client, run_id, "models/v1")]
    assert listed == [("models/v1/config.json", False), ("models/v1/weights", True)]

    out = artifacts.download_artifacts(client, run_id, "models/v1", tmp_path / "out")
    assert out == tmp_path / "out" / "v1"
    expected = {k: v for k, v in _tree(src).items() if k != "link"}
    assert _tree(out) == expected
    single = artifacts.download_artifacts(client, run_id, "models/v1/config.json", tmp_path / "one")
    assert single.read_text() == '{"layers": 3}'
    everything = artifacts.download_artifacts(client, run_id, "", tmp_path / "all")
    assert set(_tree(everything)) == {f"models/v1/{k}" for k in expected}


def test_log_artifact_verifies_and_records_the_digest(
    client: Client, run_id: str, tmp_path: Path
) -> None:
    f = tmp_path / "data.csv"
    f.write_text("a,b\n1,2\n")
    art = artifacts.log_artifact(client, run_id, f)
    assert art.path == "data.csv"
    assert art.sha256 == hashlib.sha256(f.read_bytes()).hexdigest()
    assert art.content_type == "text/csv"
    with pytest.raises(NotFoundError):
        artifacts.download_file(client, run_id, "nope.csv", tmp_path / "x")
    assert not (tmp_path / "x").exists()
    assert artifacts.delete_artifacts(client, run_id, "data.csv") == 1


def test_resumable_upload_picks_up_a_remembered_upload(
    client: Client, run_id: str, tmp_path: Path
) -> None:
    """An upload abandoned by a previous process continues where the server stopped."""
    f = tmp_path / "big.bin"
    data = os.urandom(12 * MiB)
    f.write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    # What a process that died after sending 8 MiB leaves behind.
    s = stub(client)
    start = pb.StartUploadRequest(
        run_id=run_id, path="big.bin", size_bytes=len(data), sha256=digest
    )
    upload_id = s.StartUpload(start).upload.upload_id
    s.UploadArtifact(iter([header_resume(upload_id, 0), *chunks(data[: 8 * MiB])]))
    committed = s.GetUpload(pb.GetUploadRequest(upload_id=upload_id)).upload.committed_bytes
    assert committed > 0
    state = artifacts._state_file(client, run_id, "big.bin", f, digest)
    state.parent.mkdir(parents=True)
    state.write_text(json.dumps({"upload_id": upload_id}))

    offsets: list[int] = []
    real_send = artifacts._send_from

    def recording_send(local: Path, uid: str, offset: int, *rest: Any) -> Iterator[Any]:
        offsets.append(offset)
        return real_send(local, uid, offset, *rest)

    with mock.patch.object(artifacts, "_send_from", recording_send):
        art = artifacts.log_artifact(client, run_id, f)
    assert art.sha256 == digest
    assert offsets == [committed]
    assert not state.exists()


def test_cli_put_ls_get_rm(client: Client, run_id: str, tmp_path: Path) -> None:
    runner = CliRunner()
    address = ["--address", client.address]
    src = tmp_path / "report"
    src.mkdir()
    (src / "summary.txt").write_text("accuracy 0.97")
    (src / "plot.png").write_bytes(b"\x89PNG fake")
    result = runner.invoke(main, [*address, "artifacts", "put", run_id, str(src), "eval"])
    assert result.exit_code == 0, result.output
    assert "uploaded 2 file(s)" in result.output
    single = tmp_path / "notes.md"
    single.write_text("# notes")
    assert runner.invoke(main, [*address, "artifacts", "put", run_id, str(single)]).exit_code == 0

    listing = runner.invoke(main, [*address, "artifacts", "ls", run_id])
    assert listing.exit_code == 0, listing.output
    assert "eval/" in listing.output and "notes.md" in listing.output
    deep = runner.invoke(main, [*address, "artifacts", "ls", run_id, "-r"])
    assert "eval/summary.txt" in deep.output

    dest = tmp_path / "dl"
    got = runner.invoke(main, [*address, "artifacts", "get", run_id, "eval", "-d", str(dest)])
    assert got.exit_code == 0, got.output
    assert (dest / "eval" / "summary.txt").read_text() == "accuracy 0.97"

    removed = runner.invoke(main, [*address, "artifacts", "rm", run_id, "eval"])
    assert removed.exit_code == 0 and "deleted 2 file(s)" in removed.output
    missing = runner.invoke(main, [*address, "artifacts", "get", run_id, "eval/summary.txt"])
    assert missing.exit_code != 0
    assert "NOT_FOUND" in missing.output
    bad = runner.invoke(main, [*address, "artifacts", "ls", run_id, "../x"])
    assert bad.exit_code != 0 and "INVALID_ARGUMENT" in bad.output


def test_client_has_artifact_methods(client: Client, run_id: str, tmp_path: Path) -> None:
    assert isinstance(client, artifacts.ArtifactMethods)
    f = tmp_path / "m.txt"
    f.write_text("mixin")
    c = Client(client.address)
    try:
        assert c.log_artifact(run_id, f, "x").path == "x/m.txt"
        assert [a.path for a in c.list_artifacts(run_id, recursive=True)] == ["x/m.txt"]
        out = c.download_artifacts(run_id, "x/m.txt", tmp_path / "out")
        assert out.read_text() == "mixin"
        assert c.delete_artifacts(run_id, "x") == 1
    finally:
        c.close()
