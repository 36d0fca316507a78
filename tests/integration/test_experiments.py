from __future__ import annotations

import grpc
import pytest

from cairn.client import Client
from cairn.v1 import common_pb2
from cairn.v1 import tracking_service_pb2 as pb
from tests.integration.helpers import expect_status

INVALID = grpc.StatusCode.INVALID_ARGUMENT


def test_create_get_and_get_by_name(client: Client) -> None:
    exp = client.create_experiment("mnist", description="digits", tags={"team": "vision"})
    assert exp.experiment_id and exp.lifecycle_state == common_pb2.LIFECYCLE_STATE_ACTIVE
    assert exp.artifact_location.endswith(exp.experiment_id)
    assert client.get_experiment(exp.experiment_id) == exp
    by_name = client.get_experiment_by_name("mnist")
    assert by_name.experiment_id == exp.experiment_id
    assert {t.key: t.value for t in by_name.tags} == {"team": "vision"}


def test_duplicate_name_is_already_exists(client: Client) -> None:
    client.create_experiment("dup")
    err = expect_status(grpc.StatusCode.ALREADY_EXISTS, client.create_experiment, "dup")
    assert "dup" in err.message
    assert err.reason == "ALREADY_EXISTS"
    assert [e.name for e in client.list_experiments()] == ["dup"]


@pytest.mark.parametrize(
    "name",
    ["", " padded", "x" * 257, "bad\nname", "semi;colon", "emoji🙂", "nul\0byte"],
)
def test_bad_names_are_rejected_and_nothing_is_written(client: Client, name: str) -> None:
    err = expect_status(INVALID, client.create_experiment, name)
    assert err.field_violations and err.field_violations[0][0] == "name"
    assert list(client.list_experiments(view=common_pb2.VIEW_TYPE_ALL)) == []


def test_unknown_ids_are_not_found(client: Client) -> None:
    expect_status(grpc.StatusCode.NOT_FOUND, client.get_experiment, "01nosuchexperiment")
    expect_status(grpc.StatusCode.NOT_FOUND, client.get_experiment_by_name, "nope")
    expect_status(INVALID, client.get_experiment, "")
    expect_status(INVALID, client.get_experiment, "../etc/passwd")


def test_list_paginates_and_filters(client: Client) -> None:
    ids = [client.create_experiment(f"exp-{i:02d}").experiment_id for i in range(25)]
    seen: list[str] = []
    token = ""
    while True:
        resp = client.call(
            client.tracking.ListExperiments,
            pb.ListExperimentsRequest(page_size=10, page_token=token),
        )
        assert len(resp.experiments) <= 10
        seen += [e.experiment_id for e in resp.experiments]
        token = resp.next_page_token
        if not token:
            break
    assert seen == ids  # creation order, no gaps or repeats
    names = [e.name for e in client.list_experiments(name_contains="EXP-1")]
    assert names == [f"exp-{i}" for i in range(10, 20)]


def test_list_rejects_bad_page_requests(client: Client) -> None:
    client.create_experiment("a")
    client.create_experiment("b")
    expect_status(
        INVALID,
        client.call,
        client.tracking.ListExperiments,
        pb.ListExperimentsRequest(page_size=1001),
    )
    expect_status(
        INVALID,
        client.call,
        client.tracking.ListExperiments,
        pb.ListExperimentsRequest(page_size=-1),
    )
    expect_status(
        INVALID,
        client.call,
        client.tracking.ListExperiments,
        pb.ListExperimentsRequest(page_token="garbage!"),
    )
    first = client.call(client.tracking.ListExperiments, pb.ListExperimentsRequest(page_size=1))
    err = expect_status(
        INVALID,
        client.call,
        client.tracking.ListExperiments,
        pb.ListExperimentsRequest(page_size=1, page_token=first.next_page_token, name_contains="a"),
    )
    assert err.reason == "INVALID_PAGE_TOKEN"


def test_update_with_mask(client: Client) -> None:
    exp = client.create_experiment("old", description="d1", tags={"a": "1"})
    updated = client.update_experiment(exp.experiment_id, name="new", tags={"b": "2"})
    assert updated.name == "new" and updated.description == "d1"
    assert {t.key: t.value for t in updated.tags} == {"b": "2"}
    assert client.get_experiment_by_name("new").experiment_id == exp.experiment_id
    expect_status(INVALID, client.update_experiment, exp.experiment_id)  # empty mask
    client.create_experiment("taken")
    expect_status(
        grpc.StatusCode.ALREADY_EXISTS, client.update_experiment, exp.experiment_id, name="taken"
    )
    assert client.get_experiment(exp.experiment_id).name == "new"
    bad_mask = pb.UpdateExperimentRequest(experiment=exp)
    bad_mask.update_mask.paths.append("artifact_location")
    err = expect_status(INVALID, client.call, client.tracking.UpdateExperiment, bad_mask)
    assert "artifact_location" in err.message
    expect_status(grpc.StatusCode.NOT_FOUND, client.update_experiment, "01missing", name="x")


def test_delete_and_restore(client: Client) -> None:
    exp = client.create_experiment("gone")
    run = client.create_run(exp.experiment_id)
    deleted = client.delete_experiment(exp.experiment_id)
    assert deleted.lifecycle_state == common_pb2.LIFECYCLE_STATE_DELETED
    assert deleted.delete_time_millis > 0
    assert list(client.list_experiments()) == []
    assert [e.name for e in client.list_experiments(view=common_pb2.VIEW_TYPE_DELETED_ONLY)] == [
        "gone"
    ]
    assert list(client.search_runs()) == []  # its runs are hidden too
    expect_status(grpc.StatusCode.FAILED_PRECONDITION, client.create_run, exp.experiment_id)
    expect_status(
        grpc.StatusCode.FAILED_PRECONDITION, client.update_experiment, exp.experiment_id, name="z"
    )
    assert (
        client.delete_experiment(exp.experiment_id).lifecycle_state
        == common_pb2.LIFECYCLE_STATE_DELETED
    )
    restored = client.restore_experiment(exp.experiment_id)
    assert restored.lifecycle_state == common_pb2.LIFECYCLE_STATE_ACTIVE
    assert restored.delete_time_millis == 0
    assert [r.run_id for r in client.search_runs([exp.experiment_id])] == [run.run_id]
    expect_status(grpc.StatusCode.NOT_FOUND, client.delete_experiment, "01missing")
    expect_status(grpc.StatusCode.NOT_FOUND, client.restore_experiment, "01missing")


def test_create_is_idempotent_with_request_id(client: Client) -> None:
    req = pb.CreateExperimentRequest(name="retry", request_id="req-1")
    first = client.call(client.tracking.CreateExperiment, req).experiment
    again = client.call(client.tracking.CreateExperiment, req).experiment
    assert first.experiment_id == again.experiment_id
    other = pb.CreateExperimentRequest(name="other", request_id="req-1")
    err = expect_status(INVALID, client.call, client.tracking.CreateExperiment, other)
    assert err.reason == "REQUEST_ID_REUSED"
    assert [e.name for e in client.list_experiments()] == ["retry"]
