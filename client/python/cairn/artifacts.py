"""Artifacts: upload files and folders to a run, list, download and delete them.

    from cairn import Client, artifacts

    with Client() as client:
        artifacts.log_artifact(client, run_id, "model.pt", "checkpoints")
        artifacts.download_artifacts(client, run_id, "checkpoints", "./restored")

Uploads are verified (the SDK claims the file's SHA-256 and the server refuses a
mismatch with DATA_LOSS) and resumable: an upload interrupted by a dropped connection
or a server restart continues from the server's last checkpoint, also across client
restarts (the upload id is remembered under ~/.cache/cairn/uploads). Downloads resume
with byte ranges and are checked against the server's digest. Big transfers show a
progress bar when the output is a terminal.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import functools
import hashlib
import http.client
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import grpc
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from cairn.errors import CairnError, error_for, from_rpc_error
from cairn.pagecache import DropBehind
from cairn.v1 import artifact_pb2
from cairn.v1 import artifact_service_pb2 as pb
from cairn.v1.artifact_service_pb2_grpc import ArtifactServiceStub

if TYPE_CHECKING:
    from cairn.client import Client

CHUNK = 4 * 1024 * 1024
# Files up to this size go in one call; bigger ones use a resumable upload session.
SINGLE_CALL_MAX = 8 * 1024 * 1024
# Files of a tree up to SINGLE_CALL_MAX transferred at once (see _transfer_all).
PARALLEL_FILES = 4
# Show a progress bar from this size (when the output is a terminal).
PROGRESS_MIN = 32 * 1024 * 1024
RETRIES = 20
_RETRY_CODES = {
    grpc.StatusCode.UNAVAILABLE,
    grpc.StatusCode.DEADLINE_EXCEEDED,
    grpc.StatusCode.ABORTED,
    grpc.StatusCode.RESOURCE_EXHAUSTED,
    grpc.StatusCode.INTERNAL,
    grpc.StatusCode.UNKNOWN,
}
_SERVICE = "/cairn.v1.ArtifactService/"
_DATA_TAG = b"\x12"  # field 2 (`data`), length-delimited, in both streaming messages

Artifact = artifact_pb2.Artifact
T = TypeVar("T")


# -- wire helpers -------------------------------------------------------------


def _varint(value: int) -> bytes:
    out = bytearray()
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _frame(chunk: bytes) -> bytes:
    """An UploadArtifactRequest{data: chunk}, framed by hand to skip protobuf's copies."""
    return _DATA_TAG + _varint(len(chunk)) + chunk


def _serialize(message: Any) -> bytes:
    if isinstance(message, bytes):
        return message
    data: bytes = message.SerializeToString()
    return data


def _download_message(raw: bytes) -> pb.DownloadArtifactResponse | memoryview:
    """Data messages become zero-copy views of their payload."""
    if raw[:1] == _DATA_TAG:
        size = shift = 0
        pos = 1
        while pos < len(raw):
            byte = raw[pos]
            pos += 1
            size |= (byte & 0x7F) << shift
            if not byte & 0x80:
                break
            shift += 7
        if pos + size == len(raw):
            return memoryview(raw)[pos:]
    return pb.DownloadArtifactResponse.FromString(raw)


@dataclass
class _Calls:
    stub: ArtifactServiceStub
    upload: Any
    download: Any
    metadata: tuple[tuple[str, str], ...]
    timeout: float


def _calls(client: Client) -> _Calls:
    channel = client.channel
    return _Calls(
        stub=ArtifactServiceStub(channel),
        upload=channel.stream_unary(
            _SERVICE + "UploadArtifact",
            request_serializer=_serialize,
            response_deserializer=pb.UploadArtifactResponse.FromString,
        ),
        download=channel.unary_stream(
            _SERVICE + "DownloadArtifact",
            request_serializer=_serialize,
            response_deserializer=_download_message,
        ),
        metadata=tuple(getattr(client, "_metadata", ())),
        timeout=client.timeout,
    )


def _unary(calls: _Calls, method: Callable[..., Any], request: Any) -> Any:
    try:
        return method(request, timeout=calls.timeout, metadata=calls.metadata)
    except grpc.RpcError as exc:
        raise from_rpc_error(exc) from None


def _retryable(exc: grpc.RpcError) -> bool:
    return exc.code() in _RETRY_CODES


def _backoff(attempt: int) -> None:
    time.sleep(min(0.2 * 2**attempt, 5.0))


