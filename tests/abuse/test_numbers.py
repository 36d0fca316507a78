"""Hostile numbers: NaN, ±inf, huge and negative values in metrics, steps, timestamps,
page sizes, max_points, byte ranges, sizes, versions and counters."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import grpc
import pytest

from cairn.v1 import artifact_service_pb2 as apb
from cairn.v1 import model_registry_service_pb2 as rpb
from cairn.v1 import tracking_service_pb2 as tpb
from tests.abuse.support import (
    SEED_ARTIFACT,
    SEED_BYTES,
    TIMEOUT,
    Env,
    check,
    expect,
    make,
    unchanged,
)

INVALID = grpc.StatusCode.INVALID_ARGUMENT
OUT_OF_RANGE = grpc.StatusCode.OUT_OF_RANGE
I64_MAX = 2**63 - 1
I64_MIN = -(2**63)
I32_MAX = 2**31 - 1


def test_nan_and_inf_values_are_stored_verbatim(env: Env) -> None:
    """NaN and ±inf are legal metric values (documented): stored and read back
    bit for bit, and skipped by the key's min/max."""
    values = [math.nan, math.inf, -math.inf, 1.5, -0.0, 5e-324, 1.7976931348623157e308]
    steps = list(range(len(values)))
    run = env.client.create_run(env.experiment_id, run_name="nan-run").run_id
    env.client.log_metric_batch(run, "weird", steps, values)
    got_steps, got_values, _ = env.client.get_metric_history(run, "weird")
    assert got_steps.tolist() == steps
    assert math.isnan(got_values[0])
    assert got_values[1:].tolist() == values[1:]
    assert math.copysign(1.0, got_values[4]) == -1.0  # -0.0 keeps its sign
    (summary,) = env.client.list_metric_keys(run)
    assert summary.min_value == -0.0 or summary.min_value == 5e-324 or summary.min_value <= 1.5
    assert not math.isnan(summary.max_value) and not math.isinf(summary.max_value)
    env.client.delete_run(run)


def _log(env: Env, **batch: Any) -> Callable[[], Any]:
    fields = {"run_id": env.run_id, "key": "loss", "steps": [1], "values": [1.0], **batch}
    request = make(tpb.LogMetricsRequest, batches=[fields])
    return lambda: env.tracking.LogMetrics(request, timeout=TIMEOUT)


METRIC_CASES: dict[str, tuple[dict[str, Any], str]] = {
    "negative-step": ({"steps": [-1]}, "step"),
    "min-int64-step": ({"steps": [I64_MIN]}, "step"),
    "length-mismatch": ({"steps": [1, 2], "values": [1.0]}, "values"),
    "timestamps-mismatch": ({"timestamps_millis": [1, 2]}, "timestamps"),
    "no-points": ({"steps": [], "values": []}, "point"),
    "negative-timestamp": ({"timestamps_millis": [-1]}, "timestamp"),
    "min-int64-timestamp": ({"timestamps_millis": [I64_MIN]}, "timestamp"),
}


@pytest.mark.parametrize("case", METRIC_CASES, ids=METRIC_CASES)
def test_bad_metric_numbers(env: Env, case: str) -> None:
    batch, needle = METRIC_CASES[case]
    expect(env, INVALID, _log(env, **batch), needle)


def test_bad_numbers_in_a_stream(env: Env) -> None:
    def stream(seq: int, steps: list[int]) -> Callable[[], Any]:
        msgs = [
            tpb.StreamMetricsRequest(open=tpb.StreamOpen(stream_id=f"numbers-{seq}")),
            tpb.StreamMetricsRequest(
                data=make(
                    tpb.StreamData,
                    seq=seq,
                    batches=[{"run_id": env.run_id, "key": "s", "steps": steps, "values": [1.0]}],
                )
            ),
        ]
        return lambda: list(env.tracking.StreamMetrics(iter(msgs), timeout=TIMEOUT))

    allow = frozenset({"stream_checkpoints"})  # the `open` registered the stream
    expect(env, INVALID, stream(0, [1]), "seq", allow=allow)
    expect(env, INVALID, stream(-5, [1]), "seq", allow=allow)
    expect(env, OUT_OF_RANGE, stream(I64_MAX, [1]), "seq", allow=allow)
    expect(env, INVALID, stream(1, [-1]), "step", allow=allow)


