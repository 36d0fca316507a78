"""What every RPC needs: the permission level, and the resources its request names.

This table is the whole authorization policy. A method missing from it is refused
(deny by default), and a test checks that every RPC of every service is listed, so a
new RPC cannot skip the check. Lists and searches name no resource: they are scoped
to what the caller may read (see domain.access.Scope)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from cairn_server.domain.access import Level

# (kind, value): kind is one of the resolvers in transport/auth.py, optionally with
# ":read" or ":write" to need that level instead of the rule's.
Ref = tuple[str, str]
Refs = Callable[[Any], Iterable[Ref]]


@dataclass(frozen=True)
class Rule:
    # None: any authenticated caller (the service checks anything finer, e.g. admin).
    level: Level | None
    refs: Refs | None = None
    # Health checks answer anyone, so load balancers need no token.
    public: bool = False


def _experiment(r: Any) -> list[Ref]:
    return [("experiment", r.experiment_id)]


def _run(r: Any) -> list[Ref]:
    return [("run", r.run_id)]


def _model(r: Any) -> list[Ref]:
    return [("model", r.name)]


def _batches(batches: Any) -> list[Ref]:
    return [("run", run_id) for run_id in {b.run_id for b in batches}]


def _stream_message(r: Any) -> list[Ref]:
    return _batches(r.data.batches) if r.HasField("data") else []


def _upload_message(r: Any) -> list[Ref]:
    if not r.HasField("header"):
        return []
    header = r.header
    if header.HasField("start"):
        return [("run", header.start.run_id)]
    return [("upload", header.upload_id)]


def _model_version_source(r: Any) -> list[Ref]:
    refs = [("model", r.name)]
    if r.HasField("run_artifact"):
        refs.append(("run:read", r.run_artifact.run_id))
    return refs


def _optional_model(r: Any) -> list[Ref]:
    return [("model", r.name)] if r.name else []


R, W, M = Level.READ, Level.WRITE, Level.MANAGE
ANY = Rule(None)

_TRACKING: dict[str, Rule] = {
    "CreateExperiment": ANY,
    "GetExperiment": Rule(R, _experiment),
    "GetExperimentByName": Rule(R, lambda r: [("experiment_name", r.name)]),
    "ListExperiments": ANY,
    "UpdateExperiment": Rule(W, lambda r: [("experiment", r.experiment.experiment_id)]),
    "DeleteExperiment": Rule(M, _experiment),
    "RestoreExperiment": Rule(M, _experiment),
    "CreateRun": Rule(W, _experiment),
    "GetRun": Rule(R, _run),
    "UpdateRun": Rule(W, lambda r: [("run", r.run.run_id)]),
    "DeleteRun": Rule(M, _run),
    "RestoreRun": Rule(M, _run),
    "LogParams": Rule(W, _run),
    "SetTags": Rule(W, _run),
    "DeleteTag": Rule(W, _run),
    "LogInputs": Rule(W, _run),
    "LogMetrics": Rule(W, lambda r: _batches(r.batches)),
    "StreamMetrics": Rule(W, _stream_message),
    "GetMetricHistory": Rule(R, _run),
    "ListMetricKeys": Rule(R, _run),
    "SearchRuns": Rule(R, lambda r: [("experiment", e) for e in r.experiment_ids]),
    "CompareRuns": Rule(R, lambda r: [("run", run_id) for run_id in r.run_ids]),
    "GetLeaderboard": Rule(R, lambda r: [("experiment", e) for e in r.experiment_ids]),
}

_REGISTRY: dict[str, Rule] = {
    "CreateRegisteredModel": ANY,
    "GetRegisteredModel": Rule(R, _model),
    "SearchRegisteredModels": ANY,
    "RenameRegisteredModel": Rule(M, _model),
    "UpdateRegisteredModel": Rule(W, lambda r: [("model", r.registered_model.name)]),
    "DeleteRegisteredModel": Rule(M, _model),
    "SetRegisteredModelTag": Rule(W, _model),
    "DeleteRegisteredModelTag": Rule(W, _model),
    "CreateModelVersion": Rule(W, _model_version_source),
    "GetModelVersion": Rule(R, _model),
    "SearchModelVersions": ANY,
    "UpdateModelVersion": Rule(W, lambda r: [("model", r.model_version.name)]),
    "DeleteModelVersion": Rule(M, _model),
    "SetModelVersionTag": Rule(W, _model),
    "DeleteModelVersionTag": Rule(W, _model),
    "SetModelAlias": Rule(W, _model),
    "DeleteModelAlias": Rule(W, _model),
    "GetModelVersionByAlias": Rule(R, _model),
    "TransitionModelVersionStage": Rule(W, _model),
    "RequestStageTransition": Rule(W, _model),
    # Approving is what the approval step guards: it takes MANAGE.
    "ReviewStageTransition": Rule(M, lambda r: [("transition", r.transition_id)]),
    "ListStageTransitions": Rule(R, _model),
    "GetModelLineage": Rule(R, _model),
    "ListModelVersionsByLineage": Rule(R, lambda r: [("run", r.run_id)] if r.run_id else []),
    "ListRegistryEvents": Rule(R, _optional_model),
    "WatchRegistryEvents": Rule(R, _optional_model),
}

_ARTIFACTS: dict[str, Rule] = {
    "StartUpload": Rule(W, _run),
    "UploadArtifact": Rule(W, _upload_message),
    "GetUpload": Rule(W, lambda r: [("upload", r.upload_id)]),
    "AbortUpload": Rule(W, lambda r: [("upload", r.upload_id)]),
    "DownloadArtifact": Rule(R, _run),
    "ListArtifacts": Rule(R, _run),
    "DeleteArtifact": Rule(W, _run),
    # A presigned GET reads; anything else (PUT, or an invalid method) needs WRITE.
    "CreatePresignedUrl": Rule(
        R, lambda r: [("run", r.run_id)] if r.method == 1 else [("run:write", r.run_id)]
    ),
}

# The access service checks admin rights itself: users may manage their own tokens.
_ACCESS: dict[str, Rule] = {
    name: ANY
    for name in (
        "GetCurrentUser",
        "CreateUser",
        "ListUsers",
        "UpdateUser",
        "CreateToken",
        "ListTokens",
        "RevokeToken",
        "SetPermission",
        "ListPermissions",
    )
}

RULES: dict[str, Rule] = {
    **{f"/cairn.v1.TrackingService/{k}": v for k, v in _TRACKING.items()},
    **{f"/cairn.v1.ModelRegistryService/{k}": v for k, v in _REGISTRY.items()},
    **{f"/cairn.v1.ArtifactService/{k}": v for k, v in _ARTIFACTS.items()},
    **{f"/cairn.v1.AccessService/{k}": v for k, v in _ACCESS.items()},
    "/grpc.health.v1.Health/Check": Rule(None, public=True),
    "/grpc.health.v1.Health/Watch": Rule(None, public=True),
    # Reflection describes the API, not the data: any authenticated caller.
    "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo": ANY,
    "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo": ANY,
}
