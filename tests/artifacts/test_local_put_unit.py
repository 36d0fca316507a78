"""The local folder's one-write put (small one-call uploads): atomic replacement,
nothing left staged, and the startup sweep of puts a crash interrupted."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from cairn_server.domain.errors import FailedPrecondition
from cairn_server.storage.blobs.local import ORPHAN_PUT_SECONDS, PUT_PREFIX, LocalBlobStore


def staged(root: Path) -> list[str]:
    return sorted(os.listdir(root / ".uploads"))


def test_put_stores_and_replaces_atomically(tmp_path: Path) -> None:
    store = LocalBlobStore(str(tmp_path))
    store.put("e/r/artifacts/a/b.txt", [b"hello ", memoryview(b"world")], "text/plain")
    assert (tmp_path / "e/r/artifacts/a/b.txt").read_bytes() == b"hello world"
    store.put("e/r/artifacts/a/b.txt", [b"v2"], "text/plain")
    assert (tmp_path / "e/r/artifacts/a/b.txt").read_bytes() == b"v2"
    store.put("e/r/artifacts/empty", [], "")
    assert (tmp_path / "e/r/artifacts/empty").read_bytes() == b""
    assert staged(tmp_path) == []


def test_a_refused_put_leaves_nothing_staged(tmp_path: Path) -> None:
    store = LocalBlobStore(str(tmp_path))
    store.put("e/r/artifacts/f", [b"file"], "")
    with pytest.raises(FailedPrecondition):
        store.put("e/r/artifacts/f/under", [b"x"], "")
    (tmp_path / "e/r/artifacts/d").mkdir()
    with pytest.raises(FailedPrecondition):
        store.put("e/r/artifacts/d", [b"x"], "")
    assert staged(tmp_path) == []
    assert (tmp_path / "e/r/artifacts/f").read_bytes() == b"file"


def test_startup_sweeps_only_old_interrupted_puts(tmp_path: Path) -> None:
    LocalBlobStore(str(tmp_path))
    uploads = tmp_path / ".uploads"
    old = time.time() - ORPHAN_PUT_SECONDS - 60
    for name in (PUT_PREFIX + "old", PUT_PREFIX + "recent", "0123456789abcdefghjkmnpqrs"):
        (uploads / name).write_bytes(b"x")
    os.utime(uploads / (PUT_PREFIX + "old"), (old, old))
    # A resumable upload's staging file is never swept, however old: its record decides.
    os.utime(uploads / "0123456789abcdefghjkmnpqrs", (old, old))
    LocalBlobStore(str(tmp_path))
    assert staged(tmp_path) == ["0123456789abcdefghjkmnpqrs", PUT_PREFIX + "recent"]
