"""Use cases of artifacts: resumable, verified uploads; ranged downloads; listings;
deletes; presigned URLs. No gRPC, no SQL.

Visibility rule: an artifact exists when its record exists. Bytes go to the store first
(a rename or a completed multipart upload, both atomic), the record second, so a reader
never sees a partial file and a crash in between leaves at worst unreferenced bytes.
"""

from __future__ import annotations

import concurrent.futures
import mimetypes
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from cairn_server.domain import artifact_paths as ap
from cairn_server.domain import validation as v
from cairn_server.domain.artifacts import (
    PRESIGNED_TOKEN,
    Artifact,
    Part,
    PresignedUrl,
    Upload,
    UploadState,
)
from cairn_server.domain.entities import Lifecycle, Page, Run
from cairn_server.domain.errors import (
    Aborted,
    DataLoss,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    OutOfRange,
)
from cairn_server.domain.ids import new_id, now_millis
from cairn_server.domain.paging import decode_token, encode_token, query_fingerprint
from cairn_server.services.tracking import require_run
from cairn_server.storage.artifact_ports import ArtifactUnitOfWork, ArtifactUowFactory
from cairn_server.storage.blobs.base import BlobReader, BlobStore, Checkpoint, StagedWriter
from cairn_server.storage.blobs.digest import ResumableHash, sha256

MAX_CHUNK_BYTES = 4 * 1024 * 1024
# One-call uploads up to this size may be held in memory and stored in one write.
SMALL_UPLOAD_MAX = 8 * 1024 * 1024
UPLOAD_TTL_MILLIS = 7 * 24 * 3600 * 1000
DEFAULT_PRESIGN_SECONDS = 900
MAX_PRESIGN_SECONDS = 3600
MAX_CONTENT_TYPE = 255
MAX_ARTIFACT_BYTES = 5 * 1024**4  # 5 TiB, S3's largest object: one limit on every backend
PURGE_INTERVAL_MILLIS = 10 * 60 * 1000
_DIGEST_RE = re.compile(r"^[0-9a-f]{64}$")
_CONTENT_TYPE_RE = re.compile(r"^[\x21-\x7e][\x20-\x7e]*$")


# Hashes upload chunks beside the thread that stores them (see UploadSession.write).
_HASH_POOL = concurrent.futures.ThreadPoolExecutor(max_workers=8, thread_name_prefix="cairn-hash")


@dataclass(frozen=True)
class SmallUpload:
    """A checked one-call upload whose bytes are still arriving (see begin_small)."""

    run_id: str
    path: str
    size_bytes: int
    sha256: str
    content_type: str
    object_key: str


@dataclass
class Download:
    artifact: Artifact
    reader: BlobReader
    length: int


def check_digest(value: str, field: str = "sha256") -> str:
    if value and not _DIGEST_RE.match(value):
        raise InvalidArgument(
            "sha256 must be 64 lowercase hex digits (or empty to skip the check)", field=field
        )
    return value


def _content_type(value: str, path: str) -> str:
    if not value:
        return mimetypes.guess_type(path, strict=False)[0] or "application/octet-stream"
    if len(value) > MAX_CONTENT_TYPE or not _CONTENT_TYPE_RE.match(value):
        raise InvalidArgument(
            f"content_type must be printable ASCII of at most {MAX_CONTENT_TYPE} characters",
            field="content_type",
        )
    return value


def _check_start(path: str, size_bytes: int, digest: str, content_type: str) -> str:
    """Checks a new upload's arguments; returns its content type (guessed if empty)."""
    ap.check_path(path)
    if not 0 <= size_bytes <= MAX_ARTIFACT_BYTES:
        raise InvalidArgument(
            f"size_bytes must be 0..{MAX_ARTIFACT_BYTES} (got {size_bytes})",
            field="size_bytes",
        )
    check_digest(digest)
    return _content_type(content_type, path)


def _check_chunk(size: int) -> None:
    if size > MAX_CHUNK_BYTES:
        raise InvalidArgument(
            f"a data message carries {size} bytes; the maximum is {MAX_CHUNK_BYTES}",
            field="data",
        )


def _require_live_run(uow: ArtifactUnitOfWork, run_id: str) -> Run:
    run = require_run(uow.tracking, run_id)
    if run.lifecycle is Lifecycle.DELETED:
        raise FailedPrecondition(
            f"run '{run_id}' is deleted; restore it before storing artifacts",
            reason="RESOURCE_DELETED",
        )
    return run


