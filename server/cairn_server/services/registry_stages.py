"""Use cases of deployment stages: direct transitions, and requests that a reviewer
approves (applying the stage) or rejects. No gRPC, no SQL."""

from __future__ import annotations

from collections.abc import Callable

from cairn_server.domain import registry_rules as rules
from cairn_server.domain import validation as v
from cairn_server.domain.entities import Page
from cairn_server.domain.errors import FailedPrecondition, InvalidArgument, NotFound
from cairn_server.domain.ids import new_id, now_millis
from cairn_server.domain.paging import decode_token, encode_token, query_fingerprint
from cairn_server.domain.registry import (
    ApprovalStatus,
    EventType,
    ModelVersion,
    StageTransition,
)
from cairn_server.domain.registry_rules import StagePolicy
from cairn_server.services.registry_support import Audit, change, require_model, require_version
from cairn_server.storage.registry_ports import RegistryUnitOfWork, RegistryUowFactory


class StageService:
    def __init__(
        self,
        uow: RegistryUowFactory,
        stages: StagePolicy,
        clock: Callable[[], int] = now_millis,
    ) -> None:
        self._uow = uow
        self._stages = stages
        self._clock = clock

    def _apply(
        self,
        uow: RegistryUnitOfWork,
        audit: Audit,
        mv: ModelVersion,
        to_stage: str,
        archive_to: str | None,
        context: dict[str, object],
    ) -> None:
        """Moves `mv` to `to_stage`, and other versions in that stage to `archive_to`."""
        if mv.stage != to_stage:
            audit.add(
                EventType.STAGE_CHANGED,
                mv,
                version=mv.version,
                from_stage=mv.stage,
                to_stage=to_stage,
                details={"stage": change(mv.stage, to_stage), **context},
            )
            mv.stage, mv.update_time = to_stage, audit.now
            uow.registry.save_version(mv)
        if archive_to is None:
            return
        for number in uow.registry.versions_in_stage(mv.model_id, to_stage):
            if number == mv.version:
                continue
            other = uow.registry.get_version(mv.model_id, number)
            assert other is not None
            audit.add(
                EventType.STAGE_CHANGED,
                other,
                version=number,
                from_stage=to_stage,
                to_stage=archive_to,
                details={"stage": change(to_stage, archive_to), "archived_by_version": mv.version},
            )
            other.stage, other.update_time = archive_to, audit.now
            uow.registry.save_version(other)

    def transition(
        self,
        name: str,
        version: int,
        stage: str,
        archive_existing: bool,
        comment: str,
        *,
        actor: str,
    ) -> ModelVersion:
        to_stage = self._stages.resolve(stage)
        rules.check_comment(comment)
        if self._stages.needs_approval(to_stage):
            raise FailedPrecondition(
                f"moving a version to {to_stage} needs an approved request on this server: "
                "call RequestStageTransition and have it reviewed",
                reason="APPROVAL_REQUIRED",
            )
        archive_to = self._stages.archive_target(to_stage, archive_existing)
        with self._uow() as uow:
            model = require_model(uow.registry, name, for_update=True)
            mv = require_version(uow.registry, model, version)
            audit = Audit(actor, self._clock())
            self._apply(uow, audit, mv, to_stage, archive_to, {"comment": comment})
            audit.write(uow)
            return mv

    def request(
        self,
        name: str,
        version: int,
        stage: str,
        archive_existing: bool,
        comment: str,
        *,
        actor: str,
    ) -> StageTransition:
        to_stage = self._stages.resolve(stage)
        rules.check_comment(comment)
        # Fail now, not at approval, if archiving cannot work on this server.
        self._stages.archive_target(to_stage, archive_existing)
        with self._uow() as uow:
            model = require_model(uow.registry, name, for_update=True)
            mv = require_version(uow.registry, model, version)
            if mv.stage == to_stage:
                raise InvalidArgument(
                    f"version {version} of '{name}' is already in stage {to_stage}",
                    field="stage",
                )
            audit = Audit(actor, self._clock())
            transition = StageTransition(
                transition_id=new_id(),
                model_id=model.model_id,
                name=model.name,
                version=version,
                from_stage=mv.stage,
                to_stage=to_stage,
                approval_status=ApprovalStatus.PENDING,
                archive_existing_versions=archive_existing,
                requested_by=audit.actor,
                request_comment=comment,
                create_time=audit.now,
            )
            uow.registry.add_transition(transition)
            audit.add(
                EventType.TRANSITION_REQUESTED,
                mv,
                version=version,
                from_stage=mv.stage,
                to_stage=to_stage,
                details={
                    "transition_id": transition.transition_id,
                    "comment": comment,
                    "archive_existing_versions": archive_existing,
                },
            )
            audit.write(uow)
            return transition

    def review(
        self,
        transition_id: str,
        decision: ApprovalStatus | None,
        comment: str,
        *,
        actor: str,
    ) -> tuple[StageTransition, ModelVersion]:
        v.check_id(transition_id, "transition_id", "transition_id")
        if decision not in (ApprovalStatus.APPROVED, ApprovalStatus.REJECTED):
            raise InvalidArgument(
                "decision must be APPROVAL_STATUS_APPROVED or APPROVAL_STATUS_REJECTED",
                field="decision",
            )
        rules.check_comment(comment)
        with self._uow() as uow:
            found = uow.registry.get_transition(transition_id)
            if found is None:
                raise NotFound("stage transition", transition_id)
            # Lock the model as every registry change does, then read the request again:
            # a concurrent reviewer may have decided it while we waited.
            model = uow.registry.get_model_by_id(found.model_id, for_update=True)
            transition = uow.registry.get_transition(transition_id)
            if model is None or transition is None:
                raise NotFound("stage transition", transition_id)
            if transition.approval_status is not ApprovalStatus.PENDING:
                raise FailedPrecondition(
                    f"transition '{transition_id}' was already "
                    f"{transition.approval_status.name.lower()} by {transition.reviewed_by}",
                    reason="ALREADY_REVIEWED",
                )
            mv = require_version(uow.registry, model, transition.version)
            audit = Audit(actor, self._clock())
            transition.approval_status = decision
            transition.reviewed_by = audit.actor
            transition.review_comment = comment
            transition.review_time = audit.now
            uow.registry.save_transition(transition)
            approved = decision is ApprovalStatus.APPROVED
            audit.add(
                EventType.TRANSITION_APPROVED if approved else EventType.TRANSITION_REJECTED,
                mv,
                version=mv.version,
                from_stage=mv.stage,
                to_stage=transition.to_stage,
                details={"transition_id": transition_id, "comment": comment},
            )
            if approved:
                # The stage set may have changed since the request was made.
                to_stage = self._stages.resolve(transition.to_stage)
                archive_to = self._stages.archive_target(
                    to_stage, transition.archive_existing_versions
                )
                context: dict[str, object] = {"transition_id": transition_id, "comment": comment}
                self._apply(uow, audit, mv, to_stage, archive_to, context)
            audit.write(uow)
            return transition, mv

    def list_transitions(
        self,
        name: str,
        version: int,
        status: ApprovalStatus | None,
        page_size: int,
        page_token: str,
    ) -> Page[StageTransition]:
        size = v.page_size(page_size)
        if version < 0:
            raise InvalidArgument(
                "version must not be negative (0 lists every version)", field="version"
            )
        fingerprint = query_fingerprint("transitions", name, version, int(status or 0))
        cursor = decode_token(page_token, fingerprint)
        after = str(cursor[0]) if cursor else None
        with self._uow(readonly=True) as uow:
            model = require_model(uow.registry, name)
            items = uow.registry.list_transitions(model.model_id, version, status, after, size + 1)
        token = ""
        if len(items) > size:
            items = items[:size]
            token = encode_token(fingerprint, [items[-1].transition_id])
        return Page(items, token)
