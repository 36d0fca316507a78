"""Ports of the model registry: what its services need from storage, as Protocols.
storage/sql/registry_repository.py implements them."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from cairn_server.domain.registry import (
    ApprovalStatus,
    EventQuery,
    ModelVersion,
    RegisteredModel,
    RegistryEvent,
    StageTransition,
)
from cairn_server.domain.registry_filter import Clause
from cairn_server.storage.ports import IdempotencyRepository, OwnerGrants, TrackingRepository

# Sort spec: (field, descending) pairs, ending in a unique key; a cursor holds the
# values of those fields for the last row of the previous page.
Order = Sequence[tuple[str, bool]]
Cursor = Sequence[Any] | None


class RegistryRepository(Protocol):
    # -- models -------------------------------------------------------------
    def add_model(self, model: RegisteredModel) -> None: ...
    def get_model(self, name: str, *, for_update: bool = False) -> RegisteredModel | None: ...
    def get_model_by_id(
        self, model_id: str, *, for_update: bool = False
    ) -> RegisteredModel | None: ...
    def model_id_of(self, name: str) -> str | None: ...
    def save_model(self, model: RegisteredModel) -> None: ...
    def delete_model(self, model_id: str) -> None: ...
    def search_models(
        self,
        clauses: Sequence[Clause],
        order: Order,
        after: Cursor,
        limit: int,
        only_ids: frozenset[str] | None = None,
    ) -> list[RegisteredModel]: ...
    def set_model_tag(self, model_id: str, key: str, value: str) -> str | None: ...
    def delete_model_tag(self, model_id: str, key: str) -> str | None: ...

    # -- versions -----------------------------------------------------------
    def next_version(self, model_id: str, now: int) -> int: ...
    def add_version(self, version: ModelVersion) -> None: ...
    def get_version(self, model_id: str, version: int) -> ModelVersion | None: ...
    def latest_version(self, model_id: str) -> int: ...
    def save_version(self, version: ModelVersion) -> None: ...
    def delete_version(self, model_id: str, version: int) -> None: ...
    def versions_in_stage(self, model_id: str, stage: str) -> list[int]: ...
    def version_stages(self, model_id: str) -> dict[int, str]: ...
    def search_versions(
        self,
        clauses: Sequence[Clause],
        order: Order,
        after: Cursor,
        limit: int,
        only_models: frozenset[str] | None = None,
    ) -> list[ModelVersion]: ...
    def versions_from_runs(
        self,
        run_id: str | None,
        dataset_digest: str | None,
        after: Cursor,
        limit: int,
        only_models: frozenset[str] | None = None,
    ) -> list[ModelVersion]: ...
    def set_version_tag(self, model_id: str, version: int, key: str, value: str) -> str | None: ...
    def delete_version_tag(self, model_id: str, version: int, key: str) -> str | None: ...

    # -- aliases ------------------------------------------------------------
    def get_alias(self, model_id: str, alias: str) -> int | None: ...
    def set_alias(self, model_id: str, alias: str, version: int) -> None: ...
    def delete_alias(self, model_id: str, alias: str) -> None: ...

    # -- stage transitions --------------------------------------------------
    def add_transition(self, transition: StageTransition) -> None: ...
    def get_transition(self, transition_id: str) -> StageTransition | None: ...
    def save_transition(self, transition: StageTransition) -> None: ...
    def list_transitions(
        self,
        model_id: str,
        version: int,
        status: ApprovalStatus | None,
        after_id: str | None,
        limit: int,
    ) -> list[StageTransition]: ...


class RegistryEventLog(Protocol):
    def append(self, events: Sequence[RegistryEvent]) -> None: ...
    def list(
        self, query: EventQuery, after_id: int, up_to_id: int | None, limit: int
    ) -> list[RegistryEvent]: ...
    def max_event_id(self) -> int: ...


class RegistryUnitOfWork(Protocol):
    registry: RegistryRepository
    events: RegistryEventLog
    tracking: TrackingRepository
    idempotency: IdempotencyRepository
    grants: OwnerGrants


class RegistryUowFactory(Protocol):
    def __call__(self, *, readonly: bool = False) -> AbstractContextManager[RegistryUnitOfWork]: ...
