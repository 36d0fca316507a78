"""The first SearchRuns filter grammar (status and tag equality joined by AND)."""

from __future__ import annotations

import re

from cairn_server.domain.entities import RunStatus
from cairn_server.domain.errors import InvalidArgument

_SIMPLE_CLAUSE = re.compile(
    r"""^\s*(?:(?P<attr>(?:attributes?\.)?status)|(?:tags?\.)(?P<tag>[A-Za-z0-9_\-./ :]+|`[^`]+`|"[^"]+"))
        \s*=\s*'(?P<value>[^']*)'\s*$""",
    re.X,
)


def parse_basic_filter(text: str) -> tuple[list[RunStatus], dict[str, str]]:
    """The first SearchRuns grammar: clauses `status = '…'` and `tags.k = '…'` joined
    by AND. The full query language replaces this."""
    statuses: list[RunStatus] = []
    tags: dict[str, str] = {}
    if not text.strip():
        return statuses, tags
    position = 0
    for clause in re.split(r"\s+AND\s+", text, flags=re.I):
        match = _SIMPLE_CLAUSE.match(clause)
        if not match:
            raise InvalidArgument(
                f"cannot parse filter clause {clause.strip()!r} at position {position}: "
                "expected status = '<STATUS>' or tags.<key> = '<value>'",
                field="filter",
                reason="INVALID_FILTER",
            )
        if match.group("attr"):
            name = match.group("value").upper()
            try:
                statuses.append(RunStatus[name.removeprefix("RUN_STATUS_")])
            except KeyError:
                raise InvalidArgument(
                    f"unknown run status {match.group('value')!r}; expected one of "
                    + ", ".join(s.name for s in RunStatus),
                    field="filter",
                    reason="INVALID_FILTER",
                ) from None
        else:
            key = match.group("tag").strip().strip('`"')
            tags[key] = match.group("value")
        position += len(clause) + 5
    return statuses, tags
