"""SQL repository for artifact records and resumable uploads, and the unit of work the
artifact service runs in (tracking + artifacts in one transaction)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import and_, bindparam, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from cairn_server.domain.artifacts import PRESIGNED_TOKEN, Artifact, Part, Upload, UploadState
from cairn_server.storage.sql.artifact_models import (
    ArtifactRow,
    ArtifactUploadPartRow,
    ArtifactUploadRow,
)
from cairn_server.storage.sql.database import Database, uow_factory
from cairn_server.storage.sql.tracking_repository import SqlTrackingRepository, dialect_insert

# '0' is the character after '/': in byte order, every path under "d/" is >= "d/"
# and < "d0", so a directory's subtree is one index range.
_AFTER_SLASH = "0"


# Statements on every upload, built once (SQLAlchemy then reuses their compiled form).
_PATH_CONFLICT = (
    select(ArtifactRow.path)
    .where(
        ArtifactRow.run_id == bindparam("run_id"),
        or_(
            ArtifactRow.path.in_(bindparam("ancestors", expanding=True)),
            and_(ArtifactRow.path >= bindparam("low"), ArtifactRow.path < bindparam("high")),
        ),
    )
    .limit(1)
)
_INSERT_UPLOAD = insert(ArtifactUploadRow)


def _upsert_artifact(dialect: str) -> Any:
    stmt = dialect_insert(dialect)(ArtifactRow)
    replaced = ("size_bytes", "sha256", "content_type", "object_key", "create_time")
    return stmt.on_conflict_do_update(
        index_elements=["run_id", "path"], set_={c: stmt.excluded[c] for c in replaced}
    )


_UPSERT_ARTIFACT = {d: _upsert_artifact(d) for d in ("sqlite", "postgresql")}


def subtree_bounds(path: str) -> tuple[str, str]:
    return f"{path}/", f"{path}{_AFTER_SLASH}"


def _artifact(row: ArtifactRow) -> Artifact:
    return Artifact(
        run_id=row.run_id,
        path=row.path,
        size_bytes=row.size_bytes,
        sha256=row.sha256,
        content_type=row.content_type,
        object_key=row.object_key,
        create_time=row.create_time,
    )


class SqlArtifactRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- artifacts ----------------------------------------------------------

    def get_artifact(self, run_id: str, path: str) -> Artifact | None:
        row = self.session.get(ArtifactRow, (run_id, path))
        return _artifact(row) if row else None

    def put_artifact(self, artifact: Artifact) -> None:
        connection = self.session.connection()
        connection.execute(
            _UPSERT_ARTIFACT[connection.dialect.name],
            {
                "run_id": artifact.run_id,
                "path": artifact.path,
                "size_bytes": artifact.size_bytes,
                "sha256": artifact.sha256,
                "content_type": artifact.content_type,
                "object_key": artifact.object_key,
                "create_time": artifact.create_time,
            },
        )

    def list_artifacts(
        self, run_id: str, prefix: str, after: str | None, inclusive: bool, limit: int
    ) -> list[Artifact]:
        query = select(ArtifactRow).where(ArtifactRow.run_id == run_id)
        if prefix:
            low, high = subtree_bounds(prefix)
            query = query.where(ArtifactRow.path >= low, ArtifactRow.path < high)
        if after is not None:
            query = query.where(
                ArtifactRow.path >= after if inclusive else ArtifactRow.path > after
            )
        rows = self.session.scalars(query.order_by(ArtifactRow.path).limit(limit))
        return [_artifact(r) for r in rows]

    def path_conflict(self, run_id: str, path: str) -> str | None:
        """An existing file that `path` would need as a directory, or a file under
        `path` that would need it as a directory: a path is one or the other, as on a
        filesystem (and on S3 gateways that store objects as files)."""
        segments = path.split("/")
        ancestors = ["/".join(segments[:i]) for i in range(1, len(segments))]
        low, high = subtree_bounds(path)
        found: str | None = (
            self.session.connection()
            .execute(
                _PATH_CONFLICT,
                {"run_id": run_id, "ancestors": ancestors, "low": low, "high": high},
            )
            .scalar()
        )
        return found

    def delete_artifacts(self, run_id: str, path: str) -> list[Artifact]:
        query = select(ArtifactRow).where(ArtifactRow.run_id == run_id)
        if path:
            low, high = subtree_bounds(path)
            query = query.where(
                or_(
                    ArtifactRow.path == path, and_(ArtifactRow.path >= low, ArtifactRow.path < high)
                )
            )
        found = [_artifact(r) for r in self.session.scalars(query)]
        for start in range(0, len(found), 500):
            paths = [a.path for a in found[start : start + 500]]
            self.session.execute(
                delete(ArtifactRow).where(ArtifactRow.run_id == run_id, ArtifactRow.path.in_(paths))
            )
        return found

    # -- uploads ------------------------------------------------------------

    def add_upload(self, upload: Upload) -> None:
        self.session.connection().execute(
            _INSERT_UPLOAD,
            dict(
                id=upload.upload_id,
                run_id=upload.run_id,
                path=upload.path,
                object_key=upload.object_key,
                size_bytes=upload.size_bytes,
                committed_bytes=upload.committed_bytes,
                state=int(upload.state),
                sha256=upload.sha256,
                content_type=upload.content_type,
                backend_token=upload.backend_token,
                hash_state=upload.hash_state,
                lease=upload.lease,
                create_time=upload.create_time,
                update_time=upload.update_time,
                expire_time=upload.expire_time,
            ),
        )

    def _upload(self, row: ArtifactUploadRow) -> Upload:
        parts = self.session.scalars(
            select(ArtifactUploadPartRow)
            .where(ArtifactUploadPartRow.upload_id == row.id)
            .order_by(ArtifactUploadPartRow.number)
        )
        return Upload(
            upload_id=row.id,
            run_id=row.run_id,
            path=row.path,
            object_key=row.object_key,
            size_bytes=row.size_bytes,
            committed_bytes=row.committed_bytes,
            state=UploadState(row.state),
            sha256=row.sha256,
            content_type=row.content_type,
            create_time=row.create_time,
            update_time=row.update_time,
            expire_time=row.expire_time,
            backend_token=row.backend_token,
            hash_state=row.hash_state,
            lease=row.lease,
            parts=[Part(p.number, p.etag, p.size_bytes) for p in parts],
        )

    def get_upload(self, upload_id: str, *, for_update: bool = False) -> Upload | None:
        query = select(ArtifactUploadRow).where(ArtifactUploadRow.id == upload_id)
        if for_update:
            query = query.with_for_update()
        row = self.session.scalars(query).first()
        return self._upload(row) if row else None

    def claim_upload(self, upload_id: str, lease: str, now: int) -> None:
        self.session.execute(
            update(ArtifactUploadRow)
            .where(ArtifactUploadRow.id == upload_id)
            .values(lease=lease, update_time=now)
        )

    def checkpoint_upload(
        self,
        upload_id: str,
        lease: str,
        committed_bytes: int,
        hash_state: bytes | None,
        parts: list[Part],
        now: int,
    ) -> bool:
        """Records progress if `lease` still owns the upload; False if another
        stream took it over (its bytes are then not ours to acknowledge)."""
        result = self.session.execute(
            update(ArtifactUploadRow)
            .where(
                ArtifactUploadRow.id == upload_id,
                ArtifactUploadRow.lease == lease,
                ArtifactUploadRow.state == int(UploadState.IN_PROGRESS),
            )
            .values(committed_bytes=committed_bytes, hash_state=hash_state, update_time=now)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return False
        for part in parts:
            # A part number re-sent after a resume replaces the earlier attempt.
            self.session.execute(
                delete(ArtifactUploadPartRow).where(
                    ArtifactUploadPartRow.upload_id == upload_id,
                    ArtifactUploadPartRow.number == part.number,
                )
            )
            self.session.add(
                ArtifactUploadPartRow(
                    upload_id=upload_id,
                    number=part.number,
                    etag=part.etag,
                    size_bytes=part.size_bytes,
                )
            )
        return True

    def set_upload_state(self, upload_id: str, state: UploadState, now: int) -> None:
        self.session.execute(
            update(ArtifactUploadRow)
            .where(ArtifactUploadRow.id == upload_id)
            .values(state=int(state), update_time=now, hash_state=None)
        )
        if state is not UploadState.IN_PROGRESS:
            self.session.execute(
                delete(ArtifactUploadPartRow).where(ArtifactUploadPartRow.upload_id == upload_id)
            )

    def reset_upload(self, upload_id: str, backend_token: str, now: int) -> None:
        """Back to zero bytes (when the saved hash state cannot be used)."""
        self.session.execute(
            update(ArtifactUploadRow)
            .where(ArtifactUploadRow.id == upload_id)
            .values(
                committed_bytes=0, hash_state=None, backend_token=backend_token, update_time=now
            )
        )
        self.session.execute(
            delete(ArtifactUploadPartRow).where(ArtifactUploadPartRow.upload_id == upload_id)
        )

    def pending_presigned(self, run_id: str) -> list[Upload]:
        rows = self.session.scalars(
            select(ArtifactUploadRow).where(
                ArtifactUploadRow.run_id == run_id,
                ArtifactUploadRow.state == int(UploadState.IN_PROGRESS),
                ArtifactUploadRow.backend_token == PRESIGNED_TOKEN,
            )
        )
        return [self._upload(r) for r in rows]

    def expired_uploads(self, now: int, limit: int) -> list[Upload]:
        rows = self.session.scalars(
            select(ArtifactUploadRow)
            .where(
                ArtifactUploadRow.state == int(UploadState.IN_PROGRESS),
                ArtifactUploadRow.expire_time < now,
            )
            .limit(limit)
        )
        return [self._upload(r) for r in rows]


class SqlArtifactUnitOfWork:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.tracking = SqlTrackingRepository(session)
        self.artifacts = SqlArtifactRepository(session)


def sql_artifact_uow_factory(
    db: Database,
) -> Callable[..., AbstractContextManager[SqlArtifactUnitOfWork]]:
    return uow_factory(db, SqlArtifactUnitOfWork)
