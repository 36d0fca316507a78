"""Invalid ids (empty, malformed, the wrong kind of id, ids of deleted resources) and
path traversal through the RPCs that take names or paths besides the artifact
catalogue of tests/artifacts/bad_paths.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import grpc
import pytest

from cairn.v1 import artifact_service_pb2 as apb
from cairn.v1 import model_registry_service_pb2 as rpb
from cairn.v1 import tracking_service_pb2 as tpb
from tests.abuse.support import (
    SEED_ARTIFACT,
    TIMEOUT,
    Env,
    blob_files,
    check,
    expect,
    make,
    unchanged,
    upload_messages,
)

INVALID = grpc.StatusCode.INVALID_ARGUMENT
NOT_FOUND = grpc.StatusCode.NOT_FOUND
PRECONDITION = grpc.StatusCode.FAILED_PRECONDITION

MALFORMED_IDS = {
    "empty": ("", "required"),
    "traversal": ("../../etc/passwd", "not a valid id"),
    "quote": ("01abc' OR '1'='1", "not a valid id"),
    "space": ("01abc def", "not a valid id"),
    "percent": ("01abc%00", "not a valid id"),
    "overlong": ("0" * 65, "not a valid id"),
    "unicode-digit": ("٠١٢", "not a valid id"),
}


def _id_calls(env: Env, value: str) -> list[tuple[str, Callable[[], Any]]]:
    t, a = env.tracking, env.artifacts
    return [
        ("GetRun", lambda: t.GetRun(tpb.GetRunRequest(run_id=value), timeout=TIMEOUT)),
        (
            "GetExperiment",
            lambda: t.GetExperiment(tpb.GetExperimentRequest(experiment_id=value), timeout=TIMEOUT),
        ),
        (
            "CreateRun",
            lambda: t.CreateRun(tpb.CreateRunRequest(experiment_id=value), timeout=TIMEOUT),
        ),
        (
            "CreateRun-parent",
            lambda: t.CreateRun(
                tpb.CreateRunRequest(experiment_id=env.experiment_id, parent_run_id=value),
                timeout=TIMEOUT,
            ),
        ),
        (
            "LogParams",
            lambda: t.LogParams(
                make(tpb.LogParamsRequest, run_id=value, params=[{"key": "k", "value": "v"}]),
                timeout=TIMEOUT,
            ),
        ),
        ("GetUpload", lambda: a.GetUpload(apb.GetUploadRequest(upload_id=value), timeout=TIMEOUT)),
        (
            "ListArtifacts",
            lambda: a.ListArtifacts(apb.ListArtifactsRequest(run_id=value), timeout=TIMEOUT),
        ),
        (
            "ReviewStageTransition",
            lambda: env.models.ReviewStageTransition(
                make(rpb.ReviewStageTransitionRequest, transition_id=value, decision=2),
                timeout=TIMEOUT,
            ),
        ),
    ]


@pytest.mark.parametrize("name", MALFORMED_IDS)
def test_malformed_ids(env: Env, name: str) -> None:
    value, needle = MALFORMED_IDS[name]
    with unchanged(env):
        for method, call in _id_calls(env, value):
            if method == "CreateRun-parent" and not value:
                continue  # an empty parent_run_id means "no parent"
            failure = check(INVALID, call, needle)
            assert failure.fields, f"{method}: no field violation"


def test_well_formed_unknown_ids_are_not_found(env: Env) -> None:
    with unchanged(env):
        for _method, call in _id_calls(env, "01zzzzzzzzzzzzzzzzzzzzzzzz"):
            check(NOT_FOUND, call)


def test_the_wrong_kind_of_id(env: Env) -> None:
    """An experiment id where a run id belongs (and back) is NOT_FOUND, never the other
    resource."""
    t = env.tracking
    with unchanged(env):
        check(
            NOT_FOUND,
            lambda: t.GetRun(tpb.GetRunRequest(run_id=env.experiment_id), timeout=TIMEOUT),
            "run",
        )
        check(
            NOT_FOUND,
            lambda: t.GetExperiment(
                tpb.GetExperimentRequest(experiment_id=env.run_id), timeout=TIMEOUT
            ),
            "experiment",
        )
        check(
            NOT_FOUND,
            lambda: env.artifacts.GetUpload(
                apb.GetUploadRequest(upload_id=env.run_id), timeout=TIMEOUT
            ),
            "upload",
        )
        check(
            NOT_FOUND,
            lambda: t.CreateRun(
                tpb.CreateRunRequest(experiment_id=env.run_id, parent_run_id=env.run_id),
                timeout=TIMEOUT,
            ),
            "experiment",
        )


def test_ids_of_deleted_resources(env: Env) -> None:
    """A deleted run takes no writes (FAILED_PRECONDITION naming the state); a deleted
    model's versions are gone (NOT_FOUND); an aborted upload takes no bytes."""
    c, t = env.client, env.tracking
    run = c.create_run(env.experiment_id, run_name="doomed").run_id
    c.delete_run(run)
    env.registry.create_model("doomed-model")
    env.registry.create_version("doomed-model", external_uri="s3://bucket/model")
    env.registry.delete_model("doomed-model")
    upload = env.artifacts.StartUpload(
        apb.StartUploadRequest(run_id=env.run_id, path="aborted.bin", size_bytes=3),
        timeout=TIMEOUT,
    ).upload.upload_id
    env.artifacts.AbortUpload(apb.AbortUploadRequest(upload_id=upload), timeout=TIMEOUT)
    with unchanged(env):
        check(
            PRECONDITION,
            lambda: t.LogParams(
                make(tpb.LogParamsRequest, run_id=run, params=[{"key": "k", "value": "v"}]),
                timeout=TIMEOUT,
            ),
            "deleted",
        )
        check(
            PRECONDITION,
            lambda: t.LogMetrics(
                make(
                    tpb.LogMetricsRequest,
                    batches=[{"run_id": run, "key": "m", "steps": [1], "values": [1.0]}],
                ),
                timeout=TIMEOUT,
            ),
            "deleted",
        )
        check(
            PRECONDITION,
            lambda: env.artifacts.UploadArtifact(
                iter(upload_messages(run, "late.bin", b"abc")), timeout=TIMEOUT
            ),
            "deleted",
        )
        check(
            NOT_FOUND,
            lambda: env.models.GetModelVersion(
                rpb.GetModelVersionRequest(name="doomed-model", version=1), timeout=TIMEOUT
            ),
            "doomed-model",
        )
        check(
            NOT_FOUND,
            lambda: env.models.CreateModelVersion(
                rpb.CreateModelVersionRequest(name="doomed-model", external_uri="s3://b/m"),
                timeout=TIMEOUT,
            ),
            "doomed-model",
        )
        resume = [
            apb.UploadArtifactRequest(header=apb.UploadHeader(upload_id=upload, offset=0)),
            apb.UploadArtifactRequest(data=b"abc"),
        ]
        check(
            PRECONDITION,
            lambda: env.artifacts.UploadArtifact(iter(resume), timeout=TIMEOUT),
            "abort",
        )
    assert "aborted.bin" not in [p.rsplit("/", 1)[-1] for p in blob_files(env)]


