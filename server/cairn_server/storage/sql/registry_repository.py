"""SQL repository of the model registry, and the unit of work its services use."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, delete, func, select, tuple_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cairn_server.domain.errors import AlreadyExists
from cairn_server.domain.registry import (
    ApprovalStatus,
    ModelVersion,
    ModelVersionStatus,
    RegisteredModel,
    StageTransition,
)
from cairn_server.domain.registry_filter import Clause
from cairn_server.storage.sql.access_repository import SqlAccessRepository
from cairn_server.storage.sql.database import Database, uow_factory
from cairn_server.storage.sql.idempotency import SqlIdempotencyRepository
from cairn_server.storage.sql.registry_event_log import SqlRegistryEventLog
from cairn_server.storage.sql.registry_models import (
    ModelAliasRow,
    ModelVersionRow,
    ModelVersionTagRow,
    RegisteredModelRow,
    RegisteredModelTagRow,
    StageTransitionRow,
)
from cairn_server.storage.sql.registry_search import (
    MODEL_COLUMNS,
    VERSION_COLUMNS,
    keyset_after,
    model_condition,
    order_columns,
    run_tree,
    version_condition,
)
from cairn_server.storage.sql.tracking_repository import SqlTrackingRepository


def _version_from_row(row: ModelVersionRow, name: str) -> ModelVersion:
    return ModelVersion(
        model_id=row.model_id,
        name=name,
        version=row.version,
        source_uri=row.source_uri,
        run_id=row.run_id or "",
        run_artifact_path=row.run_artifact_path,
        description=row.description,
        status=ModelVersionStatus(row.status),
        status_message=row.status_message,
        stage=row.stage,
        metadata_json=row.metadata_json,
        digest=row.digest,
        created_by=row.created_by,
        create_time=row.create_time,
        update_time=row.update_time,
    )


def _transition_from_row(row: StageTransitionRow, name: str) -> StageTransition:
    return StageTransition(
        transition_id=row.id,
        model_id=row.model_id,
        name=name,
        version=row.version,
        from_stage=row.from_stage,
        to_stage=row.to_stage,
        approval_status=ApprovalStatus(row.approval_status),
        archive_existing_versions=row.archive_existing_versions,
        requested_by=row.requested_by,
        request_comment=row.request_comment,
        create_time=row.create_time,
        reviewed_by=row.reviewed_by,
        review_comment=row.review_comment,
        review_time=row.review_time,
    )


class SqlRegistryRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.dialect = session.get_bind().dialect.name

    def _flush_unique(self, name: str) -> None:
        try:
            with self.session.begin_nested():
                self.session.flush()
        except IntegrityError as exc:
            raise AlreadyExists("registered model", name) from exc

    # -- models -------------------------------------------------------------

    def add_model(self, model: RegisteredModel) -> None:
        self.session.add(
            RegisteredModelRow(
                id=model.model_id,
                name=model.name,
                description=model.description,
                last_version=0,
                create_time=model.create_time,
                update_time=model.update_time,
            )
        )
        self._flush_unique(model.name)
        for key, value in model.tags.items():
            self.set_model_tag(model.model_id, key, value)

    def _load_models(self, rows: Sequence[RegisteredModelRow]) -> list[RegisteredModel]:
        models = {
            row.id: RegisteredModel(
                model_id=row.id,
                name=row.name,
                description=row.description,
                create_time=row.create_time,
                update_time=row.update_time,
            )
            for row in rows
        }
        if not models:
            return []
        ids = list(models)
        t = RegisteredModelTagRow
        for model_id, key, value in self.session.execute(
            select(t.model_id, t.key, t.value).where(t.model_id.in_(ids)).order_by(t.key)
        ):
            models[model_id].tags[key] = value
        a = ModelAliasRow
        for model_id, alias, version in self.session.execute(
            select(a.model_id, a.alias, a.version).where(a.model_id.in_(ids)).order_by(a.alias)
        ):
            models[model_id].aliases[alias] = version
        v = ModelVersionRow
        for model_id, latest in self.session.execute(
            select(v.model_id, func.max(v.version)).where(v.model_id.in_(ids)).group_by(v.model_id)
        ):
            models[model_id].latest_version = int(latest)
        return [models[row.id] for row in rows]

    def _get_model(self, condition: Any, for_update: bool) -> RegisteredModel | None:
        query = select(RegisteredModelRow).where(condition)
        if for_update:
            # Every change to a model, its versions, aliases or stages locks the model
            # row first, so they serialise per model on PostgreSQL (SQLite serialises
            # all writers anyway) and each reads a stable state.
            query = query.with_for_update()
        row = self.session.scalar(query)
        return self._load_models([row])[0] if row else None

    def get_model(self, name: str, *, for_update: bool = False) -> RegisteredModel | None:
        return self._get_model(RegisteredModelRow.name == name, for_update)

    def get_model_by_id(self, model_id: str, *, for_update: bool = False) -> RegisteredModel | None:
        return self._get_model(RegisteredModelRow.id == model_id, for_update)

    def model_id_of(self, name: str) -> str | None:
        return self.session.scalar(
            select(RegisteredModelRow.id).where(RegisteredModelRow.name == name)
        )

    def save_model(self, model: RegisteredModel) -> None:
        row = self.session.get(RegisteredModelRow, model.model_id)
        assert row is not None
        row.name = model.name
        row.description = model.description
        row.update_time = model.update_time
        self._flush_unique(model.name)

    def delete_model(self, model_id: str) -> None:
        # Children first and explicitly, rather than trusting ON DELETE CASCADE, which
        # SQLite only honours with its foreign_keys pragma on.
        for table in (ModelAliasRow, StageTransitionRow, ModelVersionTagRow, ModelVersionRow):
            self.session.execute(delete(table).where(table.model_id == model_id))
        self.session.execute(
            delete(RegisteredModelTagRow).where(RegisteredModelTagRow.model_id == model_id)
        )
        self.session.execute(delete(RegisteredModelRow).where(RegisteredModelRow.id == model_id))

    def search_models(
        self,
        clauses: Sequence[Clause],
        order: Sequence[tuple[str, bool]],
        after: Any,
        limit: int,
        only_ids: frozenset[str] | None = None,
    ) -> list[RegisteredModel]:
        query = select(RegisteredModelRow)
        if only_ids is not None:
            query = query.where(RegisteredModelRow.id.in_(sorted(only_ids)))
        for clause in clauses:
            query = query.where(model_condition(clause, self.dialect))
        if after is not None:
            query = query.where(keyset_after(order, MODEL_COLUMNS, after))
        query = query.order_by(*order_columns(order, MODEL_COLUMNS)).limit(limit)
        return self._load_models(list(self.session.scalars(query)))

    def set_model_tag(self, model_id: str, key: str, value: str) -> str | None:
        row = self.session.get(RegisteredModelTagRow, (model_id, key))
        if row is None:
            self.session.add(RegisteredModelTagRow(model_id=model_id, key=key, value=value))
            self.session.flush()
            return None
        old, row.value = row.value, value
        return old

    def delete_model_tag(self, model_id: str, key: str) -> str | None:
        row = self.session.get(RegisteredModelTagRow, (model_id, key))
        if row is None:
            return None
        self.session.delete(row)
        self.session.flush()
        return row.value

    # -- versions -----------------------------------------------------------

    def next_version(self, model_id: str, now: int) -> int:
        m = RegisteredModelRow
        return int(
            self.session.execute(
                update(m)
                .where(m.id == model_id)
                .values(last_version=m.last_version + 1, update_time=now)
                .returning(m.last_version)
            ).scalar_one()
        )

    def add_version(self, version: ModelVersion) -> None:
        self.session.add(
            ModelVersionRow(
                model_id=version.model_id,
                version=version.version,
                source_uri=version.source_uri,
                run_id=version.run_id or None,
                run_artifact_path=version.run_artifact_path,
                description=version.description,
                status=int(version.status),
                status_message=version.status_message,
                stage=version.stage,
                metadata_json=version.metadata_json,
                digest=version.digest,
                created_by=version.created_by,
                create_time=version.create_time,
                update_time=version.update_time,
            )
        )
        self.session.flush()
        for key, value in version.tags.items():
            self.set_version_tag(version.model_id, version.version, key, value)

    def _versions_query(self) -> Select[ModelVersionRow, str]:
        return select(ModelVersionRow, RegisteredModelRow.name).join(
            RegisteredModelRow, RegisteredModelRow.id == ModelVersionRow.model_id
        )

    def _load_versions(self, query: Select[ModelVersionRow, str]) -> list[ModelVersion]:
        versions = [_version_from_row(row, name) for row, name in self.session.execute(query)]
        if not versions:
            return []
        by_key = {(mv.model_id, mv.version): mv for mv in versions}
        keys = list(by_key)
        t = ModelVersionTagRow
        for model_id, number, key, value in self.session.execute(
            select(t.model_id, t.version, t.key, t.value)
            .where(tuple_(t.model_id, t.version).in_(keys))
            .order_by(t.key)
        ):
            by_key[(model_id, number)].tags[key] = value
        a = ModelAliasRow
        for model_id, number, alias in self.session.execute(
            select(a.model_id, a.version, a.alias)
            .where(tuple_(a.model_id, a.version).in_(keys))
            .order_by(a.alias)
        ):
            by_key[(model_id, number)].aliases.append(alias)
        return versions

    def get_version(self, model_id: str, version: int) -> ModelVersion | None:
        found = self._load_versions(
            self._versions_query().where(
                ModelVersionRow.model_id == model_id, ModelVersionRow.version == version
            )
        )
        return found[0] if found else None

    def latest_version(self, model_id: str) -> int:
        v = ModelVersionRow
        return int(
            self.session.scalar(select(func.max(v.version)).where(v.model_id == model_id)) or 0
        )

    def save_version(self, version: ModelVersion) -> None:
        self.session.execute(
            update(ModelVersionRow)
            .where(
                ModelVersionRow.model_id == version.model_id,
                ModelVersionRow.version == version.version,
            )
            .values(
                description=version.description,
                status=int(version.status),
                status_message=version.status_message,
                stage=version.stage,
                metadata_json=version.metadata_json,
                digest=version.digest,
                update_time=version.update_time,
            )
        )

    def delete_version(self, model_id: str, version: int) -> None:
        for table in (ModelAliasRow, StageTransitionRow, ModelVersionTagRow, ModelVersionRow):
            self.session.execute(
                delete(table).where(table.model_id == model_id, table.version == version)
            )

    def versions_in_stage(self, model_id: str, stage: str) -> list[int]:
        v = ModelVersionRow
        return list(
            self.session.scalars(
                select(v.version)
                .where(v.model_id == model_id, v.stage == stage)
                .order_by(v.version)
            )
        )

    def version_stages(self, model_id: str) -> dict[int, str]:
        v = ModelVersionRow
        rows = self.session.execute(select(v.version, v.stage).where(v.model_id == model_id))
        return {int(number): stage for number, stage in rows}

    def search_versions(
        self,
        clauses: Sequence[Clause],
        order: Sequence[tuple[str, bool]],
        after: Any,
        limit: int,
        only_models: frozenset[str] | None = None,
    ) -> list[ModelVersion]:
        query = self._versions_query()
        if only_models is not None:
            query = query.where(ModelVersionRow.model_id.in_(sorted(only_models)))
        for clause in clauses:
            query = query.where(version_condition(clause, self.dialect))
        if after is not None:
            query = query.where(keyset_after(order, VERSION_COLUMNS, after))
        return self._load_versions(
            query.order_by(*order_columns(order, VERSION_COLUMNS)).limit(limit)
        )

    def versions_from_runs(
        self,
        run_id: str | None,
        dataset_digest: str | None,
        after: Any,
        limit: int,
        only_models: frozenset[str] | None = None,
    ) -> list[ModelVersion]:
        order = [("name", False), ("version", False)]
        tree = run_tree(run_id, dataset_digest)
        query = self._versions_query().where(ModelVersionRow.run_id.in_(select(tree.c.id)))
        if only_models is not None:
            query = query.where(ModelVersionRow.model_id.in_(sorted(only_models)))
        if after is not None:
            query = query.where(keyset_after(order, VERSION_COLUMNS, after))
        return self._load_versions(
            query.order_by(*order_columns(order, VERSION_COLUMNS)).limit(limit)
        )

    def set_version_tag(self, model_id: str, version: int, key: str, value: str) -> str | None:
        row = self.session.get(ModelVersionTagRow, (model_id, version, key))
        if row is None:
            self.session.add(
                ModelVersionTagRow(model_id=model_id, version=version, key=key, value=value)
            )
            self.session.flush()
            return None
        old, row.value = row.value, value
        return old

    def delete_version_tag(self, model_id: str, version: int, key: str) -> str | None:
        row = self.session.get(ModelVersionTagRow, (model_id, version, key))
        if row is None:
            return None
        self.session.delete(row)
        self.session.flush()
        return row.value

    # -- aliases ------------------------------------------------------------

    def get_alias(self, model_id: str, alias: str) -> int | None:
        return self.session.scalar(
            select(ModelAliasRow.version).where(
                ModelAliasRow.model_id == model_id, ModelAliasRow.alias == alias
            )
        )

    def set_alias(self, model_id: str, alias: str, version: int) -> None:
        row = self.session.get(ModelAliasRow, (model_id, alias))
        if row is None:
            self.session.add(ModelAliasRow(model_id=model_id, alias=alias, version=version))
        else:
            row.version = version
        self.session.flush()

    def delete_alias(self, model_id: str, alias: str) -> None:
        self.session.execute(
            delete(ModelAliasRow).where(
                ModelAliasRow.model_id == model_id, ModelAliasRow.alias == alias
            )
        )

    # -- stage transitions --------------------------------------------------

    def add_transition(self, transition: StageTransition) -> None:
        self.session.add(
            StageTransitionRow(
                id=transition.transition_id,
                model_id=transition.model_id,
                version=transition.version,
                from_stage=transition.from_stage,
                to_stage=transition.to_stage,
                approval_status=int(transition.approval_status),
                archive_existing_versions=transition.archive_existing_versions,
                requested_by=transition.requested_by,
                request_comment=transition.request_comment,
                reviewed_by=transition.reviewed_by,
                review_comment=transition.review_comment,
                create_time=transition.create_time,
                review_time=transition.review_time,
            )
        )
        self.session.flush()

    def _transitions_query(self) -> Select[StageTransitionRow, str]:
        return select(StageTransitionRow, RegisteredModelRow.name).join(
            RegisteredModelRow, RegisteredModelRow.id == StageTransitionRow.model_id
        )

    def get_transition(self, transition_id: str) -> StageTransition | None:
        query = self._transitions_query().where(StageTransitionRow.id == transition_id)
        found = self.session.execute(query).one_or_none()
        return _transition_from_row(found[0], found[1]) if found else None

    def save_transition(self, transition: StageTransition) -> None:
        self.session.execute(
            update(StageTransitionRow)
            .where(StageTransitionRow.id == transition.transition_id)
            .values(
                approval_status=int(transition.approval_status),
                reviewed_by=transition.reviewed_by,
                review_comment=transition.review_comment,
                review_time=transition.review_time,
            )
        )

    def list_transitions(
        self,
        model_id: str,
        version: int,
        status: ApprovalStatus | None,
        after_id: str | None,
        limit: int,
    ) -> list[StageTransition]:
        t = StageTransitionRow
        query = self._transitions_query().where(t.model_id == model_id)
        if version:
            query = query.where(t.version == version)
        if status is not None:
            query = query.where(t.approval_status == int(status))
        if after_id:
            query = query.where(t.id > after_id)
        rows = self.session.execute(query.order_by(t.id).limit(limit))
        return [_transition_from_row(row, name) for row, name in rows]


class SqlRegistryUnitOfWork:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.registry = SqlRegistryRepository(session)
        self.events = SqlRegistryEventLog(session)
        self.tracking = SqlTrackingRepository(session)
        self.idempotency = SqlIdempotencyRepository(session)
        self.grants = SqlAccessRepository(session)


def sql_registry_uow_factory(db: Database):  # type: ignore[no-untyped-def]
    return uow_factory(db, SqlRegistryUnitOfWork)
