"""CompareRuns and GetLeaderboard, through the SDK helpers in cairn.search."""

from __future__ import annotations

from typing import Any

import grpc
import pytest

from cairn.client import Client
from cairn.search import best_run, compare_runs, leaderboard, metric_values
from tests.integration.helpers import expect_status
from tests.search.fixtures import build_corpus


def test_compare_runs(client: Client) -> None:
    corpus = build_corpus(client)
    r = corpus.runs
    result = compare_runs(client, [r["r3"], r["r1"], r["r2"]])
    assert corpus.names([run.run_id for run in result.runs]) == ["r3", "r1", "r2"]
    # lr is 0.01 / 0.01 / 0.1; model is missing in two; optimizer differs in case.
    assert list(result.differing_param_keys) == ["lr", "model", "optimizer"]
    assert list(result.differing_tag_keys) == ["model.type", "note", "priority", "quote", "team"]
    r1 = result.runs[1]
    assert {p.key: p.value for p in r1.params}["model"] == "bert"
    assert metric_values(r1)["acc"].latest_value == pytest.approx(0.95)
    assert [i.dataset.name for i in r1.inputs] == ["imagenet", "imagenet"]

    # A parent and its child share lr and team: only what differs is listed.
    result = compare_runs(client, [r["r1"], r["r6"]])
    assert list(result.differing_param_keys) == ["model", "optimizer"]
    assert list(result.differing_tag_keys) == ["model.type", "priority"]

    # Summaries carry min and max over every point, not just the latest value.
    (r5,) = compare_runs(client, [r["r5"]]).runs
    acc = metric_values(r5)["acc"]
    assert (acc.latest_value, acc.min_value, acc.max_value, acc.point_count) == (0.5, 0.5, 0.9, 3)
    assert not compare_runs(client, [r["r5"]]).differing_param_keys

    # Deleted runs can still be compared.
    assert compare_runs(client, [r["r7"], r["r9"]]).differing_param_keys == []


def test_compare_runs_errors(client: Client) -> None:
    exp = client.create_experiment("cmp").experiment_id
    run_id = client.create_run(exp).run_id
    missing = "0" * 26
    err = expect_status(grpc.StatusCode.NOT_FOUND, compare_runs, client, [run_id, missing])
    assert missing in err.message
    for ids in ([], [run_id] * 2, ["bad id"], [run_id] + [f"x{i}" for i in range(100)]):
        err = expect_status(grpc.StatusCode.INVALID_ARGUMENT, compare_runs, client, ids)
        assert err.field_violations and err.field_violations[0][0].startswith("run_ids")


def _ranked(
    client: Client, corpus_names: dict[str, str], **kw: object
) -> list[tuple[int, str, float]]:
    by_id = {v: k for k, v in corpus_names.items()}
    entries = leaderboard(client, "acc", **kw)  # type: ignore[arg-type]
    return [(e.rank, by_id[e.run.run_id], e.value) for e in entries]


def test_leaderboard(client: Client) -> None:
    corpus = build_corpus(client)
    runs = corpus.runs
    assert _ranked(client, runs, k=3) == [(1, "r1", 0.95), (2, "r2", 0.8), (3, "r8", 0.7)]
    assert _ranked(client, runs, k=3, descending=False) == [
        (1, "r6", -1.5),
        (2, "r5", 0.5),
        (3, "r8", 0.7),
    ]
    # Aggregates: r5 logged .9, .7, .5 - its max is .9, its latest .5.
    assert _ranked(client, runs, k=3, aggregate="max") == [
        (1, "r1", 0.95),
        (2, "r5", 0.9),
        (3, "r2", 0.8),
    ]
    assert _ranked(client, runs, k=2, aggregate="min", descending=False) == [
        (1, "r6", -1.5),
        (2, "r5", 0.5),
    ]
    # Filters apply; NaN (r3) and deleted runs or experiments (r7, r9) are never ranked.
    assert _ranked(client, runs, filter="params.lr = '0.01'") == [
        (1, "r1", 0.95),
        (2, "r8", 0.7),
        (3, "r6", -1.5),
    ]
    assert [name for _, name, _ in _ranked(client, runs, k=0)] == ["r1", "r2", "r8", "r5", "r6"]
    assert _ranked(client, runs, experiment_ids=[corpus.experiments["B"]]) == [(1, "r8", 0.7)]
    best = best_run(client, "loss", descending=False)
    assert best is not None and best.run_id == runs["r1"]
    assert best_run(client, "no-such-metric") is None


def test_leaderboard_ties_share_a_rank(client: Client) -> None:
    exp = client.create_experiment("ties").experiment_id
    ids = []
    for value in (1.0, 0.5, 1.0, 0.25):
        run_id = client.create_run(exp).run_id
        client.log_metric_batch(run_id, "acc", [0], [value])
        ids.append(run_id)
    entries = leaderboard(client, "acc", experiment_ids=[exp])
    assert [(e.rank, e.value) for e in entries] == [(1, 1.0), (1, 1.0), (3, 0.5), (4, 0.25)]
    # Equal values are listed by run id, in the direction of the ranking.
    assert [e.run.run_id for e in entries[:2]] == sorted([ids[0], ids[2]], reverse=True)


def test_leaderboard_errors(client: Client) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"k": 1001}, "k"),
        ({"k": -1}, "k"),
        ({"filter": "metrics.acc > 'x'"}, "filter"),
        ({"experiment_ids": ["bad id"]}, "experiment_ids[0]"),
    ]
    for kw, field in cases:
        err = expect_status(grpc.StatusCode.INVALID_ARGUMENT, leaderboard, client, "acc", **kw)
        assert [f for f, _ in err.field_violations] == [field]
    err = expect_status(grpc.StatusCode.INVALID_ARGUMENT, leaderboard, client, "")
    assert [f for f, _ in err.field_violations] == ["metric_key"]
    expect_status(grpc.StatusCode.NOT_FOUND, leaderboard, client, "acc", experiment_ids=["0" * 26])
    with pytest.raises(ValueError, match="aggregate"):
        leaderboard(client, "acc", aggregate="median")
