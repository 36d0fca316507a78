"""Use cases of model versions and their tags. No gRPC, no SQL."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from cairn_server.domain import registry_rules as rules
from cairn_server.domain import validation as v
from cairn_server.domain.access import current_scope
from cairn_server.domain.entities import Lifecycle, Page
from cairn_server.domain.errors import FailedPrecondition, InvalidArgument, NotFound
from cairn_server.domain.ids import now_millis
from cairn_server.domain.paging import query_fingerprint
from cairn_server.domain.registry import EventType, ModelVersion, ModelVersionStatus
from cairn_server.domain.registry_filter import (
    VERSION_FIELDS,
    VERSION_ORDER_FIELDS,
    Clause,
    parse_filter,
    parse_order_by,
)
from cairn_server.domain.registry_rules import StagePolicy
from cairn_server.services.registry_support import (
    Audit,
    change,
    check_tags,
    complete_order,
    decode_cursor,
    keyset_page,
    require_model,
    require_version,
)
from cairn_server.services.tracking import check_mask, require_run
from cairn_server.storage.registry_ports import RegistryUnitOfWork, RegistryUowFactory

VERSION_MASK_PATHS = frozenset(
    {"description", "status", "status_message", "metadata_json", "digest"}
)


@dataclass(frozen=True)
class RunArtifact:
    run_id: str
    artifact_path: str


@dataclass(frozen=True)
class ExternalUri:
    uri: str


@dataclass(frozen=True)
class NewVersion:
    name: str
    source: RunArtifact | ExternalUri | None
    description: str = ""
    tags: Sequence[tuple[str, str]] = ()
    metadata_json: str = ""
    digest: str = ""
    request_id: str = ""


@dataclass(frozen=True)
class VersionUpdate:
    description: str = ""
    status: ModelVersionStatus | None = None
    status_message: str = ""
    metadata_json: str = ""
    digest: str = ""


def _sha256(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


class VersionService:
    def __init__(
        self,
        uow: RegistryUowFactory,
        stages: StagePolicy,
        clock: Callable[[], int] = now_millis,
    ) -> None:
        self._uow = uow
        self._stages = stages
        self._clock = clock

    def _check_new_version(self, req: NewVersion) -> NewVersion:
        rules.check_model_name(req.name)
        source = req.source
        if source is None:
            raise InvalidArgument(
                "set the version's source: run_artifact (run_id and artifact_path) or external_uri",
                field="source",
            )
        if isinstance(source, RunArtifact):
            v.check_id(source.run_id, "run_artifact.run_id", "run_id")
            source = replace(source, artifact_path=rules.check_artifact_path(source.artifact_path))
        else:
            rules.check_external_uri(source.uri)
        v.check_length(req.description, "description", "description", v.MAX_DESCRIPTION_LENGTH)
        rules.check_metadata_json(req.metadata_json)
        rules.check_digest(req.digest)
        v.check_request_id(req.request_id)
        return replace(req, source=source, tags=sorted(check_tags(req.tags).items()))

    def create_version(self, req: NewVersion, *, actor: str) -> ModelVersion:
        req = self._check_new_version(req)
        request_hash = hashlib.sha256(
            json.dumps(
                [
                    req.name,
                    repr(req.source),
                    req.description,
                    list(req.tags),
                    req.metadata_json,
                    req.digest,
                ]
            ).encode()
        ).hexdigest()
        with self._uow() as uow:
            # The model lock comes first: it also makes two retries of one request_id
            # queue, so the second finds the first's idempotency record.
            model = require_model(uow.registry, req.name, for_update=True)
            if req.request_id:
                prior = self._replay(uow, req.request_id, request_hash)
                if prior is not None:
                    return prior
            source_uri, run_id, artifact_path = self._resolve_source(uow, req.source)
            now = self._clock()
            number = uow.registry.next_version(model.model_id, now)
            mv = ModelVersion(
                model_id=model.model_id,
                name=model.name,
                version=number,
                source_uri=source_uri,
                run_id=run_id,
                run_artifact_path=artifact_path,
                description=req.description,
                status=ModelVersionStatus.READY,
                status_message="",
                stage=self._stages.initial,
                metadata_json=req.metadata_json,
                digest=req.digest,
                created_by=actor,
                create_time=now,
                update_time=now,
                tags=dict(req.tags),
            )
            uow.registry.add_version(mv)
            if req.request_id:
                uow.idempotency.put(
                    "CreateModelVersion",
                    req.request_id,
                    request_hash,
                    json.dumps([model.model_id, number]),
                    now,
                )
            audit = Audit(actor, now)
            audit.add(
                EventType.VERSION_CREATED,
                mv,
                version=number,
                to_stage=mv.stage,
                details={
                    "source_uri": change(None, source_uri),
                    "run_id": change(None, run_id),
                    "digest": change(None, req.digest),
                    "tags": change(None, mv.tags),
                },
            )
            audit.write(uow)
            return mv

    @staticmethod
    def _replay(uow: RegistryUnitOfWork, request_id: str, request_hash: str) -> ModelVersion | None:
        prior = uow.idempotency.get("CreateModelVersion", request_id)
        if prior is None:
            return None
        if prior[0] != request_hash:
            raise InvalidArgument(
                f"request_id '{request_id}' was already used for a different "
                "CreateModelVersion request; use a new request_id for a new request",
                field="request_id",
                reason="REQUEST_ID_REUSED",
            )
        model_id, number = json.loads(prior[1])
        mv = uow.registry.get_version(model_id, number)
        if mv is None:
            raise NotFound(
                "model version",
                str(number),
                f"the version created by request_id '{request_id}' has since been deleted",
            )
        return mv

    @staticmethod
    def _resolve_source(
        uow: RegistryUnitOfWork, source: RunArtifact | ExternalUri | None
    ) -> tuple[str, str, str]:
        """(source_uri, run_id, run_artifact_path) of a checked source."""
        if isinstance(source, ExternalUri):
            return source.uri, "", ""
        assert source is not None
        run = require_run(uow.tracking, source.run_id)
        if run.lifecycle is Lifecycle.DELETED:
            raise FailedPrecondition(
                f"run '{run.run_id}' is deleted; restore it before registering its artifacts",
                reason="RESOURCE_DELETED",
            )
        uri = f"{run.artifact_uri.rstrip('/')}/{source.artifact_path}"
        return uri, run.run_id, source.artifact_path

    def get_version(self, name: str, version: int) -> ModelVersion:
        with self._uow(readonly=True) as uow:
            return require_version(uow.registry, require_model(uow.registry, name), version)

    def search_versions(
        self, filter_text: str, order_by: Sequence[str], page_size: int, page_token: str
    ) -> Page[ModelVersion]:
        size = v.page_size(page_size)
        clauses = [self._canonical_stage(c) for c in parse_filter(filter_text, VERSION_FIELDS)]
        order = parse_order_by(list(order_by), VERSION_ORDER_FIELDS)
        if not order:
            order = [("name", False), ("version", True)]
        order = complete_order(order, ["name", "version"])
        fingerprint = query_fingerprint("versions", filter_text, order)
        cursor = decode_cursor(page_token, fingerprint, order)
        with self._uow(readonly=True) as uow:
            items = uow.registry.search_versions(
                clauses, order, cursor, size + 1, current_scope().model_ids
            )
        return keyset_page(items, size, fingerprint, order)

    def _canonical_stage(self, clause: Clause) -> Clause:
        """Stages match ignoring case, as they do everywhere else."""
        if clause.field != "stage":
            return clause

        def canonical(value: str | int) -> str:
            text = str(value)
            for stage in self._stages.stages:
                if stage.lower() == text.lower():
                    return stage
            return text

        if isinstance(clause.value, tuple):
            return replace(clause, value=tuple(canonical(x) for x in clause.value))
        return replace(clause, value=canonical(clause.value))

    def update_version(
        self, name: str, version: int, paths: Sequence[str], update: VersionUpdate, *, actor: str
    ) -> ModelVersion:
        mask = check_mask(paths, VERSION_MASK_PATHS)
        f = "model_version."
        if "description" in mask:
            v.check_length(
                update.description, f + "description", "description", v.MAX_DESCRIPTION_LENGTH
            )
        if "status" in mask and update.status is None:
            raise InvalidArgument(
                "model_version.status must be PENDING_REGISTRATION, READY or FAILED_REGISTRATION",
                field=f + "status",
            )
        if "status_message" in mask:
            v.check_length(
                update.status_message,
                f + "status_message",
                "status_message",
                rules.MAX_STATUS_MESSAGE_LENGTH,
            )
        if "metadata_json" in mask:
            rules.check_metadata_json(update.metadata_json, f + "metadata_json")
        if "digest" in mask:
            rules.check_digest(update.digest, f + "digest")
        with self._uow() as uow:
            model = require_model(uow.registry, name, for_update=True, field=f + "name")
            mv = require_version(uow.registry, model, version, f + "version")
            details = {}
            for path in sorted(mask):
                old, new = getattr(mv, path), getattr(update, path)
                if old == new:
                    continue
                setattr(mv, path, new)
                if path == "status":
                    details[path] = change(
                        ModelVersionStatus(old).name, ModelVersionStatus(new).name
                    )
                elif path == "metadata_json":
                    # Up to 1 MiB each: the audit trail keeps digests, not copies.
                    details[path] = change(_sha256(old), _sha256(new))
                else:
                    details[path] = change(old, new)
            if not details:
                return mv
            now = self._clock()
            mv.update_time = now
            uow.registry.save_version(mv)
            audit = Audit(actor, now)
            audit.add(EventType.VERSION_UPDATED, mv, version=version, details=details)
            audit.write(uow)
            return mv

    def delete_version(self, name: str, version: int, *, actor: str) -> None:
        with self._uow() as uow:
            model = require_model(uow.registry, name, for_update=True)
            mv = require_version(uow.registry, model, version)
            audit = Audit(actor, self._clock())
            for alias in mv.aliases:
                audit.add(
                    EventType.ALIAS_DELETED,
                    mv,
                    version=version,
                    alias=alias,
                    details={"version": change(version, None), "reason": "version deleted"},
                )
            audit.add(
                EventType.VERSION_DELETED,
                mv,
                version=version,
                from_stage=mv.stage,
                details={"source_uri": change(mv.source_uri, None), "aliases": mv.aliases},
            )
            uow.registry.delete_version(model.model_id, version)
            audit.write(uow)

    def set_version_tag(self, name: str, version: int, key: str, value: str, *, actor: str) -> None:
        tag = check_tags([(key, value)], "key")
        with self._uow() as uow:
            model = require_model(uow.registry, name, for_update=True)
            mv = require_version(uow.registry, model, version)
            old = uow.registry.set_version_tag(model.model_id, version, key, tag[key])
            if old != value:
                audit = Audit(actor, self._clock())
                audit.add(
                    EventType.TAG_SET,
                    mv,
                    version=version,
                    details={f"tags.{key}": change(old, value)},
                )
                audit.write(uow)

    def delete_version_tag(self, name: str, version: int, key: str, *, actor: str) -> None:
        v.check_key(key, "key", "tag key")
        with self._uow() as uow:
            model = require_model(uow.registry, name, for_update=True)
            mv = require_version(uow.registry, model, version)
            old = uow.registry.delete_version_tag(model.model_id, version, key)
            if old is None:
                raise NotFound("tag", key, f"version {version} of '{name}' has no tag '{key}'")
            audit = Audit(actor, self._clock())
            audit.add(
                EventType.TAG_DELETED,
                mv,
                version=version,
                details={f"tags.{key}": change(old, None)},
            )
            audit.write(uow)
