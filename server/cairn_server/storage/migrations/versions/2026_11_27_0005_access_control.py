"""access control

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27

Users, their groups, hashed API tokens and permission grants (issue 8).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "permissions",
        sa.Column("resource_kind", sa.String(length=16), nullable=False),
        sa.Column("resource_id", sa.String(length=32), nullable=False),
        sa.Column("principal_kind", sa.String(length=8), nullable=False),
        sa.Column("principal", sa.String(length=64), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "resource_kind",
            "resource_id",
            "principal_kind",
            "principal",
            name=op.f("pk_permissions"),
        ),
    )
    op.create_index(
        op.f("ix_permissions_principal_kind_principal_resource_kind"),
        "permissions",
        ["principal_kind", "principal", "resource_kind"],
    )

    op.create_table(
        "users",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("admin", sa.Boolean(), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("create_time", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("salt", sa.String(length=32), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("description", sa.String(length=256), nullable=False),
        sa.Column("create_time", sa.BigInteger(), nullable=False),
        sa.Column("expire_time", sa.BigInteger(), nullable=False),
        sa.Column("revoke_time", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
    )
    op.create_index(op.f("ix_api_tokens_user_id"), "api_tokens", ["user_id"])

    op.create_table(
        "user_groups",
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("group_name", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_user_groups_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "group_name", name=op.f("pk_user_groups")),
    )
    op.create_index(op.f("ix_user_groups_group_name"), "user_groups", ["group_name"])


def downgrade() -> None:
    op.drop_index(op.f("ix_user_groups_group_name"), table_name="user_groups")

    op.drop_table("user_groups")
    op.drop_index(op.f("ix_api_tokens_user_id"), table_name="api_tokens")

    op.drop_table("api_tokens")
    op.drop_table("users")
    op.drop_index(
        op.f("ix_permissions_principal_kind_principal_resource_kind"), table_name="permissions"
    )

    op.drop_table("permissions")
