"""Use cases of run search, comparison and leaderboards. No gRPC, no SQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cairn_server.domain import validation as v
from cairn_server.domain.access import current_scope
from cairn_server.domain.entities import Lifecycle, Page, Run, ViewType
from cairn_server.domain.errors import InvalidArgument, NotFound
from cairn_server.domain.paging import decode_token, encode_token, query_fingerprint
from cairn_server.domain.search import parse_filter, parse_order_by
from cairn_server.domain.search.ast import (
    Aggregate,
    Field,
    FieldKind,
    OrderKey,
    ValueType,
    canonical,
)
from cairn_server.domain.search.query import DEFAULT_ORDER, RunQuery
from cairn_server.storage.search_ports import RunSearchRepository, SearchUowFactory

MAX_COMPARE_RUNS = 100
DEFAULT_LEADERBOARD_K = 10
MAX_LEADERBOARD_K = 1000


@dataclass(frozen=True)
class RunComparison:
    runs: list[Run]
    differing_param_keys: list[str]
    differing_tag_keys: list[str]


@dataclass(frozen=True)
class LeaderboardEntry:
    # Equal values share a rank (1, 2, 2, 4); ties are listed by run_id.
    rank: int
    run: Run
    value: float


def differing_keys(maps: Sequence[dict[str, str]]) -> list[str]:
    """Keys whose value is not the same in every map (missing counts as different)."""
    keys = sorted(set().union(*maps))
    return [k for k in keys if len({m.get(k) for m in maps}) > 1 or any(k not in m for m in maps)]


def _check_ids(ids: Sequence[str], field: str, what: str) -> list[str]:
    v.check_batch_size(len(ids), field, field)
    for i, value in enumerate(ids):
        v.check_id(value, f"{field}[{i}]", what)
    return list(dict.fromkeys(ids))


class SearchService:
    def __init__(self, uow: SearchUowFactory) -> None:
        self._uow = uow

    @staticmethod
    def _experiments(
        repo: RunSearchRepository, experiment_ids: Sequence[str], view: ViewType
    ) -> tuple[str, ...] | None:
        """The experiments to search: None for all (that the view admits). Runs of
        deleted experiments are hidden from ACTIVE_ONLY searches."""
        readable = current_scope().experiment_ids
        if not experiment_ids and readable is None:
            return None
        if not experiment_ids:
            # All the caller may read (the access layer checked any named ones).
            experiment_ids = sorted(readable or ())
            states = repo.experiment_states(experiment_ids) if experiment_ids else {}
            experiment_ids = [e for e in experiment_ids if e in states]
        else:
            states = repo.experiment_states(experiment_ids)
            for exp_id in experiment_ids:
                if exp_id not in states:
                    raise NotFound("experiment", exp_id)
        if view is ViewType.ACTIVE_ONLY:
            return tuple(e for e in experiment_ids if states[e] is Lifecycle.ACTIVE)
        return tuple(experiment_ids)

    def search_runs(
        self,
        experiment_ids: Sequence[str],
        filter_text: str,
        order_by: Sequence[str],
        view: ViewType,
        page_size: int,
        page_token: str,
    ) -> Page[Run]:
        size = v.page_size(page_size)
        exp_ids = _check_ids(experiment_ids, "experiment_ids", "experiment_id")
        expr = parse_filter(filter_text)
        order = parse_order_by(order_by) or parse_order_by([DEFAULT_ORDER])
        fingerprint = query_fingerprint(
            "search_runs",
            sorted(exp_ids),
            canonical(expr),
            [f"{k.field} {'DESC' if k.descending else 'ASC'}" for k in order],
            int(view),
        )
        after = decode_token(page_token, fingerprint)
        with self._uow() as uow:
            scope = self._experiments(uow.search, exp_ids, view)
            if scope == ():
                return Page([], "")
            query = RunQuery(scope, view, expr, order)
            cursors = uow.search.find(query, after, size + 1)
            token = ""
            if len(cursors) > size:
                cursors = cursors[:size]
                token = encode_token(fingerprint, cursors[-1])
            runs = uow.search.load_runs([c[-1] for c in cursors])
        return Page(runs, token)

    def compare_runs(self, run_ids: Sequence[str]) -> RunComparison:
        if not run_ids:
            raise InvalidArgument("run_ids is empty; name 1 to 100 runs", field="run_ids")
        if len(run_ids) > MAX_COMPARE_RUNS:
            raise InvalidArgument(
                f"{len(run_ids)} runs to compare; the maximum is {MAX_COMPARE_RUNS}",
                field="run_ids",
            )
        ids = _check_ids(run_ids, "run_ids", "run_id")
        if len(ids) != len(run_ids):
            raise InvalidArgument("run_ids names a run more than once", field="run_ids")
        with self._uow() as uow:
            runs = uow.search.load_runs(ids)
        found = {run.run_id for run in runs}
        for run_id in ids:
            if run_id not in found:
                raise NotFound("run", run_id)
        return RunComparison(
            runs=runs,
            differing_param_keys=differing_keys([r.params for r in runs]),
            differing_tag_keys=differing_keys([r.tags for r in runs]),
        )

    def leaderboard(
        self,
        experiment_ids: Sequence[str],
        filter_text: str,
        metric_key: str,
        aggregate: Aggregate,
        descending: bool,
        k: int,
    ) -> list[LeaderboardEntry]:
        """The top k active runs by one metric aggregate; runs without the metric (or
        whose aggregate is NaN) are not ranked."""
        v.check_key(metric_key, "metric_key", "metric_key")
        if k < 0 or k > MAX_LEADERBOARD_K:
            raise InvalidArgument(
                f"k must be between 1 and {MAX_LEADERBOARD_K} (got {k})", field="k"
            )
        limit = k or DEFAULT_LEADERBOARD_K
        exp_ids = _check_ids(experiment_ids, "experiment_ids", "experiment_id")
        expr = parse_filter(filter_text)
        key = OrderKey(Field(FieldKind.METRIC, metric_key, ValueType.NUMBER), descending, aggregate)
        with self._uow() as uow:
            scope = self._experiments(uow.search, exp_ids, ViewType.ACTIVE_ONLY)
            if scope == ():
                return []
            query = RunQuery(scope, ViewType.ACTIVE_ONLY, expr, (key,), only_with_value=True)
            cursors = uow.search.find(query, None, limit)
            runs = uow.search.load_runs([c[-1] for c in cursors])
        entries: list[LeaderboardEntry] = []
        for i, (cursor, run) in enumerate(zip(cursors, runs, strict=True)):
            value = float(cursor[1])
            tied = entries and entries[-1].value == value
            entries.append(LeaderboardEntry(entries[-1].rank if tied else i + 1, run, value))
        return entries
