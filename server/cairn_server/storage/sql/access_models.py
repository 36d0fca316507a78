"""Tables of access control: users and their groups, API tokens (hashed), grants."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cairn_server.storage.sql.base import Base

ID = String(32)
NAME = String(64)


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(NAME, unique=True)
    admin: Mapped[bool] = mapped_column(Boolean, default=False)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    create_time: Mapped[int] = mapped_column(BigInteger)


class UserGroupRow(Base):
    __tablename__ = "user_groups"
    __table_args__ = (Index(None, "group_name"),)

    user_id: Mapped[str] = mapped_column(
        ID, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    group_name: Mapped[str] = mapped_column(NAME, primary_key=True)


class ApiTokenRow(Base):
    __tablename__ = "api_tokens"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    user_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id", ondelete="CASCADE"), index=True)
    salt: Mapped[str] = mapped_column(String(32))
    secret_hash: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(String(256), default="")
    create_time: Mapped[int] = mapped_column(BigInteger)
    expire_time: Mapped[int] = mapped_column(BigInteger, default=0)
    revoke_time: Mapped[int] = mapped_column(BigInteger, default=0)


class PermissionRow(Base):
    """A grant of `level` on one resource to a user (by id) or a group (by name).
    Registered models are keyed by id, so grants survive a rename."""

    __tablename__ = "permissions"
    __table_args__ = (Index(None, "principal_kind", "principal", "resource_kind"),)

    resource_kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    resource_id: Mapped[str] = mapped_column(ID, primary_key=True)
    principal_kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    principal: Mapped[str] = mapped_column(NAME, primary_key=True)
    level: Mapped[int] = mapped_column(Integer)
