"""Use cases of experiments, runs, params, tags and inputs. No gRPC, no SQL."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cairn_server.domain import validation as v
from cairn_server.domain.access import ResourceKind, current_principal, current_scope
from cairn_server.domain.entities import (
    DatasetInput,
    Experiment,
    Lifecycle,
    Page,
    Run,
    RunStatus,
    ViewType,
)
from cairn_server.domain.errors import (
    FailedPrecondition,
    InvalidArgument,
    NotFound,
)
from cairn_server.domain.ids import new_id, now_millis
from cairn_server.domain.paging import decode_token, encode_token, query_fingerprint
from cairn_server.storage.ports import TrackingRepository, TrackingUnitOfWork, TrackingUowFactory

EXPERIMENT_MASK_PATHS = frozenset({"name", "description", "tags"})
RUN_MASK_PATHS = frozenset({"status", "run_name", "end_time_millis"})
MAX_RUN_NAME_LENGTH = 256
MAX_MASK_PATHS = 100
MAX_USER_LENGTH = 256


def _request_hash(payload: object) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def require_experiment(repo: TrackingRepository, experiment_id: str) -> Experiment:
    v.check_id(experiment_id, "experiment_id", "experiment_id")
    exp = repo.get_experiment(experiment_id)
    if exp is None:
        raise NotFound("experiment", experiment_id)
    return exp


def require_run(repo: TrackingRepository, run_id: str, *, for_update: bool = False) -> Run:
    v.check_id(run_id, "run_id", "run_id")
    run = repo.get_run(run_id, details=False, for_update=for_update)
    if run is None:
        raise NotFound("run", run_id)
    return run


def check_writable(run_id: str, status: RunStatus, lifecycle: Lifecycle) -> None:
    """Logging needs a live, non-terminal run (MLflow's rule too)."""
    if lifecycle is Lifecycle.DELETED:
        raise FailedPrecondition(
            f"run '{run_id}' is deleted; restore it before logging to it",
            reason="RESOURCE_DELETED",
        )
    if status.is_terminal:
        raise FailedPrecondition(
            f"run '{run_id}' is {status.name}; set its status to RUNNING "
            "to reopen it before logging",
            reason="RUN_NOT_ACTIVE",
        )


def require_writable(run: Run) -> None:
    check_writable(run.run_id, run.status, run.lifecycle)


def check_mask(paths: Sequence[str], allowed: frozenset[str]) -> set[str]:
    if not paths:
        raise InvalidArgument(
            f"update_mask is empty; name the fields to change: {', '.join(sorted(allowed))}",
            field="update_mask",
        )
    v.check_batch_size(len(paths), "update_mask", "update_mask paths", limit=MAX_MASK_PATHS)
    unknown = [p for p in paths if p not in allowed]
    if unknown:
        raise InvalidArgument(
            f"update_mask path {unknown[0]!r} is not updatable; "
            f"allowed: {', '.join(sorted(allowed))}",
            field="update_mask",
        )
    return set(paths)


@dataclass(frozen=True)
class RunUpdate:
    status: RunStatus | None = None
    run_name: str | None = None
    end_time: int | None = None


class TrackingService:
    def __init__(
        self,
        uow: TrackingUowFactory,
        artifact_root: str,
        clock: Callable[[], int] = now_millis,
    ) -> None:
        self._uow = uow
        self._artifact_root = artifact_root.rstrip("/")
        self._clock = clock

    # -- experiments --------------------------------------------------------

    def create_experiment(
        self, name: str, description: str, tags: list[tuple[str, str]], request_id: str = ""
    ) -> Experiment:
        v.check_name(name, "name", "experiment name")
        v.check_length(description, "description", "description", v.MAX_DESCRIPTION_LENGTH)
        v.check_batch_size(len(tags), "tags", "tags")
        tag_map = v.check_key_values(tags, "tags", "tag", v.MAX_TAG_VALUE_LENGTH)
        v.check_request_id(request_id)
        request_hash = _request_hash(["exp", name, description, sorted(tag_map.items())])
        with self._uow() as uow:
            if request_id:
                prior = self._replay(uow, "CreateExperiment", request_id, request_hash)
                if prior is not None:
                    return require_experiment(uow.tracking, prior)
            now = self._clock()
            exp_id = new_id()
            exp = Experiment(
                experiment_id=exp_id,
                name=name,
                description=description,
                lifecycle=Lifecycle.ACTIVE,
                artifact_location=f"{self._artifact_root}/{exp_id}",
                tags=tag_map,
                create_time=now,
                update_time=now,
            )
            uow.tracking.add_experiment(exp)
            owner = current_principal()
            if not owner.anonymous:
                uow.grants.grant_owner(ResourceKind.EXPERIMENT, exp_id, owner.user_id)
            if request_id:
                uow.idempotency.put("CreateExperiment", request_id, request_hash, exp_id, now)
            return exp

    @staticmethod
    def _replay(
        uow: TrackingUnitOfWork, method: str, request_id: str, request_hash: str
    ) -> str | None:
        prior = uow.idempotency.get(method, request_id)
        if prior is None:
            return None
        if prior[0] != request_hash:
            raise InvalidArgument(
                f"request_id '{request_id}' was already used for a different {method} "
                "request; use a new request_id for a new request",
                field="request_id",
                reason="REQUEST_ID_REUSED",
            )
        return prior[1]

    def get_experiment(self, experiment_id: str) -> Experiment:
        with self._uow(readonly=True) as uow:
            return require_experiment(uow.tracking, experiment_id)

    def get_experiment_by_name(self, name: str) -> Experiment:
        if not name:
            raise InvalidArgument("name is required", field="name")
        v.check_length(name, "name", "name", v.MAX_NAME_LENGTH)
        with self._uow(readonly=True) as uow:
            exp = uow.tracking.get_experiment_by_name(name)
            if exp is None:
                raise NotFound("experiment", name, f"no experiment is named '{name}'")
            return exp

    def list_experiments(
        self, page_size: int, page_token: str, view: ViewType, name_contains: str
    ) -> Page[Experiment]:
        size = v.page_size(page_size)
        v.check_length(name_contains, "name_contains", "name_contains", v.MAX_NAME_LENGTH)
        fingerprint = query_fingerprint("experiments", int(view), name_contains)
        cursor = decode_token(page_token, fingerprint)
        after = str(cursor[0]) if cursor else None
        with self._uow(readonly=True) as uow:
            items = uow.tracking.list_experiments(
                view, name_contains, after, size + 1, current_scope().experiment_ids
            )
        token = ""
        if len(items) > size:
            items = items[:size]
            token = encode_token(fingerprint, [items[-1].experiment_id])
        return Page(items, token)

    def update_experiment(
        self,
        experiment_id: str,
        paths: Sequence[str],
        name: str,
        description: str,
        tags: list[tuple[str, str]],
    ) -> Experiment:
        mask = check_mask(paths, EXPERIMENT_MASK_PATHS)
        if "name" in mask:
            v.check_name(name, "experiment.name", "experiment name")
        if "description" in mask:
            v.check_length(
                description, "experiment.description", "description", v.MAX_DESCRIPTION_LENGTH
            )
        tag_map: dict[str, str] = {}
        if "tags" in mask:
            v.check_batch_size(len(tags), "experiment.tags", "tags")
            tag_map = v.check_key_values(tags, "experiment.tags", "tag", v.MAX_TAG_VALUE_LENGTH)
        with self._uow() as uow:
            exp = require_experiment(uow.tracking, experiment_id)
            if exp.lifecycle is Lifecycle.DELETED:
                raise FailedPrecondition(
                    f"experiment '{experiment_id}' is deleted; restore it before updating",
                    reason="RESOURCE_DELETED",
                )
            if "name" in mask:
                exp.name = name
            if "description" in mask:
                exp.description = description
            exp.update_time = self._clock()
            uow.tracking.save_experiment(exp)
            if "tags" in mask:
                uow.tracking.replace_experiment_tags(experiment_id, tag_map)
                exp.tags = tag_map
            return exp

    def set_experiment_lifecycle(self, experiment_id: str, state: Lifecycle) -> Experiment:
        with self._uow() as uow:
            exp = require_experiment(uow.tracking, experiment_id)
            if exp.lifecycle is not state:
                now = self._clock()
                exp.lifecycle = state
                exp.delete_time = now if state is Lifecycle.DELETED else 0
                exp.update_time = now
                uow.tracking.save_experiment(exp)
            return exp

    # -- runs ---------------------------------------------------------------

    def create_run(
        self,
        experiment_id: str,
        run_name: str,
        parent_run_id: str,
        start_time: int,
        user: str,
        params: list[tuple[str, str]],
        tags: list[tuple[str, str]],
        request_id: str = "",
    ) -> Run:
        v.check_id(experiment_id, "experiment_id", "experiment_id")
        v.check_length(run_name, "run_name", "run_name", MAX_RUN_NAME_LENGTH)
        v.check_length(user, "user", "user", MAX_USER_LENGTH)
        if parent_run_id:
            v.check_id(parent_run_id, "parent_run_id", "parent_run_id")
        if start_time < 0:
            raise InvalidArgument(
                "start_time_millis must not be negative", field="start_time_millis"
            )
        v.check_batch_size(len(params), "params", "params")
        v.check_batch_size(len(tags), "tags", "tags")
        param_map = v.check_key_values(params, "params", "param", v.MAX_PARAM_VALUE_LENGTH)
        tag_map = v.check_key_values(tags, "tags", "tag", v.MAX_TAG_VALUE_LENGTH)
        v.check_request_id(request_id)
        request_hash = _request_hash(
            [
                "run",
                experiment_id,
                run_name,
                parent_run_id,
                start_time,
                user,
                sorted(param_map.items()),
                sorted(tag_map.items()),
            ]
        )
        with self._uow() as uow:
            if request_id:
                prior = self._replay(uow, "CreateRun", request_id, request_hash)
                if prior is not None:
                    return self._get_run(uow, prior)
            exp = require_experiment(uow.tracking, experiment_id)
            if exp.lifecycle is Lifecycle.DELETED:
                raise FailedPrecondition(
                    f"experiment '{experiment_id}' is deleted; restore it before creating runs",
                    reason="RESOURCE_DELETED",
                )
            if parent_run_id:
                parent = uow.tracking.get_run(parent_run_id, details=False)
                if parent is None:
                    raise NotFound(
                        "run", parent_run_id, f"parent run '{parent_run_id}' does not exist"
                    )
                if parent.experiment_id != experiment_id:
                    raise FailedPrecondition(
                        f"parent run '{parent_run_id}' belongs to experiment "
                        f"'{parent.experiment_id}', not '{experiment_id}'"
                    )
            now = self._clock()
            run_id = new_id()
            run = Run(
                run_id=run_id,
                experiment_id=experiment_id,
                run_name=run_name or f"run-{run_id[-8:]}",
                parent_run_id=parent_run_id,
                status=RunStatus.RUNNING,
                start_time=start_time or now,
                end_time=0,
                user=user,
                lifecycle=Lifecycle.ACTIVE,
                artifact_uri=f"{exp.artifact_location}/{run_id}/artifacts",
                create_time=now,
                update_time=now,
                params=param_map,
                tags=tag_map,
            )
            uow.tracking.add_run(run)
            if request_id:
                uow.idempotency.put("CreateRun", request_id, request_hash, run_id, now)
            return run

    @staticmethod
    def _get_run(uow: TrackingUnitOfWork, run_id: str) -> Run:
        v.check_id(run_id, "run_id", "run_id")
        run = uow.tracking.get_run(run_id)
        if run is None:
            raise NotFound("run", run_id)
        return run

    def get_run(self, run_id: str) -> Run:
        with self._uow(readonly=True) as uow:
            return self._get_run(uow, run_id)

    def update_run(self, run_id: str, paths: Sequence[str], change: RunUpdate) -> Run:
        mask = check_mask(paths, RUN_MASK_PATHS)
        if "status" in mask and change.status is None:
            raise InvalidArgument("run.status must be set to a RunStatus value", field="run.status")
        if "run_name" in mask:
            v.check_length(change.run_name or "", "run.run_name", "run_name", MAX_RUN_NAME_LENGTH)
        if "end_time_millis" in mask and (change.end_time or 0) < 0:
            raise InvalidArgument(
                "end_time_millis must not be negative", field="run.end_time_millis"
            )
        with self._uow() as uow:
            run = require_run(uow.tracking, run_id, for_update=True)
            if run.lifecycle is Lifecycle.DELETED:
                raise FailedPrecondition(
                    f"run '{run_id}' is deleted; restore it before updating it",
                    reason="RESOURCE_DELETED",
                )
            now = self._clock()
            if "run_name" in mask and change.run_name is not None:
                run.run_name = change.run_name
            if "end_time_millis" in mask:
                run.end_time = change.end_time or 0
            if "status" in mask and change.status is not None:
                run.status = change.status
                if change.status.is_terminal and not run.end_time:
                    run.end_time = now
                if not change.status.is_terminal:
                    run.end_time = 0
            if run.end_time and run.end_time < run.start_time:
                raise InvalidArgument(
                    f"end_time_millis {run.end_time} is before the run's start time "
                    f"{run.start_time}",
                    field="run.end_time_millis",
                )
            run.update_time = now
            uow.tracking.save_run(run)
            return self._get_run(uow, run_id)

    def set_run_lifecycle(self, run_id: str, state: Lifecycle) -> Run:
        with self._uow() as uow:
            run = require_run(uow.tracking, run_id, for_update=True)
            if state is Lifecycle.ACTIVE:
                exp = require_experiment(uow.tracking, run.experiment_id)
                if exp.lifecycle is Lifecycle.DELETED:
                    raise FailedPrecondition(
                        f"run '{run_id}' belongs to deleted experiment '{exp.experiment_id}'; "
                        "restore the experiment first",
                        reason="RESOURCE_DELETED",
                    )
            if run.lifecycle is not state:
                run.lifecycle = state
                run.update_time = self._clock()
                uow.tracking.save_run(run)
            return self._get_run(uow, run_id)

    # -- params, tags, inputs ----------------------------------------------------

    def log_params(self, run_id: str, params: list[tuple[str, str]]) -> None:
        v.check_batch_size(len(params), "params", "params")
        param_map = v.check_key_values(params, "params", "param", v.MAX_PARAM_VALUE_LENGTH)
        with self._uow() as uow:
            run = require_run(uow.tracking, run_id, for_update=True)
            require_writable(run)
            existing = uow.tracking.get_params(run_id, param_map)
            for key, value in param_map.items():
                if key in existing and existing[key] != value:
                    raise InvalidArgument(
                        f"param '{key}' is already logged with value {existing[key]!r}; "
                        f"params are immutable, so {value!r} cannot replace it "
                        "(log it under a new key or in a new run)",
                        field="params",
                        reason="PARAM_IMMUTABLE",
                    )
            uow.tracking.insert_params(
                run_id, {k: val for k, val in param_map.items() if k not in existing}
            )

    def set_tags(self, run_id: str, tags: list[tuple[str, str]]) -> None:
        v.check_batch_size(len(tags), "tags", "tags")
        tag_map = v.check_key_values(tags, "tags", "tag", v.MAX_TAG_VALUE_LENGTH)
        with self._uow() as uow:
            run = require_run(uow.tracking, run_id)
            if run.lifecycle is Lifecycle.DELETED:
                raise FailedPrecondition(
                    f"run '{run_id}' is deleted; restore it before tagging it",
                    reason="RESOURCE_DELETED",
                )
            uow.tracking.upsert_tags(run_id, tag_map)

    def delete_tag(self, run_id: str, key: str) -> None:
        v.check_key(key, "key", "tag key")
        with self._uow() as uow:
            run = require_run(uow.tracking, run_id)
            if run.lifecycle is Lifecycle.DELETED:
                raise FailedPrecondition(
                    f"run '{run_id}' is deleted; restore it first", reason="RESOURCE_DELETED"
                )
            if not uow.tracking.delete_tag(run_id, key):
                raise NotFound("tag", key, f"run '{run_id}' has no tag '{key}'")

    def log_inputs(self, run_id: str, inputs: list[DatasetInput]) -> None:
        v.check_batch_size(len(inputs), "inputs", "inputs")
        for i, item in enumerate(inputs):
            f = f"inputs[{i}]"
            v.check_name(item.dataset.name, f"{f}.dataset.name", "dataset name")
            if not item.dataset.digest:
                raise InvalidArgument("dataset digest is required", field=f"{f}.dataset.digest")
            v.check_length(item.dataset.digest, f"{f}.dataset.digest", "digest", 256)
            v.check_length(item.dataset.source_uri, f"{f}.dataset.source_uri", "source_uri", 4096)
            v.check_length(item.dataset.source_type, f"{f}.dataset.source_type", "source_type", 64)
            v.check_length(item.dataset.schema, f"{f}.dataset.schema", "schema", 1 << 20)
            v.check_length(item.dataset.profile, f"{f}.dataset.profile", "profile", 1 << 20)
            v.check_length(item.context, f"{f}.context", "context", 64)
        with self._uow() as uow:
            run = require_run(uow.tracking, run_id)
            require_writable(run)
            uow.tracking.log_inputs(run_id, inputs, self._clock())
