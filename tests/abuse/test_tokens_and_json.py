"""Client-supplied structure the server parses: page tokens (base64 JSON, forgeable since
the fingerprint is no secret), metadata_json, and deeply nested filters. Garbage,
forged cursors and JSON bombs are INVALID_ARGUMENT, never INTERNAL."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import grpc
import pytest

from cairn.v1 import artifact_service_pb2 as apb
from cairn.v1 import model_registry_service_pb2 as rpb
from cairn.v1 import tracking_service_pb2 as tpb
from tests.abuse.support import TIMEOUT, Env, check, unchanged

INVALID = grpc.StatusCode.INVALID_ARGUMENT
Lister = Callable[[str], Any]


def _encode(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def _decode(token: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    return data


def _listers(env: Env) -> dict[str, Lister]:
    t, m, a = env.tracking, env.models, env.artifacts
    return {
        "ListExperiments": lambda tok: t.ListExperiments(
            tpb.ListExperimentsRequest(page_size=1, page_token=tok), timeout=TIMEOUT
        ),
        "SearchRuns": lambda tok: t.SearchRuns(
            tpb.SearchRunsRequest(experiment_ids=[env.experiment_id], page_size=1, page_token=tok),
            timeout=TIMEOUT,
        ),
        "SearchRegisteredModels": lambda tok: m.SearchRegisteredModels(
            rpb.SearchRegisteredModelsRequest(page_size=1, page_token=tok), timeout=TIMEOUT
        ),
        "SearchModelVersions": lambda tok: m.SearchModelVersions(
            rpb.SearchModelVersionsRequest(page_size=1, page_token=tok), timeout=TIMEOUT
        ),
        "ListRegistryEvents": lambda tok: m.ListRegistryEvents(
            rpb.ListRegistryEventsRequest(page_size=1, page_token=tok), timeout=TIMEOUT
        ),
        "ListArtifacts": lambda tok: a.ListArtifacts(
            apb.ListArtifactsRequest(
                run_id=env.run_id, recursive=True, page_size=1, page_token=tok
            ),
            timeout=TIMEOUT,
        ),
    }


GARBAGE_TOKENS = {
    "not-base64": "!!!not base64!!!",
    "not-json": base64.urlsafe_b64encode(b"\x00\xff garbage").decode(),
    "json-not-object": _encode([1, 2, 3]),
    "missing-cursor": _encode({"q": "x"}),
    "sql": "' OR 1=1 --",
    "deep-nesting": base64.urlsafe_b64encode(b"[" * 50_000 + b"]" * 50_000).decode(),
}


@pytest.mark.parametrize("name", GARBAGE_TOKENS)
def test_garbage_page_tokens(env: Env, name: str) -> None:
    """`deep-nesting` used to be a RecursionError: INTERNAL on every List/Search."""
    with unchanged(env):
        for method, call in _listers(env).items():
            failure = check(INVALID, lambda call=call: call(GARBAGE_TOKENS[name]), "page_token")  # type: ignore[misc]
            assert failure.reason == "INVALID_PAGE_TOKEN", method


FORGED_CURSORS: list[list[Any]] = [
    [{}],
    [[1]],
    [None],
    [2**70],
    ["x"],
    [True],
    [{"$gt": ""}],
]


def test_forged_cursors(env: Env) -> None:
    """A token re-signed with the right fingerprint but a cursor of the wrong shape or
    type is refused, or (where the server coerces the value) pages normally; never
    INTERNAL (ListArtifacts and ListRegistryEvents used to be)."""
    with unchanged(env):
        for method, call in _listers(env).items():
            real = call("").next_page_token
            assert real, f"{method}: the seed should need two pages"
            fingerprint = _decode(real)["q"]
            for cursor in FORGED_CURSORS:
                token = _encode({"q": fingerprint, "c": cursor})
                try:
                    call(token)
                except grpc.RpcError as exc:
                    assert exc.code() == INVALID, f"{method} {cursor}: {exc.code()} {exc.details()}"


def test_a_token_of_another_query(env: Env) -> None:
    token = env.tracking.ListExperiments(
        tpb.ListExperimentsRequest(page_size=1), timeout=TIMEOUT
    ).next_page_token
    with unchanged(env):
        check(
            INVALID,
            lambda: env.tracking.ListExperiments(
                tpb.ListExperimentsRequest(page_size=1, page_token=token, name_contains="a"),
                timeout=TIMEOUT,
            ),
            "different query",
        )


METADATA = {
    "array-bomb": "[" * 50_000 + "]" * 50_000,
    "object-bomb": '{"a":' * 30_000 + "1" + "}" * 30_000,
    "nan": '{"a": NaN}',
    "infinity": '{"a": -Infinity}',
    "not-json": "{'a': 1}",
    "not-an-object": "[1, 2]",
    "trailing-garbage": '{"a": 1} x',
}


@pytest.mark.parametrize("name", METADATA)
def test_hostile_metadata_json(env: Env, name: str) -> None:
    """The bombs used to be a RecursionError (INTERNAL); NaN and Infinity used to be
    stored, though other languages' JSON parsers refuse them."""
    request = rpb.CreateModelVersionRequest(
        name=env.model, external_uri="s3://bucket/model", metadata_json=METADATA[name]
    )
    with unchanged(env):
        check(
            INVALID,
            lambda: env.models.CreateModelVersion(request, timeout=TIMEOUT),
            "metadata_json",
        )


NESTED_FILTERS = {
    "parentheses": "(" * 4000 + "params.lr = '1'" + ")" * 4000,
    "nots": "NOT " * 2000 + "params.lr = '1'",
    "long-in-list": "params.lr IN (" + ",".join(["'a'"] * 2000) + ")",
    "many-clauses": " AND ".join(["params.lr = '1'"] * 500),
}


@pytest.mark.parametrize("name", NESTED_FILTERS)
def test_deep_and_wide_filters(env: Env, name: str) -> None:
    text = NESTED_FILTERS[name]
    with unchanged(env):
        check(
            INVALID,
            lambda: env.tracking.SearchRuns(
                tpb.SearchRunsRequest(experiment_ids=[env.experiment_id], filter=text),
                timeout=TIMEOUT,
            ),
            "filter",
        )
        if name in ("long-in-list", "many-clauses"):
            return  # within the registry grammar's 10,000 characters: answered normally
        check(
            INVALID,
            lambda: env.models.SearchModelVersions(
                rpb.SearchModelVersionsRequest(filter=text.replace("params.lr", "name")),
                timeout=TIMEOUT,
            ),
            "filter",
        )
