"""The syntax tree of a run filter and of order_by keys. Plain data: the parser builds
it, the SQL adapter compiles it, and nothing here knows about SQL."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

_PLAIN_KEY = re.compile(r"[^\W\d]\w*(?:\.\w+)*")


class FieldKind(enum.StrEnum):
    METRIC = "metrics"
    PARAM = "params"
    TAG = "tags"
    ATTRIBUTE = "attributes"
    DATASET = "datasets"


class ValueType(enum.StrEnum):
    NUMBER = "number"
    STRING = "string"


class Op(enum.StrEnum):
    EQ = "="
    NE = "!="
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="
    LIKE = "LIKE"
    ILIKE = "ILIKE"
    NOT_LIKE = "NOT LIKE"
    NOT_ILIKE = "NOT ILIKE"
    IN = "IN"
    NOT_IN = "NOT IN"
    IS_NULL = "IS NULL"
    IS_NOT_NULL = "IS NOT NULL"


NUMERIC_OPS = frozenset({Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE})
STRING_OPS = frozenset({Op.EQ, Op.NE, Op.LIKE, Op.ILIKE, Op.NOT_LIKE, Op.NOT_ILIKE})
LIST_OPS = frozenset({Op.IN, Op.NOT_IN})
NULL_OPS = frozenset({Op.IS_NULL, Op.IS_NOT_NULL})
PATTERN_OPS = frozenset({Op.LIKE, Op.ILIKE, Op.NOT_LIKE, Op.NOT_ILIKE})


class Aggregate(enum.StrEnum):
    """Which summary of a metric a sort key uses (the filter always uses LATEST)."""

    LATEST = "latest"
    MIN = "min"
    MAX = "max"


@dataclass(frozen=True)
class Field:
    kind: FieldKind
    # Metric/param/tag key as logged; the canonical attribute or dataset column name.
    key: str
    value_type: ValueType

    def __str__(self) -> str:
        key = self.key if _PLAIN_KEY.fullmatch(self.key) else f"`{self.key}`"
        return f"{self.kind.value}.{key}"


Scalar = float | str
Value = Scalar | tuple[Scalar, ...] | None


@dataclass(frozen=True)
class Comparison:
    field: Field
    op: Op
    value: Value
    # Offset of the clause in the filter text, for messages about it.
    position: int = 0


@dataclass(frozen=True)
class And:
    items: tuple[Expr, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Expr, ...]


@dataclass(frozen=True)
class Not:
    item: Expr


Expr = Comparison | And | Or | Not


@dataclass(frozen=True)
class OrderKey:
    field: Field
    descending: bool
    aggregate: Aggregate = Aggregate.LATEST


def canonical(expr: Expr | None) -> str:
    """A whitespace- and alias-independent rendering, used to fingerprint queries."""
    if expr is None:
        return ""
    if isinstance(expr, Comparison):
        return f"{expr.field} {expr.op.value} {expr.value!r}"
    if isinstance(expr, Not):
        return f"NOT ({canonical(expr.item)})"
    joiner = " AND " if isinstance(expr, And) else " OR "
    return "(" + joiner.join(canonical(item) for item in expr.items) + ")"
