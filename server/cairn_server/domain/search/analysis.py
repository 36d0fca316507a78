"""What a filter implies about one field, so a search can skip whole groups of runs.

Runs fall into three groups per sort field: those with a comparable value, those whose
metric value is NaN, and those lacking the key. A filter such as `metrics.acc > 0.9`
can only match the first group, so ordering by metrics.acc needs no query for the
other two."""

from __future__ import annotations

import enum

from cairn_server.domain.search.ast import And, Comparison, Expr, Field, FieldKind, Not, Op


class Group(enum.IntEnum):
    """Sort order of the groups: missing values sort last in either direction."""

    VALUE = 0
    NAN = 1
    MISSING = 2


ALL_GROUPS = frozenset(Group)
_PRESENT_MAYBE_NAN = frozenset({Group.VALUE, Group.NAN})


def possible_groups(expr: Expr | None, field: Field) -> frozenset[Group]:
    """The groups of `field` that runs matching `expr` can belong to."""
    if expr is None or isinstance(expr, Not):
        return ALL_GROUPS
    if isinstance(expr, And):
        result = ALL_GROUPS
        for item in expr.items:
            result &= possible_groups(item, field)
        return result
    if not isinstance(expr, Comparison):  # Or: any branch may match
        result = frozenset[Group]()
        for item in expr.items:
            result |= possible_groups(item, field)
        return result
    if expr.field != field:
        return ALL_GROUPS
    if expr.op is Op.IS_NULL:
        return frozenset({Group.MISSING})
    if field.kind is not FieldKind.METRIC:
        return frozenset({Group.VALUE})
    if expr.op in (Op.NE, Op.NOT_IN, Op.IS_NOT_NULL):
        return _PRESENT_MAYBE_NAN  # NaN differs from every number
    return frozenset({Group.VALUE})
