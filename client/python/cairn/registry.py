"""The model registry from Python.

    import cairn

    mv = cairn.register_model(run, "model", name="fraud")      # version 1, 2, …
    reg = cairn.Registry(client)
    reg.set_alias("fraud", "champion", mv.version)
    for event in reg.watch("fraud"):                           # resumes on reconnect
        ...

Every method maps gRPC errors to cairn.errors.CairnError subclasses."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol, TypeVar

import grpc
from google.protobuf import field_mask_pb2

from cairn.client import Client
from cairn.errors import CairnError, NotFoundError, from_rpc_error
from cairn.v1 import common_pb2, model_pb2, model_registry_service_pb2_grpc
from cairn.v1 import model_registry_service_pb2 as pb

T = TypeVar("T")

VERSION_STATUS = {
    "PENDING_REGISTRATION": model_pb2.MODEL_VERSION_STATUS_PENDING_REGISTRATION,
    "READY": model_pb2.MODEL_VERSION_STATUS_READY,
    "FAILED_REGISTRATION": model_pb2.MODEL_VERSION_STATUS_FAILED_REGISTRATION,
}

# Event types that change which versions hold a stage or an alias.
_STAGE_EVENTS = (
    model_pb2.REGISTRY_EVENT_TYPE_STAGE_CHANGED,
    model_pb2.REGISTRY_EVENT_TYPE_VERSION_CREATED,
    model_pb2.REGISTRY_EVENT_TYPE_VERSION_DELETED,
    model_pb2.REGISTRY_EVENT_TYPE_MODEL_DELETED,
)
_ALIAS_EVENTS = (
    model_pb2.REGISTRY_EVENT_TYPE_ALIAS_SET,
    model_pb2.REGISTRY_EVENT_TYPE_ALIAS_DELETED,
    model_pb2.REGISTRY_EVENT_TYPE_MODEL_DELETED,
)


class _HasRunId(Protocol):
    @property
    def run_id(self) -> str: ...


def _kv(mapping: Mapping[str, object] | None) -> list[common_pb2.KeyValue]:
    return [common_pb2.KeyValue(key=k, value=str(v)) for k, v in (mapping or {}).items()]


def _metadata_text(metadata: Mapping[str, Any] | str | None) -> str:
    if metadata is None:
        return ""
    return metadata if isinstance(metadata, str) else json.dumps(metadata, sort_keys=True)


def _pages(fetch: Callable[[str], tuple[Sequence[T], str]]) -> Iterator[T]:
    token = ""
    while True:
        items, token = fetch(token)
        yield from items
        if not token:
            return


class Registry:
    """Model registry calls over a cairn.client.Client (sharing its channel)."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.stub = model_registry_service_pb2_grpc.ModelRegistryServiceStub(client.channel)

    def _call(self, method: Callable[..., T], request: Any) -> T:
        return self.client.call(method, request)

    # -- registered models --------------------------------------------------

    def create_model(
        self, name: str, description: str = "", tags: Mapping[str, object] | None = None
    ) -> model_pb2.RegisteredModel:
        req = pb.CreateRegisteredModelRequest(name=name, description=description, tags=_kv(tags))
        return self._call(self.stub.CreateRegisteredModel, req).registered_model

    def get_model(self, name: str) -> model_pb2.RegisteredModel:
        req = pb.GetRegisteredModelRequest(name=name)
        return self._call(self.stub.GetRegisteredModel, req).registered_model

    def search_models(
        self, filter: str = "", order_by: Sequence[str] = (), *, page_size: int = 100
    ) -> Iterator[model_pb2.RegisteredModel]:
        def fetch(token: str) -> tuple[Sequence[model_pb2.RegisteredModel], str]:
            req = pb.SearchRegisteredModelsRequest(
                filter=filter, order_by=list(order_by), page_size=page_size, page_token=token
            )
            resp = self._call(self.stub.SearchRegisteredModels, req)
            return resp.registered_models, resp.next_page_token

        return _pages(fetch)

    def rename_model(self, name: str, new_name: str) -> model_pb2.RegisteredModel:
        req = pb.RenameRegisteredModelRequest(name=name, new_name=new_name)
        return self._call(self.stub.RenameRegisteredModel, req).registered_model

    def update_model(self, name: str, *, description: str) -> model_pb2.RegisteredModel:
        req = pb.UpdateRegisteredModelRequest(
            registered_model=model_pb2.RegisteredModel(name=name, description=description),
            update_mask=field_mask_pb2.FieldMask(paths=["description"]),
        )
        return self._call(self.stub.UpdateRegisteredModel, req).registered_model

    def delete_model(self, name: str) -> None:
        self._call(self.stub.DeleteRegisteredModel, pb.DeleteRegisteredModelRequest(name=name))

    def set_model_tag(self, name: str, key: str, value: object) -> None:
        req = pb.SetRegisteredModelTagRequest(name=name, key=key, value=str(value))
        self._call(self.stub.SetRegisteredModelTag, req)

    def delete_model_tag(self, name: str, key: str) -> None:
        req = pb.DeleteRegisteredModelTagRequest(name=name, key=key)
        self._call(self.stub.DeleteRegisteredModelTag, req)

    # -- model versions -----------------------------------------------------

    def create_version(
        self,
        name: str,
        *,
        run_id: str | None = None,
        artifact_path: str = "",
        external_uri: str | None = None,
        description: str = "",
        tags: Mapping[str, object] | None = None,
        metadata: Mapping[str, Any] | str | None = None,
        digest: str = "",
        request_id: str = "",
    ) -> model_pb2.ModelVersion:
        """Registers the next version from a run's artifact path or an external URI.
        A request_id makes a retried call return the version the first call created."""
        req = pb.CreateModelVersionRequest(
            name=name,
            description=description,
            tags=_kv(tags),
            metadata_json=_metadata_text(metadata),
            digest=digest,
            request_id=request_id,
        )
        if run_id is not None:
            req.run_artifact.CopyFrom(
                pb.RunArtifactSource(run_id=run_id, artifact_path=artifact_path)
            )
        elif external_uri is not None:
            req.external_uri = external_uri
        return self._call(self.stub.CreateModelVersion, req).model_version

    def get_version(self, name: str, version: int) -> model_pb2.ModelVersion:
        req = pb.GetModelVersionRequest(name=name, version=version)
        return self._call(self.stub.GetModelVersion, req).model_version

    def search_versions(
        self, filter: str = "", order_by: Sequence[str] = (), *, page_size: int = 100
    ) -> Iterator[model_pb2.ModelVersion]:
        def fetch(token: str) -> tuple[Sequence[model_pb2.ModelVersion], str]:
            req = pb.SearchModelVersionsRequest(
                filter=filter, order_by=list(order_by), page_size=page_size, page_token=token
            )
            resp = self._call(self.stub.SearchModelVersions, req)
            return resp.model_versions, resp.next_page_token

        return _pages(fetch)

    def update_version(
        self,
        name: str,
        version: int,
        *,
        description: str | None = None,
        status: str | None = None,
        status_message: str | None = None,
        metadata: Mapping[str, Any] | str | None = None,
        digest: str | None = None,
    ) -> model_pb2.ModelVersion:
        mv = model_pb2.ModelVersion(name=name, version=version)
        paths = []
        if description is not None:
            mv.description = description
            paths.append("description")
        if status is not None:
            mv.status = VERSION_STATUS[status.upper()]
            paths.append("status")
        if status_message is not None:
            mv.status_message = status_message
            paths.append("status_message")
        if metadata is not None:
            mv.metadata_json = _metadata_text(metadata)
            paths.append("metadata_json")
        if digest is not None:
            mv.digest = digest
            paths.append("digest")
        req = pb.UpdateModelVersionRequest(
            model_version=mv, update_mask=field_mask_pb2.FieldMask(paths=paths)
        )
        return self._call(self.stub.UpdateModelVersion, req).model_version

    def delete_version(self, name: str, version: int) -> None:
        req = pb.DeleteModelVersionRequest(name=name, version=version)
        self._call(self.stub.DeleteModelVersion, req)

    def set_version_tag(self, name: str, version: int, key: str, value: object) -> None:
        req = pb.SetModelVersionTagRequest(name=name, version=version, key=key, value=str(value))
        self._call(self.stub.SetModelVersionTag, req)

    def delete_version_tag(self, name: str, version: int, key: str) -> None:
        req = pb.DeleteModelVersionTagRequest(name=name, version=version, key=key)
        self._call(self.stub.DeleteModelVersionTag, req)

    # -- aliases ------------------------------------------------------------

    def set_alias(self, name: str, alias: str, version: int) -> model_pb2.ModelVersion:
        """Points `alias` at `version`, moving it atomically if it pointed elsewhere."""
        req = pb.SetModelAliasRequest(name=name, alias=alias, version=version)
        return self._call(self.stub.SetModelAlias, req).model_version

    def delete_alias(self, name: str, alias: str) -> None:
        self._call(self.stub.DeleteModelAlias, pb.DeleteModelAliasRequest(name=name, alias=alias))

    def get_version_by_alias(self, name: str, alias: str) -> model_pb2.ModelVersion:
        """Also resolves "latest" and "v<number>"."""
        req = pb.GetModelVersionByAliasRequest(name=name, alias=alias)
        return self._call(self.stub.GetModelVersionByAlias, req).model_version

    # -- stages -------------------------------------------------------------

    def transition_stage(
        self,
        name: str,
        version: int,
        stage: str,
        *,
        archive_existing_versions: bool = False,
        comment: str = "",
    ) -> model_pb2.ModelVersion:
        req = pb.TransitionModelVersionStageRequest(
            name=name,
            version=version,
            stage=stage,
            archive_existing_versions=archive_existing_versions,
            comment=comment,
        )
        return self._call(self.stub.TransitionModelVersionStage, req).model_version

    def request_transition(
        self,
        name: str,
        version: int,
        stage: str,
        *,
        archive_existing_versions: bool = False,
        comment: str = "",
    ) -> model_pb2.StageTransition:
        req = pb.RequestStageTransitionRequest(
            name=name,
            version=version,
            stage=stage,
            archive_existing_versions=archive_existing_versions,
            comment=comment,
        )
        return self._call(self.stub.RequestStageTransition, req).transition

    def review_transition(
        self, transition_id: str, *, approve: bool, comment: str = ""
    ) -> tuple[model_pb2.StageTransition, model_pb2.ModelVersion]:
        decision = (
            model_pb2.APPROVAL_STATUS_APPROVED if approve else model_pb2.APPROVAL_STATUS_REJECTED
        )
        req = pb.ReviewStageTransitionRequest(
            transition_id=transition_id, decision=decision, comment=comment
        )
        resp = self._call(self.stub.ReviewStageTransition, req)
        return resp.transition, resp.model_version

    def list_transitions(
        self, name: str, version: int = 0, *, status: str = "", page_size: int = 100
    ) -> Iterator[model_pb2.StageTransition]:
        """Transition requests, oldest first; status is PENDING, APPROVED or REJECTED."""
        value = model_pb2.ApprovalStatus.Value(f"APPROVAL_STATUS_{status.upper()}") if status else 0

        def fetch(token: str) -> tuple[Sequence[model_pb2.StageTransition], str]:
            req = pb.ListStageTransitionsRequest(
                name=name,
                version=version,
                approval_status=value,  # type: ignore[arg-type]
                page_size=page_size,
                page_token=token,
            )
            resp = self._call(self.stub.ListStageTransitions, req)
            return resp.transitions, resp.next_page_token

        return _pages(fetch)

    # -- lineage ------------------------------------------------------------

    def lineage(self, name: str, version: int) -> model_pb2.ModelLineage:
        req = pb.GetModelLineageRequest(name=name, version=version)
        return self._call(self.stub.GetModelLineage, req).lineage

    def versions_by_lineage(
        self, *, run_id: str | None = None, dataset_digest: str | None = None, page_size: int = 100
    ) -> Iterator[model_pb2.ModelVersion]:
        """Versions built from a run (or runs nested under it) or from a dataset."""

        def fetch(token: str) -> tuple[Sequence[model_pb2.ModelVersion], str]:
            req = pb.ListModelVersionsByLineageRequest(page_size=page_size, page_token=token)
            if run_id is not None:
                req.run_id = run_id
            elif dataset_digest is not None:
                req.dataset_digest = dataset_digest
            resp = self._call(self.stub.ListModelVersionsByLineage, req)
            return resp.model_versions, resp.next_page_token

        return _pages(fetch)

    # -- events -------------------------------------------------------------

    def events(
        self,
        name: str = "",
        version: int = 0,
        *,
        types: Iterable[int] = (),
        start_time_millis: int = 0,
        end_time_millis: int = 0,
        page_size: int = 1000,
    ) -> Iterator[model_pb2.RegistryEvent]:
        """The audit trail, oldest first; time bounds are inclusive, 0 = unbounded."""

        def fetch(token: str) -> tuple[Sequence[model_pb2.RegistryEvent], str]:
            req = pb.ListRegistryEventsRequest(
                name=name,
                version=version,
                types=list(types),  # type: ignore[arg-type]
                start_time_millis=start_time_millis,
                end_time_millis=end_time_millis,
                page_size=page_size,
                page_token=token,
            )
            resp = self._call(self.stub.ListRegistryEvents, req)
            return resp.events, resp.next_page_token

        return _pages(fetch)

    def watch(
        self,
        name: str = "",
        after_event_id: int = -1,
        *,
        reconnect: bool = True,
        max_backoff_seconds: float = 10.0,
    ) -> Iterator[model_pb2.RegistryEvent]:
        """Yields registry events after `after_event_id` (0 = from the start, -1 = only
        new ones) as they happen. If the connection drops it reconnects with backoff,
        resuming after the last event it yielded, so nothing is missed or repeated.
        Stop by breaking out of the loop."""
        cursor = after_event_id
        backoff = 0.1
        metadata = (("x-cairn-user", self.client.user),) if self.client.user else ()
        while True:
            req = pb.WatchRegistryEventsRequest(name=name, after_event_id=cursor)
            stream = self.stub.WatchRegistryEvents(req, metadata=metadata)
            try:
                for resp in stream:
                    backoff = 0.1
                    cursor = resp.event.event_id
                    yield resp.event
                return  # the server ended the stream (it is shutting down)
            except grpc.RpcError as exc:
                error = from_rpc_error(exc)
                if not (reconnect and error.retryable):
                    raise error from None
            finally:
                stream.cancel()  # type: ignore[no-untyped-call]
            time.sleep(backoff)
            backoff = min(backoff * 2, max_backoff_seconds)

    # -- point-in-time questions, answered from the audit trail ------------------

    def stage_holders_at(self, name: str, stage: str, time_millis: int) -> list[int]:
        """The versions of `name` that were in `stage` at `time_millis` (inclusive)."""
        stages: dict[int, str] = {}
        for e in self.events(name, types=_STAGE_EVENTS, end_time_millis=time_millis):
            if e.type == model_pb2.REGISTRY_EVENT_TYPE_MODEL_DELETED:
                stages.clear()
            elif e.type == model_pb2.REGISTRY_EVENT_TYPE_VERSION_DELETED:
                stages.pop(e.version, None)
            else:  # created (to_stage is the initial stage) or stage changed
                stages[e.version] = e.to_stage
        return sorted(v for v, s in stages.items() if s.lower() == stage.lower())

    def alias_at(self, name: str, alias: str, time_millis: int) -> int | None:
        """The version `alias` of `name` pointed at, at `time_millis` (inclusive)."""
        current: int | None = None
        for e in self.events(name, types=_ALIAS_EVENTS, end_time_millis=time_millis):
            if e.type == model_pb2.REGISTRY_EVENT_TYPE_MODEL_DELETED:
                current = None
            elif e.alias == alias:
                is_set = e.type == model_pb2.REGISTRY_EVENT_TYPE_ALIAS_SET
                current = e.version if is_set else None
        return current


