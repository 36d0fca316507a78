"""Background metric streaming with exactly-once effect.

`log` only appends to in-memory columns. A sender thread cuts them into sequenced
messages (by size, or every `flush_interval`), keeps at most `max_inflight` of them
unacknowledged, sends them over one StreamMetrics call, and drops each only when the
server acks it (acks mean "durably committed"). On a retryable failure it reconnects
with exponential backoff and jitter and resends everything unacknowledged; the
server recognises what it already committed. With a spool directory every message
is also written to a local log first, so a killed process can resume, and
`offline=True` only writes the log, for `cairn sync` to upload later."""

from __future__ import annotations

import logging
import queue
import random
import threading
import time
import uuid
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import grpc
import numpy as np
import numpy.typing as npt

from cairn import _wire
from cairn.errors import CairnError, from_rpc_error
from cairn.spool import Spool
from cairn.v1 import tracking_service_pb2 as pb

log = logging.getLogger("cairn.streamer")

RETRYABLE = {
    grpc.StatusCode.UNAVAILABLE,
    grpc.StatusCode.DEADLINE_EXCEEDED,
    grpc.StatusCode.INTERNAL,
    grpc.StatusCode.UNKNOWN,
    grpc.StatusCode.CANCELLED,
}
_STOP = object()


@dataclass
class _Columns:
    steps: list[int] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    stamps: list[int] = field(default_factory=list)
    arrays: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.int64]]] = (
        field(default_factory=list)
    )

    def __len__(self) -> int:
        return len(self.steps) + sum(int(a[0].shape[0]) for a in self.arrays)

    def take(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.int64]]:
        parts = list(self.arrays)
        if self.steps:
            parts.append(
                (
                    np.array(self.steps, dtype=np.int64),
                    np.array(self.values, dtype=np.float64),
                    np.array(self.stamps, dtype=np.int64),
                )
            )
        self.steps, self.values, self.stamps, self.arrays = [], [], [], []
        if len(parts) == 1:
            return parts[0]
        return (
            np.concatenate([p[0] for p in parts]),
            np.concatenate([p[1] for p in parts]),
            np.concatenate([p[2] for p in parts]),
        )


@dataclass
class StreamerStats:
    points_logged: int = 0
    points_acked: int = 0
    points_dropped: int = 0
    messages_sent: int = 0
    reconnects: int = 0


