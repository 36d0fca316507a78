"""The streamer's local log: every sequenced message is appended here before it is
sent, and the highest acknowledged seq is recorded as acks arrive. A process killed
mid-run, or one that never reached the server, leaves a spool that a new streamer
(or `cairn sync DIR`) resends; the server's per-stream dedup makes that exactly-once.

Layout: meta.json ({"stream_id", "address"}), acked (decimal seq), and segments
NNNNNNNNNNNN.log of records [seq u64][length u32][crc32 u32][StreamData bytes]."""

from __future__ import annotations

import itertools
import json
import os
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

HEADER = struct.Struct("<QII")
SEGMENT_BYTES = 64 * 1024 * 1024


class Spool:
    def __init__(
        self, directory: Path, stream_id: str, address: str, *, fsync: bool = False
    ) -> None:
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        meta = self.dir / "meta.json"
        if meta.exists():
            data = json.loads(meta.read_text())
            self.stream_id = str(data["stream_id"])
            self.address = str(data.get("address", address))
        else:
            self.stream_id, self.address = stream_id, address
            tmp = meta.with_suffix(".tmp")
            tmp.write_text(json.dumps({"stream_id": stream_id, "address": address}))
            os.replace(tmp, meta)
        self.existed = (meta.exists() and any(self.dir.glob("*.log"))) or self.acked_seq() > 0
        self.fsync = fsync
        self._file: int | None = None
        self._file_bytes = 0
        self._acked_written = self.acked_seq()

    @staticmethod
    def exists(directory: Path) -> bool:
        return (Path(directory) / "meta.json").exists()

    def acked_seq(self) -> int:
        try:
            return int((self.dir / "acked").read_text().strip() or 0)
        except FileNotFoundError:
            return 0

    def _segments(self) -> list[Path]:
        return sorted(self.dir.glob("*.log"))

    def pending(self) -> Iterator[tuple[int, bytes]]:
        """Messages after the acked seq, in order. A torn record at the end of the
        last segment (the process died mid-write) is cut off."""
        acked = self.acked_seq()
        for segment in self._segments():
            data = segment.read_bytes()
            pos = 0
            while pos < len(data):
                if pos + HEADER.size > len(data):
                    self._cut(segment, pos)  # a torn header
                    break
                seq, length, crc = HEADER.unpack_from(data, pos)
                body = data[pos + HEADER.size : pos + HEADER.size + length]
                if len(body) < length or zlib.crc32(body) != crc:
                    self._cut(segment, pos)
                    break
                pos += HEADER.size + length
                if seq > acked:
                    yield seq, body

    @staticmethod
    def _cut(segment: Path, size: int) -> None:
        """Truncates a torn record, so that a later append to the same segment (the
        next seq can name the same file) does not land behind it."""
        with open(segment, "r+b") as f:
            f.truncate(size)

    def last_seq(self) -> int:
        last = self.acked_seq()
        for seq, _ in self.pending():
            last = seq
        return last

    def append(self, seq: int, body: bytes) -> None:
        if self._file is None or self._file_bytes >= SEGMENT_BYTES:
            self._roll(seq)
        assert self._file is not None
        record = HEADER.pack(seq, len(body), zlib.crc32(body)) + body
        os.write(self._file, record)
        self._file_bytes += len(record)
        if self.fsync:
            os.fsync(self._file)

    def _roll(self, seq: int) -> None:
        if self._file is not None:
            os.close(self._file)
        path = self.dir / f"{seq:012d}.log"
        self._file = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        self._file_bytes = os.fstat(self._file).st_size

    def mark_acked(self, seq: int) -> None:
        if seq <= self._acked_written:
            return
        tmp = self.dir / "acked.tmp"
        tmp.write_text(str(seq))
        os.replace(tmp, self.dir / "acked")
        self._acked_written = seq
        # Segments whose successor starts at or below the acked seq are fully acked.
        segments = self._segments()
        for current, following in itertools.pairwise(segments):
            if int(following.stem) <= seq + 1 and (
                self._file is None or current.stem != self._open_stem()
            ):
                current.unlink(missing_ok=True)

    def _open_stem(self) -> str:
        segments = self._segments()
        return segments[-1].stem if segments else ""

    def rebase(self, acked: int, messages: list[tuple[int, bytes]]) -> None:
        """Rewrites the log after the server assigned this stream a later start."""
        if self._file is not None:
            os.close(self._file)
            self._file = None
        for segment in self._segments():
            segment.unlink()
        self._acked_written = -1
        self.mark_acked(acked)
        for seq, body in messages:
            self.append(seq, body)

    def close(self, *, remove_if_done: bool = False) -> None:
        if self._file is not None:
            os.close(self._file)
            self._file = None
        if remove_if_done and self.last_seq() <= self.acked_seq():
            for path in self.dir.iterdir():
                path.unlink(missing_ok=True)
            self.dir.rmdir()
