"""Per-token rate and stream limits, anonymous mode, and the `cairn` access commands."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import grpc
import pytest
from click.testing import CliRunner
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from cairn.access import Access
from cairn.cli import main
from cairn.client import Client
from cairn.v1 import model_registry_service_pb2 as rpb
from cairn.v1 import tracking_service_pb2 as pb
from cairn_server.config import Settings
from tests.security.conftest import ADMIN_TOKEN, open_world
from tests.support.servers import InProcessServer


@pytest.fixture
def limited(secure_settings: Settings) -> Iterator[InProcessServer]:
    server = InProcessServer(
        replace(secure_settings, rate_limit=2.0, max_streams_per_token=1)
    ).start()
    try:
        yield server
    finally:
        server.stop()


def test_rate_limit_is_per_token_with_retry_info(limited: InProcessServer) -> None:
    with open_world(limited) as world:  # the setup spends admin's burst
        stub = world.bob.client.tracking
        codes = []
        for _ in range(8):
            try:
                stub.ListExperiments(pb.ListExperimentsRequest())
                codes.append("OK")
            except grpc.RpcError as exc:
                codes.append(exc.code().name)
                status = rpc_status.from_call(exc)  # type: ignore[arg-type]
                assert status is not None
                infos = [d for d in status.details if d.Is(error_details_pb2.RetryInfo.DESCRIPTOR)]
                retry = error_details_pb2.RetryInfo()
                infos[0].Unpack(retry)
                assert retry.retry_delay.ToNanoseconds() > 0
                assert "rate limit" in (exc.details() or "")
        assert codes[:4] == ["OK"] * 4  # a burst of twice the rate
        assert "RESOURCE_EXHAUSTED" in codes
        # Another token has its own budget.
        assert list(world.alice.client.list_experiments()) == []


def test_concurrent_streams_per_token_are_capped(limited: InProcessServer) -> None:
    with open_world(limited) as world:
        world.alice.registry.create_model("m")
        stub = world.alice.registry.stub
        first: Any = stub.WatchRegistryEvents(rpb.WatchRegistryEventsRequest(after_event_id=0))
        assert next(first).event.name == "m"  # the first watch is open
        second: Any = stub.WatchRegistryEvents(rpb.WatchRegistryEventsRequest(after_event_id=0))
        with pytest.raises(grpc.RpcError) as info:
            next(second)
        assert info.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        assert "streaming calls" in (info.value.details() or "")
        # bob is not affected by alice's streams.
        other: Any = world.bob.registry.stub.WatchRegistryEvents(
            rpb.WatchRegistryEventsRequest(after_event_id=-1), timeout=0.5
        )
        with pytest.raises(grpc.RpcError) as timeout:
            next(other)
        assert timeout.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
        first.cancel()


def test_loopback_default_is_anonymous_with_full_rights(client: Client) -> None:
    me = Access(client).whoami()
    assert me.anonymous and not me.user.name
    exp = client.create_experiment("anon")
    assert client.get_experiment(exp.experiment_id).name == "anon"


def test_cli_manages_users_tokens_and_grants(secure_server: InProcessServer) -> None:
    runner = CliRunner()
    base = ["--address", secure_server.address, "--token", ADMIN_TOKEN]

    def cairn(*args: str, token: list[str] = base) -> str:
        result = runner.invoke(main, [*token, *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    assert "admin (admin" in cairn("whoami")
    cairn("users", "create", "carol", "--group", "nlp")
    assert "carol" in cairn("users", "list")
    out = cairn("tokens", "create", "--user", "carol", "-d", "ci", "--expires-in", "30d")
    secret = out.strip().splitlines()[-1]
    assert secret.startswith("cairn_")
    carol = ["--address", secure_server.address, "--token", secret]
    assert "carol (user; nlp)" in cairn("whoami", token=carol)
    with Client(secure_server.address, token=secret) as client:
        exp_id = client.create_experiment("carols").experiment_id
    cairn("permissions", "grant", "experiment", exp_id, "read", "--group", "vision", token=carol)
    listing = cairn("permissions", "list", "experiment", exp_id, token=carol)
    assert "vision" in listing and "read" in listing and "manage" in listing
    token_id = secret.split("_")[1]
    assert token_id in cairn("tokens", "list", token=carol)
    cairn("tokens", "revoke", token_id, token=carol)
    failed = runner.invoke(main, [*carol, "whoami"])
    assert failed.exit_code != 0 and "revoked" in str(failed.exception)


def test_rate_limit_setting_parses_from_env_and_flag() -> None:
    assert Settings.from_env({"CAIRN_RATE_LIMIT": "2.5"}).rate_limit == 2.5
    with pytest.raises(SystemExit, match="CAIRN_RATE_LIMIT must be a number"):
        Settings.from_env({"CAIRN_RATE_LIMIT": "fast"})
    result = CliRunner().invoke(main, ["server", "--rate-limit", "oops"])
    assert result.exit_code != 0 and "oops" in result.output
