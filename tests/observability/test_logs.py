"""Request ids: echoed or replaced, returned in trailing metadata (also on errors),
and carried by every JSON log line of the call."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import grpc
import pytest

from cairn.v1 import tracking_service_pb2 as pb
from cairn_server.observability.context import CallInfo, current_call, current_request_id
from cairn_server.observability.logs import make_handler
from cairn_server.transport.blocking import Blocking
from cairn_server.transport.errors import internal_status
from tests.observability.conftest import ObservedServer
from tests.observability.helpers import TRACKING, eventually, make_run, stream_points

GENERATED = re.compile(r"[0-9a-f]{16}")


def lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def request_id_of(metadata: Any) -> str:
    values = [v for k, v in metadata or () if k == "x-request-id"]
    assert len(values) == 1, metadata
    return str(values[0])


def test_client_request_id_is_echoed_and_logged(
    observed: ObservedServer, json_logs: io.StringIO
) -> None:
    response, call = observed.tracking.CreateExperiment.with_call(
        pb.CreateExperimentRequest(name="logs"), metadata=(("x-request-id", "job-42.step:7"),)
    )
    assert response.experiment.name == "logs"
    assert request_id_of(call.trailing_metadata()) == "job-42.step:7"

    access = [e for e in lines(json_logs) if e["logger"] == "cairn.access"]
    assert len(access) == 1
    entry = access[0]
    assert entry["request_id"] == "job-42.step:7"
    assert entry["method"] == TRACKING + "CreateExperiment"
    assert entry["code"] == "OK"
    assert entry["level"] == "INFO"
    assert isinstance(entry["duration_ms"], float)
    assert entry["peer"]
    assert entry["time"].endswith("Z")
    assert "CreateExperiment OK" in entry["message"]


def test_errors_and_streams_return_the_request_id(
    observed: ObservedServer, json_logs: io.StringIO
) -> None:
    with pytest.raises(grpc.RpcError) as info:
        observed.tracking.GetRun(pb.GetRunRequest(run_id="r-missing"))
    err: Any = info.value
    assert err.code() == grpc.StatusCode.NOT_FOUND
    rid = request_id_of(err.trailing_metadata())
    assert GENERATED.fullmatch(rid)
    # The abort's own trailing metadata (the rich error details) is still there.
    assert any(k == "grpc-status-details-bin" for k, _ in err.trailing_metadata())

    run_id = make_run(observed.tracking, "stream-logs")
    _, call = stream_points(observed.tracking, run_id, [10], metadata=(("x-request-id", "s-1"),))
    assert request_id_of(call.trailing_metadata()) == "s-1"
    assert request_id_of(call.initial_metadata()) == "s-1"

    by_id = eventually(
        lambda: {e["request_id"]: e for e in lines(json_logs) if e["logger"] == "cairn.access"},
        lambda found: rid in found and "s-1" in found,
    )
    assert by_id[rid]["code"] == "NOT_FOUND"
    assert by_id[rid]["method"] == TRACKING + "GetRun"
    assert by_id["s-1"]["code"] == "OK"
    assert by_id["s-1"]["method"] == TRACKING + "StreamMetrics"


@pytest.mark.parametrize(
    "sent", ["x" * 129, "has spaces", "<script>", "-leading-dash", "semi;colon", ""]
)
def test_unsafe_request_ids_are_replaced(observed: ObservedServer, sent: str) -> None:
    _, call = observed.tracking.CreateExperiment.with_call(
        pb.CreateExperimentRequest(name="replaced"),
        metadata=(("x-request-id", sent),),
    )
    rid = request_id_of(call.trailing_metadata())
    assert rid != sent
    assert GENERATED.fullmatch(rid)


def test_longest_accepted_request_id(observed: ObservedServer) -> None:
    sent = "a" * 128
    _, call = observed.tracking.CreateExperiment.with_call(
        pb.CreateExperimentRequest(name="long-id"), metadata=(("x-request-id", sent),)
    )
    assert request_id_of(call.trailing_metadata()) == sent


def test_internal_error_log_id_is_the_request_id(caplog: pytest.LogCaptureFixture) -> None:
    token = current_call.set(CallInfo("req-123", TRACKING + "GetRun"))
    try:
        with caplog.at_level(logging.ERROR, logger="cairn.errors"):
            status = internal_status(RuntimeError("boom"), TRACKING + "GetRun")
    finally:
        current_call.reset(token)
    assert "quote log id req-123" in status.details
    assert "req-123" in caplog.text


def test_json_lines_carry_exception_text() -> None:
    stream = io.StringIO()
    logger = logging.getLogger("cairn.test.json")
    handler = make_handler("json", stream)
    logger.addHandler(handler)
    token = current_call.set(CallInfo("req-9", "/m"))
    try:
        try:
            raise ValueError("bad value")
        except ValueError:
            logger.error("failed", exc_info=True)
    finally:
        current_call.reset(token)
        logger.removeHandler(handler)
    (entry,) = lines(stream)
    assert entry["message"] == "failed"
    assert entry["request_id"] == "req-9"
    assert entry["method"] == "/m"
    assert "ValueError: bad value" in entry["exception"]


def test_blocking_calls_keep_the_request_id() -> None:
    async def main() -> str:
        current_call.set(CallInfo("req-77", "/m"))
        with ThreadPoolExecutor(1) as pool:
            return await Blocking(pool)(current_request_id)

    assert asyncio.run(main()) == "req-77"


def test_text_format_appends_the_request_id_and_bad_settings_stop() -> None:
    stream = io.StringIO()
    logger = logging.getLogger("cairn.test.text")
    handler = make_handler("text", stream)
    logger.addHandler(handler)
    try:
        logger.warning("outside a call")
        token = current_call.set(CallInfo("req-5", "/m"))
        try:
            logger.warning("inside a call")
        finally:
            current_call.reset(token)
    finally:
        logger.removeHandler(handler)
    outside, inside = stream.getvalue().splitlines()
    assert outside.endswith("WARNING cairn.test.text: outside a call")
    assert inside.endswith("WARNING cairn.test.text: inside a call [request_id=req-5]")
    with pytest.raises(SystemExit):
        make_handler("yaml")
