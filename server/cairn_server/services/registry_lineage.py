"""Lineage use cases: from a version to its run, parent runs and datasets, and from a
run or a dataset digest to every version built from it. No gRPC, no SQL.

The two directions agree: a version is listed for a run or dataset exactly when
GetModelLineage of that version shows the run (or one of its parents) or dataset."""

from __future__ import annotations

from cairn_server.domain import validation as v
from cairn_server.domain.access import current_scope
from cairn_server.domain.entities import DatasetInput, Page, Run
from cairn_server.domain.errors import InvalidArgument
from cairn_server.domain.paging import query_fingerprint
from cairn_server.domain.registry import ModelLineage, ModelVersion
from cairn_server.services.registry_support import (
    decode_cursor,
    keyset_page,
    require_model,
    require_version,
)
from cairn_server.services.tracking import require_run
from cairn_server.storage.ports import TrackingRepository
from cairn_server.storage.registry_ports import RegistryUowFactory

# Nesting deeper than this is surely a mistake; stop rather than walk forever.
MAX_PARENT_DEPTH = 100
_ORDER = [("name", False), ("version", False)]


def _parents(repo: TrackingRepository, run: Run) -> list[Run]:
    chain: list[Run] = []
    seen = {run.run_id}
    parent_id = run.parent_run_id
    while parent_id and parent_id not in seen and len(chain) < MAX_PARENT_DEPTH:
        parent = repo.get_run(parent_id)
        if parent is None:
            break
        chain.append(parent)
        seen.add(parent_id)
        parent_id = parent.parent_run_id
    return chain


def _datasets(runs: list[Run]) -> list[DatasetInput]:
    """Inputs of the run and its parents, nearest first, each (dataset, context) once."""
    seen: set[tuple[str, str, str]] = set()
    result = []
    for run in runs:
        for item in run.inputs:
            key = (item.dataset.name, item.dataset.digest, item.context)
            if key not in seen:
                seen.add(key)
                result.append(item)
    return result


class LineageService:
    def __init__(self, uow: RegistryUowFactory) -> None:
        self._uow = uow

    def get_lineage(self, name: str, version: int) -> ModelLineage:
        with self._uow(readonly=True) as uow:
            mv = require_version(uow.registry, require_model(uow.registry, name), version)
            run = uow.tracking.get_run(mv.run_id) if mv.run_id else None
            # The version names its run either way; the run's contents only go to
            # callers who may read its experiment.
            if run is None or not current_scope().can_read_experiment(run.experiment_id):
                return ModelLineage(mv, None, [], [])
            parents = _parents(uow.tracking, run)
            return ModelLineage(mv, run, parents, _datasets([run, *parents]))

    def list_versions(
        self,
        run_id: str | None,
        dataset_digest: str | None,
        page_size: int,
        page_token: str,
    ) -> Page[ModelVersion]:
        size = v.page_size(page_size)
        if run_id is None and dataset_digest is None:
            raise InvalidArgument("set run_id or dataset_digest", field="origin")
        if dataset_digest is not None:
            if not dataset_digest:
                raise InvalidArgument("dataset_digest is required", field="dataset_digest")
            v.check_length(dataset_digest, "dataset_digest", "dataset_digest", 256)
        fingerprint = query_fingerprint("lineage", run_id, dataset_digest)
        cursor = decode_cursor(page_token, fingerprint, _ORDER)
        with self._uow(readonly=True) as uow:
            if run_id is not None:
                require_run(uow.tracking, run_id)
            items = uow.registry.versions_from_runs(
                run_id, dataset_digest, cursor, size + 1, current_scope().model_ids
            )
        return keyset_page(items, size, fingerprint, _ORDER)
