"""Pieces shared by the registry services: lookups that raise NotFound, the audit
recorder, and keyset page tokens."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TypeVar

from cairn_server.domain import registry_rules as rules
from cairn_server.domain import validation as v
from cairn_server.domain.entities import Page
from cairn_server.domain.errors import InvalidArgument, NotFound
from cairn_server.domain.paging import decode_token, encode_token
from cairn_server.domain.registry import (
    ANONYMOUS,
    EventType,
    ModelVersion,
    RegisteredModel,
    RegistryEvent,
)
from cairn_server.storage.registry_ports import RegistryRepository, RegistryUnitOfWork

T = TypeVar("T")


def require_model(
    repo: RegistryRepository, name: str, *, for_update: bool = False, field: str = "name"
) -> RegisteredModel:
    rules.check_model_name(name, field)
    model = repo.get_model(name, for_update=for_update)
    if model is None:
        raise NotFound("registered model", name)
    return model


def require_version(
    repo: RegistryRepository, model: RegisteredModel, version: int, field: str = "version"
) -> ModelVersion:
    rules.check_version_number(version, field)
    found = repo.get_version(model.model_id, version)
    if found is None:
        raise NotFound(
            "model version",
            f"{model.name}/{version}",
            f"model '{model.name}' has no version {version}",
        )
    return found


def check_tags(tags: Sequence[tuple[str, str]], field: str = "tags") -> dict[str, str]:
    v.check_batch_size(len(tags), field, "tags")
    return v.check_key_values(tags, field, "tag", v.MAX_TAG_VALUE_LENGTH)


def change(old: Any, new: Any) -> dict[str, Any]:
    return {"old": old, "new": new}


class Audit:
    """Collects the events of one change. `write` must be the transaction's last
    statement: it takes the event-sequence lock, which must come after every other
    row lock (see SqlRegistryEventLog.append)."""

    def __init__(self, actor: str, now: int) -> None:
        self.actor = actor or ANONYMOUS
        self.now = now
        self.events: list[RegistryEvent] = []

    def add(
        self,
        type_: EventType,
        model: RegisteredModel | ModelVersion,
        *,
        version: int = 0,
        alias: str = "",
        from_stage: str = "",
        to_stage: str = "",
        details: dict[str, Any] | None = None,
    ) -> None:
        self.events.append(
            RegistryEvent(
                type=type_,
                model_id=model.model_id,
                name=model.name,
                actor=self.actor,
                event_time=self.now,
                version=version,
                alias=alias,
                from_stage=from_stage,
                to_stage=to_stage,
                details_json=json.dumps(details or {}, sort_keys=True, separators=(",", ":")),
            )
        )

    def write(self, uow: RegistryUnitOfWork) -> None:
        uow.events.append(self.events)


def actor_of(user: str) -> str:
    return rules.check_actor(user) or ANONYMOUS


def complete_order(order: list[tuple[str, bool]], unique: Sequence[str]) -> list[tuple[str, bool]]:
    """Appends the fields of a unique key so the order is total and a keyset cursor
    points at exactly one row."""
    present = {f for f, _ in order}
    return order + [(f, False) for f in unique if f not in present]


def decode_cursor(
    token: str, fingerprint: str, order: Sequence[tuple[str, bool]]
) -> list[Any] | None:
    """The cursor of a page token, checked against the fields it must hold (a token is
    client input: a forged one must fail as INVALID_ARGUMENT, not in the database)."""
    cursor = decode_token(token, fingerprint)
    if cursor is None:
        return None
    expected = [str if field == "name" else int for field, _ in order]
    if len(cursor) != len(expected) or not all(
        type(value) is kind for value, kind in zip(cursor, expected, strict=True)
    ):
        raise InvalidArgument(
            "page_token is malformed; pass the next_page_token of a previous response",
            field="page_token",
            reason="INVALID_PAGE_TOKEN",
        )
    return cursor


def keyset_page(
    items: list[T], size: int, fingerprint: str, order: Sequence[tuple[str, bool]]
) -> Page[T]:
    if len(items) <= size:
        return Page(items, "")
    items = items[:size]
    last = items[-1]
    return Page(items, encode_token(fingerprint, [getattr(last, f) for f, _ in order]))
