"""Stream abuse: floods of abandoned StreamMetrics calls, a client that never reads its
acks, and abrupt disconnects mid-stream and mid-upload. The server keeps serving,
memory stays bounded, and no partial data ever becomes visible."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import grpc
import psutil

from cairn.v1 import artifact_pb2
from cairn.v1 import artifact_service_pb2 as apb
from cairn.v1 import tracking_service_pb2 as tpb
from cairn.v1.artifact_service_pb2_grpc import ArtifactServiceStub
from cairn.v1.tracking_service_pb2_grpc import TrackingServiceStub
from tests.abuse.support import (
    TIMEOUT,
    Env,
    assert_serving,
    blob_files,
    list_artifacts,
    make,
    open_stream,
    sha,
)

STREAM = "/cairn.v1.TrackingService/StreamMetrics"
MiB = 1024 * 1024


def _open(stream_id: str) -> tpb.StreamMetricsRequest:
    return tpb.StreamMetricsRequest(open=tpb.StreamOpen(stream_id=stream_id))


def _data(seq: int, run_id: str, key: str, first_step: int, n: int) -> tpb.StreamMetricsRequest:
    return make(
        tpb.StreamMetricsRequest,
        data={
            "seq": seq,
            "batches": [
                {
                    "run_id": run_id,
                    "key": key,
                    "steps": range(first_step, first_step + n),
                    "values": [float(i) for i in range(n)],
                }
            ],
        },
    )


def _wait_for(condition: Callable[[], bool], what: str, limit: float = 30.0) -> None:
    """Polls until `condition` holds (a liveness bound, not a timing assertion)."""
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.02)


def _server_tasks(env: Env) -> int:
    async def count() -> int:
        return len(asyncio.all_tasks())

    return asyncio.run_coroutine_threadsafe(count(), env.server.loop).result(TIMEOUT) - 1


def test_a_flood_of_abandoned_streams(env: Env) -> None:
    """200 concurrent StreamMetrics calls each open, send one message and are cancelled
    without reading an ack: afterwards every key holds all of its 10 points or none,
    and a normal stream works."""
    run = env.client.create_run(env.experiment_id, run_name="flood").run_id
    n = 200
    tasks_before = _server_tasks(env)

    async def flood() -> int:
        async with grpc.aio.insecure_channel(env.server.address) as channel:
            stub: Any = TrackingServiceStub(channel)
            calls = []
            for i in range(n):
                call = stub.StreamMetrics()
                calls.append(call)
                await call.write(_open(f"flood-{i}"))
                await call.write(_data(1, run, f"flood-{i}", 0, 10))
            opened = 0
            for call in calls[: n // 2]:  # half read their `opened`, half read nothing
                reply = await call.read()
                opened += isinstance(reply, tpb.StreamMetricsResponse)
            for call in calls:
                call.cancel()
            return opened

    assert asyncio.run(flood()) == n // 2
    summaries = env.client.list_metric_keys(run)
    assert {m.key for m in summaries} <= {f"flood-{i}" for i in range(n)}
    for m in summaries:  # a key is there with its whole batch, or not at all
        assert (m.point_count, m.latest_step) == (10, 9), f"{m.key}: partial batch visible"
    assert open_stream(env, "after-flood") == 0
    # Every abandoned call's handler task ends: nothing piles up on the server's loop.
    _wait_for(lambda: _server_tasks(env) <= tasks_before, "the abandoned streams' tasks to end")
    env.client.delete_run(run)
    assert_serving(env)


def test_a_client_that_never_reads_its_acks(env: Env) -> None:
    """A client pushes 512 MiB of (duplicate) metric messages without reading a single
    ack. The server reads at most its window ahead, so the sender is pushed back or
    the messages are dropped as they come: either way server memory stays bounded."""
    run = env.client.create_run(env.experiment_id, run_name="unread").run_id
    points = 32 * 1024  # 512 KiB of packed values and steps per message
    first = _data(1, run, "unread", 0, points).SerializeToString()
    message_count = 1024
    sent = 0
    stop = threading.Event()

    def requests() -> Iterator[bytes]:
        nonlocal sent
        yield _open("unread").SerializeToString()
        yield first
        for _ in range(message_count):  # seq 1 again and again: acked as duplicates
            if stop.is_set():
                return
            sent += 1
            yield first

    process = psutil.Process()
    baseline = process.memory_info().rss
    peak = baseline
    channel = grpc.insecure_channel(env.server.address)
    try:
        bidi = channel.stream_stream(STREAM, None, None)
        call = bidi(requests(), timeout=120)  # responses are never read
        last, still = -1, 0
        while sent < message_count and still < 50:  # until done, or stuck for 1 s
            time.sleep(0.02)
            peak = max(peak, process.memory_info().rss)
            still = still + 1 if sent == last else 0
            last = sent
        peak = max(peak, process.memory_info().rss)
        stop.set()
        call.cancel()  # type: ignore[no-untyped-call]
    finally:
        channel.close()
    growth = (peak - baseline) / MiB
    assert sent > 64, "the server did not even read its window"
    assert growth < 200, (
        f"RSS grew {growth:.0f} MiB while {sent * points * 16 / MiB:.0f} MiB came in"
    )
    steps, _, _ = env.client.get_metric_history(run, "unread")
    assert len(steps) in (0, points)  # seq 1 once (or not at all), never its duplicates
    env.client.delete_run(run)
    assert_serving(env)


def test_disconnect_mid_stream_then_resume(env: Env) -> None:
    """The connection drops with messages in flight; on reconnect the server reports
    its last committed seq, the history holds exactly the committed messages, and
    resending the rest completes it without duplicates."""
    run = env.client.create_run(env.experiment_id, run_name="cut").run_id
    per = 100
    messages = [_data(seq, run, "cut", (seq - 1) * per, per) for seq in range(1, 7)]
    gate = threading.Event()

    def first_connection() -> Iterator[tpb.StreamMetricsRequest]:
        yield _open("cut-stream")
        yield from messages[:3]
        gate.wait(TIMEOUT)
        yield messages[3]  # in flight when the connection drops
        gate.wait(TIMEOUT)

    channel = grpc.insecure_channel(env.server.address)
    stub = TrackingServiceStub(channel)
    replies = stub.StreamMetrics(first_connection(), timeout=TIMEOUT)
    acked = 0
    for reply in replies:
        if reply.WhichOneof("message") == "ack":
            acked = reply.ack.acked_seq
        if acked == 3:
            break
    gate.set()
    channel.close()  # abrupt: no half-close, responses unread

    committed = open_stream(env, "cut-stream")
    assert committed in (3, 4)
    steps, _, _ = env.client.get_metric_history(run, "cut")
    assert steps.tolist() == list(range(committed * per))

    resend = [_open("cut-stream"), *messages[committed:]]
    final = list(env.tracking.StreamMetrics(iter(resend), timeout=TIMEOUT))
    assert final[-1].ack.acked_seq == 6
    steps, _, _ = env.client.get_metric_history(run, "cut")
    assert steps.tolist() == list(range(6 * per))
    env.client.delete_run(run)
    assert_serving(env)


def test_disconnect_mid_upload_then_resume(env: Env) -> None:
    """An upload cut off after 1 MiB of 3 MiB: no artifact is visible or stored under
    its final name; the upload stays in progress with at most the bytes sent durably
    committed, and resumes from there to completion."""
    run = env.client.create_run(env.experiment_id, run_name="cut-upload").run_id
    data = bytes(range(256)) * (3 * MiB // 256)
    a = env.artifacts
    start = apb.StartUploadRequest(
        run_id=run, path="cut/file.bin", size_bytes=len(data), sha256=sha(data)
    )
    upload = a.StartUpload(start, timeout=TIMEOUT).upload
    sent, gate = threading.Event(), threading.Event()

    def first_connection() -> Iterator[apb.UploadArtifactRequest]:
        yield apb.UploadArtifactRequest(header=apb.UploadHeader(upload_id=upload.upload_id))
        yield apb.UploadArtifactRequest(data=data[:MiB])
        sent.set()
        gate.wait(TIMEOUT)

    channel = grpc.insecure_channel(env.server.address)
    try:
        future = ArtifactServiceStub(channel).UploadArtifact.future(
            first_connection(), timeout=TIMEOUT
        )
        _wait_for(sent.is_set, "the first MiB to be sent")
        time.sleep(0.2)  # let it reach the server (the checks hold either way)
        future.cancel()  # type: ignore[no-untyped-call]
    finally:
        gate.set()
        channel.close()

    assert list_artifacts(env, run) == []
    assert not [f for f in blob_files(env) if f.endswith("cut/file.bin")]
    state = a.GetUpload(apb.GetUploadRequest(upload_id=upload.upload_id), timeout=TIMEOUT).upload
    assert state.state == artifact_pb2.UPLOAD_STATE_IN_PROGRESS
    offset = state.committed_bytes
    assert offset in (0, MiB)

    resume = [
        apb.UploadArtifactRequest(
            header=apb.UploadHeader(upload_id=upload.upload_id, offset=offset)
        ),
        *[apb.UploadArtifactRequest(data=data[i : i + MiB]) for i in range(offset, len(data), MiB)],
    ]
    done = a.UploadArtifact(iter(resume), timeout=TIMEOUT)
    assert done.artifact.sha256 == sha(data)
    assert list_artifacts(env, run) == [("cut/file.bin", len(data), sha(data))]
    env.client.delete_run(run)
    assert_serving(env)
