"""Drop-behind for files streamed once: the server's local artifact folder (uploads
written, downloads read) and the SDK's file transfers.

A multi-GiB artifact passing through should not fill the page cache and evict what is
hot there (the database's pages, first of all). `DropBehind` keeps a sequential
stream's cached bytes to a window behind its position, as `dd oflag=nocache` and
PostgreSQL's ring buffers for bulk reads do:

- writing: after each STEP of new bytes it starts their writeback
  (`sync_file_range(SYNC_FILE_RANGE_WRITE)`, which does not wait); bytes more than
  WINDOW behind the position are waited for (their writeback is long under way by
  then) and dropped (`posix_fadvise(POSIX_FADV_DONTNEED)`, which only drops clean
  pages).
- reading: the file is read with POSIX_FADV_SEQUENTIAL (a larger readahead) and bytes
  more than WINDOW behind are dropped.

Files up to WINDOW are never dropped, and the last WINDOW of a bigger one stays cached.
Dropping only ever evicts clean pages, so what a reader sees never changes; the file's
durability does not either (`fsync` still decides that).

It also saves CPU: a stream that keeps its footprint small fills the cache with pages
freed a moment ago instead of taking new ones. On the dev VM (a Firecracker guest whose
balloon driver hands free pages back to the host) every newly used page faults on the
host, and 1 GiB written in 8 MiB writes took 1.3-2.3 s of system CPU plainly against
0.5-0.6 s with write-behind; 1 GiB read from disk 0.9 s against 0.1-0.2 s.

Linux only (`sync_file_range` is Linux's); elsewhere `DropBehind` does nothing, and
reads keep only the readahead hint where `posix_fadvise` exists. A file system that
refuses the calls (EINVAL, ESPIPE, ENOSYS, EOPNOTSUPP) turns it off for that file;
writeback errors (EIO, ENOSPC) are raised as OSError, as a later fsync would.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import stat
from collections.abc import Callable

MiB = 1024 * 1024
# Bytes behind the stream's position that stay cached: files up to this size are never
# dropped. Twice the 32 MiB of readahead/writeback a fast disk keeps busy, and small
# next to the page cache of any server.
WINDOW = 64 * MiB
# Writeback is started, and bytes are dropped, in pieces of this size (two 4 MiB chunks).
STEP = 8 * MiB

# sync_file_range() flags (linux/fs.h)
WAIT_BEFORE = 1
WRITE = 2
WAIT_AFTER = 4

_UNSUPPORTED = frozenset({errno.EINVAL, errno.ESPIPE, errno.ENOSYS, errno.EOPNOTSUPP})


def _load_sync_file_range() -> Callable[[int, int, int, int], int] | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        fn = libc.sync_file_range
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn


_sync_file_range = _load_sync_file_range()
_fadvise: Callable[[int, int, int, int], None] | None = getattr(os, "posix_fadvise", None)


def supported(*, write: bool) -> bool:
    """Whether this platform can drop a written (both calls) or read (fadvise) stream."""
    return _fadvise is not None and (_sync_file_range is not None or not write)


def sync_range(fd: int, offset: int, count: int, flags: int) -> None:
    """sync_file_range(2); raises OSError like the os module's calls do."""
    assert _sync_file_range is not None
    if _sync_file_range(fd, offset, count, flags) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))


class DropBehind:
    """Keeps the cached bytes of a file written (`write=True`) or read sequentially from
    `start` to about `window` behind the position. Call `advance(pos)` after each write
    or read that ended at `pos`. Not thread-safe: one stream owns it."""

    def __init__(
        self,
        fd: int,
        start: int,
        *,
        write: bool,
        window: int | None = None,
        step: int | None = None,
    ) -> None:
        self._fd = fd
        self._write = write
        self._window = WINDOW if window is None else window
        self._step = STEP if step is None else step
        self._started = start  # writeback started up to here (writes)
        self._dropped = start  # dropped up to here
        self.enabled = supported(write=write) and stat.S_ISREG(os.fstat(fd).st_mode)
        if self.enabled and not write:
            self._advise(start, 0, os.POSIX_FADV_SEQUENTIAL)

    def advance(self, pos: int) -> None:
        if not self.enabled:
            return
        if self._write and pos - self._started >= self._step:
            self._sync(self._started, pos - self._started, WRITE)
            self._started = pos
        # Whole steps only, on multiples of the step (the kernel keeps partial pages).
        end = (pos - self._window) // self._step * self._step
        if end <= self._dropped:
            return
        if self._write:
            self._sync(self._dropped, end - self._dropped, WAIT_BEFORE | WRITE | WAIT_AFTER)
        self._advise(self._dropped, end - self._dropped, os.POSIX_FADV_DONTNEED)
        self._dropped = end

    def _sync(self, offset: int, count: int, flags: int) -> None:
        if not self.enabled:
            return
        try:
            sync_range(self._fd, offset, count, flags)
        except OSError as exc:
            if exc.errno not in _UNSUPPORTED:
                raise
            self.enabled = False

    def _advise(self, offset: int, count: int, advice: int) -> None:
        if not self.enabled or _fadvise is None:
            return
        try:
            _fadvise(self._fd, offset, count, advice)
        except OSError:
            self.enabled = False  # only ever a hint
