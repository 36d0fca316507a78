"""A parsed run search, as the service hands it to storage."""

from __future__ import annotations

from dataclasses import dataclass

from cairn_server.domain.entities import ViewType
from cairn_server.domain.search.ast import Expr, FieldKind, OrderKey

# MLflow's default order: newest runs first.
DEFAULT_ORDER = "attributes.start_time DESC"


@dataclass(frozen=True)
class RunQuery:
    # None searches every experiment the view admits (all active ones by default).
    experiment_ids: tuple[str, ...] | None
    view: ViewType
    filter: Expr | None
    # Never empty; the first key decides how the search walks its index. Ties break
    # by run_id in the direction of the first key.
    order: tuple[OrderKey, ...]
    # Leaderboards rank only runs that have a (non-NaN) value of the first key.
    only_with_value: bool = False
    # Direction of the run_id tie-break when not the first key's (a search of one
    # value of an outer first key keeps that key's direction for ties).
    ties_descending: bool | None = None

    def __post_init__(self) -> None:
        assert self.order, "a run query needs at least one order key"
        assert self.order[0].field.kind is not FieldKind.DATASET
