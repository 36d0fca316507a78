"""The registry filter grammar and stage configuration, without a server."""

from __future__ import annotations

import pytest

from cairn_server.domain.errors import InvalidArgument
from cairn_server.domain.registry_filter import (
    MODEL_FIELDS,
    VERSION_FIELDS,
    VERSION_ORDER_FIELDS,
    Clause,
    parse_filter,
    parse_order_by,
)
from cairn_server.domain.registry_rules import StagePolicy
from cairn_server.storage.sql.registry_search import like_to_glob


def test_clauses() -> None:
    assert parse_filter("  ", VERSION_FIELDS) == []
    assert parse_filter(
        "name LIKE 'fraud-%' and tags.team = 'risk' AND version >= 3 "
        "AND stage IN ('Staging', 'Production') AND tags.`my key` != 'it''s' "
        "AND status = 'ready' AND alias = \"champion\"",
        VERSION_FIELDS,
    ) == [
        Clause("name", "LIKE", "fraud-%"),
        Clause("tags", "=", "risk", "team"),
        Clause("version", ">=", 3),
        Clause("stage", "IN", ("Staging", "Production")),
        Clause("tags", "!=", "it's", "my key"),
        Clause("status", "=", 2),
        Clause("alias", "=", "champion"),
    ]
    assert parse_filter("name ILIKE '%X%' AND tag.a.b <> 'c'", MODEL_FIELDS) == [
        Clause("name", "ILIKE", "%X%"),
        Clause("tags", "!=", "c", "a.b"),
    ]


@pytest.mark.parametrize(
    ("text", "position", "needle"),
    [
        ("nme = 'x'", 0, "unknown field 'nme'"),
        ("name 'x'", 5, "expected an operator"),
        ("name = x", 7, "quoted value"),
        ("name = 'x' OR name = 'y'", 11, "expected AND"),
        ("name = 'x' AND", 14, "expected a field name"),
        ("name = 'unclosed", 7, "never closed"),
        ("version = 'three'", 10, "integer"),
        ("name < 'x'", 5, "expected an operator"),
        ("alias LIKE 'c%'", 6, "expected an operator"),
        ("tags = 'x'", 0, "tags.<key>"),
        ("status = 'gone'", 9, "unknown status"),
        ("stage IN 'x'", 9, "parenthesised"),
        ("stage IN ('x' 'y')", 14, "',' or ')'"),
        ("name = 'x' ; drop", 11, "unexpected character"),
    ],
)
def test_errors_name_the_position(text: str, position: int, needle: str) -> None:
    with pytest.raises(InvalidArgument) as info:
        parse_filter(text, VERSION_FIELDS)
    assert f"at position {position}:" in info.value.message
    assert needle in info.value.message
    assert info.value.reason == "INVALID_FILTER"


def test_model_filters_reject_version_fields() -> None:
    with pytest.raises(InvalidArgument, match="unknown field 'stage'"):
        parse_filter("stage = 'Production'", MODEL_FIELDS)


def test_order_by() -> None:
    assert parse_order_by(["version DESC", "name"], VERSION_ORDER_FIELDS) == [
        ("version", True),
        ("name", False),
    ]
    assert parse_order_by(["create_time_millis asc"], VERSION_ORDER_FIELDS) == [
        ("create_time", False)
    ]
    for bad in (["stage"], ["name sideways"], ["name", "name DESC"], [""]):
        with pytest.raises(InvalidArgument):
            parse_order_by(bad, VERSION_ORDER_FIELDS)


def test_like_to_glob_keeps_glob_characters_literal() -> None:
    assert like_to_glob("fraud-%") == "fraud-*"
    assert like_to_glob("a_c") == "a?c"
    assert like_to_glob("[x]*?") == "[[]x][*][?]"


def test_stage_policy() -> None:
    policy = StagePolicy.parse(" None, Staging ,Production,Archived", "production")
    assert policy.stages == ("None", "Staging", "Production", "Archived")
    assert policy.initial == "None"
    assert policy.approval == frozenset({"Production"})
    assert policy.resolve("STAGING") == "Staging"
    assert policy.archive_target("Production", True) == "Archived"
    assert policy.archive_target("Production", False) is None
    assert policy.archive_target("Archived", True) is None
    for stages, approval, needle in [
        ("", "", "at least one"),
        ("None,none", "", "twice"),
        ("a b", "", "letters"),
        ("None,Production", "Staging", "not one of the stages"),
    ]:
        with pytest.raises(ValueError, match=needle):
            StagePolicy.parse(stages, approval)