class ArtifactService:
    def __init__(
        self,
        uow: ArtifactUowFactory,
        store: BlobStore,
        clock: Callable[[], int] = now_millis,
        hasher: Callable[[bytes | None], ResumableHash] = sha256,
    ) -> None:
        self._uow = uow
        self.store = store
        self._clock = clock
        self._hasher = hasher
        self._last_purge = 0
        self._purge_lock = threading.Lock()

    # -- uploads ------------------------------------------------------------

    def start_upload(
        self, run_id: str, path: str, size_bytes: int, digest: str, content_type: str
    ) -> Upload:
        content_type = _check_start(path, size_bytes, digest, content_type)
        self.purge_expired()
        with self._uow() as uow:
            run = _require_live_run(uow, run_id)
            self._check_conflict(uow, run_id, path)
        key = ap.object_key(run.experiment_id, run.run_id, path)
        upload_id = new_id()
        token = self.store.create_staging(upload_id, key, content_type)
        now = self._clock()
        upload = Upload(
            upload_id=upload_id,
            run_id=run_id,
            path=path,
            object_key=key,
            size_bytes=size_bytes,
            committed_bytes=0,
            state=UploadState.IN_PROGRESS,
            sha256=digest,
            content_type=content_type,
            create_time=now,
            update_time=now,
            expire_time=now + UPLOAD_TTL_MILLIS,
            backend_token=token,
            hash_state=self._hasher(None).state(),
        )
        try:
            with self._uow() as uow:
                uow.artifacts.add_upload(upload)
        except BaseException:
            self.store.abort(upload_id, key, token)
            raise
        return upload

    def begin_small(
        self, run_id: str, path: str, size_bytes: int, digest: str, content_type: str
    ) -> SmallUpload:
        """Checks a one-call upload of at most SMALL_UPLOAD_MAX bytes, which the caller
        then collects in memory and hands to put_small: one store write and two
        transactions (this read and put_small's write) instead of a staged,
        checkpointed upload's five."""
        content_type = _check_start(path, size_bytes, digest, content_type)
        if size_bytes > SMALL_UPLOAD_MAX:
            raise InvalidArgument(
                f"at most {SMALL_UPLOAD_MAX} bytes go through put_small", field="size_bytes"
            )
        self.purge_expired()
        with self._uow(readonly=True) as uow:
            run = _require_live_run(uow, run_id)
            self._check_conflict(uow, run_id, path)
        key = ap.object_key(run.experiment_id, run.run_id, path)
        return SmallUpload(run_id, path, size_bytes, digest, content_type, key)

    def put_small(
        self, small: SmallUpload, chunks: Sequence[bytes | memoryview]
    ) -> tuple[Upload, Artifact]:
        """Stores the bytes of a begin_small upload once they have all arrived. A
        digest mismatch stores nothing. The upload is recorded as completed, so that
        GetUpload and a retried final call answer as for any other upload."""
        hasher = self._hasher(None)
        received = 0
        for chunk in chunks:
            _check_chunk(len(chunk))
            received += len(chunk)
            hasher.update(chunk)
        if received != small.size_bytes:
            raise InvalidArgument(
                f"{received} bytes arrived for a declared size_bytes of {small.size_bytes}",
                field="data",
            )
        digest = hasher.hexdigest()
        if small.sha256 and digest != small.sha256:
            raise DataLoss(
                f"the received bytes have SHA-256 {digest}, not the claimed {small.sha256}; "
                "nothing was stored"
            )
        self.store.put(small.object_key, chunks, small.content_type)
        now = self._clock()
        artifact = Artifact(
            small.run_id,
            small.path,
            small.size_bytes,
            digest,
            small.content_type,
            small.object_key,
            now,
        )
        upload = Upload(
            upload_id=new_id(),
            run_id=small.run_id,
            path=small.path,
            object_key=small.object_key,
            size_bytes=small.size_bytes,
            committed_bytes=small.size_bytes,
            state=UploadState.COMPLETED,
            sha256=small.sha256,
            content_type=small.content_type,
            create_time=now,
            update_time=now,
            expire_time=now + UPLOAD_TTL_MILLIS,
            backend_token="",
        )
        with self._uow() as uow:
            uow.artifacts.put_artifact(artifact)
            uow.artifacts.add_upload(upload)
        return upload, artifact

    @staticmethod
    def _check_conflict(uow: ArtifactUnitOfWork, run_id: str, path: str) -> None:
        other = uow.artifacts.path_conflict(run_id, path)
        if other is not None:
            raise FailedPrecondition(
                f"artifact path '{path}' conflicts with existing artifact '{other}': a path "
                "is either a file or a directory; delete the other first",
                reason="PATH_CONFLICT",
            )

    def _load_upload(self, uow: ArtifactUnitOfWork, upload_id: str) -> Upload:
        v.check_id(upload_id, "upload_id", "upload_id")
        upload = uow.artifacts.get_upload(upload_id)
        if upload is None or upload.backend_token == PRESIGNED_TOKEN:
            raise NotFound("upload", upload_id)
        return upload

    def get_upload(self, upload_id: str) -> Upload:
        with self._uow(readonly=True) as uow:
            upload = self._load_upload(uow, upload_id)
        if upload.state is UploadState.IN_PROGRESS and upload.hash_state is None:
            # Without a saved hash state the next stream starts over (see _restart):
            # report the offset it will accept, not bytes it will discard.
            upload = replace(upload, committed_bytes=0, parts=[])
        return upload

    def abort_upload(self, upload_id: str) -> None:
        with self._uow() as uow:
            upload = self._load_upload(uow, upload_id)
            if upload.state is not UploadState.IN_PROGRESS:
                return
            uow.artifacts.set_upload_state(upload_id, UploadState.ABORTED, self._clock())
        self.store.abort(upload_id, upload.object_key, upload.backend_token)

    def open_upload(
        self,
        upload_id: str,
        offset: int,
        start: tuple[str, str, int, str, str] | None = None,
    ) -> UploadSession:
        """Opens a stream's session on an upload: an existing one (`upload_id`), or a
        new one (`start` = run_id, path, size_bytes, sha256, content_type)."""
        if start is not None:
            if offset != 0:
                raise FailedPrecondition(
                    f"a new upload starts at offset 0, not {offset}", reason="CONFLICT"
                )
            upload = self.start_upload(*start)
        else:
            with self._uow() as uow:
                upload = self._load_upload(uow, upload_id)
        if upload.state is UploadState.COMPLETED and offset == upload.size_bytes:
            # A retried final call whose response was lost: answer it again.
            with self._uow() as uow:
                artifact = uow.artifacts.get_artifact(upload.run_id, upload.path)
            return UploadSession.completed(upload, artifact)
        if upload.state is not UploadState.IN_PROGRESS:
            raise FailedPrecondition(
                f"upload '{upload.upload_id}' is {upload.state.name.lower()}; start a new one",
                reason="UPLOAD_CLOSED",
            )
        if upload.expire_time < self._clock():
            self.abort_upload(upload.upload_id)
            raise FailedPrecondition(
                f"upload '{upload.upload_id}' expired; start a new one", reason="UPLOAD_EXPIRED"
            )
        if upload.hash_state is None and upload.committed_bytes:
            upload = self._restart(upload)
        if offset != upload.committed_bytes:
            raise FailedPrecondition(
                f"offset {offset} does not match the upload's {upload.committed_bytes} "
                "committed bytes; resume from the committed offset (see GetUpload)",
                reason="CONFLICT",
            )
        hasher = self._hasher(upload.hash_state)
        writer = self.store.open_writer(
            upload.upload_id,
            upload.object_key,
            upload.backend_token,
            upload.committed_bytes,
            upload.parts,
        )
        lease = new_id()
        try:
            with self._uow() as uow:
                _require_live_run(uow, upload.run_id)
                uow.artifacts.claim_upload(upload.upload_id, lease, self._clock())
        except BaseException:
            writer.close()
            raise
        return UploadSession(self, upload, writer, hasher, lease)

    def _restart(self, upload: Upload) -> Upload:
        """Without a saved hash state (no libcrypto) the committed bytes cannot be
        verified after a restart, so the upload starts over."""
        self.store.abort(upload.upload_id, upload.object_key, upload.backend_token)
        token = self.store.create_staging(upload.upload_id, upload.object_key, upload.content_type)
        with self._uow() as uow:
            uow.artifacts.reset_upload(upload.upload_id, token, self._clock())
            return self._load_upload(uow, upload.upload_id)

    def _checkpoint(
        self, session: UploadSession, end: int, hash_state: bytes | None, parts: list[Part]
    ) -> None:
        with self._uow() as uow:
            ok = uow.artifacts.checkpoint_upload(
                session.upload.upload_id,
                session.lease,
                end,
                hash_state,
                parts,
                self._clock(),
            )
        if not ok:
            raise Aborted(
                f"upload '{session.upload.upload_id}' was taken over by another stream",
                reason="CONFLICT",
            )

    def _complete(self, session: UploadSession) -> Artifact:
        upload = session.upload
        digest = session.hasher.hexdigest()
        if upload.sha256 and digest != upload.sha256:
            with self._uow() as uow:
                uow.artifacts.set_upload_state(upload.upload_id, UploadState.ABORTED, self._clock())
            self.store.abort(upload.upload_id, upload.object_key, upload.backend_token)
            raise DataLoss(
                f"the received bytes have SHA-256 {digest}, not the claimed {upload.sha256}; "
                "the upload was discarded"
            )
        self.store.complete(
            upload.upload_id,
            upload.object_key,
            upload.backend_token,
            sorted(session.parts.values(), key=lambda p: p.number),
            upload.size_bytes,
        )
        now = self._clock()
        artifact = Artifact(
            run_id=upload.run_id,
            path=upload.path,
            size_bytes=upload.size_bytes,
            sha256=digest,
            content_type=upload.content_type,
            object_key=upload.object_key,
            create_time=now,
        )
        with self._uow() as uow:
            uow.artifacts.put_artifact(artifact)
            uow.artifacts.set_upload_state(upload.upload_id, UploadState.COMPLETED, now)
        return artifact

    def purge_expired(self, *, force: bool = False) -> int:
        """Aborts uploads past their expiry (at most every few minutes)."""
        now = self._clock()
        with self._purge_lock:
            if not force and now - self._last_purge < PURGE_INTERVAL_MILLIS:
                return 0
            self._last_purge = now
        with self._uow() as uow:
            expired = uow.artifacts.expired_uploads(now, 100)
            for upload in expired:
                uow.artifacts.set_upload_state(upload.upload_id, UploadState.ABORTED, now)
        for upload in expired:
            if upload.backend_token != PRESIGNED_TOKEN:
                self.store.abort(upload.upload_id, upload.object_key, upload.backend_token)
        return len(expired)

    # -- reads --------------------------------------------------------------

    def open_download(self, run_id: str, path: str, offset: int, length: int) -> Download:
        ap.check_path(path)
        if offset < 0:
            raise InvalidArgument(f"offset must be 0 or more (got {offset})", field="offset")
        if length < 0:
            raise InvalidArgument(f"length must be 0 or more (got {length})", field="length")
        with self._uow(readonly=True) as uow:
            require_run(uow.tracking, run_id)
            artifact = uow.artifacts.get_artifact(run_id, path)
        if artifact is None and self._settle_presigned(run_id):
            with self._uow(readonly=True) as uow:
                artifact = uow.artifacts.get_artifact(run_id, path)
        if artifact is None:
            raise NotFound("artifact", path, f"run '{run_id}' has no artifact '{path}'")
        if offset > artifact.size_bytes:
            raise OutOfRange(
                f"offset {offset} is past the end of '{path}' ({artifact.size_bytes} bytes)"
            )
        available = artifact.size_bytes - offset
        count = available if length == 0 else min(length, available)
        reader = self.store.open_reader(artifact.object_key, offset, count)
        return Download(artifact, reader, count)

    def list_artifacts(
        self, run_id: str, path: str, recursive: bool, page_size: int, page_token: str
    ) -> Page[Artifact]:
        prefix = ap.check_dir_path(path)
        size = v.page_size(page_size)
        fingerprint = query_fingerprint("artifacts", run_id, prefix, recursive)
        cursor = decode_token(page_token, fingerprint, shape=(str, bool))
        after, inclusive = (str(cursor[0]), bool(cursor[1])) if cursor else (None, False)
        with self._uow(readonly=True) as uow:
            require_run(uow.tracking, run_id)
        self._settle_presigned(run_id)
        with self._uow(readonly=True) as uow:
            items = self._list_page(uow, run_id, prefix, recursive, after, inclusive, size + 1)
        token = ""
        if len(items) > size:
            items = items[:size]
            last = items[-1]
            token = encode_token(
                fingerprint, [last.path + "0", True] if last.is_dir else [last.path, False]
            )
        return Page(items, token)

    @staticmethod
    def _list_page(
        uow: ArtifactUnitOfWork,
        run_id: str,
        prefix: str,
        recursive: bool,
        after: str | None,
        inclusive: bool,
        want: int,
    ) -> list[Artifact]:
        if recursive:
            return uow.artifacts.list_artifacts(run_id, prefix, after, inclusive, want)
        base = f"{prefix}/" if prefix else ""
        items: list[Artifact] = []
        while len(items) < want:
            limit = want - len(items)
            rows = uow.artifacts.list_artifacts(run_id, prefix, after, inclusive, limit)
            skipped_dir = False
            for row in rows:
                rest = row.path[len(base) :]
                if "/" in rest:
                    # A directory: show it once, then jump past its whole subtree
                    # ('0' follows '/' in byte order).
                    dir_path = base + rest.split("/", 1)[0]
                    items.append(Artifact(run_id, dir_path, 0, "", "", "", 0, is_dir=True))
                    after, inclusive = dir_path + "0", True
                    skipped_dir = True
                    break
                items.append(row)
                after, inclusive = row.path, False
            if not skipped_dir and len(rows) < limit:
                break
        return items

    # -- deletes ------------------------------------------------------------

    def delete_artifacts(self, run_id: str, path: str) -> int:
        prefix = ap.check_dir_path(path)
        v.check_id(run_id, "run_id", "run_id")  # before any query (NUL broke PostgreSQL)
        self._settle_presigned(run_id)
        with self._uow() as uow:
            require_run(uow.tracking, run_id)
            removed = uow.artifacts.delete_artifacts(run_id, prefix)
            if not removed:
                raise NotFound("artifact", path, f"run '{run_id}' has no artifact '{path}'")
        # Records go first: a crash here leaves unreferenced bytes, never a record
        # pointing at nothing.
        self.store.delete([a.object_key for a in removed])
        return len(removed)

    # -- presigned URLs -----------------------------------------------------

    def presign(self, run_id: str, path: str, method: str, expires_seconds: int) -> PresignedUrl:
        ap.check_path(path)
        if method not in ("GET", "PUT"):
            raise InvalidArgument("method must be GET or PUT", field="method")
        seconds = expires_seconds or DEFAULT_PRESIGN_SECONDS
        if not 1 <= seconds <= MAX_PRESIGN_SECONDS:
            raise InvalidArgument(
                f"expires_seconds must be 1..{MAX_PRESIGN_SECONDS} (got {expires_seconds})",
                field="expires_seconds",
            )
        now = self._clock()
        expire = now + seconds * 1000
        if method == "GET":
            with self._uow() as uow:
                require_run(uow.tracking, run_id)
                artifact = uow.artifacts.get_artifact(run_id, path)
            if artifact is None:
                raise NotFound("artifact", path, f"run '{run_id}' has no artifact '{path}'")
            url = self.store.presign(artifact.object_key, "GET", seconds)
            return PresignedUrl(url, expire, artifact)
        with self._uow() as uow:
            run = _require_live_run(uow, run_id)
            self._check_conflict(uow, run_id, path)
            if uow.artifacts.get_artifact(run_id, path) is not None:
                raise FailedPrecondition(
                    f"artifact '{path}' exists; delete it before a presigned PUT",
                    reason="ALREADY_EXISTS",
                )
        key = ap.object_key(run.experiment_id, run.run_id, path)
        url = self.store.presign(key, "PUT", seconds)
        # Remember the PUT so the object, once written, is adopted as an artifact.
        with self._uow() as uow:
            uow.artifacts.add_upload(
                Upload(
                    upload_id=new_id(),
                    run_id=run_id,
                    path=path,
                    object_key=key,
                    size_bytes=0,
                    committed_bytes=0,
                    state=UploadState.IN_PROGRESS,
                    sha256="",
                    content_type=_content_type("", path),
                    create_time=now,
                    update_time=now,
                    # Long enough for a slow transfer begun just before the URL expires.
                    expire_time=expire + UPLOAD_TTL_MILLIS // 7,
                    backend_token=PRESIGNED_TOKEN,
                )
            )
        return PresignedUrl(url, expire, None)

    def _settle_presigned(self, run_id: str) -> bool:
        """Adopts objects written through presigned PUT URLs as artifacts. Their
        sha256 is empty: the server never saw their bytes."""
        with self._uow(readonly=True) as uow:
            pending = uow.artifacts.pending_presigned(run_id)
        adopted = False
        for upload in pending:
            size = self.store.size(upload.object_key)
            now = self._clock()
            with self._uow() as uow:
                if size is not None:
                    uow.artifacts.put_artifact(
                        Artifact(
                            upload.run_id,
                            upload.path,
                            size,
                            "",
                            upload.content_type,
                            upload.object_key,
                            now,
                        )
                    )
                    uow.artifacts.set_upload_state(upload.upload_id, UploadState.COMPLETED, now)
                    adopted = True
                elif upload.expire_time < now:
                    uow.artifacts.set_upload_state(upload.upload_id, UploadState.ABORTED, now)
        return adopted