PAGING: dict[str, tuple[str, str, dict[str, Any]]] = {
    "experiments-negative": ("tracking", "ListExperiments", {"page_size": -1}),
    "experiments-over-max": ("tracking", "ListExperiments", {"page_size": 1001}),
    "experiments-int32-max": ("tracking", "ListExperiments", {"page_size": I32_MAX}),
    "search-negative": ("tracking", "SearchRuns", {"page_size": -(2**31)}),
    "artifacts-over-max": ("artifacts", "ListArtifacts", {"page_size": 100_000}),
    "models-negative": ("models", "SearchRegisteredModels", {"page_size": -1}),
    "versions-over-max": ("models", "SearchModelVersions", {"page_size": I32_MAX}),
    "events-negative": ("models", "ListRegistryEvents", {"page_size": -7}),
}


@pytest.mark.parametrize("case", PAGING, ids=PAGING)
def test_bad_page_sizes(env: Env, case: str) -> None:
    stub_name, method, fields = PAGING[case]
    stub = getattr(env, stub_name)
    fields = dict(fields)
    if method == "ListArtifacts":
        fields["run_id"] = env.run_id
    module = apb if stub_name == "artifacts" else rpb if stub_name == "models" else tpb
    request = getattr(module, f"{method}Request")(**fields)
    expect(env, INVALID, lambda: getattr(stub, method)(request, timeout=TIMEOUT), "page_size")


def _history(env: Env, **fields: Any) -> Callable[[], Any]:
    request = tpb.GetMetricHistoryRequest(run_id=env.run_id, key="loss", **fields)
    return lambda: list(env.tracking.GetMetricHistory(request, timeout=TIMEOUT))


@pytest.mark.parametrize("max_points", [-1, 1, 3, 100_001, I32_MAX, -(2**31)])
def test_bad_max_points(env: Env, max_points: int) -> None:
    expect(env, INVALID, _history(env, max_points=max_points), "max_points")


def test_bad_step_bounds(env: Env) -> None:
    expect(env, INVALID, _history(env, start_step=5, end_step=1), "end_step")
    expect(env, INVALID, _history(env, start_step=I64_MAX, end_step=I64_MIN), "end_step")
    # A negative lower bound is accepted: steps are never negative, so it means "from
    # the first step".
    steps, _, _ = env.client.get_metric_history(env.run_id, "loss", start_step=I64_MIN)
    assert steps.tolist() == [0, 1, 2]


def _download(env: Env, offset: int, length: int) -> Callable[[], Any]:
    request = apb.DownloadArtifactRequest(
        run_id=env.run_id, path=SEED_ARTIFACT, offset=offset, length=length
    )
    return lambda: list(env.artifacts.DownloadArtifact(request, timeout=TIMEOUT))


def test_bad_byte_ranges(env: Env) -> None:
    size = len(SEED_BYTES)
    expect(env, INVALID, _download(env, -1, 0), "offset")
    expect(env, INVALID, _download(env, 0, -1), "length")
    expect(env, INVALID, _download(env, I64_MIN, I64_MIN), "offset")
    expect(env, OUT_OF_RANGE, _download(env, size + 1, 0), "offset")
    expect(env, OUT_OF_RANGE, _download(env, I64_MAX, 1), "offset")
    # A length past the end is clipped to the end, not an error (and no overflow).
    parts = list(
        env.artifacts.DownloadArtifact(
            apb.DownloadArtifactRequest(
                run_id=env.run_id, path=SEED_ARTIFACT, offset=2, length=I64_MAX
            ),
            timeout=TIMEOUT,
        )
    )
    assert b"".join(p.data for p in parts[1:]) == SEED_BYTES[2:]


def test_bad_upload_sizes(env: Env) -> None:
    def start(size: int, path: str = "sized.bin") -> Callable[[], Any]:
        request = apb.StartUploadRequest(run_id=env.run_id, path=path, size_bytes=size)
        return lambda: env.artifacts.StartUpload(request, timeout=TIMEOUT)

    expect(env, INVALID, start(-1), "size_bytes")
    expect(env, INVALID, start(I64_MIN), "size_bytes")
    expect(env, INVALID, start(I64_MAX), "size_bytes")
    expect(env, INVALID, start(5 * 1024**4 + 1), "size_bytes")


def test_bad_presign_expiry(env: Env) -> None:
    for seconds in (-1, 3601, I32_MAX):
        request = make(
            apb.CreatePresignedUrlRequest,
            run_id=env.run_id,
            path=SEED_ARTIFACT,
            method=1,
            expires_seconds=seconds,
        )
        expect(
            env,
            INVALID,
            lambda request=request: env.artifacts.CreatePresignedUrl(request, timeout=TIMEOUT),  # type: ignore[misc]
            "expires_seconds",
        )


