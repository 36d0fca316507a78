"""LIKE patterns, parsed once so every backend renders the same meaning.

`%` matches any run of characters, `_` exactly one, and a backslash makes the next
character literal (PostgreSQL's default escape). Matching is case-sensitive for LIKE
and case-insensitive for ILIKE on every backend; SQLite's own LIKE is neither, so the
SQL adapter renders these parts as GLOB there."""

from __future__ import annotations

import enum
import re


class Wildcard(enum.Enum):
    ANY_RUN = "%"
    ANY_CHAR = "_"


Part = str | Wildcard


def parse(pattern: str) -> list[Part]:
    """Splits a pattern into literal text and wildcards; a trailing lone backslash is
    a literal backslash."""
    parts: list[Part] = []
    literal: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            literal.append(pattern[i + 1])
            i += 2
            continue
        if ch in "%_":
            if literal:
                parts.append("".join(literal))
                literal = []
            parts.append(Wildcard(ch))
        else:
            literal.append(ch)
        i += 1
    if literal:
        parts.append("".join(literal))
    return parts


def to_like(parts: list[Part], escape: str = "\\") -> str:
    """Renders parts as a LIKE pattern with `escape` as its escape character."""
    out: list[str] = []
    for part in parts:
        if isinstance(part, Wildcard):
            out.append(part.value)
        else:
            for ch in part:
                out.append(escape + ch if ch in ("%", "_", escape) else ch)
    return "".join(out)


def to_glob(parts: list[Part]) -> str:
    """Renders parts as a (case-sensitive) SQLite GLOB pattern."""
    out: list[str] = []
    for part in parts:
        if part is Wildcard.ANY_RUN:
            out.append("*")
        elif part is Wildcard.ANY_CHAR:
            out.append("?")
        else:
            for ch in part:
                out.append(f"[{ch}]" if ch in "*?[" else ch)
    return "".join(out)


def to_regex(parts: list[Part], *, ignore_case: bool) -> re.Pattern[str]:
    body = "".join(
        ".*" if p is Wildcard.ANY_RUN else "." if p is Wildcard.ANY_CHAR else re.escape(p)
        for p in parts
    )
    return re.compile(body, re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def matches(value: str, pattern: str, *, ignore_case: bool) -> bool:
    return to_regex(parse(pattern), ignore_case=ignore_case).fullmatch(value) is not None


def literal_prefix(parts: list[Part]) -> str:
    """The text every match starts with: the literal before the first wildcard."""
    return parts[0] if parts and isinstance(parts[0], str) else ""


def prefix_upper_bound(prefix: str) -> str | None:
    """The least string above every string that starts with `prefix`, in code point
    order (which is UTF-8 byte order): the prefix with its last character incremented.
    None when there is none (the prefix is all U+10FFFF)."""
    chars = list(prefix)
    while chars:
        code = ord(chars.pop()) + 1
        if 0xD800 <= code <= 0xDFFF:
            code = 0xE000  # surrogates cannot be encoded; the next character is U+E000
        if code <= 0x10FFFF:
            return "".join(chars) + chr(code)
    return None
