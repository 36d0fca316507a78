"""Stream opens and commits that meet in one group commit are batched; the batch must
decide exactly what the one-at-a-time path decides (epochs, fencing, checkpoints)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any, cast

import numpy as np
import pytest

from cairn_server.domain import metrics as m
from cairn_server.domain.errors import Aborted
from cairn_server.services.metrics import (
    GroupCommitWriter,
    MetricsService,
    StreamCommit,
    StreamCommitResult,
    StreamMessage,
)
from cairn_server.services.tracking import TrackingService
from cairn_server.storage.sql.database import Database
from cairn_server.storage.sql.unit_of_work import sql_uow_factory


@pytest.fixture
def service(db_url: str) -> Iterator[tuple[MetricsService, GroupCommitWriter, TrackingService]]:
    db = Database(db_url)
    db.migrate()
    uow = sql_uow_factory(db)
    writer = GroupCommitWriter(uow)
    try:
        yield MetricsService(uow, writer), writer, TrackingService(uow, "file:///tmp/unused")
    finally:
        writer.close()
        db.dispose()


def held(writer: GroupCommitWriter) -> threading.Event:
    """Keeps the writer busy until set, so what is submitted meanwhile meets in one batch.
    Returns once the writer is inside the holding job, so nothing joins that job's group."""
    gate, running = threading.Event(), threading.Event()

    def hold(uow: object) -> bool:
        running.set()
        return gate.wait(10)

    writer.submit(hold)
    assert running.wait(10)
    return gate


def message(seq: int, run_id: str, first_step: int) -> StreamMessage:
    steps = np.arange(first_step, first_step + 10, dtype=np.int64)
    points = m.Points(steps, np.ones(10), np.zeros(10, dtype=np.int64))
    return StreamMessage(seq, [m.build_chunk(run_id, "loss", points)])


def test_opening_one_stream_twice_in_a_batch_fences_the_first(
    service: tuple[MetricsService, GroupCommitWriter, TrackingService],
) -> None:
    metrics, writer, _ = service
    gate = held(writer)
    first, second, other = (metrics.open_stream(s) for s in ("s-1", "s-1", "s-2"))
    gate.set()
    results = [f.result(10) for f in (first, second, other)]
    assert results[1] == (0, 2) and results[2] == (0, 1)
    assert results[0] == (0, 1)  # the first open's epoch, now fenced by the second


def test_batched_commits_store_everything_and_fence_stale_writers(
    service: tuple[MetricsService, GroupCommitWriter, TrackingService],
) -> None:
    metrics, writer, tracking = service
    exp = tracking.create_experiment("batching", "", [])
    runs = [
        tracking.create_run(exp.experiment_id, f"r{i}", "", 0, "", [], []).run_id for i in range(3)
    ]
    epochs = [cast(tuple[int, int], metrics.open_stream(f"s-{i}").result(10))[1] for i in range(3)]
    metrics.open_stream("s-2").result(10)  # a newer connection takes s-2 over
    calls: list[int] = []
    batch = writer._batchers["stream"]

    def counting(uow: Any, items: list[Any]) -> list[object]:
        calls.append(len(items))
        return batch(uow, items)

    writer._batchers["stream"] = counting

    gate = held(writer)
    futures = [
        metrics.commit_stream(
            StreamCommit(f"s-{i}", epochs[i], 0, [message(1, runs[i], 0), message(2, runs[i], 10)])
        )
        for i in range(2)
    ]
    stale = metrics.commit_stream(StreamCommit("s-2", epochs[2], 0, [message(1, runs[2], 0)]))
    gate.set()
    for future in futures:
        result = future.result(10)
        assert isinstance(result, StreamCommitResult) and result.committed_seq == 2
        assert result.points_written == 20
    with pytest.raises(Aborted):
        stale.result(10)
    assert calls == [3]  # tried as one batch, which fell back to one-by-one
    for i, run_id in enumerate(runs):
        stored = sum(
            len(part) if isinstance(part, m.Points) else len(part[0]) // 8
            for part in metrics.history(run_id, "loss", None, None, 0)
        )
        assert stored == (20 if i < 2 else 0)


def test_commits_of_live_streams_go_through_as_one_batch(
    service: tuple[MetricsService, GroupCommitWriter, TrackingService],
) -> None:
    metrics, writer, tracking = service
    exp = tracking.create_experiment("batching", "", [])
    run_id = tracking.create_run(exp.experiment_id, "r", "", 0, "", [], []).run_id
    epochs = [cast(tuple[int, int], metrics.open_stream(f"t-{i}").result(10))[1] for i in range(4)]
    gate = held(writer)
    futures = [
        metrics.commit_stream(StreamCommit(f"t-{i}", epochs[i], 0, [message(1, run_id, 10 * i)]))
        for i in range(4)
    ]
    gate.set()
    assert [cast(StreamCommitResult, f.result(10)).committed_seq for f in futures] == [1] * 4
    # The checkpoints moved: resending seq 1 on a reopened stream is a duplicate.
    assert [metrics.open_stream(f"t-{i}").result(10) for i in range(4)] == [(1, 2)] * 4
    stored = sum(
        len(part) if isinstance(part, m.Points) else len(part[0]) // 8
        for part in metrics.history(run_id, "loss", None, None, 0)
    )
    assert stored == 40
