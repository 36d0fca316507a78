"""Metric use cases: validating batches into chunks, committing them (unary calls
and sequenced streams, through one group-committing writer), and reading history."""

from __future__ import annotations

import hashlib
import itertools
import logging
import queue
import threading
from collections.abc import Callable, Generator, Hashable, Iterator, Mapping, Sequence
from concurrent.futures import Future
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from cairn_server.domain import metrics as m
from cairn_server.domain import validation as v
from cairn_server.domain.entities import Lifecycle, MetricSummary, RunStatus
from cairn_server.domain.errors import (
    Aborted,
    CairnError,
    InvalidArgument,
    NotFound,
    ResourceExhausted,
)
from cairn_server.domain.ids import now_millis
from cairn_server.services.tracking import check_writable, require_run
from cairn_server.storage.ports import IdempotencyRepository, TrackingRepository
from cairn_server.storage.sql.metric_repository import ChunkMeta

log = logging.getLogger(__name__)

MAX_POINTS_PER_CALL = 1_000_000
MAX_POINTS_PER_STREAM_MESSAGE = 4_000_000
# Points fetched from the database at once by a history read (~24 MB of arrays).
HISTORY_FETCH_POINTS = 1_000_000
MAX_BATCHES_PER_CALL = 10_000
MAX_STREAM_ID_LENGTH = 128


class MetricRepository(Protocol):
    def write_chunks(self, chunks: Sequence[m.Chunk]) -> None: ...
    def chunk_metas(
        self, run_id: str, key: str, start: int | None, end: int | None
    ) -> list[ChunkMeta]: ...
    def chunk_arrays(
        self, chunk_ids: Sequence[int]
    ) -> Iterator[tuple[int, bytes, bytes, bytes]]: ...
    def summaries(self, run_id: str) -> list[MetricSummary]: ...
    def open_stream(self, stream_id: str, now: int) -> tuple[int, int]: ...
    def open_streams(self, stream_ids: Sequence[str], now: int) -> dict[str, tuple[int, int]]: ...
    def stream_state(self, stream_id: str) -> tuple[int, int] | None: ...
    def advance_stream(
        self, stream_id: str, epoch: int, expected_seq: int, new_seq: int, now: int
    ) -> bool: ...
    def advance_streams(self, moves: Sequence[tuple[str, int, int, int]], now: int) -> int: ...


class MetricUnitOfWork(Protocol):
    tracking: TrackingRepository
    idempotency: IdempotencyRepository
    metrics: MetricRepository

    def savepoint(self) -> AbstractContextManager[object]: ...


class MetricUowFactory(Protocol):
    def __call__(self, *, readonly: bool = False) -> AbstractContextManager[MetricUnitOfWork]: ...


@dataclass
class BatchInput:
    run_id: str
    key: str
    steps: m.I64
    values: m.F64
    timestamps: m.I64


def build_chunks(
    batches: Sequence[BatchInput], now: int, max_points: int, field: str = "batches"
) -> list[m.Chunk]:
    """Validates every batch (all or nothing) and turns each into a chunk."""
    if not batches:
        raise InvalidArgument("at least one metric batch is required", field=field)
    if len(batches) > MAX_BATCHES_PER_CALL:
        raise ResourceExhausted(
            f"{len(batches)} batches in one message; the maximum is {MAX_BATCHES_PER_CALL}"
        )
    total = sum(int(b.steps.shape[0]) for b in batches)
    if total > max_points:
        raise ResourceExhausted(
            f"{total} points in one message; the maximum is {max_points}: send smaller messages"
        )
    chunks = []
    for i, b in enumerate(batches):
        points = m.parse_batch(
            f"{field}[{i}]", b.run_id, b.key, b.steps, b.values, b.timestamps, now
        )
        chunks.append(m.build_chunk(b.run_id, b.key, points))
    return chunks


def check_runs_writable(tracking: TrackingRepository, run_ids: set[str]) -> None:
    check_states_writable(tracking.run_states(run_ids), run_ids)


def check_states_writable(
    states: Mapping[str, tuple[RunStatus, Lifecycle]], run_ids: set[str]
) -> None:
    for run_id in sorted(run_ids):
        state = states.get(run_id)
        if state is None:
            raise NotFound("run", run_id)
        check_writable(run_id, *state)


