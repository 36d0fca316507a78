"""SQL-injection-shaped names, values and filter strings: refused by the name rules or
stored verbatim, never executed (every table keeps every row: the snapshot compares
the full contents of the database)."""

from __future__ import annotations

import grpc
import pytest

from cairn.v1 import common_pb2
from cairn.v1 import model_registry_service_pb2 as rpb
from cairn.v1 import tracking_service_pb2 as tpb
from tests.abuse.support import SECRET, TIMEOUT, Env, expect, make, snapshot, table_rows

INVALID = grpc.StatusCode.INVALID_ARGUMENT

INJECTIONS = {
    "drop-table": "x'; DROP TABLE runs; --",
    "or-true": "' OR '1'='1",
    "union": "x' UNION SELECT value FROM params --",
    "comment": "name/* */--",
    "stacked": "a; DELETE FROM experiments",
    "double-quote": 'x" OR "1"="1',
    "sqlite-attach": "x'; ATTACH DATABASE '/tmp/pwn.db' AS pwn; --",
    "pg-sleep": "x'; SELECT pg_sleep(30); --",
    "backslash-quote": "x\\'; DROP TABLE metric_chunks; --",
}


@pytest.mark.parametrize("name", INJECTIONS)
def test_injection_names_are_refused(env: Env, name: str) -> None:
    """Names allow only letters, digits and `_ - . / space`: quotes and semicolons
    are refused naming the character rule."""
    value = INJECTIONS[name]
    t, m = env.tracking, env.models
    expect(
        env,
        INVALID,
        lambda: t.CreateExperiment(tpb.CreateExperimentRequest(name=value), timeout=TIMEOUT),
        "may contain only",
    )
    expect(
        env,
        INVALID,
        lambda: m.CreateRegisteredModel(
            rpb.CreateRegisteredModelRequest(name=value), timeout=TIMEOUT
        ),
        "may contain only",
    )
    expect(
        env,
        INVALID,
        lambda: t.LogParams(
            make(tpb.LogParamsRequest, run_id=env.run_id, params=[{"key": value, "value": "1"}]),
            timeout=TIMEOUT,
        ),
        "key",
    )
    expect(
        env,
        INVALID,
        lambda: t.GetRun(tpb.GetRunRequest(run_id=value), timeout=TIMEOUT),
        "run",
    )


def test_injection_values_are_stored_verbatim(env: Env) -> None:
    """Free-text values (param and tag values, descriptions, run names) take anything and
    come back byte for byte; no table loses a row."""
    before = table_rows(env)
    run = env.client.create_run(
        env.experiment_id,
        run_name="verbatim",
        params={f"p{i}": v for i, v in enumerate(INJECTIONS.values())},
        tags={"t": INJECTIONS["drop-table"]},
    )
    got = env.client.get_run(run.run_id)
    assert {p.key: p.value for p in got.params} == {
        f"p{i}": v for i, v in enumerate(INJECTIONS.values())
    }
    assert {t.key: t.value for t in got.tags}["t"] == INJECTIONS["drop-table"]
    after = table_rows(env)
    assert set(after) == set(before)
    for table, rows in before.items():
        assert len(after[table]) >= len(rows), f"{table} lost rows"
    # Searching for the stored value finds exactly that run: the value is a literal.
    quoted = INJECTIONS["or-true"].replace("'", "''")
    hits = list(
        env.client.search_runs(
            [env.experiment_id], filter=f"params.p1 = '{quoted}'", view=common_pb2.VIEW_TYPE_ALL
        )
    )
    assert [h.run_id for h in hits] == [run.run_id]
    env.client.delete_run(run.run_id)


FILTERS = {
    "drop-after-clause": "params.lr = '0.01'; DROP TABLE runs",
    "comment-out": "params.lr = '0.01' --",
    "unbalanced-quote": "params.lr = '0.01",
    "or-1-1": "params.lr = 'x' OR 1=1",
    "raw-sql-column": "run_uuid = 'x' OR 1=1",
    "subquery": "params.lr IN (SELECT value FROM params)",
    "sql-keyword-value": "params.lr = SELECT",
    "function-call": "metrics.loss > sqlite_version()",
    "identifier-quote": 'params."lr" = 1',
}


@pytest.mark.parametrize("name", FILTERS)
def test_injection_filters_are_refused(env: Env, name: str) -> None:
    request = tpb.SearchRunsRequest(experiment_ids=[env.experiment_id], filter=FILTERS[name])
    failure = expect(
        env, INVALID, lambda: env.tracking.SearchRuns(request, timeout=TIMEOUT), "filter"
    )
    assert failure.reason == "INVALID_FILTER"


def test_literal_injection_in_a_filter_matches_nothing(env: Env) -> None:
    """A quoted value is a value: `' OR '1'='1` inside the quotes matches no run."""
    before = snapshot(env)
    for text in ("params.lr = ''' OR ''1''=''1'", "tags.stage LIKE '%'' OR 1=1 --'"):
        request = tpb.SearchRunsRequest(experiment_ids=[env.experiment_id], filter=text)
        try:
            response = env.tracking.SearchRuns(request, timeout=TIMEOUT)
        except grpc.RpcError as exc:  # refusing is fine too; executing is not
            assert exc.code() == INVALID
        else:
            assert list(response.runs) == []
    assert snapshot(env) == before


REGISTRY_FILTERS = {
    "drop": "name = 'x'; DROP TABLE registered_models",
    "or-true": "name = 'x' OR 1=1",
    "union": "name = 'x' UNION SELECT * FROM model_versions",
    "unknown-column": "model_id = 1",
}


@pytest.mark.parametrize("name", REGISTRY_FILTERS)
def test_injection_registry_filters_are_refused(env: Env, name: str) -> None:
    text = REGISTRY_FILTERS[name]
    m = env.models
    expect(
        env,
        INVALID,
        lambda: m.SearchRegisteredModels(
            rpb.SearchRegisteredModelsRequest(filter=text), timeout=TIMEOUT
        ),
        "filter",
    )
    expect(
        env,
        INVALID,
        lambda: m.SearchModelVersions(rpb.SearchModelVersionsRequest(filter=text), timeout=TIMEOUT),
        "filter",
    )


def test_like_wildcards_in_name_contains_are_literal(env: Env) -> None:
    """`%` and `_` in name_contains match themselves, not everything."""
    before = snapshot(env)
    for text in ("%", "_", "%' OR '1'='1", "\\"):
        found = list(env.client.list_experiments(name_contains=text))
        assert found == [], text
    assert snapshot(env) == before


def test_order_by_injection(env: Env) -> None:
    expect(
        env,
        INVALID,
        lambda: env.tracking.SearchRuns(
            tpb.SearchRunsRequest(order_by=["metrics.loss; DROP TABLE runs"]), timeout=TIMEOUT
        ),
        "order_by",
    )
    expect(
        env,
        INVALID,
        lambda: env.models.SearchRegisteredModels(
            rpb.SearchRegisteredModelsRequest(order_by=["name; DROP TABLE x"]), timeout=TIMEOUT
        ),
        "order_by",
    )


def test_error_messages_do_not_leak_other_runs_data(env: Env) -> None:
    """A filter naming another run's secret param value fails or matches without ever
    echoing stored values."""
    request = tpb.SearchRunsRequest(filter=f"params.secret = '{SECRET}' AND (")
    failure = expect(env, INVALID, lambda: env.tracking.SearchRuns(request, timeout=TIMEOUT))
    assert failure.reason == "INVALID_FILTER"
