"""Artifacts stay byte-exact with drop-behind at work (cairn.pagecache, with a 1 MiB
window so that small test files exercise it): the local folder's writer across
checkpoints, an interrupted stream and fsync, its reader over ranges, and the SDK's
upload and download on both backends."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cairn import artifacts, pagecache
from cairn.client import Client
from cairn.v1 import artifact_service_pb2 as pb
from cairn_server.storage.blobs import local
from cairn_server.storage.blobs.local import LocalBlobStore
from tests.artifacts.helpers import MiB, chunks, get, header_resume, sha, stub

KiB = 1024


@pytest.fixture
def drops(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A 1 MiB window in 256 KiB steps; records the offsets of the ranges dropped (and
    the names of the files in `dropped_files`)."""
    monkeypatch.setattr(pagecache, "WINDOW", 1 * MiB)
    monkeypatch.setattr(pagecache, "STEP", 256 * KiB)
    seen: list[int] = []
    real = pagecache._fadvise

    def fadvise(fd: int, offset: int, count: int, advice: int) -> None:
        if advice == os.POSIX_FADV_DONTNEED:
            seen.append(offset)
            dropped_files.add(os.path.basename(os.readlink(f"/proc/self/fd/{fd}")))
        if real is not None:
            real(fd, offset, count, advice)

    monkeypatch.setattr(pagecache, "_fadvise", fadvise)
    dropped_files.clear()
    return seen


dropped_files: set[str] = set()


needs_drop_behind = pytest.mark.skipif(
    not pagecache.supported(write=True), reason="no drop-behind on this platform"
)


def _read_all(store: LocalBlobStore, key: str, offset: int, length: int) -> bytes:
    reader = store.open_reader(key, offset, length)
    try:
        out = bytearray()
        while chunk := reader.read(300 * KiB):
            out += chunk
        return bytes(out)
    finally:
        reader.close()


@needs_drop_behind
@pytest.mark.parametrize("fsync", [False, True])
def test_local_store_resume_and_ranges(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, drops: list[int], fsync: bool
) -> None:
    monkeypatch.setattr(local, "CHECKPOINT_BYTES", 2 * MiB)
    store = LocalBlobStore(str(tmp_path / "root"), fsync=fsync)
    key = "e/r/artifacts/big.bin"
    data = os.urandom(9 * MiB + 5)
    store.create_staging("u1", key, "")
    writer = store.open_writer("u1", key, "", 0, [])
    checkpoints = []
    for i in range(0, 7 * MiB + 1234, 300 * KiB):
        checkpoint = writer.write(data[i : i + 300 * KiB])
        if checkpoint:
            checkpoints.append(checkpoint.end)
    # The stream dies: what was written past the last checkpoint was never acknowledged.
    writer.close()
    assert drops, "the window was never passed"
    committed = checkpoints[-1]
    staged = tmp_path / "root" / local.STAGING_DIR / "u1"
    assert staged.stat().st_size > committed  # so reopening truncates
    drops.clear()
    writer = store.open_writer("u1", key, "", committed, [])  # truncates to `committed`
    for i in range(committed, len(data), 300 * KiB):
        writer.write(data[i : i + 300 * KiB])
    assert writer.flush(final=True) is not None
    writer.close()
    assert drops and min(drops) >= committed
    store.complete("u1", key, "", [], len(data))

    drops.clear()
    whole = _read_all(store, key, 0, len(data))
    assert sha(whole) == sha(data)
    assert drops, "the reader never dropped anything"
    for offset, length in [(7, 3 * MiB), (4 * MiB + 1, len(data) - 4 * MiB - 1), (0, 10)]:
        assert _read_all(store, key, offset, length) == data[offset : offset + length]


@needs_drop_behind
def test_sdk_upload_and_download_through_the_server(
    client: Client, run_id: str, tmp_path: Path, drops: list[int]
) -> None:
    src = tmp_path / "big.bin"
    data = os.urandom(20 * MiB + 17)  # above SINGLE_CALL_MAX: the resumable path
    src.write_bytes(data)
    art = artifacts.log_artifact(client, run_id, src)
    assert art.sha256 == sha(data)
    dest = artifacts.download_file(client, run_id, "big.bin", tmp_path / "out" / "big.bin")
    assert dest.read_bytes() == data
    # The SDK dropped its source behind the send and its download behind the writes.
    assert {"big.bin", "big.bin.cairn-partial"} <= dropped_files
    s = stub(client)
    assert (
        get(s, run_id, "big.bin", offset=5 * MiB + 3, length=9 * MiB)[1]
        == data[5 * MiB + 3 : 14 * MiB + 3]
    )
    assert get(s, run_id, "big.bin", offset=len(data) - 100)[1] == data[-100:]


@needs_drop_behind
def test_interrupted_stream_resumes(client: Client, run_id: str, drops: list[int]) -> None:
    s = stub(client)
    data = os.urandom(14 * MiB)
    start = pb.StartUploadRequest(
        run_id=run_id, path="big.bin", size_bytes=len(data), sha256=sha(data)
    )
    upload_id = s.StartUpload(start).upload.upload_id
    s.UploadArtifact(iter([header_resume(upload_id, 0), *chunks(data[: 9 * MiB])]))
    committed = s.GetUpload(pb.GetUploadRequest(upload_id=upload_id)).upload.committed_bytes
    assert 0 < committed <= 9 * MiB
    done = s.UploadArtifact(iter([header_resume(upload_id, committed), *chunks(data[committed:])]))
    assert done.artifact.sha256 == sha(data)
    assert get(s, run_id, "big.bin")[1] == data
