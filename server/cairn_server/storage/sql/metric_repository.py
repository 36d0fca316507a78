"""SQL repository for metric chunks, latest values and stream checkpoints."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, case, insert, select, update
from sqlalchemy.orm import Session

from cairn_server.domain.entities import MetricSummary
from cairn_server.domain.metrics import Chunk, decode_ints, encode_ints
from cairn_server.storage.sql.models import LatestMetricRow, MetricChunkRow, StreamCheckpointRow
from cairn_server.storage.sql.tracking_repository import dialect_insert, nan_from_null, upsert


@dataclass(frozen=True)
class ChunkMeta:
    chunk_id: int
    min_step: int
    max_step: int
    point_count: int
    is_sorted: bool
    summary: bytes


def _null_if_nan(value: float) -> float | None:
    return None if math.isnan(value) else value


def _combine_latest(chunks: Sequence[Chunk]) -> list[dict[str, object]]:
    """Folds the chunks of one write into one latest-metrics candidate per (run, key)."""
    rows: dict[tuple[str, str], dict[str, object]] = {}
    for c in chunks:
        cur = rows.get((c.run_id, c.key))
        if cur is None:
            rows[(c.run_id, c.key)] = {
                "run_id": c.run_id,
                "key": c.key,
                "value": _null_if_nan(c.latest_value),
                "step": c.latest_step,
                "timestamp": c.latest_timestamp,
                "min_value": c.min_value,
                "max_value": c.max_value,
                "point_count": len(c.points),
            }
            continue
        if (c.latest_step, c.latest_timestamp) >= (cur["step"], cur["timestamp"]):
            cur["value"] = _null_if_nan(c.latest_value)
            cur["step"] = c.latest_step
            cur["timestamp"] = c.latest_timestamp
        if c.min_value is not None:
            prev = cur["min_value"]
            cur["min_value"] = c.min_value if prev is None else min(prev, c.min_value)  # type: ignore[call-overload]
        if c.max_value is not None:
            prev = cur["max_value"]
            cur["max_value"] = c.max_value if prev is None else max(prev, c.max_value)  # type: ignore[call-overload]
        cur["point_count"] = int(cur["point_count"]) + len(c.points)  # type: ignore[call-overload]
    return list(rows.values())


class SqlMetricRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def write_chunks(self, chunks: Sequence[Chunk]) -> None:
        """Stores chunks and folds them into the latest-value rows, in one transaction."""
        if not chunks:
            return
        rows = []
        for c in chunks:
            steps, steps_affine = encode_ints(c.points.steps)
            stamps, stamps_affine = encode_ints(c.points.timestamps)
            rows.append(
                {
                    "run_id": c.run_id,
                    "key": c.key,
                    "min_step": c.min_step,
                    "max_step": c.max_step,
                    "point_count": len(c.points),
                    "min_value": c.min_value,
                    "max_value": c.max_value,
                    "sorted": c.is_sorted,
                    "steps_affine": steps_affine,
                    "timestamps_affine": stamps_affine,
                    "steps": steps,
                    "values": c.points.values.astype("<f8", copy=False).tobytes(),
                    "timestamps": stamps,
                    "summary": c.summary,
                }
            )
        self.session.connection().execute(insert(MetricChunkRow), rows)
        self._upsert_latest(_combine_latest(chunks))

    def _upsert_latest(self, rows: list[dict[str, object]]) -> None:
        # One prebuilt statement run as executemany: SQLAlchemy caches its compiled
        # form, which matters on the ingest path.
        self.session.connection().execute(
            _latest_upsert(self.session.get_bind().dialect.name), rows
        )

    def chunk_metas(
        self, run_id: str, key: str, start: int | None, end: int | None
    ) -> list[ChunkMeta]:
        """Chunks that may hold steps in [start, end], in arrival order."""
        c = MetricChunkRow
        query = select(c.id, c.min_step, c.max_step, c.point_count, c.sorted, c.summary).where(
            c.run_id == run_id, c.key == key
        )
        if start is not None:
            query = query.where(c.max_step >= start)
        if end is not None:
            query = query.where(c.min_step <= end)
        return [
            ChunkMeta(cid, lo, hi, count, bool(is_sorted), summary)
            for cid, lo, hi, count, is_sorted, summary in self.session.execute(query.order_by(c.id))
        ]

    def chunk_arrays(self, chunk_ids: Sequence[int]) -> Iterator[tuple[int, bytes, bytes, bytes]]:
        """Raw packed arrays of the given chunks, in the order given."""
        c = MetricChunkRow
        for i in range(0, len(chunk_ids), 256):
            part = list(chunk_ids[i : i + 256])
            rows = {
                cid: (
                    cid,
                    decode_ints(steps, steps_affine, count).tobytes() if steps_affine else steps,
                    values,
                    decode_ints(ts, ts_affine, count).tobytes() if ts_affine else ts,
                )
                for cid, count, steps_affine, steps, values, ts_affine, ts in self.session.execute(
                    select(
                        c.id,
                        c.point_count,
                        c.steps_affine,
                        c.steps,
                        c.values,
                        c.timestamps_affine,
                        c.timestamps,
                    ).where(c.id.in_(part))
                )
            }
            for cid in part:
                yield rows[cid]

    def summaries(self, run_id: str) -> list[MetricSummary]:
        return [
            MetricSummary(
                key=m.key,
                latest_value=nan_from_null(m.value),
                latest_step=m.step,
                latest_timestamp=m.timestamp,
                min_value=nan_from_null(m.min_value),
                max_value=nan_from_null(m.max_value),
                point_count=m.point_count,
            )
            for m in self.session.scalars(
                select(LatestMetricRow)
                .where(LatestMetricRow.run_id == run_id)
                .order_by(LatestMetricRow.key)
            )
        ]

    # -- stream checkpoints ---------------------------------------------------

    def open_stream(self, stream_id: str, now: int) -> tuple[int, int]:
        """Bumps the stream's epoch (fencing older connections); returns (last_seq, epoch)."""
        t = StreamCheckpointRow
        insert = upsert(self.session)
        stmt = insert(t).values(stream_id=stream_id, last_seq=0, epoch=1, update_time=now)
        stmt = stmt.on_conflict_do_update(
            index_elements=["stream_id"], set_={"epoch": t.epoch + 1, "update_time": now}
        )
        self.session.execute(stmt)
        last_seq, epoch = self.session.execute(
            select(t.last_seq, t.epoch).where(t.stream_id == stream_id)
        ).one()
        return int(last_seq), int(epoch)

    def open_streams(self, stream_ids: Sequence[str], now: int) -> dict[str, tuple[int, int]]:
        """open_stream for several distinct streams in two statements."""
        t = StreamCheckpointRow
        insert = upsert(self.session)
        stmt = insert(t).values(
            stream_id=bindparam("sid"), last_seq=0, epoch=1, update_time=bindparam("now")
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=["stream_id"],
            set_={"epoch": t.epoch + 1, "update_time": stmt.excluded.update_time},
        )
        self.session.connection().execute(stmt, [{"sid": sid, "now": now} for sid in stream_ids])
        rows = self.session.execute(
            select(t.stream_id, t.last_seq, t.epoch).where(t.stream_id.in_(list(stream_ids)))
        ).all()
        return {sid: (int(seq), int(epoch)) for sid, seq, epoch in rows}

    def stream_state(self, stream_id: str) -> tuple[int, int] | None:
        t = StreamCheckpointRow
        row = self.session.execute(
            select(t.last_seq, t.epoch).where(t.stream_id == stream_id)
        ).one_or_none()
        return (int(row[0]), int(row[1])) if row else None

    def advance_stream(
        self, stream_id: str, epoch: int, expected_seq: int, new_seq: int, now: int
    ) -> bool:
        """Moves the checkpoint from expected_seq to new_seq if this connection still
        owns the stream; False means a newer connection took it over."""
        t = StreamCheckpointRow
        result = self.session.connection().execute(
            update(t)
            .where(t.stream_id == stream_id, t.epoch == epoch, t.last_seq == expected_seq)
            .values(last_seq=new_seq, update_time=now)
        )
        return bool(result.rowcount)

    def advance_streams(self, moves: Sequence[tuple[str, int, int, int]], now: int) -> int:
        """advance_stream for many streams at once: (stream_id, epoch, expected_seq,
        new_seq) each; returns how many moved (fewer than given: someone was fenced)."""
        rows = [
            {"sid": sid, "ep": epoch, "old": old, "new": new, "now": now}
            for sid, epoch, old, new in moves
        ]
        result = self.session.connection().execute(_ADVANCE, rows)
        return int(result.rowcount)


