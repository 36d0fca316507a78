"""SQL for the registry's filter grammar and keyset pagination, on both dialects."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, or_, select
from sqlalchemy.orm import InstrumentedAttribute

from cairn_server.domain.registry_filter import Clause
from cairn_server.storage.sql.models import DatasetRow, RunInputRow, RunRow
from cairn_server.storage.sql.registry_models import (
    ModelAliasRow,
    ModelVersionRow,
    ModelVersionTagRow,
    RegisteredModelRow,
    RegisteredModelTagRow,
)

Column = ColumnElement[Any] | InstrumentedAttribute[Any]

MODEL_COLUMNS: Mapping[str, Column] = {
    "name": RegisteredModelRow.name,
    "create_time": RegisteredModelRow.create_time,
    "update_time": RegisteredModelRow.update_time,
}

VERSION_COLUMNS: Mapping[str, Column] = {
    "name": RegisteredModelRow.name,
    "version": ModelVersionRow.version,
    "create_time": ModelVersionRow.create_time,
    "update_time": ModelVersionRow.update_time,
    "run_id": ModelVersionRow.run_id,
    "stage": ModelVersionRow.stage,
    "status": ModelVersionRow.status,
    "source_uri": ModelVersionRow.source_uri,
    "digest": ModelVersionRow.digest,
    "created_by": ModelVersionRow.created_by,
}


def like_to_glob(pattern: str) -> str:
    """SQLite's LIKE ignores case, GLOB does not: LIKE wildcards become GLOB ones and
    GLOB's own special characters are bracketed to stay literal."""
    out = []
    for ch in pattern:
        if ch == "%":
            out.append("*")
        elif ch == "_":
            out.append("?")
        elif ch in "*?[":
            out.append(f"[{ch}]")
        else:
            out.append(ch)
    return "".join(out)


def compare(column: Column, op: str, value: Any, dialect: str) -> ColumnElement[bool]:
    if op == "IN":
        return column.in_(list(value))
    if op == "LIKE":
        if dialect == "sqlite":
            return column.op("GLOB")(like_to_glob(str(value)))
        return column.like(value)
    if op == "ILIKE":
        return column.ilike(value)
    if op == "=":
        return column == value  # type: ignore[no-any-return]
    if op == "!=":
        return column != value  # type: ignore[no-any-return]
    if op == "<":
        return column < value  # type: ignore[no-any-return]
    if op == "<=":
        return column <= value  # type: ignore[no-any-return]
    if op == ">":
        return column > value  # type: ignore[no-any-return]
    if op == ">=":
        return column >= value  # type: ignore[no-any-return]
    raise AssertionError(f"operator {op} was not rejected by the parser")


def model_condition(clause: Clause, dialect: str) -> ColumnElement[bool]:
    m = RegisteredModelRow
    if clause.field == "tags":
        t = RegisteredModelTagRow
        return exists().where(
            t.model_id == m.id,
            t.key == clause.key,
            compare(t.value, clause.op, clause.value, dialect),
        )
    if clause.field == "alias":
        a = ModelAliasRow
        return exists().where(
            a.model_id == m.id, compare(a.alias, clause.op, clause.value, dialect)
        )
    return compare(MODEL_COLUMNS[clause.field], clause.op, clause.value, dialect)


def version_condition(clause: Clause, dialect: str) -> ColumnElement[bool]:
    v = ModelVersionRow
    if clause.field == "tags":
        t = ModelVersionTagRow
        return exists().where(
            t.model_id == v.model_id,
            t.version == v.version,
            t.key == clause.key,
            compare(t.value, clause.op, clause.value, dialect),
        )
    if clause.field == "alias":
        a = ModelAliasRow
        return exists().where(
            a.model_id == v.model_id,
            a.version == v.version,
            compare(a.alias, clause.op, clause.value, dialect),
        )
    return compare(VERSION_COLUMNS[clause.field], clause.op, clause.value, dialect)


def order_columns(
    order: Sequence[tuple[str, bool]], columns: Mapping[str, Column]
) -> list[ColumnElement[Any]]:
    return [columns[f].desc() if desc else columns[f].asc() for f, desc in order]


def keyset_after(
    order: Sequence[tuple[str, bool]], columns: Mapping[str, Column], cursor: Sequence[Any]
) -> ColumnElement[bool]:
    """Rows strictly after `cursor` in `order`: (a > x) OR (a = x AND b > y) OR …"""
    alternatives = []
    for i, (field, desc) in enumerate(order):
        column = columns[field]
        equal = [columns[f] == cursor[j] for j, (f, _) in enumerate(order[:i])]
        beyond = column < cursor[i] if desc else column > cursor[i]
        alternatives.append(and_(*equal, beyond))
    return or_(false(), *alternatives)


def run_tree(run_id: str | None, dataset_digest: str | None) -> Any:
    """A recursive CTE (column `id`) of the runs a lineage query starts from (the run,
    or every run that consumed the dataset) and all runs nested under them: a version
    built in a child run is built from what its parents were given."""
    if run_id is not None:
        start = select(RunRow.id.label("id")).where(RunRow.id == run_id)
    else:
        start = (
            select(RunInputRow.run_id.label("id"))
            .join(DatasetRow, DatasetRow.id == RunInputRow.dataset_id)
            .where(DatasetRow.digest == dataset_digest)
        )
    tree = start.cte("lineage_runs", recursive=True)
    # UNION (not UNION ALL) drops repeats, so the recursion ends even on odd data.
    return tree.union(select(RunRow.id).where(RunRow.parent_run_id == tree.c.id))
