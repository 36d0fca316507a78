"""Malformed and oversize messages: undecodable bytes, invalid UTF-8, messages over the
receive limit, batches over their item limits and huge repeated fields."""

from __future__ import annotations

import grpc
import pytest

from cairn.v1 import artifact_service_pb2 as apb
from cairn.v1 import model_registry_service_pb2 as rpb
from cairn.v1 import run_pb2
from cairn.v1 import tracking_service_pb2 as tpb
from cairn.v1.tracking_service_pb2_grpc import TrackingServiceStub
from tests.abuse.request_audit import SERVICES
from tests.abuse.support import (
    TIMEOUT,
    Env,
    assert_serving,
    expect,
    failure_of,
    make,
    snapshot,
)

INVALID = grpc.StatusCode.INVALID_ARGUMENT
GARBAGE = {
    "corrupt-wire": b"\xff\xff\xff\xff\xff",
    "truncated-length": b"\x0a\x7fabc",
    "varint-too-long": b"\x08" + b"\xff" * 11,
    "end-group-unopened": b"\x0c",
}
# Invalid UTF-8 sent in the first string field of each request.
BAD_UTF8 = {
    "lone-ff": b"a\xff\xfeb",
    "overlong-slash": b"\xc0\xaf",
    "encoded-surrogate": b"\xed\xa0\x80",
    "truncated-sequence": b"ok\xe2\x82",
}


def _methods() -> list[tuple[str, str, bool, bool]]:
    found = []
    for service_name, module in SERVICES.items():
        service = module.DESCRIPTOR.services_by_name[service_name.rsplit(".", 1)[1]]
        for m in service.methods:
            found.append((service_name, m.name, m.client_streaming, m.server_streaming))
    return found


METHODS = _methods()


def _raw(env: Env, service: str, method: str, client_streaming: bool, server_streaming: bool):  # type: ignore[no-untyped-def]
    path = f"/{service}/{method}"
    ch = env.channel
    if client_streaming and server_streaming:
        bidi = ch.stream_stream(path, None, None)
        return lambda raw: list(bidi(iter([raw]), timeout=TIMEOUT))
    if client_streaming:
        up = ch.stream_unary(path, None, None)
        return lambda raw: up(iter([raw]), timeout=TIMEOUT)
    if server_streaming:
        down = ch.unary_stream(path, None, None)
        return lambda raw: list(down(raw, timeout=TIMEOUT))
    unary = ch.unary_unary(path, None, None)
    return lambda raw: unary(raw, timeout=TIMEOUT)


def _first_string_field(service: str, method: str) -> int | None:
    module = SERVICES[service]
    desc = module.DESCRIPTOR.services_by_name[service.rsplit(".", 1)[1]]
    for field in desc.methods_by_name[method].input_type.fields:
        if field.type == field.TYPE_STRING:
            return int(field.number)
    return None


def _garbage(name: str, service: str, method: str) -> bytes | None:
    if name in GARBAGE:
        return GARBAGE[name]
    number = _first_string_field(service, method)
    if number is None:
        return None
    value = BAD_UTF8[name]
    return bytes([number << 3 | 2, len(value)]) + value


@pytest.mark.parametrize("name", [*GARBAGE, *BAD_UTF8])
def test_undecodable_bytes_to_every_method(env: Env, name: str) -> None:
    """Every RPC of every service answers undecodable bytes (corrupt wire format, or
    invalid UTF-8 in a string field) with INVALID_ARGUMENT; gRPC alone would answer
    UNKNOWN "Unexpected DecodeError"."""
    before = snapshot(env)
    wrong = []
    sent = 0
    for service, method, cs, ss in METHODS:
        raw = _garbage(name, service, method)
        if raw is None:
            continue
        send = _raw(env, service, method, cs, ss)
        try:
            failure = failure_of(lambda send=send, raw=raw: send(raw))  # type: ignore[misc]
        except AssertionError:
            wrong.append(f"{method}: accepted")
            continue
        sent += 1
        if failure.code != INVALID or "not a valid" not in failure.message:
            wrong.append(f"{method}: {failure.code.name} {failure.message[:100]}")
    assert sent >= 40
    assert not wrong, "\n".join(wrong)
    assert snapshot(env) == before
    assert_serving(env)


def test_invalid_utf8_in_a_name(env: Env) -> None:
    create = env.channel.unary_unary("/cairn.v1.TrackingService/CreateExperiment", None, None)
    raw = b"\x0a\x05ok\xff\xfex"  # CreateExperimentRequest.name, not UTF-8
    failure = expect(env, INVALID, lambda: create(raw, timeout=TIMEOUT), "UTF-8")
    assert failure.reason == "MALFORMED_REQUEST"


