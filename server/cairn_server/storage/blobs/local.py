"""The local-folder backend. Objects are files under the root; unfinished uploads are
files in `<root>/.uploads/` (outside every run's prefix, so never listed or served).

Every path is walked one segment at a time from a descriptor of the root with
O_NOFOLLOW|O_DIRECTORY and `dir_fd`, so a symbolic link anywhere below the root (put
there by anyone) is refused instead of followed, and no check-then-open race exists.
Renames, unlinks and stats also go through directory descriptors and never follow a
final symlink.

Uploads are written, and downloads read, with drop-behind (cairn.pagecache): a big
artifact keeps only its last 64 MiB in the page cache instead of evicting what is hot.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress

from cairn.pagecache import DropBehind
from cairn_server.domain.artifacts import Part
from cairn_server.domain.errors import (
    Aborted,
    DataLoss,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    Unimplemented,
)
from cairn_server.storage.blobs.base import Checkpoint

STAGING_DIR = ".uploads"
# Staged files of small one-write puts; a crash can leave one behind, with no record.
PUT_PREFIX = "put-"
# Swept at startup once this old (other server processes may be writing theirs now).
ORPHAN_PUT_SECONDS = 3600
# How often an upload's progress is checkpointed (and, with fsync, flushed to disk).
CHECKPOINT_BYTES = 64 * 1024 * 1024
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
# A staged file is always new: never an existing file, never through a symlink.
_NEW_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def _write_all(fd: int, data: bytes | memoryview) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _symlink_error(key: str) -> InvalidArgument:
    return InvalidArgument(
        f"artifact path '{key}' crosses a symbolic link in the store; refusing to follow it",
        field="path",
        reason="SYMLINK_REFUSED",
    )


class LocalBlobStore:
    kind = "local"

    def __init__(self, root: str, *, fsync: bool = False) -> None:
        # The root itself is configuration, trusted and resolved once; below it
        # nothing is resolved again.
        os.makedirs(root, exist_ok=True)
        self.root = os.path.realpath(root)
        # fsync=False makes committed bytes survive a crash of the server process (the
        # kernel's page cache keeps them), as SQLite's synchronous=NORMAL does; True
        # also survives power loss, at the disk's sync speed.
        self.fsync = fsync
        os.makedirs(os.path.join(self.root, STAGING_DIR), exist_ok=True)
        self._sweep_puts()

    # -- safe path walking ----------------------------------------------------

    @contextmanager
    def _dir(self, segments: list[str], key: str, *, create: bool) -> Iterator[int]:
        """A descriptor of the directory `segments` below the root, never following
        a symlink; creates missing directories when `create`."""
        fd = os.open(self.root, _DIR_FLAGS)
        try:
            for seg in segments:
                try:
                    child = os.open(seg, _DIR_FLAGS, dir_fd=fd)
                except FileNotFoundError:
                    if not create:
                        raise NotFound("artifact", key) from None
                    with suppress(FileExistsError):
                        os.mkdir(seg, 0o755, dir_fd=fd)
                    child = self._open_child_dir(seg, fd, key)
                except OSError as exc:
                    raise self._walk_error(exc, seg, fd, key) from None
                os.close(fd)
                fd = child
            yield fd
        finally:
            os.close(fd)

    def _open_child_dir(self, seg: str, fd: int, key: str) -> int:
        try:
            return os.open(seg, _DIR_FLAGS, dir_fd=fd)
        except OSError as exc:
            raise self._walk_error(exc, seg, fd, key) from None

    @staticmethod
    def _walk_error(exc: OSError, seg: str, fd: int, key: str) -> Exception:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            try:
                if stat.S_ISLNK(os.stat(seg, dir_fd=fd, follow_symlinks=False).st_mode):
                    return _symlink_error(key)
            except OSError:
                pass
            return FailedPrecondition(
                f"artifact path '{key}' needs '{seg}' to be a directory, but it is a file",
                reason="PATH_CONFLICT",
            )
        return exc

    @staticmethod
    def _split(key: str) -> tuple[list[str], str]:
        *dirs, name = key.split("/")
        return dirs, name

    # -- uploads ------------------------------------------------------------

    def create_staging(self, upload_id: str, key: str, content_type: str) -> str:
        with self._dir([STAGING_DIR], key, create=True) as sfd:
            fd = os.open(upload_id, _NEW_FILE_FLAGS, 0o644, dir_fd=sfd)
            os.close(fd)
        return ""

    def open_writer(
        self, upload_id: str, key: str, token: str, committed: int, parts: list[Part]
    ) -> _LocalWriter:
        with self._dir([STAGING_DIR], key, create=False) as sfd:
            try:
                fd = os.open(upload_id, os.O_WRONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=sfd)
            except FileNotFoundError:
                raise DataLoss(
                    f"the staged bytes of upload '{upload_id}' are gone; start a new upload",
                    reason="STAGING_LOST",
                ) from None
        return _LocalWriter(fd, upload_id, committed, fsync=self.fsync)

    def complete(
        self, upload_id: str, key: str, token: str, parts: list[Part], size_bytes: int
    ) -> None:
        if self.fsync:
            with self._dir([STAGING_DIR], key, create=False) as sfd:
                fd = os.open(upload_id, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=sfd)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
        try:
            self._publish(upload_id, key)
        except FileNotFoundError:
            if self.size(key) == size_bytes:
                return
            raise DataLoss(
                f"the staged bytes of '{key}' are gone; start a new upload",
                reason="STAGING_LOST",
            ) from None

    def _publish(self, staged: str, key: str) -> None:
        """Renames the staged file `staged` to the object at `key`, atomically."""
        dirs, name = self._split(key)
        with (
            self._dir([STAGING_DIR], key, create=False) as sfd,
            self._dir(dirs, key, create=True) as dfd,
        ):
            try:
                # rename() replaces a final symlink itself rather than following it.
                os.rename(staged, name, src_dir_fd=sfd, dst_dir_fd=dfd)
            except IsADirectoryError:
                raise FailedPrecondition(
                    f"artifact path '{key}' is a directory", reason="PATH_CONFLICT"
                ) from None
            if self.fsync:
                os.fsync(dfd)

    def put(self, key: str, chunks: Sequence[bytes | memoryview], content_type: str) -> None:
        staged = PUT_PREFIX + uuid.uuid4().hex
        with self._dir([STAGING_DIR], key, create=True) as sfd:
            fd = os.open(staged, _NEW_FILE_FLAGS, 0o644, dir_fd=sfd)
            try:
                for chunk in chunks:
                    _write_all(fd, chunk)
                if self.fsync:
                    os.fsync(fd)
                os.close(fd)
                fd = -1
                self._publish(staged, key)
            except BaseException:
                if fd >= 0:
                    os.close(fd)
                with suppress(FileNotFoundError):
                    os.unlink(staged, dir_fd=sfd)
                raise

    def _sweep_puts(self) -> None:
        """Removes the files of puts that a crash interrupted (they have no record)."""
        cutoff = time.time() - ORPHAN_PUT_SECONDS
        with self._dir([STAGING_DIR], STAGING_DIR, create=True) as sfd:
            for entry in os.scandir(sfd):
                if not entry.name.startswith(PUT_PREFIX):
                    continue
                with suppress(FileNotFoundError):
                    if entry.stat(follow_symlinks=False).st_mtime < cutoff:
                        os.unlink(entry.name, dir_fd=sfd)

    def abort(self, upload_id: str, key: str, token: str) -> None:
        with self._dir([STAGING_DIR], key, create=True) as sfd, suppress(FileNotFoundError):
            os.unlink(upload_id, dir_fd=sfd)

    # -- objects ------------------------------------------------------------

    def open_reader(self, key: str, offset: int, length: int) -> _LocalReader:
        dirs, name = self._split(key)
        with self._dir(dirs, key, create=False) as dfd:
            try:
                fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=dfd)
            except FileNotFoundError:
                raise NotFound("artifact", key) from None
            except OSError as exc:
                raise self._walk_error(exc, name, dfd, key) from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise FailedPrecondition(f"'{key}' is not a file", reason="PATH_CONFLICT")
        return _LocalReader(fd, offset, length)

    def size(self, key: str) -> int | None:
        dirs, name = self._split(key)
        try:
            with self._dir(dirs, key, create=False) as dfd:
                st = os.stat(name, dir_fd=dfd, follow_symlinks=False)
        except (NotFound, FileNotFoundError):
            return None
        return st.st_size if stat.S_ISREG(st.st_mode) else None

    def delete(self, keys: list[str]) -> None:
        for key in keys:
            dirs, name = self._split(key)
            try:
                with self._dir(dirs, key, create=False) as dfd, suppress(FileNotFoundError):
                    os.unlink(name, dir_fd=dfd)
            except NotFound:
                continue
            self._prune(dirs)

    def _prune(self, dirs: list[str]) -> None:
        """Removes directories left empty, up to the run's artifact folder (3 levels),
        so the folder mirrors the records as an S3 bucket would."""
        for depth in range(len(dirs), 3, -1):
            parent, child = dirs[: depth - 1], dirs[depth - 1]
            try:
                with self._dir(parent, child, create=False) as pfd:
                    os.rmdir(child, dir_fd=pfd)
            except (OSError, NotFound, InvalidArgument, FailedPrecondition):
                return

    def presign(self, key: str, method: str, expires_seconds: int) -> str:
        raise Unimplemented(
            "presigned URLs need an object store; this server keeps artifacts in a local "
            "folder: stream them with UploadArtifact/DownloadArtifact instead"
        )


class _LocalWriter:
    def __init__(self, fd: int, upload_id: str, committed: int, *, fsync: bool) -> None:
        self._fd = fd
        self._fsync = fsync
        self._pending = 0
        self._offset = committed
        try:
            # One stream per upload at a time, also across server processes on a host.
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise Aborted(
                f"upload '{upload_id}' is being written by another stream; retry later"
            ) from None
        if os.fstat(fd).st_size < committed:
            os.close(fd)
            raise DataLoss(
                f"the staged bytes of upload '{upload_id}' are shorter than committed; "
                "start a new upload",
                reason="STAGING_LOST",
            )
        # Bytes past the last checkpoint were never acknowledged: the client resends them.
        # (Only truncate when needed: ext4 flushes files truncated then closed.)
        if os.fstat(fd).st_size > committed:
            os.ftruncate(fd, committed)
        os.lseek(fd, committed, os.SEEK_SET)
        self._behind = DropBehind(fd, committed, write=True)

    def write(self, data: bytes | memoryview) -> Checkpoint | None:
        _write_all(self._fd, data)
        self._pending += len(data)
        self._offset += len(data)
        self._behind.advance(self._offset)
        return self._checkpoint() if self._pending >= CHECKPOINT_BYTES else None

    def _checkpoint(self) -> Checkpoint:
        if self._fsync:
            os.fdatasync(self._fd)
        self._pending = 0
        return Checkpoint(self._offset, [])

    def cut(self) -> bool:
        return False  # checkpoints are reported by the write that makes them

    def flush(self, final: bool) -> Checkpoint | None:
        return self._checkpoint() if self._pending or final else None

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


class _LocalReader:
    def __init__(self, fd: int, offset: int, length: int) -> None:
        self._fd = fd
        self._pos = offset
        self._end = offset + length
        self._behind = DropBehind(fd, offset, write=False)

    def read(self, size: int) -> bytes:
        size = min(size, self._end - self._pos)
        if size <= 0:
            return b""
        data = os.pread(self._fd, size, self._pos)
        if not data:
            raise DataLoss("the artifact's file is shorter than its record")
        self._pos += len(data)
        self._behind.advance(self._pos)
        return data

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
