"""The checkpointable SHA-256 (no server)."""

from __future__ import annotations

import hashlib
import os

import pytest

from cairn_server.storage.blobs import digest


def test_state_round_trip_matches_hashlib() -> None:
    if not digest.checkpointing_available():
        pytest.skip("libcrypto not loadable here")
    data = os.urandom(3 * 1024 * 1024 + 17)
    h = digest.sha256()
    h.update(data[:1000])
    saved = h.state()
    assert saved is not None
    resumed = digest.sha256(saved)  # as after a server restart
    resumed.update(memoryview(data)[1000:])  # read-only views, as uploads pass them
    assert resumed.hexdigest() == hashlib.sha256(data).hexdigest()
    # hexdigest() does not finalise the running state.
    h.update(data[1000:])
    assert h.hexdigest() == hashlib.sha256(data).hexdigest()
    assert h.hexdigest() == resumed.hexdigest()


def test_foreign_state_is_refused() -> None:
    with pytest.raises(ValueError):
        digest.sha256(b"\x02" + b"\x00" * 112)
    with pytest.raises(ValueError):
        digest.sha256(b"short")
