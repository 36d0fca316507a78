"""Every string field of every request message has a size limit: a value just over
1 MiB is INVALID_ARGUMENT naming the field, with nothing written (request_audit.py
finds the cases by walking the request descriptors; EXEMPT lists the exemptions)."""

from __future__ import annotations

from itertools import groupby

import grpc
import pytest

from tests.abuse.request_audit import EXEMPT, HUGE, build, cases, invoke
from tests.abuse.support import (
    Env,
    assert_serving,
    changes,
    check_clean_message,
    failure_of,
    open_stream,
    snapshot,
)

CASES = cases()
BY_METHOD = {m: list(cs) for m, cs in groupby(CASES, key=lambda c: c.method)}
BY_SERVICE = {s: list(cs) for s, cs in groupby(CASES, key=lambda c: c.service)}


def test_the_audit_covers_every_service() -> None:
    assert len(CASES) > 100
    for method in ("CreateRun", "CreateModelVersion", "StartUpload", "StreamMetrics"):
        assert method in BY_METHOD
    assert all(reason for reason in EXEMPT.values())


@pytest.mark.parametrize("service", BY_SERVICE)
def test_huge_strings_are_invalid_argument(env: Env, service: str) -> None:
    """One test per service (one snapshot pair), one case per string field of each of
    its requests; every wrong answer is listed."""
    open_stream(env, "audit")  # the stream's checkpoint row exists before the snapshot
    before = snapshot(env)
    wrong: list[str] = []
    for case in BY_SERVICE[service]:
        failure = failure_of(invoke(case, env, build(case, env, "a" * HUGE)))
        check_clean_message(failure)
        if failure.code != grpc.StatusCode.INVALID_ARGUMENT or not failure.names(case.needle):
            wrong.append(f"{case.id}: {failure.code.name} {failure.message[:120]}")
    assert not wrong, "\n".join(wrong)
    after = snapshot(env)
    if service.endswith("TrackingService"):  # each `open` moves the stream's epoch on
        before["tables"].pop("stream_checkpoints")
        after["tables"].pop("stream_checkpoints")
    assert after == before, f"a refused call changed stored data: {changes(before, after)}"
    assert_serving(env)


@pytest.mark.parametrize("service", BY_SERVICE)
def test_nul_in_any_string_is_invalid_argument(env: Env, service: str) -> None:
    """NUL in any string field is INVALID_ARGUMENT on both databases (PostgreSQL text
    cannot hold it: it used to surface as INTERNAL there)."""
    open_stream(env, "audit")
    before = snapshot(env)
    wrong: list[str] = []
    for case in BY_SERVICE[service]:
        failure = failure_of(invoke(case, env, build(case, env, "a\x00b")))
        check_clean_message(failure)
        if failure.code != grpc.StatusCode.INVALID_ARGUMENT:
            wrong.append(f"{case.id}: {failure.code.name} {failure.message[:120]}")
    assert not wrong, "\n".join(wrong)
    after = snapshot(env)
    if service.endswith("TrackingService"):
        before["tables"].pop("stream_checkpoints")
        after["tables"].pop("stream_checkpoints")
    assert after == before, f"a refused call changed stored data: {changes(before, after)}"
    assert_serving(env)
