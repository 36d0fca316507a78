"""Tables of the model registry. Times are integer milliseconds since the epoch.

Versions, aliases, tags and transitions hang off the model's internal id, so a
rename touches one row. Events keep the model id and the name it had, and have no
foreign key: the audit trail outlives deleted models."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from cairn_server.storage.sql.base import Base
from cairn_server.storage.sql.models import ID

STAGE = String(64)
USER = String(256)
_VERSION_FK = ("model_versions.model_id", "model_versions.version")


class RegisteredModelRow(Base):
    __tablename__ = "registered_models"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(256), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    # The last version number handed out; only ever grows, so numbers are never reused.
    # Bumped with UPDATE … RETURNING, whose row lock serialises concurrent creators.
    last_version: Mapped[int] = mapped_column(BigInteger, default=0)
    create_time: Mapped[int] = mapped_column(BigInteger)
    update_time: Mapped[int] = mapped_column(BigInteger)


class RegisteredModelTagRow(Base):
    __tablename__ = "registered_model_tags"

    model_id: Mapped[str] = mapped_column(
        ID, ForeignKey("registered_models.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(250), primary_key=True)
    value: Mapped[str] = mapped_column(String(8000))


class ModelVersionRow(Base):
    __tablename__ = "model_versions"
    __table_args__ = (Index(None, "run_id"), Index(None, "model_id", "stage"))

    model_id: Mapped[str] = mapped_column(
        ID, ForeignKey("registered_models.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    source_uri: Mapped[str] = mapped_column(Text)
    # No foreign key: lineage is a record, and runs are only ever soft-deleted.
    run_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    run_artifact_path: Mapped[str] = mapped_column(String(1024), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[int] = mapped_column(Integer)
    status_message: Mapped[str] = mapped_column(Text, default="")
    stage: Mapped[str] = mapped_column(STAGE)
    metadata_json: Mapped[str] = mapped_column(Text, default="")
    digest: Mapped[str] = mapped_column(String(256), default="")
    created_by: Mapped[str] = mapped_column(USER, default="")
    create_time: Mapped[int] = mapped_column(BigInteger)
    update_time: Mapped[int] = mapped_column(BigInteger)


class ModelVersionTagRow(Base):
    __tablename__ = "model_version_tags"
    __table_args__ = (
        ForeignKeyConstraint(["model_id", "version"], _VERSION_FK, ondelete="CASCADE"),
    )

    model_id: Mapped[str] = mapped_column(ID, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    key: Mapped[str] = mapped_column(String(250), primary_key=True)
    value: Mapped[str] = mapped_column(String(8000))


class ModelAliasRow(Base):
    """One row per (model, alias): the primary key makes an alias point at exactly
    one version, and a move is a single-row update."""

    __tablename__ = "model_aliases"
    __table_args__ = (
        ForeignKeyConstraint(["model_id", "version"], _VERSION_FK, ondelete="CASCADE"),
        Index(None, "model_id", "version"),
    )

    model_id: Mapped[str] = mapped_column(ID, primary_key=True)
    alias: Mapped[str] = mapped_column(String(256), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)


class StageTransitionRow(Base):
    __tablename__ = "stage_transitions"
    __table_args__ = (
        ForeignKeyConstraint(["model_id", "version"], _VERSION_FK, ondelete="CASCADE"),
        Index(None, "model_id", "id"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    model_id: Mapped[str] = mapped_column(ID)
    version: Mapped[int] = mapped_column(BigInteger)
    from_stage: Mapped[str] = mapped_column(STAGE)
    to_stage: Mapped[str] = mapped_column(STAGE)
    approval_status: Mapped[int] = mapped_column(Integer)
    archive_existing_versions: Mapped[bool] = mapped_column(Boolean, default=False)
    requested_by: Mapped[str] = mapped_column(USER, default="")
    request_comment: Mapped[str] = mapped_column(Text, default="")
    reviewed_by: Mapped[str] = mapped_column(USER, default="")
    review_comment: Mapped[str] = mapped_column(Text, default="")
    create_time: Mapped[int] = mapped_column(BigInteger)
    review_time: Mapped[int] = mapped_column(BigInteger, default=0)


class RegistryEventRow(Base):
    """The audit trail. `event_id` comes from RegistryEventSequenceRow, not from an
    autoincrement, so ids are gapless and in commit order (see SqlRegistryEventLog.append)."""

    __tablename__ = "registry_events"
    __table_args__ = (Index(None, "model_id", "event_id"), Index(None, "name", "event_id"))

    event_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False
    )
    type: Mapped[int] = mapped_column(Integer)
    model_id: Mapped[str] = mapped_column(ID)
    name: Mapped[str] = mapped_column(String(256))
    version: Mapped[int] = mapped_column(BigInteger, default=0)
    alias: Mapped[str] = mapped_column(String(256), default="")
    from_stage: Mapped[str] = mapped_column(STAGE, default="")
    to_stage: Mapped[str] = mapped_column(STAGE, default="")
    actor: Mapped[str] = mapped_column(USER)
    event_time: Mapped[int] = mapped_column(BigInteger)
    details_json: Mapped[str] = mapped_column(Text, default="{}")


class RegistryEventSequenceRow(Base):
    """A single row holding the last event id handed out. Writers bump it at the end
    of their transaction; its row lock orders them, so an event id only becomes
    visible after every smaller one has committed (or been rolled back and reused)."""

    __tablename__ = "registry_event_sequence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_event_id: Mapped[int] = mapped_column(BigInteger, default=0)