# -- progress -----------------------------------------------------------------


def _progress(enabled: bool | None, total: int) -> Progress | None:
    if enabled is None:
        enabled = total >= PROGRESS_MIN and sys.stderr.isatty()
    if not enabled:
        return None
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        transient=True,
    )


def _download_bar(
    enabled: bool | None, path: str, total: int
) -> tuple[Progress | None, TaskID | None]:
    """A started progress bar for downloading `path` (None when none is shown)."""
    bar = _progress(enabled, total)
    if bar is None:
        return None, None
    bar.start()
    return bar, bar.add_task(f"downloading {Path(path).name}", total=total)


def _hash_file(path: Path, progress: Progress | None) -> str:
    digest = hashlib.sha256()
    task = (
        progress.add_task(f"hashing {path.name}", total=path.stat().st_size) if progress else None
    )
    # No drop-behind here: the upload reads the file again right after (and drops it).
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
            if progress and task is not None:
                progress.advance(task, len(chunk))
    if progress and task is not None:
        progress.remove_task(task)
    return digest.hexdigest()


# -- uploads ------------------------------------------------------------------


def _state_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cairn" / "uploads"


def _state_file(client: Client, run_id: str, path: str, local: Path, digest: str) -> Path:
    key = json.dumps([client.address, run_id, path, str(local.resolve()), digest])
    return _state_dir() / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".json")


