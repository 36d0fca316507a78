"""Loads pages of runs with their params, tags, metric summaries and inputs.

The same result as SqlTrackingRepository.get_runs, read as plain rows rather than ORM
objects: a page of 100 runs carries some 2,000 param, tag and metric rows, and
building ORM instances for them cost more than the search query itself."""

from __future__ import annotations

import math
from collections.abc import Sequence

from sqlalchemy import select
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


def load_runs(session: Session, run_ids: Sequence[str]) -> list[Run]:
    """Runs in the order of `run_ids`; unknown ids are left out."""
    if not run_ids:
        return []
    ids = list(run_ids)
    r = RunRow
    by_id: dict[str, Run] = {}
    for row in session.execute(
        select(
            r.id,
            r.experiment_id,
            r.run_name,
            r.parent_run_id,
            r.status,
            r.start_time,
            r.end_time,
            r.user,
            r.lifecycle_state,
            r.artifact_uri,
            r.create_time,
            r.update_time,
        ).where(r.id.in_(ids))
    ):
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
    for rid, key, value in session.execute(
        select(ParamRow.run_id, ParamRow.key, ParamRow.value)
        .where(ParamRow.run_id.in_(found))
        .order_by(ParamRow.run_id, ParamRow.key)
    ):
        by_id[rid].params[key] = value
    for rid, key, value in session.execute(
        select(RunTagRow.run_id, RunTagRow.key, RunTagRow.value)
        .where(RunTagRow.run_id.in_(found))
        .order_by(RunTagRow.run_id, RunTagRow.key)
    ):
        by_id[rid].tags[key] = value
    m = LatestMetricRow
    for rid, key, latest, step, stamp, low, high, count in session.execute(
        select(
            m.run_id, m.key, m.value, m.step, m.timestamp, m.min_value, m.max_value, m.point_count
        )
        .where(m.run_id.in_(found))
        .order_by(m.run_id, m.key)
    ):
        by_id[rid].metrics.append(
            MetricSummary(key, _nan(latest), step, stamp, _nan(low), _nan(high), count)
        )
    for rid, context, name, digest, uri, kind, schema, profile in session.execute(
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
        .where(RunInputRow.run_id.in_(found))
        .order_by(DatasetRow.name, RunInputRow.context)
    ):
        dataset = Dataset(name, digest, uri, kind, schema, profile)
        by_id[rid].inputs.append(DatasetInput(dataset, context))
    return [by_id[rid] for rid in ids if rid in by_id]
