"""The group-commit writer on a fake unit of work: jobs queued together share one
transaction, one job's domain error spares the others, a failed commit fails all."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from cairn_server.domain.errors import NotFound, Unavailable
from cairn_server.services.metrics import GroupCommitWriter


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
    gate = threading.Event()
    blocker = writer.submit(lambda uow: gate.wait(5))  # holds the writer busy

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