def check_stream_id(stream_id: str) -> None:
    if not stream_id:
        raise InvalidArgument("open.stream_id is required", field="open.stream_id")
    if len(stream_id) > MAX_STREAM_ID_LENGTH or not all(
        c.isascii() and (c.isalnum() or c in "_-.:") for c in stream_id
    ):
        raise InvalidArgument(
            "stream_id must be 1-128 characters of letters, digits and '_-.:'",
            field="open.stream_id",
        )


# -- the writer -------------------------------------------------------------------


@dataclass
class StreamMessage:
    seq: int
    chunks: list[m.Chunk]

    @property
    def points(self) -> int:
        return sum(len(c.points) for c in self.chunks)


@dataclass
class StreamCommit:
    """Messages of one stream, consecutive from expected_seq + 1."""

    stream_id: str
    epoch: int
    expected_seq: int
    messages: list[StreamMessage]


@dataclass
class StreamCommitResult:
    committed_seq: int
    points_written: int
    # Set when a message could not be stored; everything before it was committed.
    error: CairnError | None = None


@dataclass
class _Job:
    work: Callable[[MetricUnitOfWork], object]
    # Jobs of one kind queued together may run as one batch (see GroupCommitWriter).
    batch: Hashable | None = None
    item: object = None
    future: Future[object] = field(default_factory=Future)


class BatchFallback(Exception):
    """A batch handler's way to say: run these jobs one at a time instead."""


# Runs the items of several jobs in one go, returning one result per item; raises
# BatchFallback (or any error) to have the jobs run one by one.
BatchHandler = Callable[[MetricUnitOfWork, list[Any]], list[object]]


class GroupCommitWriter:
    """Runs writes on dedicated threads, folding every job queued at the moment into one
    transaction (each job in its own savepoint, so one job's failure spares the rest).
    Under load this turns many small commits into few large ones."""

    def __init__(self, uow: MetricUowFactory, threads: int = 1, max_jobs: int = 256) -> None:
        self._uow = uow
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._max_jobs = max_jobs
        self._batchers: dict[Hashable, BatchHandler] = {}
        self._threads = [
            threading.Thread(target=self._loop, name=f"cairn-writer-{i}", daemon=True)
            for i in range(threads)
        ]
        for t in self._threads:
            t.start()

    def submit(
        self,
        work: Callable[[MetricUnitOfWork], object],
        batch: Hashable | None = None,
        item: object = None,
    ) -> Future[object]:
        """Queues `work`. With a `batch` kind registered by register_batch, jobs of that
        kind that meet in one transaction are handed to its handler together (their
        `item`s), which saves per-job statements; `work` is the fallback."""
        job = _Job(work, batch, item)
        self._queue.put(job)
        return job.future

    def register_batch(self, kind: Hashable, handler: BatchHandler) -> None:
        self._batchers[kind] = handler

    def close(self) -> None:
        for _ in self._threads:
            self._queue.put(None)
        for t in self._threads:
            t.join(timeout=10)

    def _loop(self) -> None:
        while True:
            jobs, stop = self._next_batch()
            if jobs:
                self._run(jobs)
            # Drop the batch before waiting for the next: its messages' arrays would
            # otherwise stay alive for as long as the queue is empty.
            del jobs
            if stop:
                return

    def _next_batch(self) -> tuple[list[_Job], bool]:
        """Every job queued at the moment (at least one; at most max_jobs), and whether
        close() was called. A caller that went away (a cancelled stream) may have
        cancelled its future while the job waited: such jobs are dropped, and the rest
        can no longer be cancelled, so setting their results cannot fail."""
        job = self._queue.get()
        if job is None:
            return [], True
        jobs, stop = [job], False
        while len(jobs) < self._max_jobs:
            try:
                nxt = self._queue.get_nowait()
            except queue.Empty:
                break
            if nxt is None:
                stop = True
                break
            jobs.append(nxt)
        return [j for j in jobs if j.future.set_running_or_notify_cancel()], stop

    def _run(self, jobs: list[_Job]) -> None:
        results: list[tuple[_Job, object, BaseException | None]] = []
        batches: dict[Hashable, list[_Job]] = {}
        for job in jobs:
            if job.batch is not None and job.batch in self._batchers:
                batches.setdefault(job.batch, []).append(job)
        try:
            with self._uow() as uow:
                done: set[int] = set()
                for kind, group in batches.items():
                    if len(group) < 2:
                        continue
                    try:
                        with uow.savepoint():
                            values = self._batchers[kind](uow, [j.item for j in group])
                    except (BatchFallback, CairnError):
                        continue  # each job runs alone below and meets its own fate
                    results.extend(
                        (job, value, None) for job, value in zip(group, values, strict=True)
                    )
                    done.update(id(job) for job in group)
                for job in jobs:
                    if id(job) in done:
                        continue
                    try:
                        with uow.savepoint():
                            results.append((job, job.work(uow), None))
                    except CairnError as exc:
                        results.append((job, None, exc))
        except BaseException as exc:  # the commit itself failed: nothing was stored
            for job in jobs:
                if not job.future.done():
                    job.future.set_exception(exc)
            return
        for job, value, error in results:
            if error is not None:
                job.future.set_exception(error)
            else:
                job.future.set_result(value)


