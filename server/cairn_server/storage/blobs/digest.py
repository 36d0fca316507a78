"""SHA-256 whose running state can be saved and restored.

A resumable upload must keep hashing where it stopped even after the server restarts,
and on S3 the bytes already sent cannot be read back (parts of an unfinished multipart
upload are not readable). hashlib cannot export its state, so this calls OpenSSL's
SHA256_Init/Update/Final through ctypes: the same SHA-NI/AVX code hashlib runs, with
the GIL released during each update, and a SHA256_CTX (a fixed, 112-byte C struct in
OpenSSL 1.1 and 3.x) that can be stored beside the upload. The state comes only from
our own database, never from a client.

Where libcrypto cannot be loaded, `Sha256` falls back to hashlib and `state()` returns
None; the caller then re-hashes what it can (see services/artifacts.py).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import logging
from typing import Protocol

import numpy as np

log = logging.getLogger(__name__)

_CTX_SIZE = 112  # sizeof(SHA256_CTX): h[8], Nl, Nh, data[16], num, md_len (all 32-bit)
_STATE_VERSION = b"\x01"


class ResumableHash(Protocol):
    def update(self, data: bytes | memoryview) -> None: ...
    def state(self) -> bytes | None: ...
    def hexdigest(self) -> str: ...


def _load_libcrypto() -> ctypes.CDLL | None:
    for name in ("libcrypto.so.3", ctypes.util.find_library("crypto"), "libcrypto.so.1.1"):
        if not name:
            continue
        try:
            lib = ctypes.CDLL(name)
            lib.SHA256_Init.argtypes = [ctypes.c_void_p]
            lib.SHA256_Update.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]
            lib.SHA256_Final.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
            return lib
        except (OSError, AttributeError):
            continue
    return None


_LIB = _load_libcrypto()
if _LIB is None:  # pragma: no cover - depends on the machine
    log.warning("libcrypto not found: upload hash state cannot be checkpointed")


def checkpointing_available() -> bool:
    return _LIB is not None


class _OpenSslSha256:
    def __init__(self, state: bytes | None) -> None:
        assert _LIB is not None
        self._ctx = ctypes.create_string_buffer(_CTX_SIZE)
        if state is None:
            _LIB.SHA256_Init(self._ctx)
        else:
            ctypes.memmove(self._ctx, state[1:], _CTX_SIZE)

    def update(self, data: bytes | memoryview) -> None:
        assert _LIB is not None
        if isinstance(data, bytes):
            _LIB.SHA256_Update(self._ctx, data, len(data))
            return
        # A read-only view (a slice of the received message) has no ctypes pointer;
        # numpy exposes its address without copying.
        view = np.frombuffer(data, dtype=np.uint8)
        if view.size:
            _LIB.SHA256_Update(self._ctx, view.ctypes.data, view.size)

    def state(self) -> bytes:
        return _STATE_VERSION + self._ctx.raw

    def hexdigest(self) -> str:
        assert _LIB is not None
        copy = ctypes.create_string_buffer(self._ctx.raw, _CTX_SIZE)
        out = ctypes.create_string_buffer(32)
        _LIB.SHA256_Final(out, copy)
        return out.raw.hex()


class _HashlibSha256:
    def __init__(self) -> None:
        self._h = hashlib.sha256()

    def update(self, data: bytes | memoryview) -> None:
        self._h.update(data)

    def state(self) -> bytes | None:
        return None

    def hexdigest(self) -> str:
        return self._h.hexdigest()


def sha256(state: bytes | None = None) -> ResumableHash:
    """A new SHA-256, or one continuing from a saved `state()`."""
    if _LIB is None:
        if state is not None:
            raise ValueError("cannot restore a hash state without libcrypto")
        return _HashlibSha256()
    if state is not None and (len(state) != _CTX_SIZE + 1 or state[:1] != _STATE_VERSION):
        raise ValueError("unrecognised hash state")
    return _OpenSslSha256(state)
