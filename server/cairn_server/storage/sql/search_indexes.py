"""Indexes that serve run search (migration 0004; docs/search.md explains the plans).

- latest_metrics (key, value, run_id): a search ordered by a metric walks this index
  in order and stops after a page; range filters on that metric bound the walk; the
  run_id column makes ties come out in keyset order and the walk index-only.
- latest_metrics (key, min_value, run_id) and (key, max_value, run_id): the same for
  leaderboards ranked by a metric's minimum or maximum.
- runs (start_time, id): the default order (newest first) across experiments.
- runs (experiment_id, lifecycle_state, start_time, id): the same within one
  experiment, which is the most common listing of all.
- runs (run_name) (migration 0006; varchar_pattern_ops on PostgreSQL): `run_name LIKE
  'prefix%'` as an index range."""

from __future__ import annotations

from sqlalchemy import Index

from cairn_server.storage.sql.models import LatestMetricRow, RunRow

SEARCH_INDEXES = (
    Index(None, LatestMetricRow.key, LatestMetricRow.value, LatestMetricRow.run_id),
    Index(None, LatestMetricRow.key, LatestMetricRow.min_value, LatestMetricRow.run_id),
    Index(None, LatestMetricRow.key, LatestMetricRow.max_value, LatestMetricRow.run_id),
    Index(None, RunRow.start_time, RunRow.id),
    Index(None, RunRow.experiment_id, RunRow.lifecycle_state, RunRow.start_time, RunRow.id),
    Index(None, RunRow.run_name, postgresql_ops={"run_name": "varchar_pattern_ops"}),
)
