"""Run search over SQL: filter, multi-key order with missing values last, and keyset
pages, built so that the first sort key can be read in index order.

For the first order key the runs fall into groups (see domain.search.analysis): those
with a value, those whose metric is NaN, and those lacking the key. Each group is one
query; a page reads the groups in order until it is full. Within the value group the
query is driven by the key's index on (key, value, run_id) - an inner join on one row
per run - so `ORDER BY value LIMIT n` stops after n index entries instead of sorting
every run. Further order keys are outer joins with a rank column that puts NaN and
missing values last in either direction. A page ends with the sort values of its last
run (the cursor); the next page starts strictly after it, so runs added meanwhile can
neither shift nor repeat rows."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Select,
    SQLColumnExpression,
    and_,
    case,
    exists,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import NamedFromClause

from cairn_server.domain.entities import Lifecycle, Run, RunStatus, ViewType
from cairn_server.domain.errors import InvalidArgument
from cairn_server.domain.search.analysis import Group, possible_groups
from cairn_server.domain.search.ast import (
    Aggregate,
    And,
    Comparison,
    Field,
    FieldKind,
    Op,
    OrderKey,
    ValueType,
)
from cairn_server.domain.search.query import RunQuery
from cairn_server.storage.search_ports import (
    Cursor,
    RunSearchRepository,
    SearchUnitOfWork,
    SearchUowFactory,
)
from cairn_server.storage.sql.models import ExperimentRow, RunRow
from cairn_server.storage.sql.run_loader import load_runs
from cairn_server.storage.sql.search_filters import (
    ATTRIBUTE_COLUMNS,
    KEYED_TABLES,
    PREFIX_INDEXED,
    VALUE_PREFIX,
    Bound,
    FilterCompiler,
    attribute_present,
    like_prefixes,
    prefix_equals,
    prefix_range,
    sort_value,
    unindexed,
    value_prefix,
)

START_TIME = Field(FieldKind.ATTRIBUTE, "start_time", ValueType.NUMBER)
_PAGE_ESTIMATE = 100
# Distinct values of a first order key searched one by one before the rest is read
# as one walk of that key (see SqlRunSearch._by_first_values).
_MAX_VALUE_STEPS = 16
_MAX_LISTED_EXPERIMENTS = 1000

# Status sorts by name, as MLflow stores it: FAILED < FINISHED < KILLED < ...
_STATUS_RANK = {int(s): rank for rank, s in enumerate(sorted(RunStatus, key=lambda s: s.name))}


def _from_value(column: Any, value: Any, descending: bool, inclusive: bool) -> Any:
    """`column` from `value` on in sort order (or past it, when not inclusive)."""
    if descending:
        return column <= value if inclusive else column < value
    return column >= value if inclusive else column > value


def _walk_threshold(total: int) -> int:
    """Rows from which walking a sort key's index for a page beats reading those rows
    and sorting them: about sqrt(page x total) (see SqlRunSearch._hide_scope)."""
    return int(math.sqrt(_PAGE_ESTIMATE * max(total, 1))) + 1


def _big_group_threshold(total: int) -> int:
    """Rows of one first-key value from which the value is searched on its own."""
    return _walk_threshold(total)


def _status_rank() -> ColumnElement[int]:
    return case(_STATUS_RANK, value=RunRow.status)


def _alias(kind: FieldKind) -> NamedFromClause:
    """A fresh alias of the metric, param or tag table. Core aliases, not ORM ones:
    building ORM adapters took longer than running the query."""
    return KEYED_TABLES[kind].__table__.alias()


def _aggregate(table: NamedFromClause, aggregate: Aggregate) -> ColumnElement[Any]:
    if aggregate is Aggregate.MIN:
        return table.c["min_value"]
    if aggregate is Aggregate.MAX:
        return table.c["max_value"]
    return table.c["value"]


def _groups_of(key: OrderKey) -> frozenset[Group]:
    kind = key.field.kind
    if kind is FieldKind.METRIC:
        return frozenset(Group)
    if kind in KEYED_TABLES or attribute_present(key.field.key) is not None:
        return frozenset({Group.VALUE, Group.MISSING})
    return frozenset({Group.VALUE})


@dataclass
class _Term:
    """A further order key: rank (0 value, 1 NaN, 2 missing; None if never missing)
    then value."""

    rank: ColumnElement[int] | None
    value: SQLColumnExpression[Any]
    descending: bool


@dataclass
class _Plan:
    stmt: Select[Any]
    run_id: SQLColumnExpression[str]
    first: SQLColumnExpression[Any] | None  # the first key's value; None outside the value group
    # The indexed prefix of a first param or tag (PostgreSQL; see search_filters.value_prefix):
    # the order is (prefix, first), which is first's order.
    first_prefix: ColumnElement[str] | None
    terms: list[_Term]
    descending: bool
    ties_descending: bool


def _after(components: list[tuple[SQLColumnExpression[Any], bool, Any]]) -> ColumnElement[bool]:
    """Rows strictly after the cursor in lexicographic order of mixed directions:
    a > x OR (a = x AND (b > y OR (b = y AND ...))), plus `a >= x` alone, which the
    planner can use as an index bound."""
    expr: ColumnElement[bool] | None = None
    for column, desc, value in reversed(components):
        beyond = column < value if desc else column > value
        expr = beyond if expr is None else or_(beyond, and_(column == value, expr))
    assert expr is not None
    column, desc, value = components[0]
    return and_(column <= value if desc else column >= value, expr)


class SqlRunSearch:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.dialect = session.get_bind().dialect.name
        self._deleted: list[str] | None = None

    # -- experiments and runs -------------------------------------------------------

    def experiment_states(self, experiment_ids: Sequence[str]) -> dict[str, Lifecycle]:
        rows = self.session.execute(
            select(ExperimentRow.id, ExperimentRow.lifecycle_state).where(
                ExperimentRow.id.in_(list(experiment_ids))
            )
        )
        return {exp_id: Lifecycle(state) for exp_id, state in rows}

    def load_runs(self, run_ids: Sequence[str]) -> list[Run]:
        return load_runs(self.session, run_ids)

    # -- search ---------------------------------------------------------------------

    def find(self, query: RunQuery, after: Cursor | None, limit: int) -> list[Cursor]:
        first = query.order[0]
        groups = _groups_of(first) & possible_groups(query.filter, first.field)
        if query.only_with_value:
            groups &= {Group.VALUE}
        if after is not None:
            _check_cursor(query, after)
        start = Group(after[0]) if after is not None else Group.VALUE
        found: list[Cursor] = []
        hide = self._hide_scope(query)
        scope = self._scope(query, hide)
        prefixes = self._selective_prefixes(query)
        for group in sorted(groups):
            if group < start or len(found) >= limit:
                continue
            here = after if after is not None and group == start else None
            if group is Group.VALUE and self._steps_by_value(query):
                found += self._by_first_values(query, here, limit - len(found))
                continue
            plan = self._plan(query, group, hide, scope, prefixes)
            stmt = plan.stmt
            if here is not None:
                stmt = stmt.where(self._beyond(plan, here))
            for row in self.session.connection().execute(stmt.limit(limit - len(found))):
                found.append(self._cursor(plan, group, row))
        return found

    # -- several order keys, a first one with few distinct values ------------------

    @staticmethod
    def _steps_by_value(query: RunQuery) -> bool:
        first = query.order[0]
        return (
            len(query.order) > 1
            and first.field.kind in KEYED_TABLES
            and first.aggregate is Aggregate.LATEST
        )

    def _next_value(self, field: Field, descending: bool, after: Any, inclusive: bool) -> Any:
        """The first value of `field` in sort order after `after` (or from it, if
        inclusive), over all runs: one index seek on (key, value)."""
        table = KEYED_TABLES[field.kind].__table__
        value, prefix = self._sorted(field, table.c.value)
        if prefix is not None:
            return self._next_by_prefix(
                table, field.key, value, prefix, descending, after, inclusive
            )
        stmt = select(value).where(table.c.key == field.key, value.is_not(None))
        if after is not None:
            stmt = stmt.where(_from_value(value, after, descending, inclusive))
        return self.session.scalar(stmt.order_by(value.desc() if descending else value).limit(1))

    def _next_by_prefix(
        self,
        table: Any,
        key: str,
        value: SQLColumnExpression[Any],
        prefix: ColumnElement[str],
        descending: bool,
        after: str | None,
        inclusive: bool,
    ) -> str | None:
        """_next_value over PostgreSQL's prefix index (search_filters.value_prefix).
        A prefix shorter than VALUE_PREFIX is a whole value, and comparing a value
        with a string that short means comparing its prefix. So a seek on the prefix
        finds the next value; only where values are long enough to share a prefix are
        they read from the rows, among those sharing it."""

        def first(stmt: Select[Any], column: SQLColumnExpression[Any]) -> Any:
            ordered = stmt.order_by(column.desc() if descending else column.asc())
            return self.session.scalar(ordered.limit(1))

        keyed = select(prefix).where(table.c.key == key)
        if after is not None and len(after) >= VALUE_PREFIX:
            cut = after[:VALUE_PREFIX]
            sharing = select(value).where(
                table.c.key == key, prefix == cut, _from_value(value, after, descending, inclusive)
            )
            found = first(sharing, value)
            if found is not None:
                return str(found)
            keyed = keyed.where(_from_value(prefix, cut, descending, False))
        elif after is not None:
            keyed = keyed.where(_from_value(prefix, after, descending, inclusive))
        cut = first(keyed, prefix)
        if cut is None or len(cut) < VALUE_PREFIX:
            return cast(str | None, cut)
        return str(first(select(value).where(table.c.key == key, prefix == cut), value))

    def _sorted(
        self, field: Field, column: SQLColumnExpression[Any]
    ) -> tuple[SQLColumnExpression[Any], ColumnElement[str] | None]:
        """A keyed field's value as it sorts, and the indexed prefix that leads its
        order on PostgreSQL for params and tags (search_filters.value_prefix)."""
        if field.kind is FieldKind.METRIC:
            return column, None
        return sort_value(self.dialect, column), value_prefix(self.dialect, column)

    def _big_group(self, field: Field, value: Any, threshold: int) -> bool:
        """Whether at least `threshold` runs have `value`: a count capped there on
        SQLite. PostgreSQL's prefix index cannot count index-only (an expression
        index never serves index-only scans), so there the planner's estimate
        answers, from its statistics on (key, prefix) (migration 0008), as
        _count_bound takes its total from them: a wrong guess costs time, not rows."""
        table = KEYED_TABLES[field.kind].__table__
        prefix = self._sorted(field, table.c.value)[1]
        if prefix is None:
            # Selects an indexed column: SQLite would look each run_id up in the table.
            stmt = select(table.c.key).where(table.c.key == field.key, table.c.value == value)
            return self._at_least(stmt, threshold)
        equal = prefix_equals(prefix, table.c.value, [value])
        return (
            self._estimated_rows(select(table.c.run_id).where(table.c.key == field.key, equal))
            >= threshold
        )

    def _estimated_rows(self, stmt: Select[Any]) -> float:
        compiled = stmt.compile(dialect=self.session.get_bind().dialect)
        plan = (
            self.session.connection()
            .exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compiled}", compiled.params)
            .scalar_one()
        )
        return float(plan[0]["Plan"]["Plan Rows"])

    def _at_least(self, stmt: Select[Any], threshold: int) -> bool:
        """Whether `stmt` has at least `threshold` rows, reading no more than that."""
        capped = stmt.limit(threshold).subquery()
        return (self.session.scalar(select(func.count()).select_from(capped)) or 0) >= threshold

    def _by_first_values(self, query: RunQuery, after: Cursor | None, limit: int) -> list[Cursor]:
        """The value group of the first key when more keys follow: `ORDER BY a, b`
        with few distinct values of `a` (a param with five values, say).

        Read as one statement, the database walks `a`'s index but must sort each
        whole group of equal `a` by `b` before the first row of a page comes out - a
        fifth of all runs for such a param. Instead each value of `a` whose group is
        big is searched on its own as `filter AND a = value ORDER BY b, ...`, which
        walks `b`'s index and stops after a page. Once a group is small (fewer than
        about sqrt(100 x runs) rows; then values are many and sorting a group is
        cheap), or after _MAX_VALUE_STEPS values, the rest is the single statement
        again, starting at that value. The order, ties and cursors are the same."""
        first = query.order[0]
        threshold = _big_group_threshold(self._count_bound())
        found: list[Cursor] = []
        value: Any = after[1] if after is not None else None
        inclusive = after is not None
        for _ in range(_MAX_VALUE_STEPS):
            value = self._next_value(first.field, first.descending, value, inclusive)
            if value is None:
                return found
            at_cursor = after if after is not None and after[1] == value else None
            if not self._big_group(first.field, value, threshold):
                return found + self._plain_from(query, value, True, at_cursor, limit - len(found))
            equal = Comparison(first.field, Op.EQ, value)
            narrowed = And((query.filter, equal)) if query.filter is not None else equal
            sub = RunQuery(
                query.experiment_ids,
                query.view,
                narrowed,
                query.order[1:],
                ties_descending=self._ties(query),
            )
            for cursor in self.find(sub, at_cursor[2:] if at_cursor else None, limit - len(found)):
                found.append([int(Group.VALUE), value, *cursor])
            if len(found) >= limit:
                return found
            inclusive = False
            after = None
        return found + self._plain_from(query, value, False, None, limit - len(found))

    def _plain_from(
        self, query: RunQuery, value: Any, inclusive: bool, after: Cursor | None, limit: int
    ) -> list[Cursor]:
        """The value group in one statement, from `value` of the first key on."""
        hide = self._hide_scope(query)
        plan = self._plan(
            query, Group.VALUE, hide, self._scope(query, hide), self._selective_prefixes(query)
        )
        assert plan.first is not None
        stmt = plan.stmt.where(_from_value(plan.first, value, plan.descending, inclusive))
        if plan.first_prefix is not None:
            cut = value[:VALUE_PREFIX]
            stmt = stmt.where(_from_value(plan.first_prefix, cut, plan.descending, True))
        if after is not None:
            stmt = stmt.where(self._beyond(plan, after))
        rows = self.session.connection().execute(stmt.limit(limit))
        return [self._cursor(plan, Group.VALUE, row) for row in rows]

    @staticmethod
    def _ties(query: RunQuery) -> bool:
        if query.ties_descending is not None:
            return query.ties_descending
        return query.order[0].descending

    def _hide_scope(self, query: RunQuery) -> bool:
        """Whether to hide the experiment and attribute columns from SQLite's index
        choice (see search_filters.unindexed), so it walks the sort key's index.

        That walk reads about page/fraction rows, where fraction is the share of all
        runs in the searched experiments; reading the experiments' runs and sorting
        them reads all n of them. Walking wins when n * n > page * total."""
        if self.dialect != "sqlite":
            return False
        first = query.order[0].field
        if query.experiment_ids is None:
            return True
        if len(query.experiment_ids) == 1 and first == START_TIME:
            return False  # (experiment_id, lifecycle_state, start_time) serves both
        searched = select(RunRow.id).where(RunRow.experiment_id.in_(list(query.experiment_ids)))
        return self._at_least(searched, _walk_threshold(self._total_runs()))

    def _total_runs(self) -> int:
        # SQLite's rowid counts runs ever created: a cheap upper bound of the total.
        total = self.session.scalar(select(func.max(literal_column("rowid"))).select_from(RunRow))
        return int(total or 0)

    def _count_bound(self) -> int:
        """About how many runs there are: SQLite's largest rowid, PostgreSQL's
        planner estimate (reltuples, kept by ANALYZE and autovacuum)."""
        if self.dialect == "sqlite":
            return self._total_runs()
        estimate = self.session.scalar(
            text("SELECT reltuples FROM pg_class WHERE oid = 'runs'::regclass")
        )
        return int(estimate or 0)

    def _selective_prefixes(self, query: RunQuery) -> frozenset[str]:
        """LIKE prefixes of run_name to read from its index (see FilterCompiler).

        PostgreSQL gets them all and its planner weighs the range against walking the
        sort order. SQLite takes any usable range, and reading a prefix that most runs
        share, then sorting them, is slower than walking the sort key's index: there a
        prefix is used only when fewer than about sqrt(100 x total) runs have it (the
        rule of _hide_scope), counted with a capped query on the index."""
        found = set()
        for key in PREFIX_INDEXED:
            found |= like_prefixes(query.filter, key)
        if not found or self.dialect != "sqlite":
            return frozenset(found)
        threshold = _walk_threshold(self._total_runs())
        selective = set()
        for prefix in found:
            # run_name is covered by the index: no table lookups.
            having = select(RunRow.run_name).where(
                *prefix_range(self.dialect, RunRow.run_name, prefix)
            )
            if not self._at_least(having, threshold):
                selective.add(prefix)
        return frozenset(selective)

    def _scope(self, query: RunQuery, hide: bool) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        state_column = unindexed(RunRow.lifecycle_state) if hide else RunRow.lifecycle_state
        exp_column = unindexed(RunRow.experiment_id) if hide else RunRow.experiment_id
        if query.view is not ViewType.ALL:
            state = Lifecycle.DELETED if query.view is ViewType.DELETED_ONLY else Lifecycle.ACTIVE
            conditions.append(state_column == state.value)
        if query.experiment_ids is not None:
            ids = list(query.experiment_ids)
            conditions.append(exp_column == ids[0] if len(ids) == 1 else exp_column.in_(ids))
        elif query.view is ViewType.ACTIVE_ONLY:
            # "Every active experiment" as the few deleted ones to leave out: a semi-join
            # with experiments led PostgreSQL to hash every run before reading one.
            deleted = self._deleted_experiments()
            if len(deleted) > _MAX_LISTED_EXPERIMENTS:
                active = select(ExperimentRow.id).where(
                    ExperimentRow.lifecycle_state == Lifecycle.ACTIVE.value
                )
                conditions.append(exp_column.in_(active))
            elif deleted:
                conditions.append(exp_column.not_in(deleted))
        return conditions

    def _deleted_experiments(self) -> list[str]:
        """Up to _MAX_LISTED_EXPERIMENTS + 1 deleted experiments, read once per
        transaction (a search with several order keys builds several statements)."""
        if self._deleted is None:
            self._deleted = list(
                self.session.scalars(
                    select(ExperimentRow.id)
                    .where(ExperimentRow.lifecycle_state == Lifecycle.DELETED.value)
                    .limit(_MAX_LISTED_EXPERIMENTS + 1)
                )
            )
        return self._deleted

    def _plan(
        self,
        query: RunQuery,
        group: Group,
        hide: bool,
        scope: list[ColumnElement[bool]],
        prefixes: frozenset[str] = frozenset(),
    ) -> _Plan:
        first = query.order[0]
        field = first.field
        bound: Bound | None = None
        first_value: SQLColumnExpression[Any] | None = None
        first_prefix: ColumnElement[str] | None = None
        stmt: Select[Any]
        if field.kind in KEYED_TABLES:
            table = _alias(field.kind)
            if group is Group.MISSING:
                keyed = exists().where(table.c.run_id == RunRow.id, table.c.key == field.key)
                stmt = select(RunRow.id).where(~keyed)
                run_id: SQLColumnExpression[str] = RunRow.id
            else:
                run_id = table.c.run_id
                stmt = (
                    select(run_id)
                    .select_from(table)
                    .join(RunRow, RunRow.id == table.c.run_id)
                    .where(table.c.key == field.key)
                )
                bound = Bound(field, table.c.value)
                if field.kind is FieldKind.METRIC:
                    value = _aggregate(table, first.aggregate)
                    stmt = stmt.where(
                        value.is_not(None) if group is Group.VALUE else value.is_(None)
                    )
                    first_value = value if group is Group.VALUE else None
                else:
                    first_value, first_prefix = self._sorted(field, table.c.value)
        else:
            run_id = RunRow.id
            stmt = select(run_id)
            present = attribute_present(field.key)
            if present is not None:
                stmt = stmt.where(present if group is Group.VALUE else ~present)
            if group is Group.VALUE:
                first_value = (
                    _status_rank() if field.key == "status" else ATTRIBUTE_COLUMNS[field.key]
                )
        stmt = stmt.where(*scope)
        if query.filter is not None:
            compiler = FilterCompiler(
                self.dialect, bound, hide=hide, prefixes=prefixes, outer_id=run_id
            )
            stmt = stmt.where(compiler.compile(query.filter))
        terms: list[_Term] = []
        for key in query.order[1:]:
            stmt, term = self._term(stmt, key)
            terms.append(term)
        columns: list[SQLColumnExpression[Any]] = []
        order: list[SQLColumnExpression[Any]] = []
        if first_value is not None:
            columns.append(first_value)
            for sort in [first_value] if first_prefix is None else [first_prefix, first_value]:
                order.append(sort.desc() if first.descending else sort.asc())
        for term in terms:
            if term.rank is not None:
                columns.append(term.rank)
                order.append(term.rank.asc())
            columns.append(term.value)
            order.append(term.value.desc() if term.descending else term.value.asc())
        ties = self._ties(query)
        order.append(run_id.desc() if ties else run_id.asc())
        stmt = stmt.add_columns(*columns).order_by(*order)
        return _Plan(stmt, run_id, first_value, first_prefix, terms, first.descending, ties)

    def _term(self, stmt: Select[Any], key: OrderKey) -> tuple[Select[Any], _Term]:
        field = key.field
        if field.kind in KEYED_TABLES:
            table = _alias(field.kind)
            stmt = stmt.outerjoin(
                table, and_(table.c.run_id == RunRow.id, table.c.key == field.key)
            )
            missing = table.c.run_id.is_(None)
            value: SQLColumnExpression[Any]
            if field.kind is FieldKind.METRIC:
                value = _aggregate(table, key.aggregate)
                rank = case((missing, 2), (value.is_(None), 1), else_=0)
            else:
                value = self._sorted(field, table.c.value)[0]
                rank = case((missing, 2), else_=0)
            return stmt, _Term(rank, value, key.descending)
        present = attribute_present(field.key)
        column = _status_rank() if field.key == "status" else ATTRIBUTE_COLUMNS[field.key]
        rank_expr = None if present is None else case((present, 0), else_=2)
        return stmt, _Term(rank_expr, column, key.descending)

    @staticmethod
    def _beyond(plan: _Plan, after: Cursor) -> ColumnElement[bool]:
        components: list[tuple[SQLColumnExpression[Any], bool, Any]] = []
        if plan.first_prefix is not None:
            components.append((plan.first_prefix, plan.descending, after[1][:VALUE_PREFIX]))
        if plan.first is not None:
            components.append((plan.first, plan.descending, after[1]))
        for i, term in enumerate(plan.terms):
            rank, value = after[2 + 2 * i], after[3 + 2 * i]
            if term.rank is not None:
                components.append((term.rank, False, rank))
            if rank == 0:  # NaN and missing values all sort alike: no value to compare
                components.append((term.value, term.descending, value))
        components.append((plan.run_id, plan.ties_descending, after[-1]))
        return _after(components)

    @staticmethod
    def _cursor(plan: _Plan, group: Group, row: Any) -> Cursor:
        values = list(row)
        cursor: Cursor = [int(group)]
        i = 1
        if plan.first is not None:
            cursor.append(values[i])
            i += 1
        else:
            cursor.append(None)
        for term in plan.terms:
            rank = int(values[i]) if term.rank is not None else 0
            if term.rank is not None:
                i += 1
            cursor += [rank, values[i] if rank == 0 else None]
            i += 1
        cursor.append(values[0])
        return cursor


def _bad_token() -> InvalidArgument:
    return InvalidArgument(
        "page_token does not fit this query; pass the next_page_token of a previous response",
        field="page_token",
        reason="INVALID_PAGE_TOKEN",
    )


def _fits(key: OrderKey, value: Any) -> bool:
    is_status = key.field.kind is FieldKind.ATTRIBUTE and key.field.key == "status"
    if key.field.value_type is ValueType.NUMBER or is_status:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return ok and not (isinstance(value, float) and math.isnan(value))
    return isinstance(value, str)


def _check_cursor(query: RunQuery, after: Cursor) -> None:
    """Tokens are opaque but client-held: check the shape before binding any of it."""
    rest = query.order[1:]
    if len(after) != 3 + 2 * len(rest) or not isinstance(after[-1], str):
        raise _bad_token()
    if after[0] not in (0, 1, 2) or isinstance(after[0], bool):
        raise _bad_token()
    if after[0] == Group.VALUE and not _fits(query.order[0], after[1]):
        raise _bad_token()
    for i, key in enumerate(rest):
        rank, value = after[2 + 2 * i], after[3 + 2 * i]
        if rank not in (0, 1, 2) or isinstance(rank, bool):
            raise _bad_token()
        if rank == 0 and not _fits(key, value):
            raise _bad_token()


class SqlSearchUnitOfWork:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.search: RunSearchRepository = SqlRunSearch(session)


def sql_search_uow_factory(uow_factory: Any) -> SearchUowFactory:
    """Wraps the tracking unit of work (storage/sql/unit_of_work.py). Searches only
    read, so they take its read-only transactions: deferred on SQLite, where they then
    run beside writers instead of queueing for the write lock, and read through its
    memory map (Database.transaction)."""

    @contextmanager
    def factory() -> Iterator[SearchUnitOfWork]:
        with uow_factory(readonly=True, mapped=True) as uow:
            yield SqlSearchUnitOfWork(uow.session)

    return factory
