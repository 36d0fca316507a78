"""Recursive-descent parser for the run filter language.

    filter     := [or_expr] END
    or_expr    := and_expr (OR and_expr)*
    and_expr   := unary (AND unary)*
    unary      := NOT unary | '(' or_expr ')' | comparison
    comparison := field ( cmp_op scalar
                        | [NOT] (LIKE | ILIKE) string
                        | [NOT] IN '(' scalar (',' scalar)* ')'
                        | IS [NOT] NULL )
    field      := WORD                       attribute, or prefix.key[.more]
                | (WORD | quoted) '.' (WORD | quoted)
                | quoted                     attribute in quotes, e.g. `Run name`

Every filter MLflow's search_runs accepts (conjunctions of comparisons) parses to the
same meaning; OR, NOT, parentheses and IN/IS NULL on every field are extensions. Type
rules follow MLflow: metrics and start/end times compare with numbers and the six
comparison operators; params, tags, string attributes and dataset columns compare
with quoted strings and =, !=, LIKE, ILIKE."""

from __future__ import annotations

from cairn_server.domain.search import fields
from cairn_server.domain.search.ast import (
    LIST_OPS,
    NULL_OPS,
    NUMERIC_OPS,
    STRING_OPS,
    And,
    Comparison,
    Expr,
    Field,
    Not,
    Op,
    Or,
    Scalar,
    Value,
    ValueType,
)
from cairn_server.domain.search.lexer import LexError, Tok, Token, tokenize

MAX_FILTER_LENGTH = 10_000
MAX_CLAUSES = 100
MAX_DEPTH = 32
MAX_LIST_VALUES = 1000

KEYWORDS = frozenset({"AND", "OR", "NOT", "IN", "IS", "NULL", "LIKE", "ILIKE", "ASC", "DESC"})
_CMP_OPS = {"=": Op.EQ, "!=": Op.NE, "<": Op.LT, "<=": Op.LE, ">": Op.GT, ">=": Op.GE}
_OPS_HINT = "=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN, IS NULL or IS NOT NULL"


class ParseError(ValueError):
    def __init__(self, message: str, pos: int) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos


def keyword(tok: Token) -> str | None:
    if tok.kind is Tok.WORD and tok.text.upper() in KEYWORDS:
        return tok.text.upper()
    return None


class TokenStream:
    def __init__(self, text: str) -> None:
        try:
            self.tokens = tokenize(text)
        except LexError as exc:
            raise ParseError(exc.message, exc.pos) from None
        self.i = 0

    def peek(self, ahead: int = 0) -> Token:
        return self.tokens[min(self.i + ahead, len(self.tokens) - 1)]

    def next(self) -> Token:
        tok = self.peek()
        self.i = min(self.i + 1, len(self.tokens) - 1)
        return tok

    def accept_keyword(self, *words: str) -> Token | None:
        if keyword(self.peek()) in words:
            return self.next()
        return None

    def expect(self, kind: Tok, what: str) -> Token:
        tok = self.peek()
        if tok.kind is not kind:
            raise ParseError(f"expected {what}, found {tok.describe()}", tok.pos)
        return self.next()


def parse_field(stream: TokenStream) -> Field:
    """Reads a field name (see the grammar) and resolves it."""
    tok = stream.next()
    prefix: str | None
    key_tok: Token
    if tok.kind is Tok.WORD and keyword(tok) is None and "." in tok.text:
        prefix, key = tok.text.split(".", 1)
        key_tok = tok
    elif tok.kind in (Tok.WORD, Tok.BACKTICK, Tok.DQUOTED) and keyword(tok) is None:
        if stream.peek().kind is Tok.DOT:
            stream.next()
            key_tok = stream.next()
            if key_tok.kind not in (Tok.WORD, Tok.BACKTICK, Tok.DQUOTED):
                raise ParseError(
                    f"expected a key after '{tok.value}.', found {key_tok.describe()}",
                    key_tok.pos,
                )
            prefix, key = tok.value, key_tok.value
        else:
            prefix, key, key_tok = None, tok.value, tok
    else:
        raise ParseError(
            "expected a field such as metrics.acc, params.lr, tags.team, status or "
            f"datasets.name, found {tok.describe()}",
            tok.pos,
        )
    if stream.peek().kind is Tok.DOT:
        dot = stream.peek()
        raise ParseError(
            "unexpected '.' after the key; quote a key that contains dots and "
            "quotes as a whole, e.g. tags.`a.b`",
            dot.pos,
        )
    try:
        return fields.resolve(prefix, key)
    except fields.UnknownField as exc:
        raise ParseError(str(exc), tok.pos if prefix is not None else key_tok.pos) from None


def _operator(stream: TokenStream, field: Field) -> tuple[Op, Token]:
    tok = stream.peek()
    if tok.kind is Tok.OP:
        stream.next()
        if tok.text == "<>":
            raise ParseError("'<>' is not supported; use '!='", tok.pos)
        if tok.text == "==":
            raise ParseError("'==' is not supported; use '='", tok.pos)
        return _CMP_OPS[tok.text], tok
    word = keyword(tok)
    if word in ("LIKE", "ILIKE", "IN"):
        stream.next()
        return Op(word), tok
    if word == "NOT":
        stream.next()
        nxt = stream.next()
        follow = keyword(nxt)
        if follow in ("LIKE", "ILIKE", "IN"):
            return Op(f"NOT {follow}"), tok
        raise ParseError(f"expected IN, LIKE or ILIKE after NOT, found {nxt.describe()}", nxt.pos)
    if word == "IS":
        stream.next()
        negated = stream.accept_keyword("NOT") is not None
        null = stream.peek()
        if keyword(null) != "NULL":
            raise ParseError(f"expected NULL after IS, found {null.describe()}", null.pos)
        stream.next()
        return (Op.IS_NOT_NULL if negated else Op.IS_NULL), tok
    raise ParseError(
        f"expected a comparison operator ({_OPS_HINT}) after {field}, found {tok.describe()}",
        tok.pos,
    )


