"""Compiles a run filter (domain.search.ast) to a SQLAlchemy boolean expression over
`runs`. Every value travels as a bound parameter; no text is spliced into SQL.

Each comparison on a metric, param, tag or dataset becomes an EXISTS over that table,
so a run lacking the key never matches it, and NOT stays two-valued (a NULL never
leaks out of a comparison). Metric values are NULL where the value is NaN: NaN only
satisfies != and NOT IN, as in IEEE arithmetic."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import (
    ColumnElement,
    SQLColumnExpression,
    String,
    and_,
    exists,
    false,
    func,
    literal_column,
    not_,
    or_,
    true,
)
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql import operators
from sqlalchemy.sql.expression import UnaryExpression

from cairn_server.domain.entities import RunStatus
from cairn_server.domain.search import like
from cairn_server.domain.search.ast import (
    NULL_OPS,
    And,
    Comparison,
    Expr,
    Field,
    FieldKind,
    Not,
    Op,
    Or,
    Scalar,
)
from cairn_server.storage.sql.models import (
    DatasetRow,
    LatestMetricRow,
    ParamRow,
    RunInputRow,
    RunRow,
    RunTagRow,
)

Condition = ColumnElement[bool]
KeyedTable = type[LatestMetricRow] | type[ParamRow] | type[RunTagRow]

KEYED_TABLES: dict[FieldKind, KeyedTable] = {
    FieldKind.METRIC: LatestMetricRow,
    FieldKind.PARAM: ParamRow,
    FieldKind.TAG: RunTagRow,
}

ATTRIBUTE_COLUMNS: dict[str, InstrumentedAttribute[Any]] = {
    "run_id": RunRow.id,
    "run_name": RunRow.run_name,
    "user": RunRow.user,
    "artifact_uri": RunRow.artifact_uri,
    "experiment_id": RunRow.experiment_id,
    "parent_run_id": RunRow.parent_run_id,
    "start_time": RunRow.start_time,
    "end_time": RunRow.end_time,
    "status": RunRow.status,
}


def attribute_present(key: str) -> Condition | None:
    """For attributes a run may lack: end_time is 0 until the run ends, and top-level
    runs have no parent. None for attributes every run has."""
    if key == "end_time":
        return RunRow.end_time != 0
    if key == "parent_run_id":
        return RunRow.parent_run_id.is_not(None)
    return None


@dataclass(frozen=True)
class Bound:
    """A field whose row the query already joins (inner) as `value`: comparisons on it
    test that column instead of a subquery, which lets the planner use one index for
    both filtering and ordering."""

    field: Field
    value: SQLColumnExpression[Any]


# PostgreSQL indexes a param's or tag's value by its first VALUE_PREFIX characters
# under the C collation (migration 0008): btree entries there cannot hold the longest
# values. SQLite indexes whole values.
VALUE_PREFIX = 256


def value_prefix(dialect: str, column: SQLColumnExpression[Any]) -> ColumnElement[str] | None:
    """The indexed prefix of a param or tag value on PostgreSQL (None on SQLite). The
    length is rendered inline: a bound parameter would not match the index's
    expression in a generic plan."""
    if dialect != "postgresql":
        return None
    length: ColumnElement[int] = literal_column(str(VALUE_PREFIX))
    return func.left(column, length, type_=String).collate("C")


def prefix_equals(
    prefix: ColumnElement[str], column: SQLColumnExpression[Any], values: list[Any]
) -> Condition:
    """`column IN values` through the indexed prefix. For values shorter than the
    prefix the prefix test alone is exact (a prefix that short is the whole value) and
    it is the clause the planner has statistics for (migration 0008); longer values
    also test the whole value."""
    cuts = sorted({str(v)[:VALUE_PREFIX] for v in values})
    test = prefix == cuts[0] if len(cuts) == 1 else prefix.in_(cuts)
    if all(len(str(v)) < VALUE_PREFIX for v in values):
        return test
    return and_(test, column == values[0] if len(values) == 1 else column.in_(values))


def sort_value(dialect: str, column: SQLColumnExpression[Any]) -> SQLColumnExpression[Any]:
    """A param or tag value as it sorts: bytewise (code point order) on both
    databases, SQLite's BINARY and PostgreSQL's "C" whatever the database collation.
    Byte order is also what lets the value prefix's order stand for the value's."""
    return column.collate("C") if dialect == "postgresql" else column


def _number(value: Scalar) -> float | int:
    # Integral values bind as integers so comparisons with BIGINT time columns stay
    # index-friendly on PostgreSQL (bigint > float8 would cast the column).
    assert isinstance(value, float)
    # Integral values past int64 stay floats: as ints they overflow the bound parameter.
    return int(value) if value.is_integer() and abs(value) < 2**63 else value


def _values(value: object) -> list[Any]:
    assert isinstance(value, tuple)
    return list(value)


# Attribute columns with an index that a LIKE prefix can be read from (migration 0006).
PREFIX_INDEXED = frozenset({"run_name"})


def prefix_range(dialect: str, column: SQLColumnExpression[Any], prefix: str) -> list[Condition]:
    """`column` starts with `prefix`, as an index range. On SQLite strings compare
    bytewise (BINARY), on PostgreSQL the pattern operators ~>=~ and ~<~ compare
    bytewise whatever the collation, and an index with varchar_pattern_ops serves
    them. UTF-8 byte order is code point order, so the range holds exactly the
    strings that start with the prefix."""
    upper = like.prefix_upper_bound(prefix)
    if dialect == "postgresql":
        ge = column.op("~>=~", is_comparison=True)
        lt = column.op("~<~", is_comparison=True)
        return [ge(prefix)] + ([lt(upper)] if upper is not None else [])
    return [column >= prefix] + ([column < upper] if upper is not None else [])


class FilterCompiler:
    def __init__(
        self,
        dialect: str,
        bound: Bound | None = None,
        *,
        hide: bool = False,
        prefixes: frozenset[str] = frozenset(),
        outer_id: SQLColumnExpression[str] | None = None,
    ) -> None:
        self.dialect = dialect
        self.bound = bound
        # See `unindexed`: keeps SQLite walking the sort key's index.
        self.hide = hide
        # LIKE prefixes of indexed attributes worth reading as an index range (the
        # caller checked they are selective): `run_name LIKE 'abc%'` also gets
        # `run_name >= 'abc' AND run_name < 'abd'`, which means the same.
        self.prefixes = prefixes
        # The run id the EXISTS subqueries correlate with: runs.id, or the run_id of
        # the keyed row that drives the query (equal to it by the join). Correlated
        # with the driving row, SQLite tests them before looking up the run, which a
        # selective filter then spares for most rows walked.
        self.outer_id: SQLColumnExpression[str] = RunRow.id if outer_id is None else outer_id

    def _column(self, key: str) -> SQLColumnExpression[Any]:
        column = ATTRIBUTE_COLUMNS[key]
        if self.hide and key not in ("run_id", "parent_run_id"):
            return unindexed(column)
        return column

    def compile(self, expr: Expr) -> Condition:
        if isinstance(expr, And):
            return and_(*(self.compile(item) for item in expr.items))
        if isinstance(expr, Not):
            return self._not(expr.item)
        if isinstance(expr, Comparison):
            return self._comparison(expr)
        return self._or(expr)

    def _not(self, item: Expr) -> Condition:
        """NOT of `item`, without a double negation where one is exact: `NOT x IS NULL`
        is `x IS NOT NULL`, a plain EXISTS. PostgreSQL turns EXISTS into a semi-join,
        but `NOT (NOT EXISTS ...)` it ran as a hashed subplan over every row with the
        key (`NOT tags.priority IS NULL` read all 33,000 such tags at 100k runs: 20 ms,
        against 2 ms for the semi-join walking the sort order)."""
        if isinstance(item, Not):
            return self.compile(item.item)
        if isinstance(item, Comparison) and item.op in NULL_OPS:
            flipped = Op.IS_NOT_NULL if item.op is Op.IS_NULL else Op.IS_NULL
            return self._comparison(replace(item, op=flipped))
        return not_(self.compile(item))

    def _or(self, expr: Or) -> Condition:
        """OR of tests on one param, tag or metric becomes one EXISTS with the tests
        OR'ed inside - `tags.team = 'a' OR tags.team = 'b'` reads like IN. Same
        meaning (each run has one row per key), but a semi-join the planner can drive,
        where an OR of subqueries has to be checked run by run."""
        merged: dict[Field, list[Comparison]] = {}
        others: list[Condition] = []
        for item in expr.items:
            mergeable = (
                isinstance(item, Comparison)
                and item.field.kind in KEYED_TABLES
                and item.op not in NULL_OPS
                and not (self.bound is not None and item.field == self.bound.field)
            )
            if mergeable:
                assert isinstance(item, Comparison)
                merged.setdefault(item.field, []).append(item)
            else:
                others.append(self.compile(item))
        for field, tests in merged.items():
            table = KEYED_TABLES[field.kind]
            value_tests = [self._value_test(c, table.value) for c in tests]
            others.append(self._has(table.run_id, table.key == field.key, or_(*value_tests)))
        return or_(*others)

    # -- comparisons --------------------------------------------------------------

    def _comparison(self, c: Comparison) -> Condition:
        kind = c.field.kind
        if self.bound is not None and c.field == self.bound.field:
            if c.op is Op.IS_NULL:
                return false()
            if c.op is Op.IS_NOT_NULL:
                return true()
            return self._value_test(c, self.bound.value)
        if kind in KEYED_TABLES:
            table = KEYED_TABLES[kind]
            if c.op is Op.IS_NULL:
                return not_(self._has(table.run_id, table.key == c.field.key))
            if c.op is Op.IS_NOT_NULL:
                return self._has(table.run_id, table.key == c.field.key)
            return self._has(
                table.run_id, table.key == c.field.key, self._value_test(c, table.value)
            )
        if kind is FieldKind.DATASET:
            return self._dataset(c)
        return self._attribute(c)

    def _value_test(self, c: Comparison, column: SQLColumnExpression[Any]) -> Condition:
        if c.field.kind is FieldKind.METRIC:
            test = self._scalar_test(c.op, column, c.value, numeric=True)
            if c.op in (Op.NE, Op.NOT_IN):
                return or_(test, column.is_(None))  # NaN differs from every number
            return test
        prefix = value_prefix(self.dialect, column)
        if prefix is not None and c.op in (Op.EQ, Op.IN):
            return prefix_equals(prefix, column, _values(c.value) if c.op is Op.IN else [c.value])
        return self._scalar_test(c.op, column, c.value, numeric=False)

    def _scalar_test(
        self, op: Op, column: SQLColumnExpression[Any], value: object, *, numeric: bool
    ) -> Condition:
        if op is Op.IN:
            return column.in_(_values(value))
        if op is Op.NOT_IN:
            return column.not_in(_values(value))
        if op in (Op.LIKE, Op.ILIKE, Op.NOT_LIKE, Op.NOT_ILIKE):
            assert isinstance(value, str)
            test = self._like(column, value, ignore_case=op in (Op.ILIKE, Op.NOT_ILIKE))
            return not_(test) if op in (Op.NOT_LIKE, Op.NOT_ILIKE) else test
        assert isinstance(value, float | str)
        bound_value = _number(value) if numeric else value
        compare: dict[Op, Callable[[Any, Any], Condition]] = {
            Op.EQ: lambda a, b: a == b,
            Op.NE: lambda a, b: a != b,
            Op.LT: lambda a, b: a < b,
            Op.LE: lambda a, b: a <= b,
            Op.GT: lambda a, b: a > b,
            Op.GE: lambda a, b: a >= b,
        }
        return compare[op](column, bound_value)

    def _like(
        self, column: SQLColumnExpression[Any], pattern: str, *, ignore_case: bool
    ) -> Condition:
        parts = like.parse(pattern)
        if self.dialect == "sqlite":
            # SQLite's LIKE ignores ASCII case and GLOB respects it: one of each.
            if ignore_case:
                return column.like(like.to_like(parts), escape="\\")
            return column.op("GLOB", is_comparison=True)(like.to_glob(parts))
        if ignore_case:
            return column.ilike(like.to_like(parts), escape="\\")
        return column.like(like.to_like(parts), escape="\\")

    def _dataset(self, c: Comparison) -> Condition:
        if c.op is Op.IS_NULL:
            return not_(self._has(RunInputRow.run_id))
        if c.op is Op.IS_NOT_NULL:
            return self._has(RunInputRow.run_id)
        column: SQLColumnExpression[Any] = (
            RunInputRow.context if c.field.key == "context" else getattr(DatasetRow, c.field.key)
        )
        return self._has(
            RunInputRow.run_id,
            DatasetRow.id == RunInputRow.dataset_id,
            self._scalar_test(c.op, column, c.value, numeric=False),
        )

    def _has(self, run_id: SQLColumnExpression[str], *conditions: Condition) -> Condition:
        """Runs having a row that meets `conditions`. A correlated EXISTS rather than
        `id IN (subquery)`: SQLite would materialise the whole IN list before reading
        the first run, and PostgreSQL plans both as the same semi-join."""
        return exists().where(run_id == self.outer_id, *conditions)

    def _attribute(self, c: Comparison) -> Condition:
        if c.field.key == "status":
            return self._status(c)
        present = attribute_present(c.field.key)
        if c.op is Op.IS_NULL:
            return false() if present is None else not_(present)
        if c.op is Op.IS_NOT_NULL:
            return true() if present is None else present
        column = self._column(c.field.key)
        value = c.value
        if c.field.key in ("start_time", "end_time") and isinstance(value, tuple):
            value = tuple(_number(v) for v in value)
        test = self._scalar_test(
            c.op, column, value, numeric=c.field.key in ("start_time", "end_time")
        )
        if c.op is Op.LIKE and c.field.key in PREFIX_INDEXED and isinstance(value, str):
            prefix = like.literal_prefix(like.parse(value))
            if prefix and prefix in self.prefixes:
                ranged = prefix_range(self.dialect, ATTRIBUTE_COLUMNS[c.field.key], prefix)
                test = and_(test, *ranged)
        return test if present is None else and_(present, test)

    def _status(self, c: Comparison) -> Condition:
        """Statuses are stored as numbers but compared by name, as MLflow stores them,
        so every operator is decided here over the five names."""
        if c.op is Op.IS_NULL:
            return false()
        if c.op is Op.IS_NOT_NULL:
            return true()
        codes = [int(s) for s in RunStatus if _name_matches(s.name, c.op, c.value)]
        if not codes:
            return false()
        if len(codes) == len(RunStatus):
            return true()
        return self._column("status").in_(codes)


def like_prefixes(expr: Expr | None, key: str) -> set[str]:
    """The literal prefixes of the LIKE comparisons on attribute `key` in `expr`."""
    if expr is None:
        return set()
    if isinstance(expr, Comparison):
        is_like = expr.op is Op.LIKE and expr.field.kind is FieldKind.ATTRIBUTE
        if is_like and expr.field.key == key and isinstance(expr.value, str):
            prefix = like.literal_prefix(like.parse(expr.value))
            return {prefix} if prefix else set()
        return set()
    if isinstance(expr, Not):
        return like_prefixes(expr.item, key)
    return set().union(*(like_prefixes(item, key) for item in expr.items))


def unindexed(column: InstrumentedAttribute[Any]) -> ColumnElement[Any]:
    """The column behind SQLite's no-op unary plus, which hides it from index selection.

    SQLite's planner does not weigh LIMIT when it orders joins: given an equality on
    an indexed runs column (experiment, status) it reads every matching run and sorts
    them all, even when walking the sort key's index would stop after a page. Hiding
    the columns leaves that walk as the only cheap plan. PostgreSQL costs LIMIT
    properly and never sees this."""
    expression = column.expression
    return UnaryExpression(expression, operator=operators.custom_op("+"), type_=expression.type)


def _name_matches(name: str, op: Op, value: object) -> bool:
    if op in (Op.IN, Op.NOT_IN):
        assert isinstance(value, tuple)
        return (name in value) == (op is Op.IN)
    assert isinstance(value, str)
    if op is Op.EQ:
        return name == value
    if op is Op.NE:
        return name != value
    matched = like.matches(name, value, ignore_case=op in (Op.ILIKE, Op.NOT_ILIKE))
    return matched == (op in (Op.LIKE, Op.ILIKE))
