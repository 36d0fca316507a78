"""gRPC servicer of cairn.v1.ArtifactService: decode, call the service, encode.

Bytes stream through with flat memory: at most one chunk is being received while the
previous one is hashed and written on a worker thread (hashlib/OpenSSL and os.write
release the GIL), and downloads read one chunk ahead; only one-call uploads of up to
8 MiB are collected whole, within a 64 MiB budget shared by all of them, to be stored
in one write (see _upload_small). Data chunks skip protobuf's
copies: the upload deserializer slices the received message without copying, and
download chunks are framed by hand.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

import grpc
from google.protobuf.message import DecodeError

from cairn.v1 import artifact_pb2
from cairn.v1 import artifact_service_pb2 as pb
from cairn_server.domain.artifacts import Artifact, Upload
from cairn_server.domain.errors import DataLoss, InvalidArgument
from cairn_server.services.artifacts import SMALL_UPLOAD_MAX, ArtifactService, UploadSession
from cairn_server.storage.blobs.base import READ_CHUNK, BlobReader

Context = grpc.aio.ServicerContext[Any, Any]
R = TypeVar("R")
SERVICE_NAME = "cairn.v1.ArtifactService"
_DATA_TAG = 0x12  # field 2 (`data`), wire type 2, in both Upload- and DownloadArtifact*
_METHODS = {"GET": 1, "PUT": 2}
# What small one-call uploads may hold in memory at once (see _upload_small).
SMALL_UPLOAD_MEMORY = 64 * 1024 * 1024


class Malformed:
    """What a deserializer returns for bytes protobuf refused (e.g. invalid UTF-8 in
    a string field), so the servicer can answer INVALID_ARGUMENT instead of gRPC's
    generic INTERNAL."""

    def __init__(self, error: Exception) -> None:
        self.error = error


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while pos < len(data):
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7
        if shift > 63:
            break
    raise DecodeError("bad varint")


def _encode_varint(value: int) -> bytes:
    out = bytearray()
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _tolerant(parse: Callable[[bytes], Any]) -> Callable[[bytes], Any]:
    def deserialize(raw: bytes) -> Any:
        try:
            return parse(raw)
        except (DecodeError, ValueError) as exc:
            return Malformed(exc)

    return deserialize


def _upload_message(raw: bytes) -> pb.UploadArtifactRequest | memoryview | Malformed:
    """A data message becomes a zero-copy view of its payload; anything else is parsed."""
    if raw[:1] == bytes([_DATA_TAG]):
        try:
            size, start = _varint(raw, 1)
        except DecodeError as exc:
            return Malformed(exc)
        if start + size == len(raw):
            return memoryview(raw)[start:]
    try:
        return pb.UploadArtifactRequest.FromString(raw)
    except (DecodeError, ValueError) as exc:
        return Malformed(exc)


def _serialize(message: Any) -> bytes:
    if isinstance(message, bytes):  # a pre-framed data chunk
        return message
    data: bytes = message.SerializeToString()
    return data


def _data_frame(chunk: bytes) -> bytes:
    return bytes([_DATA_TAG]) + _encode_varint(len(chunk)) + chunk


def _checked(request: Any) -> Any:
    if isinstance(request, Malformed):
        raise InvalidArgument(
            "the request is not a valid message (strings must be UTF-8): "
            f"{type(request.error).__name__}",
            reason="MALFORMED_REQUEST",
        )
    return request


def artifact_to_proto(a: Artifact) -> artifact_pb2.Artifact:
    return artifact_pb2.Artifact(
        run_id=a.run_id,
        path=a.path,
        is_dir=a.is_dir,
        size_bytes=a.size_bytes,
        sha256=a.sha256,
        content_type=a.content_type,
        create_time_millis=a.create_time,
    )


def upload_to_proto(u: Upload) -> artifact_pb2.Upload:
    return artifact_pb2.Upload(
        upload_id=u.upload_id,
        run_id=u.run_id,
        path=u.path,
        size_bytes=u.size_bytes,
        committed_bytes=u.committed_bytes,
        state=int(u.state),  # type: ignore[arg-type]
        sha256=u.sha256,
        create_time_millis=u.create_time,
        expire_time_millis=u.expire_time,
    )


async def _aiter(items: list[bytes | memoryview]) -> AsyncIterator[bytes | memoryview]:
    for item in items:
        yield item


class _MemoryBudget:
    """Bytes that small one-call uploads may hold in memory at once, across streams
    (used from the event loop only); past it they take the staged path."""

    def __init__(self, limit: int) -> None:
        self.free = limit

    def take(self, size: int) -> bool:
        if size > self.free:
            return False
        self.free -= size
        return True

    def give(self, size: int) -> None:
        self.free += size


class ArtifactServicer:
    def __init__(self, service: ArtifactService, executor: concurrent.futures.Executor) -> None:
        self._service = service
        # Blob I/O has its own threads, so big transfers never starve database calls.
        self._executor = executor
        self._small = _MemoryBudget(SMALL_UPLOAD_MEMORY)

    async def _io(self, fn: Callable[..., R], *args: Any) -> R:
        return await asyncio.wrap_future(self._executor.submit(fn, *args))

    # -- uploads ------------------------------------------------------------

    async def StartUpload(
        self, request: pb.StartUploadRequest, context: Context
    ) -> pb.StartUploadResponse:
        r = _checked(request)
        upload = await self._io(
            self._service.start_upload, r.run_id, r.path, r.size_bytes, r.sha256, r.content_type
        )
        return pb.StartUploadResponse(upload=upload_to_proto(upload))

    async def GetUpload(
        self, request: pb.GetUploadRequest, context: Context
    ) -> pb.GetUploadResponse:
        upload = await self._io(self._service.get_upload, _checked(request).upload_id)
        return pb.GetUploadResponse(upload=upload_to_proto(upload))

    async def AbortUpload(
        self, request: pb.AbortUploadRequest, context: Context
    ) -> pb.AbortUploadResponse:
        await self._io(self._service.abort_upload, _checked(request).upload_id)
        return pb.AbortUploadResponse()

    async def UploadArtifact(
        self, request_iterator: AsyncIterator[Any], context: Context
    ) -> pb.UploadArtifactResponse:
        messages = request_iterator.__aiter__()
        try:
            first = _checked(await messages.__anext__())
        except StopAsyncIteration:
            raise InvalidArgument("the stream is empty; send a header first") from None
        if isinstance(first, memoryview) or first.WhichOneof("message") != "header":
            raise InvalidArgument("the first message must be a header", field="header")
        header: pb.UploadHeader = first.header
        size = header.start.size_bytes if header.WhichOneof("target") == "start" else -1
        if 0 <= size <= SMALL_UPLOAD_MAX and header.offset == 0 and self._small.take(size):
            try:
                upload, artifact = await self._upload_small(header, messages)
            finally:
                self._small.give(size)
        else:
            session = await self._io(self._open, header)
            upload, artifact = await self._stream(session, self._datas(messages))
        response = pb.UploadArtifactResponse(upload=upload_to_proto(upload))
        if artifact is not None:
            response.artifact.CopyFrom(artifact_to_proto(artifact))
        return response

    async def _stream(
        self, session: UploadSession, datas: AsyncIterator[bytes | memoryview]
    ) -> tuple[Upload, Artifact | None]:
        pending: concurrent.futures.Future[None] | None = None
        try:
            async for data in datas:
                if pending is not None:
                    await asyncio.wrap_future(pending)
                pending = self._executor.submit(session.write, data)
            if pending is not None:
                await asyncio.wrap_future(pending)
            return await self._io(session.finish)
        except BaseException:
            # Close only once any in-flight write is over (even if we were cancelled):
            # the write still runs on its thread.
            if pending is not None and not pending.done():
                pending.add_done_callback(lambda _f: session.close())
            else:
                session.close()
            raise

    async def _upload_small(
        self, header: pb.UploadHeader, messages: AsyncIterator[Any]
    ) -> tuple[Upload, Artifact | None]:
        """A one-call upload of at most SMALL_UPLOAD_MAX bytes: checked first, its
        bytes collected, then stored in one write and recorded in one transaction.
        A stream that ends early is kept as a resumable upload, as on the staged path."""
        s = header.start
        small = await self._io(
            self._service.begin_small, s.run_id, s.path, s.size_bytes, s.sha256, s.content_type
        )
        chunks: list[bytes | memoryview] = []
        received = 0
        async for data in self._datas(messages):
            received += len(data)
            if received > s.size_bytes:
                raise InvalidArgument(
                    f"more bytes than the declared size_bytes {s.size_bytes}", field="data"
                )
            chunks.append(data)
        if received == s.size_bytes:
            return await self._io(self._service.put_small, small, chunks)
        session = await self._io(self._open, header)
        return await self._stream(session, _aiter(chunks))

    async def _datas(self, messages: AsyncIterator[Any]) -> AsyncIterator[bytes | memoryview]:
        async for message in messages:
            yield self._data(message)

    def _open(self, header: pb.UploadHeader) -> UploadSession:
        target = header.WhichOneof("target")
        if target == "start":
            s = header.start
            return self._service.open_upload(
                "", header.offset, (s.run_id, s.path, s.size_bytes, s.sha256, s.content_type)
            )
        if target == "upload_id":
            return self._service.open_upload(header.upload_id, header.offset)
        raise InvalidArgument("the header must name an upload_id or a start", field="header")

    @staticmethod
    def _data(message: Any) -> memoryview | bytes:
        if isinstance(message, memoryview):
            return message
        message = _checked(message)
        if message.WhichOneof("message") != "data":
            raise InvalidArgument("only the first message may be a header", field="header")
        data: bytes = message.data
        return data

    # -- reads --------------------------------------------------------------

    async def DownloadArtifact(
        self, request: pb.DownloadArtifactRequest, context: Context
    ) -> AsyncIterator[Any]:
        r = _checked(request)
        download = await self._io(self._service.open_download, r.run_id, r.path, r.offset, r.length)
        reader = download.reader
        remaining = download.length
        ahead: concurrent.futures.Future[bytes] | None = None
        try:
            yield pb.DownloadArtifactResponse(artifact=artifact_to_proto(download.artifact))
            if remaining:
                ahead = self._executor.submit(reader.read, min(READ_CHUNK, remaining))
            while ahead is not None:
                chunk = await asyncio.wrap_future(ahead)
                if not chunk:
                    raise DataLoss("the artifact's stored bytes end before its recorded size")
                remaining -= len(chunk)
                ahead = (
                    self._executor.submit(reader.read, min(READ_CHUNK, remaining))
                    if remaining > 0
                    else None
                )
                yield _data_frame(chunk)
        finally:
            _close_after(reader, ahead)

    async def ListArtifacts(
        self, request: pb.ListArtifactsRequest, context: Context
    ) -> pb.ListArtifactsResponse:
        r = _checked(request)
        page = await self._io(
            self._service.list_artifacts, r.run_id, r.path, r.recursive, r.page_size, r.page_token
        )
        return pb.ListArtifactsResponse(
            artifacts=[artifact_to_proto(a) for a in page.items],
            next_page_token=page.next_page_token,
        )

    async def DeleteArtifact(
        self, request: pb.DeleteArtifactRequest, context: Context
    ) -> pb.DeleteArtifactResponse:
        r = _checked(request)
        count = await self._io(self._service.delete_artifacts, r.run_id, r.path)
        return pb.DeleteArtifactResponse(deleted_count=count)

    async def CreatePresignedUrl(
        self, request: pb.CreatePresignedUrlRequest, context: Context
    ) -> pb.CreatePresignedUrlResponse:
        r = _checked(request)
        methods = {v: k for k, v in _METHODS.items()}
        if r.method not in methods:
            raise InvalidArgument("method must be GET or PUT", field="method")
        presigned = await self._io(
            self._service.presign, r.run_id, r.path, methods[r.method], r.expires_seconds
        )
        response = pb.CreatePresignedUrlResponse(
            url=presigned.url, expire_time_millis=presigned.expire_time
        )
        if presigned.artifact is not None:
            response.artifact.CopyFrom(artifact_to_proto(presigned.artifact))
        return response


def _close_after(reader: BlobReader, pending: concurrent.futures.Future[bytes] | None) -> None:
    if pending is not None and not pending.done():
        pending.add_done_callback(lambda _f: reader.close())
    else:
        reader.close()


def add_artifact_servicer(servicer: ArtifactServicer, server: grpc.aio.Server) -> None:
    """Registers the servicer like the generated add_..._to_server, but with
    deserializers that let malformed requests reach the servicer as INVALID_ARGUMENT,
    and serializers that pass pre-framed download chunks through."""

    def unary(method: Any, request: Any, response: Any) -> grpc.RpcMethodHandler[Any, Any]:
        return grpc.unary_unary_rpc_method_handler(
            method,
            request_deserializer=_tolerant(request.FromString),
            response_serializer=response.SerializeToString,
        )

    handlers = {
        "StartUpload": unary(servicer.StartUpload, pb.StartUploadRequest, pb.StartUploadResponse),
        "UploadArtifact": grpc.stream_unary_rpc_method_handler(
            servicer.UploadArtifact,
            request_deserializer=_upload_message,
            response_serializer=pb.UploadArtifactResponse.SerializeToString,
        ),
        "GetUpload": unary(servicer.GetUpload, pb.GetUploadRequest, pb.GetUploadResponse),
        "AbortUpload": unary(servicer.AbortUpload, pb.AbortUploadRequest, pb.AbortUploadResponse),
        "DownloadArtifact": grpc.unary_stream_rpc_method_handler(
            servicer.DownloadArtifact,
            request_deserializer=_tolerant(pb.DownloadArtifactRequest.FromString),
            response_serializer=_serialize,
        ),
        "ListArtifacts": unary(
            servicer.ListArtifacts, pb.ListArtifactsRequest, pb.ListArtifactsResponse
        ),
        "DeleteArtifact": unary(
            servicer.DeleteArtifact, pb.DeleteArtifactRequest, pb.DeleteArtifactResponse
        ),
        "CreatePresignedUrl": unary(
            servicer.CreatePresignedUrl,
            pb.CreatePresignedUrlRequest,
            pb.CreatePresignedUrlResponse,
        ),
    }
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(SERVICE_NAME, handlers),))
    server.add_registered_method_handlers(SERVICE_NAME, handlers)  # type: ignore[attr-defined]