class MetricsService:
    def __init__(
        self,
        uow: MetricUowFactory,
        writer: GroupCommitWriter,
        clock: Callable[[], int] = now_millis,
    ) -> None:
        self._uow = uow
        self._writer = writer
        self._clock = clock
        writer.register_batch("stream", self._commit_streams)
        writer.register_batch("open", self._open_streams)
        # Called with the number of points each committed write stored (observability).
        self.on_points_committed: Callable[[int], object] | None = None

    def now(self) -> int:
        return self._clock()

    # -- unary logging ----------------------------------------------------------

    def log_metrics(self, batches: Sequence[BatchInput], request_id: str = "") -> Future[object]:
        """Validates, then hands the write to the group-commit writer. The future
        resolves to the number of points written."""
        v.check_request_id(request_id)
        chunks = build_chunks(batches, self._clock(), MAX_POINTS_PER_CALL)
        request_hash = ""
        if request_id:
            digest = hashlib.sha256()
            for c in chunks:
                digest.update(f"{c.run_id}\0{c.key}\0".encode())
                digest.update(c.points.steps.tobytes())
                digest.update(c.points.values.tobytes())
            request_hash = digest.hexdigest()
        points = sum(len(c.points) for c in chunks)
        stored = 0  # stays 0 when a request_id replay stores nothing

        def work(uow: MetricUnitOfWork) -> int:
            nonlocal stored
            if request_id:
                prior = uow.idempotency.get("LogMetrics", request_id)
                if prior is not None:
                    if prior[0] != request_hash:
                        raise InvalidArgument(
                            f"request_id '{request_id}' was already used for a different "
                            "LogMetrics request",
                            field="request_id",
                            reason="REQUEST_ID_REUSED",
                        )
                    return int(prior[1])
            check_runs_writable(uow.tracking, {c.run_id for c in chunks})
            uow.metrics.write_chunks(chunks)
            if request_id:
                uow.idempotency.put(
                    "LogMetrics", request_id, request_hash, str(points), self._clock()
                )
            stored = points
            return points

        return self._count_committed(self._writer.submit(work), lambda _: stored)

    # -- streams ---------------------------------------------------------------

    def open_stream(self, stream_id: str) -> Future[object]:
        """Opens (or takes over) a stream: a future of (last committed seq, epoch). It
        rides the group commit, so hundreds of workers starting at once cost a few
        transactions rather than one each."""
        check_stream_id(stream_id)
        now = self._clock()
        return self._writer.submit(
            lambda uow: uow.metrics.open_stream(stream_id, now), batch="open", item=stream_id
        )

    def _open_streams(self, uow: MetricUnitOfWork, stream_ids: list[str]) -> list[object]:
        if len(set(stream_ids)) != len(stream_ids):
            raise BatchFallback  # the same stream twice: the later open must fence the first
        opened = uow.metrics.open_streams(stream_ids, self._clock())
        return [opened[sid] for sid in stream_ids]

    def prepare_message(self, seq: int, batches: Sequence[BatchInput]) -> StreamMessage:
        return StreamMessage(
            seq, build_chunks(batches, self._clock(), MAX_POINTS_PER_STREAM_MESSAGE, "data.batches")
        )

    def _commit_streams(self, uow: MetricUnitOfWork, commits: list[StreamCommit]) -> list[object]:
        """Many streams' commits with one run-state query, one checkpoint update and
        one chunk insert, instead of a few statements per stream. Same outcome as
        committing each alone; if any stream turns out fenced, BatchFallback."""
        states = uow.tracking.run_states(
            {c.run_id for commit in commits for msg in commit.messages for c in msg.chunks}
        )
        results: list[object] = []
        moves: list[tuple[str, int, int, int]] = []
        chunks: list[m.Chunk] = []
        for commit in commits:
            seq, written, error = commit.expected_seq, 0, None
            for msg in commit.messages:
                try:
                    check_states_writable(states, {c.run_id for c in msg.chunks})
                except CairnError as exc:
                    error = exc
                    break
                chunks.extend(msg.chunks)
                seq = msg.seq
                written += msg.points
            if seq != commit.expected_seq:
                moves.append((commit.stream_id, commit.epoch, commit.expected_seq, seq))
            results.append(StreamCommitResult(seq, written, error))
        if moves and uow.metrics.advance_streams(moves, self._clock()) != len(moves):
            raise BatchFallback
        uow.metrics.write_chunks(chunks)
        return results

    def commit_stream(self, commit: StreamCommit) -> Future[object]:
        """Stores the messages and advances the checkpoint in one transaction. A
        message whose runs cannot take writes stops the commit there; the messages
        before it are stored and the error is returned in the result."""

        def work(uow: MetricUnitOfWork) -> StreamCommitResult:
            seq = commit.expected_seq
            written = 0
            error: CairnError | None = None
            for msg in commit.messages:
                try:
                    check_runs_writable(uow.tracking, {c.run_id for c in msg.chunks})
                except CairnError as exc:
                    error = exc
                    break
                uow.metrics.write_chunks(msg.chunks)
                seq = msg.seq
                written += msg.points
            if seq != commit.expected_seq and not uow.metrics.advance_stream(
                commit.stream_id, commit.epoch, commit.expected_seq, seq, self._clock()
            ):
                raise Aborted(
                    f"stream '{commit.stream_id}' was opened by a newer connection; "
                    "this connection is fenced and its unacknowledged messages were not stored",
                    reason="STREAM_FENCED",
                )
            return StreamCommitResult(seq, written, error)

        return self._count_committed(
            self._writer.submit(work, batch="stream", item=commit),
            lambda result: result.points_written if isinstance(result, StreamCommitResult) else 0,
        )

    def _count_committed(
        self, future: Future[object], points: Callable[[object], int]
    ) -> Future[object]:
        """Reports the points a write stored once its transaction has committed."""
        hook = self.on_points_committed
        if hook is not None:

            def done(f: Future[object]) -> None:
                if not f.cancelled() and f.exception() is None:
                    n = points(f.result())
                    if n:
                        hook(n)

            future.add_done_callback(done)
        return future

    # -- reads -------------------------------------------------------------------

    def list_metric_keys(self, run_id: str) -> list[MetricSummary]:
        with self._uow(readonly=True) as uow:
            require_run(uow.tracking, run_id)
            return uow.metrics.summaries(run_id)

    def history(
        self,
        run_id: str,
        key: str,
        start: int | None,
        end: int | None,
        max_points: int,
        *,
        part_points: int = 65_536,
    ) -> Generator[tuple[bytes, bytes, bytes] | m.Points, None, None]:
        """Yields the history in step order, as raw packed arrays when chunks can be
        sent as stored, else as Points."""
        v.check_key(key, "key", "metric key")
        m.check_max_points(max_points)
        if start is not None and end is not None and end < start:
            raise InvalidArgument(f"end_step {end} is before start_step {start}", field="end_step")
        with self._uow(readonly=True) as uow:
            require_run(uow.tracking, run_id)
            metas = uow.metrics.chunk_metas(run_id, key, start, end)
            if not metas:
                return
            by_step = sorted(metas, key=lambda c: (c.min_step, c.chunk_id))
            # The common case (one writer, increasing steps): chunks are sorted and do
            # not overlap, so step order is chunk order and nothing needs merging.
            disjoint = all(c.is_sorted for c in by_step) and all(
                a.max_step < b.min_step for a, b in itertools.pairwise(by_step)
            )

            def inside(c: ChunkMeta) -> bool:
                return (start is None or c.min_step >= start) and (end is None or c.max_step <= end)

            if disjoint and not max_points:
                for meta, steps, values, ts in _fetched(uow.metrics, by_step):
                    if inside(meta):
                        yield steps, values, ts
                    else:
                        yield m.clip(m.decode(steps, values, ts), start, end)
                return
            if (
                disjoint
                and all(inside(c) for c in by_step)
                and sum(c.point_count for c in by_step) > max_points
                and len(by_step) >= max_points // 4
            ):
                # More chunks than buckets: their summaries alone give the shape.
                yield m.summaries_downsample(
                    [(c.min_step, c.max_step, c.summary) for c in by_step], max_points
                )
                return
            chunks = (
                (meta.chunk_id, meta.min_step, m.decode(steps, values, ts))
                for meta, steps, values, ts in _fetched(uow.metrics, by_step)
            )
            in_order = (
                (points for _, _, points in chunks)
                if disjoint
                else m.merge_in_order(chunks, part_points)
            )
            parts = (part for p in in_order if len(part := m.clip(p, start, end)))
            if not max_points:
                yield from parts
                return
            bounds = _step_bounds(uow.metrics, by_step, start, end)
            if bounds is None:
                return
            points = m.downsample_parts(parts, *bounds, max_points)
        for i in range(0, len(points), part_points):
            yield points.take(slice(i, i + part_points))


