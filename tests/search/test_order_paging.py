"""order_by (several keys, missing values last in either direction), keyset pages
that stay correct while runs are added, page tokens bound to their query, page size
limits, and searches over several experiments - on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import json
import math
from typing import Any

import grpc
import pytest

from cairn.client import Client
from cairn.v1 import common_pb2
from cairn.v1 import tracking_service_pb2 as pb
from cairn_server.storage.sql import run_search
from tests.integration.helpers import expect_status
from tests.search.fixtures import Corpus, build_corpus

# (filter, order_by, the active runs in exactly this order)
ORDERS: list[tuple[str, list[str], list[str]]] = [
    ("", [], ["r8", "r6", "r5", "r4", "r3", "r2", "r1"]),  # newest first
    ("", ["metrics.acc DESC"], ["r1", "r2", "r8", "r5", "r6", "r3", "r4"]),
    ("", ["metrics.acc ASC"], ["r6", "r5", "r8", "r2", "r1", "r3", "r4"]),
    ("", ["metrics.acc"], ["r6", "r5", "r8", "r2", "r1", "r3", "r4"]),
    ("", ["params.lr ASC", "metrics.acc DESC"], ["r5", "r1", "r8", "r6", "r3", "r2", "r4"]),
    ("", ["attributes.status"], ["r2", "r1", "r6", "r4", "r3", "r8", "r5"]),
    ("", ["attributes.end_time DESC"], ["r6", "r4", "r2", "r1", "r8", "r5", "r3"]),
    ("", ["metrics.loss DESC", "metrics.acc ASC"], ["r2", "r3", "r1", "r6", "r5", "r8", "r4"]),
    (
        "NOT tags.team = 'NLP'",
        ["tags.team DESC", "attributes.start_time ASC"],
        ["r2", "r1", "r6", "r8", "r3", "r5"],
    ),
    ("params.lr = '0.01'", ["metrics.acc DESC"], ["r1", "r8", "r6", "r3"]),
    ("metrics.acc > 0", ["metrics.acc ASC"], ["r5", "r8", "r2", "r1"]),
    ("", ["created DESC", "metrics.acc"], ["r8", "r6", "r5", "r4", "r3", "r2", "r1"]),
    ("", ["tags.`model.type` DESC", "user_id"], ["r5", "r1", "r2", "r8", "r6", "r4", "r3"]),
]


def _names(client: Client, corpus: Corpus, text: str, order: list[str], size: int) -> list[str]:
    runs = client.search_runs([], text, order, page_size=size)
    return corpus.names([r.run_id for r in runs])


def test_order_by_and_pages(client: Client) -> None:
    corpus = build_corpus(client)
    problems = []
    for text, order, expected in ORDERS:
        for size in (1000, 2, 3):
            got = _names(client, corpus, text, order, size)
            if got != expected:
                problems.append(f"{text!r} {order} page_size={size}: {got} != {expected}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("steps", [16, 1])
def test_order_by_value_by_value(
    client: Client, monkeypatch: pytest.MonkeyPatch, steps: int
) -> None:
    """With every group of a first key's value taken as big, several keys are read one
    first-key value at a time (run_search._by_first_values) - and after `steps` values
    as one statement again: the same orders, ties and pages."""
    monkeypatch.setattr(run_search, "_big_group_threshold", lambda total: 1)
    monkeypatch.setattr(run_search, "_MAX_VALUE_STEPS", steps)
    test_order_by_and_pages(client)


def test_order_by_errors(client: Client) -> None:
    for order, field in [
        (["metrics.acc DOWN"], "order_by[0]"),
        (["metrics.acc", "datasets.name"], "order_by[1]"),
        (["metrics.acc", "metric.acc DESC"], "order_by[1]"),
        (["params.lr >"], "order_by[0]"),
        ([""], "order_by[0]"),
        ([f"metrics.m{i}" for i in range(9)], "order_by"),
    ]:
        err = expect_status(
            grpc.StatusCode.INVALID_ARGUMENT, list, client.search_runs([], "", order)
        )
        assert [f for f, _ in err.field_violations] == [field], err


def _acc_runs(client: Client, exp: str, values: list[float | None], start: int) -> list[str]:
    ids = []
    for i, value in enumerate(values):
        run = client.create_run(exp, run_name=f"s{start + i}", start_time_millis=start + i)
        if value is not None:
            client.log_metric_batch(run.run_id, "acc", [0], [value])
        ids.append(run.run_id)
    return ids


def _pages(client: Client, req: pb.SearchRunsRequest, between: object = None) -> list[str]:
    """Pages through a search, calling between(page_number) after each page."""
    seen: list[str] = []
    number = 0
    while True:
        resp = client.call(client.tracking.SearchRuns, req)
        seen += [r.run_id for r in resp.runs]
        if not resp.next_page_token:
            return seen
        assert len(resp.runs) == req.page_size
        req.page_token = resp.next_page_token
        number += 1
        if callable(between):
            between(number)


def test_pages_stay_correct_while_runs_are_added(client: Client) -> None:
    exp = client.create_experiment("paging").experiment_id
    # Ties (0.5 four times), NaN and missing values exercise every part of the cursor.
    values: list[float | None] = [0.9, 0.5, 0.5, 0.1, math.nan, None, 0.5, 0.7, None, 0.5, 0.3]
    original = _acc_runs(client, exp, values, start=1000)
    added: list[str] = []

    def add(page: int) -> None:
        # One run sorts before every page already read, one after, one lacks acc.
        added.extend(_acc_runs(client, exp, [2.0, 0.0, None], start=5000 + 10 * page))

    req = pb.SearchRunsRequest(experiment_ids=[exp], order_by=["metrics.acc DESC"], page_size=2)
    seen = _pages(client, req, add)
    assert len(seen) == len(set(seen)), "a run was returned twice"
    assert set(original) <= set(seen), "a run present from the start was skipped"
    assert not set(seen) & {added[i] for i in range(0, len(added), 3)}, (
        "a run sorting before the cursor showed up on a later page"
    )
    # The combined sequence is still in order: values descending, NaN, then missing.
    final = {r.run_id: r for r in client.search_runs([exp], page_size=1000)}
    keys = []
    for run_id in seen:
        acc = [m.latest_value for m in final[run_id].latest_metrics if m.key == "acc"]
        keys.append((0, -acc[0]) if acc and not math.isnan(acc[0]) else (1 if acc else 2, 0.0))
    assert keys == sorted(keys)

    # The default order (newest first) too: new runs start later, so never appear.
    before = [r.run_id for r in client.search_runs([exp], page_size=1000)]
    req = pb.SearchRunsRequest(experiment_ids=[exp], page_size=4)
    newer: list[str] = []
    seen = _pages(client, req, lambda p: newer.extend(_acc_runs(client, exp, [1.0], 9000 + p)))
    assert seen == before
    assert newer


def test_page_tokens_belong_to_their_query(client: Client) -> None:
    exp = client.create_experiment("tokens").experiment_id
    other = client.create_experiment("tokens-other").experiment_id
    _acc_runs(client, exp, [0.1, 0.2, 0.3, 0.4], start=1)
    first = client.call(
        client.tracking.SearchRuns,
        pb.SearchRunsRequest(
            experiment_ids=[exp], filter="metrics.acc > 0", order_by=["metrics.acc"], page_size=2
        ),
    )
    token = first.next_page_token
    assert token
    base: dict[str, Any] = {
        "experiment_ids": [exp],
        "filter": "metrics.acc > 0",
        "order_by": ["metrics.acc"],
    }
    # Whitespace and prefix aliases do not change the query; page size may change.
    same = pb.SearchRunsRequest(
        experiment_ids=[exp],
        filter="metric.acc>0",
        order_by=["metrics.acc ASC"],
        page_size=5,
        page_token=token,
    )
    assert len(client.call(client.tracking.SearchRuns, same).runs) == 2
    changes: list[dict[str, Any]] = [
        {"filter": "metrics.acc > 0.1"},
        {"order_by": ["metrics.acc DESC"]},
        {"experiment_ids": [exp, other]},
        {"view_type": common_pb2.VIEW_TYPE_ALL},
    ]
    for change in changes:
        req = pb.SearchRunsRequest(**{**base, **change}, page_size=2, page_token=token)
        err = expect_status(
            grpc.StatusCode.INVALID_ARGUMENT, client.call, client.tracking.SearchRuns, req
        )
        assert err.reason == "INVALID_PAGE_TOKEN", change

    # A token whose cursor was tampered with is refused, not passed to the database.
    raw = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    for cursor in ([0, "not-a-number", "x"], [0, 0.1], [7, 0.1, "x"], [0, True, "x"]):
        forged = base64.urlsafe_b64encode(json.dumps({**raw, "c": cursor}).encode()).decode()
        req = pb.SearchRunsRequest(**base, page_size=2, page_token=forged)
        err = expect_status(
            grpc.StatusCode.INVALID_ARGUMENT, client.call, client.tracking.SearchRuns, req
        )
        assert err.reason == "INVALID_PAGE_TOKEN", cursor
    req = pb.SearchRunsRequest(**base, page_token="garbage!")
    err = expect_status(
        grpc.StatusCode.INVALID_ARGUMENT, client.call, client.tracking.SearchRuns, req
    )
    assert err.reason == "INVALID_PAGE_TOKEN"


def test_page_size_limits(client: Client) -> None:
    exp = client.create_experiment("sizes").experiment_id
    for i in range(101):
        client.create_run(exp, start_time_millis=i + 1)
    resp = client.call(client.tracking.SearchRuns, pb.SearchRunsRequest(experiment_ids=[exp]))
    assert len(resp.runs) == 100 and resp.next_page_token  # default page size
    full = pb.SearchRunsRequest(experiment_ids=[exp], page_size=1000)
    resp = client.call(client.tracking.SearchRuns, full)
    assert len(resp.runs) == 101 and not resp.next_page_token
    for size in (1001, -1):
        req = pb.SearchRunsRequest(experiment_ids=[exp], page_size=size)
        err = expect_status(
            grpc.StatusCode.INVALID_ARGUMENT, client.call, client.tracking.SearchRuns, req
        )
        assert [f for f, _ in err.field_violations] == ["page_size"]


def test_several_experiments_and_views(client: Client) -> None:
    corpus = build_corpus(client)
    a, b, c = (corpus.experiments[k] for k in "ABC")

    def names(
        ids: list[str], view: common_pb2.ViewType.ValueType = common_pb2.VIEW_TYPE_ACTIVE_ONLY
    ) -> set[str]:
        runs = client.search_runs(ids, "", view=view, page_size=1000)
        return set(corpus.names([r.run_id for r in runs]))

    assert names([a]) == {"r1", "r2", "r3", "r4", "r5", "r6"}
    assert names([b]) == {"r8"}
    assert names([a, b]) == names([]) == names([b, a, b])
    assert names([c]) == set()  # runs of a deleted experiment are hidden by default
    assert names([c], common_pb2.VIEW_TYPE_ALL) == {"r9"}
    assert names([], common_pb2.VIEW_TYPE_DELETED_ONLY) == {"r7"}
    assert names([], common_pb2.VIEW_TYPE_ALL) == set(corpus.runs)
    missing = "0" * 26
    err = expect_status(grpc.StatusCode.NOT_FOUND, names, [a, missing])
    assert missing in err.message
    expect_status(grpc.StatusCode.INVALID_ARGUMENT, names, ["not an id!"])
