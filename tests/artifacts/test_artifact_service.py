"""The ArtifactService end to end, on {local, S3} x {SQLite, PostgreSQL}."""

from __future__ import annotations

import os
import urllib.request
from typing import Any

import grpc
import pytest

from cairn.client import Client
from cairn.v1 import artifact_pb2
from cairn.v1 import artifact_service_pb2 as pb
from cairn_server.services import artifacts as services_artifacts
from cairn_server.services.artifacts import ArtifactService
from cairn_server.storage.blobs import digest
from cairn_server.transport import artifact_servicer
from tests.artifacts.conftest import Store
from tests.artifacts.helpers import (
    MiB,
    chunks,
    code,
    get,
    header_resume,
    header_start,
    listing,
    put,
    reason,
    sha,
    stub,
)
from tests.support.rpc import status_of
from tests.support.servers import InProcessServer

Code = grpc.StatusCode


def test_roundtrip_small_large_and_empty(client: Client, run_id: str, store: Store) -> None:
    s = stub(client)
    small = b"hello artifacts"
    large = os.urandom(9 * MiB + 123)
    for path, data in [("small.txt", small), ("dir/large.bin", large), ("empty", b"")]:
        resp = put(s, run_id, path, data)
        assert resp.upload.state == artifact_pb2.UPLOAD_STATE_COMPLETED
        assert resp.artifact.sha256 == sha(data)
        assert resp.artifact.size_bytes == len(data)
        meta, body = get(s, run_id, path)
        assert body == data
        assert meta.sha256 == sha(data) and meta.size_bytes == len(data)
    assert get(s, run_id, "small.txt")[0].content_type == "text/plain"
    assert len(store.files()) == 3


def test_byte_ranges(client: Client, run_id: str) -> None:
    s = stub(client)
    data = os.urandom(5 * MiB)
    put(s, run_id, "r.bin", data)
    assert get(s, run_id, "r.bin", offset=10, length=100)[1] == data[10:110]
    assert get(s, run_id, "r.bin", offset=4 * MiB + 7)[1] == data[4 * MiB + 7 :]
    assert get(s, run_id, "r.bin", offset=len(data) - 3, length=100)[1] == data[-3:]
    assert get(s, run_id, "r.bin", offset=len(data))[1] == b""
    past = pb.DownloadArtifactRequest(run_id=run_id, path="r.bin", offset=len(data) + 1)
    assert code(lambda: s.DownloadArtifact(past)) == Code.OUT_OF_RANGE
    negative = pb.DownloadArtifactRequest(run_id=run_id, path="r.bin", offset=-1)
    assert code(lambda: s.DownloadArtifact(negative)) == Code.INVALID_ARGUMENT


def test_not_found(client: Client, run_id: str) -> None:
    s = stub(client)
    missing = pb.DownloadArtifactRequest(run_id=run_id, path="nope.txt")
    assert code(lambda: s.DownloadArtifact(missing)) == Code.NOT_FOUND
    unknown_run = pb.ListArtifactsRequest(run_id="0123456789abcdefghjkmnpqrs")
    assert code(lambda: s.ListArtifacts(unknown_run)) == Code.NOT_FOUND
    start = pb.StartUploadRequest(run_id="0123456789abcdefghjkmnpqrs", path="a", size_bytes=1)
    assert code(lambda: s.StartUpload(start)) == Code.NOT_FOUND
    assert code(lambda: s.GetUpload(pb.GetUploadRequest(upload_id="nope"))) == Code.NOT_FOUND
    delete = pb.DeleteArtifactRequest(run_id=run_id, path="nope")
    assert code(lambda: s.DeleteArtifact(delete)) == Code.NOT_FOUND


def test_digest_mismatch_is_data_loss_and_leaves_nothing(
    client: Client, run_id: str, store: Store
) -> None:
    s = stub(client)
    data = os.urandom(6 * MiB)
    error = status_of(lambda: put(s, run_id, "bad.bin", data, digest=sha(b"other")))
    assert error.code() == Code.DATA_LOSS
    assert listing(s, run_id, recursive=True) == []
    assert store.files() == []
    missing = pb.DownloadArtifactRequest(run_id=run_id, path="bad.bin")
    assert code(lambda: s.DownloadArtifact(missing)) == Code.NOT_FOUND


