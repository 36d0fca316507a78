"""Conversion between cairn.v1 registry messages and registry entities."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import grpc

from cairn.v1 import model_pb2
from cairn.v1 import model_registry_service_pb2 as pb
from cairn_server.domain.access import current_principal
from cairn_server.domain.errors import InvalidArgument
from cairn_server.domain.registry import (
    ApprovalStatus,
    EventType,
    ModelLineage,
    ModelVersion,
    ModelVersionStatus,
    RegisteredModel,
    RegistryEvent,
    StageTransition,
)
from cairn_server.services.registry_support import actor_of
from cairn_server.services.registry_versions import ExternalUri, RunArtifact
from cairn_server.transport.convert import (
    add_runs,
    dataset_input_to_proto,
    fill_run,
    key_values,
)

USER_HEADER = "x-cairn-user"


def actor(context: grpc.aio.ServicerContext[Any, Any]) -> str:
    """The authenticated user; for anonymous calls, the self-declared user from the
    request metadata, or "anonymous" when absent."""
    principal = current_principal()
    if not principal.anonymous:
        return principal.name
    for key, value in context.invocation_metadata() or ():
        if key == USER_HEADER:
            return actor_of(value if isinstance(value, str) else value.decode())
    return actor_of("")


def model_to_proto(model: RegisteredModel) -> model_pb2.RegisteredModel:
    return model_pb2.RegisteredModel(
        name=model.name,
        description=model.description,
        tags=key_values(model.tags),
        aliases=[
            model_pb2.ModelAlias(alias=alias, version=number)
            for alias, number in sorted(model.aliases.items())
        ],
        latest_version=model.latest_version,
        create_time_millis=model.create_time,
        update_time_millis=model.update_time,
    )


def version_to_proto(mv: ModelVersion) -> model_pb2.ModelVersion:
    return model_pb2.ModelVersion(
        name=mv.name,
        version=mv.version,
        source_uri=mv.source_uri,
        run_id=mv.run_id,
        run_artifact_path=mv.run_artifact_path,
        description=mv.description,
        tags=key_values(mv.tags),
        status=int(mv.status),  # type: ignore[arg-type]
        status_message=mv.status_message,
        stage=mv.stage,
        aliases=sorted(mv.aliases),
        metadata_json=mv.metadata_json,
        digest=mv.digest,
        created_by=mv.created_by,
        create_time_millis=mv.create_time,
        update_time_millis=mv.update_time,
    )


def versions_to_proto(items: Iterable[ModelVersion]) -> list[model_pb2.ModelVersion]:
    return [version_to_proto(mv) for mv in items]


def transition_to_proto(t: StageTransition) -> model_pb2.StageTransition:
    return model_pb2.StageTransition(
        transition_id=t.transition_id,
        name=t.name,
        version=t.version,
        from_stage=t.from_stage,
        to_stage=t.to_stage,
        approval_status=int(t.approval_status),  # type: ignore[arg-type]
        archive_existing_versions=t.archive_existing_versions,
        requested_by=t.requested_by,
        request_comment=t.request_comment,
        reviewed_by=t.reviewed_by,
        review_comment=t.review_comment,
        create_time_millis=t.create_time,
        review_time_millis=t.review_time,
    )


def event_to_proto(e: RegistryEvent) -> model_pb2.RegistryEvent:
    return model_pb2.RegistryEvent(
        event_id=e.event_id,
        type=int(e.type),  # type: ignore[arg-type]
        name=e.name,
        version=e.version,
        alias=e.alias,
        from_stage=e.from_stage,
        to_stage=e.to_stage,
        actor=e.actor,
        event_time_millis=e.event_time,
        details_json=e.details_json,
    )


def lineage_to_proto(lineage: ModelLineage) -> model_pb2.ModelLineage:
    result = model_pb2.ModelLineage(
        model_version=version_to_proto(lineage.model_version),
        datasets=[dataset_input_to_proto(d) for d in lineage.datasets],
    )
    add_runs(result.parent_runs, lineage.parent_runs)
    if lineage.run is not None:
        fill_run(result.run, lineage.run)
    return result


def version_source(request: pb.CreateModelVersionRequest) -> RunArtifact | ExternalUri | None:
    kind = request.WhichOneof("source")
    if kind == "run_artifact":
        return RunArtifact(request.run_artifact.run_id, request.run_artifact.artifact_path)
    if kind == "external_uri":
        return ExternalUri(request.external_uri)
    return None


def version_status(value: int) -> ModelVersionStatus | None:
    try:
        return ModelVersionStatus(value)
    except ValueError:
        return None


def approval_status(value: int, field: str) -> ApprovalStatus | None:
    """None for UNSPECIFIED; INVALID_ARGUMENT for a number outside the enum."""
    if value == 0:
        return None
    try:
        return ApprovalStatus(value)
    except ValueError:
        raise InvalidArgument(f"{field} {value} is not an ApprovalStatus", field=field) from None


def event_types(values: Iterable[int]) -> list[EventType]:
    values = list(values)
    if len(values) > len(EventType):  # checked before converting a million of them
        raise InvalidArgument(
            f"{len(values)} types in one call; there are only {len(EventType)} event types",
            field="types",
        )
    result = []
    for i, value in enumerate(values):
        try:
            result.append(EventType(value))
        except ValueError:
            raise InvalidArgument(
                f"types[{i}] {value} is not a RegistryEventType; leave types empty for all",
                field=f"types[{i}]",
            ) from None
    return result