def _remembered_upload(calls: _Calls, state: Path, size: int, digest: str) -> str | None:
    """The id of an unfinished upload of this same file, if the server still has it."""
    try:
        upload_id = str(json.loads(state.read_text())["upload_id"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        upload = _unary(calls, calls.stub.GetUpload, pb.GetUploadRequest(upload_id=upload_id))
    except CairnError:
        return None
    ok = (
        upload.upload.state == artifact_pb2.UPLOAD_STATE_IN_PROGRESS
        and upload.upload.size_bytes == size
        and upload.upload.sha256 == digest
    )
    return upload_id if ok else None


def _artifact_path(local: Path, artifact_path: str | None) -> str:
    if not artifact_path:
        return local.name
    return f"{artifact_path.strip('/')}/{local.name}"


def upload_file(
    client: Client,
    run_id: str,
    local_path: str | os.PathLike[str],
    path: str,
    *,
    content_type: str = "",
    progress: bool | None = None,
) -> Artifact:
    """Uploads one file to `path` under the run, verified and resumable."""
    local = Path(local_path)
    size = local.stat().st_size
    calls = _calls(client)
    bar = _progress(progress, size)
    with bar or contextlib.nullcontext():
        digest = _hash_file(local, bar)
        if size <= SINGLE_CALL_MAX:
            return _upload_small(calls, run_id, local, path, size, digest, content_type)
        return _upload_resumable(
            calls, client, run_id, local, path, size, digest, content_type, bar
        )


def _upload_small(
    calls: _Calls, run_id: str, local: Path, path: str, size: int, digest: str, ctype: str
) -> Artifact:
    data = local.read_bytes()
    if hashlib.sha256(data).hexdigest() != digest:
        raise RuntimeError(f"{local} changed while being uploaded")
    start = pb.StartUploadRequest(
        run_id=run_id, path=path, size_bytes=size, sha256=digest, content_type=ctype
    )
    messages: list[Any] = [pb.UploadArtifactRequest(header=pb.UploadHeader(start=start, offset=0))]
    messages += [_frame(data[i : i + CHUNK]) for i in range(0, size, CHUNK)]
    for attempt in range(RETRIES):
        try:
            response = calls.upload(iter(messages), metadata=calls.metadata, timeout=600)
            return response.artifact  # type: ignore[no-any-return]
        except grpc.RpcError as exc:
            if not _retryable(exc) or attempt == RETRIES - 1:
                raise from_rpc_error(exc) from None
            _backoff(attempt)
    raise AssertionError("unreachable")


def _upload_resumable(
    calls: _Calls,
    client: Client,
    run_id: str,
    local: Path,
    path: str,
    size: int,
    digest: str,
    ctype: str,
    bar: Progress | None,
) -> Artifact:
    state = _state_file(client, run_id, path, local, digest)
    upload_id = _remembered_upload(calls, state, size, digest)
    if upload_id is None:
        start = pb.StartUploadRequest(
            run_id=run_id, path=path, size_bytes=size, sha256=digest, content_type=ctype
        )
        upload_id = _unary(calls, calls.stub.StartUpload, start).upload.upload_id
        state.parent.mkdir(parents=True, exist_ok=True)
        state.write_text(json.dumps({"upload_id": upload_id, "path": path}))
    task = bar.add_task(f"uploading {local.name}", total=size) if bar else None
    attempt = 0
    while True:
        try:
            got = _unary(calls, calls.stub.GetUpload, pb.GetUploadRequest(upload_id=upload_id))
            offset = got.upload.committed_bytes
            if bar and task is not None:
                bar.update(task, completed=offset)
            response = calls.upload(
                _send_from(local, upload_id, offset, size, bar, task),
                metadata=calls.metadata,
            )
        except CairnError as exc:
            if not exc.retryable or attempt >= RETRIES:
                raise
        except grpc.RpcError as exc:
            if not _retryable(exc) or attempt >= RETRIES:
                raise from_rpc_error(exc) from None
        else:
            if response.HasField("artifact"):
                with contextlib.suppress(OSError):
                    state.unlink()
                return response.artifact  # type: ignore[no-any-return]
            # The stream ended early (it should not): resume from the new checkpoint.
        _backoff(attempt)
        attempt += 1


def _send_from(
    local: Path, upload_id: str, offset: int, size: int, bar: Progress | None, task: TaskID | None
) -> Iterator[Any]:
    yield pb.UploadArtifactRequest(header=pb.UploadHeader(upload_id=upload_id, offset=offset))
    with local.open("rb", buffering=0) as f:
        f.seek(offset)
        behind = DropBehind(f.fileno(), offset, write=False)
        while offset < size:
            chunk = f.read(min(CHUNK, size - offset))
            if not chunk:
                raise RuntimeError(f"{local} shrank while being uploaded")
            offset += len(chunk)
            behind.advance(offset)
            if bar and task is not None:
                bar.update(task, completed=offset)
            yield _frame(chunk)


def log_artifact(
    client: Client,
    run_id: str,
    local_path: str | os.PathLike[str],
    artifact_path: str | None = None,
    *,
    progress: bool | None = None,
) -> Artifact:
    """Uploads a file into the run's `artifact_path` directory (the root by default)."""
    local = Path(local_path)
    if not local.is_file():
        raise FileNotFoundError(f"{local} is not a file")
    return upload_file(
        client, run_id, local, _artifact_path(local, artifact_path), progress=progress
    )


def log_artifacts(
    client: Client,
    run_id: str,
    local_dir: str | os.PathLike[str],
    artifact_path: str | None = None,
    *,
    progress: bool | None = None,
) -> list[Artifact]:
    """Uploads every file under `local_dir` (symlinks are not followed) into the run's
    `artifact_path` directory, keeping the tree; returns the artifacts in path order,
    as ListArtifacts lists them."""
    root = Path(local_dir)
    if not root.is_dir():
        raise NotADirectoryError(f"{root} is not a directory")
    prefix = artifact_path.strip("/") if artifact_path else ""
    found: list[tuple[str, Path]] = []
    for folder, _, files in os.walk(root):
        for name in files:
            local = Path(folder) / name
            if local.is_symlink() or not local.is_file():
                continue
            rel = local.relative_to(root).as_posix()
            found.append((f"{prefix}/{rel}" if prefix else rel, local))
    jobs: list[tuple[int, Callable[[], Artifact]]] = []
    for target, local in sorted(found, key=lambda item: item[0].encode()):
        upload = functools.partial(upload_file, client, run_id, local, target, progress=progress)
        jobs.append((local.stat().st_size, upload))
    return _transfer_all(jobs, progress)


# -- reads --------------------------------------------------------------------


def list_artifacts(
    client: Client, run_id: str, path: str = "", *, recursive: bool = False
) -> Iterator[Artifact]:
    calls = _calls(client)
    token = ""
    while True:
        request = pb.ListArtifactsRequest(
            run_id=run_id, path=path, recursive=recursive, page_size=1000, page_token=token
        )
        response = _unary(calls, calls.stub.ListArtifacts, request)
        yield from response.artifacts
        token = response.next_page_token
        if not token:
            return


def delete_artifacts(client: Client, run_id: str, path: str) -> int:
    calls = _calls(client)
    request = pb.DeleteArtifactRequest(run_id=run_id, path=path)
    return int(_unary(calls, calls.stub.DeleteArtifact, request).deleted_count)


def download_file(
    client: Client,
    run_id: str,
    path: str,
    dest: str | os.PathLike[str],
    *,
    progress: bool | None = None,
    verify: bool = True,
    direct: bool = False,
) -> Path:
    """Downloads one artifact to the file `dest` (written beside it, then renamed),
    resuming with byte ranges after a dropped connection. With `direct`, the bytes
    come from the object store through a presigned URL instead of through the server
    (S3 backends only), checked against the same recorded size and SHA-256."""
    target = Path(dest)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".cairn-partial")
    fetch = _fetch_direct if direct else _fetch_via_server
    try:
        with partial.open("wb", buffering=0) as out:
            expected, received, digest = fetch(client, run_id, path, out, progress, verify)
        if received != expected.size_bytes or (
            verify and expected.sha256 and digest != expected.sha256
        ):
            raise CairnError(
                grpc.StatusCode.DATA_LOSS,
                f"downloaded '{path}' does not match its recorded size or SHA-256",
                "DIGEST_MISMATCH",
            )
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)
    return target


