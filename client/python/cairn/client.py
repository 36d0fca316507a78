"""Client over the generated stubs: one method per RPC family, errors as CairnError."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

import grpc
import numpy as np
from google.protobuf import field_mask_pb2

from cairn.artifacts import ArtifactMethods
from cairn.connection import Tls, default_address, open_channel
from cairn.errors import AlreadyExistsError, NotFoundError, from_rpc_error
from cairn.v1 import (
    common_pb2,
    experiment_pb2,
    metric_pb2,
    run_pb2,
    tracking_service_pb2_grpc,
)
from cairn.v1 import (
    tracking_service_pb2 as pb,
)

T = TypeVar("T")

RUN_STATUS = {
    "RUNNING": run_pb2.RUN_STATUS_RUNNING,
    "SCHEDULED": run_pb2.RUN_STATUS_SCHEDULED,
    "FINISHED": run_pb2.RUN_STATUS_FINISHED,
    "FAILED": run_pb2.RUN_STATUS_FAILED,
    "KILLED": run_pb2.RUN_STATUS_KILLED,
}


def _kv(mapping: Mapping[str, object] | None) -> list[common_pb2.KeyValue]:
    return [common_pb2.KeyValue(key=k, value=str(v)) for k, v in (mapping or {}).items()]


class Client(ArtifactMethods):
    """A connection to a Cairn server. Thread-safe; share one per process."""

    def __init__(
        self,
        address: str | None = None,
        *,
        user: str | None = None,
        timeout: float = 30.0,
        token: str | None = None,
        tls: Tls | None = None,
        channel: grpc.Channel | None = None,
    ) -> None:
        """`token` (default CAIRN_TOKEN) is sent as `authorization: Bearer …`; `tls`
        (default from CAIRN_TLS, CAIRN_TLS_CA, CAIRN_TLS_CLIENT_CERT, CAIRN_TLS_CLIENT_KEY) turns on
        TLS, with a client certificate for mutual TLS."""
        self.address = address or default_address()
        self.user = user or os.environ.get("CAIRN_USER") or os.environ.get("USER", "")
        self.timeout = timeout
        self._owns_channel = channel is None
        self.channel = channel or open_channel(self.address, token=token, tls=tls)
        self.tracking = tracking_service_pb2_grpc.TrackingServiceStub(self.channel)
        self._metadata = (("x-cairn-user", self.user),) if self.user else ()

    def close(self) -> None:
        if self._owns_channel:
            self.channel.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def call(self, method: Callable[..., T], request: Any, timeout: float | None = None) -> T:
        try:
            return method(request, timeout=timeout or self.timeout, metadata=self._metadata)
        except grpc.RpcError as exc:
            raise from_rpc_error(exc) from None

    # -- experiments --------------------------------------------------------

    def create_experiment(
        self, name: str, description: str = "", tags: Mapping[str, object] | None = None
    ) -> experiment_pb2.Experiment:
        req = pb.CreateExperimentRequest(name=name, description=description, tags=_kv(tags))
        return self.call(self.tracking.CreateExperiment, req).experiment

    def get_experiment(self, experiment_id: str) -> experiment_pb2.Experiment:
        req = pb.GetExperimentRequest(experiment_id=experiment_id)
        return self.call(self.tracking.GetExperiment, req).experiment

    def get_experiment_by_name(self, name: str) -> experiment_pb2.Experiment:
        req = pb.GetExperimentByNameRequest(name=name)
        return self.call(self.tracking.GetExperimentByName, req).experiment

    def get_or_create_experiment(self, name: str) -> experiment_pb2.Experiment:
        try:
            return self.get_experiment_by_name(name)
        except NotFoundError:
            try:
                return self.create_experiment(name)
            except AlreadyExistsError:  # created concurrently by someone else
                return self.get_experiment_by_name(name)

    def list_experiments(
        self,
        *,
        view: common_pb2.ViewType.ValueType = common_pb2.VIEW_TYPE_ACTIVE_ONLY,
        name_contains: str = "",
    ) -> Iterator[experiment_pb2.Experiment]:
        token = ""
        while True:
            req = pb.ListExperimentsRequest(
                page_size=1000,
                page_token=token,
                view_type=view,
                name_contains=name_contains,
            )
            resp = self.call(self.tracking.ListExperiments, req)
            yield from resp.experiments
            token = resp.next_page_token
            if not token:
                return

    def update_experiment(
        self,
        experiment_id: str,
        *,
        name: str | None = None,
        description: str | None = None,
        tags: Mapping[str, object] | None = None,
    ) -> experiment_pb2.Experiment:
        exp = experiment_pb2.Experiment(experiment_id=experiment_id)
        paths = []
        if name is not None:
            exp.name = name
            paths.append("name")
        if description is not None:
            exp.description = description
            paths.append("description")
        if tags is not None:
            exp.tags.extend(_kv(tags))
            paths.append("tags")
        req = pb.UpdateExperimentRequest(
            experiment=exp, update_mask=field_mask_pb2.FieldMask(paths=paths)
        )
        return self.call(self.tracking.UpdateExperiment, req).experiment

    def delete_experiment(self, experiment_id: str) -> experiment_pb2.Experiment:
        req = pb.DeleteExperimentRequest(experiment_id=experiment_id)
        return self.call(self.tracking.DeleteExperiment, req).experiment

    def restore_experiment(self, experiment_id: str) -> experiment_pb2.Experiment:
        req = pb.RestoreExperimentRequest(experiment_id=experiment_id)
        return self.call(self.tracking.RestoreExperiment, req).experiment

    # -- runs ---------------------------------------------------------------

    def create_run(
        self,
        experiment_id: str,
        *,
        run_name: str = "",
        parent_run_id: str = "",
        params: Mapping[str, object] | None = None,
        tags: Mapping[str, object] | None = None,
        start_time_millis: int = 0,
        request_id: str = "",
    ) -> run_pb2.Run:
        req = pb.CreateRunRequest(
            experiment_id=experiment_id,
            run_name=run_name,
            parent_run_id=parent_run_id,
            start_time_millis=start_time_millis,
            user=self.user,
            params=[run_pb2.Param(key=k, value=str(v)) for k, v in (params or {}).items()],
            tags=_kv(tags),
            request_id=request_id,
        )
        return self.call(self.tracking.CreateRun, req).run

    def get_run(self, run_id: str) -> run_pb2.Run:
        return self.call(self.tracking.GetRun, pb.GetRunRequest(run_id=run_id)).run

    def update_run(
        self,
        run_id: str,
        *,
        status: str | None = None,
        run_name: str | None = None,
        end_time_millis: int | None = None,
    ) -> run_pb2.Run:
        run = run_pb2.Run(run_id=run_id)
        paths = []
        if status is not None:
            run.status = RUN_STATUS[status.upper()]
            paths.append("status")
        if run_name is not None:
            run.run_name = run_name
            paths.append("run_name")
        if end_time_millis is not None:
            run.end_time_millis = end_time_millis
            paths.append("end_time_millis")
        req = pb.UpdateRunRequest(run=run, update_mask=field_mask_pb2.FieldMask(paths=paths))
        return self.call(self.tracking.UpdateRun, req).run

    def delete_run(self, run_id: str) -> run_pb2.Run:
        return self.call(self.tracking.DeleteRun, pb.DeleteRunRequest(run_id=run_id)).run

    def restore_run(self, run_id: str) -> run_pb2.Run:
        return self.call(self.tracking.RestoreRun, pb.RestoreRunRequest(run_id=run_id)).run

    def log_params(self, run_id: str, params: Mapping[str, object]) -> None:
        items = [run_pb2.Param(key=k, value=str(v)) for k, v in params.items()]
        for i in range(0, len(items), 1000):
            self.call(
                self.tracking.LogParams,
                pb.LogParamsRequest(run_id=run_id, params=items[i : i + 1000]),
            )

    def set_tags(self, run_id: str, tags: Mapping[str, object]) -> None:
        items = _kv(tags)
        for i in range(0, len(items), 1000):
            self.call(
                self.tracking.SetTags, pb.SetTagsRequest(run_id=run_id, tags=items[i : i + 1000])
            )

    def delete_tag(self, run_id: str, key: str) -> None:
        self.call(self.tracking.DeleteTag, pb.DeleteTagRequest(run_id=run_id, key=key))

    def log_inputs(self, run_id: str, inputs: Sequence[run_pb2.DatasetInput]) -> None:
        self.call(self.tracking.LogInputs, pb.LogInputsRequest(run_id=run_id, inputs=list(inputs)))

    # -- metrics ------------------------------------------------------------

    def log_metric_batch(
        self,
        run_id: str,
        key: str,
        steps: Sequence[int] | np.ndarray[Any, Any],
        values: Sequence[float] | np.ndarray[Any, Any],
        timestamps_millis: Sequence[int] | np.ndarray[Any, Any] = (),
        request_id: str = "",
    ) -> int:
        """Logs one columnar batch synchronously (the streamer is faster for training loops)."""
        batch = metric_pb2.MetricBatch(
            run_id=run_id,
            key=key,
            steps=np.asarray(steps, dtype=np.int64),
            values=np.asarray(values, dtype=np.float64),
            timestamps_millis=np.asarray(timestamps_millis, dtype=np.int64),
        )
        req = pb.LogMetricsRequest(batches=[batch], request_id=request_id)
        return self.call(self.tracking.LogMetrics, req).points_written

    def get_metric_history(
        self,
        run_id: str,
        key: str,
        *,
        start_step: int | None = None,
        end_step: int | None = None,
        max_points: int = 0,
    ) -> tuple[
        np.ndarray[Any, np.dtype[np.int64]],
        np.ndarray[Any, np.dtype[np.float64]],
        np.ndarray[Any, np.dtype[np.int64]],
    ]:
        """Returns (steps, values, timestamps_millis) as numpy arrays in step order."""
        req = pb.GetMetricHistoryRequest(run_id=run_id, key=key, max_points=max_points)
        if start_step is not None:
            req.start_step = start_step
        if end_step is not None:
            req.end_step = end_step
        steps, values, stamps = [], [], []
        try:
            for part in self.tracking.GetMetricHistory(
                req, timeout=self.timeout * 10, metadata=self._metadata
            ):
                steps.append(np.array(part.points.steps, dtype=np.int64))
                values.append(np.array(part.points.values, dtype=np.float64))
                stamps.append(np.array(part.points.timestamps_millis, dtype=np.int64))
        except grpc.RpcError as exc:
            raise from_rpc_error(exc) from None
        if not steps:
            return np.empty(0, np.int64), np.empty(0, np.float64), np.empty(0, np.int64)
        return np.concatenate(steps), np.concatenate(values), np.concatenate(stamps)

    def list_metric_keys(self, run_id: str) -> list[run_pb2.MetricSummary]:
        resp = self.call(self.tracking.ListMetricKeys, pb.ListMetricKeysRequest(run_id=run_id))
        return list(resp.metrics)

    # -- search -------------------------------------------------------------

    def search_runs(
        self,
        experiment_ids: Sequence[str] = (),
        filter: str = "",
        order_by: Sequence[str] = (),
        *,
        view: common_pb2.ViewType.ValueType = common_pb2.VIEW_TYPE_ACTIVE_ONLY,
        page_size: int = 1000,
        max_results: int | None = None,
    ) -> Iterator[run_pb2.Run]:
        token = ""
        seen = 0
        while True:
            req = pb.SearchRunsRequest(
                experiment_ids=list(experiment_ids),
                filter=filter,
                order_by=list(order_by),
                view_type=view,
                page_size=page_size,
                page_token=token,
            )
            resp = self.call(self.tracking.SearchRuns, req)
            for run in resp.runs:
                yield run
                seen += 1
                if max_results is not None and seen >= max_results:
                    return
            token = resp.next_page_token
            if not token:
                return


def client_from(ctx: Any) -> Client:
    """A Client for a `cairn` CLI command: the root command's --address and --token."""
    obj = ctx.find_root().obj or {}
    return Client(obj.get("address"), token=obj.get("token"))