TRAVERSALS = {
    "dotdot": "../../../etc/passwd",
    "absolute": "/etc/passwd",
    "backslash": "..\\..\\secret",
    "pct-encoded": "%2e%2e/%2e%2e/etc",
    "nul": "model\x00/../../x",
}


@pytest.mark.parametrize("name", TRAVERSALS)
def test_traversal_beyond_the_artifact_rpcs(env: Env, name: str) -> None:
    """Model version sources, artifact list prefixes, download paths and delete prefixes
    refuse traversal with INVALID_ARGUMENT naming the path."""
    path = TRAVERSALS[name]
    run, m, a = env.run_id, env.models, env.artifacts
    with unchanged(env):
        check(
            INVALID,
            lambda: m.CreateModelVersion(
                make(
                    rpb.CreateModelVersionRequest,
                    name=env.model,
                    run_artifact={"run_id": run, "artifact_path": path},
                ),
                timeout=TIMEOUT,
            ),
            "path",
        )
        check(
            INVALID,
            lambda: a.ListArtifacts(
                apb.ListArtifactsRequest(run_id=run, path=path), timeout=TIMEOUT
            ),
            "path",
        )
        check(
            INVALID,
            lambda: list(
                a.DownloadArtifact(
                    apb.DownloadArtifactRequest(run_id=run, path=path), timeout=TIMEOUT
                )
            ),
            "path",
        )
        check(
            INVALID,
            lambda: a.DeleteArtifact(
                apb.DeleteArtifactRequest(run_id=run, path=path), timeout=TIMEOUT
            ),
            "path",
        )


def test_names_with_dots_and_slashes_stay_names(env: Env) -> None:
    """Experiment and model names may contain '.' and '/', but they are never paths:
    the artifact location comes from the server-assigned id."""
    exp = env.client.create_experiment("../../etc")
    assert "etc" not in exp.artifact_location.replace(env.blobs.as_uri(), "")
    assert exp.artifact_location.endswith(exp.experiment_id)
    env.client.delete_experiment(exp.experiment_id)
    expect(
        env,
        INVALID,
        lambda: env.models.CreateRegisteredModel(
            rpb.CreateRegisteredModelRequest(name="/etc/passwd\\x"), timeout=TIMEOUT
        ),
        "name",
    )


def test_a_download_cannot_reach_another_runs_artifact(env: Env) -> None:
    """The other run has no artifacts; asking it for the seed run's path is NOT_FOUND,
    and so is a path that names the seed run's id inside it."""
    a = env.artifacts
    with unchanged(env):
        for path in (SEED_ARTIFACT, f"{env.run_id}/artifacts/{SEED_ARTIFACT}"):
            check(
                NOT_FOUND,
                lambda path=path: list(  # type: ignore[misc]
                    a.DownloadArtifact(
                        apb.DownloadArtifactRequest(run_id=env.other_run_id, path=path),
                        timeout=TIMEOUT,
                    )
                ),
            )