class MetricStreamer:
    """Streams metric points for any number of runs over one sequenced stream."""

    def __init__(
        self,
        channel: grpc.Channel,
        *,
        stream_id: str | None = None,
        address: str = "",
        metadata: tuple[tuple[str, str], ...] = (),
        batch_points: int = 50_000,
        flush_interval: float = 1.0,
        max_inflight: int = 16,
        max_buffered_points: int = 2_000_000,
        on_full: Literal["block", "drop"] = "block",
        spool_dir: Path | str | None = None,
        spool_fsync: bool = False,
        offline: bool = False,
        max_backoff: float = 10.0,
    ) -> None:
        self._channel = channel
        self._metadata = metadata
        self._batch_points = batch_points
        self._flush_interval = flush_interval
        self._max_inflight = max_inflight
        self._max_buffered = max_buffered_points
        self._on_full = on_full
        self._offline = offline
        self._max_backoff = max_backoff
        self._call = channel.stream_stream(
            "/cairn.v1.TrackingService/StreamMetrics",
            request_serializer=lambda b: b,
            response_deserializer=pb.StreamMetricsResponse.FromString,
        )
        self.stats = StreamerStats()
        self._cv = threading.Condition()
        self._buffers: dict[tuple[str, str], _Columns] = {}
        self._buffered = 0
        # (seq, StreamData bytes, points): cut but not yet acknowledged.
        self._unacked: deque[tuple[int, bytes, int]] = deque()
        self._acked_seq = 0
        self._cut_requested = False
        self._closing = False
        self._fatal: CairnError | None = None
        self._outbox: queue.Queue[object] | None = None
        self._connected = False
        self._generation = 0
        # Epoch of our last open; a reconnect must find exactly the next one, or
        # another writer opened this stream in between.
        self._epoch: int | None = None
        # The last seq numbered before this streamer started (what a resumed spool
        # holds): a server that holds more makes the messages numbered since move up.
        self._resumed_last = 0
        self._outage_logged = False

        self.spool: Spool | None = None
        if spool_dir is not None or offline:
            directory = Path(spool_dir) if spool_dir else default_spool_dir(stream_id)
            self.spool = Spool(directory, stream_id or uuid.uuid4().hex, address)
            self.stream_id = self.spool.stream_id
            self._acked_seq = self.spool.acked_seq()
            for seq, body in self.spool.pending():
                self._unacked.append((seq, body, _count_points(body)))
            self._next_seq = (self._unacked[-1][0] if self._unacked else self._acked_seq) + 1
            self._resumed_last = self._next_seq - 1
        else:
            self.stream_id = stream_id or uuid.uuid4().hex
            self._next_seq = 1
        self._thread = threading.Thread(target=self._run, name="cairn-streamer", daemon=True)
        self._thread.start()

    # -- logging (never touches the network) ------------------------------------

    def log(
        self, run_id: str, key: str, value: float, step: int, timestamp_millis: int | None = None
    ) -> None:
        ts = timestamp_millis if timestamp_millis is not None else time.time_ns() // 1_000_000
        with self._cv:
            if not self._make_room(1):
                return
            cols = self._buffers.get((run_id, key))
            if cols is None:
                cols = self._buffers[(run_id, key)] = _Columns()
            cols.steps.append(step)
            cols.values.append(value)
            cols.stamps.append(ts)
            self._after_append(1)

    def log_many(
        self,
        run_id: str,
        metrics: Mapping[str, float],
        step: int,
        timestamp_millis: int | None = None,
    ) -> None:
        for key, value in metrics.items():
            self.log(run_id, key, float(value), step, timestamp_millis)

    def log_batch(
        self,
        run_id: str,
        key: str,
        steps: Any,
        values: Any,
        timestamps_millis: Any = None,
    ) -> None:
        """Logs a columnar block (numpy arrays or sequences) without per-point overhead."""
        s = np.asarray(steps, dtype=np.int64)
        v = np.asarray(values, dtype=np.float64)
        if s.shape != v.shape or s.ndim != 1:
            raise ValueError("steps and values must be 1-D and of the same length")
        if timestamps_millis is None:
            t = np.full(s.shape[0], time.time_ns() // 1_000_000, dtype=np.int64)
        else:
            t = np.asarray(timestamps_millis, dtype=np.int64)
            if t.shape != s.shape:
                raise ValueError("timestamps_millis must match steps in length")
        n = int(s.shape[0])
        with self._cv:
            if not self._make_room(n):
                return
            cols = self._buffers.get((run_id, key))
            if cols is None:
                cols = self._buffers[(run_id, key)] = _Columns()
            cols.arrays.append((s, v, t))
            self._after_append(n)

    def _make_room(self, n: int) -> bool:
        self._raise_if_failed()
        if self._closing:
            raise RuntimeError("the metric streamer is closed")
        while self._buffered + n > self._max_buffered and self._buffered > 0:
            if self._on_full == "drop":
                self.stats.points_dropped += n
                return False
            self._cut_requested = True
            self._cv.notify_all()
            self._cv.wait(0.5)
            self._raise_if_failed()
        return True

    def _after_append(self, n: int) -> None:
        self._buffered += n
        self.stats.points_logged += n
        if self._buffered >= self._batch_points:
            self._cv.notify_all()

    def _raise_if_failed(self) -> None:
        if self._fatal is not None:
            raise self._fatal

    # -- flushing ----------------------------------------------------------------

    def flush(self, timeout: float | None = 60.0) -> None:
        """Sends everything logged so far and waits until the server has committed it
        (offline: until it is in the spool). Raises CairnError if the stream failed,
        TimeoutError if acks don't arrive in time (the data stays queued, and spooled
        if a spool is in use)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cv:
            self._cut_requested = True
            self._cv.notify_all()
            while True:
                self._raise_if_failed()
                if (
                    not self._buffered
                    and not self._cut_requested
                    and (self._offline or self._acked_seq >= self._next_seq - 1)
                ):
                    return
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    raise TimeoutError(
                        f"metric stream {self.stream_id}: {len(self._unacked)} messages not "
                        f"acknowledged within {timeout}s"
                    )
                self._cv.wait(0.05 if remaining is None else min(0.05, remaining))

    def close(self, timeout: float | None = 60.0) -> None:
        """Flushes, then stops the sender. Unacknowledged messages stay in the spool (if
        any) for `cairn sync`."""
        try:
            self.flush(timeout)
        finally:
            with self._cv:
                self._closing = True
                self._cv.notify_all()
            self._thread.join(timeout=10)
            with self._cv:
                outbox, self._outbox, self._connected = self._outbox, None, False
                self._generation += 1  # errors of the finished call are now stale
            if outbox is not None:
                outbox.put(_STOP)  # half-close: the server ends the call cleanly
            if self.spool is not None:
                self.spool.close(remove_if_done=not self._offline and not self._unacked)

    @property
    def unacked_messages(self) -> int:
        with self._cv:
            return len(self._unacked)

    @property
    def last_seq(self) -> int:
        with self._cv:
            return self._next_seq - 1

    def cut(self) -> None:
        """Packages everything logged so far into a message now, without waiting."""
        with self._cv:
            self._cut_requested = True
            self._cv.notify_all()
            while self._cut_requested and self._fatal is None and not self._closing:
                self._cv.wait(0.05)

    # -- the sender thread ---------------------------------------------------------

    def _cut_message(self, *, ignore_window: bool = False) -> None:
        """Turns the buffers into sequenced messages of at most `batch_points` points,
        while the in-flight window has room; what does not fit stays buffered (caller
        holds the lock)."""
        pending = [(rk, cols.take()) for rk, cols in self._buffers.items() if len(cols)]
        self._buffers.clear()
        self._buffered = 0
        batches: list[bytes] = []
        points = 0
        for index, ((run_id, key), (steps, values, stamps)) in enumerate(pending):
            start, n = 0, int(steps.shape[0])
            while start < n:
                window_full = len(self._unacked) >= self._max_inflight
                if not (self._offline or ignore_window) and window_full:
                    self._requeue(run_id, key, steps[start:], values[start:], stamps[start:])
                    for (rid, k), arrays in pending[index + 1 :]:
                        self._requeue(rid, k, *arrays)
                    return
                end = min(n, start + self._batch_points - points)
                batches.append(
                    _wire.metric_batch(
                        run_id, key, steps[start:end], values[start:end], stamps[start:end]
                    )
                )
                points += end - start
                start = end
                if points >= self._batch_points:
                    self._emit(batches, points)
                    batches, points = [], 0
        if batches:
            self._emit(batches, points)

    def _requeue(self, run_id: str, key: str, steps: Any, values: Any, stamps: Any) -> None:
        cols = self._buffers.setdefault((run_id, key), _Columns())
        cols.arrays.append((steps, values, stamps))
        self._buffered += int(steps.shape[0])

    def _emit(self, batches: list[bytes], points: int) -> None:
        seq = self._next_seq
        body = _wire.stream_data(seq, batches)
        if self.spool is not None:
            self.spool.append(seq, body)
        self._next_seq += 1
        if self._offline:
            return  # kept on disk only, for `cairn sync`
        self._unacked.append((seq, body, points))
        if self._outbox is not None and self._connected:
            self._outbox.put(_wire.data_request(body))
            self.stats.messages_sent += 1

    def _run(self) -> None:
        backoff = 0.1
        last_cut = time.monotonic()
        while True:
            with self._cv:
                if self._closing:
                    # Whatever flush() could not deliver goes into messages (and so
                    # into the spool, if any) before the thread ends.
                    if self._buffered and self._fatal is None:
                        self._cut_message(ignore_window=True)
                    return
            if not self._offline and not self._connected and self._fatal is None:
                with self._cv:
                    has_work = bool(self._unacked or self._buffered or self._cut_requested)
                if has_work and not self._connect():
                    self.stats.reconnects += 1
                    delay = backoff * (0.5 + random.random())
                    backoff = min(backoff * 2, self._max_backoff)
                    with self._cv:
                        self._cv.wait(delay)
                    continue
                backoff = 0.1
            with self._cv:
                full = len(self._unacked) >= self._max_inflight
                due = (
                    self._buffered >= self._batch_points
                    or self._cut_requested
                    or (self._buffered and time.monotonic() - last_cut >= self._flush_interval)
                    or self._closing
                )
                if due and (not full or self._offline):
                    self._cut_message()
                    # A cut stopped by a full window continues once acks make room.
                    self._cut_requested = self._cut_requested and self._buffered > 0
                    last_cut = time.monotonic()
                    self._cv.notify_all()
                    continue
                if self._fatal is not None:
                    self._buffers.clear()
                    self._buffered = 0
                    self._cut_requested = False
                    self._cv.notify_all()
                    if self._closing:
                        return
                self._cv.wait(min(self._flush_interval, 0.05 if self._cut_requested else 0.25))

    def _requests(self, outbox: queue.Queue[object]) -> Iterator[bytes]:
        while True:
            item = outbox.get()
            if item is _STOP:
                return
            assert isinstance(item, bytes)
            yield item

    def _connect(self) -> bool:
        outbox: queue.Queue[object] = queue.Queue()
        outbox.put(_wire.open_request(self.stream_id))
        try:
            responses = self._call(self._requests(outbox), metadata=self._metadata)
            first = next(cast(Iterator[pb.StreamMetricsResponse], responses))
        except ValueError:  # the channel was closed under us: nothing more to send
            outbox.put(_STOP)
            with self._cv:
                self._closing = True
                self._cv.notify_all()
            return False
        except grpc.RpcError as exc:
            outbox.put(_STOP)
            self._on_error(exc, self._generation)
            return False
        except StopIteration:
            outbox.put(_STOP)
            return False
        opened = first.opened
        committed = opened.last_committed_seq
        with self._cv:
            if self._epoch is not None and opened.epoch != self._epoch + 1:
                outbox.put(_STOP)
                self._fatal = CairnError(
                    grpc.StatusCode.ABORTED,
                    f"metric stream {self.stream_id} was opened by another writer since this "
                    "one last connected; stopping so the two do not interleave",
                    reason="STREAM_FENCED",
                )
                self._cv.notify_all()
                return False
            if self._epoch is None and committed > self._resumed_last:
                self._rebase(committed)
            self._epoch = opened.epoch
            self._ack(committed, duplicate=True)
            for _seq, body, _points in self._unacked:
                outbox.put(_wire.data_request(body))
                self.stats.messages_sent += 1
            self._outbox = outbox
            self._connected = True
            self._outage_logged = False
            self._generation += 1
            generation = self._generation
            self._cv.notify_all()
        threading.Thread(
            target=self._read_acks,
            args=(responses, outbox, generation),
            name="cairn-acks",
            daemon=True,
        ).start()
        return True

    def _rebase(self, committed: int) -> None:
        """The server holds more of this stream than this streamer numbered from: a new
        writer reusing a stream_id, or a spool whose tail a machine crash lost (without
        fsync) after the server had committed it. The messages numbered since move up to
        follow what is committed instead of being mistaken for resends (and dropped);
        the resumed ones are committed already."""
        start = self._resumed_last
        shift = committed - start
        resumed = [m for m in self._unacked if m[0] <= start]
        renumbered = [
            (seq + shift, _wire.renumber(body, seq + shift), points)
            for seq, body, points in self._unacked
            if seq > start
        ]
        self._unacked = deque(resumed + renumbered)
        self._next_seq += shift
        if self.spool is not None:
            self.spool.rebase(committed, [(seq, body) for seq, body, _ in renumbered])

    def _read_acks(self, responses: Any, outbox: queue.Queue[object], generation: int) -> None:
        try:
            for response in responses:
                if response.WhichOneof("message") == "ack":
                    with self._cv:
                        self._ack(response.ack.acked_seq, duplicate=response.ack.duplicate)
                        self._cv.notify_all()
            # The server ended the stream cleanly: reconnect if anything is pending.
            with self._cv:
                if generation == self._generation:
                    self._connected = False
                self._cv.notify_all()
        except grpc.RpcError as exc:
            self._on_error(exc, generation)
        finally:
            outbox.put(_STOP)

    def _ack(self, seq: int, *, duplicate: bool) -> None:
        while self._unacked and self._unacked[0][0] <= seq:
            _, _, points = self._unacked.popleft()
            self.stats.points_acked += points
        if seq > self._acked_seq:
            self._acked_seq = seq
            if self.spool is not None:
                self.spool.mark_acked(seq)

    def _on_error(self, exc: grpc.RpcError, generation: int) -> None:
        error = from_rpc_error(exc)
        with self._cv:
            if generation != self._generation:
                return  # a late error from a connection already replaced
            self._connected = False
            self._outbox = None
            if error.code not in RETRYABLE:
                log.error("metric stream %s failed: %s", self.stream_id, error)
                self._fatal = error
            elif not self._closing:
                # Once per outage at WARNING; the failed retries that follow at DEBUG.
                log.log(
                    logging.DEBUG if self._outage_logged else logging.WARNING,
                    "metric stream %s interrupted (%s); reconnecting",
                    self.stream_id,
                    error.code.name,
                )
                self._outage_logged = True
            self._cv.notify_all()


def _count_points(stream_data: bytes) -> int:
    msg = pb.StreamData.FromString(stream_data)
    return sum(len(b.steps) for b in msg.batches)


def default_spool_dir(stream_id: str | None) -> Path:
    import os

    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "cairn" / "spool" / (stream_id or uuid.uuid4().hex)