def test_bad_start_arguments(client: Client, run_id: str) -> None:
    s = stub(client)
    negative = pb.StartUploadRequest(run_id=run_id, path="a", size_bytes=-1)
    assert code(lambda: s.StartUpload(negative)) == Code.INVALID_ARGUMENT
    bad_digest = pb.StartUploadRequest(run_id=run_id, path="a", size_bytes=1, sha256="ABC")
    assert code(lambda: s.StartUpload(bad_digest)) == Code.INVALID_ARGUMENT


def test_more_bytes_than_declared(client: Client, run_id: str, store: Store) -> None:
    s = stub(client)
    messages = [header_start(run_id, "x.bin", 10), pb.UploadArtifactRequest(data=b"y" * 11)]
    assert code(lambda: s.UploadArtifact(iter(messages))) == Code.INVALID_ARGUMENT
    assert listing(s, run_id, recursive=True) == []
    assert store.files() == []


def test_resume_after_an_interrupted_stream(client: Client, run_id: str) -> None:
    s = stub(client)
    data = os.urandom(14 * MiB)
    start = pb.StartUploadRequest(
        run_id=run_id, path="big.bin", size_bytes=len(data), sha256=sha(data)
    )
    upload = s.StartUpload(start).upload
    assert upload.state == artifact_pb2.UPLOAD_STATE_IN_PROGRESS
    # The client stops after 8 MiB: the server keeps what is durable.
    first = s.UploadArtifact(iter([header_resume(upload.upload_id, 0), *chunks(data[: 8 * MiB])]))
    assert not first.HasField("artifact")
    committed = s.GetUpload(pb.GetUploadRequest(upload_id=upload.upload_id)).upload.committed_bytes
    assert committed == first.upload.committed_bytes
    assert 0 < committed <= 8 * MiB
    # Resuming from the wrong offset is a conflict that names the right one.
    wrong = [header_resume(upload.upload_id, committed + 1), *chunks(data[committed + 1 :])]
    error = status_of(lambda: s.UploadArtifact(iter(wrong)))
    assert error.code() == Code.FAILED_PRECONDITION
    assert reason(error) == "CONFLICT"
    done = s.UploadArtifact(
        iter([header_resume(upload.upload_id, committed), *chunks(data[committed:])])
    )
    assert done.artifact.sha256 == sha(data)
    assert get(s, run_id, "big.bin")[1] == data
    # A retried final call (its response lost) gets the same answer.
    again = s.UploadArtifact(iter([header_resume(upload.upload_id, len(data))]))
    assert again.artifact.sha256 == sha(data)


