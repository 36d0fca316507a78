"""gRPC servicer of cairn.v1.TrackingService: decode, call one service method, encode."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import AsyncIterator, Iterator
from typing import Any, TypeVar, cast

import grpc

from cairn.v1 import tracking_service_pb2 as pb
from cairn.v1.tracking_service_pb2_grpc import TrackingServiceServicer
from cairn_server.domain import metrics as m
from cairn_server.domain.access import current_principal
from cairn_server.domain.entities import Lifecycle, RunStatus
from cairn_server.domain.errors import CairnError, InvalidArgument, OutOfRange
from cairn_server.services.metrics import (
    BatchInput,
    MetricsService,
    StreamCommit,
    StreamCommitResult,
    StreamMessage,
    as_arrays,
)
from cairn_server.services.tracking import RunUpdate, TrackingService
from cairn_server.transport import convert as c
from cairn_server.transport import wire
from cairn_server.transport.blocking import Blocking
from cairn_server.transport.search_handlers import SearchHandlers
from cairn_server.transport.stream_budget import ByteBudget

Context = grpc.aio.ServicerContext[Any, Any]

# Stream messages received but not yet committed; past this the server stops
# reading, so gRPC flow control pushes back on the client.
STREAM_WINDOW = 64
# History parts read per hop to a worker thread (each at most 64k points or one chunk).
HISTORY_PARTS_PER_HOP = 4

T = TypeVar("T")


def batch_inputs(batches: Any) -> list[BatchInput]:
    return [
        BatchInput(b.run_id, b.key, *as_arrays(b.steps, b.values, b.timestamps_millis))
        for b in batches
    ]


class TrackingServicer(TrackingServiceServicer):
    def __init__(
        self,
        tracking: TrackingService,
        metrics: MetricsService,
        search: SearchHandlers,
        blocking: Blocking,
        stream_budget: ByteBudget,
    ) -> None:
        self._tracking = tracking
        self._stream_budget = stream_budget
        self._metrics = metrics
        self._search = search
        self._blocking = blocking

    # -- experiments --------------------------------------------------------

    async def CreateExperiment(
        self, request: pb.CreateExperimentRequest, context: Context
    ) -> pb.CreateExperimentResponse:
        exp = await self._blocking(
            self._tracking.create_experiment,
            request.name,
            request.description,
            c.pairs(request.tags),
            request.request_id,
        )
        return pb.CreateExperimentResponse(experiment=c.experiment_to_proto(exp))

    async def GetExperiment(
        self, request: pb.GetExperimentRequest, context: Context
    ) -> pb.GetExperimentResponse:
        exp = await self._blocking(self._tracking.get_experiment, request.experiment_id)
        return pb.GetExperimentResponse(experiment=c.experiment_to_proto(exp))

    async def GetExperimentByName(
        self, request: pb.GetExperimentByNameRequest, context: Context
    ) -> pb.GetExperimentByNameResponse:
        exp = await self._blocking(self._tracking.get_experiment_by_name, request.name)
        return pb.GetExperimentByNameResponse(experiment=c.experiment_to_proto(exp))

    async def ListExperiments(
        self, request: pb.ListExperimentsRequest, context: Context
    ) -> pb.ListExperimentsResponse:
        page = await self._blocking(
            self._tracking.list_experiments,
            request.page_size,
            request.page_token,
            c.view_type(request.view_type),
            request.name_contains,
        )
        return pb.ListExperimentsResponse(
            experiments=[c.experiment_to_proto(e) for e in page.items],
            next_page_token=page.next_page_token,
        )

    async def UpdateExperiment(
        self, request: pb.UpdateExperimentRequest, context: Context
    ) -> pb.UpdateExperimentResponse:
        exp = request.experiment
        updated = await self._blocking(
            self._tracking.update_experiment,
            exp.experiment_id,
            list(request.update_mask.paths),
            exp.name,
            exp.description,
            c.pairs(exp.tags),
        )
        return pb.UpdateExperimentResponse(experiment=c.experiment_to_proto(updated))

    async def DeleteExperiment(
        self, request: pb.DeleteExperimentRequest, context: Context
    ) -> pb.DeleteExperimentResponse:
        exp = await self._blocking(
            self._tracking.set_experiment_lifecycle, request.experiment_id, Lifecycle.DELETED
        )
        return pb.DeleteExperimentResponse(experiment=c.experiment_to_proto(exp))

    async def RestoreExperiment(
        self, request: pb.RestoreExperimentRequest, context: Context
    ) -> pb.RestoreExperimentResponse:
        exp = await self._blocking(
            self._tracking.set_experiment_lifecycle, request.experiment_id, Lifecycle.ACTIVE
        )
        return pb.RestoreExperimentResponse(experiment=c.experiment_to_proto(exp))

    # -- runs ---------------------------------------------------------------

    async def CreateRun(
        self, request: pb.CreateRunRequest, context: Context
    ) -> pb.CreateRunResponse:
        principal = current_principal()
        run = await self._blocking(
            self._tracking.create_run,
            request.experiment_id,
            request.run_name,
            request.parent_run_id,
            request.start_time_millis,
            request.user if principal.anonymous else principal.name,
            c.pairs(request.params),
            c.pairs(request.tags),
            request.request_id,
        )
        return pb.CreateRunResponse(run=c.run_to_proto(run))

    async def GetRun(self, request: pb.GetRunRequest, context: Context) -> pb.GetRunResponse:
        run = await self._blocking(self._tracking.get_run, request.run_id)
        return pb.GetRunResponse(run=c.run_to_proto(run))

    async def UpdateRun(
        self, request: pb.UpdateRunRequest, context: Context
    ) -> pb.UpdateRunResponse:
        r = request.run
        status: RunStatus | None = None
        if "status" in request.update_mask.paths:
            try:
                status = RunStatus(r.status)
            except ValueError:
                raise InvalidArgument(
                    f"run.status {r.status} is not a RunStatus; use RUNNING, SCHEDULED, "
                    "FINISHED, FAILED or KILLED",
                    field="run.status",
                ) from None
        run = await self._blocking(
            self._tracking.update_run,
            r.run_id,
            list(request.update_mask.paths),
            RunUpdate(status=status, run_name=r.run_name, end_time=r.end_time_millis),
        )
        return pb.UpdateRunResponse(run=c.run_to_proto(run))

    async def DeleteRun(
        self, request: pb.DeleteRunRequest, context: Context
    ) -> pb.DeleteRunResponse:
        run = await self._blocking(
            self._tracking.set_run_lifecycle, request.run_id, Lifecycle.DELETED
        )
        return pb.DeleteRunResponse(run=c.run_to_proto(run))

    async def RestoreRun(
        self, request: pb.RestoreRunRequest, context: Context
    ) -> pb.RestoreRunResponse:
        run = await self._blocking(
            self._tracking.set_run_lifecycle, request.run_id, Lifecycle.ACTIVE
        )
        return pb.RestoreRunResponse(run=c.run_to_proto(run))

    # -- params, tags, inputs ----------------------------------------------------

    async def LogParams(
        self, request: pb.LogParamsRequest, context: Context
    ) -> pb.LogParamsResponse:
        await self._blocking(self._tracking.log_params, request.run_id, c.pairs(request.params))
        return pb.LogParamsResponse()

    async def SetTags(self, request: pb.SetTagsRequest, context: Context) -> pb.SetTagsResponse:
        await self._blocking(self._tracking.set_tags, request.run_id, c.pairs(request.tags))
        return pb.SetTagsResponse()

    async def DeleteTag(
        self, request: pb.DeleteTagRequest, context: Context
    ) -> pb.DeleteTagResponse:
        await self._blocking(self._tracking.delete_tag, request.run_id, request.key)
        return pb.DeleteTagResponse()

    async def LogInputs(
        self, request: pb.LogInputsRequest, context: Context
    ) -> pb.LogInputsResponse:
        inputs = [c.dataset_input_from_proto(i) for i in request.inputs]
        await self._blocking(self._tracking.log_inputs, request.run_id, inputs)
        return pb.LogInputsResponse()

    # -- metrics ------------------------------------------------------------

    async def LogMetrics(
        self, request: pb.LogMetricsRequest, context: Context
    ) -> pb.LogMetricsResponse:
        future = self._metrics.log_metrics(batch_inputs(request.batches), request.request_id)
        written = await asyncio.wrap_future(future)
        return pb.LogMetricsResponse(points_written=int(written))  # type: ignore[call-overload]

    async def GetMetricHistory(
        self, request: pb.GetMetricHistoryRequest, context: Context
    ) -> AsyncIterator[pb.GetMetricHistoryResponse]:
        start = request.start_step if request.HasField("start_step") else None
        end = request.end_step if request.HasField("end_step") else None
        # Pulled a few parts at a time, so memory holds what is in flight, not the
        # whole history (10M points are 240 MB as arrays).
        parts = self._metrics.history(request.run_id, request.key, start, end, request.max_points)
        try:
            while batch := await self._blocking(_take, parts, HISTORY_PARTS_PER_HOP):
                for part in batch:
                    if isinstance(part, m.Points):
                        raw = (
                            part.steps.tobytes(),
                            part.values.tobytes(),
                            part.timestamps.tobytes(),
                        )
                    else:
                        raw = part
                    yield pb.GetMetricHistoryResponse.FromString(wire.history_response(*raw))
                del batch
        finally:
            # Ends the read transaction now, also when the caller went away mid-stream.
            await self._blocking(parts.close)

    async def ListMetricKeys(
        self, request: pb.ListMetricKeysRequest, context: Context
    ) -> pb.ListMetricKeysResponse:
        summaries = await self._blocking(self._metrics.list_metric_keys, request.run_id)
        response = pb.ListMetricKeysResponse()
        c.add_summaries(response.metrics, summaries)
        return response

    async def StreamMetrics(
        self, request_iterator: AsyncIterator[pb.StreamMetricsRequest], context: Context
    ) -> AsyncIterator[pb.StreamMetricsResponse]:
        async for response in MetricStream(self._metrics, self._stream_budget).run(
            request_iterator
        ):
            yield response

    # -- search -------------------------------------------------------------

    async def SearchRuns(
        self, request: pb.SearchRunsRequest, context: Context
    ) -> pb.SearchRunsResponse:
        return await self._search.search_runs(request)

    async def CompareRuns(
        self, request: pb.CompareRunsRequest, context: Context
    ) -> pb.CompareRunsResponse:
        return await self._search.compare_runs(request)

    async def GetLeaderboard(
        self, request: pb.GetLeaderboardRequest, context: Context
    ) -> pb.GetLeaderboardResponse:
        return await self._search.get_leaderboard(request)


class MetricStream:
    """One StreamMetrics call: sequencing, dedup, pipelined group commits and acks."""

    def __init__(self, metrics: MetricsService, budget: ByteBudget) -> None:
        self._metrics = metrics
        self._budget = budget
        self._held = 0  # budget bytes this stream holds: read, not yet committed

    def _release(self, n: int) -> None:
        self._held -= n
        self._budget.release(n)

    async def run(
        self, requests: AsyncIterator[pb.StreamMetricsRequest]
    ) -> AsyncIterator[pb.StreamMetricsResponse]:
        first = await anext(aiter(requests), None)
        if first is None:
            return
        if first.WhichOneof("message") != "open":
            raise InvalidArgument(
                "the first StreamMetrics message must be `open` with a stream_id", field="open"
            )
        stream_id = first.open.stream_id
        opened = await asyncio.wrap_future(self._metrics.open_stream(stream_id))
        committed, epoch = cast(tuple[int, int], opened)
        yield pb.StreamMetricsResponse(
            opened=pb.StreamOpened(stream_id=stream_id, last_committed_seq=committed, epoch=epoch)
        )
        received = committed  # highest seq accepted into `pending` or committed
        pending: list[StreamMessage] = []
        pending_bytes = 0
        inflight: asyncio.Future[object] | None = None
        inflight_bytes = 0
        failure: CairnError | None = None
        incoming: asyncio.Queue[tuple[pb.StreamMetricsRequest, int] | CairnError | None] = (
            asyncio.Queue(STREAM_WINDOW)
        )

        async def read() -> None:
            try:
                async for req in requests:
                    size = req.ByteSize()
                    await self._budget.acquire(size)
                    self._held += size
                    await incoming.put((req, size))
            except CairnError as exc:  # a message refused on the way in (e.g. access)
                await incoming.put(exc)
            finally:
                await incoming.put(None)

        reader = asyncio.create_task(read())
        getter: asyncio.Task[tuple[pb.StreamMetricsRequest, int] | CairnError | None] | None = None
        ended = False
        try:
            while True:
                if inflight is None and pending:
                    inflight = asyncio.wrap_future(
                        self._metrics.commit_stream(
                            StreamCommit(stream_id, epoch, committed, pending)
                        )
                    )
                    inflight_bytes, pending, pending_bytes = pending_bytes, [], 0
                if inflight is None and (ended or failure):
                    break
                waits: set[asyncio.Future[Any]] = set()
                if inflight is not None:
                    waits.add(inflight)
                if not ended and failure is None:
                    if getter is None:
                        getter = asyncio.ensure_future(incoming.get())
                    waits.add(getter)
                done, _ = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
                if inflight is not None and inflight in done:
                    result = inflight.result()
                    inflight = None
                    self._release(inflight_bytes)
                    assert isinstance(result, StreamCommitResult)
                    if result.committed_seq > committed:
                        committed = result.committed_seq
                        yield pb.StreamMetricsResponse(
                            ack=pb.StreamAck(
                                acked_seq=committed, points_written=result.points_written
                            )
                        )
                    if result.error is not None:
                        pending = []
                        failure = result.error
                        break
                if getter is not None and getter in done:
                    item = getter.result()
                    getter = None
                    if item is None:
                        ended = True
                        continue
                    if isinstance(item, CairnError):
                        failure = item
                        continue
                    req, size = item
                    try:
                        message = self._accept(req, received, committed)
                    except CairnError as exc:
                        failure = exc
                        continue
                    if message is None:
                        self._release(size)
                        if req.data.seq <= committed:
                            yield pb.StreamMetricsResponse(
                                ack=pb.StreamAck(acked_seq=req.data.seq, duplicate=True)
                            )
                        continue
                    pending.append(message)
                    pending_bytes += size
                    received = message.seq
                    # Its arrays must not outlive the commit while this stream idles.
                    del message
            if failure is not None:
                raise failure
        finally:
            reader.cancel()
            if getter is not None:
                getter.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await reader
            self._release(self._held)  # whatever never reached a commit

    def _accept(
        self, req: pb.StreamMetricsRequest, received: int, committed: int
    ) -> StreamMessage | None:
        """Checks one data message's seq; returns None for a duplicate."""
        if req.WhichOneof("message") != "data":
            raise InvalidArgument(
                "`open` may only be the first message of a stream; send `data` messages",
                field="open",
            )
        seq = req.data.seq
        if seq < 1:
            raise InvalidArgument(f"seq must be 1 or more (got {seq})", field="data.seq")
        if seq <= received:
            return None
        if seq != received + 1:
            raise OutOfRange(
                f"seq {seq} skips ahead: the next expected seq is {received + 1} "
                f"(last committed: {committed}); resend from {received + 1}",
                reason="STREAM_SEQ_GAP",
            )
        return self._metrics.prepare_message(seq, batch_inputs(req.data.batches))


def _take(parts: Iterator[T], n: int) -> list[T]:
    return list(itertools.islice(parts, n))
