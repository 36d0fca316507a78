"""Finding, comparing and ranking runs.

    from cairn import Client
    from cairn.search import best_run, compare_runs, leaderboard

    with Client() as client:
        top = leaderboard(client, "val_acc", experiment_ids=[exp_id], aggregate="max", k=5)
        diff = compare_runs(client, [e.run.run_id for e in top])
        print(diff.differing_param_keys)

Filters use the SearchRuns language (docs/search.md); `Client.search_runs` pages
through SearchRuns itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from cairn.client import Client
from cairn.v1 import run_pb2
from cairn.v1 import tracking_service_pb2 as pb

AGGREGATES = {
    "latest": pb.METRIC_AGGREGATE_LATEST,
    "min": pb.METRIC_AGGREGATE_MIN,
    "max": pb.METRIC_AGGREGATE_MAX,
}


def compare_runs(client: Client, run_ids: Sequence[str]) -> pb.CompareRunsResponse:
    """Runs side by side (1-100, in the order given) and the param and tag keys
    whose values differ between them."""
    return client.call(client.tracking.CompareRuns, pb.CompareRunsRequest(run_ids=list(run_ids)))


def leaderboard(
    client: Client,
    metric_key: str,
    *,
    experiment_ids: Sequence[str] = (),
    filter: str = "",
    aggregate: str = "latest",
    descending: bool = True,
    k: int = 10,
) -> list[pb.LeaderboardEntry]:
    """The top k runs by one metric: `aggregate` is "latest", "min" or "max";
    descending=True ranks larger values first (accuracy), False smaller (loss).
    Runs lacking the metric, or whose value is NaN, are not ranked."""
    try:
        agg = AGGREGATES[aggregate.lower()]
    except KeyError:
        raise ValueError(f"aggregate must be one of {', '.join(AGGREGATES)}") from None
    req = pb.GetLeaderboardRequest(
        experiment_ids=list(experiment_ids),
        filter=filter,
        metric_key=metric_key,
        aggregate=agg,
        descending=descending,
        k=k,
    )
    return list(client.call(client.tracking.GetLeaderboard, req).entries)


def best_run(
    client: Client,
    metric_key: str,
    *,
    experiment_ids: Sequence[str] = (),
    filter: str = "",
    aggregate: str = "latest",
    descending: bool = True,
) -> run_pb2.Run | None:
    """The single best run by a metric, or None when no run has it."""
    top = leaderboard(
        client,
        metric_key,
        experiment_ids=experiment_ids,
        filter=filter,
        aggregate=aggregate,
        descending=descending,
        k=1,
    )
    return top[0].run if top else None


def metric_values(run: run_pb2.Run) -> dict[str, run_pb2.MetricSummary]:
    """A run's metric summaries by key."""
    return {m.key: m for m in run.latest_metrics}
