"""Artifact and upload entities: plain data, no gRPC and no SQL."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

# The backend token of an upload created for a presigned PUT: the client writes the
# object itself, and the server adopts it as an artifact once it exists.
PRESIGNED_TOKEN = "presigned-put"  # noqa: S105 (a marker, not a secret)


class UploadState(enum.IntEnum):
    """Values match cairn.v1.UploadState."""

    IN_PROGRESS = 1
    COMPLETED = 2
    ABORTED = 3


@dataclass
class Artifact:
    """A stored file (or, in listings, a directory prefix) of a run. The record is
    the source of truth for what is visible: bytes without a record are not."""

    run_id: str
    path: str
    size_bytes: int
    sha256: str
    content_type: str
    object_key: str
    create_time: int
    is_dir: bool = False


@dataclass(frozen=True)
class PresignedUrl:
    """A short-lived URL of the object store. For GET, the artifact it reads (so the
    client can verify the bytes it fetches); None for PUT."""

    url: str
    expire_time: int
    artifact: Artifact | None


@dataclass(frozen=True)
class Part:
    """A durably stored piece of an upload (an S3 multipart part; none on local)."""

    number: int
    etag: str
    size_bytes: int


@dataclass
class Upload:
    upload_id: str
    run_id: str
    path: str
    object_key: str
    size_bytes: int
    committed_bytes: int
    state: UploadState
    sha256: str
    content_type: str
    create_time: int
    update_time: int
    expire_time: int
    # What the blob store needs to continue (the S3 multipart upload id).
    backend_token: str = ""
    # The running SHA-256 at `committed_bytes`, or None when it could not be saved.
    hash_state: bytes | None = None
    # Which stream currently owns the upload; checkpoints of any other are refused.
    lease: str = ""
    parts: list[Part] = field(default_factory=list)