_ADVANCE = (
    update(StreamCheckpointRow)
    .where(
        StreamCheckpointRow.stream_id == bindparam("sid"),
        StreamCheckpointRow.epoch == bindparam("ep"),
        StreamCheckpointRow.last_seq == bindparam("old"),
    )
    .values(last_seq=bindparam("new"), update_time=bindparam("now"))
)


@functools.cache
def _latest_upsert(dialect: str) -> Any:
    stmt = dialect_insert(dialect)(LatestMetricRow)
    return stmt.on_conflict_do_update(
        index_elements=["run_id", "key"], set_=_latest_update(stmt.excluded)
    )


def _latest_update(ex: Any) -> dict[str, Any]:
    """SET clause folding an incoming candidate row into the stored latest row."""
    t = LatestMetricRow
    newer = (ex.step > t.step) | ((ex.step == t.step) & (ex.timestamp >= t.timestamp))
    return {
        "value": case((newer, ex.value), else_=t.value),
        "step": case((newer, ex.step), else_=t.step),
        "timestamp": case((newer, ex.timestamp), else_=t.timestamp),
        "min_value": case(
            (ex.min_value.is_(None), t.min_value),
            (t.min_value.is_(None), ex.min_value),
            (ex.min_value < t.min_value, ex.min_value),
            else_=t.min_value,
        ),
        "max_value": case(
            (ex.max_value.is_(None), t.max_value),
            (t.max_value.is_(None), ex.max_value),
            (ex.max_value > t.max_value, ex.max_value),
            else_=t.max_value,
        ),
        "point_count": t.point_count + ex.point_count,
    }
