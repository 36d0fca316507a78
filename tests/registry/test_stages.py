"""Stages: direct transitions, archiving, approval requests and reviews."""

from __future__ import annotations

import json
from dataclasses import replace

from grpc import StatusCode

from cairn.registry import Registry
from cairn.v1 import model_pb2
from cairn.v1 import model_registry_service_pb2 as pb
from cairn_server.config import Settings
from tests.registry.conftest import as_user, expect_error
from tests.support.servers import InProcessServer


def _model(registry: Registry, name: str = "m", versions: int = 3) -> None:
    registry.create_model(name)
    for i in range(versions):
        registry.create_version(name, external_uri=f"s3://b/{i}")


def test_transition_and_archive_existing(registry: Registry) -> None:
    _model(registry)
    assert registry.transition_stage("m", 1, "production").stage == "Production"
    assert registry.transition_stage("m", 2, "Staging", comment="try it").stage == "Staging"
    mv = registry.transition_stage("m", 2, "Production", archive_existing_versions=True)
    assert mv.stage == "Production"
    assert registry.get_version("m", 1).stage == "Archived"
    assert [v.version for v in registry.search_versions("stage = 'Production'")] == [2]
    changes = [
        (e.version, e.from_stage, e.to_stage)
        for e in registry.events("m", types=[model_pb2.REGISTRY_EVENT_TYPE_STAGE_CHANGED])
    ]
    assert changes == [
        (1, "None", "Production"),
        (2, "None", "Staging"),
        (2, "Staging", "Production"),
        (1, "Production", "Archived"),
    ]
    # Without archiving, several versions may share a stage.
    registry.transition_stage("m", 3, "Production")
    assert [v.version for v in registry.search_versions("stage = 'production'")] == [3, 2]


def test_transition_errors(registry: Registry) -> None:
    _model(registry, versions=1)
    error = expect_error(
        StatusCode.INVALID_ARGUMENT,
        lambda: registry.transition_stage("m", 1, "Prod"),
        "None, Staging, Production, Archived",
    )
    assert error.reason == "UNKNOWN_STAGE"
    expect_error(StatusCode.NOT_FOUND, lambda: registry.transition_stage("m", 2, "Staging"))
    expect_error(StatusCode.NOT_FOUND, lambda: registry.transition_stage("x", 1, "Staging"))


def test_custom_stages_without_archive(settings: Settings) -> None:
    custom = replace(settings, stages="dev,qa,live")
    srv = InProcessServer(custom).start()
    registry = as_user(srv, "ops")
    try:
        _model(registry, versions=2)
        assert registry.get_version("m", 1).stage == "dev"
        assert registry.transition_stage("m", 1, "LIVE").stage == "live"
        error = expect_error(
            StatusCode.FAILED_PRECONDITION,
            lambda: registry.transition_stage("m", 2, "live", archive_existing_versions=True),
            "Archived",
        )
        assert error.reason == "NO_ARCHIVE_STAGE"
        expect_error(
            StatusCode.INVALID_ARGUMENT, lambda: registry.transition_stage("m", 2, "Staging")
        )
    finally:
        registry.client.close()
        srv.stop()


