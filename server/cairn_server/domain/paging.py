"""Opaque page tokens (AIP-158): a keyset cursor plus a fingerprint of the query, so a
token reused with a different query is rejected instead of returning wrong pages."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from cairn_server.domain.errors import InvalidArgument


def query_fingerprint(*parts: object) -> str:
    blob = json.dumps(parts, sort_keys=True, default=str).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def encode_token(fingerprint: str, cursor: list[Any]) -> str:
    raw = json.dumps({"q": fingerprint, "c": cursor}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _scalar(value: object) -> bool:
    if isinstance(value, int) and not isinstance(value, bool):
        return -(2**63) <= value < 2**63
    return value is None or isinstance(value, str | bool | float)


def decode_token(
    token: str, fingerprint: str, shape: tuple[type, ...] | None = None
) -> list[Any] | None:
    """Returns the cursor, or None for an empty token (the first page). Tokens come
    from clients: a cursor holds only scalars (int64 ints), and `shape`, when given,
    is the type of each of its elements."""
    if not token:
        return None
    try:
        padded = token + "=" * (-len(token) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        cursor = data["c"]
        query = data["q"]
        if not isinstance(cursor, list) or not all(_scalar(v) for v in cursor):
            raise ValueError("not a list of scalars")
        if shape is not None and (
            len(cursor) != len(shape)
            or not all(type(v) is t for v, t in zip(cursor, shape, strict=False))
        ):
            raise ValueError("not the cursor of this call")
    except (ValueError, KeyError, TypeError, RecursionError) as exc:
        raise InvalidArgument(
            "page_token is malformed; pass the next_page_token of a previous response",
            field="page_token",
            reason="INVALID_PAGE_TOKEN",
        ) from exc
    if query != fingerprint or not isinstance(cursor, list):
        raise InvalidArgument(
            "page_token belongs to a different query; keep the query unchanged while paging",
            field="page_token",
            reason="INVALID_PAGE_TOKEN",
        )
    return cursor
