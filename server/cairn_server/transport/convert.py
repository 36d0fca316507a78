"""Conversion between cairn.v1 messages and domain entities."""

from __future__ import annotations

from collections.abc import Iterable

from google.protobuf.internal.containers import RepeatedCompositeFieldContainer

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


def fill_summary(msg: run_pb2.MetricSummary, s: MetricSummary) -> None:
    msg.key = s.key
    msg.latest_value = s.latest_value
    msg.latest_step = s.latest_step
    msg.latest_timestamp_millis = s.latest_timestamp
    msg.min_value = s.min_value
    msg.max_value = s.max_value
    msg.point_count = s.point_count


def add_summaries(
    field: RepeatedCompositeFieldContainer[run_pb2.MetricSummary],
    summaries: Iterable[MetricSummary],
) -> None:
    add = field.add
    for s in summaries:
        fill_summary(add(), s)


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


def fill_run(msg: run_pb2.Run, run: Run) -> None:
    """Writes `run` into an empty message where it will be sent. Messages are built in
    place, field by field: adding a submessage to its repeated field and setting its
    fields costs half of constructing it with keywords and then a list, and putting a
    finished Run into a response copies it whole (a page of 100 runs with ~2,300
    params, tags and metric summaries: about 4 ms instead of 10)."""
    msg.run_id = run.run_id
    msg.experiment_id = run.experiment_id
    msg.run_name = run.run_name
    msg.parent_run_id = run.parent_run_id
    msg.status = int(run.status)  # type: ignore[assignment]
    msg.start_time_millis = run.start_time
    msg.end_time_millis = run.end_time
    msg.user = run.user
    msg.lifecycle_state = _LIFECYCLE[run.lifecycle]
    msg.artifact_uri = run.artifact_uri
    msg.create_time_millis = run.create_time
    msg.update_time_millis = run.update_time
    add_param = msg.params.add
    for key, value in sorted(run.params.items()):
        param = add_param()
        param.key = key
        param.value = value
    add_tag = msg.tags.add
    for key, value in sorted(run.tags.items()):
        tag = add_tag()
        tag.key = key
        tag.value = value
    add_summaries(msg.latest_metrics, run.metrics)
    if run.inputs:
        msg.inputs.extend(dataset_input_to_proto(i) for i in run.inputs)


def add_runs(field: RepeatedCompositeFieldContainer[run_pb2.Run], runs: Iterable[Run]) -> None:
    add = field.add
    for run in runs:
        fill_run(add(), run)


def run_to_proto(run: Run) -> run_pb2.Run:
    msg = run_pb2.Run()
    fill_run(msg, run)
    return msg
