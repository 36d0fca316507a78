"""Input rules shared by every service. Each check raises InvalidArgument naming the
field, the rule, and (where short) the offending value, so a caller can fix it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from cairn_server.domain.errors import FieldViolation, InvalidArgument

MAX_NAME_LENGTH = 256
MAX_KEY_LENGTH = 250
MAX_PARAM_VALUE_LENGTH = 8000
MAX_TAG_VALUE_LENGTH = 8000
MAX_DESCRIPTION_LENGTH = 65536
MAX_BATCH_ITEMS = 1000
MAX_REQUEST_ID_LENGTH = 64
MAX_ID_LENGTH = 64

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000

# PostgreSQL text cannot hold NUL; refused on every backend so both behave the same.
NUL_PROBLEM = "{what} must not contain NUL (U+0000) characters"

_NAME_RE = re.compile(r"^[A-Za-z0-9_\-./ ]+$")
_KEY_RE = re.compile(r"^[A-Za-z0-9_\-./ :]+$")
_ID_RE = re.compile(r"^[A-Za-z0-9_\-]+$")


def _shown(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:37] + "...")


def name_problem(value: str, what: str, max_length: int = MAX_NAME_LENGTH) -> str | None:
    if not value:
        return f"{what} is required"
    if len(value) > max_length:
        return f"{what} is {len(value)} characters long; the maximum is {max_length}"
    if value != value.strip():
        return f"{what} {_shown(value)} must not start or end with whitespace"
    if not _NAME_RE.match(value):
        return (
            f"{what} {_shown(value)} may contain only letters, digits, and '_', '-', '.', '/', ' '"
        )
    return None


def check_name(value: str, field: str, what: str = "name") -> None:
    problem = name_problem(value, what)
    if problem:
        raise InvalidArgument(problem, field=field)


def key_problem(value: str, what: str) -> str | None:
    if not value:
        return f"{what} is required"
    if len(value) > MAX_KEY_LENGTH:
        return f"{what} is {len(value)} characters long; the maximum is {MAX_KEY_LENGTH}"
    if not _KEY_RE.match(value):
        return (
            f"{what} {_shown(value)} may contain only letters, digits, "
            "and '_', '-', '.', '/', ':', ' '"
        )
    if value.startswith("/") or ".." in value.split("/"):
        return f"{what} {_shown(value)} must be a relative name without '..' segments"
    return None


def check_key(value: str, field: str, what: str = "key") -> None:
    problem = key_problem(value, what)
    if problem:
        raise InvalidArgument(problem, field=field)


def check_id(value: str, field: str, what: str) -> None:
    if not value:
        raise InvalidArgument(f"{what} is required", field=field)
    if len(value) > MAX_ID_LENGTH or not _ID_RE.match(value):
        raise InvalidArgument(f"{what} {_shown(value)} is not a valid id", field=field)


def check_length(value: str, field: str, what: str, max_length: int) -> None:
    if len(value) > max_length:
        raise InvalidArgument(
            f"{what} is {len(value)} characters long; the maximum is {max_length}", field=field
        )
    if "\x00" in value:
        raise InvalidArgument(NUL_PROBLEM.format(what=what), field=field)


def check_request_id(value: str, field: str = "request_id") -> None:
    if value:
        check_length(value, field, "request_id", MAX_REQUEST_ID_LENGTH)


def check_batch_size(count: int, field: str, what: str, limit: int = MAX_BATCH_ITEMS) -> None:
    if count > limit:
        raise InvalidArgument(
            f"{count} {what} in one call; the maximum is {limit}: split the batch", field=field
        )


def check_key_values(
    pairs: Iterable[tuple[str, str]], field: str, what: str, max_value_length: int
) -> dict[str, str]:
    """Validates a batch of key/value pairs, collecting every violation, and returns
    them as a dict. A key repeated with different values in one batch is an error."""
    result: dict[str, str] = {}
    violations: list[FieldViolation] = []
    for i, (key, value) in enumerate(pairs):
        problem = key_problem(key, f"{what} key")
        if problem:
            violations.append(FieldViolation(f"{field}[{i}].key", problem))
            continue
        if len(value) > max_value_length:
            violations.append(
                FieldViolation(
                    f"{field}[{i}].value",
                    f"value of {what} '{key}' is {len(value)} characters long; "
                    f"the maximum is {max_value_length}",
                )
            )
            continue
        if "\x00" in value:
            violations.append(
                FieldViolation(f"{field}[{i}].value", NUL_PROBLEM.format(what=f"{what} '{key}'"))
            )
            continue
        if key in result and result[key] != value:
            violations.append(
                FieldViolation(
                    f"{field}[{i}].key",
                    f"{what} '{key}' appears twice in the batch with different values",
                )
            )
            continue
        result[key] = value
    if violations:
        first = violations[0].description
        more = f" (and {len(violations) - 1} more)" if len(violations) > 1 else ""
        raise InvalidArgument(first + more, violations=violations)
    return result


def page_size(requested: int, field: str = "page_size") -> int:
    if requested < 0:
        raise InvalidArgument(f"page_size must not be negative (got {requested})", field=field)
    if requested > MAX_PAGE_SIZE:
        raise InvalidArgument(
            f"page_size {requested} is over the maximum of {MAX_PAGE_SIZE}", field=field
        )
    return requested or DEFAULT_PAGE_SIZE
