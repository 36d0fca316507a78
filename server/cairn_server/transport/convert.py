"""Conversion between cairn.v1 messages and domain entities."""

from __future__ import annotations

from collections.abc import Iterable

from cairn.v1 import common_pb2, experiment_pb2, run_pb2
from cairn_server.domain.entities import (
    Dataset,
    DatasetInput,
    Experiment,
    Lifecycle,
    MetricSummary,
    Run,
    ViewType,
)
from cairn_server.domain.errors import InvalidArgument

_LIFECYCLE = {
    Lifecycle.ACTIVE: common_pb2.LIFECYCLE_STATE_ACTIVE,
    Lifecycle.DELETED: common_pb2.LIFECYCLE_STATE_DELETED,
}


def view_type(value: int) -> ViewType:
    if value == common_pb2.VIEW_TYPE_UNSPECIFIED:
        return ViewType.ACTIVE_ONLY
    try:
        return ViewType(value)
    except ValueError:
        raise InvalidArgument(f"view_type {value} is not a ViewType", field="view_type") from None


def pairs(items: Iterable[common_pb2.KeyValue | run_pb2.Param]) -> list[tuple[str, str]]:
    return [(item.key, item.value) for item in items]


def key_values(mapping: dict[str, str]) -> list[common_pb2.KeyValue]:
    return [common_pb2.KeyValue(key=k, value=v) for k, v in sorted(mapping.items())]


def experiment_to_proto(exp: Experiment) -> experiment_pb2.Experiment:
    return experiment_pb2.Experiment(
        experiment_id=exp.experiment_id,
        name=exp.name,
        description=exp.description,
        lifecycle_state=_LIFECYCLE[exp.lifecycle],
        artifact_location=exp.artifact_location,
        tags=key_values(exp.tags),
        create_time_millis=exp.create_time,
        update_time_millis=exp.update_time,
        delete_time_millis=exp.delete_time,
    )


def summary_to_proto(s: MetricSummary) -> run_pb2.MetricSummary:
    return run_pb2.MetricSummary(
        key=s.key,
        latest_value=s.latest_value,
        latest_step=s.latest_step,
        latest_timestamp_millis=s.latest_timestamp,
        min_value=s.min_value,
        max_value=s.max_value,
        point_count=s.point_count,
    )


def dataset_input_to_proto(item: DatasetInput) -> run_pb2.DatasetInput:
    ds = item.dataset
    return run_pb2.DatasetInput(
        dataset=run_pb2.Dataset(
            name=ds.name,
            digest=ds.digest,
            source_uri=ds.source_uri,
            source_type=ds.source_type,
            schema=ds.schema,
            profile=ds.profile,
        ),
        context=item.context,
    )


def dataset_input_from_proto(item: run_pb2.DatasetInput) -> DatasetInput:
    ds = item.dataset
    return DatasetInput(
        dataset=Dataset(
            name=ds.name,
            digest=ds.digest,
            source_uri=ds.source_uri,
            source_type=ds.source_type,
            schema=ds.schema,
            profile=ds.profile,
        ),
        context=item.context,
    )


def run_to_proto(run: Run) -> run_pb2.Run:
    return run_pb2.Run(
        run_id=run.run_id,
        experiment_id=run.experiment_id,
        run_name=run.run_name,
        parent_run_id=run.parent_run_id,
        status=int(run.status),  # type: ignore[arg-type]
        start_time_millis=run.start_time,
        end_time_millis=run.end_time,
        user=run.user,
        lifecycle_state=_LIFECYCLE[run.lifecycle],
        artifact_uri=run.artifact_uri,
        params=[run_pb2.Param(key=k, value=v) for k, v in sorted(run.params.items())],
        tags=key_values(run.tags),
        latest_metrics=[summary_to_proto(s) for s in run.metrics],
        inputs=[dataset_input_to_proto(i) for i in run.inputs],
        create_time_millis=run.create_time,
        update_time_millis=run.update_time,
    )
