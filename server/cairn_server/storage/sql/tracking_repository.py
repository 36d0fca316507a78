"""SQL repository for experiments, runs, params, tags and dataset inputs."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cairn_server.domain.entities import (
    DatasetInput,
    Experiment,
    Lifecycle,
    Run,
    RunStatus,
    ViewType,
)
from cairn_server.domain.errors import AlreadyExists
from cairn_server.domain.ids import new_id
from cairn_server.storage.sql.base import Base
from cairn_server.storage.sql.models import (
    DatasetRow,
    ExperimentRow,
    ExperimentTagRow,
    ParamRow,
    RunInputRow,
    RunRow,
    RunTagRow,
)
from cairn_server.storage.sql.run_loader import load_runs

_INSERT_RUN = insert(Base.metadata.tables["runs"])
_INSERT_PARAM = insert(Base.metadata.tables["params"])
_INSERT_TAG = insert(Base.metadata.tables["run_tags"])


def lifecycle_filter(column: object, view: ViewType) -> object:
    if view is ViewType.ALL:
        return True
    state = Lifecycle.DELETED if view is ViewType.DELETED_ONLY else Lifecycle.ACTIVE
    return column == state.value


def nan_from_null(value: float | None) -> float:
    return math.nan if value is None else value


def dialect_insert(dialect: str):  # type: ignore[no-untyped-def]
    """The dialect's INSERT that supports ON CONFLICT."""
    return pg_insert if dialect == "postgresql" else sqlite_insert


def upsert(session: Session):  # type: ignore[no-untyped-def]
    return dialect_insert(session.get_bind().dialect.name)


class SqlTrackingRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- experiments --------------------------------------------------------

    def _experiment(self, row: ExperimentRow) -> Experiment:
        tags = dict(
            self.session.execute(
                select(ExperimentTagRow.key, ExperimentTagRow.value).where(
                    ExperimentTagRow.experiment_id == row.id
                )
            ).all()
        )
        return Experiment(
            experiment_id=row.id,
            name=row.name,
            description=row.description,
            lifecycle=Lifecycle(row.lifecycle_state),
            artifact_location=row.artifact_location,
            tags=tags,
            create_time=row.create_time,
            update_time=row.update_time,
            delete_time=row.delete_time,
        )

    def add_experiment(self, exp: Experiment) -> None:
        self.session.add(
            ExperimentRow(
                id=exp.experiment_id,
                name=exp.name,
                description=exp.description,
                lifecycle_state=exp.lifecycle.value,
                artifact_location=exp.artifact_location,
                create_time=exp.create_time,
                update_time=exp.update_time,
                delete_time=exp.delete_time,
            )
        )
        self._flush_unique("experiment", exp.name)
        self.replace_experiment_tags(exp.experiment_id, exp.tags)

    def _flush_unique(self, resource: str, name: str) -> None:
        try:
            with self.session.begin_nested():
                self.session.flush()
        except IntegrityError as exc:
            raise AlreadyExists(resource, name) from exc

    def get_experiment(self, experiment_id: str) -> Experiment | None:
        row = self.session.get(ExperimentRow, experiment_id)
        return self._experiment(row) if row else None

    def get_experiment_by_name(self, name: str) -> Experiment | None:
        row = self.session.scalar(select(ExperimentRow).where(ExperimentRow.name == name))
        return self._experiment(row) if row else None

    def list_experiments(
        self,
        view: ViewType,
        name_contains: str,
        after_id: str | None,
        limit: int,
        only_ids: frozenset[str] | None = None,
    ) -> list[Experiment]:
        query = select(ExperimentRow).where(
            lifecycle_filter(ExperimentRow.lifecycle_state, view)  # type: ignore[arg-type]
        )
        if only_ids is not None:
            query = query.where(ExperimentRow.id.in_(sorted(only_ids)))
        if name_contains:
            query = query.where(
                func.lower(ExperimentRow.name).contains(name_contains.lower(), autoescape=True)
            )
        if after_id:
            query = query.where(ExperimentRow.id > after_id)
        rows = self.session.scalars(query.order_by(ExperimentRow.id).limit(limit))
        return [self._experiment(row) for row in rows]

    def save_experiment(self, exp: Experiment) -> None:
        row = self.session.get(ExperimentRow, exp.experiment_id)
        assert row is not None
        row.name = exp.name
        row.description = exp.description
        row.lifecycle_state = exp.lifecycle.value
        row.update_time = exp.update_time
        row.delete_time = exp.delete_time
        self._flush_unique("experiment", exp.name)

    def replace_experiment_tags(self, experiment_id: str, tags: dict[str, str]) -> None:
        self.session.execute(
            delete(ExperimentTagRow).where(ExperimentTagRow.experiment_id == experiment_id)
        )
        if tags:
            self.session.execute(
                insert(ExperimentTagRow),
                [{"experiment_id": experiment_id, "key": k, "value": v} for k, v in tags.items()],
            )

    # -- runs ---------------------------------------------------------------

    def add_run(self, run: Run) -> None:
        """Core inserts on the session's connection, compiled once and cached: a new run
        with its params and tags is three statements, without the ORM's unit of work
        (which cost more CPU than the database did). The run is new, so its tags are
        plain inserts."""
        conn = self.session.connection()
        conn.execute(
            _INSERT_RUN,
            {
                "id": run.run_id,
                "experiment_id": run.experiment_id,
                "run_name": run.run_name,
                "parent_run_id": run.parent_run_id or None,
                "status": int(run.status),
                "start_time": run.start_time,
                "end_time": run.end_time,
                "user": run.user,
                "lifecycle_state": run.lifecycle.value,
                "artifact_uri": run.artifact_uri,
                "create_time": run.create_time,
                "update_time": run.update_time,
            },
        )
        for stmt, items in ((_INSERT_PARAM, run.params), (_INSERT_TAG, run.tags)):
            if items:
                conn.execute(
                    stmt, [{"run_id": run.run_id, "key": k, "value": v} for k, v in items.items()]
                )

    def get_run(self, run_id: str, *, details: bool = True, for_update: bool = False) -> Run | None:
        found = load_runs(self.session, [run_id], details=details, for_update=for_update)
        return found[0] if found else None

    def get_runs(self, run_ids: Sequence[str], *, details: bool = True) -> list[Run]:
        return load_runs(self.session, run_ids, details=details)

    def run_states(self, run_ids: Iterable[str]) -> dict[str, tuple[RunStatus, Lifecycle]]:
        rows = (
            self.session.connection()
            .execute(
                select(RunRow.id, RunRow.status, RunRow.lifecycle_state).where(
                    RunRow.id.in_(list(run_ids))
                )
            )
            .all()
        )
        return {rid: (RunStatus(status), Lifecycle(state)) for rid, status, state in rows}

    def save_run(self, run: Run) -> None:
        self.session.execute(
            update(RunRow)
            .where(RunRow.id == run.run_id)
            .values(
                run_name=run.run_name,
                status=int(run.status),
                end_time=run.end_time,
                lifecycle_state=run.lifecycle.value,
                update_time=run.update_time,
            )
        )

    # -- params, tags, inputs ----------------------------------------------------

    def get_params(self, run_id: str, keys: Iterable[str]) -> dict[str, str]:
        return dict(
            self.session.execute(
                select(ParamRow.key, ParamRow.value).where(
                    ParamRow.run_id == run_id, ParamRow.key.in_(list(keys))
                )
            ).all()
        )

    def insert_params(self, run_id: str, params: dict[str, str]) -> None:
        if params:
            self.session.execute(
                insert(ParamRow),
                [{"run_id": run_id, "key": k, "value": v} for k, v in params.items()],
            )

    def upsert_tags(self, run_id: str, tags: dict[str, str]) -> None:
        if not tags:
            return
        insert = upsert(self.session)
        stmt = insert(RunTagRow).values(
            [{"run_id": run_id, "key": k, "value": v} for k, v in tags.items()]
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=["run_id", "key"], set_={"value": stmt.excluded.value}
        )
        self.session.execute(stmt)

    def delete_tag(self, run_id: str, key: str) -> bool:
        result = self.session.execute(
            delete(RunTagRow).where(RunTagRow.run_id == run_id, RunTagRow.key == key)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def log_inputs(self, run_id: str, inputs: list[DatasetInput], now: int) -> None:
        insert = upsert(self.session)
        for item in inputs:
            ds = item.dataset
            self.session.execute(
                insert(DatasetRow)
                .values(
                    id=new_id(),
                    name=ds.name,
                    digest=ds.digest,
                    source_uri=ds.source_uri,
                    source_type=ds.source_type,
                    schema=ds.schema,
                    profile=ds.profile,
                    create_time=now,
                )
                .on_conflict_do_nothing(index_elements=["name", "digest"])
            )
            dataset_id = self.session.scalar(
                select(DatasetRow.id).where(
                    DatasetRow.name == ds.name, DatasetRow.digest == ds.digest
                )
            )
            self.session.execute(
                insert(RunInputRow)
                .values(run_id=run_id, dataset_id=dataset_id, context=item.context)
                .on_conflict_do_nothing()
            )

    def existing_experiment_ids(self, experiment_ids: Sequence[str]) -> set[str]:
        return set(
            self.session.scalars(
                select(ExperimentRow.id).where(ExperimentRow.id.in_(list(experiment_ids)))
            )
        )
