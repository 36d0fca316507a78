"""cairn.pagecache.DropBehind: which byte ranges it flushes and drops, that the bytes
stay right, that the pages really leave the cache (Linux), and that it does nothing
where the calls are missing or refused."""

from __future__ import annotations

import ctypes
import errno
import itertools
import mmap
import os
import sys
from pathlib import Path

import pytest

from cairn import pagecache
from cairn.pagecache import WAIT_AFTER, WAIT_BEFORE, WRITE, DropBehind

KiB = 1024
MiB = 1024 * KiB
WINDOW = 1 * MiB
STEP = 256 * KiB
CHUNK = 100 * KiB  # not a divisor of the step: drops must still land on whole steps

Call = tuple[str, int, int, int]


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[Call]:
    """Records sync_file_range and posix_fadvise calls (and still makes them, where
    the platform has them)."""
    seen: list[Call] = []
    real_sync = pagecache.sync_range
    real_fadvise = pagecache._fadvise

    def sync(fd: int, offset: int, count: int, flags: int) -> None:
        seen.append(("sync", offset, count, flags))
        if pagecache._sync_file_range is not None:
            real_sync(fd, offset, count, flags)

    def fadvise(fd: int, offset: int, count: int, advice: int) -> None:
        seen.append(("fadvise", offset, count, advice))
        if real_fadvise is not None:
            real_fadvise(fd, offset, count, advice)

    monkeypatch.setattr(pagecache, "sync_range", sync)
    monkeypatch.setattr(pagecache, "_fadvise", fadvise)
    monkeypatch.setattr(pagecache, "_sync_file_range", pagecache._sync_file_range or sync)
    return seen


