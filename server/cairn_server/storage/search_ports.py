"""Ports of run search: what services/search.py needs from storage."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from cairn_server.domain.entities import Lifecycle, Run
from cairn_server.domain.search.query import RunQuery

# A keyset position: the sort values of the last run of a page plus its id. Opaque to
# the service, which only wraps it in a page token.
Cursor = list[Any]


class RunSearchRepository(Protocol):
    def experiment_states(self, experiment_ids: Sequence[str]) -> dict[str, Lifecycle]: ...

    def find(self, query: RunQuery, after: Cursor | None, limit: int) -> list[Cursor]:
        """The cursors of up to `limit` runs following `after`, in query order. Each
        cursor ends with the run id; for a leaderboard its second item is the value.
        Raises InvalidArgument for a cursor that does not fit the query."""
        ...

    def load_runs(self, run_ids: Sequence[str]) -> list[Run]:
        """Runs with params, tags, metric summaries and inputs, in the order given;
        unknown ids are left out."""
        ...


class SearchUnitOfWork(Protocol):
    search: RunSearchRepository


class SearchUowFactory(Protocol):
    def __call__(self) -> AbstractContextManager[SearchUnitOfWork]: ...
