"""Tables of the tracking service: experiments, runs, params, tags, metrics, streams.

Times are integer milliseconds since the epoch. Metric points are stored as chunks:
one row per block of points of one (run, key), with packed little-endian arrays."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from cairn_server.storage.sql.base import Base

ID = String(32)
# Tables keyed by (run_id, key) that are read by that key: their rows are kept in the
# primary key's b-tree on SQLite (migration 0010); other databases ignore it.
WITHOUT_ROWID = {"sqlite_with_rowid": False}


class ExperimentRow(Base):
    __tablename__ = "experiments"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(256), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    lifecycle_state: Mapped[str] = mapped_column(String(16), default="active")
    artifact_location: Mapped[str] = mapped_column(String(1024))
    create_time: Mapped[int] = mapped_column(BigInteger)
    update_time: Mapped[int] = mapped_column(BigInteger)
    delete_time: Mapped[int] = mapped_column(BigInteger, default=0)


class ExperimentTagRow(Base):
    __tablename__ = "experiment_tags"

    experiment_id: Mapped[str] = mapped_column(
        ID, ForeignKey("experiments.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(250), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class RunRow(Base):
    __tablename__ = "runs"
    __table_args__ = (
        Index(None, "experiment_id", "lifecycle_state", "id"),
        Index(None, "experiment_id", "status"),
        Index(None, "parent_run_id"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    experiment_id: Mapped[str] = mapped_column(ID, ForeignKey("experiments.id"))
    run_name: Mapped[str] = mapped_column(String(256), default="")
    parent_run_id: Mapped[str | None] = mapped_column(ID, ForeignKey("runs.id"), nullable=True)
    status: Mapped[int] = mapped_column(Integer)
    start_time: Mapped[int] = mapped_column(BigInteger)
    end_time: Mapped[int] = mapped_column(BigInteger, default=0)
    user: Mapped[str] = mapped_column(String(256), default="")
    lifecycle_state: Mapped[str] = mapped_column(String(16), default="active")
    artifact_uri: Mapped[str] = mapped_column(String(1024))
    create_time: Mapped[int] = mapped_column(BigInteger)
    update_time: Mapped[int] = mapped_column(BigInteger)


class ParamRow(Base):
    __tablename__ = "params"
    # On PostgreSQL migration 0008 swaps this index for one on (key, a 256-character
    # prefix of value): btree entries there cannot hold the longest values. On SQLite
    # the rows live in the primary key's b-tree (WITHOUT ROWID, migration 0010).
    __table_args__ = (Index(None, "key", "value"), WITHOUT_ROWID)

    run_id: Mapped[str] = mapped_column(
        ID, ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(250), primary_key=True)
    value: Mapped[str] = mapped_column(String(8000))


class RunTagRow(Base):
    __tablename__ = "run_tags"
    # As for params: a prefix index on PostgreSQL (0008), WITHOUT ROWID on SQLite (0010).
    __table_args__ = (Index(None, "key", "value"), WITHOUT_ROWID)

    run_id: Mapped[str] = mapped_column(
        ID, ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(250), primary_key=True)
    value: Mapped[str] = mapped_column(String(8000))


class MetricChunkRow(Base):
    """A block of points of one (run, key). `id` orders chunks by arrival, which
    decides which point wins when a step was logged more than once."""

    __tablename__ = "metric_chunks"
    __table_args__ = (Index(None, "run_id", "key", "min_step"),)

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    run_id: Mapped[str] = mapped_column(ID, ForeignKey("runs.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(250))
    min_step: Mapped[int] = mapped_column(BigInteger)
    max_step: Mapped[int] = mapped_column(BigInteger)
    point_count: Mapped[int] = mapped_column(Integer)
    # Both NULL when every value in the chunk is NaN.
    min_value: Mapped[float | None] = mapped_column(Float, nullable=True)
    max_value: Mapped[float | None] = mapped_column(Float, nullable=True)
    # True when steps are strictly increasing, so reads can skip sorting.
    sorted: Mapped[bool] = mapped_column(Boolean, default=True)
    # Steps and timestamps are either packed arrays or, when they advance by a
    # constant, (first, stride) pairs; the flags say which.
    steps_affine: Mapped[bool] = mapped_column(Boolean, default=False)
    timestamps_affine: Mapped[bool] = mapped_column(Boolean, default=False)
    steps: Mapped[bytes] = mapped_column(LargeBinary)
    values: Mapped[bytes] = mapped_column(LargeBinary)
    timestamps: Mapped[bytes] = mapped_column(LargeBinary)
    # The first, min, max and last point as packed (step, value, timestamp) triples:
    # lets downsampled reads skip the point arrays.
    summary: Mapped[bytes] = mapped_column(LargeBinary)


class LatestMetricRow(Base):
    """The latest value and aggregates per (run, key), for search and sorting."""

    __tablename__ = "latest_metrics"
    # Indexes for search: storage/sql/search_indexes.py. WITHOUT ROWID on SQLite (0010).
    __table_args__ = (WITHOUT_ROWID,)

    run_id: Mapped[str] = mapped_column(
        ID, ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(250), primary_key=True)
    # NULL stands for NaN: SQLite cannot store NaN.
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    step: Mapped[int] = mapped_column(BigInteger)
    timestamp: Mapped[int] = mapped_column(BigInteger)
    min_value: Mapped[float | None] = mapped_column(Float, nullable=True)
    max_value: Mapped[float | None] = mapped_column(Float, nullable=True)
    point_count: Mapped[int] = mapped_column(BigInteger)


class StreamCheckpointRow(Base):
    """Last committed seq per metric stream, written in the same transaction as the
    points it guards, so any replica can resume any stream without duplicates."""

    __tablename__ = "stream_checkpoints"

    stream_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    epoch: Mapped[int] = mapped_column(BigInteger, default=0)
    update_time: Mapped[int] = mapped_column(BigInteger)


class IdempotencyRow(Base):
    """Results of calls that carried a request_id (AIP-155)."""

    __tablename__ = "idempotency_keys"

    request_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    method: Mapped[str] = mapped_column(String(64), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    result: Mapped[str] = mapped_column(Text)
    create_time: Mapped[int] = mapped_column(BigInteger)


class DatasetRow(Base):
    __tablename__ = "datasets"
    __table_args__ = (Index(None, "name", "digest", unique=True), Index(None, "digest"))

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(256))
    digest: Mapped[str] = mapped_column(String(256))
    source_uri: Mapped[str] = mapped_column(Text, default="")
    source_type: Mapped[str] = mapped_column(String(64), default="")
    schema: Mapped[str] = mapped_column(Text, default="")
    profile: Mapped[str] = mapped_column(Text, default="")
    create_time: Mapped[int] = mapped_column(BigInteger)


class RunInputRow(Base):
    __tablename__ = "run_inputs"
    __table_args__ = (Index(None, "dataset_id"),)

    run_id: Mapped[str] = mapped_column(
        ID, ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True
    )
    dataset_id: Mapped[str] = mapped_column(ID, ForeignKey("datasets.id"), primary_key=True)
    context: Mapped[str] = mapped_column(String(64), primary_key=True)