def _write(path: Path, data: bytes, start: int = 0) -> None:
    """Writes data[start:] at `start` in CHUNK writes, as the stores do."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        os.lseek(fd, start, os.SEEK_SET)
        behind = DropBehind(fd, start, write=True, window=WINDOW, step=STEP)
        pos = start
        while pos < len(data):
            pos += os.write(fd, data[pos : pos + CHUNK])
            behind.advance(pos)
    finally:
        os.close(fd)


def _read(path: Path, start: int, end: int) -> bytes:
    out = bytearray()
    fd = os.open(path, os.O_RDONLY)
    try:
        behind = DropBehind(fd, start, write=False, window=WINDOW, step=STEP)
        pos = start
        while pos < end:
            chunk = os.pread(fd, min(CHUNK, end - pos), pos)
            out += chunk
            pos += len(chunk)
            behind.advance(pos)
    finally:
        os.close(fd)
    return bytes(out)


def _dropped(calls: list[Call]) -> list[tuple[int, int]]:
    return [
        (offset, offset + count)
        for kind, offset, count, advice in calls
        if kind == "fadvise" and advice == os.POSIX_FADV_DONTNEED
    ]


needs_fadvise = pytest.mark.skipif(
    not hasattr(os, "posix_fadvise"), reason="no posix_fadvise on this platform"
)


@needs_fadvise
def test_files_up_to_the_window_are_never_dropped(tmp_path: Path, calls: list[Call]) -> None:
    data = os.urandom(WINDOW)
    _write(tmp_path / "f", data)
    assert _read(tmp_path / "f", 0, len(data)) == data
    assert _dropped(calls) == []
    # Writeback was started for each step written, without waiting.
    started = [(o, c) for kind, o, c, flags in calls if kind == "sync" and flags == WRITE]
    assert sum(c for _, c in started) >= WINDOW - STEP


@needs_fadvise
def test_writes_flush_then_drop_whole_steps_behind_the_window(
    tmp_path: Path, calls: list[Call]
) -> None:
    data = os.urandom(5 * MiB + 12345)
    _write(tmp_path / "f", data)
    assert (tmp_path / "f").read_bytes() == data
    dropped = _dropped(calls)
    # Contiguous from the start, on multiples of the step, ending at most a window
    # (plus a step) behind the end.
    assert dropped[0][0] == 0
    assert all(a[1] == b[0] for a, b in itertools.pairwise(dropped))
    assert all(end % STEP == 0 for _, end in dropped)
    assert len(data) - WINDOW - STEP < dropped[-1][1] <= len(data) - WINDOW
    # Every range is written back and waited for just before it is dropped.
    for offset, end in dropped:
        i = calls.index(("fadvise", offset, end - offset, os.POSIX_FADV_DONTNEED))
        assert calls[i - 1] == ("sync", offset, end - offset, WAIT_BEFORE | WRITE | WAIT_AFTER)


@needs_fadvise
def test_a_resumed_write_and_a_ranged_read_start_at_their_offset(
    tmp_path: Path, calls: list[Call]
) -> None:
    data = os.urandom(6 * MiB)
    committed = 2 * MiB + 3  # a resume point, or a range's offset
    (tmp_path / "f").write_bytes(data[:committed])
    _write(tmp_path / "f", data, start=committed)
    assert (tmp_path / "f").read_bytes() == data
    assert _dropped(calls)[0][0] == committed
    assert min(offset for _, offset, _, _ in calls) >= committed
    calls.clear()
    start, end = 1 * MiB + 7, 5 * MiB - 9
    assert _read(tmp_path / "f", start, end) == data[start:end]
    assert calls[0] == ("fadvise", start, 0, os.POSIX_FADV_SEQUENTIAL)
    dropped = _dropped(calls)
    assert dropped[0][0] == start
    assert end - WINDOW - STEP < dropped[-1][1] <= end - WINDOW


def _resident(path: Path) -> list[bool]:
    """mincore(2): which pages of the file are in the page cache (mapping the file does
    not read it in)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mmap.argtypes = [
        ctypes.c_void_p,
        ctypes.c_size_t,
        ctypes.c_int,
        ctypes.c_int,
        ctypes.c_int,
        ctypes.c_int64,
    ]
    libc.mmap.restype = ctypes.c_void_p
    libc.mincore.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p]
    libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    size = path.stat().st_size
    vec = (ctypes.c_ubyte * ((size + mmap.PAGESIZE - 1) // mmap.PAGESIZE))()
    fd = os.open(path, os.O_RDONLY)
    try:
        address = libc.mmap(None, size, mmap.PROT_READ, mmap.MAP_SHARED, fd, 0)
        assert address not in (None, ctypes.c_void_p(-1).value), ctypes.get_errno()
        try:
            assert libc.mincore(address, size, vec) == 0, ctypes.get_errno()
        finally:
            libc.munmap(address, size)
    finally:
        os.close(fd)
    return [bool(v & 1) for v in vec]


@pytest.mark.skipif(sys.platform != "linux", reason="drop-behind is Linux's")
def test_pages_behind_the_window_leave_the_cache(tmp_path: Path) -> None:
    path = tmp_path / "f"
    data = os.urandom(8 * MiB)
    _write(path, data)
    resident = _resident(path)
    page = mmap.PAGESIZE
    behind = resident[: (len(data) - WINDOW - STEP) // page]
    recent = resident[(len(data) - WINDOW) // page :]
    # Clean pages are dropped reliably; allow a few pinned by someone else.
    assert sum(behind) <= len(behind) // 10
    assert sum(recent) >= len(recent) * 9 // 10


def test_no_op_without_sync_file_range_or_fadvise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pagecache, "_sync_file_range", None)
    data = os.urandom(3 * MiB)
    with (tmp_path / "f").open("wb", buffering=0) as f:
        behind = DropBehind(f.fileno(), 0, write=True, window=WINDOW, step=STEP)
        assert not behind.enabled
        f.write(data)
        behind.advance(len(data))
    assert not pagecache.supported(write=True)
    monkeypatch.setattr(pagecache, "_fadvise", None)
    assert not pagecache.supported(write=False)
    assert _read(tmp_path / "f", 0, len(data)) == data


@needs_fadvise
def test_no_op_on_a_pipe(calls: list[Call]) -> None:
    r, w = os.pipe()
    try:
        assert not DropBehind(w, 0, write=True).enabled
        assert not DropBehind(r, 0, write=False).enabled
    finally:
        os.close(r)
        os.close(w)
    assert calls == []


@needs_fadvise
def test_refused_calls_turn_it_off_but_writeback_errors_are_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failure = [errno.EINVAL]

    def sync(fd: int, offset: int, count: int, flags: int) -> None:
        raise OSError(failure[0], os.strerror(failure[0]))

    monkeypatch.setattr(pagecache, "sync_range", sync)
    monkeypatch.setattr(pagecache, "_sync_file_range", sync)
    with (tmp_path / "f").open("wb", buffering=0) as f:
        behind = DropBehind(f.fileno(), 0, write=True, window=WINDOW, step=STEP)
        assert behind.enabled
        f.write(os.urandom(STEP))
        behind.advance(STEP)  # EINVAL: the file system does not support it
        assert not behind.enabled
        behind.advance(4 * MiB)  # and it stays off
        failure[0] = errno.EIO
        behind = DropBehind(f.fileno(), 0, write=True, window=WINDOW, step=STEP)
        with pytest.raises(OSError) as raised:
            behind.advance(STEP)
        assert raised.value.errno == errno.EIO