def test_garbage_mid_stream_ends_the_stream_keeping_acked_data(env: Env) -> None:
    """A StreamMetrics message that does not decode fails the stream with
    INVALID_ARGUMENT; what was acked before stays, nothing after it is stored."""
    ok = tpb.StreamMetricsRequest(
        data=make(
            tpb.StreamData,
            seq=1,
            batches=[
                {"run_id": env.other_run_id, "key": "garbage-mid", "steps": [1], "values": [1.0]}
            ],
        )
    ).SerializeToString()
    opener = tpb.StreamMetricsRequest(open=tpb.StreamOpen(stream_id="garbage-mid"))
    bidi = env.channel.stream_stream("/cairn.v1.TrackingService/StreamMetrics", None, None)
    replies: list[bytes] = []

    def call() -> None:
        for reply in bidi(iter([opener.SerializeToString(), ok, b"\xff\xff\xff"]), timeout=30):
            replies.append(reply)

    failure = failure_of(call)
    assert failure.code == INVALID, failure
    assert "not a valid" in failure.message
    steps, _, _ = env.client.get_metric_history(env.other_run_id, "garbage-mid")
    assert steps.tolist() in ([], [1])  # seq 1 whole or not at all (not acked before)
    assert_serving(env)


def test_message_over_the_receive_limit(env: Env) -> None:
    """65 MiB is over the server's 64 MiB receive limit: RESOURCE_EXHAUSTED from gRPC
    naming the sizes, before any handler runs."""
    big = grpc.insecure_channel(
        env.server.address, options=[("grpc.max_send_message_length", 80 * 1024 * 1024)]
    )
    try:
        stub = TrackingServiceStub(big)
        request = make(
            tpb.SetTagsRequest,
            run_id=env.run_id,
            tags=[{"key": "big", "value": "x" * (65 * 1024 * 1024)}],
        )
        failure = expect(
            env,
            grpc.StatusCode.RESOURCE_EXHAUSTED,
            lambda: stub.SetTags(request, timeout=TIMEOUT),
            "larger than max",
        )
        assert str(64 * 1024 * 1024) in failure.message
    finally:
        big.close()


def _kvs(n: int) -> list[dict[str, str]]:
    return [{"key": f"k{i}", "value": "v"} for i in range(n)]


def test_batch_limits(env: Env) -> None:
    t = env.tracking
    run = env.run_id
    expect(
        env,
        INVALID,
        lambda: t.LogParams(make(tpb.LogParamsRequest, run_id=run, params=_kvs(1001))),
        "params",
        "1000",
    )
    expect(
        env,
        INVALID,
        lambda: t.SetTags(make(tpb.SetTagsRequest, run_id=run, tags=_kvs(1001))),
        "tags",
        "1000",
    )
    exp = env.experiment_id
    expect(
        env,
        INVALID,
        lambda: t.CreateRun(make(tpb.CreateRunRequest, experiment_id=exp, params=_kvs(1001))),
        "params",
    )
    expect(
        env,
        INVALID,
        lambda: t.CompareRuns(tpb.CompareRunsRequest(run_ids=[run] * 101)),
        "run_ids",
        "100",
    )
    expect(
        env,
        INVALID,
        lambda: t.SearchRuns(tpb.SearchRunsRequest(order_by=["metrics.loss"] * 9)),
        "order_by",
    )


def test_a_thousand_bad_keys_still_fit_in_one_status(env: Env) -> None:
    """Every violation is collected, but the status stays small enough to arrive
    (it used to be able to outgrow the peer's 16 KiB metadata limit)."""
    params = [{"key": f"bad key {i} ;" + "x" * 200, "value": "v"} for i in range(1000)]
    request = make(tpb.LogParamsRequest, run_id=env.run_id, params=params)
    failure = expect(env, INVALID, lambda: env.tracking.LogParams(request), "param key")
    assert "999 more" in failure.message
    assert 0 < len(failure.fields) <= 20


def test_too_many_points_in_one_call(env: Env) -> None:
    n = 1_000_001
    batch = {"run_id": env.run_id, "key": "flood", "steps": range(n), "values": [0.0] * n}
    request = make(tpb.LogMetricsRequest, batches=[batch])
    expect(
        env,
        grpc.StatusCode.RESOURCE_EXHAUSTED,
        lambda: env.tracking.LogMetrics(request, timeout=TIMEOUT),
        "1000000",
    )


def test_too_many_batches_in_one_call(env: Env) -> None:
    batch = {"run_id": env.run_id, "key": "many", "steps": [1], "values": [1.0]}
    request = make(tpb.LogMetricsRequest, batches=[batch] * 10_001)
    expect(
        env,
        grpc.StatusCode.RESOURCE_EXHAUSTED,
        lambda: env.tracking.LogMetrics(request, timeout=TIMEOUT),
        "batches",
        "10000",
    )


