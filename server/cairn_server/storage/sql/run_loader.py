"""Loads pages of runs with their params, tags, metric summaries and inputs.

The same result as SqlTrackingRepository.get_runs, read as plain rows rather than ORM
objects, through Core, with statements built once: a page of 100 runs carries some
2,000 param, tag and metric rows, and ORM instances, result processing and building the
statements anew cost more than the search query itself."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, String, any_, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from cairn_server.domain.entities import (
    Dataset,
    DatasetInput,
    Lifecycle,
    MetricSummary,
    Run,
    RunStatus,
)
from cairn_server.storage.sql.models import (
    DatasetRow,
    LatestMetricRow,
    ParamRow,
    RunInputRow,
    RunRow,
    RunTagRow,
)


def _nan(value: float | None) -> float:
    return math.nan if value is None else value


_IdTest = Callable[[Any], ColumnElement[bool]]


def _statements(of_ids: _IdTest) -> dict[str, Any]:
    """The five statements of a page, each selecting the rows of the `ids` parameter."""
    runs = select(
        RunRow.id,
        RunRow.experiment_id,
        RunRow.run_name,
        RunRow.parent_run_id,
        RunRow.status,
        RunRow.start_time,
        RunRow.end_time,
        RunRow.user,
        RunRow.lifecycle_state,
        RunRow.artifact_uri,
        RunRow.create_time,
        RunRow.update_time,
    ).where(of_ids(RunRow.id))
    params = (
        select(ParamRow.run_id, ParamRow.key, ParamRow.value)
        .where(of_ids(ParamRow.run_id))
        .order_by(ParamRow.run_id, ParamRow.key)
    )
    tags = (
        select(RunTagRow.run_id, RunTagRow.key, RunTagRow.value)
        .where(of_ids(RunTagRow.run_id))
        .order_by(RunTagRow.run_id, RunTagRow.key)
    )
    metrics = (
        select(
            LatestMetricRow.run_id,
            LatestMetricRow.key,
            LatestMetricRow.value,
            LatestMetricRow.step,
            LatestMetricRow.timestamp,
            LatestMetricRow.min_value,
            LatestMetricRow.max_value,
            LatestMetricRow.point_count,
        )
        .where(of_ids(LatestMetricRow.run_id))
        .order_by(LatestMetricRow.run_id, LatestMetricRow.key)
    )
    inputs = (
        select(
            RunInputRow.run_id,
            RunInputRow.context,
            DatasetRow.name,
            DatasetRow.digest,
            DatasetRow.source_uri,
            DatasetRow.source_type,
            DatasetRow.schema,
            DatasetRow.profile,
        )
        .join(DatasetRow, DatasetRow.id == RunInputRow.dataset_id)
        .where(of_ids(RunInputRow.run_id))
        .order_by(DatasetRow.name, RunInputRow.context)
    )
    return {"runs": runs, "params": params, "tags": tags, "metrics": metrics, "inputs": inputs}


# SQLite takes the ids as an expanded IN list. PostgreSQL takes one array parameter, so
# the statement text stays the same whatever the page size and psycopg prepares it once,
# instead of the server planning a hundred-parameter statement on every call.
_STATEMENTS = {
    "sqlite": _statements(lambda column: column.in_(bindparam("ids", expanding=True))),
    "postgresql": _statements(lambda column: column == any_(bindparam("ids", type_=ARRAY(String)))),
}


def load_runs(session: Session, run_ids: Sequence[str]) -> list[Run]:
    """Runs in the order of `run_ids`; unknown ids are left out. Params, tags and
    metrics come in key order, inputs by dataset name then context (as GetRun)."""
    if not run_ids:
        return []
    connection = session.connection()
    statements = _STATEMENTS[connection.dialect.name]

    def rows(stmt: Any, ids: list[str]) -> Sequence[Any]:
        # Fetch everything in one call: iterating a result fetches row by row.
        return connection.execute(stmt, {"ids": ids}).all()

    ids = list(run_ids)
    by_id: dict[str, Run] = {}
    for row in rows(statements["runs"], ids):
        by_id[row[0]] = Run(
            run_id=row[0],
            experiment_id=row[1],
            run_name=row[2],
            parent_run_id=row[3] or "",
            status=RunStatus(row[4]),
            start_time=row[5],
            end_time=row[6],
            user=row[7],
            lifecycle=Lifecycle(row[8]),
            artifact_uri=row[9],
            create_time=row[10],
            update_time=row[11],
        )
    found = list(by_id)
    for rid, key, value in rows(statements["params"], found):
        by_id[rid].params[key] = value
    for rid, key, value in rows(statements["tags"], found):
        by_id[rid].tags[key] = value
    for rid, key, latest, step, stamp, low, high, count in rows(statements["metrics"], found):
        by_id[rid].metrics.append(
            MetricSummary(key, _nan(latest), step, stamp, _nan(low), _nan(high), count)
        )
    for rid, context, name, digest, uri, kind, schema, profile in rows(statements["inputs"], found):
        dataset = Dataset(name, digest, uri, kind, schema, profile)
        by_id[rid].inputs.append(DatasetInput(dataset, context))
    return [by_id[rid] for rid in ids if rid in by_id]
