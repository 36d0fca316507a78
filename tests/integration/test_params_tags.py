from __future__ import annotations

import random

import grpc
import pytest

from cairn.client import Client
from cairn.v1 import run_pb2
from cairn.v1 import tracking_service_pb2 as pb
from cairn_server.storage.sql import run_search
from tests.integration.helpers import expect_status

INVALID = grpc.StatusCode.INVALID_ARGUMENT


@pytest.fixture
def run_id(client: Client) -> str:
    exp = client.create_experiment("p")
    return client.create_run(exp.experiment_id).run_id


def params_of(client: Client, run_id: str) -> dict[str, str]:
    return {p.key: p.value for p in client.get_run(run_id).params}


def tags_of(client: Client, run_id: str) -> dict[str, str]:
    return {t.key: t.value for t in client.get_run(run_id).tags}


def test_params_are_immutable_but_relogging_same_value_is_fine(client: Client, run_id: str) -> None:
    client.log_params(run_id, {"lr": 0.1, "layers": 3})
    client.log_params(run_id, {"lr": 0.1})
    err = expect_status(INVALID, client.log_params, run_id, {"new": "x", "lr": 0.2})
    assert err.reason == "PARAM_IMMUTABLE"
    assert "'lr'" in err.message
    assert params_of(client, run_id) == {"lr": "0.1", "layers": "3"}  # "new" not written either


def test_param_batches_validate_everything_first(client: Client, run_id: str) -> None:
    err = expect_status(INVALID, client.log_params, run_id, {"good": 1, "": 2, "also/good": 3})
    assert err.field_violations[0][0] == "params[1].key"
    expect_status(INVALID, client.log_params, run_id, {"big": "v" * 8001})
    expect_status(INVALID, client.log_params, run_id, {"../escape": 1})
    expect_status(INVALID, client.log_params, run_id, {"k" * 251: 1})
    too_many = pb.LogParamsRequest(
        run_id=run_id, params=[run_pb2.Param(key=f"k{i}", value="v") for i in range(1001)]
    )
    expect_status(INVALID, client.call, client.tracking.LogParams, too_many)
    dup = pb.LogParamsRequest(
        run_id=run_id, params=[run_pb2.Param(key="k", value="1"), run_pb2.Param(key="k", value="2")]
    )
    expect_status(INVALID, client.call, client.tracking.LogParams, dup)
    assert params_of(client, run_id) == {}
    expect_status(grpc.StatusCode.NOT_FOUND, client.log_params, "01missing", {"a": 1})


def test_tags_set_overwrite_and_delete(client: Client, run_id: str) -> None:
    client.set_tags(run_id, {"a": "1", "b": "2"})
    client.set_tags(run_id, {"a": "changed"})
    assert tags_of(client, run_id) == {"a": "changed", "b": "2"}
    client.delete_tag(run_id, "a")
    assert tags_of(client, run_id) == {"b": "2"}
    expect_status(grpc.StatusCode.NOT_FOUND, client.delete_tag, run_id, "a")
    expect_status(INVALID, client.delete_tag, run_id, "")
    expect_status(INVALID, client.set_tags, run_id, {"ok": "1", "bad\tkey": "2"})
    assert tags_of(client, run_id) == {"b": "2"}
    # Tags may change on finished runs (e.g. annotations after the fact).
    client.update_run(run_id, status="FINISHED")
    client.set_tags(run_id, {"reviewed": "yes"})
    assert tags_of(client, run_id)["reviewed"] == "yes"


def test_log_inputs(client: Client, run_id: str) -> None:
    ds = run_pb2.Dataset(name="mnist-train", digest="sha256:abc", source_uri="s3://b/mnist")
    client.log_inputs(run_id, [run_pb2.DatasetInput(dataset=ds, context="training")])
    client.log_inputs(run_id, [run_pb2.DatasetInput(dataset=ds, context="training")])  # idempotent
    inputs = client.get_run(run_id).inputs
    assert [(i.dataset.name, i.dataset.digest, i.context) for i in inputs] == [
        ("mnist-train", "sha256:abc", "training")
    ]
    no_digest = run_pb2.DatasetInput(dataset=run_pb2.Dataset(name="x"), context="training")
    expect_status(INVALID, client.log_inputs, run_id, [no_digest])


def _cjk(rng: random.Random, n: int) -> str:
    return "".join(chr(rng.randrange(0x4E00, 0x9FFF)) for _ in range(n))


def test_longest_values_are_stored_filtered_and_sorted(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Values up to the limit, of characters that take three bytes and do not compress:
    PostgreSQL cannot index btree entries over a third of a page (~2.7 KB), so it
    indexes a 256-character prefix (migration 0008). Values sharing that prefix must
    still filter and sort (and page) by the whole value."""
    rng = random.Random(7)
    shared = _cjk(rng, 300)
    values = {
        "longest": _cjk(rng, 8000),
        "shared-b": shared + "b" + _cjk(rng, 7000),
        "shared-a": shared + "a" + _cjk(rng, 7000),
        "shared": shared,
        "short": "x",
    }
    exp_id = client.create_experiment("long-values").experiment_id
    run_of = {}
    for name, value in values.items():
        run_id = client.create_run(exp_id, run_name=name).run_id
        client.log_params(run_id, {"config": value})
        client.set_tags(run_id, {"notes": value})
        run_of[name] = run_id
    assert params_of(client, run_of["longest"])["config"] == values["longest"]
    assert tags_of(client, run_of["longest"])["notes"] == values["longest"]

    def names(filter: str, order_by: list[str], page_size: int = 1000) -> list[str]:
        runs = client.search_runs([exp_id], filter, order_by, page_size=page_size)
        return [r.run_name for r in runs]

    for field in ("params.config", "tags.notes"):
        for name, value in values.items():
            assert names(f"{field} = '{value}'", []) == [name]
        both = f"{field} IN ('{values['shared-a']}', '{values['shared']}')"
        assert sorted(names(both, [])) == ["shared", "shared-a"]
        assert names(f"{field} = '{shared}c'", []) == []
        # Code point order on both databases; one run a page walks the keyset cursor
        # through the runs whose values share the indexed prefix.
        expected = sorted(values, key=values.__getitem__)
        assert names("", [f"{field} ASC"], page_size=1) == expected
        assert names("", [f"{field} DESC", "attributes.run_name"], page_size=2) == expected[::-1]
    # Every value's group "big": the search steps from value to value (the next one
    # found through the prefix index on PostgreSQL), across pages.
    monkeypatch.setattr(run_search, "_big_group_threshold", lambda total: 1)
    for field in ("params.config", "tags.notes"):
        expected = sorted(values, key=values.__getitem__)
        for size in (1, 2, 5):
            assert names("", [f"{field}", "attributes.run_name"], page_size=size) == expected
            descending = names("", [f"{field} DESC", "attributes.run_name"], page_size=size)
            assert descending == expected[::-1]