# What a fetch returns: the artifact's record, the bytes received, their SHA-256.
_Fetched = tuple[Artifact, int, str]


def _fetch_via_server(
    client: Client, run_id: str, path: str, out: Any, progress: bool | None, verify: bool
) -> _Fetched:
    calls = _calls(client)
    digest = hashlib.sha256()
    received = 0
    expected: Artifact | None = None
    bar: Progress | None = None
    task: TaskID | None = None
    attempt = 0
    # Each chunk is hashed and written on two helper threads (both release the GIL)
    # while this one receives the next: two chunks in memory at most.
    pending: list[concurrent.futures.Future[Any]] = []

    def drain() -> None:
        for future in pending:
            future.result()
        pending.clear()

    behind = DropBehind(out.fileno(), 0, write=True)
    try:
        with concurrent.futures.ThreadPoolExecutor(2, thread_name_prefix="cairn-download") as pool:
            while True:
                request = pb.DownloadArtifactRequest(run_id=run_id, path=path, offset=received)
                try:
                    for message in calls.download(request, metadata=calls.metadata):
                        if isinstance(message, memoryview):
                            drain()
                            if verify:
                                pending.append(pool.submit(digest.update, message))
                            received += len(message)
                            pending.append(pool.submit(_write_all, out, message, behind, received))
                            if bar and task is not None:
                                bar.update(task, completed=received)
                        elif expected is None:
                            expected = message.artifact
                            bar, task = _download_bar(progress, path, expected.size_bytes)
                    drain()
                    break
                except grpc.RpcError as exc:
                    drain()
                    if not _retryable(exc) or attempt >= RETRIES:
                        raise from_rpc_error(exc) from None
                    _backoff(attempt)
                    attempt += 1
    finally:
        if bar:
            bar.stop()
    assert expected is not None
    return expected, received, digest.hexdigest()


@dataclass(frozen=True)
class PresignedUrl:
    url: str
    expire_time_millis: int
    # GET: the artifact the URL reads (size and SHA-256, to verify the bytes); PUT: None.
    artifact: Artifact | None


def presigned_url(
    client: Client, run_id: str, path: str, *, method: str = "GET", expires_seconds: int = 900
) -> PresignedUrl:
    """A short-lived URL of the object store for one artifact, for moving big files
    without passing them through the server: GET reads an existing artifact; PUT
    writes a new one, which the server then lists as an artifact without a SHA-256 (it
    never saw the bytes). Anyone holding the URL can use it until it expires
    (1..3600 s). S3 backends only: a server on a local folder answers UNIMPLEMENTED."""
    methods = {"GET": pb.PRESIGNED_METHOD_GET, "PUT": pb.PRESIGNED_METHOD_PUT}
    if method.upper() not in methods:
        raise ValueError(f"method must be GET or PUT, not {method!r}")
    calls = _calls(client)
    request = pb.CreatePresignedUrlRequest(
        run_id=run_id, path=path, method=methods[method.upper()], expires_seconds=expires_seconds
    )
    response = _unary(calls, calls.stub.CreatePresignedUrl, request)
    artifact = response.artifact if response.HasField("artifact") else None
    return PresignedUrl(response.url, response.expire_time_millis, artifact)


