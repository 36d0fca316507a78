"""SearchRegisteredModels and SearchModelVersions: filters, ordering, pagination."""

from __future__ import annotations

from grpc import StatusCode

from cairn.registry import Registry
from cairn.v1 import model_registry_service_pb2 as pb
from tests.registry.conftest import MakeRun, expect_error


def _names(registry: Registry, text: str, order: tuple[str, ...] = ()) -> list[str]:
    return [m.name for m in registry.search_models(text, order)]


def _versions(registry: Registry, text: str, order: tuple[str, ...] = ()) -> list[tuple[str, int]]:
    return [(v.name, v.version) for v in registry.search_versions(text, order)]


def test_search_models(registry: Registry) -> None:
    registry.create_model("fraud-eu", tags={"team": "risk"})
    registry.create_model("fraud-us", tags={"team": "risk", "tier": "1"})
    registry.create_model("Fraud-legacy", tags={"team": "ops"})
    registry.create_model("churn_model", tags={"team": "growth"})
    registry.create_version("fraud-us", external_uri="s3://b/1")
    registry.set_alias("fraud-us", "champion", 1)

    assert _names(registry, "") == ["Fraud-legacy", "churn_model", "fraud-eu", "fraud-us"]
    assert _names(registry, "name = 'fraud-eu'") == ["fraud-eu"]
    # LIKE is case-sensitive on every backend; ILIKE is not.
    assert _names(registry, "name LIKE 'fraud-%'") == ["fraud-eu", "fraud-us"]
    assert _names(registry, "name ILIKE 'fraud-%'") == ["Fraud-legacy", "fraud-eu", "fraud-us"]
    assert _names(registry, "name LIKE 'churn_model'") == ["churn_model"]
    assert _names(registry, "name LIKE '%[%'") == []
    assert _names(registry, "tags.team = 'risk'") == ["fraud-eu", "fraud-us"]
    assert _names(registry, "tags.team = 'risk' AND tags.tier = '1'") == ["fraud-us"]
    assert _names(registry, "tags.team != 'risk'") == ["Fraud-legacy", "churn_model"]
    assert _names(registry, "tags.team IN ('ops', 'growth')") == ["Fraud-legacy", "churn_model"]
    assert _names(registry, "alias = 'champion'") == ["fraud-us"]
    assert _names(registry, "name != 'fraud-us' AND name LIKE '%-%'") == [
        "Fraud-legacy",
        "fraud-eu",
    ]
    assert _names(registry, "", ("create_time DESC",))[0] == "churn_model"
    by_update = _names(registry, "", ("update_time DESC",))
    assert by_update[0] == "fraud-us"  # its version bumped update_time


def test_search_versions(registry: Registry, make_run: MakeRun) -> None:
    run = make_run()
    for name in ("a", "b"):
        registry.create_model(name)
        for i in range(3):
            registry.create_version(
                name,
                run_id=run.run_id if i == 0 else None,
                artifact_path="model",
                external_uri=None if i == 0 else f"s3://bucket/{name}/{i}",
                tags={"i": str(i)},
                digest=f"sha256:{name}{i}",
            )
    registry.transition_stage("a", 2, "Production")
    registry.transition_stage("b", 3, "Staging")
    registry.set_alias("b", "champion", 1)
    registry.update_version("a", 3, status="PENDING_REGISTRATION")

    assert _versions(registry, "")[:4] == [("a", 3), ("a", 2), ("a", 1), ("b", 3)]
    assert _versions(registry, "name = 'a'", ("version ASC",)) == [("a", 1), ("a", 2), ("a", 3)]
    assert _versions(registry, "stage = 'production'") == [("a", 2)]
    assert _versions(registry, "stage IN ('Production', 'Staging')") == [("a", 2), ("b", 3)]
    assert _versions(registry, "stage != 'None'") == [("a", 2), ("b", 3)]
    assert _versions(registry, "alias = 'champion'") == [("b", 1)]
    assert _versions(registry, f"run_id = '{run.run_id}'") == [("a", 1), ("b", 1)]
    assert _versions(registry, "version >= 2 AND name = 'b'") == [("b", 3), ("b", 2)]
    assert _versions(registry, "tags.i = '1'") == [("a", 2), ("b", 2)]
    assert _versions(registry, "status = 'PENDING_REGISTRATION'") == [("a", 3)]
    assert _versions(registry, "digest = 'sha256:b0'") == [("b", 1)]
    assert _versions(registry, "source_uri LIKE 's3://bucket/a/%'") == [("a", 3), ("a", 2)]
    assert _versions(registry, "created_by = 'tester' AND version = 1") == [("a", 1), ("b", 1)]
    assert _versions(registry, "version IN (1, 3) AND name = 'a'") == [("a", 3), ("a", 1)]
    assert _versions(registry, "", ("version DESC",))[:2] == [("a", 3), ("b", 3)]


