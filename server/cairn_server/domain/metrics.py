"""Metric points as columnar numpy arrays: validation, chunk summaries, merging of
overlapping chunks, and shape-keeping downsampling. Pure functions, no I/O.

Rules (documented in metric.proto):
- NaN and ±Inf are stored as sent; they are left out of min/max.
- When a step was logged more than once, the point that arrived last wins.
- Downsampling keeps, per step bucket, the first, min, max and last point."""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from cairn_server.domain import validation as v
from cairn_server.domain.errors import InvalidArgument

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]

MIN_MAX_POINTS = 4
MAX_MAX_POINTS = 100_000
SUMMARY_DTYPE = np.dtype([("step", "<i8"), ("value", "<f8"), ("ts", "<i8")])


@dataclass
class Points:
    steps: I64
    values: F64
    timestamps: I64

    def __len__(self) -> int:
        return int(self.steps.shape[0])

    @staticmethod
    def empty() -> Points:
        return Points(np.empty(0, np.int64), np.empty(0, np.float64), np.empty(0, np.int64))

    def take(self, index: npt.NDArray[np.intp] | slice) -> Points:
        return Points(self.steps[index], self.values[index], self.timestamps[index])


@dataclass
class Chunk:
    """One stored block of points of one (run, key), with what search and reads need."""

    run_id: str
    key: str
    points: Points
    min_step: int
    max_step: int
    min_value: float | None
    max_value: float | None
    is_sorted: bool
    summary: bytes
    # The latest point by (step, timestamp, arrival): the candidate for latest_metrics.
    latest_step: int
    latest_value: float
    latest_timestamp: int


def parse_batch(
    field: str, run_id: str, key: str, steps: I64, values: F64, timestamps: I64, now: int
) -> Points:
    """Checks one columnar batch and returns its points (timestamps filled in)."""
    v.check_id(run_id, f"{field}.run_id", "run_id")
    v.check_key(key, f"{field}.key", "metric key")
    n = steps.shape[0]
    if n == 0:
        raise InvalidArgument(f"batch for metric '{key}' has no points", field=f"{field}.steps")
    if values.shape[0] != n:
        raise InvalidArgument(
            f"batch for metric '{key}' has {n} steps but {values.shape[0]} values; "
            "the arrays must be the same length",
            field=f"{field}.values",
        )
    if timestamps.shape[0] not in (0, n):
        raise InvalidArgument(
            f"batch for metric '{key}' has {n} steps but {timestamps.shape[0]} timestamps; "
            "send none (server time) or one per point",
            field=f"{field}.timestamps_millis",
        )
    if int(steps.min()) < 0:
        raise InvalidArgument(
            f"batch for metric '{key}' has a negative step ({int(steps.min())}); "
            "steps must be 0 or more",
            field=f"{field}.steps",
        )
    if timestamps.shape[0] == 0:
        timestamps = np.full(n, now, dtype=np.int64)
    elif int(timestamps.min()) < 0:
        raise InvalidArgument(
            f"batch for metric '{key}' has a negative timestamp", field=f"{field}.timestamps_millis"
        )
    return Points(steps, values, timestamps)


def build_chunk(run_id: str, key: str, points: Points) -> Chunk:
    steps, values, ts = points.steps, points.values, points.timestamps
    n = len(points)
    is_sorted = bool(n < 2 or np.all(steps[1:] > steps[:-1]))
    if is_sorted:
        first, last = 0, n - 1
        min_step, max_step = int(steps[0]), int(steps[-1])
        # Sorted and strictly increasing: the last point is the latest by step.
        latest = last
    else:
        first = int(np.argmin(steps))
        last = int(np.argmax(steps))
        min_step, max_step = int(steps[first]), int(steps[last])
        # Latest: largest step, then largest timestamp, then arrival order.
        order = np.lexsort((np.arange(n), ts, steps))
        latest = int(order[-1])
        # At a repeated step the point arriving last wins, as on read.
        last = int(np.flatnonzero(steps == max_step)[-1])
        first_candidates = np.flatnonzero(steps == min_step)
        first = int(first_candidates[-1])
    finite = np.isfinite(values)
    if finite.all():
        imin, imax = int(np.argmin(values)), int(np.argmax(values))
    elif finite.any():
        idx = np.flatnonzero(finite)
        imin = int(idx[np.argmin(values[idx])])
        imax = int(idx[np.argmax(values[idx])])
    else:
        imin = imax = first
    summary = np.empty(4, SUMMARY_DTYPE)
    for slot, i in enumerate((first, imin, imax, last)):
        summary[slot] = (steps[i], values[i], ts[i])
    has_finite = bool(finite.any())
    return Chunk(
        run_id=run_id,
        key=key,
        points=points,
        min_step=min_step,
        max_step=max_step,
        min_value=float(values[imin]) if has_finite else None,
        max_value=float(values[imax]) if has_finite else None,
        is_sorted=is_sorted,
        summary=summary.tobytes(),
        latest_step=int(steps[latest]),
        latest_value=float(values[latest]),
        latest_timestamp=int(ts[latest]),
    )