class _Calls:
    """Counts the service's calls that tell the small path from the staged one."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.counts = {"put_small": 0, "start_upload": 0}
        for name in self.counts:
            original = getattr(ArtifactService, name)
            monkeypatch.setattr(ArtifactService, name, self._counted(name, original))

    def _counted(self, name: str, original: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            self.counts[name] += 1
            return original(*args, **kwargs)

        return call

    def take(self) -> dict[str, int]:
        counts, self.counts = self.counts, dict.fromkeys(self.counts, 0)
        return counts


def _staged(store: Store) -> list[str]:
    staging = store.root / ".uploads"
    return sorted(p.name for p in staging.iterdir()) if staging.exists() else []


def test_small_one_call_uploads_are_stored_in_one_write(
    client: Client, run_id: str, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One-call uploads up to 8 MiB skip the staged, checkpointed path, and answer as
    # every upload does: GetUpload knows them, a retried final call gets the same answer.
    calls = _Calls(monkeypatch)
    s = stub(client)
    data = os.urandom(6 * MiB + 5)  # two data messages
    resp = put(s, run_id, "one/call.bin", data)
    assert calls.take() == {"put_small": 1, "start_upload": 0}
    assert resp.artifact.sha256 == sha(data) and resp.artifact.size_bytes == len(data)
    assert resp.upload.state == artifact_pb2.UPLOAD_STATE_COMPLETED
    got = s.GetUpload(pb.GetUploadRequest(upload_id=resp.upload.upload_id)).upload
    assert got.state == artifact_pb2.UPLOAD_STATE_COMPLETED
    assert (got.committed_bytes, got.sha256, got.path) == (len(data), sha(data), "one/call.bin")
    again = s.UploadArtifact(iter([header_resume(resp.upload.upload_id, len(data))]))
    assert again.artifact.sha256 == sha(data)
    assert get(s, run_id, "one/call.bin")[1] == data
    assert [f.rsplit("/", 2)[-2:] for f in store.files()] == [["one", "call.bin"]]
    if store.kind == "local":
        assert _staged(store) == []
    # Past 8 MiB, and whenever the servicer's memory budget is spent, the staged path.
    put(s, run_id, "big.bin", os.urandom(8 * MiB + 1))
    assert calls.take() == {"put_small": 0, "start_upload": 1}
    monkeypatch.setattr(artifact_servicer._MemoryBudget, "take", lambda self, size: False)
    put(s, run_id, "spent.bin", b"no room")
    assert calls.take() == {"put_small": 0, "start_upload": 1}
    assert get(s, run_id, "spent.bin")[1] == b"no room"


def test_expired_uploads_are_aborted_by_later_uploads(
    client: Client, run_id: str, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services_artifacts, "PURGE_INTERVAL_MILLIS", 0)
    ttl = services_artifacts.UPLOAD_TTL_MILLIS
    s = stub(client)
    for path, data in [("staged.bin", os.urandom(9 * MiB)), ("small.txt", b"small")]:
        monkeypatch.setattr(services_artifacts, "UPLOAD_TTL_MILLIS", -1)  # born expired
        start = pb.StartUploadRequest(run_id=run_id, path="left/" + path, size_bytes=10)
        left = s.StartUpload(start).upload.upload_id
        monkeypatch.setattr(services_artifacts, "UPLOAD_TTL_MILLIS", ttl)
        put(s, run_id, path, data)  # a staged upload, then a small one-call upload
        state = s.GetUpload(pb.GetUploadRequest(upload_id=left)).upload.state
        assert state == artifact_pb2.UPLOAD_STATE_ABORTED, path
        if store.kind == "local":
            assert left not in _staged(store)


@pytest.mark.parametrize("small", [True, False], ids=["small-path", "staged-path"])
def test_a_one_call_upload_that_ends_early_can_be_resumed(
    client: Client, run_id: str, store: Store, monkeypatch: pytest.MonkeyPatch, small: bool
) -> None:
    if not small:
        monkeypatch.setattr(artifact_servicer, "SMALL_UPLOAD_MAX", -1)
    s = stub(client)
    data = os.urandom(1000)
    short = [header_start(run_id, "early.bin", len(data), sha(data)), *chunks(data[:400])]
    first = s.UploadArtifact(iter(short))
    assert not first.HasField("artifact")
    assert first.upload.state == artifact_pb2.UPLOAD_STATE_IN_PROGRESS
    # The local folder keeps the 400 bytes; S3 cannot keep a part under 5 MiB.
    committed = first.upload.committed_bytes
    assert committed == (400 if store.kind == "local" else 0)
    rest = [header_resume(first.upload.upload_id, committed), *chunks(data[committed:])]
    done = s.UploadArtifact(iter(rest))
    assert done.artifact.sha256 == sha(data)
    assert get(s, run_id, "early.bin")[1] == data


def test_resume_without_a_saved_hash_state_starts_over(
    client: Client, run_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A server without libcrypto cannot save the running SHA-256, so a resumed
    # upload restarts from 0; GetUpload must say so, or a client resuming from the
    # bytes it reports would be refused with CONFLICT.
    monkeypatch.setattr(digest, "_LIB", None)
    s = stub(client)
    data = os.urandom(10 * MiB)
    start = pb.StartUploadRequest(
        run_id=run_id, path="nohash.bin", size_bytes=len(data), sha256=sha(data)
    )
    upload = s.StartUpload(start).upload
    first = s.UploadArtifact(iter([header_resume(upload.upload_id, 0), *chunks(data[: 8 * MiB])]))
    assert first.upload.committed_bytes > 0 and not first.HasField("artifact")
    got = s.GetUpload(pb.GetUploadRequest(upload_id=upload.upload_id)).upload
    assert got.committed_bytes == 0 and got.state == artifact_pb2.UPLOAD_STATE_IN_PROGRESS
    done = s.UploadArtifact(iter([header_resume(upload.upload_id, 0), *chunks(data)]))
    assert done.artifact.sha256 == sha(data)
    assert get(s, run_id, "nohash.bin")[1] == data


def test_abort(client: Client, run_id: str, store: Store) -> None:
    s = stub(client)
    upload = s.StartUpload(pb.StartUploadRequest(run_id=run_id, path="a.bin", size_bytes=10)).upload
    s.UploadArtifact(
        iter([header_resume(upload.upload_id, 0), pb.UploadArtifactRequest(data=b"12345")])
    )
    s.AbortUpload(pb.AbortUploadRequest(upload_id=upload.upload_id))
    state = s.GetUpload(pb.GetUploadRequest(upload_id=upload.upload_id)).upload.state
    assert state == artifact_pb2.UPLOAD_STATE_ABORTED
    resume = [header_resume(upload.upload_id, 0), pb.UploadArtifactRequest(data=b"1" * 10)]
    assert code(lambda: s.UploadArtifact(iter(resume))) == Code.FAILED_PRECONDITION
    assert store.files() == []
    assert not (store.root / ".uploads").exists() or not list((store.root / ".uploads").iterdir())


def test_listing_directories_and_pages(client: Client, run_id: str) -> None:
    s = stub(client)
    paths = ["a.txt", "b/c.txt", "b/d/e.txt", "b-x.txt", "z/1", "z/2", "z/3", "zz"]
    for path in paths:
        put(s, run_id, path, path.encode())
    # Byte order of the full paths, as S3 lists: "b-x.txt" < "b/..." ('-' < '/').
    assert listing(s, run_id) == [
        ("a.txt", False),
        ("b-x.txt", False),
        ("b", True),
        ("z", True),
        ("zz", False),
    ]
    assert listing(s, run_id, "b") == [("b/c.txt", False), ("b/d", True)]
    assert listing(s, run_id, "b/") == [("b/c.txt", False), ("b/d", True)]
    everything = sorted((p, False) for p in paths)
    assert listing(s, run_id, recursive=True) == everything
    # Pages of one or two give the same sequence as one page.
    for size in (1, 2):
        assert listing(s, run_id, page_size=size) == listing(s, run_id)
        assert listing(s, run_id, recursive=True, page_size=size) == everything
    first = s.ListArtifacts(pb.ListArtifactsRequest(run_id=run_id, page_size=1))
    assert first.artifacts[0].size_bytes == 5 and first.artifacts[0].sha256 == sha(b"a.txt")
    other_query = pb.ListArtifactsRequest(run_id=run_id, path="b", page_token=first.next_page_token)
    assert code(lambda: s.ListArtifacts(other_query)) == Code.INVALID_ARGUMENT


def test_delete_file_and_directory(client: Client, run_id: str, store: Store) -> None:
    s = stub(client)
    for path in ["keep.txt", "d/1.txt", "d/e/2.txt", "d-other.txt"]:
        put(s, run_id, path, b"x")
    deleted = s.DeleteArtifact(pb.DeleteArtifactRequest(run_id=run_id, path="d")).deleted_count
    assert deleted == 2
    assert listing(s, run_id, recursive=True) == [("d-other.txt", False), ("keep.txt", False)]
    assert (
        s.DeleteArtifact(pb.DeleteArtifactRequest(run_id=run_id, path="keep.txt")).deleted_count
        == 1
    )
    assert [f.rsplit("/", 1)[-1] for f in store.files()] == ["d-other.txt"]


def test_overwrite_and_path_conflicts(client: Client, run_id: str) -> None:
    s = stub(client)
    put(s, run_id, "m.bin", b"one")
    put(s, run_id, "m.bin", b"two!")
    meta, body = get(s, run_id, "m.bin")
    assert body == b"two!" and meta.sha256 == sha(b"two!")
    error = status_of(lambda: put(s, run_id, "m.bin/inner", b"x"))
    assert error.code() == Code.FAILED_PRECONDITION
    assert reason(error) == "PATH_CONFLICT"
    put(s, run_id, "dir/f", b"x")
    assert code(lambda: put(s, run_id, "dir", b"x")) == Code.FAILED_PRECONDITION


def test_deleted_run_refuses_uploads(client: Client, run_id: str) -> None:
    s = stub(client)
    client.delete_run(run_id)
    start = pb.StartUploadRequest(run_id=run_id, path="a", size_bytes=1)
    assert code(lambda: s.StartUpload(start)) == Code.FAILED_PRECONDITION


def test_presigned_urls(client: Client, run_id: str, store: Store) -> None:
    s = stub(client)
    put(s, run_id, "p.txt", b"presigned!")
    get_req = pb.CreatePresignedUrlRequest(
        run_id=run_id, path="p.txt", method=pb.PRESIGNED_METHOD_GET, expires_seconds=60
    )
    if store.kind == "local":
        assert code(lambda: s.CreatePresignedUrl(get_req)) == Code.UNIMPLEMENTED
        return
    too_long = pb.CreatePresignedUrlRequest(
        run_id=run_id, path="p.txt", method=pb.PRESIGNED_METHOD_GET, expires_seconds=3601
    )
    assert code(lambda: s.CreatePresignedUrl(too_long)) == Code.INVALID_ARGUMENT
    got = s.CreatePresignedUrl(get_req)
    url = got.url
    assert url.startswith("http://127.0.0.1:")
    # It names what it reads, so a client can verify the bytes it fetches itself.
    assert (got.artifact.path, got.artifact.size_bytes) == ("p.txt", 10)
    assert got.artifact.sha256 == sha(b"presigned!")
    with urllib.request.urlopen(url, timeout=10) as resp:
        assert resp.read() == b"presigned!"
    # A presigned PUT: the object, once written, is adopted as an artifact (its
    # sha256 is empty: the server never saw the bytes).
    put_req = pb.CreatePresignedUrlRequest(
        run_id=run_id, path="direct.bin", method=pb.PRESIGNED_METHOD_PUT
    )
    put_resp = s.CreatePresignedUrl(put_req)
    assert not put_resp.HasField("artifact")
    put_url = put_resp.url
    request = urllib.request.Request(put_url, data=b"direct bytes", method="PUT")
    with urllib.request.urlopen(request, timeout=10) as resp:
        assert resp.status == 200
    assert ("direct.bin", False) in listing(s, run_id)
    meta, body = get(s, run_id, "direct.bin")
    assert body == b"direct bytes" and meta.size_bytes == 12 and meta.sha256 == ""
    exists = pb.CreatePresignedUrlRequest(
        run_id=run_id, path="p.txt", method=pb.PRESIGNED_METHOD_PUT
    )
    assert code(lambda: s.CreatePresignedUrl(exists)) == Code.FAILED_PRECONDITION


@pytest.mark.parametrize("backend", ["local"], indirect=True)
def test_symlinks_in_the_folder_are_never_followed(
    client: Client, run_id: str, store: Store, tmp_path: os.PathLike[str]
) -> None:
    s = stub(client)
    outside = os.path.join(tmp_path, "outside")
    os.makedirs(outside)
    with open(os.path.join(outside, "x.txt"), "wb") as f:
        f.write(b"secret")
    put(s, run_id, "a/x.txt", b"mine")
    put(s, run_id, "f.txt", b"file")
    (run_dir,) = {p.rsplit("/artifacts/", 1)[0] for p in store.files()}
    artifacts_dir = store.root / run_dir / "artifacts"
    # A directory swapped for a symlink: reads and writes through it are refused.
    os.rename(artifacts_dir / "a", artifacts_dir / "a-moved")
    os.symlink(outside, artifacts_dir / "a")
    error = status_of(lambda: get(s, run_id, "a/x.txt"))
    assert error.code() == Code.INVALID_ARGUMENT
    assert reason(error) == "SYMLINK_REFUSED"
    assert code(lambda: put(s, run_id, "a/new.txt", b"evil")) == Code.INVALID_ARGUMENT
    assert sorted(os.listdir(outside)) == ["x.txt"]
    # A file swapped for a symlink: reading is refused; writing replaces the link.
    os.unlink(artifacts_dir / "f.txt")
    os.symlink(os.path.join(outside, "x.txt"), artifacts_dir / "f.txt")
    assert code(lambda: get(s, run_id, "f.txt")) == Code.INVALID_ARGUMENT
    put(s, run_id, "f.txt", b"overwritten")
    assert get(s, run_id, "f.txt")[1] == b"overwritten"
    with open(os.path.join(outside, "x.txt"), "rb") as f:
        assert f.read() == b"secret"


@pytest.mark.parametrize("backend", [pytest.param("s3", marks=pytest.mark.s3)], indirect=True)
def test_symlinks_do_not_apply_to_s3(client: Client, run_id: str) -> None:
    """S3 has no symlinks: object keys are opaque strings the server built from a
    validated path, so there is nothing to follow. The path rules still hold."""
    s = stub(client)
    assert code(lambda: put(s, run_id, "../link", b"x")) == Code.INVALID_ARGUMENT


def test_reads_do_not_wait_for_writers(
    server: InProcessServer, client: Client, run_id: str
) -> None:
    # Listing and downloading run in read-only transactions: on SQLite they neither take
    # nor wait for the server's write lock, held here as a long write would hold it.
    s = stub(client)
    put(s, run_id, "a.txt", b"abc")
    with server.holding_write_lock():
        listed = s.ListArtifacts(pb.ListArtifactsRequest(run_id=run_id), timeout=5)
        assert [a.path for a in listed.artifacts] == ["a.txt"]
        request = pb.DownloadArtifactRequest(run_id=run_id, path="a.txt")
        assert b"".join(m.data for m in s.DownloadArtifact(request, timeout=5)) == b"abc"
