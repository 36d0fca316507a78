"""The filter parser on its own: syntax trees, precedence, quoting, LIKE patterns and
the group analysis used to plan ordered searches. No server needed."""

from __future__ import annotations

import pytest

from cairn_server.domain.errors import InvalidArgument
from cairn_server.domain.search import like, parse_filter, parse_order_by
from cairn_server.domain.search.analysis import Group, possible_groups
from cairn_server.domain.search.ast import (
    And,
    Comparison,
    Field,
    FieldKind,
    Not,
    Op,
    Or,
    ValueType,
    canonical,
)

ACC = Field(FieldKind.METRIC, "acc", ValueType.NUMBER)
LR = Field(FieldKind.PARAM, "lr", ValueType.STRING)


def test_precedence_not_and_or() -> None:
    expr = parse_filter("NOT metrics.acc > 1 AND params.lr = 'a' OR params.lr = 'b'")
    assert isinstance(expr, Or)
    left, right = expr.items
    assert isinstance(left, And) and isinstance(left.items[0], Not)
    assert right == Comparison(LR, Op.EQ, "b", 43)


def test_parentheses_group() -> None:
    expr = parse_filter("metrics.acc > 1 AND (params.lr = 'a' OR params.lr = 'b')")
    assert isinstance(expr, And) and isinstance(expr.items[1], Or)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("metrics.acc", ACC),
        ("metric.acc", ACC),
        ("metrics.`acc`", ACC),
        ('metrics."acc"', ACC),
        ("`metrics`.acc", ACC),
        ("params.lr", LR),
        ("param.lr", LR),
        ("parameters.lr", LR),
        ("parameter.lr", LR),
        ("tags.mlflow.user", Field(FieldKind.TAG, "mlflow.user", ValueType.STRING)),
        ("tag.`a b`", Field(FieldKind.TAG, "a b", ValueType.STRING)),
        ("attributes.user_id", Field(FieldKind.ATTRIBUTE, "user", ValueType.STRING)),
        ("attr.created", Field(FieldKind.ATTRIBUTE, "start_time", ValueType.NUMBER)),
        ("run.run_id", Field(FieldKind.ATTRIBUTE, "run_id", ValueType.STRING)),
        ("`Run Name`", Field(FieldKind.ATTRIBUTE, "run_name", ValueType.STRING)),
        ("datasets.digest", Field(FieldKind.DATASET, "digest", ValueType.STRING)),
    ],
)
def test_field_spellings(text: str, field: Field) -> None:
    value = "1" if field.value_type is ValueType.NUMBER else "'x'"
    expr = parse_filter(f"{text} = {value}")
    assert isinstance(expr, Comparison) and expr.field == field


@pytest.mark.parametrize(
    ("literal", "value"),
    [
        ("'it''s'", "it's"),
        ("'it\\'s'", "it's"),
        ('"say ""hi"""', 'say "hi"'),
        ("'50\\%'", "50\\%"),  # backslashes stay: they are LIKE's escape
        ("'C:\\\\data'", "C:\\\\data"),
        ("''", ""),
    ],
)
def test_string_literals(literal: str, value: str) -> None:
    expr = parse_filter(f"params.p = {literal}")
    assert isinstance(expr, Comparison) and expr.value == value


@pytest.mark.parametrize(
    ("literal", "value"), [("1", 1.0), ("-2.5", -2.5), (".5", 0.5), ("1e3", 1000.0), ("2.", 2.0)]
)
def test_numbers(literal: str, value: float) -> None:
    expr = parse_filter(f"metrics.m >= {literal}")
    assert isinstance(expr, Comparison) and expr.value == value


def test_in_lists_drop_duplicates_and_check_types() -> None:
    expr = parse_filter("params.lr IN ('a', 'b', 'a')")
    assert isinstance(expr, Comparison) and expr.value == ("a", "b")
    with pytest.raises(InvalidArgument, match="expected a number"):
        parse_filter("metrics.acc IN (1, 'two')")


def test_limits() -> None:
    with pytest.raises(InvalidArgument, match="more than 100 comparisons"):
        parse_filter(" AND ".join(["metrics.a > 1"] * 101))
    with pytest.raises(InvalidArgument, match="deeper than"):
        parse_filter("(" * 40 + "metrics.a > 1" + ")" * 40)
    with pytest.raises(InvalidArgument, match="maximum is 10000"):
        parse_filter("metrics.a > 1" + " " * 10_000)


def test_canonical_ignores_spelling() -> None:
    a = parse_filter("metric.acc>0.5 and params.lr='x'")
    b = parse_filter('metrics.acc > 0.50 AND parameters.lr = "x"')
    assert canonical(a) == canonical(b)
    assert canonical(a) != canonical(parse_filter("metrics.acc > 0.5 OR params.lr = 'x'"))


def test_order_by_parsing() -> None:
    keys = parse_order_by(["metrics.`f1 score` desc", "attributes.start_time", "tags.t ASC"])
    assert [(str(k.field), k.descending) for k in keys] == [
        ("metrics.`f1 score`", True),
        ("attributes.start_time", False),
        ("tags.t", False),
    ]


@pytest.mark.parametrize(
    ("pattern", "value", "case_sensitive", "insensitive"),
    [
        ("a%", "abc", True, True),
        ("A%", "abc", False, True),
        ("a_c", "abc", True, True),
        ("a\\_c", "abc", False, False),
        ("a\\_c", "a_c", True, True),
        ("%\\%", "50%", True, True),
        ("a*", "a*", True, True),  # GLOB specials are plain characters in LIKE
        ("a*", "ab", False, False),
        ("[a]", "[a]", True, True),
    ],
)
def test_like_semantics(pattern: str, value: str, case_sensitive: bool, insensitive: bool) -> None:
    assert like.matches(value, pattern, ignore_case=False) is case_sensitive
    assert like.matches(value, pattern, ignore_case=True) is insensitive


def test_like_renderings() -> None:
    parts = like.parse("50\\%_[x]*")
    assert like.to_like(parts) == "50\\%_[x]*"
    assert like.to_glob(parts) == "50%?[[]x][*]"


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("metrics.acc > 1", {Group.VALUE}),
        ("metrics.acc != 1", {Group.VALUE, Group.NAN}),
        ("metrics.acc IS NULL", {Group.MISSING}),
        ("metrics.acc > 1 OR metrics.acc IS NULL", {Group.VALUE, Group.MISSING}),
        ("metrics.acc > 1 OR params.lr = 'x'", set(Group)),
        ("params.lr = 'x' AND metrics.acc < 0", {Group.VALUE}),
        ("NOT metrics.acc > 1", set(Group)),
        ("metrics.loss > 1", set(Group)),
    ],
)
def test_possible_groups(text: str, groups: set[Group]) -> None:
    assert possible_groups(parse_filter(text), ACC) == groups
