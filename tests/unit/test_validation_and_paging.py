from __future__ import annotations

import pytest

from cairn_server.domain import validation as v
from cairn_server.domain.errors import InvalidArgument
from cairn_server.domain.paging import decode_token, encode_token, query_fingerprint


@pytest.mark.parametrize("name", ["mnist", "a/b c.d-e_f", "x" * 256])
def test_good_names(name: str) -> None:
    assert v.name_problem(name, "name") is None


@pytest.mark.parametrize("name", ["", " lead", "trail ", "x" * 257, "tab\t", "q?", "ü"])
def test_bad_names(name: str) -> None:
    assert v.name_problem(name, "name")


@pytest.mark.parametrize("key", ["", "/abs", "a/../b", "..", "sp ace!", "k" * 251])
def test_bad_keys(key: str) -> None:
    assert v.key_problem(key, "key")


def test_key_values_collect_every_violation() -> None:
    with pytest.raises(InvalidArgument) as info:
        v.check_key_values([("ok", "1"), ("", "2"), ("big", "x" * 10)], "tags", "tag", 5)
    assert [fv.field for fv in info.value.violations] == ["tags[1].key", "tags[2].value"]
    assert "and 1 more" in info.value.message


def test_page_size_defaults_and_limits() -> None:
    assert v.page_size(0) == v.DEFAULT_PAGE_SIZE
    assert v.page_size(7) == 7
    for bad in (-1, v.MAX_PAGE_SIZE + 1):
        with pytest.raises(InvalidArgument):
            v.page_size(bad)


def test_page_tokens_are_bound_to_their_query() -> None:
    q1, q2 = query_fingerprint("runs", ["e1"]), query_fingerprint("runs", ["e2"])
    token = encode_token(q1, ["cursor", 3])
    assert decode_token(token, q1) == ["cursor", 3]
    assert decode_token("", q1) is None
    with pytest.raises(InvalidArgument, match="different query"):
        decode_token(token, q2)
    with pytest.raises(InvalidArgument, match="malformed"):
        decode_token("%%%not-base64", q1)
