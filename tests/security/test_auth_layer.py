"""Every RPC goes through the access layer, and every way of presenting a bad token
is refused with UNAUTHENTICATED before anything is read or written."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace

import grpc
import pytest
import sqlalchemy as sa
from grpc_health.v1 import health_pb2, health_pb2_grpc

from cairn.v1 import (
    access_service_pb2,
    artifact_service_pb2,
    model_registry_service_pb2,
    tracking_service_pb2,
)
from cairn_server.app import build_server
from cairn_server.config import Settings
from cairn_server.domain.access import hash_secret
from cairn_server.transport.access_policy import RULES
from tests.security.conftest import ADMIN_TOKEN, World, expect
from tests.support.servers import InProcessServer

SERVICE_MODULES = [
    tracking_service_pb2,
    model_registry_service_pb2,
    artifact_service_pb2,
    access_service_pb2,
]


def contract_methods() -> Iterator[tuple[str, bool, bool]]:
    """(full method name, client streams, server streams) of every RPC we define."""
    for module in SERVICE_MODULES:
        for service in module.DESCRIPTOR.services_by_name.values():
            for method in service.methods:
                yield (
                    f"/{service.full_name}/{method.name}",
                    method.client_streaming,
                    method.server_streaming,
                )


def test_every_rpc_in_the_contract_has_an_access_rule() -> None:
    methods = {name for name, _, _ in contract_methods()}
    assert len(methods) > 60
    missing = sorted(methods - RULES.keys())
    assert not missing, f"RPCs without an access rule: {missing}"
    # No rule outlives its RPC (a renamed method would otherwise be denied silently).
    stale = {m for m in RULES if m.startswith("/cairn.") and m not in methods}
    assert not stale


Metadata = tuple[tuple[str, str | bytes], ...]


def _call_raw(channel: grpc.Channel, method: str, cs: bool, ss: bool, metadata: Metadata) -> None:
    ident = lambda b: b  # noqa: E731 (raw bytes both ways)
    if cs and ss:
        list(
            channel.stream_stream(method, ident, ident)(iter([b""]), metadata=metadata, timeout=10)
        )
    elif cs:
        channel.stream_unary(method, ident, ident)(iter([b""]), metadata=metadata, timeout=10)
    elif ss:
        list(channel.unary_stream(method, ident, ident)(b"", metadata=metadata, timeout=10))
    else:
        channel.unary_unary(method, ident, ident)(b"", metadata=metadata, timeout=10)


@pytest.mark.parametrize(
    "metadata",
    [
        pytest.param((), id="no-token"),
        pytest.param((("authorization", "Bearer cairn_deadbeef00_" + "x" * 40),), id="forged"),
    ],
)
def test_every_rpc_refuses_callers_without_a_valid_token(world: World, metadata: Metadata) -> None:
    with grpc.insecure_channel(world.server.address) as channel:
        for method, cs, ss in contract_methods():
            with pytest.raises(grpc.RpcError) as info:
                _call_raw(channel, method, cs, ss, metadata)
            assert info.value.code() == grpc.StatusCode.UNAUTHENTICATED, method
        # Health checks stay open for load balancers.
        status = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest())
        assert status.status == health_pb2.HealthCheckResponse.SERVING
    # Nothing was created by any of those calls.
    assert [e.name for e in world.admin.client.list_experiments()] == []


def test_a_method_missing_from_the_policy_is_refused(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(RULES, "/cairn.v1.TrackingService/ListExperiments")
    err = expect(
        grpc.StatusCode.PERMISSION_DENIED, lambda: list(world.admin.client.list_experiments())
    )
    assert "no access rule" in err.message


@pytest.mark.parametrize(
    "header",
    [
        "Basic YWRtaW46YWRtaW4=",
        "Bearer",
        "Bearer not-a-token",
        "Bearer cairn_bootstrap01_" + "B" * 40,  # right id, wrong secret
        "Bearer cairn_bootstrap01_" + "A" * 39,  # truncated
        "Bearer " + ADMIN_TOKEN + "x" * 300,  # overlong
        "Bearer cairn_BOOTSTRAP01_" + "A" * 40,  # id case changed
        "Bearer cairn_bootstrap01_" + "A" * 40 + "; DROP TABLE users",
    ],
)
def test_malformed_or_forged_tokens_are_unauthenticated(world: World, header: str) -> None:
    with grpc.insecure_channel(world.server.address) as channel:
        call = channel.unary_unary(
            "/cairn.v1.TrackingService/CreateExperiment",
            tracking_service_pb2.CreateExperimentRequest.SerializeToString,
            tracking_service_pb2.CreateExperimentResponse.FromString,
        )
        with pytest.raises(grpc.RpcError) as info:
            call(
                tracking_service_pb2.CreateExperimentRequest(name="sneaky"),
                metadata=(("authorization", header),),
            )
    assert info.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert "Traceback" not in (info.value.details() or "")
    assert [e.name for e in world.admin.client.list_experiments()] == []


def test_revoked_tokens_stop_working_at_once(world: World) -> None:
    created = world.admin.access.create_token(user="alice")
    with world.connect(created.secret) as client:
        client.create_experiment("before-revoke")
        world.admin.access.revoke_token(created.token.token_id)
        err = expect(grpc.StatusCode.UNAUTHENTICATED, lambda: client.create_experiment("after"))
        assert "revoked" in err.message
        # Replaying it later changes nothing.
        expect(grpc.StatusCode.UNAUTHENTICATED, lambda: list(client.list_experiments()))
    names = [e.name for e in world.admin.client.list_experiments()]
    assert names == ["before-revoke"]


def test_expired_tokens_are_refused(world: World) -> None:
    created = world.alice.access.create_token(ttl_seconds=1)
    with world.connect(created.secret) as client:
        assert list(client.list_experiments()) == []
        time.sleep(1.2)
        err = expect(grpc.StatusCode.UNAUTHENTICATED, lambda: client.create_experiment("late"))
        assert "expired" in err.message
    assert [e.name for e in world.admin.client.list_experiments()] == []


def test_disabling_a_user_locks_out_their_tokens(world: World) -> None:
    world.admin.access.update_user("bob", disabled=True)
    expect(grpc.StatusCode.UNAUTHENTICATED, lambda: list(world.bob.client.list_experiments()))
    world.admin.access.update_user("bob", disabled=False)
    assert list(world.bob.client.list_experiments()) == []


def test_tokens_are_stored_only_as_salted_hashes(world: World, secure_settings: Settings) -> None:
    engine = sa.create_engine(secure_settings.resolved_db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT * FROM api_tokens")).mappings().all()
    finally:
        engine.dispose()
    assert len(rows) == 3  # admin, alice, bob
    secrets = [ADMIN_TOKEN, world.alice.token, world.bob.token]
    for row in rows:
        for value in row.values():
            for secret in secrets:
                assert secret.split("_", 2)[2] not in str(value)
    admin_row = next(r for r in rows if r["id"] == "bootstrap01")
    assert admin_row["secret_hash"] == hash_secret(admin_row["salt"], "A" * 40)
    assert len({r["salt"] for r in rows}) == 3


def test_bootstrap_happens_once_and_rejects_a_malformed_token(
    secure_settings: Settings,
) -> None:
    first = InProcessServer(secure_settings).start()
    try:
        assert first.app is not None and first.app.initial_admin_token == ADMIN_TOKEN
    finally:
        first.stop()
    again = InProcessServer(replace(secure_settings, bootstrap_token="")).start()
    try:
        assert again.app is not None and again.app.initial_admin_token is None
    finally:
        again.stop()
    # Refused while building, before anything listens.
    with pytest.raises(SystemExit, match="CAIRN_BOOTSTRAP_TOKEN"):
        build_server(replace(secure_settings, bootstrap_token="hunter2"))


@pytest.mark.parametrize(
    ("auth", "host", "anonymous"),
    [
        ("auto", "127.0.0.1", True),
        ("auto", "::1", True),
        ("auto", "0.0.0.0", False),
        ("auto", "10.1.2.3", False),
        ("required", "127.0.0.1", False),
        ("anonymous", "0.0.0.0", True),
    ],
)
def test_anonymous_access_only_on_loopback_or_when_asked(
    auth: str, host: str, anonymous: bool
) -> None:
    assert Settings(auth=auth, host=host).allows_anonymous is anonymous


def test_unknown_auth_mode_is_refused() -> None:
    with pytest.raises(SystemExit, match="CAIRN_AUTH"):
        _ = Settings(auth="sometimes").allows_anonymous
