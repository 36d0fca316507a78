"""Lineage: from a version to its run, parents and datasets, and back."""

from __future__ import annotations

from grpc import StatusCode

from cairn.client import Client
from cairn.registry import Registry
from cairn.v1 import model_registry_service_pb2 as pb
from cairn.v1 import run_pb2
from tests.registry.conftest import MakeRun, expect_error


def _dataset(name: str, digest: str, context: str) -> run_pb2.DatasetInput:
    return run_pb2.DatasetInput(
        dataset=run_pb2.Dataset(name=name, digest=digest, source_uri=f"s3://data/{name}"),
        context=context,
    )


def test_lineage_down_to_the_data(registry: Registry, client: Client, make_run: MakeRun) -> None:
    sweep = make_run(run_name="sweep")
    client.log_inputs(sweep.run_id, [_dataset("transactions", "sha256:tx1", "training")])
    trial = make_run(run_name="trial", parent_run_id=sweep.run_id, params={"lr": "0.1"})
    fold = make_run(run_name="fold", parent_run_id=trial.run_id, tags={"fold": "3"})
    client.log_inputs(fold.run_id, [_dataset("holdout", "sha256:ho1", "evaluation")])
    client.log_metric_batch(fold.run_id, "auc", [0, 1], [0.8, 0.9])
    other = make_run(run_name="other")

    registry.create_model("fraud")
    v1 = registry.create_version("fraud", run_id=fold.run_id, artifact_path="model")
    v2 = registry.create_version("fraud", run_id=trial.run_id, artifact_path="model")
    registry.create_version("fraud", run_id=other.run_id, artifact_path="model")
    v4 = registry.create_version("fraud", external_uri="s3://elsewhere/model")

    lineage = registry.lineage("fraud", v1.version)
    assert lineage.model_version == registry.get_version("fraud", 1)
    assert lineage.run.run_id == fold.run_id
    assert {t.key: t.value for t in lineage.run.tags} == {"fold": "3"}
    assert [m.key for m in lineage.run.latest_metrics] == ["auc"]
    assert lineage.run.latest_metrics[0].latest_value == 0.9
    assert [r.run_name for r in lineage.parent_runs] == ["trial", "sweep"]
    assert {p.key: p.value for p in lineage.parent_runs[0].params} == {"lr": "0.1"}
    assert [(d.dataset.name, d.context) for d in lineage.datasets] == [
        ("holdout", "evaluation"),
        ("transactions", "training"),
    ]
    assert lineage.datasets[1].dataset.source_uri == "s3://data/transactions"

    external = registry.lineage("fraud", v4.version)
    assert not external.HasField("run")
    assert list(external.parent_runs) == [] and list(external.datasets) == []

    def versions(**origin: str) -> list[int]:
        return [mv.version for mv in registry.versions_by_lineage(**origin)]  # type: ignore[arg-type]

    assert versions(run_id=fold.run_id) == [v1.version]
    # A run's lineage covers the runs nested under it.
    assert versions(run_id=trial.run_id) == [v1.version, v2.version]
    assert versions(run_id=sweep.run_id) == [v1.version, v2.version]
    assert versions(dataset_digest="sha256:tx1") == [v1.version, v2.version]
    assert versions(dataset_digest="sha256:ho1") == [v1.version]
    assert versions(dataset_digest="sha256:unknown") == []

    page = registry.client.call(
        registry.stub.ListModelVersionsByLineage,
        pb.ListModelVersionsByLineageRequest(run_id=sweep.run_id, page_size=1),
    )
    assert [mv.version for mv in page.model_versions] == [1]
    rest = registry.client.call(
        registry.stub.ListModelVersionsByLineage,
        pb.ListModelVersionsByLineageRequest(
            run_id=sweep.run_id, page_size=1, page_token=page.next_page_token
        ),
    )
    assert [mv.version for mv in rest.model_versions] == [2]


def test_lineage_errors(registry: Registry) -> None:
    registry.create_model("m")
    expect_error(StatusCode.NOT_FOUND, lambda: registry.lineage("m", 1))
    expect_error(StatusCode.NOT_FOUND, lambda: registry.lineage("x", 1))
    expect_error(StatusCode.INVALID_ARGUMENT, lambda: registry.lineage("m", 0))
    expect_error(StatusCode.NOT_FOUND, lambda: list(registry.versions_by_lineage(run_id="0" * 26)))
    expect_error(
        StatusCode.INVALID_ARGUMENT, lambda: list(registry.versions_by_lineage(run_id="bad id"))
    )
    expect_error(
        StatusCode.INVALID_ARGUMENT,
        lambda: list(registry.versions_by_lineage()),
        "run_id or dataset_digest",
    )
    expect_error(
        StatusCode.INVALID_ARGUMENT, lambda: list(registry.versions_by_lineage(dataset_digest=""))
    )