def _fetched(
    metrics: MetricRepository, metas: Sequence[ChunkMeta]
) -> Iterator[tuple[ChunkMeta, bytes, bytes, bytes]]:
    """Each chunk's packed steps, values and timestamps, in the order given, fetched
    about HISTORY_FETCH_POINTS at a time (a bigger chunk alone), so a history read
    holds one such group of arrays at a time, not the whole history."""
    group: list[ChunkMeta] = []
    points = 0
    for meta in metas:
        if group and points + meta.point_count > HISTORY_FETCH_POINTS:
            yield from _arrays(metrics, group)
            group, points = [], 0
        group.append(meta)
        points += meta.point_count
    if group:
        yield from _arrays(metrics, group)


def _arrays(
    metrics: MetricRepository, group: list[ChunkMeta]
) -> Iterator[tuple[ChunkMeta, bytes, bytes, bytes]]:
    arrays = metrics.chunk_arrays([c.chunk_id for c in group])
    for meta, (_, steps, values, ts) in zip(group, arrays, strict=True):
        yield meta, steps, values, ts


def _step_bounds(
    metrics: MetricRepository, by_step: Sequence[ChunkMeta], start: int | None, end: int | None
) -> tuple[int, int] | None:
    """The first and last step stored in [start, end], from the chunks' step ranges,
    reading only chunks that reach past an end of the range; None if there is none."""
    lo: int | None = None
    hi: int | None = None
    straddling = []
    for c in by_step:
        if (start is not None and c.min_step < start) or (end is not None and c.max_step > end):
            straddling.append(c)
        else:
            lo = c.min_step if lo is None else min(lo, c.min_step)
            hi = c.max_step if hi is None else max(hi, c.max_step)
    for _, raw_steps, values, ts in _fetched(metrics, straddling):
        steps = m.clip(m.merge([m.decode(raw_steps, values, ts)]), start, end).steps
        if steps.shape[0]:
            lo = int(steps[0]) if lo is None else min(lo, int(steps[0]))
            hi = int(steps[-1]) if hi is None else max(hi, int(steps[-1]))
    return None if lo is None or hi is None else (lo, hi)


def as_arrays(steps: object, values: object, timestamps: object) -> tuple[m.I64, m.F64, m.I64]:
    """Converts protobuf repeated fields (or any sequences) to numpy arrays."""
    return (
        np.asarray(steps, dtype=np.int64),
        np.asarray(values, dtype=np.float64),
        np.asarray(timestamps, dtype=np.int64),
    )
