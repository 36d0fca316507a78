"""Grants decide what each user may do; what they may not read looks missing.

alice (group nlp) and bob (group vision) are ordinary users; admin created them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import grpc
import numpy as np

from cairn.client import Client
from cairn.errors import from_rpc_error
from cairn.search import compare_runs, leaderboard
from cairn.v1 import metric_pb2, run_pb2
from cairn.v1 import tracking_service_pb2 as pb
from cairn_server.config import Settings
from tests.security.conftest import World, expect, open_world
from tests.support.servers import InProcessServer

MISSING_ID = "01JZZZZZZZZZZZZZZZZZZZZZZZ"
NOT_FOUND = grpc.StatusCode.NOT_FOUND
DENIED = grpc.StatusCode.PERMISSION_DENIED


def alice_run(world: World) -> tuple[str, run_pb2.Run]:
    exp = world.alice.client.create_experiment("alice-exp")
    run = world.alice.client.create_run(exp.experiment_id, run_name="r1", params={"lr": "0.1"})
    world.alice.client.log_metric_batch(run.run_id, "loss", [0, 1, 2], [0.9, 0.5, 0.2])
    return exp.experiment_id, run


def same_as_missing(
    real_id: str, forbidden: Callable[[], object], missing: Callable[[], object]
) -> None:
    """A forbidden resource and a missing one answer alike, up to the id itself."""
    a = expect(NOT_FOUND, forbidden)
    b = expect(NOT_FOUND, missing)
    assert a.reason == b.reason
    assert a.message.replace(real_id, "<id>") == b.message.replace(MISSING_ID, "<id>")


def grant(
    world: World, kind: str, resource: str, level: str, *, user: str = "", group: str = ""
) -> None:
    world.admin.access.grant(kind, resource, user=user, group=group, level=level)


def test_creator_manages_what_they_create(world: World) -> None:
    exp_id, run = alice_run(world)
    assert world.alice.client.get_run(run.run_id).run_name == "r1"
    perms = world.alice.access.permissions("experiment", exp_id)
    assert [(p.user, p.level) for p in perms] == [("alice", 3)]
    world.alice.client.delete_run(run.run_id)
    world.alice.client.restore_run(run.run_id)


def test_unreadable_resources_look_exactly_like_missing_ones(world: World) -> None:
    exp_id, run = alice_run(world)
    bob = world.bob.client
    same_as_missing(
        exp_id, lambda: bob.get_experiment(exp_id), lambda: bob.get_experiment(MISSING_ID)
    )
    same_as_missing(run.run_id, lambda: bob.get_run(run.run_id), lambda: bob.get_run(MISSING_ID))
    same_as_missing(
        run.run_id,
        lambda: bob.get_metric_history(run.run_id, "loss"),
        lambda: bob.get_metric_history(MISSING_ID, "loss"),
    )
    same_as_missing(
        run.run_id,
        lambda: bob.log_params(run.run_id, {"x": 1}),
        lambda: bob.log_params(MISSING_ID, {"x": 1}),
    )
    same_as_missing(
        run.run_id,
        lambda: compare_runs(bob, [run.run_id]),
        lambda: compare_runs(bob, [MISSING_ID]),
    )
    same_as_missing(
        exp_id,
        lambda: list(bob.search_runs([exp_id])),
        lambda: list(bob.search_runs([MISSING_ID])),
    )
    a = expect(NOT_FOUND, lambda: bob.get_experiment_by_name("alice-exp"))
    b = expect(NOT_FOUND, lambda: bob.get_experiment_by_name("nobody-exp"))
    assert a.message.replace("alice-exp", "<n>") == b.message.replace("nobody-exp", "<n>")
    # ...and nothing of alice's changed.
    assert [p.key for p in world.alice.client.get_run(run.run_id).params] == ["lr"]


def test_lists_and_searches_show_only_what_the_caller_may_read(world: World) -> None:
    exp_id, run = alice_run(world)
    bob_exp = world.bob.client.create_experiment("bob-exp")
    bob_run = world.bob.client.create_run(bob_exp.experiment_id)
    world.bob.client.log_metric_batch(bob_run.run_id, "loss", [0], [0.4])

    assert [e.name for e in world.bob.client.list_experiments()] == ["bob-exp"]
    assert [r.run_id for r in world.bob.client.search_runs()] == [bob_run.run_id]
    board = leaderboard(world.bob.client, "loss", descending=False)
    assert [e.run.run_id for e in board] == [bob_run.run_id]
    admin_sees = {e.name for e in world.admin.client.list_experiments()}
    assert admin_sees == {"alice-exp", "bob-exp"}

    grant(world, "experiment", exp_id, "read", group="vision")
    assert {e.name for e in world.bob.client.list_experiments()} == admin_sees
    assert {r.run_id for r in world.bob.client.search_runs()} == {run.run_id, bob_run.run_id}


def test_read_grant_allows_reading_but_not_writing(world: World) -> None:
    exp_id, run = alice_run(world)
    grant(world, "experiment", exp_id, "read", group="vision")
    bob = world.bob.client
    assert bob.get_run(run.run_id).run_name == "r1"
    steps, _, _ = bob.get_metric_history(run.run_id, "loss")
    assert list(steps) == [0, 1, 2]
    for attempt in (
        lambda: bob.log_params(run.run_id, {"lr": "0.1", "evil": 1}),
        lambda: bob.set_tags(run.run_id, {"t": 1}),
        lambda: bob.log_metric_batch(run.run_id, "loss", [3], [0.0]),
        lambda: bob.create_run(exp_id),
        lambda: bob.delete_run(run.run_id),
    ):
        err = expect(DENIED, attempt)
        assert "WRITE" in err.message or "MANAGE" in err.message
    after = world.alice.client.get_run(run.run_id)
    assert [p.key for p in after.params] == ["lr"] and not list(after.tags)
    assert list(world.alice.client.get_metric_history(run.run_id, "loss")[0]) == [0, 1, 2]
    assert len(list(world.alice.client.search_runs([exp_id]))) == 1


def test_write_grant_allows_logging_and_manage_allows_deleting(world: World) -> None:
    exp_id, run = alice_run(world)
    grant(world, "experiment", exp_id, "write", user="bob")
    bob = world.bob.client
    bob.log_params(run.run_id, {"batch": 32})
    assert bob.log_metric_batch(run.run_id, "acc", [0, 1], [0.5, 0.6]) == 2
    expect(DENIED, lambda: bob.delete_experiment(exp_id))
    expect(DENIED, lambda: world.bob.access.grant("experiment", exp_id, user="bob", level="manage"))
    grant(world, "experiment", exp_id, "manage", user="bob")
    deleted = bob.delete_experiment(exp_id)
    assert world.alice.client.get_experiment(exp_id).lifecycle_state == deleted.lifecycle_state
    assert not list(world.alice.client.list_experiments())  # deleted ones are hidden


def test_group_and_default_grants_combine_to_the_highest_level(world: World) -> None:
    exp_id, run = alice_run(world)
    grant(world, "experiment", exp_id, "read", user="bob")
    grant(world, "experiment", exp_id, "write", group="vision")
    world.bob.client.set_tags(run.run_id, {"reviewed": "yes"})
    grant(world, "experiment", exp_id, "none", group="vision")
    expect(DENIED, lambda: world.bob.client.set_tags(run.run_id, {"again": "no"}))
    perms = world.alice.access.permissions("experiment", exp_id)
    assert sorted((p.user, p.group, p.level) for p in perms) == [("alice", "", 3), ("bob", "", 1)]


def _stream(client: Client, run_id: str) -> list[pb.StreamMetricsResponse]:
    batch = metric_pb2.MetricBatch(run_id=run_id, key="loss", steps=np.arange(5), values=np.ones(5))
    requests = [
        pb.StreamMetricsRequest(open=pb.StreamOpen(stream_id="bob-stream-1")),
        pb.StreamMetricsRequest(data=pb.StreamData(seq=1, batches=[batch])),
    ]
    try:
        return list(client.tracking.StreamMetrics(iter(requests), timeout=20))
    except grpc.RpcError as exc:
        raise from_rpc_error(exc) from None


def test_metric_streams_are_checked_per_run(world: World) -> None:
    exp_id, run = alice_run(world)
    err = expect(NOT_FOUND, lambda: _stream(world.bob.client, run.run_id))
    assert run.run_id in err.message
    grant(world, "experiment", exp_id, "read", user="bob")
    expect(DENIED, lambda: _stream(world.bob.client, run.run_id))
    assert list(world.alice.client.get_metric_history(run.run_id, "loss")[0]) == [0, 1, 2]
    grant(world, "experiment", exp_id, "write", user="bob")
    acks = _stream(world.bob.client, run.run_id)
    assert acks[-1].ack.acked_seq == 1
    steps, values, _ = world.alice.client.get_metric_history(run.run_id, "loss")
    assert list(steps) == [0, 1, 2, 3, 4] and list(values) == [1.0] * 5  # last write wins


def test_artifacts_follow_the_experiment(world: World, tmp_path: object) -> None:
    import pathlib

    exp_id, run = alice_run(world)
    src = pathlib.Path(str(tmp_path)) / "model.bin"
    src.write_bytes(b"weights" * 100)
    world.alice.client.log_artifact(run.run_id, src)
    expect(NOT_FOUND, lambda: list(world.bob.client.list_artifacts(run.run_id)))
    expect(NOT_FOUND, lambda: world.bob.client.log_artifact(run.run_id, src, "evil.bin"))
    grant(world, "experiment", exp_id, "read", user="bob")
    assert [a.path for a in world.bob.client.list_artifacts(run.run_id)] == ["model.bin"]
    expect(DENIED, lambda: world.bob.client.log_artifact(run.run_id, src, "evil.bin"))
    assert [a.path for a in world.alice.client.list_artifacts(run.run_id)] == ["model.bin"]


def test_registered_models_have_their_own_grants(world: World) -> None:
    _, run = alice_run(world)
    alice, bob = world.alice.registry, world.bob.registry
    alice.create_model("alice-model")
    alice.create_version("alice-model", run_id=run.run_id, artifact_path="model")
    bob.create_model("bob-model")

    assert [m.name for m in bob.search_models()] == ["bob-model"]
    a = expect(NOT_FOUND, lambda: bob.get_model("alice-model"))
    b = expect(NOT_FOUND, lambda: bob.get_model("no-such-model"))
    assert a.message.replace("alice-model", "<m>") == b.message.replace("no-such-model", "<m>")
    assert {e.name for e in bob.events()} == {"bob-model"}

    # A version from a run bob cannot read is refused even on his own model.
    expect(NOT_FOUND, lambda: bob.create_version("bob-model", run_id=run.run_id, artifact_path="m"))
    grant(world, "model", "alice-model", "read", user="bob")
    assert bob.get_model("alice-model").name == "alice-model"
    # The lineage names the source run but shows its contents only to its readers.
    assert not bob.lineage("alice-model", 1).HasField("run")
    assert alice.lineage("alice-model", 1).run.run_id == run.run_id
    expect(DENIED, lambda: bob.set_alias("alice-model", "champion", 1))
    assert {m.name for m in bob.search_models()} == {"alice-model", "bob-model"}


def test_approving_a_stage_transition_needs_manage(world: World) -> None:
    _, run = alice_run(world)
    world.alice.registry.create_model("gated")
    world.alice.registry.create_version("gated", run_id=run.run_id, artifact_path="model")
    grant(world, "experiment", run.experiment_id, "read", user="bob")
    grant(world, "model", "gated", "write", user="bob")
    request = world.bob.registry.request_transition("gated", 1, "Staging")
    expect(
        DENIED, lambda: world.bob.registry.review_transition(request.transition_id, approve=True)
    )
    world.alice.registry.review_transition(request.transition_id, approve=True)


def test_users_manage_only_their_own_tokens(world: World) -> None:
    mine = world.bob.access.create_token(description="bob laptop")
    assert {t.token_id for t in world.bob.access.tokens()} >= {mine.token.token_id}
    assert {t.user for t in world.bob.access.tokens()} == {"bob"}
    expect(DENIED, lambda: world.bob.access.tokens(user="alice"))
    expect(DENIED, lambda: world.bob.access.create_token(user="alice"))
    alice_ids = [t.token_id for t in world.alice.access.tokens()]
    # Someone else's token id answers like an unknown one: ids cannot be probed.
    a = expect(NOT_FOUND, lambda: world.bob.access.revoke_token(alice_ids[0]))
    b = expect(NOT_FOUND, lambda: world.bob.access.revoke_token("0123456789ab"))
    assert a.message.replace(alice_ids[0], "<t>") == b.message.replace("0123456789ab", "<t>")
    assert list(world.alice.client.list_experiments()) == []  # alice's token still works
    world.bob.access.revoke_token(mine.token.token_id)
    with world.connect(mine.secret) as revoked:
        expect(grpc.StatusCode.UNAUTHENTICATED, lambda: list(revoked.list_experiments()))


def test_only_admins_manage_users_and_the_last_admin_stays(world: World) -> None:
    expect(DENIED, lambda: world.bob.access.create_user("mallory", admin=True))
    expect(DENIED, lambda: list(world.bob.access.users()))
    expect(DENIED, lambda: world.bob.access.update_user("bob", admin=True))
    assert [u.name for u in world.admin.access.users()] == ["admin", "alice", "bob"]
    err = expect(
        grpc.StatusCode.FAILED_PRECONDITION,
        lambda: world.admin.access.update_user("admin", admin=False),
    )
    assert "no enabled admin" in err.message
    expect(grpc.StatusCode.ALREADY_EXISTS, lambda: world.admin.access.create_user("alice"))
    expect(grpc.StatusCode.INVALID_ARGUMENT, lambda: world.admin.access.create_user("Bad Name!"))
    me = world.alice.access.whoami()
    assert (me.user.name, list(me.user.groups), me.anonymous) == ("alice", ["nlp"], False)


def test_actors_are_the_authenticated_user_not_a_claimed_one(world: World) -> None:
    world.alice.registry.create_model("audited")
    actors = {e.actor for e in world.admin.registry.events("audited")}
    assert actors == {"alice"}
    exp = world.alice.client.create_experiment("who")
    request = pb.CreateRunRequest(experiment_id=exp.experiment_id, user="admin")
    run = world.alice.client.call(world.alice.client.tracking.CreateRun, request).run
    assert run.user == "alice"


def test_default_permission_is_a_floor_for_everyone(secure_settings: Settings) -> None:
    server = InProcessServer(replace(secure_settings, default_permission="read")).start()
    try:
        with open_world(server) as world:
            _, run = alice_run(world)
            assert [e.name for e in world.bob.client.list_experiments()] == ["alice-exp"]
            assert world.bob.client.get_run(run.run_id).run_name == "r1"
            expect(DENIED, lambda: world.bob.client.log_params(run.run_id, {"x": 1}))
    finally:
        server.stop()