# HTTP statuses of the object store worth another try (and a 403 with a fresh URL).
_HTTP_RETRY = {408, 429, 500, 502, 503, 504}
_HTTP_CODES = {
    403: grpc.StatusCode.PERMISSION_DENIED,
    404: grpc.StatusCode.NOT_FOUND,
    416: grpc.StatusCode.DATA_LOSS,
}


def _fetch_direct(
    client: Client, run_id: str, path: str, out: Any, progress: bool | None, verify: bool
) -> _Fetched:
    presigned = presigned_url(client, run_id, path)
    expected = presigned.artifact
    if expected is None:
        raise error_for(
            grpc.StatusCode.UNIMPLEMENTED,
            "the server did not describe the artifact behind its presigned URL (an older "
            "server?); download through the server instead",
            "NO_ARTIFACT_RECORD",
        )
    if urllib.parse.urlsplit(presigned.url).scheme not in ("http", "https"):
        raise error_for(
            grpc.StatusCode.FAILED_PRECONDITION,
            "the server's presigned URL is not http(s); refusing to open it",
            "BAD_PRESIGNED_URL",
        )
    digest = hashlib.sha256()
    received = 0
    behind = DropBehind(out.fileno(), 0, write=True)
    bar, task = _download_bar(progress, path, expected.size_bytes)
    attempt = 0
    fresh = True  # the URL has not served a response yet
    try:
        while True:
            if received and received >= expected.size_bytes:
                break  # the connection dropped after the last byte
            # After a dropped connection, only the rest (were the object replaced
            # meanwhile, the digest check would fail). The scheme is checked above.
            headers = {"Range": f"bytes={received}-"} if received else {}
            request = urllib.request.Request(presigned.url, headers=headers)  # noqa: S310
            try:
                with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                    fresh = False
                    if received and response.status != 206:
                        raise error_for(
                            grpc.StatusCode.DATA_LOSS,
                            f"the object store ignored the byte range resuming '{path}'",
                            "RANGE_IGNORED",
                        )
                    while chunk := response.read(CHUNK):
                        if verify:
                            digest.update(chunk)
                        received += len(chunk)
                        _write_all(out, memoryview(chunk), behind, received)
                        if bar and task is not None:
                            bar.update(task, completed=received)
                break
            except urllib.error.HTTPError as exc:
                # A 403 from a URL that worked before: it expired during a long transfer.
                expired = exc.code == 403 and not fresh
                if not (expired or exc.code in _HTTP_RETRY) or attempt >= RETRIES:
                    raise error_for(
                        _HTTP_CODES.get(exc.code, grpc.StatusCode.UNAVAILABLE),
                        f"the object store answered HTTP {exc.code} {exc.reason} for '{path}'",
                        "OBJECT_STORE_ERROR",
                    ) from None
                if expired:
                    presigned, fresh = presigned_url(client, run_id, path), True
            except (
                urllib.error.URLError,
                http.client.HTTPException,
                ConnectionError,
                TimeoutError,
            ) as exc:  # the network's; a local write error (e.g. ENOSPC) is raised as is
                if attempt >= RETRIES:
                    host = urllib.parse.urlsplit(presigned.url).netloc
                    raise error_for(
                        grpc.StatusCode.UNAVAILABLE,
                        f"cannot read '{path}' from the object store at {host}: {exc}",
                        "OBJECT_STORE_UNREACHABLE",
                    ) from None
            _backoff(attempt)
            attempt += 1
    finally:
        if bar:
            bar.stop()
    return expected, received, digest.hexdigest()


def _write_all(out: Any, data: memoryview, behind: DropBehind, end: int) -> None:
    """Writes a chunk that ends at `end` in the file (chunks are written in order)."""
    while data:
        data = data[out.write(data) :]
    behind.advance(end)


def _local_target(dest: Path, rel: str) -> Path:
    """Where an artifact's relative path lands under `dest`, refusing anything that
    would escape it (a defence in depth: the server validates paths too)."""
    parts = rel.split("/")
    if any(p in ("", ".", "..") or "\\" in p or "\x00" in p for p in parts):
        raise ValueError(f"refusing to write unsafe artifact path {rel!r}")
    target = dest.joinpath(*parts)
    if not target.resolve().is_relative_to(dest.resolve()):
        raise ValueError(f"refusing to write {rel!r} outside {dest}")
    return target


