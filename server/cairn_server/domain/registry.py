"""Model registry entities: plain data, no gRPC and no SQL. Enum values match
the cairn.v1 enums of the same names, so the transport converts with int()."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from cairn_server.domain.entities import DatasetInput, Run

ANONYMOUS = "anonymous"


class ModelVersionStatus(enum.IntEnum):
    PENDING_REGISTRATION = 1
    READY = 2
    FAILED_REGISTRATION = 3


class ApprovalStatus(enum.IntEnum):
    PENDING = 1
    APPROVED = 2
    REJECTED = 3


class EventType(enum.IntEnum):
    MODEL_CREATED = 1
    MODEL_UPDATED = 2
    MODEL_RENAMED = 3
    MODEL_DELETED = 4
    VERSION_CREATED = 5
    VERSION_UPDATED = 6
    VERSION_DELETED = 7
    ALIAS_SET = 8
    ALIAS_DELETED = 9
    STAGE_CHANGED = 10
    TRANSITION_REQUESTED = 11
    TRANSITION_APPROVED = 12
    TRANSITION_REJECTED = 13
    TAG_SET = 14
    TAG_DELETED = 15


@dataclass
class RegisteredModel:
    # Internal, stable across renames: versions, aliases and events refer to it.
    model_id: str
    name: str
    description: str
    create_time: int
    update_time: int
    tags: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, int] = field(default_factory=dict)
    # Highest existing version number (0 when the model has none).
    latest_version: int = 0


@dataclass
class ModelVersion:
    model_id: str
    name: str
    version: int
    source_uri: str
    run_id: str
    run_artifact_path: str
    description: str
    status: ModelVersionStatus
    status_message: str
    stage: str
    metadata_json: str
    digest: str
    created_by: str
    create_time: int
    update_time: int
    tags: dict[str, str] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)


@dataclass
class StageTransition:
    transition_id: str
    model_id: str
    name: str
    version: int
    from_stage: str
    to_stage: str
    approval_status: ApprovalStatus
    archive_existing_versions: bool
    requested_by: str
    request_comment: str
    create_time: int
    reviewed_by: str = ""
    review_comment: str = ""
    review_time: int = 0


@dataclass
class RegistryEvent:
    """One audit-trail entry. `event_id` is 0 until storage assigns it."""

    type: EventType
    model_id: str
    name: str
    actor: str
    event_time: int
    version: int = 0
    alias: str = ""
    from_stage: str = ""
    to_stage: str = ""
    details_json: str = "{}"
    event_id: int = 0


@dataclass
class ModelLineage:
    model_version: ModelVersion
    run: Run | None
    parent_runs: list[Run]
    datasets: list[DatasetInput]


@dataclass(frozen=True)
class EventQuery:
    """Which events to read. With a name: events recorded under it, every later event
    of a model once it has been recorded under it (a rename does not lose it), and
    all events of the models in `model_ids` (e.g. the one now carrying the name)."""

    name: str = ""
    model_ids: frozenset[str] = frozenset()
    version: int = 0
    types: frozenset[EventType] = frozenset()
    start_time: int = 0
    end_time: int = 0