class UploadSession:
    """One stream's writes to an upload. Blocking; the transport calls it from one
    worker at a time, in order."""

    def __init__(
        self,
        service: ArtifactService | None,
        upload: Upload,
        writer: StagedWriter | None,
        hasher: ResumableHash | None,
        lease: str,
    ) -> None:
        self._service = service
        self.upload = upload
        self._writer = writer
        self._hasher = hasher
        self.lease = lease
        self.offset = upload.committed_bytes
        self.parts: dict[int, Part] = {p.number: p for p in upload.parts}
        self.artifact: Artifact | None = None
        self._states: dict[int, bytes | None] = {}

    @classmethod
    def completed(cls, upload: Upload, artifact: Artifact | None) -> UploadSession:
        session = cls(None, upload, None, None, "")
        session.offset = upload.size_bytes
        session.artifact = artifact
        return session

    @property
    def hasher(self) -> ResumableHash:
        assert self._hasher is not None
        return self._hasher

    def write(self, data: bytes | memoryview) -> None:
        if self._writer is None:
            raise InvalidArgument("the upload is already complete; send no more data")
        size = len(data) if isinstance(data, bytes) else data.nbytes
        _check_chunk(size)
        if self.offset + size > self.upload.size_bytes:
            raise InvalidArgument(
                f"more bytes than the declared size_bytes {self.upload.size_bytes}",
                field="data",
            )
        # Hash on another thread while this one stores: both release the GIL, so the
        # two passes over the chunk overlap instead of adding up.
        hashed = _HASH_POOL.submit(self.hasher.update, data)
        try:
            checkpoint = self._writer.write(data)
        finally:
            hashed.result()
        self.offset += size
        if self._writer.cut():
            # The piece just cut is reported durable later, after more bytes: keep
            # the hash state that matches its end.
            self._states[self.offset] = self.hasher.state()
        if checkpoint is not None:
            self._record(checkpoint)

    def _record(self, checkpoint: Checkpoint) -> None:
        assert self._service is not None
        for part in checkpoint.parts:
            self.parts[part.number] = part
        if checkpoint.end == self.offset:
            state = self.hasher.state()
        else:
            state = self._states[checkpoint.end]
        self._service._checkpoint(self, checkpoint.end, state, checkpoint.parts)
        self.upload.committed_bytes = checkpoint.end
        self._states = {k: v for k, v in self._states.items() if k > checkpoint.end}

    def finish(self) -> tuple[Upload, Artifact | None]:
        """Called when the client ends the stream: completes the upload if every byte
        arrived, otherwise keeps what is durable for a later resume."""
        if self._writer is None:
            return self.upload, self.artifact
        assert self._service is not None
        final = self.offset == self.upload.size_bytes
        try:
            checkpoint = self._writer.flush(final)
            if checkpoint is not None:
                self._record(checkpoint)
        finally:
            self.close()
        if not final:
            return self.upload, None
        self.artifact = self._service._complete(self)
        self.upload.state = UploadState.COMPLETED
        return self.upload, self.artifact

    def close(self) -> None:
        """Releases the writer without a checkpoint (the stream broke)."""
        if self._writer is not None:
            self._writer.close()
            self._writer = None