def register_model(
    run_or_run_id: _HasRunId | str,
    artifact_path: str,
    *,
    name: str,
    description: str = "",
    tags: Mapping[str, object] | None = None,
    metadata: Mapping[str, Any] | str | None = None,
    digest: str = "",
    client: Client | None = None,
    retries: int = 3,
) -> model_pb2.ModelVersion:
    """Registers `artifact_path` of a run (an ActiveRun, a Run message or a run id) as
    the next version of model `name`, creating the model if it does not exist.
    Retries on UNAVAILABLE with one request_id, so a retry never adds a second version."""
    run_id = run_or_run_id if isinstance(run_or_run_id, str) else run_or_run_id.run_id
    owns = client is None
    client = client or Client()
    try:
        registry = Registry(client)
        try:
            registry.get_model(name)
        except NotFoundError:
            try:
                registry.create_model(name)
            except CairnError as exc:  # created concurrently by someone else
                if exc.code != grpc.StatusCode.ALREADY_EXISTS:
                    raise
        request_id = uuid.uuid4().hex
        for attempt in range(retries + 1):
            try:
                return registry.create_version(
                    name,
                    run_id=run_id,
                    artifact_path=artifact_path,
                    description=description,
                    tags=tags,
                    metadata=metadata,
                    digest=digest,
                    request_id=request_id,
                )
            except CairnError as exc:
                if not exc.retryable or attempt == retries:
                    raise
                time.sleep(0.2 * 2**attempt)
        raise AssertionError("unreachable")
    finally:
        if owns:
            client.close()
