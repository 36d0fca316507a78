"""The object-store port: the small interface every artifact backend implements.

Keys are always built by the server (domain/artifact_paths.py) and are relative to the
store's root. Every method is blocking; the transport runs them on a thread pool.
Backends raise domain errors: Unavailable when the store cannot be reached,
InvalidArgument when a key would cross a symlink (local), Unimplemented for presigning
where unsupported, DataLoss when a recorded object has vanished.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from cairn_server.domain.artifacts import Part
from cairn_server.domain.errors import Unavailable

log = logging.getLogger(__name__)

# Read size of downloads; one gRPC message each.
READ_CHUNK = 4 * 1024 * 1024


@dataclass(frozen=True)
class Checkpoint:
    """The upload's first `end` bytes are durable; `parts` just became so. A writer may
    report a checkpoint after more bytes were written (S3 uploads a part in the
    background while the next one fills), so `end` says which bytes it covers."""

    end: int
    parts: list[Part]


class StagedWriter(Protocol):
    """Appends bytes to an unfinished upload. Not thread-safe: one stream owns it."""

    def write(self, data: bytes | memoryview) -> Checkpoint | None:
        """Appends; returns a checkpoint when more bytes became durable."""
        ...

    def cut(self) -> bool:
        """True if the last write() ended a piece whose checkpoint comes later, so the
        caller must remember its hash state at this offset."""
        ...

    def flush(self, final: bool) -> Checkpoint | None:
        """Makes what it can durable (S3 cannot store a non-final part under 5 MiB,
        so those bytes are dropped and resent by the client). `final` means the
        upload's last byte has been written."""
        ...

    def close(self) -> None: ...


class BlobReader(Protocol):
    def read(self, size: int) -> bytes:
        """Up to `size` bytes; b"" at the end of the requested range."""
        ...

    def close(self) -> None: ...


class BlobStore(Protocol):
    #: "local" or "s3", for logs and messages.
    kind: str

    def create_staging(self, upload_id: str, key: str, content_type: str) -> str:
        """Prepares an upload; returns a backend token to keep with it."""
        ...

    def open_writer(
        self, upload_id: str, key: str, token: str, committed: int, parts: list[Part]
    ) -> StagedWriter:
        """A writer continuing at `committed` bytes (bytes past it are discarded)."""
        ...

    def complete(
        self, upload_id: str, key: str, token: str, parts: list[Part], size_bytes: int
    ) -> None:
        """Atomically makes the staged bytes the object at `key` (replacing any).
        Idempotent: if the staging is gone and `key` holds `size_bytes` bytes, an
        earlier call completed before the server could record it."""
        ...

    def abort(self, upload_id: str, key: str, token: str) -> None:
        """Frees a staged upload; a no-op if it is already gone."""
        ...

    def put(self, key: str, chunks: Sequence[bytes | memoryview], content_type: str) -> None:
        """Atomically stores a small object (already in memory) at `key`, replacing any."""
        ...

    def open_reader(self, key: str, offset: int, length: int) -> BlobReader:
        """Reads `length` bytes from `offset` of the object at `key`."""
        ...

    def size(self, key: str) -> int | None:
        """The object's size, or None if there is none."""
        ...

    def delete(self, keys: list[str]) -> None:
        """Deletes objects; missing ones are ignored."""
        ...

    def presign(self, key: str, method: str, expires_seconds: int) -> str:
        """A URL for a direct GET or PUT, or Unimplemented."""
        ...


def blob_store_from_settings(settings: object) -> BlobStore:
    """Picks the backend by the artifact root's scheme (file:// or s3://)."""
    from cairn_server.config import Settings

    assert isinstance(settings, Settings)
    root = settings.resolved_artifact_root
    if root.startswith("file://"):
        from cairn_server.storage.blobs.local import LocalBlobStore

        return LocalBlobStore(root.removeprefix("file://"))
    if root.startswith("s3://"):
        from cairn_server.storage.blobs.s3 import S3BlobStore, S3Config

        store = S3BlobStore(S3Config.from_settings(settings))
        try:
            store.ensure_bucket()
        except Unavailable as exc:
            # Start anyway: artifact calls answer UNAVAILABLE until the store is back.
            log.warning("artifact store not reachable at start: %s", exc.message)
        return store
    raise SystemExit(f"artifact root {root!r} must start with file:// or s3://")
