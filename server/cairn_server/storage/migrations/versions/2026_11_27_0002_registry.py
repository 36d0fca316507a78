"""model registry tables

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_VERSION_FK = ["model_versions.model_id", "model_versions.version"]


def upgrade() -> None:
    op.create_table(
        "registered_models",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("last_version", sa.BigInteger(), nullable=False),
        sa.Column("create_time", sa.BigInteger(), nullable=False),
        sa.Column("update_time", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registered_models")),
        sa.UniqueConstraint("name", name=op.f("uq_registered_models_name")),
    )
    op.create_table(
        "registered_model_tags",
        sa.Column("model_id", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=250), nullable=False),
        sa.Column("value", sa.String(length=8000), nullable=False),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["registered_models.id"],
            name=op.f("fk_registered_model_tags_model_id_registered_models"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("model_id", "key", name=op.f("pk_registered_model_tags")),
    )
    op.create_table(
        "model_versions",
        sa.Column("model_id", sa.String(length=32), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("source_uri", sa.Text(), nullable=False),
        sa.Column("run_id", sa.String(length=32), nullable=True),
        sa.Column("run_artifact_path", sa.String(length=1024), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("status_message", sa.Text(), nullable=False),
        sa.Column("stage", sa.String(length=64), nullable=False),
        sa.Column("metadata_json", sa.Text(), nullable=False),
        sa.Column("digest", sa.String(length=256), nullable=False),
        sa.Column("created_by", sa.String(length=256), nullable=False),
        sa.Column("create_time", sa.BigInteger(), nullable=False),
        sa.Column("update_time", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["registered_models.id"],
            name=op.f("fk_model_versions_model_id_registered_models"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("model_id", "version", name=op.f("pk_model_versions")),
    )
    with op.batch_alter_table("model_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_model_versions_model_id_stage"), ["model_id", "stage"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_model_versions_run_id"), ["run_id"], unique=False)

    op.create_table(
        "model_version_tags",
        sa.Column("model_id", sa.String(length=32), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("key", sa.String(length=250), nullable=False),
        sa.Column("value", sa.String(length=8000), nullable=False),
        sa.ForeignKeyConstraint(
            ["model_id", "version"],
            _VERSION_FK,
            name=op.f("fk_model_version_tags_model_id_model_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("model_id", "version", "key", name=op.f("pk_model_version_tags")),
    )
    op.create_table(
        "model_aliases",
        sa.Column("model_id", sa.String(length=32), nullable=False),
        sa.Column("alias", sa.String(length=256), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["model_id", "version"],
            _VERSION_FK,
            name=op.f("fk_model_aliases_model_id_model_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("model_id", "alias", name=op.f("pk_model_aliases")),
    )
    with op.batch_alter_table("model_aliases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_model_aliases_model_id_version"), ["model_id", "version"], unique=False
        )

    op.create_table(
        "stage_transitions",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("model_id", sa.String(length=32), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("from_stage", sa.String(length=64), nullable=False),
        sa.Column("to_stage", sa.String(length=64), nullable=False),
        sa.Column("approval_status", sa.Integer(), nullable=False),
        sa.Column("archive_existing_versions", sa.Boolean(), nullable=False),
        sa.Column("requested_by", sa.String(length=256), nullable=False),
        sa.Column("request_comment", sa.Text(), nullable=False),
        sa.Column("reviewed_by", sa.String(length=256), nullable=False),
        sa.Column("review_comment", sa.Text(), nullable=False),
        sa.Column("create_time", sa.BigInteger(), nullable=False),
        sa.Column("review_time", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["model_id", "version"],
            _VERSION_FK,
            name=op.f("fk_stage_transitions_model_id_model_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stage_transitions")),
    )
    with op.batch_alter_table("stage_transitions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stage_transitions_model_id_id"), ["model_id", "id"], unique=False
        )

    op.create_table(
        "registry_events",
        sa.Column(
            "event_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("type", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("alias", sa.String(length=256), nullable=False),
        sa.Column("from_stage", sa.String(length=64), nullable=False),
        sa.Column("to_stage", sa.String(length=64), nullable=False),
        sa.Column("actor", sa.String(length=256), nullable=False),
        sa.Column("event_time", sa.BigInteger(), nullable=False),
        sa.Column("details_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_registry_events")),
    )
    with op.batch_alter_table("registry_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_registry_events_model_id_event_id"),
            ["model_id", "event_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_registry_events_name_event_id"), ["name", "event_id"], unique=False
        )

    sequence = op.create_table(
        "registry_event_sequence",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_event_id", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_event_sequence")),
    )
    # The one row every event writer bumps (see RegistryEventSequenceRow).
    op.bulk_insert(sequence, [{"id": 1, "last_event_id": 0}])


def downgrade() -> None:
    op.drop_table("registry_event_sequence")
    with op.batch_alter_table("registry_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registry_events_name_event_id"))
        batch_op.drop_index(batch_op.f("ix_registry_events_model_id_event_id"))
    op.drop_table("registry_events")
    with op.batch_alter_table("stage_transitions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stage_transitions_model_id_id"))
    op.drop_table("stage_transitions")
    with op.batch_alter_table("model_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_model_aliases_model_id_version"))
    op.drop_table("model_aliases")
    op.drop_table("model_version_tags")
    with op.batch_alter_table("model_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_model_versions_run_id"))
        batch_op.drop_index(batch_op.f("ix_model_versions_model_id_stage"))
    op.drop_table("model_versions")
    op.drop_table("registered_model_tags")
    op.drop_table("registered_models")