# Integer columns whose values step by a constant (training steps, one timestamp for
# a whole batch) are stored as (first, stride): 16 bytes instead of 8 per point.
AFFINE = struct.Struct("<qq")


def encode_ints(column: I64) -> tuple[bytes, bool]:
    """Returns (blob, affine)."""
    n = column.shape[0]
    if n >= 2:
        stride = int(column[1]) - int(column[0])
        if np.all(np.diff(column) == stride):
            return AFFINE.pack(int(column[0]), stride), True
    return column.astype("<i8", copy=False).tobytes(), False


def decode_ints(blob: bytes, affine: bool, count: int) -> I64:
    if affine:
        first, stride = AFFINE.unpack(blob)
        column: I64 = np.arange(count, dtype=np.int64) * stride + first
        return column
    return np.frombuffer(blob, "<i8")


def decode(steps: bytes, values: bytes, timestamps: bytes) -> Points:
    """Points from plain packed little-endian arrays."""
    return Points(
        np.frombuffer(steps, "<i8"), np.frombuffer(values, "<f8"), np.frombuffer(timestamps, "<i8")
    )


def merge(parts: list[Points]) -> Points:
    """Merges chunks given in arrival order into step order; for a repeated step the
    point from the later chunk (or later in its chunk) wins."""
    if not parts:
        return Points.empty()
    if len(parts) == 1 and (len(parts[0]) < 2 or np.all(parts[0].steps[1:] > parts[0].steps[:-1])):
        return parts[0]
    whole = concat(parts)
    steps, values, ts = whole.steps, whole.values, whole.timestamps
    order = np.argsort(steps, kind="stable")  # stable: arrival order kept within a step
    steps, values, ts = steps[order], values[order], ts[order]
    keep = np.empty(steps.shape[0], dtype=bool)
    keep[:-1] = steps[1:] != steps[:-1]
    keep[-1] = True
    return Points(steps[keep], values[keep], ts[keep])


def merge_in_order(chunks: Iterable[tuple[int, int, Points]], part_points: int) -> Iterator[Points]:
    """merge() for chunks given as (arrival, min_step, points) in min_step order, without
    holding them all: whatever lies below the next chunk's first step is final, so it is
    merged and emitted (in parts of about part_points) and only chunks reaching past that
    step are kept. Memory follows the chunks that overlap one another, not the history."""
    active: list[tuple[int, Points]] = []
    out: list[Points] = []
    held = 0
    pending = iter(chunks)
    nxt = next(pending, None)
    while nxt is not None or active:
        if nxt is not None:
            arrival, _, points = nxt
            active.append((arrival, merge([points])))
            nxt = next(pending, None)
        bound = None if nxt is None else nxt[1]
        heads, rest = [], []
        for arrival, points in active:
            cut = len(points) if bound is None else int(np.searchsorted(points.steps, bound))
            if cut:
                heads.append((arrival, points.take(slice(0, cut))))
            if cut < len(points):
                rest.append((arrival, points.take(slice(cut, None))))
        active = rest
        if heads:
            heads.sort(key=lambda head: head[0])
            out.append(merge([points for _, points in heads]))
            held += len(out[-1])
        if out and (held >= part_points or (nxt is None and not active)):
            yield concat(out)
            out, held = [], 0


def concat(parts: Sequence[Points]) -> Points:
    if not parts:
        return Points.empty()
    if len(parts) == 1:
        return parts[0]
    return Points(
        np.concatenate([p.steps for p in parts]),
        np.concatenate([p.values for p in parts]),
        np.concatenate([p.timestamps for p in parts]),
    )


def clip(points: Points, start: int | None, end: int | None) -> Points:
    """Keeps points with start <= step <= end (points must be in step order)."""
    lo = 0 if start is None else int(np.searchsorted(points.steps, start, "left"))
    hi = len(points) if end is None else int(np.searchsorted(points.steps, end, "right"))
    return points.take(slice(lo, hi))


def check_max_points(max_points: int) -> None:
    if max_points and not MIN_MAX_POINTS <= max_points <= MAX_MAX_POINTS:
        raise InvalidArgument(
            f"max_points must be 0 (all points) or between {MIN_MAX_POINTS} and "
            f"{MAX_MAX_POINTS}; got {max_points}",
            field="max_points",
        )


