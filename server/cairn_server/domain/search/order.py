"""order_by clauses: `<field> [ASC|DESC]`, fields named as in the filter."""

from __future__ import annotations

from cairn_server.domain.search.ast import FieldKind, OrderKey
from cairn_server.domain.search.lexer import Tok
from cairn_server.domain.search.parser import ParseError, TokenStream, keyword, parse_field

MAX_ORDER_KEYS = 8


def parse_order_key(text: str) -> OrderKey:
    """Raises ParseError with a position inside `text`."""
    stream = TokenStream(text)
    if stream.peek().kind is Tok.END:
        raise ParseError("empty order_by clause; write e.g. 'metrics.acc DESC'", 0)
    field = parse_field(stream)
    if field.kind is FieldKind.DATASET:
        raise ParseError("runs cannot be ordered by dataset columns", 0)
    descending = False
    direction = stream.peek()
    if keyword(direction) in ("ASC", "DESC"):
        descending = keyword(stream.next()) == "DESC"
    end = stream.peek()
    if end.kind is not Tok.END:
        raise ParseError(f"expected ASC, DESC or the end, found {end.describe()}", end.pos)
    return OrderKey(field, descending)
