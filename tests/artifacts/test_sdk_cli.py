"""The SDK's artifact functions and `cairn artifacts ls|get|put|rm`."""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import grpc
import pytest
from click.testing import CliRunner

from cairn import artifacts
from cairn.cli import main
from cairn.client import Client
from cairn.errors import CairnError, NotFoundError
from cairn.v1 import artifact_service_pb2 as pb
from tests.artifacts.conftest import Store
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


class _Overlap:
    """Wraps an SDK function to record how many calls of it ran at once."""

    def __init__(self, fn: Any) -> None:
        self.fn = fn
        self.running = self.most = 0
        self.lock = threading.Lock()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            time.sleep(0.02)  # long enough for the other threads to start theirs
            return self.fn(*args, **kwargs)
        finally:
            with self.lock:
                self.running -= 1


def test_trees_of_small_files_move_several_at_a_time(
    client: Client, run_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "src"
    for i in range(12):
        (src / f"d{i % 3}").mkdir(parents=True, exist_ok=True)
        (src / f"d{i % 3}" / f"f{i:02}.txt").write_bytes(os.urandom(100 + i))
    (src / "big.bin").write_bytes(os.urandom(9 * MiB))  # alone, after the small ones
    (src / "zz.txt").write_bytes(b"last")  # a walk would give it before d0/
    uploads = _Overlap(artifacts.upload_file)
    monkeypatch.setattr(artifacts, "upload_file", uploads)
    done = artifacts.log_artifacts(client, run_id, src, "t")
    # Results in path order (as ListArtifacts lists them), whatever order the
    # transfers finished in.
    expected = [
        "t/big.bin",
        *(f"t/d{i % 3}/f{i:02}.txt" for i in sorted(range(12), key=lambda i: (i % 3, i))),
        "t/zz.txt",
    ]
    assert [a.path for a in done] == expected
    assert 1 < uploads.most <= artifacts.PARALLEL_FILES
    downloads = _Overlap(artifacts.download_file)
    monkeypatch.setattr(artifacts, "download_file", downloads)
    out = artifacts.download_artifacts(client, run_id, "t", tmp_path / "out")
    assert _tree(out) == _tree(src)
    assert 1 < downloads.most <= artifacts.PARALLEL_FILES
    # Forced progress bars: rich shows one at a time, so one file at a time.
    uploads.most = 0
    artifacts.log_artifacts(client, run_id, src / "d0", "again", progress=True)
    assert uploads.most == 1


def test_a_failed_file_in_a_tree_is_raised(client: Client, run_id: str, tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    for i in range(8):
        (src / f"f{i}.txt").write_bytes(b"x")
    (src / "sub" / "inner.txt").write_bytes(b"y")
    artifacts.upload_file(client, run_id, src / "f0.txt", "t/sub")  # "sub" is a file now
    with pytest.raises(CairnError) as info:
        artifacts.log_artifacts(client, run_id, src, "t")
    assert info.value.code == grpc.StatusCode.FAILED_PRECONDITION
    assert "t/sub/inner.txt" in str(info.value)


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


def test_direct_downloads_through_presigned_urls(
    client: Client, run_id: str, store: Store, tmp_path: Path
) -> None:
    data = os.urandom(9 * MiB + 123)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "w.bin").write_bytes(data)
    artifacts.log_artifact(client, run_id, tmp_path / "src" / "w.bin", "ckpt")
    if store.kind == "local":
        with pytest.raises(CairnError) as err:
            client.presigned_url(run_id, "ckpt/w.bin")
        assert err.value.code == grpc.StatusCode.UNIMPLEMENTED
        with pytest.raises(CairnError) as err:
            artifacts.download_file(client, run_id, "ckpt/w.bin", tmp_path / "x", direct=True)
        assert err.value.code == grpc.StatusCode.UNIMPLEMENTED
        assert list(tmp_path.glob("x*")) == []
        return
    before = time.time() * 1000
    presigned = client.presigned_url(run_id, "ckpt/w.bin", expires_seconds=60)
    assert presigned.artifact is not None
    assert presigned.artifact.sha256 == hashlib.sha256(data).hexdigest()
    assert presigned.artifact.size_bytes == len(data)
    assert before + 55_000 < presigned.expire_time_millis < before + 65_000
    with pytest.raises(ValueError, match="GET or PUT"):
        client.presigned_url(run_id, "ckpt/w.bin", method="DELETE")

    out = client.download_artifacts(run_id, "ckpt", tmp_path / "out", direct=True)
    assert (out / "w.bin").read_bytes() == data

    # A presigned PUT URL describes no artifact; what it uploads is listed afterwards.
    put_url = artifacts.presigned_url(client, run_id, "direct/new.txt", method="put")
    assert put_url.artifact is None
    request = urllib.request.Request(put_url.url, data=b"straight in", method="PUT")
    with urllib.request.urlopen(request, timeout=10) as resp:
        assert resp.status == 200
    assert [a.path for a in artifacts.list_artifacts(client, run_id, "direct")] == [
        "direct/new.txt"
    ]

    # The stored object changed behind the server's back: refused, nothing left behind.
    (stored,) = [store.root / f for f in store.files() if f.endswith("ckpt/w.bin")]
    stored.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    with pytest.raises(CairnError) as err:
        artifacts.download_file(client, run_id, "ckpt/w.bin", tmp_path / "bad", direct=True)
    assert err.value.code == grpc.StatusCode.DATA_LOSS
    assert list(tmp_path.glob("bad*")) == []


@pytest.mark.parametrize("backend", ["s3"], indirect=True)
@pytest.mark.parametrize("size", [9 * MiB, artifacts.CHUNK], ids=["mid-file", "after-last-byte"])
def test_direct_download_resumes_with_a_byte_range(
    client: Client, run_id: str, tmp_path: Path, size: int
) -> None:
    data = os.urandom(size)
    (tmp_path / "w.bin").write_bytes(data)
    artifacts.log_artifact(client, run_id, tmp_path / "w.bin")
    real_urlopen = urllib.request.urlopen
    ranges: list[str | None] = []

    class DropsAfterOneRead:
        """The first response: one chunk, then the connection resets."""

        def __init__(self, response: Any) -> None:
            self._response, self._reads = response, 0
            self.status = response.status

        def __enter__(self) -> DropsAfterOneRead:
            return self

        def __exit__(self, *exc: object) -> None:
            self._response.close()

        def read(self, size: int) -> bytes:
            self._reads += 1
            if self._reads > 1:
                raise ConnectionResetError("connection reset by peer")
            return bytes(self._response.read(size))

    def flaky_urlopen(request: urllib.request.Request, timeout: float) -> Any:
        ranges.append(request.get_header("Range"))
        response = real_urlopen(request, timeout=timeout)
        return DropsAfterOneRead(response) if len(ranges) == 1 else response

    with mock.patch.object(urllib.request, "urlopen", flaky_urlopen):
        got = artifacts.download_file(client, run_id, "w.bin", tmp_path / "got", direct=True)
    assert got.read_bytes() == data
    # A drop after the last byte needs no second request (it would be a 416).
    assert ranges == ([None, f"bytes={artifacts.CHUNK}-"] if size > artifacts.CHUNK else [None])


@pytest.mark.parametrize("backend", ["s3"], indirect=True)
def test_direct_download_renews_an_expired_url(client: Client, run_id: str, tmp_path: Path) -> None:
    data = os.urandom(9 * MiB)
    (tmp_path / "w.bin").write_bytes(data)
    artifacts.log_artifact(client, run_id, tmp_path / "w.bin")
    real_urlopen = urllib.request.urlopen
    urls: list[str] = []

    def expiring_urlopen(request: urllib.request.Request, timeout: float) -> Any:
        urls.append(request.full_url)
        if len(urls) == 1:  # the transfer breaks off after its first 4 MiB...
            response = real_urlopen(request, timeout=timeout)
            body = response.read(artifacts.CHUNK)
            response.close()
            partial = mock.MagicMock(status=200)
            partial.__enter__.return_value = partial
            partial.read.side_effect = [body, ConnectionResetError("reset")]
            return partial
        if len(urls) == 2:  # ...and by the time it resumes, its URL has expired
            raise urllib.error.HTTPError(request.full_url, 403, "Forbidden", {}, None)  # type: ignore[arg-type]
        return real_urlopen(request, timeout=timeout)

    presign = mock.Mock(wraps=artifacts.presigned_url)
    with (
        mock.patch.object(urllib.request, "urlopen", expiring_urlopen),
        mock.patch.object(artifacts, "presigned_url", presign),
    ):
        got = artifacts.download_file(client, run_id, "w.bin", tmp_path / "got", direct=True)
    assert got.read_bytes() == data
    assert len(urls) == 3 and presign.call_count == 2  # a new URL was asked for

    # A 403 from a URL that never worked is final: no retries, no file.
    def forbidden(request: urllib.request.Request, timeout: float) -> Any:
        urls.append(request.full_url)
        raise urllib.error.HTTPError(request.full_url, 403, "Forbidden", {}, None)  # type: ignore[arg-type]

    urls.clear()
    with mock.patch.object(urllib.request, "urlopen", forbidden), pytest.raises(CairnError) as err:
        artifacts.download_file(client, run_id, "w.bin", tmp_path / "no", direct=True)
    assert err.value.code == grpc.StatusCode.PERMISSION_DENIED and len(urls) == 1
    assert list(tmp_path.glob("no*")) == []


def test_cli_presigned_url_and_direct_get(
    client: Client, run_id: str, store: Store, tmp_path: Path
) -> None:
    runner = CliRunner()
    address = ["--address", client.address]
    (tmp_path / "r.txt").write_text("report")
    artifacts.log_artifact(client, run_id, tmp_path / "r.txt")
    url = runner.invoke(main, [*address, "artifacts", "url", run_id, "r.txt", "--expires", "30"])
    get = runner.invoke(
        main, [*address, "artifacts", "get", run_id, "r.txt", "--direct", "-d", str(tmp_path / "d")]
    )
    if store.kind == "local":
        assert url.exit_code != 0 and "UNIMPLEMENTED" in url.output
        assert "local folder" in url.output
        assert get.exit_code != 0 and "UNIMPLEMENTED" in get.output
        return
    assert url.exit_code == 0, url.output
    assert url.stdout.startswith("http://127.0.0.1:") and url.stdout.count("\n") == 1
    assert "GET until" in url.stderr
    with urllib.request.urlopen(url.stdout.strip(), timeout=10) as resp:
        assert resp.read() == b"report"
    assert get.exit_code == 0, get.output
    assert (tmp_path / "d" / "r.txt").read_text() == "report"
    put = runner.invoke(main, [*address, "artifacts", "url", run_id, "new.bin", "--put"])
    assert put.exit_code == 0 and "PUT until" in put.stderr
    too_long = runner.invoke(
        main, [*address, "artifacts", "url", run_id, "r.txt", "--expires", "4000"]
    )
    assert too_long.exit_code == 2 and "4000" in too_long.output