@pytest.mark.parametrize(
    "what",
    ["search-experiment-ids", "mask-paths", "event-types", "inputs", "model-order-by"],
)
def test_huge_repeated_fields(env: Env, what: str) -> None:
    """A huge repeated field (200,000 elements; the limits are 1000 at most) is refused
    naming the field, without touching the database row by row."""
    n = 200_000
    t, m = env.tracking, env.models
    if what == "search-experiment-ids":
        req1 = tpb.SearchRunsRequest(experiment_ids=[env.experiment_id] * n)
        expect(env, INVALID, lambda: t.SearchRuns(req1, timeout=TIMEOUT), "experiment_ids")
    elif what == "mask-paths":
        req2 = make(
            tpb.UpdateRunRequest,
            run=run_pb2.Run(run_id=env.run_id, run_name="x"),
            update_mask={"paths": ["run_name"] * n},
        )
        expect(env, INVALID, lambda: t.UpdateRun(req2, timeout=TIMEOUT), "update_mask")
    elif what == "event-types":
        req3 = make(rpb.ListRegistryEventsRequest, types=[1] * n)
        expect(env, INVALID, lambda: m.ListRegistryEvents(req3, timeout=TIMEOUT), "types")
    elif what == "inputs":
        item = {"dataset": {"name": "d", "digest": "x"}, "context": "train"}
        req4 = make(tpb.LogInputsRequest, run_id=env.run_id, inputs=[item] * 10_000)
        expect(env, INVALID, lambda: t.LogInputs(req4, timeout=TIMEOUT), "inputs")
    else:
        req5 = rpb.SearchRegisteredModelsRequest(order_by=["name"] * n)
        expect(env, INVALID, lambda: m.SearchRegisteredModels(req5, timeout=TIMEOUT), "order_by")


def test_upload_chunk_over_4_mib(env: Env) -> None:
    """The upload session the header started stays (resumable, invisible until complete:
    artifact_uploads may grow); no artifact appears."""
    data = b"x" * (4 * 1024 * 1024 + 1)
    start = apb.StartUploadRequest(run_id=env.run_id, path="big.bin", size_bytes=len(data))
    messages = [
        apb.UploadArtifactRequest(header=apb.UploadHeader(start=start)),
        apb.UploadArtifactRequest(data=data),
    ]
    expect(
        env,
        INVALID,
        lambda: env.artifacts.UploadArtifact(iter(messages), timeout=TIMEOUT),
        "4194304",
        allow=frozenset({"artifact_uploads"}),
    )


def test_stream_message_over_the_point_limit(env: Env) -> None:
    """4,000,001 points in one StreamMetrics message: RESOURCE_EXHAUSTED naming the
    limit; nothing of it stored."""
    n = 4_000_001
    messages = [
        tpb.StreamMetricsRequest(open=tpb.StreamOpen(stream_id="too-many-points")),
        make(
            tpb.StreamMetricsRequest,
            data={
                "seq": 1,
                "batches": [
                    {"run_id": env.run_id, "key": "huge", "steps": range(n), "values": [0.0] * n}
                ],
            },
        ),
    ]
    expect(
        env,
        grpc.StatusCode.RESOURCE_EXHAUSTED,
        lambda: list(env.tracking.StreamMetrics(iter(messages), timeout=TIMEOUT)),
        "4000000",
        allow=frozenset({"stream_checkpoints"}),
    )


def test_upload_lies(env: Env) -> None:
    """More bytes than declared, and a claimed digest that does not match: refused
    (INVALID_ARGUMENT, DATA_LOSS) with no artifact visible."""
    data = b"twelve bytes"
    start = apb.StartUploadRequest(run_id=env.run_id, path="lies/more.bin", size_bytes=4)
    more = [
        apb.UploadArtifactRequest(header=apb.UploadHeader(start=start)),
        apb.UploadArtifactRequest(data=data),
    ]
    expect(
        env,
        INVALID,
        lambda: env.artifacts.UploadArtifact(iter(more), timeout=TIMEOUT),
        "size_bytes",
        allow=frozenset({"artifact_uploads"}),
    )
    wrong = apb.StartUploadRequest(
        run_id=env.run_id, path="lies/digest.bin", size_bytes=len(data), sha256="0" * 64
    )
    lie = [
        apb.UploadArtifactRequest(header=apb.UploadHeader(start=wrong)),
        apb.UploadArtifactRequest(data=data),
    ]
    expect(
        env,
        grpc.StatusCode.DATA_LOSS,
        lambda: env.artifacts.UploadArtifact(iter(lie), timeout=TIMEOUT),
        "SHA-256",
        allow=frozenset({"artifact_uploads"}),
    )
