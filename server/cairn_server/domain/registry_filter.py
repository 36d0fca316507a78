"""The filter grammar of SearchRegisteredModels and SearchModelVersions.

    filter := clause ( AND clause )*
    clause := field op value
    field  := name | version | run_id | stage | alias | status | source_uri | digest
              | created_by | tags.<key>     (tags.`key with spaces` quotes a key)
    op     := = | != | <> | < | <= | > | >= | LIKE | ILIKE | IN
    value  := 'text' (a quote doubled inside: 'it''s') | integer | ( value, … ) after IN

LIKE is case-sensitive on every database, ILIKE is not; `%` matches any run of
characters and `_` any one character. Each field accepts only the operators that make
sense for it. Errors are INVALID_ARGUMENT and name the character position (from 0)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from cairn_server.domain.errors import InvalidArgument
from cairn_server.domain.registry import ModelVersionStatus

Value = str | int | tuple[str | int, ...]

_TEXT_OPS = frozenset({"=", "!=", "LIKE", "ILIKE", "IN"})
_EXACT_OPS = frozenset({"=", "!=", "IN"})
_NUMBER_OPS = frozenset({"=", "!=", "<", "<=", ">", ">=", "IN"})


@dataclass(frozen=True)
class FieldSpec:
    ops: frozenset[str]
    numeric: bool = False


MODEL_FIELDS: Mapping[str, FieldSpec] = {
    "name": FieldSpec(_TEXT_OPS),
    "alias": FieldSpec(frozenset({"=", "IN"})),
    "tags": FieldSpec(_TEXT_OPS),
}

VERSION_FIELDS: Mapping[str, FieldSpec] = {
    "name": FieldSpec(_TEXT_OPS),
    "version": FieldSpec(_NUMBER_OPS, numeric=True),
    "run_id": FieldSpec(_EXACT_OPS),
    "stage": FieldSpec(_EXACT_OPS),
    "alias": FieldSpec(frozenset({"=", "IN"})),
    "status": FieldSpec(_EXACT_OPS),
    "source_uri": FieldSpec(_TEXT_OPS),
    "digest": FieldSpec(_EXACT_OPS),
    "created_by": FieldSpec(_TEXT_OPS),
    "tags": FieldSpec(_TEXT_OPS),
}


@dataclass(frozen=True)
class Clause:
    field: str
    op: str
    value: Value
    # The tag key for field "tags".
    key: str = ""


@dataclass(frozen=True)
class _Token:
    kind: str  # "word", "string", "number", "op", "(", ")", ",", "end"
    text: str
    position: int


_TOKEN_RE = re.compile(
    r"""(?P<space>\s+)
      | (?P<string>'(?:[^']|'')*')
      | (?P<quoted>`[^`]*`|"[^"]*")
      | (?P<number>-?\d+(?![A-Za-z_]))
      | (?P<op><=|>=|!=|<>|=|<|>)
      | (?P<punct>[(),])
      | (?P<word>[A-Za-z_][A-Za-z0-9_]*(?:\.(?:[A-Za-z0-9_\-./:]+|`[^`]*`|"[^"]*"))?)
    """,
    re.X,
)


def _error(position: int, message: str) -> InvalidArgument:
    return InvalidArgument(
        f"cannot parse filter at position {position}: {message}",
        field="filter",
        reason="INVALID_FILTER",
    )


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN_RE.match(text, pos)
        if match is None:
            if text[pos] == "'":
                raise _error(pos, "this quoted value is never closed; end it with '")
            raise _error(pos, f"unexpected character {text[pos]!r}")
        kind = match.lastgroup or ""
        if kind != "space":
            value = match.group()
            if kind == "punct":
                kind = value
            tokens.append(_Token(kind, value, pos))
        pos = match.end()
    tokens.append(_Token("end", "", len(text)))
    return tokens


def _unquote(token: _Token) -> str:
    if token.kind == "string":
        return token.text[1:-1].replace("''", "'")
    return token.text[1:-1]


class _Parser:
    def __init__(self, text: str, fields: Mapping[str, FieldSpec]) -> None:
        self.tokens = _tokenize(text)
        self.i = 0
        self.fields = fields

    def peek(self) -> _Token:
        return self.tokens[self.i]

    def take(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def parse(self) -> list[Clause]:
        clauses = [self.clause()]
        while self.peek().kind != "end":
            token = self.take()
            if token.kind != "word" or token.text.upper() != "AND":
                raise _error(token.position, f"expected AND between clauses, found {token.text!r}")
            clauses.append(self.clause())
        return clauses

    def clause(self) -> Clause:
        token = self.take()
        if token.kind != "word":
            what = "the end of the filter" if token.kind == "end" else repr(token.text)
            raise _error(token.position, f"expected a field name, found {what}")
        name, _, key = token.text.partition(".")
        name = name.lower()
        if name == "tag":
            name = "tags"
        spec = self.fields.get(name)
        if spec is None:
            raise _error(
                token.position,
                f"unknown field {token.text!r}; use one of "
                + ", ".join(f"{f}.<key>" if f == "tags" else f for f in self.fields),
            )
        if name == "tags":
            if not key:
                raise _error(token.position, "name the tag: tags.<key>, e.g. tags.team")
            if key[0] in '`"':
                key = key[1:-1]
            if not key:
                raise _error(token.position, "the tag key is empty")
        elif key:
            raise _error(token.position, f"field {name!r} has no sub-fields")
        op_token = self.take()
        op = op_token.text.upper() if op_token.kind in ("op", "word") else ""
        op = "!=" if op == "<>" else op
        if op not in spec.ops:
            raise _error(
                op_token.position,
                f"expected an operator after {token.text!r} "
                f"({', '.join(sorted(spec.ops))}), found "
                + (repr(op_token.text) if op_token.kind != "end" else "the end of the filter"),
            )
        if op == "IN":
            value: Value = self.value_list(name, spec)
        else:
            value = self.value(name, spec)
        return Clause(name, op, value, key)

    def value_list(self, field: str, spec: FieldSpec) -> tuple[str | int, ...]:
        opening = self.take()
        if opening.kind != "(":
            raise _error(opening.position, "IN needs a parenthesised list, e.g. ('a', 'b')")
        items = [self.value(field, spec)]
        while self.peek().kind == ",":
            self.take()
            items.append(self.value(field, spec))
        closing = self.take()
        if closing.kind != ")":
            raise _error(closing.position, "expected ',' or ')' in the IN list")
        return tuple(items)

    def value(self, field: str, spec: FieldSpec) -> str | int:
        token = self.take()
        if spec.numeric:
            if token.kind != "number":
                raise _error(token.position, f"{field} compares with an integer, e.g. {field} = 3")
            number = int(token.text)
            if not -(2**63) <= number < 2**63:
                raise _error(token.position, f"{field} {token.text[:30]} is out of range")
            return number
        if token.kind not in ("string", "quoted"):
            raise _error(
                token.position,
                f"expected a quoted value for {field}, e.g. {field} = 'x', "
                + (
                    "found the end of the filter"
                    if token.kind == "end"
                    else f"found {token.text!r}"
                ),
            )
        text = _unquote(token)
        if field == "status":
            return _status(text, token.position)
        return text


def _status(text: str, position: int) -> int:
    name = text.upper().removeprefix("MODEL_VERSION_STATUS_")
    try:
        return int(ModelVersionStatus[name])
    except KeyError:
        raise _error(
            position,
            f"unknown status {text!r}; use one of {', '.join(s.name for s in ModelVersionStatus)}",
        ) from None


def parse_filter(text: str, fields: Mapping[str, FieldSpec]) -> list[Clause]:
    """Parses a filter; an empty or blank filter matches everything."""
    if len(text) > MAX_FILTER_LENGTH:
        raise InvalidArgument(
            f"filter is {len(text)} characters long; the maximum is {MAX_FILTER_LENGTH}",
            field="filter",
        )
    if not text.strip():
        return []
    return _Parser(text, fields).parse()


MAX_FILTER_LENGTH = 10_000
MODEL_ORDER_FIELDS = frozenset({"name", "create_time", "update_time"})
VERSION_ORDER_FIELDS = frozenset({"name", "version", "create_time", "update_time"})


def parse_order_by(items: list[str], allowed: frozenset[str]) -> list[tuple[str, bool]]:
    """["update_time DESC", "name"] -> [("update_time", True), ("name", False)]."""
    result: list[tuple[str, bool]] = []
    for i, item in enumerate(items):
        parts = item.split()
        direction = parts[1].upper() if len(parts) == 2 else "ASC"
        field = parts[0].lower().removesuffix("_millis") if parts else ""
        if len(parts) not in (1, 2) or direction not in ("ASC", "DESC") or field not in allowed:
            raise InvalidArgument(
                f"order_by[{i}] {item[:40]!r} is not '<field> [ASC|DESC]' with a field among "
                + ", ".join(sorted(allowed)),
                field=f"order_by[{i}]",
            )
        if any(f == field for f, _ in result):
            raise InvalidArgument(f"order_by names {field!r} twice", field=f"order_by[{i}]")
        result.append((field, direction == "DESC"))
    return result