def test_approval_workflow(approval_server: InProcessServer) -> None:
    alice = as_user(approval_server, "alice")
    bob = as_user(approval_server, "bob")
    _model(alice, versions=2)
    alice.transition_stage("m", 1, "Staging")  # not an approval stage
    error = expect_error(
        StatusCode.FAILED_PRECONDITION,
        lambda: alice.transition_stage("m", 1, "Production"),
        "RequestStageTransition",
    )
    assert error.reason == "APPROVAL_REQUIRED"

    request = alice.request_transition("m", 1, "production", comment="ship it")
    assert request.approval_status == model_pb2.APPROVAL_STATUS_PENDING
    assert (request.from_stage, request.to_stage) == ("Staging", "Production")
    assert request.requested_by == "alice"
    assert alice.get_version("m", 1).stage == "Staging"  # nothing moves before review

    transition, mv = bob.review_transition(request.transition_id, approve=True, comment="lgtm")
    assert transition.approval_status == model_pb2.APPROVAL_STATUS_APPROVED
    assert (transition.reviewed_by, transition.review_comment) == ("bob", "lgtm")
    assert transition.review_time_millis >= transition.create_time_millis
    assert mv.stage == "Production"
    assert alice.get_version("m", 1).stage == "Production"

    error = expect_error(
        StatusCode.FAILED_PRECONDITION,
        lambda: bob.review_transition(request.transition_id, approve=False),
        "already approved by bob",
    )
    assert error.reason == "ALREADY_REVIEWED"

    rejected = alice.request_transition("m", 2, "Production", archive_existing_versions=True)
    transition, mv = bob.review_transition(rejected.transition_id, approve=False, comment="no")
    assert transition.approval_status == model_pb2.APPROVAL_STATUS_REJECTED
    assert mv.stage == "None"
    assert alice.get_version("m", 1).stage == "Production"

    approved = alice.request_transition("m", 2, "Production", archive_existing_versions=True)
    bob.review_transition(approved.transition_id, approve=True)
    assert alice.get_version("m", 2).stage == "Production"
    assert alice.get_version("m", 1).stage == "Archived"

    types = [e.type for e in alice.events("m") if e.type >= 10]
    assert types == [
        model_pb2.REGISTRY_EVENT_TYPE_STAGE_CHANGED,  # 1 -> Staging
        model_pb2.REGISTRY_EVENT_TYPE_TRANSITION_REQUESTED,
        model_pb2.REGISTRY_EVENT_TYPE_TRANSITION_APPROVED,
        model_pb2.REGISTRY_EVENT_TYPE_STAGE_CHANGED,  # 1 -> Production
        model_pb2.REGISTRY_EVENT_TYPE_TRANSITION_REQUESTED,
        model_pb2.REGISTRY_EVENT_TYPE_TRANSITION_REJECTED,
        model_pb2.REGISTRY_EVENT_TYPE_TRANSITION_REQUESTED,
        model_pb2.REGISTRY_EVENT_TYPE_TRANSITION_APPROVED,
        model_pb2.REGISTRY_EVENT_TYPE_STAGE_CHANGED,  # 2 -> Production
        model_pb2.REGISTRY_EVENT_TYPE_STAGE_CHANGED,  # 1 -> Archived
    ]
    approval = next(
        e for e in alice.events("m") if e.type == model_pb2.REGISTRY_EVENT_TYPE_TRANSITION_APPROVED
    )
    assert approval.actor == "bob"
    assert json.loads(approval.details_json) == {
        "transition_id": request.transition_id,
        "comment": "lgtm",
    }

    listed = list(alice.list_transitions("m"))
    assert [t.transition_id for t in listed] == [
        request.transition_id,
        rejected.transition_id,
        approved.transition_id,
    ]
    assert [t.version for t in alice.list_transitions("m", 2)] == [2, 2]
    assert [t.transition_id for t in alice.list_transitions("m", status="rejected")] == [
        rejected.transition_id
    ]
    page = alice.client.call(
        alice.stub.ListStageTransitions, pb.ListStageTransitionsRequest(name="m", page_size=2)
    )
    assert len(page.transitions) == 2 and page.next_page_token
    for r in (alice, bob):
        r.client.close()


def test_request_and_review_errors(registry: Registry) -> None:
    _model(registry, versions=1)
    expect_error(StatusCode.INVALID_ARGUMENT, lambda: registry.request_transition("m", 1, "Nope"))
    expect_error(
        StatusCode.INVALID_ARGUMENT, lambda: registry.request_transition("m", 1, "None"), "already"
    )
    expect_error(StatusCode.NOT_FOUND, lambda: registry.request_transition("m", 5, "Staging"))
    expect_error(StatusCode.NOT_FOUND, lambda: registry.request_transition("x", 1, "Staging"))
    request = registry.request_transition("m", 1, "Staging")
    expect_error(StatusCode.NOT_FOUND, lambda: registry.review_transition("0" * 26, approve=True))
    expect_error(StatusCode.INVALID_ARGUMENT, lambda: registry.review_transition("", approve=True))
    for decision in (model_pb2.APPROVAL_STATUS_UNSPECIFIED, model_pb2.APPROVAL_STATUS_PENDING, 42):
        req = pb.ReviewStageTransitionRequest(
            transition_id=request.transition_id,
            decision=decision,  # type: ignore[arg-type]
        )
        expect_error(
            StatusCode.INVALID_ARGUMENT,
            lambda r=req: registry.client.call(registry.stub.ReviewStageTransition, r),  # type: ignore[misc]
        )
    expect_error(StatusCode.NOT_FOUND, lambda: list(registry.list_transitions("x")))
    expect_error(StatusCode.INVALID_ARGUMENT, lambda: list(registry.list_transitions("m", -1)))
    # Deleting the version drops its requests with it.
    registry.delete_version("m", 1)
    expect_error(
        StatusCode.NOT_FOUND,
        lambda: registry.review_transition(request.transition_id, approve=True),
    )