def bucket_bounds(lo: int, hi: int, max_points: int) -> npt.NDArray[np.int64]:
    """Step bucket boundaries over [lo, hi] for a downsample to max_points: up to four
    points (first, min, max, last) per bucket."""
    return np.linspace(lo, hi + 1, max(1, max_points // 4) + 1).astype(np.int64)


def downsample(points: Points, max_points: int) -> Points:
    """Keeps the first, min, max and last point of each of max_points/4 step buckets."""
    if len(points) <= max_points:
        return points
    lo, hi = int(points.steps[0]), int(points.steps[-1])
    return _bucket_extremes(points, bucket_bounds(lo, hi, max_points))


def downsample_parts(parts: Iterable[Points], lo: int, hi: int, max_points: int) -> Points:
    """downsample() of the points that `parts` (in step order, first step lo, last hi)
    hold together, one part at a time: each part keeps its own extremes per bucket,
    and the same choice among those gives what the whole series would."""
    bounds = bucket_bounds(lo, hi, max_points)
    kept: list[Points] = []
    total = 0  # points seen, while all are kept
    for part in parts:
        if total <= max_points:
            total += len(part)
            kept.append(part)
            if total > max_points:
                kept = [_bucket_extremes(concat(kept), bounds)]
        else:
            kept.append(_bucket_extremes(part, bounds))
    points = concat(kept)
    return points if total <= max_points else _bucket_extremes(points, bounds)


def _bucket_extremes(points: Points, bounds: npt.NDArray[np.int64]) -> Points:
    """The first, last, (first) min and (first) max point of each step bucket."""
    steps, values = points.steps, points.values
    starts = np.searchsorted(steps, bounds[:-1], "left")
    ends = np.searchsorted(steps, bounds[1:], "left")
    nonempty = ends > starts
    starts, ends = starts[nonempty], ends[nonempty]
    # NaN/inf never win min/max: substitute neutral values for the reductions.
    finite = np.isfinite(values)
    for_min = np.where(finite, values, np.inf)
    for_max = np.where(finite, values, -np.inf)
    seg_min = np.minimum.reduceat(for_min, starts)
    seg_max = np.maximum.reduceat(for_max, starts)
    counts = ends - starts
    is_min = for_min == np.repeat(seg_min, counts)
    is_max = for_max == np.repeat(seg_max, counts)
    bucket_of = np.repeat(np.arange(starts.shape[0]), counts)
    _, first_min = np.unique(bucket_of[is_min], return_index=True)
    _, first_max = np.unique(bucket_of[is_max], return_index=True)
    chosen = np.concatenate(
        [starts, ends - 1, np.flatnonzero(is_min)[first_min], np.flatnonzero(is_max)[first_max]]
    )
    return points.take(np.unique(chosen))


def summaries_downsample(summaries: list[tuple[int, int, bytes]], max_points: int) -> Points:
    """Downsamples from chunk summaries alone, for chunks that are sorted and do not
    overlap, given as (min_step, max_step, summary) in step order. Chunks are grouped
    into step buckets by their first step; each group contributes its first, min, max
    and last point."""
    firsts = np.array([s[0] for s in summaries], dtype=np.int64)
    lo, hi = int(firsts[0]), int(summaries[-1][1])
    group = np.searchsorted(bucket_bounds(lo, hi, max_points), firsts, "right") - 1
    table = np.frombuffer(b"".join(s[2] for s in summaries), SUMMARY_DTYPE).reshape(-1, 4)
    picked: list[np.void] = []
    boundaries = np.flatnonzero(np.diff(group, prepend=-1))
    for gi, start in enumerate(boundaries):
        end = boundaries[gi + 1] if gi + 1 < len(boundaries) else len(summaries)
        rows = table[start:end]
        mins, maxs = rows[:, 1], rows[:, 2]
        finite_min = np.isfinite(mins["value"])
        finite_max = np.isfinite(maxs["value"])
        picked.append(rows[0, 0])
        if finite_min.any():
            candidates = mins[finite_min]
            picked.append(candidates[np.argmin(candidates["value"])])
        if finite_max.any():
            candidates = maxs[finite_max]
            picked.append(candidates[np.argmax(candidates["value"])])
        picked.append(rows[-1, 3])
    out = np.array(picked, dtype=SUMMARY_DTYPE)
    out = out[np.argsort(out["step"], kind="stable")]
    steps = np.ascontiguousarray(out["step"])
    keep = np.empty(steps.shape[0], dtype=bool)
    if steps.shape[0]:
        keep[:-1] = steps[1:] != steps[:-1]
        keep[-1] = True
    out = out[keep]
    return Points(
        np.ascontiguousarray(out["step"]),
        np.ascontiguousarray(out["value"]),
        np.ascontiguousarray(out["ts"]),
    )
