"""Walks the request descriptors of every RPC: each string field (nested messages and
repeated elements included) is a case, sent at 1 MiB on top of an otherwise plausible
request. The server must answer INVALID_ARGUMENT naming the field."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any

from google.protobuf import descriptor as d
from google.protobuf import message as pm

from cairn.v1 import artifact_service_pb2, model_registry_service_pb2, tracking_service_pb2
from tests.abuse.support import SEED_ARTIFACT, Env

SERVICES = {
    "cairn.v1.TrackingService": tracking_service_pb2,
    "cairn.v1.ModelRegistryService": model_registry_service_pb2,
    "cairn.v1.ArtifactService": artifact_service_pb2,
}
# Just over 1 MiB: the largest documented limits (dataset schema, profile) are 1 MiB.
HUGE = 1024 * 1024 + 1
# What an error names for a field, when not the field's own name.
NAMED_AS = {"paths": "update_mask"}

# Fields not sent as a case, with why.
EXEMPT: dict[str, str] = {
    # Output-only fields of the resources embedded in Update requests: the server reads
    # only the fields named by the update mask (tested below with the mask set).
    "UpdateExperimentRequest.experiment.artifact_location": "output only, ignored",
    "UpdateRunRequest.run.experiment_id": "output only, ignored",
    "UpdateRunRequest.run.parent_run_id": "output only, ignored",
    "UpdateRunRequest.run.user": "output only, ignored",
    "UpdateRunRequest.run.artifact_uri": "output only, ignored",
    "UpdateRunRequest.run.params": "output only, ignored",
    "UpdateRunRequest.run.tags": "output only, ignored",
    "UpdateRunRequest.run.latest_metrics": "output only, ignored",
    "UpdateRunRequest.run.inputs": "output only, ignored",
    "UpdateRegisteredModelRequest.registered_model.tags": "not updatable, ignored",
    "UpdateRegisteredModelRequest.registered_model.aliases": "output only, ignored",
    "UpdateModelVersionRequest.model_version.source_uri": "output only, ignored",
    "UpdateModelVersionRequest.model_version.run_id": "output only, ignored",
    "UpdateModelVersionRequest.model_version.run_artifact_path": "output only, ignored",
    "UpdateModelVersionRequest.model_version.tags": "not updatable, ignored",
    "UpdateModelVersionRequest.model_version.stage": "output only, ignored",
    "UpdateModelVersionRequest.model_version.aliases": "output only, ignored",
    "UpdateModelVersionRequest.model_version.created_by": "output only, ignored",
}


def base_requests(env: Env) -> dict[str, dict[str, Any]]:
    """A plausible request per method (as a dict for the message constructor): with no
    hostile field it would pass validation."""
    run, exp, model = env.run_id, env.experiment_id, env.model
    kv = [{"key": "k", "value": "v"}]
    return {
        # TrackingService
        "CreateExperiment": {"name": "audit-new", "tags": kv},
        "GetExperiment": {"experiment_id": exp},
        "GetExperimentByName": {"name": "abuse-seed"},
        "ListExperiments": {},
        "UpdateExperiment": {
            "experiment": {"experiment_id": exp, "description": "d"},
            "update_mask": {"paths": ["description"]},
        },
        "DeleteExperiment": {"experiment_id": exp},
        "RestoreExperiment": {"experiment_id": exp},
        "CreateRun": {"experiment_id": exp, "params": kv, "tags": kv},
        "GetRun": {"run_id": run},
        "UpdateRun": {
            "run": {"run_id": run, "run_name": "r"},
            "update_mask": {"paths": ["run_name"]},
        },
        "DeleteRun": {"run_id": run},
        "RestoreRun": {"run_id": run},
        "LogParams": {"run_id": run, "params": kv},
        "SetTags": {"run_id": run, "tags": kv},
        "DeleteTag": {"run_id": run, "key": "k"},
        "LogInputs": {
            "run_id": run,
            "inputs": [{"dataset": {"name": "d", "digest": "abc"}, "context": "train"}],
        },
        "LogMetrics": {"batches": [{"run_id": run, "key": "m", "steps": [1], "values": [1.0]}]},
        "GetMetricHistory": {"run_id": run, "key": "loss"},
        "ListMetricKeys": {"run_id": run},
        "SearchRuns": {"experiment_ids": [exp], "order_by": ["metrics.loss ASC"]},
        "CompareRuns": {"run_ids": [run]},
        "GetLeaderboard": {"experiment_ids": [exp], "metric_key": "loss"},
        # ModelRegistryService
        "CreateRegisteredModel": {"name": "audit-new", "tags": kv},
        "GetRegisteredModel": {"name": model},
        "SearchRegisteredModels": {"order_by": ["name ASC"]},
        "RenameRegisteredModel": {"name": model, "new_name": "audit-renamed"},
        "UpdateRegisteredModel": {
            "registered_model": {"name": model, "description": "d"},
            "update_mask": {"paths": ["description"]},
        },
        "DeleteRegisteredModel": {"name": model},
        "SetRegisteredModelTag": {"name": model, "key": "k", "value": "v"},
        "DeleteRegisteredModelTag": {"name": model, "key": "k"},
        "CreateModelVersion": {
            "name": model,
            "run_artifact": {"run_id": run, "artifact_path": "model"},
            "tags": kv,
        },
        "GetModelVersion": {"name": model, "version": 1},
        "SearchModelVersions": {"order_by": ["version DESC"]},
        "UpdateModelVersion": {
            "model_version": {"name": model, "version": 1, "description": "d"},
            "update_mask": {"paths": ["description"]},
        },
        "DeleteModelVersion": {"name": model, "version": 1},
        "SetModelVersionTag": {"name": model, "version": 1, "key": "k", "value": "v"},
        "DeleteModelVersionTag": {"name": model, "version": 1, "key": "k"},
        "SetModelAlias": {"name": model, "alias": "audit", "version": 1},
        "DeleteModelAlias": {"name": model, "alias": "champion"},
        "GetModelVersionByAlias": {"name": model, "alias": "champion"},
        "TransitionModelVersionStage": {"name": model, "version": 1, "stage": "Staging"},
        "RequestStageTransition": {"name": model, "version": 1, "stage": "Staging"},
        "ReviewStageTransition": {"transition_id": "t1", "decision": 2},
        "ListStageTransitions": {"name": model},
        "GetModelLineage": {"name": model, "version": 1},
        "ListModelVersionsByLineage": {"run_id": run},
        "ListRegistryEvents": {"name": model},
        "WatchRegistryEvents": {"name": model, "after_event_id": -1},
        # ArtifactService
        "StartUpload": {"run_id": run, "path": "audit.bin", "size_bytes": 1},
        "UploadArtifact": {
            "header": {"start": {"run_id": run, "path": "audit.bin", "size_bytes": 1}}
        },
        "GetUpload": {"upload_id": "u1"},
        "AbortUpload": {"upload_id": "u1"},
        "DownloadArtifact": {"run_id": run, "path": SEED_ARTIFACT},
        "ListArtifacts": {"run_id": run},
        "DeleteArtifact": {"run_id": run, "path": SEED_ARTIFACT},
        "CreatePresignedUrl": {"run_id": run, "path": SEED_ARTIFACT, "method": 1},
        "StreamMetrics": {"open": {"stream_id": "audit"}},
    }


# Update masks that make the server read a field of the embedded resource.
MASKS = {
    "UpdateExperimentRequest.experiment.name": "name",
    "UpdateExperimentRequest.experiment.description": "description",
    "UpdateExperimentRequest.experiment.tags": "tags",
    "UpdateRunRequest.run.run_name": "run_name",
    "UpdateRegisteredModelRequest.registered_model.description": "description",
    "UpdateModelVersionRequest.model_version.description": "description",
    "UpdateModelVersionRequest.model_version.status_message": "status_message",
    "UpdateModelVersionRequest.model_version.metadata_json": "metadata_json",
    "UpdateModelVersionRequest.model_version.digest": "digest",
}


@dataclasses.dataclass(frozen=True)
class Case:
    service: str
    method: str
    kind: str  # unary_unary, unary_stream, stream_unary, stream_stream
    path: str  # e.g. "CreateRunRequest.tags.key"
    leaf: str

    @property
    def needle(self) -> str:
        return NAMED_AS.get(self.leaf, self.leaf)

    @property
    def id(self) -> str:
        return f"{self.method}:{self.path.split('.', 1)[1]}"


def _string_paths(desc: d.Descriptor, prefix: str, depth: int = 0) -> Iterator[tuple[str, str]]:
    for field in desc.fields:
        path = f"{prefix}.{field.name}"
        if field.type == d.FieldDescriptor.TYPE_STRING:
            yield path, field.name
        elif field.message_type is not None and depth < 3:
            yield from _string_paths(field.message_type, path, depth + 1)


def cases() -> list[Case]:
    found = []
    for service_name, module in SERVICES.items():
        service = module.DESCRIPTOR.services_by_name[service_name.rsplit(".", 1)[1]]
        for method in service.methods:
            kind = ("stream" if method.client_streaming else "unary") + (
                "_stream" if method.server_streaming else "_unary"
            )
            prefix = method.input_type.name
            for path, leaf in _string_paths(method.input_type, prefix):
                if any(path == e or path.startswith(e + ".") for e in EXEMPT):
                    continue
                found.append(Case(service_name, method.name, kind, path, leaf))
    return found


def request_class(case: Case) -> type[pm.Message]:
    module = SERVICES[case.service]
    cls: type[pm.Message] = getattr(module, case.path.split(".", 1)[0])
    return cls


def build(case: Case, env: Env, value: str) -> pm.Message:
    """The method's base request with `value` at the case's field (one element for a
    repeated field on the way)."""
    base = base_requests(env)[case.method]
    if case.path.startswith("StreamMetricsRequest.data"):
        batch = {"run_id": env.run_id, "key": "m", "steps": [1], "values": [1.0]}
        base = {"data": {"seq": 1, "batches": [batch]}}
    request = request_class(case)(**base)
    target: Any = request
    parts = case.path.split(".")[1:]
    for part in parts[:-1]:
        field = target.DESCRIPTOR.fields_by_name[part]
        if field.is_repeated:
            container = getattr(target, part)
            target = container[0] if len(container) else container.add()
            if "key" in target.DESCRIPTOR.fields_by_name and not target.key:
                target.key = "k"
        else:
            target = getattr(target, part)
    leaf = target.DESCRIPTOR.fields_by_name[parts[-1]]
    if leaf.is_repeated:
        getattr(target, parts[-1]).append(value)
    else:
        setattr(target, parts[-1], value)
    for prefix, mask in MASKS.items():
        if case.path == prefix or case.path.startswith(prefix + "."):
            request.update_mask.paths[:] = [mask]  # type: ignore[attr-defined]
    return request


def messages(case: Case, request: pm.Message) -> list[pm.Message]:
    """The request stream a streaming case sends."""
    if case.method == "StreamMetrics" and case.path.startswith("StreamMetricsRequest.data"):
        return [type(request)(open={"stream_id": "audit"}), request]
    return [request]


def invoke(case: Case, env: Env, request: pm.Message) -> Callable[[], Any]:
    """A thunk sending `request` to the case's method, as a client would."""
    path = f"/{case.service}/{case.method}"
    ser = type(request).SerializeToString
    ch = env.channel
    if case.kind == "unary_unary":
        fn = ch.unary_unary(path, ser, None)
        return lambda: fn(request, timeout=30)
    if case.kind == "unary_stream":
        stream = ch.unary_stream(path, ser, None)
        return lambda: list(stream(request, timeout=30))
    if case.kind == "stream_unary":
        upload = ch.stream_unary(path, ser, None)
        return lambda: upload(iter(messages(case, request)), timeout=30)
    bidi = ch.stream_stream(path, ser, None)
    return lambda: list(bidi(iter(messages(case, request)), timeout=30))
