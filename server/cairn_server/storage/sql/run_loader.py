"""Loads runs by id, with their params, tags, metric summaries and inputs: the one way
every read of whole runs goes (GetRun and the run writes that answer with the run,
SearchRuns, CompareRuns, leaderboards, lineage).

A page of 100 runs carries some 2,300 param, tag and metric rows, and what surrounds
the database's own work on them used to cost more than the search query itself: ORM
instances, SQLAlchemy's execution and Row objects, an `IN` list of 100 parameters
rendered anew on every call, text-format floats on PostgreSQL. So the statements are
built with Core once, compiled once per dialect, and run on the driver's cursor,
which returns plain tuples:

- the ids travel as one parameter, a JSON array, so the statement text never changes
  (psycopg prepares it after a few calls) and nothing is rendered per id; both
  databases still look each id up in the primary key;
- on PostgreSQL the rows come in binary format (no float parsing) and the five
  statements go out in one pipeline, so the page costs one round trip.

Driver errors are raised as SQLAlchemy's DBAPIError, as from any other statement, so
Database.transaction still tells an unreachable database from a bug."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import JSON, ColumnElement, Connection, String, any_, bindparam, cast, func, select
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
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

_NAN = math.nan
_STATUS = {s.value: s for s in RunStatus}
_LIFECYCLE = {x.value: x for x in Lifecycle}

_IdTest = Callable[[Any], ColumnElement[bool]]


def _sqlite_ids(column: Any) -> ColumnElement[bool]:
    """`column IN (the ids)`, from a JSON array: SQLite looks each one up in the index."""
    ids = func.json_each(bindparam("ids", type_=String)).table_valued("value")
    return column.in_(select(ids.c.value))  # type: ignore[no-any-return]


def _postgres_ids(column: Any) -> ColumnElement[bool]:
    """`column = ANY(ARRAY(the ids))`, from a JSON array: an index condition, like an
    array parameter, but the driver sends one string (psycopg adapts a list of
    strings element by element, with a regular expression each)."""
    ids = select(func.json_array_elements_text(cast(bindparam("ids", type_=String), JSON)))
    return column == any_(func.array(ids.scalar_subquery()))  # type: ignore[no-any-return]


def _statements(of_ids: _IdTest) -> dict[str, Any]:
    """The statements of a page, each selecting the rows of the `ids` parameter."""
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
    return {
        "runs": runs,
        "runs_for_update": runs.with_for_update(),
        "params": params,
        "tags": tags,
        "metrics": metrics,
        "inputs": inputs,
    }


_STATEMENTS = {"sqlite": _statements(_sqlite_ids), "postgresql": _statements(_postgres_ids)}
_DETAILS = ("params", "tags", "metrics", "inputs")


class _Compiled:
    """The statements of one dialect as driver SQL, and how to pass the ids."""

    def __init__(self, dialect: Dialect) -> None:
        self.sql: dict[str, str] = {}
        self.positional = dialect.positional
        for name, stmt in _STATEMENTS[dialect.name].items():
            compiled = stmt.compile(dialect=dialect)
            assert list(compiled.binds) == ["ids"], compiled.binds
            self.sql[name] = str(compiled)

    def parameters(self, ids: list[str]) -> Any:
        return (json.dumps(ids),) if self.positional else {"ids": json.dumps(ids)}


_COMPILED: dict[str, _Compiled] = {}


def _compiled(dialect: Dialect) -> _Compiled:
    found = _COMPILED.get(dialect.name)
    if found is None:
        found = _COMPILED[dialect.name] = _Compiled(dialect)
    return found


def _fetch(connection: Connection, names: Sequence[str], ids: list[str]) -> list[list[Any]]:
    """The rows of each named statement for `ids`, as tuples from the driver."""
    dialect = connection.dialect
    compiled = _compiled(dialect)
    params = compiled.parameters(ids)
    dbapi_connection = connection.connection
    cursor: Any = None
    sql = ""
    try:
        if dialect.name == "postgresql":
            driver = dbapi_connection.driver_connection
            assert driver is not None
            cursors = [driver.cursor(binary=True) for _ in names]
            with driver.pipeline():
                for cursor, name in zip(cursors, names, strict=True):
                    sql = compiled.sql[name]
                    cursor.execute(sql, params)
            return [c.fetchall() for c in cursors]
        results = []
        for name in names:
            sql = compiled.sql[name]
            cursor = dbapi_connection.cursor()
            cursor.execute(sql, params)
            results.append(cursor.fetchall())
            cursor.close()
        return results
    except dialect.loaded_dbapi.Error as exc:
        invalidated = dialect.is_disconnect(exc, dbapi_connection, cursor)
        if invalidated:
            connection.invalidate(exc)
        raise DBAPIError.instance(
            sql,
            params,
            exc,
            dialect.loaded_dbapi.Error,
            connection_invalidated=invalidated,
            dialect=dialect,
        ) from exc


def load_runs(
    session: Session, run_ids: Sequence[str], *, details: bool = True, for_update: bool = False
) -> list[Run]:
    """Runs in the order of `run_ids`; unknown ids are left out. Params, tags and
    metrics come in key order, inputs by dataset name then context. Without
    `details` only the runs' own columns; `for_update` locks their rows (PostgreSQL).
    Reads through the session's connection: the repositories write with Core
    statements, so there is nothing pending to flush."""
    if not run_ids:
        return []
    ids = list(run_ids)
    names = ["runs_for_update" if for_update else "runs"]
    if details:
        names += _DETAILS
    fetched = _fetch(session.connection(), names, ids)
    by_id: dict[str, Run] = {}
    for row in fetched[0]:
        by_id[row[0]] = Run(
            run_id=row[0],
            experiment_id=row[1],
            run_name=row[2],
            parent_run_id=row[3] or "",
            status=_STATUS[row[4]],
            start_time=row[5],
            end_time=row[6],
            user=row[7],
            lifecycle=_LIFECYCLE[row[8]],
            artifact_uri=row[9],
            create_time=row[10],
            update_time=row[11],
        )
    if details:
        params, tags, metrics, inputs = fetched[1:]
        # Rows come grouped by run: look each run up once per group, not once per row.
        run_id = None
        target: dict[str, str] = {}
        for rid, key, value in params:
            if rid != run_id:
                run_id, target = rid, by_id[rid].params
            target[key] = value
        run_id = None
        for rid, key, value in tags:
            if rid != run_id:
                run_id, target = rid, by_id[rid].tags
            target[key] = value
        run_id = None
        summaries: list[MetricSummary] = []
        for rid, key, latest, step, stamp, low, high, count in metrics:
            if rid != run_id:
                run_id, summaries = rid, by_id[rid].metrics
            summaries.append(
                MetricSummary(
                    key,
                    _NAN if latest is None else latest,
                    step,
                    stamp,
                    _NAN if low is None else low,
                    _NAN if high is None else high,
                    count,
                )
            )
        for rid, context, name, digest, uri, kind, schema, profile in inputs:
            dataset = Dataset(name, digest, uri, kind, schema, profile)
            by_id[rid].inputs.append(DatasetInput(dataset, context))
    return [by_id[rid] for rid in ids if rid in by_id]
