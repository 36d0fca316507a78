"""SearchRuns, CompareRuns and GetLeaderboard of the TrackingService, kept apart from
the rest of the servicer because the query language lives behind them."""

from __future__ import annotations

from typing import Any

import grpc
from cairn.v1 import tracking_service_pb2 as pb

from cairn_server.domain.errors import InvalidArgument, Unimplemented
from cairn_server.services.tracking import TrackingService
from cairn_server.transport import convert as c
from cairn_server.transport.blocking import Blocking
from cairn_server.transport.tracking_servicer_filters import parse_basic_filter

Context = grpc.aio.ServicerContext[Any, Any]


class SearchHandlers:
    def __init__(self, tracking: TrackingService, blocking: Blocking) -> None:
        self._tracking = tracking
        self._blocking = blocking

    async def search_runs(self, request: pb.SearchRunsRequest) -> pb.SearchRunsResponse:
        if request.order_by:
            raise InvalidArgument(
                "order_by is not supported by this server version; omit it (newest runs first)",
                field="order_by",
            )
        statuses, tags = parse_basic_filter(request.filter)
        page = await self._blocking(
            self._tracking.search_runs_basic,
            list(request.experiment_ids),
            statuses,
            tags,
            c.view_type(request.view_type),
            request.page_size,
            request.page_token,
        )
        return pb.SearchRunsResponse(
            runs=[c.run_to_proto(r) for r in page.items], next_page_token=page.next_page_token
        )

    async def compare_runs(self, request: pb.CompareRunsRequest) -> pb.CompareRunsResponse:
        raise Unimplemented("CompareRuns is not implemented by this server version")

    async def get_leaderboard(self, request: pb.GetLeaderboardRequest) -> pb.GetLeaderboardResponse:
        raise Unimplemented("GetLeaderboard is not implemented by this server version")
