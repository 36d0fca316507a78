"""Ports: what the services need from storage, as Protocols. The SQL adapters in
storage/sql implement them; unit tests can pass fakes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Protocol

from cairn_server.domain.access import ResourceKind
from cairn_server.domain.entities import (
    DatasetInput,
    Experiment,
    Lifecycle,
    Run,
    RunStatus,
    ViewType,
)


class TrackingRepository(Protocol):
    def add_experiment(self, exp: Experiment) -> None: ...
    def get_experiment(self, experiment_id: str) -> Experiment | None: ...
    def get_experiment_by_name(self, name: str) -> Experiment | None: ...
    def list_experiments(
        self,
        view: ViewType,
        name_contains: str,
        after_id: str | None,
        limit: int,
        only_ids: frozenset[str] | None = None,
    ) -> list[Experiment]: ...
    def save_experiment(self, exp: Experiment) -> None: ...
    def replace_experiment_tags(self, experiment_id: str, tags: dict[str, str]) -> None: ...
    def existing_experiment_ids(self, experiment_ids: Sequence[str]) -> set[str]: ...

    def add_run(self, run: Run) -> None: ...
    def get_run(
        self, run_id: str, *, details: bool = True, for_update: bool = False
    ) -> Run | None: ...
    def get_runs(self, run_ids: Sequence[str], *, details: bool = True) -> list[Run]: ...
    def run_states(self, run_ids: Iterable[str]) -> dict[str, tuple[RunStatus, Lifecycle]]: ...
    def save_run(self, run: Run) -> None: ...

    def get_params(self, run_id: str, keys: Iterable[str]) -> dict[str, str]: ...
    def insert_params(self, run_id: str, params: dict[str, str]) -> None: ...
    def upsert_tags(self, run_id: str, tags: dict[str, str]) -> None: ...
    def delete_tag(self, run_id: str, key: str) -> bool: ...
    def log_inputs(self, run_id: str, inputs: list[DatasetInput], now: int) -> None: ...


class IdempotencyRepository(Protocol):
    def get(self, method: str, request_id: str) -> tuple[str, str] | None: ...
    def put(
        self, method: str, request_id: str, request_hash: str, result: str, now: int
    ) -> None: ...


class OwnerGrants(Protocol):
    def grant_owner(self, kind: ResourceKind, resource_id: str, user_id: str) -> None:
        """Gives the creator of a resource MANAGE on it, in the creating transaction."""


class TrackingUnitOfWork(Protocol):
    tracking: TrackingRepository
    idempotency: IdempotencyRepository
    grants: OwnerGrants


class TrackingUowFactory(Protocol):
    def __call__(self, *, readonly: bool = False) -> AbstractContextManager[TrackingUnitOfWork]: ...
