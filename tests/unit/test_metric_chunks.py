"""The pure metric maths: chunk summaries, merge rules, clipping, downsampling."""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
import pytest

from cairn_server.domain import metrics as m
from cairn_server.domain.errors import InvalidArgument


def pts(steps: list[int], values: list[float], ts: list[int] | None = None) -> m.Points:
    return m.Points(
        np.array(steps, dtype=np.int64),
        np.array(values, dtype=np.float64),
        np.array(ts if ts is not None else [0] * len(steps), dtype=np.int64),
    )


def test_chunk_summary_of_sorted_points() -> None:
    c = m.build_chunk("r", "k", pts([1, 2, 3, 4], [5.0, -1.0, 7.0, 2.0], [10, 20, 30, 40]))
    assert c.is_sorted and (c.min_step, c.max_step) == (1, 4)
    assert (c.min_value, c.max_value) == (-1.0, 7.0)
    assert (c.latest_step, c.latest_value, c.latest_timestamp) == (4, 2.0, 40)
    summary = np.frombuffer(c.summary, m.SUMMARY_DTYPE)
    assert summary["step"].tolist() == [1, 2, 3, 4]  # first, min, max, last


def test_chunk_summary_skips_non_finite_values() -> None:
    c = m.build_chunk("r", "k", pts([1, 2, 3], [math.nan, math.inf, 3.0]))
    assert (c.min_value, c.max_value) == (3.0, 3.0)
    all_nan = m.build_chunk("r", "k", pts([1, 2], [math.nan, math.nan]))
    assert all_nan.min_value is None and all_nan.max_value is None


def test_unsorted_chunk_latest_uses_step_then_time_then_arrival() -> None:
    c = m.build_chunk("r", "k", pts([5, 9, 9, 1], [1.0, 2.0, 3.0, 4.0], [0, 7, 5, 0]))
    assert not c.is_sorted
    assert (c.latest_step, c.latest_value) == (9, 2.0)  # larger timestamp wins the tie
    c = m.build_chunk("r", "k", pts([9, 9], [1.0, 2.0], [5, 5]))
    assert c.latest_value == 2.0  # then arrival


def test_merge_orders_by_step_and_last_arrival_wins() -> None:
    merged = m.merge([pts([0, 1, 2], [0, 1, 2]), pts([2, 1, 5], [20, 10, 50]), pts([1], [100])])
    assert merged.steps.tolist() == [0, 1, 2, 5]
    assert merged.values.tolist() == [0, 100, 20, 50]


def test_clip_is_inclusive() -> None:
    clipped = m.clip(pts([1, 2, 3, 4, 5], [1, 2, 3, 4, 5]), 2, 4)
    assert clipped.steps.tolist() == [2, 3, 4]
    assert m.clip(pts([1, 2], [1, 2]), None, None).steps.tolist() == [1, 2]


def test_downsample_keeps_first_last_and_bucket_extremes() -> None:
    n = 100_000
    steps = np.arange(n, dtype=np.int64)
    values = np.zeros(n)
    values[50_001] = 9.0
    values[777] = -9.0
    values[10] = math.nan
    out = m.downsample(m.Points(steps, values, steps), 40)
    assert len(out) <= 40
    assert out.steps[0] == 0 and out.steps[-1] == n - 1
    assert 50_001 in out.steps.tolist() and 777 in out.steps.tolist()
    assert (np.diff(out.steps) > 0).all()
    small = pts([1, 2], [1, 2])
    assert m.downsample(small, 10) is small


def test_summaries_downsample_groups_chunks() -> None:
    chunks = []
    for i in range(100):
        c = m.build_chunk(
            "r", "k", pts(list(range(i * 10, i * 10 + 10)), [float(i)] * 9 + [-float(i)])
        )
        chunks.append((c.min_step, c.max_step, c.summary))
    out = m.summaries_downsample(chunks, 40)
    assert len(out) <= 40 and (np.diff(out.steps) > 0).all()
    assert out.steps[0] == 0 and out.steps[-1] == 999
    assert -99.0 in out.values.tolist() and 99.0 in out.values.tolist()


def test_parse_batch_rules() -> None:
    i64 = np.array([1, 2], dtype=np.int64)
    f64 = np.array([1.0, 2.0])
    empty = np.array([], dtype=np.int64)
    p = m.parse_batch("b", "run1", "loss", i64, f64, empty, now=123)
    assert p.timestamps.tolist() == [123, 123]
    with pytest.raises(InvalidArgument, match="same length"):
        m.parse_batch("b", "run1", "loss", i64, np.array([1.0]), empty, now=0)
    with pytest.raises(InvalidArgument, match="negative step"):
        m.parse_batch("b", "run1", "loss", np.array([-1, 2], dtype=np.int64), f64, empty, now=0)
    with pytest.raises(InvalidArgument, match="timestamps"):
        m.parse_batch("b", "run1", "loss", i64, f64, np.array([1], dtype=np.int64), now=0)
    with pytest.raises(InvalidArgument, match="no points"):
        m.parse_batch("b", "run1", "loss", empty, np.array([]), empty, now=0)


