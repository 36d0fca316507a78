"""LIKE prefixes read as index ranges: the range must hold exactly the strings that
start with the prefix, in the byte order both databases compare with."""

from __future__ import annotations

import pytest

from cairn_server.domain.search import like


@pytest.mark.parametrize(
    ("pattern", "prefix"),
    [
        ("run-12%", "run-12"),
        ("run\\_1%", "run_1"),
        ("%x", ""),
        ("_x%", ""),
        ("exact", "exact"),
        ("50\\%%", "50%"),
    ],
)
def test_literal_prefix(pattern: str, prefix: str) -> None:
    assert like.literal_prefix(like.parse(pattern)) == prefix


@pytest.mark.parametrize(
    ("prefix", "upper"),
    [
        ("run-12", "run-13"),
        ("a", "b"),
        ("z\U0010ffff", "{"),
        ("\U0010ffff", None),
        ("x\ud7ff", "x\ue000"),
    ],
)
def test_prefix_upper_bound(prefix: str, upper: str | None) -> None:
    assert like.prefix_upper_bound(prefix) == upper


@pytest.mark.parametrize("prefix", ["run-12", "a", "é", "x\ud7ff", "z\U0010ffff"])
def test_range_holds_exactly_the_prefixed_strings(prefix: str) -> None:
    upper = like.prefix_upper_bound(prefix)
    samples = [prefix, prefix + "\x00", prefix + "\U0010ffff", prefix[:-1], "", "\U0010ffff"]
    samples += [prefix[:-1] + chr(ord(prefix[-1]) + 1)] if ord(prefix[-1]) < 0xD7FF else []
    for s in samples:
        encoded = s.encode("utf-8", "surrogatepass")
        in_range = encoded >= prefix.encode() and (upper is None or encoded < upper.encode())
        assert in_range == s.startswith(prefix), s