def download_artifacts(
    client: Client,
    run_id: str,
    path: str,
    dest: str | os.PathLike[str],
    *,
    progress: bool | None = None,
    direct: bool = False,
) -> Path:
    """Downloads a file or a whole directory ("" for all of the run's artifacts) into
    the directory `dest`; returns the local path of what `path` names. `direct`: see
    download_file."""
    out = Path(dest)
    out.mkdir(parents=True, exist_ok=True)
    path = path.strip("/")
    files = list(list_artifacts(client, run_id, path, recursive=True)) if path else []
    if path and not files:
        # Not a directory: a single file (NOT_FOUND comes from the download).
        name = path.rsplit("/", 1)[-1]
        return download_file(
            client, run_id, path, _local_target(out, name), progress=progress, direct=direct
        )
    if not path:
        files = list(list_artifacts(client, run_id, "", recursive=True))
    base = path.rsplit("/", 1)[-1] if path else ""
    root = _local_target(out, base) if base else out
    jobs: list[tuple[int, Callable[[], Path]]] = []
    for artifact in files:
        rel = artifact.path[len(path) + 1 :] if path else artifact.path
        local = _local_target(root, rel)
        get = functools.partial(
            download_file, client, run_id, artifact.path, local, progress=progress, direct=direct
        )
        jobs.append((artifact.size_bytes, get))
    _transfer_all(jobs, progress)
    return root


def _transfer_all(jobs: Sequence[tuple[int, Callable[[], T]]], progress: bool | None) -> list[T]:
    """Runs each (size, transfer) of a tree; returns their results in order. Small
    files, whose cost is a call's latency rather than bandwidth, go PARALLEL_FILES at
    a time; bigger ones (and all of them when progress bars are forced on: rich shows
    one at a time) go one by one afterwards. The first failure is raised once the
    transfers already running have ended; those not started are dropped."""
    results: list[T | None] = [None] * len(jobs)
    small = [] if progress else [i for i, (size, _) in enumerate(jobs) if size <= SINGLE_CALL_MAX]
    if small:
        with concurrent.futures.ThreadPoolExecutor(
            PARALLEL_FILES, thread_name_prefix="cairn-files"
        ) as pool:
            futures = {pool.submit(jobs[i][1]): i for i in small}
            try:
                for future in concurrent.futures.as_completed(futures):
                    results[futures[future]] = future.result()
            except BaseException:
                pool.shutdown(cancel_futures=True)
                raise
    for i, (_, transfer) in enumerate(jobs):
        if results[i] is None:
            results[i] = transfer()
    return [r for r in results if r is not None]


class ArtifactMethods:
    """Convenience methods for `Client` (mix in: `class Client(ArtifactMethods, ...)`),
    so `client.download_artifacts(run_id, path, dest)` works as the issue asks."""

    def log_artifact(
        self,
        run_id: str,
        local_path: str | os.PathLike[str],
        artifact_path: str | None = None,
        *,
        progress: bool | None = None,
    ) -> Artifact:
        return log_artifact(self._as_client(), run_id, local_path, artifact_path, progress=progress)

    def log_artifacts(
        self,
        run_id: str,
        local_dir: str | os.PathLike[str],
        artifact_path: str | None = None,
        *,
        progress: bool | None = None,
    ) -> list[Artifact]:
        return log_artifacts(self._as_client(), run_id, local_dir, artifact_path, progress=progress)

    def list_artifacts(
        self, run_id: str, path: str = "", *, recursive: bool = False
    ) -> Iterator[Artifact]:
        return list_artifacts(self._as_client(), run_id, path, recursive=recursive)

    def download_artifacts(
        self,
        run_id: str,
        path: str,
        dest: str | os.PathLike[str],
        *,
        progress: bool | None = None,
        direct: bool = False,
    ) -> Path:
        return download_artifacts(
            self._as_client(), run_id, path, dest, progress=progress, direct=direct
        )

    def presigned_url(
        self, run_id: str, path: str, *, method: str = "GET", expires_seconds: int = 900
    ) -> PresignedUrl:
        return presigned_url(
            self._as_client(), run_id, path, method=method, expires_seconds=expires_seconds
        )

    def delete_artifacts(self, run_id: str, path: str) -> int:
        return delete_artifacts(self._as_client(), run_id, path)

    def _as_client(self) -> Client:
        from cairn.client import Client  # import here: client.py mixes this class in

        assert isinstance(self, Client), "ArtifactMethods is a mixin for cairn.Client"
        return self
