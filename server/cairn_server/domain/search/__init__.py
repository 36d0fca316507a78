"""The run search language: filters and order_by clauses (see docs/search.md).

`parse_filter` and `parse_order_by` turn request text into the syntax tree in `ast`,
raising InvalidArgument with the position of the first error and what was expected."""

from __future__ import annotations

from collections.abc import Sequence

from cairn_server.domain.errors import InvalidArgument
from cairn_server.domain.search.ast import Expr, OrderKey
from cairn_server.domain.search.order import parse_order_key
from cairn_server.domain.search.parser import MAX_FILTER_LENGTH, FilterParser, ParseError

MAX_ORDER_KEYS = 8


def _near(text: str, pos: int) -> str:
    snippet = text[pos : pos + 24]
    if not snippet:
        return "at the end"
    return f"near {snippet!r}" if pos + 24 >= len(text) else f"near {snippet + '…'!r}"


def parse_filter(text: str) -> Expr | None:
    """None for an empty filter (every run matches)."""
    if len(text) > MAX_FILTER_LENGTH:
        raise InvalidArgument(
            f"filter is {len(text)} characters long; the maximum is {MAX_FILTER_LENGTH}",
            field="filter",
            reason="INVALID_FILTER",
        )
    try:
        return FilterParser(text).parse()
    except ParseError as exc:
        raise InvalidArgument(
            f"invalid filter at position {exc.pos} ({_near(text, exc.pos)}): {exc.message}",
            field="filter",
            reason="INVALID_FILTER",
        ) from None


def parse_order_by(clauses: Sequence[str]) -> tuple[OrderKey, ...]:
    if len(clauses) > MAX_ORDER_KEYS:
        raise InvalidArgument(
            f"{len(clauses)} order_by clauses; the maximum is {MAX_ORDER_KEYS}",
            field="order_by",
        )
    keys: list[OrderKey] = []
    for i, text in enumerate(clauses):
        try:
            key = parse_order_key(text)
        except ParseError as exc:
            raise InvalidArgument(
                f"invalid order_by[{i}] {text!r} at position {exc.pos}: {exc.message}",
                field=f"order_by[{i}]",
            ) from None
        if any(k.field == key.field for k in keys):
            raise InvalidArgument(
                f"order_by[{i}] orders by {key.field} a second time", field=f"order_by[{i}]"
            )
        keys.append(key)
    return tuple(keys)


__all__ = ["parse_filter", "parse_order_by"]
