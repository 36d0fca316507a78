from __future__ import annotations

import grpc
import pytest

from cairn.client import Client
from cairn.v1 import common_pb2, run_pb2
from cairn.v1 import tracking_service_pb2 as pb
from tests.integration.helpers import expect_status

INVALID = grpc.StatusCode.INVALID_ARGUMENT
PRECONDITION = grpc.StatusCode.FAILED_PRECONDITION


@pytest.fixture
def exp_id(client: Client) -> str:
    return client.create_experiment("runs").experiment_id


def test_create_run_with_params_and_tags(client: Client, exp_id: str) -> None:
    run = client.create_run(exp_id, run_name="first", params={"lr": 0.1}, tags={"team": "x"})
    assert run.status == run_pb2.RUN_STATUS_RUNNING
    assert run.start_time_millis > 0 and run.end_time_millis == 0
    assert run.user == "tester"
    assert run.artifact_uri.endswith(f"{run.run_id}/artifacts")
    got = client.get_run(run.run_id)
    assert got.run_name == "first"
    assert [(p.key, p.value) for p in got.params] == [("lr", "0.1")]
    assert [(t.key, t.value) for t in got.tags] == [("team", "x")]


def test_default_run_name_and_start_time(client: Client, exp_id: str) -> None:
    run = client.create_run(exp_id, start_time_millis=1234)
    assert run.run_name.startswith("run-")
    assert run.start_time_millis == 1234


def test_create_run_errors_write_nothing(client: Client, exp_id: str) -> None:
    expect_status(grpc.StatusCode.NOT_FOUND, client.create_run, "01nosuchexp")
    expect_status(INVALID, client.create_run, "")
    expect_status(grpc.StatusCode.NOT_FOUND, client.create_run, exp_id, parent_run_id="01nosuchrun")
    err = expect_status(INVALID, client.create_run, exp_id, params={"ok": 1, "bad key!": 2})
    assert any("bad key!" in d for _, d in err.field_violations)
    expect_status(INVALID, client.create_run, exp_id, tags={"k": "v" * 8001})
    expect_status(INVALID, client.create_run, exp_id, run_name="n" * 257)
    assert list(client.search_runs([exp_id])) == []


def test_nested_runs(client: Client, exp_id: str) -> None:
    parent = client.create_run(exp_id, run_name="parent")
    child = client.create_run(exp_id, run_name="child", parent_run_id=parent.run_id)
    assert client.get_run(child.run_id).parent_run_id == parent.run_id
    other = client.create_experiment("other").experiment_id
    err = expect_status(PRECONDITION, client.create_run, other, parent_run_id=parent.run_id)
    assert parent.run_id in err.message


def test_status_lifecycle_and_reopen(client: Client, exp_id: str) -> None:
    run = client.create_run(exp_id)
    finished = client.update_run(run.run_id, status="FINISHED")
    assert finished.status == run_pb2.RUN_STATUS_FINISHED
    assert finished.end_time_millis >= finished.start_time_millis
    err = expect_status(PRECONDITION, client.log_params, run.run_id, {"a": 1})
    assert err.reason == "RUN_NOT_ACTIVE" and "RUNNING" in err.message
    expect_status(PRECONDITION, client.log_metric_batch, run.run_id, "loss", [1], [0.5])
    reopened = client.update_run(run.run_id, status="RUNNING")
    assert reopened.status == run_pb2.RUN_STATUS_RUNNING and reopened.end_time_millis == 0
    client.log_params(run.run_id, {"a": 1})
    renamed = client.update_run(run.run_id, run_name="renamed")
    assert renamed.run_name == "renamed"
    ended = client.update_run(
        run.run_id, status="KILLED", end_time_millis=run.start_time_millis + 5
    )
    assert ended.end_time_millis == run.start_time_millis + 5


def test_update_run_errors(client: Client, exp_id: str) -> None:
    run = client.create_run(exp_id, start_time_millis=10_000)
    expect_status(INVALID, client.update_run, run.run_id)  # empty mask
    expect_status(INVALID, client.update_run, run.run_id, end_time_millis=5)  # before start
    expect_status(grpc.StatusCode.NOT_FOUND, client.update_run, "01missing", status="FINISHED")
    bad = pb.UpdateRunRequest(run=run_pb2.Run(run_id=run.run_id, status=42))  # type: ignore[arg-type]
    bad.update_mask.paths.append("status")
    expect_status(INVALID, client.call, client.tracking.UpdateRun, bad)
    unknown_path = pb.UpdateRunRequest(run=run_pb2.Run(run_id=run.run_id))
    unknown_path.update_mask.paths.append("experiment_id")
    expect_status(INVALID, client.call, client.tracking.UpdateRun, unknown_path)
    assert client.get_run(run.run_id).status == run_pb2.RUN_STATUS_RUNNING


def test_delete_and_restore_run(client: Client, exp_id: str) -> None:
    run = client.create_run(exp_id)
    deleted = client.delete_run(run.run_id)
    assert deleted.lifecycle_state == common_pb2.LIFECYCLE_STATE_DELETED
    assert list(client.search_runs([exp_id])) == []
    assert [
        r.run_id for r in client.search_runs([exp_id], view=common_pb2.VIEW_TYPE_DELETED_ONLY)
    ] == [run.run_id]
    err = expect_status(PRECONDITION, client.log_params, run.run_id, {"a": 1})
    assert err.reason == "RESOURCE_DELETED"
    expect_status(PRECONDITION, client.set_tags, run.run_id, {"a": 1})
    expect_status(PRECONDITION, client.update_run, run.run_id, status="FINISHED")
    client.delete_run(run.run_id)  # idempotent
    restored = client.restore_run(run.run_id)
    assert restored.lifecycle_state == common_pb2.LIFECYCLE_STATE_ACTIVE
    client.delete_experiment(exp_id)
    client.delete_run(run.run_id)
    expect_status(PRECONDITION, client.restore_run, run.run_id)
    expect_status(grpc.StatusCode.NOT_FOUND, client.delete_run, "01missing")


def test_create_run_request_id_is_idempotent(client: Client, exp_id: str) -> None:
    first = client.create_run(exp_id, run_name="r", request_id="abc")
    again = client.create_run(exp_id, run_name="r", request_id="abc")
    assert first.run_id == again.run_id
    expect_status(INVALID, client.create_run, exp_id, run_name="other", request_id="abc")
    expect_status(INVALID, client.create_run, exp_id, request_id="x" * 65)
    assert len(list(client.search_runs([exp_id]))) == 1


def test_search_runs_basic_filters_and_paging(client: Client, exp_id: str) -> None:
    other = client.create_experiment("other").experiment_id
    made = []
    for i in range(7):
        run = client.create_run(
            exp_id if i % 2 == 0 else other, tags={"team": "a" if i < 4 else "b"}
        )
        made.append(run.run_id)
    client.update_run(made[0], status="FINISHED")
    assert [r.run_id for r in client.search_runs([exp_id])] == [made[6], made[4], made[2], made[0]]
    assert {r.run_id for r in client.search_runs([exp_id, other], "tags.team = 'a'")} == set(
        made[:4]
    )
    assert [r.run_id for r in client.search_runs([], "status = 'FINISHED'")] == [made[0]]
    paged = list(client.search_runs([exp_id, other], page_size=2))
    assert [r.run_id for r in paged] == list(reversed(made))
    expect_status(grpc.StatusCode.NOT_FOUND, lambda: list(client.search_runs(["01missing"])))
    expect_status(INVALID, lambda: list(client.search_runs([exp_id], "tags.team ~ 'a'")))
