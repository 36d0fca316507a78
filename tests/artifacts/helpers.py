"""Raw-stub helpers for artifact tests: the RPCs exactly as any client sends them."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from typing import Any

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from cairn.client import Client
from cairn.v1 import artifact_service_pb2 as pb
from cairn.v1.artifact_service_pb2_grpc import ArtifactServiceStub
from tests.support.rpc import status_of

MiB = 1024 * 1024


def stub(client: Client) -> ArtifactServiceStub:
    return ArtifactServiceStub(client.channel)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def chunks(data: bytes, size: int = 4 * MiB) -> Iterator[pb.UploadArtifactRequest]:
    for i in range(0, len(data), size):
        yield pb.UploadArtifactRequest(data=data[i : i + size])


def header_start(
    run_id: str, path: str, size: int, digest: str = "", content_type: str = ""
) -> pb.UploadArtifactRequest:
    start = pb.StartUploadRequest(
        run_id=run_id, path=path, size_bytes=size, sha256=digest, content_type=content_type
    )
    return pb.UploadArtifactRequest(header=pb.UploadHeader(start=start, offset=0))


def header_resume(upload_id: str, offset: int) -> pb.UploadArtifactRequest:
    return pb.UploadArtifactRequest(header=pb.UploadHeader(upload_id=upload_id, offset=offset))


def put(
    s: ArtifactServiceStub, run_id: str, path: str, data: bytes, *, digest: str | None = None
) -> pb.UploadArtifactResponse:
    """A one-call upload claiming the data's digest (or `digest`)."""
    claimed = sha(data) if digest is None else digest
    messages = [header_start(run_id, path, len(data), claimed), *chunks(data)]
    return s.UploadArtifact(iter(messages), timeout=60)


def get(
    s: ArtifactServiceStub, run_id: str, path: str, offset: int = 0, length: int = 0
) -> tuple[Any, bytes]:
    first, *rest = s.DownloadArtifact(
        pb.DownloadArtifactRequest(run_id=run_id, path=path, offset=offset, length=length),
        timeout=60,
    )
    assert first.WhichOneof("message") == "artifact"
    return first.artifact, b"".join(m.data for m in rest)


def listing(
    s: ArtifactServiceStub,
    run_id: str,
    path: str = "",
    *,
    recursive: bool = False,
    page_size: int = 0,
) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    token = ""
    while True:
        resp = s.ListArtifacts(
            pb.ListArtifactsRequest(
                run_id=run_id, path=path, recursive=recursive, page_size=page_size, page_token=token
            ),
            timeout=30,
        )
        out += [(a.path, a.is_dir) for a in resp.artifacts]
        token = resp.next_page_token
        if not token:
            return out


def code(call: Callable[[], Any]) -> grpc.StatusCode:
    return status_of(call).code()


def reason(exc: grpc.RpcError) -> str:
    status = rpc_status.from_call(exc)  # type: ignore[arg-type]
    if status is None:
        return ""
    for detail in status.details:
        info = error_details_pb2.ErrorInfo()
        if detail.Unpack(info):
            return str(info.reason)
    return ""
