"""Counts failed object store operations, by operation and error type, around any
BlobStore (and the writers and readers it opens). Unimplemented (presigning on a
backend without it) is an answer, not a failure, and is not counted."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from prometheus_client import Counter

from cairn_server.domain.artifacts import Part
from cairn_server.domain.errors import Unimplemented
from cairn_server.storage.blobs.base import BlobReader, BlobStore, Checkpoint, StagedWriter

T = TypeVar("T")


class _Errors:
    __slots__ = ("_counter",)

    def __init__(self, counter: Counter) -> None:
        self._counter = counter

    def run(self, operation: str, fn: Callable[[], T]) -> T:
        try:
            return fn()
        except Unimplemented:
            raise
        except Exception as exc:
            self._counter.labels(operation, type(exc).__name__).inc()
            raise


class ObservedBlobStore:
    def __init__(self, store: BlobStore, errors: Counter) -> None:
        self._store = store
        self._errors = _Errors(errors)
        self.kind = store.kind

    @property
    def inner(self) -> BlobStore:
        return self._store

    def create_staging(self, upload_id: str, key: str, content_type: str) -> str:
        return self._errors.run(
            "create_staging", lambda: self._store.create_staging(upload_id, key, content_type)
        )

    def open_writer(
        self, upload_id: str, key: str, token: str, committed: int, parts: list[Part]
    ) -> StagedWriter:
        writer = self._errors.run(
            "open_writer",
            lambda: self._store.open_writer(upload_id, key, token, committed, parts),
        )
        return _ObservedWriter(writer, self._errors)

    def complete(
        self, upload_id: str, key: str, token: str, parts: list[Part], size_bytes: int
    ) -> None:
        self._errors.run(
            "complete", lambda: self._store.complete(upload_id, key, token, parts, size_bytes)
        )

    def abort(self, upload_id: str, key: str, token: str) -> None:
        self._errors.run("abort", lambda: self._store.abort(upload_id, key, token))

    def put(self, key: str, chunks: Sequence[bytes | memoryview], content_type: str) -> None:
        self._errors.run("put", lambda: self._store.put(key, chunks, content_type))

    def open_reader(self, key: str, offset: int, length: int) -> BlobReader:
        reader = self._errors.run(
            "open_reader", lambda: self._store.open_reader(key, offset, length)
        )
        return _ObservedReader(reader, self._errors)

    def size(self, key: str) -> int | None:
        return self._errors.run("size", lambda: self._store.size(key))

    def delete(self, keys: list[str]) -> None:
        self._errors.run("delete", lambda: self._store.delete(keys))

    def presign(self, key: str, method: str, expires_seconds: int) -> str:
        return self._errors.run(
            "presign", lambda: self._store.presign(key, method, expires_seconds)
        )


class _ObservedWriter:
    __slots__ = ("_errors", "_writer")

    def __init__(self, writer: StagedWriter, errors: _Errors) -> None:
        self._writer = writer
        self._errors = errors

    def write(self, data: bytes | memoryview) -> Checkpoint | None:
        return self._errors.run("write", lambda: self._writer.write(data))

    def cut(self) -> bool:
        return self._writer.cut()

    def flush(self, final: bool) -> Checkpoint | None:
        return self._errors.run("flush", lambda: self._writer.flush(final))

    def close(self) -> None:
        self._errors.run("close_writer", self._writer.close)


class _ObservedReader:
    __slots__ = ("_errors", "_reader")

    def __init__(self, reader: BlobReader, errors: _Errors) -> None:
        self._reader = reader
        self._errors = errors

    def read(self, size: int) -> bytes:
        return self._errors.run("read", lambda: self._reader.read(size))

    def close(self) -> None:
        self._errors.run("close_reader", self._reader.close)
