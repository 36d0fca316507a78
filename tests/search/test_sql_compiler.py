"""The SQL compiler binds every value as a parameter: no text from a filter is spliced
into the statement, on either dialect."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect

from cairn_server.domain.search import parse_filter
from cairn_server.storage.sql.models import RunRow
from cairn_server.storage.sql.search_filters import FilterCompiler

HOSTILE = "x'); DROP TABLE runs; --"
DIALECTS: list[Dialect] = [sqlite.dialect(), postgresql.dialect()]  # type: ignore[no-untyped-call]


@pytest.mark.parametrize("dialect", DIALECTS, ids=["sqlite", "pg"])
@pytest.mark.parametrize(
    "text",
    [
        f"params.p = '{HOSTILE.replace(chr(39), chr(39) * 2)}'",
        f"tags.`{HOSTILE}` LIKE 'a%'",
        f'metrics."{HOSTILE}" > 1',
        f"datasets.name IN ('{HOSTILE.replace(chr(39), chr(39) * 2)}')",
        f"run_name ILIKE '%{HOSTILE.replace(chr(39), chr(39) * 2)}%'",
        f"NOT (tags.t = 'a' OR tags.t = '{HOSTILE.replace(chr(39), chr(39) * 2)}')",
    ],
)
def test_values_and_keys_are_bound_parameters(dialect: Dialect, text: str) -> None:
    expr = parse_filter(text)
    assert expr is not None
    stmt = select(RunRow.id).where(FilterCompiler(dialect.name, hide=True).compile(expr))
    compiled = stmt.compile(dialect=dialect)
    assert "DROP" not in str(compiled)
    assert any("DROP" in str(v) for v in compiled.params.values())


@pytest.mark.parametrize("dialect", DIALECTS, ids=["sqlite", "pg"])
@pytest.mark.parametrize(
    ("negated", "plain"),
    [
        ("NOT tags.priority IS NULL", "tags.priority IS NOT NULL"),
        ("NOT params.lr IS NOT NULL", "params.lr IS NULL"),
        ("NOT NOT metrics.acc > 1", "metrics.acc > 1"),
    ],
)
def test_not_of_a_null_test_is_the_opposite_test(
    dialect: Dialect, negated: str, plain: str
) -> None:
    """`NOT x IS NULL` is a plain EXISTS, not NOT (NOT EXISTS ...), which PostgreSQL
    cannot turn into a semi-join."""

    def sql(text: str) -> str:
        expr = parse_filter(text)
        assert expr is not None
        stmt = select(RunRow.id).where(FilterCompiler(dialect.name, hide=False).compile(expr))
        return str(stmt.compile(dialect=dialect))

    assert sql(negated) == sql(plain)
