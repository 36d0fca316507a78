"""The abuse suite's seeded environment and its three checks: the precise status (with a
message naming what is wrong), nothing written or leaked, and the server still serving."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import grpc
import sqlalchemy as sa
from google.protobuf.message import Message
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from cairn.client import Client
from cairn.registry import Registry
from cairn.v1 import artifact_service_pb2 as apb
from cairn.v1 import common_pb2
from cairn.v1 import model_registry_service_pb2 as rpb
from cairn.v1 import tracking_service_pb2 as tpb
from cairn.v1.artifact_service_pb2_grpc import ArtifactServiceStub
from cairn.v1.model_registry_service_pb2_grpc import ModelRegistryServiceStub
from tests.support.rpc import status_of
from tests.support.servers import InProcessServer

SEED_EXPERIMENT = "abuse-seed"
SEED_MODEL = "abuse-model"
SEED_ARTIFACT = "model/weights.bin"
SEED_BYTES = b"\x80\x04opaque-model-bytes"  # starts like a pickle; must stay opaque
# A value that appears nowhere but in the seed: an error message must never echo it.
SECRET = "s3cr3t-seed-value-7f2a"

TIMEOUT = 30


@dataclasses.dataclass
class Env:
    server: InProcessServer
    client: Client
    registry: Registry
    blobs: Path
    experiment_id: str
    run_id: str
    other_run_id: str
    model: str

    @property
    def channel(self) -> grpc.Channel:
        return self.client.channel

    @property
    def tracking(self) -> Any:
        return self.client.tracking

    @property
    def artifacts(self) -> ArtifactServiceStub:
        return ArtifactServiceStub(self.client.channel)

    @property
    def models(self) -> ModelRegistryServiceStub:
        return ModelRegistryServiceStub(self.client.channel)

    @property
    def engine(self) -> sa.Engine:
        assert self.server.app is not None
        return self.server.app.database.engine

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name


M = TypeVar("M", bound=Message)


def make(cls: type[M], **fields: Any) -> M:
    """A message from plain values (nested dicts, ints for enums), unchecked by mypy."""
    return cls(**fields)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def upload_messages(run_id: str, path: str, data: bytes) -> list[apb.UploadArtifactRequest]:
    start = apb.StartUploadRequest(run_id=run_id, path=path, size_bytes=len(data), sha256=sha(data))
    return [
        apb.UploadArtifactRequest(header=apb.UploadHeader(start=start)),
        apb.UploadArtifactRequest(data=data),
    ]


def seed(server: InProcessServer, client: Client, registry: Registry, blobs: Path) -> Env:
    exp = client.create_experiment(SEED_EXPERIMENT, description="seed", tags={"team": "core"})
    run = client.create_run(
        exp.experiment_id,
        run_name="seed-run",
        params={"lr": "0.01", "secret": SECRET},
        tags={"stage": "seed"},
    )
    other = client.create_run(exp.experiment_id, run_name="other-run")
    client.log_metric_batch(run.run_id, "loss", [0, 1, 2], [1.0, 0.5, 0.25])
    stub = ArtifactServiceStub(client.channel)
    stub.UploadArtifact(iter(upload_messages(run.run_id, SEED_ARTIFACT, SEED_BYTES)), timeout=30)
    registry.create_model(SEED_MODEL, description="seed model")
    registry.create_version(SEED_MODEL, run_id=run.run_id, artifact_path="model")
    registry.set_alias(SEED_MODEL, "champion", 1)
    # Second ones of each, so that every List/Search has a second page to forge.
    client.create_experiment(SEED_EXPERIMENT + "-2")
    stub.UploadArtifact(iter(upload_messages(run.run_id, "model/config.json", b"{}")), timeout=30)
    registry.create_model(SEED_MODEL + "-2")
    registry.create_version(SEED_MODEL + "-2", external_uri="s3://bucket/seed")
    return Env(
        server, client, registry, blobs, exp.experiment_id, run.run_id, other.run_id, SEED_MODEL
    )


def open_stream(env: Env, stream_id: str) -> int:
    """Opens (and closes) a metric stream; returns its last committed seq."""
    first = tpb.StreamMetricsRequest(open=tpb.StreamOpen(stream_id=stream_id))
    replies = list(env.tracking.StreamMetrics(iter([first]), timeout=TIMEOUT))
    return int(replies[0].opened.last_committed_seq)


# -- (b) nothing written --------------------------------------------------------------


def table_rows(env: Env) -> dict[str, list[str]]:
    """Every row of every table, straight from the database (as sorted reprs, so NaN
    compares equal to itself): catches any insert, update or delete, and proves every
    table still exists."""
    rows: dict[str, list[str]] = {}
    with env.engine.connect() as conn:
        for name in sorted(sa.inspect(conn).get_table_names()):
            result = conn.execute(sa.text(f'SELECT * FROM "{name}"'))
            rows[name] = sorted(repr(tuple(row)) for row in result)
    return rows


def table_counts(env: Env) -> dict[str, int]:
    return {name: len(rows) for name, rows in table_rows(env).items()}


def snapshot(env: Env) -> dict[str, Any]:
    """The database's full contents, plus what the API lists of experiments, the seed
    experiment's runs (params, tags, latest metrics) and models. (assert_serving reads
    the seeded metric history, artifact bytes and alias back too.)"""
    c = env.client
    experiments = [
        e.SerializeToString(deterministic=True)
        for e in c.list_experiments(view=common_pb2.VIEW_TYPE_ALL)
    ]
    runs = [
        r.SerializeToString(deterministic=True)
        for r in c.search_runs([env.experiment_id], view=common_pb2.VIEW_TYPE_ALL)
    ]
    models = [
        m.SerializeToString(deterministic=True) for m in env.registry.search_models(page_size=1000)
    ]
    return {
        "experiments": experiments,
        "runs": runs,
        "models": models,
        "tables": table_rows(env),
    }


def list_artifacts(env: Env, run_id: str) -> list[tuple[str, int, str]]:
    resp = env.artifacts.ListArtifacts(
        apb.ListArtifactsRequest(run_id=run_id, recursive=True, page_size=1000), timeout=TIMEOUT
    )
    return [(a.path, a.size_bytes, a.sha256) for a in resp.artifacts]


def blob_files(env: Env) -> list[str]:
    """Files in the artifact folder, upload staging included."""
    if not env.blobs.exists():
        return []
    return sorted(p.relative_to(env.blobs).as_posix() for p in env.blobs.rglob("*") if p.is_file())


# -- (c) still serving ----------------------------------------------------------------


def assert_serving(env: Env) -> None:
    """A normal read of each service succeeds right after the hostile call."""
    run = env.client.get_run(env.run_id)
    assert run.run_id == env.run_id
    assert {p.key: p.value for p in run.params}["lr"] == "0.01"
    steps, values, _ = env.client.get_metric_history(env.run_id, "loss")
    assert steps.tolist() == [0, 1, 2] and values.tolist() == [1.0, 0.5, 0.25]
    data = b"".join(
        m.data
        for m in env.artifacts.DownloadArtifact(
            apb.DownloadArtifactRequest(run_id=env.run_id, path=SEED_ARTIFACT), timeout=TIMEOUT
        )
        if m.WhichOneof("message") == "data"
    )
    assert data == SEED_BYTES
    mv = env.models.GetModelVersionByAlias(
        rpb.GetModelVersionByAliasRequest(name=env.model, alias="champion"), timeout=TIMEOUT
    ).model_version
    assert mv.version == 1


# -- (a) the precise status -----------------------------------------------------------


@dataclasses.dataclass
class Failure:
    code: grpc.StatusCode
    message: str
    reason: str
    fields: list[str]

    def names(self, needle: str) -> bool:
        """Whether the message or a field violation names `needle` (a field or value)."""
        variants = {needle, needle.replace("_", " ")}
        if any(v.lower() in self.message.lower() for v in variants):
            return True
        return any(f == needle or f.endswith("." + needle) or needle in f for f in self.fields)


def failure_of(call: Callable[[], Any]) -> Failure:
    """Runs `call` (draining a response stream) and returns the error it must raise."""
    return _failure(status_of(call))


def _failure(exc: grpc.RpcError) -> Failure:
    reason = ""
    fields: list[str] = []
    status = rpc_status.from_call(exc)  # type: ignore[arg-type]
    if status is not None:
        for detail in status.details:
            info = error_details_pb2.ErrorInfo()
            bad = error_details_pb2.BadRequest()
            if detail.Unpack(info):
                reason = info.reason
            elif detail.Unpack(bad):
                fields = [v.field for v in bad.field_violations]
    return Failure(exc.code(), exc.details() or "", reason, fields)


def check_clean_message(failure: Failure) -> None:
    """No traceback, driver text or seeded data from elsewhere in an error message."""
    text = failure.message
    assert text, "errors must carry a message"
    for leak in ("Traceback", 'File "', "sqlalchemy", "psycopg", "sqlite3", "[SQL:", SECRET):
        assert leak not in text, f"error message leaks {leak!r}: {text[:300]}"
    assert len(text) < 2048, f"error message of {len(text)} characters echoes the input"


def check(code: grpc.StatusCode, call: Callable[[], Any], *needles: str) -> Failure:
    """(a) alone: `call` fails with `code`, a clean message naming every needle."""
    failure = failure_of(call)
    assert failure.code == code, f"expected {code.name}, got {failure.code.name}: {failure.message}"
    check_clean_message(failure)
    for needle in needles:
        assert failure.names(needle), f"{needle!r} not named in {failure}"
    return failure


@contextlib.contextmanager
def unchanged(env: Env, allow: frozenset[str] = frozenset()) -> Iterator[None]:
    """(b) and (c) around a group of hostile calls: nothing changed (but the tables in
    `allow`), and the server still serves."""
    before = snapshot(env)
    yield
    after = snapshot(env)
    for name in allow:
        before["tables"].pop(name, None)
        after["tables"].pop(name, None)
    assert after == before, f"a refused call changed stored data: {changes(before, after)}"
    assert_serving(env)


def changes(before: dict[str, Any], after: dict[str, Any]) -> str:
    """What differs between two snapshots, briefly: which API views and which tables,
    with a row that appeared or vanished."""
    found = [key for key in before if key != "tables" and before[key] != after.get(key)]
    old, new = before["tables"], after["tables"]
    for table in sorted(set(old) | set(new)):
        gone = set(old.get(table, [])) - set(new.get(table, []))
        came = set(new.get(table, [])) - set(old.get(table, []))
        if gone or came:
            sample = sorted(came or gone)[0][:200]
            found.append(f"{table}: -{len(gone)} +{len(came)} e.g. {sample}")
    return "; ".join(found)


def expect(
    env: Env,
    code: grpc.StatusCode,
    call: Callable[[], Any],
    *needles: str,
    allow: frozenset[str] = frozenset(),
) -> Failure:
    """The whole check of one hostile call: (a) `code` with a message naming every
    needle, (b) nothing changed (but the tables in `allow`), (c) the server still
    serves."""
    with unchanged(env, allow):
        return check(code, call, *needles)
