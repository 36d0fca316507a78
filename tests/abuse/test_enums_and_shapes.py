"""Enum values outside their enums, empty and duplicated lists, unset oneofs, and other
structurally wrong requests: INVALID_ARGUMENT naming the field (NOT_FOUND for a
well-formed version that does not exist)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import grpc

from cairn.v1 import artifact_service_pb2 as apb
from cairn.v1 import model_registry_service_pb2 as rpb
from cairn.v1 import tracking_service_pb2 as tpb
from tests.abuse.support import TIMEOUT, Env, check, make, unchanged

INVALID = grpc.StatusCode.INVALID_ARGUMENT
NOT_FOUND = grpc.StatusCode.NOT_FOUND


def _cases(env: Env) -> dict[str, tuple[Callable[[], Any], grpc.StatusCode, str]]:
    t, m, a = env.tracking, env.models, env.artifacts
    exp, run, model = env.experiment_id, env.run_id, env.model
    kv = [{"key": "a", "value": "1"}, {"key": "a", "value": "2"}]
    many = [{"key": f"k{i}", "value": "v"} for i in range(1001)]
    return {
        "leaderboard aggregate 99": (
            lambda: t.GetLeaderboard(
                make(
                    tpb.GetLeaderboardRequest, experiment_ids=[exp], metric_key="loss", aggregate=99
                ),
                timeout=TIMEOUT,
            ),
            INVALID,
            "aggregate",
        ),
        "compare no runs": (
            lambda: t.CompareRuns(tpb.CompareRunsRequest(), timeout=TIMEOUT),
            INVALID,
            "run_ids",
        ),
        "compare a run twice": (
            lambda: t.CompareRuns(tpb.CompareRunsRequest(run_ids=[run, run]), timeout=TIMEOUT),
            INVALID,
            "run_ids",
        ),
        "transitions status 99": (
            lambda: m.ListStageTransitions(
                make(rpb.ListStageTransitionsRequest, name=model, approval_status=99),
                timeout=TIMEOUT,
            ),
            INVALID,
            "approval_status",
        ),
        "review decision 99": (
            lambda: m.ReviewStageTransition(
                make(rpb.ReviewStageTransitionRequest, transition_id="t1", decision=99),
                timeout=TIMEOUT,
            ),
            INVALID,
            "decision",
        ),
        "version status 99": (
            lambda: m.UpdateModelVersion(
                make(
                    rpb.UpdateModelVersionRequest,
                    model_version={"name": model, "version": 1, "status": 99},
                    update_mask={"paths": ["status"]},
                ),
                timeout=TIMEOUT,
            ),
            INVALID,
            "status",
        ),
        "stage with a trailing space": (
            lambda: m.TransitionModelVersionStage(
                rpb.TransitionModelVersionStageRequest(name=model, version=1, stage="Staging "),
                timeout=TIMEOUT,
            ),
            INVALID,
            "stage",
        ),
        "lineage with no origin": (
            lambda: m.ListModelVersionsByLineage(
                rpb.ListModelVersionsByLineageRequest(), timeout=TIMEOUT
            ),
            INVALID,
            "run_id",
        ),
        "version with no source": (
            lambda: m.CreateModelVersion(
                rpb.CreateModelVersionRequest(name=model), timeout=TIMEOUT
            ),
            INVALID,
            "source",
        ),
        "presign method 99": (
            lambda: a.CreatePresignedUrl(
                make(
                    apb.CreatePresignedUrlRequest, run_id=run, path="model/weights.bin", method=99
                ),
                timeout=TIMEOUT,
            ),
            INVALID,
            "method",
        ),
        "a tag twice with two values": (
            lambda: t.UpdateExperiment(
                make(
                    tpb.UpdateExperimentRequest,
                    experiment={"experiment_id": exp, "tags": kv},
                    update_mask={"paths": ["tags"]},
                ),
                timeout=TIMEOUT,
            ),
            INVALID,
            "twice",
        ),
        "1001 experiment tags": (
            lambda: t.CreateExperiment(
                make(tpb.CreateExperimentRequest, name="too-many-tags", tags=many), timeout=TIMEOUT
            ),
            INVALID,
            "tags",
        ),
        "1001 model tags": (
            lambda: m.CreateRegisteredModel(
                make(rpb.CreateRegisteredModelRequest, name="too-many-tags", tags=many),
                timeout=TIMEOUT,
            ),
            INVALID,
            "tags",
        ),
        "a dataset without a name": (
            lambda: t.LogInputs(
                make(tpb.LogInputsRequest, run_id=run, inputs=[{}]), timeout=TIMEOUT
            ),
            INVALID,
            "name",
        ),
        "the first stream message is data": (
            lambda: list(
                t.StreamMetrics(
                    iter([make(tpb.StreamMetricsRequest, data={"seq": 1})]), timeout=TIMEOUT
                )
            ),
            INVALID,
            "open",
        ),
        "an empty mask": (
            lambda: t.UpdateRun(tpb.UpdateRunRequest(run={"run_id": run}), timeout=TIMEOUT),  # type: ignore[arg-type]
            INVALID,
            "update_mask",
        ),
        "a mask path that is output only": (
            lambda: t.UpdateRun(
                make(tpb.UpdateRunRequest, run={"run_id": run}, update_mask={"paths": ["user"]}),
                timeout=TIMEOUT,
            ),
            INVALID,
            "update_mask",
        ),
        # Well past the server's 256 but under gRPC's 8 KiB metadata soft limit, above
        # which gRPC itself refuses headers at random (RESOURCE_EXHAUSTED).
        "a 4000-character x-cairn-user": (
            lambda: m.CreateRegisteredModel(
                rpb.CreateRegisteredModelRequest(name="actor-model"),
                metadata=(("x-cairn-user", "u" * 4000),),
                timeout=TIMEOUT,
            ),
            INVALID,
            "x-cairn-user",
        ),
        "an uppercase sha256": (
            lambda: a.StartUpload(
                apb.StartUploadRequest(run_id=run, path="p.bin", size_bytes=1, sha256="AB" * 32),
                timeout=TIMEOUT,
            ),
            INVALID,
            "sha256",
        ),
        "a header-injecting content_type": (
            lambda: a.StartUpload(
                apb.StartUploadRequest(
                    run_id=run, path="p.bin", size_bytes=1, content_type="text/plain\r\nX-Evil: 1"
                ),
                timeout=TIMEOUT,
            ),
            INVALID,
            "content_type",
        ),
        "a tag on version int64 max": (
            lambda: m.SetModelVersionTag(
                rpb.SetModelVersionTagRequest(name=model, version=2**63 - 1, key="k", value="v"),
                timeout=TIMEOUT,
            ),
            NOT_FOUND,
            "9223372036854775807",
        ),
    }


def test_enums_and_shapes(env: Env) -> None:
    wrong = []
    with unchanged(env):
        for name, (call, code, needle) in _cases(env).items():
            try:
                check(code, call, needle)
            except AssertionError as exc:
                wrong.append(f"{name}: {exc}")
    assert not wrong, "\n".join(wrong)


def test_upload_offsets_that_do_not_match(env: Env) -> None:
    """Resuming at any offset but the committed one (negative, ahead, int64 max) is
    FAILED_PRECONDITION (reason CONFLICT) naming the committed bytes."""
    a = env.artifacts
    upload = a.StartUpload(
        apb.StartUploadRequest(run_id=env.run_id, path="offsets.bin", size_bytes=3),
        timeout=TIMEOUT,
    ).upload.upload_id
    with unchanged(env):
        for offset in (-1, 1, 4, 2**63 - 1):
            messages = [
                apb.UploadArtifactRequest(header=apb.UploadHeader(upload_id=upload, offset=offset)),
                apb.UploadArtifactRequest(data=b"abc"),
            ]
            failure = check(
                grpc.StatusCode.FAILED_PRECONDITION,
                lambda messages=messages: a.UploadArtifact(iter(messages), timeout=TIMEOUT),  # type: ignore[misc]
                "committed",
            )
            assert failure.reason == "CONFLICT"
    a.AbortUpload(apb.AbortUploadRequest(upload_id=upload), timeout=TIMEOUT)


def test_the_acting_user_is_recorded_verbatim(env: Env) -> None:
    """An injection-shaped x-cairn-user is an audit-trail string, nothing more."""
    actor = "'; DROP TABLE registry_events; --"
    env.models.CreateRegisteredModel(
        rpb.CreateRegisteredModelRequest(name="actor-model"),
        metadata=(("x-cairn-user", actor),),
        timeout=TIMEOUT,
    )
    events = list(env.registry.events("actor-model"))
    assert events[-1].actor == actor
    env.registry.delete_model("actor-model")
