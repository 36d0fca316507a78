"""The S3 backend (AWS S3, MinIO, versitygw...) through the `minio` client.

Uploads are S3 multipart uploads straight to the final key: the object appears only
when CompleteMultipartUpload runs, after the digest checked out, so nothing partial is
ever visible. Parts are buffered in memory (one part per active upload) and each
uploaded part is a checkpoint the client can resume from.

The multipart calls are the client's underscore methods (`_create_multipart_upload`
and friends): minio-py's public API only offers whole-object puts, and these thin
wrappers have kept their signatures across the 7.x releases.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

import urllib3
from minio import Minio
from minio.datatypes import Part as MinioPart
from minio.deleteobjects import DeleteObject
from minio.error import S3Error

from cairn_server.domain.artifacts import Part
from cairn_server.domain.errors import DataLoss, InvalidArgument, Unavailable
from cairn_server.storage.blobs.base import Checkpoint

# S3's floor for every part but the last; parts grow for big files (10,000 parts max).
MIN_PART = 5 * 1024 * 1024
PART_SIZE = 16 * 1024 * 1024
_GONE = ("NoSuchUpload", "NoSuchKey")
# Uploads parts in the background while the next part fills (see _S3Writer).
_PART_POOL = concurrent.futures.ThreadPoolExecutor(8, thread_name_prefix="cairn-s3-part")


@dataclass(frozen=True)
class S3Config:
    endpoint: str
    bucket: str
    prefix: str
    access_key: str
    secret_key: str
    region: str
    secure: bool

    @classmethod
    def from_settings(cls, settings: Any) -> S3Config:
        root: str = settings.resolved_artifact_root.removeprefix("s3://")
        bucket, _, prefix = root.partition("/")
        if not bucket:
            raise SystemExit(f"artifact root {settings.resolved_artifact_root!r} has no bucket")
        return cls(
            endpoint=settings.s3_endpoint or "s3.amazonaws.com",
            bucket=bucket,
            prefix=prefix.strip("/"),
            access_key=settings.s3_access_key,
            secret_key=settings.s3_secret_key,
            region=settings.s3_region,
            secure=settings.s3_secure,
        )


def _unavailable(exc: BaseException) -> NoReturn:
    raise Unavailable(f"the artifact store cannot be reached ({type(exc).__name__})") from exc


def _translate(exc: S3Error) -> NoReturn:
    if exc.code in ("NoSuchBucket", "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"):
        raise Unavailable(f"the artifact store refused the request: {exc.code}") from exc
    if exc.code in ("InvalidPart", "InvalidPartOrder", "EntityTooSmall"):
        raise DataLoss(f"the object store rejected the upload's parts: {exc.code}") from exc
    if exc.response is not None and exc.response.status >= 500:
        raise Unavailable(f"the artifact store failed: {exc.code}") from exc
    raise exc


class S3BlobStore:
    kind = "s3"

    def __init__(self, config: S3Config, *, part_size: int = PART_SIZE) -> None:
        self.config = config
        self.part_size = max(part_size, MIN_PART)
        http = urllib3.PoolManager(
            maxsize=32,
            timeout=urllib3.Timeout(connect=10, read=120),
            retries=urllib3.Retry(total=3, backoff_factor=0.2, status_forcelist=[502, 503, 504]),
        )
        # No network I/O here: the client connects on first use.
        self.client = Minio(
            config.endpoint,
            access_key=config.access_key or None,
            secret_key=config.secret_key or None,
            region=config.region or None,
            secure=config.secure,
            http_client=http,
        )

    def _key(self, key: str) -> str:
        return f"{self.config.prefix}/{key}" if self.config.prefix else key

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except S3Error as exc:
            _translate(exc)
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            _unavailable(exc)

    def ensure_bucket(self) -> None:
        if not self._call(self.client.bucket_exists, self.config.bucket):
            self._call(self.client.make_bucket, self.config.bucket)

    # -- uploads ------------------------------------------------------------

    def create_staging(self, upload_id: str, key: str, content_type: str) -> str:
        headers = {"Content-Type": content_type or "application/octet-stream"}
        token: str = self._call(
            self.client._create_multipart_upload, self.config.bucket, self._key(key), headers
        )
        return token

    def open_writer(
        self, upload_id: str, key: str, token: str, committed: int, parts: list[Part]
    ) -> _S3Writer:
        next_number = max((p.number for p in parts), default=0) + 1
        return _S3Writer(self, self._key(key), token, next_number, committed)

    def complete(
        self, upload_id: str, key: str, token: str, parts: list[Part], size_bytes: int
    ) -> None:
        ordered = [MinioPart(p.number, p.etag) for p in sorted(parts, key=lambda p: p.number)]
        try:
            self._call(
                self.client._complete_multipart_upload,
                self.config.bucket,
                self._key(key),
                token,
                ordered,
            )
        except S3Error as exc:
            if exc.code in _GONE and self.size(key) == size_bytes:
                return
            raise

    def abort(self, upload_id: str, key: str, token: str) -> None:
        if not token:
            return
        try:
            self._call(
                self.client._abort_multipart_upload, self.config.bucket, self._key(key), token
            )
        except S3Error as exc:
            if exc.code not in _GONE:
                raise

    def put(self, key: str, chunks: Sequence[bytes | memoryview], content_type: str) -> None:
        data = b"".join(chunks)
        self._call(
            self.client.put_object,
            self.config.bucket,
            self._key(key),
            io.BytesIO(data),
            len(data),
            content_type=content_type or "application/octet-stream",
        )

    def upload_part(self, object_key: str, token: str, number: int, data: bytearray) -> str:
        etag: str = self._call(
            self.client._upload_part, self.config.bucket, object_key, data, None, token, number
        )
        return etag

    # -- objects ------------------------------------------------------------

    def open_reader(self, key: str, offset: int, length: int) -> _S3Reader:
        if length <= 0:
            return _S3Reader(None)
        try:
            response = self._call(
                self.client.get_object, self.config.bucket, self._key(key), offset, length
            )
        except S3Error as exc:
            if exc.code in _GONE:
                raise DataLoss(f"the object of artifact '{key}' is missing from the store") from exc
            raise
        return _S3Reader(response)

    def size(self, key: str) -> int | None:
        try:
            info = self._call(self.client.stat_object, self.config.bucket, self._key(key))
        except S3Error as exc:
            if exc.code in (*_GONE, "ResourceNotFound"):
                return None
            raise
        return int(info.size)

    def delete(self, keys: list[str]) -> None:
        for start in range(0, len(keys), 1000):
            batch = [DeleteObject(self._key(k)) for k in keys[start : start + 1000]]
            errors = self._call(
                lambda b: list(self.client.remove_objects(self.config.bucket, b)), batch
            )
            for error in errors:
                if error.code not in _GONE:
                    raise Unavailable(f"the artifact store failed to delete: {error.code}")

    def presign(self, key: str, method: str, expires_seconds: int) -> str:
        if method not in ("GET", "PUT"):
            raise InvalidArgument(f"cannot presign method {method}", field="method")
        url: str = self._call(
            self.client.get_presigned_url,
            method,
            self.config.bucket,
            self._key(key),
            expires=dt.timedelta(seconds=expires_seconds),
        )
        return url


class _S3Writer:
    """Fills one part while the previous one uploads in the background (at most two
    parts in memory), so the stream is not held up by each part's round trip."""

    def __init__(
        self, store: S3BlobStore, object_key: str, token: str, next_number: int, offset: int
    ) -> None:
        self._store = store
        self._key = object_key
        self._token = token
        self._number = next_number
        self._offset = offset
        self._buffer = bytearray()
        self._in_flight: concurrent.futures.Future[Checkpoint] | None = None
        self._cut_now = False

    def write(self, data: bytes | memoryview) -> Checkpoint | None:
        self._buffer += data
        self._offset += len(data)
        done = self._collect(wait=False)
        self._cut_now = len(self._buffer) >= self._store.part_size
        if self._cut_now:
            done = _merge(done, self._collect(wait=True))
            self._in_flight = _PART_POOL.submit(self._upload, *self._cut())
        return done

    def cut(self) -> bool:
        return self._cut_now

    def _cut(self) -> tuple[int, bytearray, int]:
        number, data = self._number, self._buffer
        self._number += 1
        self._buffer = bytearray()
        return number, data, self._offset

    def _upload(self, number: int, data: bytearray, end: int) -> Checkpoint:
        etag = self._store.upload_part(self._key, self._token, number, data)
        return Checkpoint(end, [Part(number, etag, len(data))])

    def _collect(self, *, wait: bool) -> Checkpoint | None:
        future = self._in_flight
        if future is None or not (wait or future.done()):
            return None
        self._in_flight = None
        return future.result()

    def flush(self, final: bool) -> Checkpoint | None:
        done = self._collect(wait=True)
        # An empty upload still needs one (empty) part to complete; S3 cannot store a
        # non-final part under 5 MiB, so such a tail is dropped and resent.
        if (final and (self._buffer or self._number == 1)) or len(self._buffer) >= MIN_PART:
            return _merge(done, self._upload(*self._cut()))
        self._buffer = bytearray()
        return done

    def close(self) -> None:
        # A part still uploading finishes on its own; unrecorded, it is simply
        # uploaded again (same number) on resume.
        self._in_flight = None
        self._buffer = bytearray()


def _merge(a: Checkpoint | None, b: Checkpoint | None) -> Checkpoint | None:
    if a is None or b is None:
        return a or b
    return Checkpoint(max(a.end, b.end), [*a.parts, *b.parts])


class _S3Reader:
    def __init__(self, response: Any) -> None:
        self._response = response

    def read(self, size: int) -> bytes:
        if self._response is None:
            return b""
        try:
            data: bytes = self._response.read(size)
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            _unavailable(exc)
        return data

    def close(self) -> None:
        if self._response is not None:
            self._response.close()
            self._response.release_conn()
            self._response = None
