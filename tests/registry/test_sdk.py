"""cairn.register_model and the Registry helpers that are not plain RPC wrappers."""

from __future__ import annotations

from grpc import StatusCode

from cairn.client import Client
from cairn.registry import Registry, register_model
from cairn.tracking import start_run
from tests.registry.conftest import MakeRun, expect_error


def test_register_model_from_a_run(client: Client, make_run: MakeRun) -> None:
    run = make_run()
    first = register_model(run, "model", name="fraud", client=client, tags={"a": 1})
    assert (first.name, first.version, first.run_id) == ("fraud", 1, run.run_id)
    assert first.source_uri == f"{run.artifact_uri}/model"
    assert {t.key: t.value for t in first.tags} == {"a": "1"}
    second = register_model(run.run_id, "model", name="fraud", client=client, metadata={"k": 1})
    assert second.version == 2 and second.metadata_json == '{"k": 1}'
    with start_run("registry-sdk", client=client) as active:
        third = register_model(active, "weights", name="fraud", client=client)
    assert (third.version, third.run_id) == (3, active.run_id)
    expect_error(
        StatusCode.INVALID_ARGUMENT,
        lambda: register_model(run, "../x", name="fraud", client=client),
        "artifact_path",
    )
    assert Registry(client).get_model("fraud").latest_version == 3
