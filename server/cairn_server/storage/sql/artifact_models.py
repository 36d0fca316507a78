"""Tables of the artifact service: artifact records (the source of truth for what is
visible), resumable uploads and their durable parts."""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from cairn_server.storage.sql.base import Base

ID = String(32)
# Listings are "in path order": byte order on both databases (PostgreSQL's default
# collation would sort by locale rules instead).
PATH = String(1024).with_variant(String(1024, collation="C"), "postgresql")


class ArtifactRow(Base):
    __tablename__ = "artifacts"

    run_id: Mapped[str] = mapped_column(
        ID, ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True
    )
    path: Mapped[str] = mapped_column(PATH, primary_key=True)
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[str] = mapped_column(String(255), default="")
    object_key: Mapped[str] = mapped_column(String(2048))
    create_time: Mapped[int] = mapped_column(BigInteger)


class ArtifactUploadRow(Base):
    __tablename__ = "artifact_uploads"
    __table_args__ = (Index(None, "state", "expire_time"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    run_id: Mapped[str] = mapped_column(ID, ForeignKey("runs.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(PATH)
    object_key: Mapped[str] = mapped_column(String(2048))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    committed_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    state: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    content_type: Mapped[str] = mapped_column(String(255), default="")
    backend_token: Mapped[str] = mapped_column(String(1024), default="")
    hash_state: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    lease: Mapped[str] = mapped_column(String(32), default="")
    create_time: Mapped[int] = mapped_column(BigInteger)
    update_time: Mapped[int] = mapped_column(BigInteger)
    expire_time: Mapped[int] = mapped_column(BigInteger)


class ArtifactUploadPartRow(Base):
    __tablename__ = "artifact_upload_parts"

    upload_id: Mapped[str] = mapped_column(
        ID, ForeignKey("artifact_uploads.id", ondelete="CASCADE"), primary_key=True
    )
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    etag: Mapped[str] = mapped_column(String(256))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
