"""SearchRuns, CompareRuns and GetLeaderboard of the TrackingService, kept apart from
the rest of the servicer because the query language lives behind them."""

from __future__ import annotations

from cairn.v1 import tracking_service_pb2 as pb
from cairn_server.domain.errors import InvalidArgument
from cairn_server.domain.search.ast import Aggregate
from cairn_server.services.search import SearchService
from cairn_server.transport import convert as c
from cairn_server.transport.blocking import Blocking

_AGGREGATES = {
    pb.METRIC_AGGREGATE_UNSPECIFIED: Aggregate.LATEST,
    pb.METRIC_AGGREGATE_LATEST: Aggregate.LATEST,
    pb.METRIC_AGGREGATE_MIN: Aggregate.MIN,
    pb.METRIC_AGGREGATE_MAX: Aggregate.MAX,
}


def _aggregate(value: int) -> Aggregate:
    try:
        return _AGGREGATES[value]  # type: ignore[index]
    except KeyError:
        raise InvalidArgument(
            f"aggregate {value} is not a MetricAggregate", field="aggregate"
        ) from None


class SearchHandlers:
    def __init__(self, search: SearchService, blocking: Blocking) -> None:
        self._search = search
        self._blocking = blocking

    async def search_runs(self, request: pb.SearchRunsRequest) -> pb.SearchRunsResponse:
        page = await self._blocking(
            self._search.search_runs,
            list(request.experiment_ids),
            request.filter,
            list(request.order_by),
            c.view_type(request.view_type),
            request.page_size,
            request.page_token,
        )
        response = pb.SearchRunsResponse(next_page_token=page.next_page_token)
        c.add_runs(response.runs, page.items)
        return response

    async def compare_runs(self, request: pb.CompareRunsRequest) -> pb.CompareRunsResponse:
        result = await self._blocking(self._search.compare_runs, list(request.run_ids))
        response = pb.CompareRunsResponse(
            differing_param_keys=result.differing_param_keys,
            differing_tag_keys=result.differing_tag_keys,
        )
        c.add_runs(response.runs, result.runs)
        return response

    async def get_leaderboard(self, request: pb.GetLeaderboardRequest) -> pb.GetLeaderboardResponse:
        entries = await self._blocking(
            self._search.leaderboard,
            list(request.experiment_ids),
            request.filter,
            request.metric_key,
            _aggregate(request.aggregate),
            request.descending,
            request.k,
        )
        response = pb.GetLeaderboardResponse()
        for e in entries:
            entry = response.entries.add(rank=e.rank, value=e.value)
            c.fill_run(entry.run, e.run)
        return response