def test_pagination_is_stable_and_tied_to_the_query(registry: Registry) -> None:
    for i in range(7):
        registry.create_model(f"model-{i}")
        registry.create_version(f"model-{i}", external_uri="s3://b/1")
        registry.create_version(f"model-{i}", external_uri="s3://b/2")
    call = registry.client.call
    seen: list[tuple[str, int]] = []
    token = ""
    while True:
        resp = call(
            registry.stub.SearchModelVersions,
            pb.SearchModelVersionsRequest(
                filter="name LIKE 'model-%'",
                order_by=["version DESC"],
                page_size=4,
                page_token=token,
            ),
        )
        assert len(resp.model_versions) <= 4
        seen += [(v.name, v.version) for v in resp.model_versions]
        token = resp.next_page_token
        if not token:
            break
    assert seen == sorted(seen, key=lambda nv: (-nv[1], nv[0]))
    assert len(seen) == len(set(seen)) == 14

    first = call(
        registry.stub.SearchRegisteredModels, pb.SearchRegisteredModelsRequest(page_size=3)
    )
    assert [m.name for m in first.registered_models] == ["model-0", "model-1", "model-2"]
    second = call(
        registry.stub.SearchRegisteredModels,
        pb.SearchRegisteredModelsRequest(page_size=3, page_token=first.next_page_token),
    )
    assert [m.name for m in second.registered_models] == ["model-3", "model-4", "model-5"]
    assert second.registered_models[0].latest_version == 2
    error = expect_error(
        StatusCode.INVALID_ARGUMENT,
        lambda: call(
            registry.stub.SearchRegisteredModels,
            pb.SearchRegisteredModelsRequest(
                filter="name = 'x'", page_size=3, page_token=first.next_page_token
            ),
        ),
        "different query",
    )
    assert error.reason == "INVALID_PAGE_TOKEN"
    expect_error(
        StatusCode.INVALID_ARGUMENT,
        lambda: call(
            registry.stub.SearchRegisteredModels,
            pb.SearchRegisteredModelsRequest(page_token="not-a-token"),
        ),
        "malformed",
    )
    expect_error(
        StatusCode.INVALID_ARGUMENT,
        lambda: call(
            registry.stub.SearchModelVersions, pb.SearchModelVersionsRequest(page_size=1001)
        ),
    )


def test_search_errors_name_the_position(registry: Registry) -> None:
    error = expect_error(
        StatusCode.INVALID_ARGUMENT,
        lambda: list(registry.search_models("name = 'a' AND stage = 'x'")),
        "position 15",
        "unknown field 'stage'",
    )
    assert error.reason == "INVALID_FILTER"
    assert error.field_violations[0][0] == "filter"
    expect_error(
        StatusCode.INVALID_ARGUMENT,
        lambda: list(registry.search_versions("version = 'x'")),
        "position 10",
    )
    expect_error(
        StatusCode.INVALID_ARGUMENT,
        lambda: list(registry.search_versions("", ("stage",))),
        "order_by[0]",
    )