def test_bad_registry_numbers(env: Env) -> None:
    m, name = env.models, env.model
    expect(
        env,
        INVALID,
        lambda: m.GetModelVersion(rpb.GetModelVersionRequest(name=name, version=-1)),
        "version",
    )
    expect(
        env,
        grpc.StatusCode.NOT_FOUND,
        lambda: m.GetModelVersion(rpb.GetModelVersionRequest(name=name, version=I64_MAX)),
        "version",
    )
    expect(
        env,
        INVALID,
        lambda: m.SetModelAlias(rpb.SetModelAliasRequest(name=name, alias="x", version=-3)),
        "version",
    )
    expect(
        env,
        INVALID,
        lambda: m.ListRegistryEvents(rpb.ListRegistryEventsRequest(start_time_millis=-1)),
        "start_time_millis",
    )
    expect(
        env,
        INVALID,
        lambda: list(
            m.WatchRegistryEvents(rpb.WatchRegistryEventsRequest(after_event_id=-2), timeout=5)
        ),
        "after_event_id",
    )


def test_bad_run_numbers(env: Env) -> None:
    t = env.tracking
    expect(
        env,
        INVALID,
        lambda: t.CreateRun(
            tpb.CreateRunRequest(experiment_id=env.experiment_id, start_time_millis=-1)
        ),
        "start_time_millis",
    )
    expect(
        env,
        INVALID,
        lambda: t.GetLeaderboard(
            tpb.GetLeaderboardRequest(experiment_ids=[env.experiment_id], metric_key="loss", k=-1)
        ),
        "k",
    )
    expect(
        env,
        INVALID,
        lambda: t.GetLeaderboard(
            tpb.GetLeaderboardRequest(experiment_ids=[env.experiment_id], metric_key="loss", k=1001)
        ),
        "k",
    )
    run = make(
        tpb.UpdateRunRequest,
        run={"run_id": env.run_id, "end_time_millis": -1},
        update_mask={"paths": ["end_time_millis"]},
    )
    expect(env, INVALID, lambda: t.UpdateRun(run), "end_time_millis")
    unknown_status = make(
        tpb.UpdateRunRequest,
        run={"run_id": env.run_id, "status": 99},
        update_mask={"paths": ["status"]},
    )
    expect(env, INVALID, lambda: t.UpdateRun(unknown_status), "status")
    view = make(tpb.ListExperimentsRequest, view_type=42)
    expect(env, INVALID, lambda: t.ListExperiments(view), "view_type")


# filter -> whether the seed run (RUNNING, loss 0.25 latest) matches
HUGE_NUMBER_FILTERS = {
    "metrics.loss = 99999999999999999999999999": False,
    "attributes.start_time > 99999999999999999999999": False,
    "attributes.start_time > -99999999999999999999999": True,
    "metrics.loss > 1e999": False,
    "metrics.loss IN (1e999, -1e999)": False,
    "attributes.end_time < 1e400": False,
}


def test_numbers_past_int64_in_run_filters(env: Env) -> None:
    """Integral literals past int64 used to overflow the bound parameter (INTERNAL on
    both databases); they compare as floats now, so the search is answered normally."""
    with unchanged(env):
        for text, seed in HUGE_NUMBER_FILTERS.items():
            runs = env.tracking.SearchRuns(
                tpb.SearchRunsRequest(experiment_ids=[env.experiment_id], filter=text),
                timeout=TIMEOUT,
            ).runs
            board = env.tracking.GetLeaderboard(
                tpb.GetLeaderboardRequest(
                    experiment_ids=[env.experiment_id], filter=text, metric_key="loss"
                ),
                timeout=TIMEOUT,
            ).entries
            assert (env.run_id in [r.run_id for r in runs]) == seed, text
            assert (env.run_id in [e.run.run_id for e in board]) == seed, text


def test_numbers_past_int64_in_registry_filters(env: Env) -> None:
    with unchanged(env):
        for text in ("version = 99999999999999999999999", "version IN (1, 99999999999999999999)"):
            check(
                INVALID,
                lambda text=text: env.models.SearchModelVersions(  # type: ignore[misc]
                    rpb.SearchModelVersionsRequest(filter=text), timeout=TIMEOUT
                ),
                "out of range",
            )