@pytest.mark.parametrize("max_points", [1, 3, 100_001, -1])
def test_max_points_bounds(max_points: int) -> None:
    with pytest.raises(InvalidArgument):
        m.check_max_points(max_points)


@pytest.mark.parametrize(
    ("column", "affine"),
    [
        ([5, 6, 7, 8], True),
        ([10, 10, 10], True),
        ([3], False),
        ([1, 2, 4], False),
        ([9, 7, 5], True),
    ],
)
def test_integer_columns_round_trip(column: list[int], affine: bool) -> None:
    array = np.array(column, dtype=np.int64)
    blob, is_affine = m.encode_ints(array)
    assert is_affine is affine
    assert m.decode_ints(blob, is_affine, len(column)).tolist() == column


def _chunks_in_order(parts: list[m.Points]) -> list[tuple[int, int, m.Points]]:
    """(arrival, min_step, points) in min_step order, as the history read gives them."""
    chunks = [(i, int(p.steps.min()), p) for i, p in enumerate(parts)]
    return sorted(chunks, key=lambda c: (c[1], c[0]))


@pytest.mark.parametrize("part_points", [1, 7, 1_000_000])
def test_merge_in_order_equals_merge(part_points: int) -> None:
    rng = np.random.default_rng(3)
    parts = []
    for i in range(40):
        # Overlapping ranges, repeated steps within and across chunks, some unsorted.
        lo = int(rng.integers(0, 300))
        steps = rng.integers(lo, lo + int(rng.integers(1, 60)), size=int(rng.integers(1, 30)))
        if i % 3:
            steps = np.sort(steps)
        parts.append(
            m.Points(steps.astype(np.int64), rng.random(size=(len(steps),)), np.full(len(steps), i))
        )
    expected = m.merge(parts)
    out = list(m.merge_in_order(_chunks_in_order(parts), part_points))
    got = m.concat(out)
    assert np.array_equal(got.steps, expected.steps)
    assert np.array_equal(got.values, expected.values)
    assert np.array_equal(got.timestamps, expected.timestamps)
    assert all(len(p) for p in out)
    if part_points == 1_000_000:
        assert len(out) == 1


def test_merge_in_order_keeps_only_overlapping_chunks() -> None:
    # Two writers interleaving blocks of one key: each point is emitted once the next
    # chunk's first step shows nothing can come before it.
    parts = [pts(list(range(i * 10, i * 10 + 10)), [float(i)] * 10) for i in range(100)]
    seen = []

    def feed() -> Iterator[tuple[int, int, m.Points]]:
        for arrival, lo, p in _chunks_in_order(parts):
            seen.append(arrival)
            yield arrival, lo, p

    merged = m.merge_in_order(feed(), 10)
    first = next(merged)
    assert first.steps.tolist() == list(range(10)) and len(seen) == 2
    assert len(m.concat([first, *merged])) == 1_000


def test_concat_of_nothing_is_empty() -> None:
    assert len(m.concat([])) == 0


@pytest.mark.parametrize("max_points", [4, 40, 400, 5_000])
@pytest.mark.parametrize("part_size", [1, 13, 700, 10_000])
def test_downsample_parts_equals_downsample_of_the_whole(max_points: int, part_size: int) -> None:
    rng = np.random.default_rng(max_points + part_size)
    steps = np.cumsum(rng.integers(1, 5, size=3_000)).astype(np.int64)
    values = rng.normal(size=3_000)
    values[rng.integers(0, 3_000, size=200)] = np.nan  # never a bucket's min or max
    values[100:140] = np.nan  # buckets with no finite value at all
    values[500:520] = 1.5  # ties: the first of them is kept
    whole = m.Points(steps, values, steps * 10)
    parts = [whole.take(slice(i, i + part_size)) for i in range(0, 3_000, part_size)]
    expected = m.downsample(whole, max_points)
    got = m.downsample_parts(parts, int(steps[0]), int(steps[-1]), max_points)
    assert np.array_equal(got.steps, expected.steps)
    assert np.array_equal(got.values, expected.values, equal_nan=True)
    assert np.array_equal(got.timestamps, expected.timestamps)
