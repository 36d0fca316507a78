"""The group-commit writer on a fake unit of work: jobs queued together share one
transaction, one job's domain error spares the others, a failed commit fails all."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from cairn_server.domain.errors import NotFound, Unavailable
from cairn_server.services.metrics import BatchFallback, GroupCommitWriter


class FakeUow:
    def __init__(self, log: list[str], fail_commit: bool) -> None:
        self.log = log
        self.fail_commit = fail_commit
        self.tracking: Any = None
        self.idempotency: Any = None
        self.metrics: Any = None

    @contextmanager
    def savepoint(self) -> Iterator[object]:
        mark = len(self.log)
        try:
            yield self
        except Exception:
            del self.log[mark:]  # roll back this job's writes only
            raise


class FakeDatabase:
    def __init__(self) -> None:
        self.committed: list[list[str]] = []
        self.fail_next_commit = False

    @contextmanager
    def __call__(self, *, readonly: bool = False) -> Iterator[FakeUow]:
        uow = FakeUow([], self.fail_next_commit)
        yield uow
        if uow.fail_commit:
            self.fail_next_commit = False
            raise Unavailable("database down")
        self.committed.append(uow.log)


def test_jobs_queued_together_commit_together_and_errors_are_isolated() -> None:
    db = FakeDatabase()
    writer = GroupCommitWriter(db)
    gate, blocker = _hold(writer)

    def write(name: str) -> Any:
        def work(uow: FakeUow) -> str:
            uow.log.append(name)
            if name == "bad":
                raise NotFound("run", "r")
            return name

        return work

    futures = [writer.submit(write(n)) for n in ("a", "bad", "b")]
    gate.set()
    assert blocker.result(5) is True
    assert futures[0].result(5) == "a" and futures[2].result(5) == "b"
    with pytest.raises(NotFound):
        futures[1].result(5)
    assert db.committed[-1] == ["a", "b"]  # one transaction, without the failed job
    writer.close()


def test_failed_commit_fails_every_job_in_it() -> None:
    db = FakeDatabase()
    db.fail_next_commit = True
    writer = GroupCommitWriter(db)

    def work(uow: Any) -> None:
        uow.log.append("x")

    future = writer.submit(work)
    with pytest.raises(Unavailable):
        future.result(5)
    assert db.committed == []
    assert writer.submit(lambda uow: "ok").result(5) == "ok"
    writer.close()


def _batched_writer(db: FakeDatabase, fallback_on: str = "") -> GroupCommitWriter:
    writer = GroupCommitWriter(db)

    def handler(uow: Any, items: list[Any]) -> list[object]:
        uow.log.append("batch:" + ",".join(items))
        if fallback_on in items:
            raise BatchFallback
        return [f"batched {i}" for i in items]

    writer.register_batch("kind", handler)
    return writer


def test_a_job_cancelled_while_queued_is_dropped_and_the_writer_carries_on() -> None:
    """A stream that goes away cancels its queued job's future; the writer must skip
    it (not die setting a result on a cancelled future) and keep serving others."""
    db = FakeDatabase()
    writer = GroupCommitWriter(db)

    def write(name: str) -> Any:
        def work(uow: FakeUow) -> str:
            uow.log.append(name)
            return name

        return work

    gate, blocker = _hold(writer)
    gone = writer.submit(write("gone"))
    kept = writer.submit(write("kept"))
    assert gone.cancel()
    gate.set()
    assert blocker.result(5) is True
    assert kept.result(5) == "kept"
    assert writer.submit(write("later")).result(5) == "later"
    assert ["gone"] not in db.committed and all("gone" not in c for c in db.committed)
    writer.close()


def _hold(writer: GroupCommitWriter) -> tuple[threading.Event, Any]:
    """Occupies the writer until the event is set; returns once the writer is inside the
    holding job, so jobs submitted next cannot join its transaction."""
    gate, running = threading.Event(), threading.Event()

    def hold(uow: Any) -> bool:
        running.set()
        return gate.wait(5)

    blocker = writer.submit(hold)
    assert running.wait(5)
    return gate, blocker


def _submit_held(writer: GroupCommitWriter, items: list[str]) -> list[Any]:
    """Queues the items while the writer is busy, so they meet in one transaction."""
    gate, blocker = _hold(writer)

    def alone(item: str) -> Any:
        def work(uow: FakeUow) -> str:
            uow.log.append("alone:" + item)
            return f"alone {item}"

        return work

    futures = [writer.submit(alone(i), batch="kind", item=i) for i in items]
    gate.set()
    assert blocker.result(5) is True
    return [f.result(5) for f in futures]


def test_jobs_of_a_registered_kind_run_as_one_batch() -> None:
    db = FakeDatabase()
    writer = _batched_writer(db)
    assert _submit_held(writer, ["a", "b", "c"]) == ["batched a", "batched b", "batched c"]
    assert db.committed[-1] == ["batch:a,b,c"]
    # A lone job has nothing to share: it runs its own work.
    assert writer.submit(lambda uow: "solo", batch="kind", item="z").result(5) == "solo"
    writer.close()


def test_a_batch_that_falls_back_is_rolled_back_and_run_job_by_job() -> None:
    db = FakeDatabase()
    writer = _batched_writer(db, fallback_on="b")
    assert _submit_held(writer, ["a", "b"]) == ["alone a", "alone b"]
    assert db.committed[-1] == ["alone:a", "alone:b"]  # the batch's writes are gone
    writer.close()