def _check_operator(field: Field, op: Op, tok: Token) -> None:
    if op in NULL_OPS or op in LIST_OPS:
        return
    allowed = NUMERIC_OPS if field.value_type is ValueType.NUMBER else STRING_OPS
    if op in allowed:
        return
    if field.value_type is ValueType.NUMBER:
        raise ParseError(
            f"{field} is numeric and cannot be compared with {op.value}; "
            "use =, !=, <, <=, >, >=, IN, NOT IN or IS [NOT] NULL",
            tok.pos,
        )
    raise ParseError(
        f"{field} is a string and cannot be compared with {op.value}; "
        "use =, !=, LIKE, ILIKE, IN, NOT IN or IS [NOT] NULL",
        tok.pos,
    )


def parse_scalar(stream: TokenStream, field: Field, op_text: str) -> Scalar:
    tok = stream.next()
    context = f"after {field} {op_text}"
    if field.value_type is ValueType.NUMBER:
        if tok.kind is Tok.NUMBER:
            return float(tok.text)
        if tok.kind in (Tok.STRING, Tok.DQUOTED):
            raise ParseError(
                f"expected a number {context}, found {tok.describe()} "
                f"({field} is numeric: write the number without quotes)",
                tok.pos,
            )
        raise ParseError(f"expected a number {context}, found {tok.describe()}", tok.pos)
    if tok.kind in (Tok.STRING, Tok.DQUOTED):
        return tok.value
    if tok.kind is Tok.NUMBER:
        raise ParseError(
            f"expected a quoted string {context}, found {tok.describe()} "
            f"({field} is a string: write '{tok.text}')",
            tok.pos,
        )
    if tok.kind is Tok.WORD:
        if keyword(tok) == "NULL":
            raise ParseError(f"use IS NULL or IS NOT NULL to test {field} for absence", tok.pos)
        raise ParseError(
            f"expected a quoted string {context}, found unquoted {tok.describe()}; "
            f"quote string values: '{tok.text}'",
            tok.pos,
        )
    if tok.kind is Tok.BACKTICK:
        raise ParseError(
            f"expected a quoted string {context}, found {tok.describe()}; backticks quote "
            "names, values take single quotes",
            tok.pos,
        )
    raise ParseError(f"expected a quoted string {context}, found {tok.describe()}", tok.pos)


def _parse_list(stream: TokenStream, field: Field, op: Op) -> tuple[Scalar, ...]:
    stream.expect(Tok.LPAREN, f"'(' to start the list after {op.value}")
    if stream.peek().kind is Tok.RPAREN:
        raise ParseError(f"{op.value} needs at least one value", stream.peek().pos)
    values = [parse_scalar(stream, field, op.value)]
    while stream.peek().kind is Tok.COMMA:
        stream.next()
        values.append(parse_scalar(stream, field, op.value))
        if len(values) > MAX_LIST_VALUES:
            raise ParseError(
                f"{op.value} lists hold at most {MAX_LIST_VALUES} values", stream.peek().pos
            )
    stream.expect(Tok.RPAREN, "',' or ')' in the value list")
    return tuple(dict.fromkeys(values))


class FilterParser:
    def __init__(self, text: str) -> None:
        self.stream = TokenStream(text)
        self.clauses = 0

    def parse(self) -> Expr | None:
        if self.stream.peek().kind is Tok.END:
            return None
        expr = self._or(0)
        tok = self.stream.peek()
        if tok.kind is not Tok.END:
            raise ParseError(
                f"expected AND, OR or the end of the filter, found {tok.describe()}", tok.pos
            )
        return expr

    def _or(self, depth: int) -> Expr:
        items = [self._and(depth)]
        while self.stream.accept_keyword("OR"):
            items.append(self._and(depth))
        return items[0] if len(items) == 1 else Or(tuple(items))

    def _and(self, depth: int) -> Expr:
        items = [self._unary(depth)]
        while self.stream.accept_keyword("AND"):
            items.append(self._unary(depth))
        return items[0] if len(items) == 1 else And(tuple(items))

    def _unary(self, depth: int) -> Expr:
        tok = self.stream.peek()
        if depth >= MAX_DEPTH:
            raise ParseError(f"the filter nests deeper than {MAX_DEPTH} levels", tok.pos)
        if self.stream.accept_keyword("NOT"):
            return Not(self._unary(depth + 1))
        if tok.kind is Tok.LPAREN:
            self.stream.next()
            if self.stream.peek().kind is Tok.RPAREN:
                raise ParseError("empty parentheses", self.stream.peek().pos)
            inner = self._or(depth + 1)
            self.stream.expect(Tok.RPAREN, "')' or AND/OR")
            return inner
        return self._comparison()

    def _comparison(self) -> Comparison:
        start = self.stream.peek().pos
        self.clauses += 1
        if self.clauses > MAX_CLAUSES:
            raise ParseError(f"the filter has more than {MAX_CLAUSES} comparisons", start)
        field = parse_field(self.stream)
        op, op_tok = _operator(self.stream, field)
        _check_operator(field, op, op_tok)
        value: Value
        if op in NULL_OPS:
            value = None
        elif op in LIST_OPS:
            value = _parse_list(self.stream, field, op)
        else:
            value = parse_scalar(self.stream, field, op.value)
        return Comparison(field, op, value, start)
