"""Users, tokens and grants in SQL, plus the lookups the access layer needs to find
which experiment or model a request touches."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from cairn_server.domain.access import Level, ResourceKind
from cairn_server.storage.sql.access_models import (
    ApiTokenRow,
    PermissionRow,
    UserGroupRow,
    UserRow,
)
from cairn_server.storage.sql.artifact_models import ArtifactUploadRow
from cairn_server.storage.sql.database import Database, uow_factory
from cairn_server.storage.sql.models import ExperimentRow, RunRow
from cairn_server.storage.sql.registry_models import RegisteredModelRow, StageTransitionRow

USER, GROUP = "user", "group"


@dataclass(frozen=True)
class UserRecord:
    user_id: str
    name: str
    admin: bool
    disabled: bool
    groups: tuple[str, ...]
    create_time: int


@dataclass(frozen=True)
class TokenRecord:
    token_id: str
    user_id: str
    user_name: str
    salt: str
    secret_hash: str
    description: str
    create_time: int
    expire_time: int
    revoke_time: int


@dataclass(frozen=True)
class GrantRecord:
    kind: ResourceKind
    resource_id: str
    principal_kind: str
    principal: str
    level: Level


class SqlAccessRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- users ------------------------------------------------------------------------
    def _user(self, row: UserRow) -> UserRecord:
        groups = self.session.scalars(
            select(UserGroupRow.group_name)
            .where(UserGroupRow.user_id == row.id)
            .order_by(UserGroupRow.group_name)
        ).all()
        return UserRecord(row.id, row.name, row.admin, row.disabled, tuple(groups), row.create_time)

    def user_by_name(self, name: str) -> UserRecord | None:
        row = self.session.scalars(select(UserRow).where(UserRow.name == name)).one_or_none()
        return None if row is None else self._user(row)

    def user_by_id(self, user_id: str) -> UserRecord | None:
        row = self.session.get(UserRow, user_id)
        return None if row is None else self._user(row)

    def user_names(self, user_ids: Iterable[str]) -> dict[str, str]:
        rows = self.session.execute(
            select(UserRow.id, UserRow.name).where(UserRow.id.in_(list(user_ids)))
        ).all()
        return {r.id: r.name for r in rows}

    def count_users(self) -> int:
        return self.session.scalar(select(func.count()).select_from(UserRow)) or 0

    def enabled_admins(self) -> list[str]:
        return list(
            self.session.scalars(
                select(UserRow.id).where(UserRow.admin.is_(True), UserRow.disabled.is_(False))
            )
        )

    def add_user(self, user: UserRecord) -> None:
        self.session.add(
            UserRow(
                id=user.user_id,
                name=user.name,
                admin=user.admin,
                disabled=user.disabled,
                create_time=user.create_time,
            )
        )
        self.session.flush()
        self.set_groups(user.user_id, user.groups)

    def update_user(self, user_id: str, *, admin: bool, disabled: bool) -> None:
        self.session.execute(
            update(UserRow).where(UserRow.id == user_id).values(admin=admin, disabled=disabled)
        )

    def set_groups(self, user_id: str, groups: Iterable[str]) -> None:
        self.session.execute(delete(UserGroupRow).where(UserGroupRow.user_id == user_id))
        self.session.add_all(UserGroupRow(user_id=user_id, group_name=g) for g in set(groups))
        self.session.flush()

    def list_users(self, after_name: str, limit: int) -> list[UserRecord]:
        rows = self.session.scalars(
            select(UserRow).where(UserRow.name > after_name).order_by(UserRow.name).limit(limit)
        ).all()
        return [self._user(r) for r in rows]

    # -- tokens -----------------------------------------------------------------------
    def add_token(self, token: TokenRecord) -> None:
        self.session.add(
            ApiTokenRow(
                id=token.token_id,
                user_id=token.user_id,
                salt=token.salt,
                secret_hash=token.secret_hash,
                description=token.description,
                create_time=token.create_time,
                expire_time=token.expire_time,
                revoke_time=token.revoke_time,
            )
        )
        self.session.flush()

    @staticmethod
    def _token(row: ApiTokenRow, user_name: str) -> TokenRecord:
        return TokenRecord(
            row.id,
            row.user_id,
            user_name,
            row.salt,
            row.secret_hash,
            row.description,
            row.create_time,
            row.expire_time,
            row.revoke_time,
        )

    def token(self, token_id: str) -> TokenRecord | None:
        found = self.session.execute(
            select(ApiTokenRow, UserRow.name)
            .join(UserRow, UserRow.id == ApiTokenRow.user_id)
            .where(ApiTokenRow.id == token_id)
        ).one_or_none()
        return None if found is None else self._token(found[0], found[1])

    def list_tokens(self, user_id: str | None, *, active_at: int | None) -> list[TokenRecord]:
        query = select(ApiTokenRow, UserRow.name).join(UserRow, UserRow.id == ApiTokenRow.user_id)
        if user_id is not None:
            query = query.where(ApiTokenRow.user_id == user_id)
        if active_at is not None:
            query = query.where(
                ApiTokenRow.revoke_time == 0,
                or_(ApiTokenRow.expire_time == 0, ApiTokenRow.expire_time > active_at),
            )
        rows = self.session.execute(
            query.order_by(ApiTokenRow.create_time.desc(), ApiTokenRow.id)
        ).all()
        return [self._token(r[0], r[1]) for r in rows]

    def revoke_token(self, token_id: str, when: int) -> None:
        self.session.execute(
            update(ApiTokenRow)
            .where(ApiTokenRow.id == token_id, ApiTokenRow.revoke_time == 0)
            .values(revoke_time=when)
        )

    # -- grants -----------------------------------------------------------------------
    def set_grant(self, grant: GrantRecord) -> None:
        key = (
            PermissionRow.resource_kind == grant.kind.value,
            PermissionRow.resource_id == grant.resource_id,
            PermissionRow.principal_kind == grant.principal_kind,
            PermissionRow.principal == grant.principal,
        )
        self.session.execute(delete(PermissionRow).where(*key))
        if grant.level is not Level.NONE:
            self.session.add(
                PermissionRow(
                    resource_kind=grant.kind.value,
                    resource_id=grant.resource_id,
                    principal_kind=grant.principal_kind,
                    principal=grant.principal,
                    level=int(grant.level),
                )
            )
        self.session.flush()

    def grant_owner(self, kind: ResourceKind, resource_id: str, user_id: str) -> None:
        self.set_grant(GrantRecord(kind, resource_id, USER, user_id, Level.MANAGE))

    def grants_on(self, kind: ResourceKind, resource_id: str) -> list[GrantRecord]:
        rows = self.session.scalars(
            select(PermissionRow).where(
                PermissionRow.resource_kind == kind.value, PermissionRow.resource_id == resource_id
            )
        ).all()
        return [
            GrantRecord(kind, r.resource_id, r.principal_kind, r.principal, Level(r.level))
            for r in rows
        ]

    def _mine(
        self, kind: ResourceKind, user_id: str, groups: Iterable[str]
    ) -> list[ColumnElement[bool]]:
        return [
            PermissionRow.resource_kind == kind.value,
            or_(
                (PermissionRow.principal_kind == USER) & (PermissionRow.principal == user_id),
                (PermissionRow.principal_kind == GROUP) & PermissionRow.principal.in_(list(groups)),
            ),
        ]

    def granted_level(
        self, kind: ResourceKind, resource_id: str, user_id: str, groups: Iterable[str]
    ) -> Level:
        level = self.session.scalar(
            select(func.max(PermissionRow.level)).where(
                PermissionRow.resource_id == resource_id, *self._mine(kind, user_id, groups)
            )
        )
        return Level(level or 0)

    def readable(self, kind: ResourceKind, user_id: str, groups: Iterable[str]) -> set[str]:
        return set(
            self.session.scalars(
                select(PermissionRow.resource_id)
                .where(PermissionRow.level >= int(Level.READ), *self._mine(kind, user_id, groups))
                .distinct()
            )
        )

    # -- what a request touches ---------------------------------------------------------
    def experiment_exists(self, experiment_id: str) -> bool:
        return self.session.get(ExperimentRow, experiment_id) is not None

    def experiment_id_by_name(self, name: str) -> str | None:
        return self.session.scalar(select(ExperimentRow.id).where(ExperimentRow.name == name))

    def run_experiments(self, run_ids: Iterable[str]) -> dict[str, str]:
        rows = self.session.execute(
            select(RunRow.id, RunRow.experiment_id).where(RunRow.id.in_(list(run_ids)))
        ).all()
        return {r.id: r.experiment_id for r in rows}

    def model_id_by_name(self, name: str) -> str | None:
        return self.session.scalar(
            select(RegisteredModelRow.id).where(RegisteredModelRow.name == name)
        )

    def transition_model_id(self, transition_id: str) -> str | None:
        return self.session.scalar(
            select(StageTransitionRow.model_id).where(StageTransitionRow.id == transition_id)
        )

    def upload_run_id(self, upload_id: str) -> str | None:
        return self.session.scalar(
            select(ArtifactUploadRow.run_id).where(ArtifactUploadRow.id == upload_id)
        )


class SqlAccessUnitOfWork:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.access = SqlAccessRepository(session)


def sql_access_uow_factory(db: Database):  # type: ignore[no-untyped-def]
    return uow_factory(db, SqlAccessUnitOfWork)
