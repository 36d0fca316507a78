"""Domain entities: plain data, no gRPC and no SQL."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


class Lifecycle(enum.StrEnum):
    ACTIVE = "active"
    DELETED = "deleted"


class ViewType(enum.IntEnum):
    ACTIVE_ONLY = 1
    DELETED_ONLY = 2
    ALL = 3


class RunStatus(enum.IntEnum):
    """Values match cairn.v1.RunStatus."""

    RUNNING = 1
    SCHEDULED = 2
    FINISHED = 3
    FAILED = 4
    KILLED = 5

    @property
    def is_terminal(self) -> bool:
        return self in (RunStatus.FINISHED, RunStatus.FAILED, RunStatus.KILLED)


@dataclass
class Experiment:
    experiment_id: str
    name: str
    description: str
    lifecycle: Lifecycle
    artifact_location: str
    tags: dict[str, str]
    create_time: int
    update_time: int
    delete_time: int = 0


@dataclass
class MetricSummary:
    key: str
    latest_value: float
    latest_step: int
    latest_timestamp: int
    min_value: float
    max_value: float
    point_count: int


@dataclass
class Dataset:
    name: str
    digest: str
    source_uri: str = ""
    source_type: str = ""
    schema: str = ""
    profile: str = ""


@dataclass
class DatasetInput:
    dataset: Dataset
    context: str


@dataclass
class Run:
    run_id: str
    experiment_id: str
    run_name: str
    parent_run_id: str
    status: RunStatus
    start_time: int
    end_time: int
    user: str
    lifecycle: Lifecycle
    artifact_uri: str
    create_time: int
    update_time: int
    params: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    metrics: list[MetricSummary] = field(default_factory=list)
    inputs: list[DatasetInput] = field(default_factory=list)

    @property
    def accepts_writes(self) -> bool:
        return self.lifecycle is Lifecycle.ACTIVE and not self.status.is_terminal


@dataclass
class Page(Generic[T]):
    items: list[T]
    next_page_token: str
