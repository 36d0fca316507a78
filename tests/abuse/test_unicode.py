"""Unicode edge cases. Names and keys are ASCII by rule (letters, digits, `_ - . /
space`, plus `:` in keys), so NUL, bidi overrides, zero-width characters, emoji and
decomposed letters are refused there with the rule named. Free text (descriptions,
param and tag values) takes any Unicode and is stored exactly as sent: NFC and NFD
spellings are distinct values, never normalized. (Lone surrogates cannot be encoded
in a proto3 string; invalid UTF-8 bytes are in test_malformed.py.)"""

from __future__ import annotations

import unicodedata

import grpc
import pytest

from cairn.v1 import model_registry_service_pb2 as rpb
from cairn.v1 import tracking_service_pb2 as tpb
from tests.abuse.support import (
    TIMEOUT,
    Env,
    check,
    check_clean_message,
    failure_of,
    make,
    unchanged,
)

INVALID = grpc.StatusCode.INVALID_ARGUMENT
CAFE_NFC = unicodedata.normalize("NFC", "café")
CAFE_NFD = unicodedata.normalize("NFD", "café")

NAMES = {
    "nul": "abc\x00def",
    "nul-only": "\x00",
    "rtl-override": "model\u202egpj.exe",
    "ltr-isolate": "a\u2066b",
    "zero-width-space": "abuse\u200bseed",
    "zero-width-joiner": "a\u200db",
    "bom": "\ufeffabuse-seed",
    "emoji": "model-🚀",
    "nfc": CAFE_NFC,
    "nfd": CAFE_NFD,
    "fullwidth-dots": "\uff0e\uff0e\uff0fetc",
    "tab": "a\tb",
    "ideographic-space": "a\u3000b",
    "overlong": "n" * 257,
    "overlong-multibyte": "é" * 200,
}


@pytest.mark.parametrize("name", NAMES)
def test_unicode_names_are_refused(env: Env, name: str) -> None:
    value = NAMES[name]
    t, m = env.tracking, env.models
    with unchanged(env):
        check(
            INVALID,
            lambda: t.CreateExperiment(tpb.CreateExperimentRequest(name=value), timeout=TIMEOUT),
            "name",
        )
        check(
            INVALID,
            lambda: m.CreateRegisteredModel(
                rpb.CreateRegisteredModelRequest(name=value), timeout=TIMEOUT
            ),
            "name",
        )
        check(
            INVALID,
            lambda: t.SetTags(
                make(tpb.SetTagsRequest, run_id=env.run_id, tags=[{"key": value, "value": "v"}]),
                timeout=TIMEOUT,
            ),
            "key",
        )
        check(
            INVALID,
            lambda: m.SetModelAlias(
                rpb.SetModelAliasRequest(name=env.model, alias=value, version=1), timeout=TIMEOUT
            ),
            "alias",
        )


def test_lookalike_of_an_existing_name_does_not_resolve(env: Env) -> None:
    """A zero-width or BOM-prefixed spelling of the seed experiment's name never finds
    the seed experiment (no normalization, no stripping)."""
    with unchanged(env):
        for value in ("abuse\u200bseed", "\ufeffabuse-seed", "ABUSE-SEED", "abuse-seed\u0301"):
            failure = failure_of(
                lambda value=value: env.tracking.GetExperimentByName(  # type: ignore[misc]
                    tpb.GetExperimentByNameRequest(name=value), timeout=TIMEOUT
                )
            )
            assert failure.code == grpc.StatusCode.NOT_FOUND, failure
            check_clean_message(failure)


VALUES = {
    "rtl-override": "\u202eevil",
    "zero-width": "a\u200b\u200c\u200db",
    "emoji-zwj-sequence": "👩‍👩‍👧‍👦",
    "nfc": CAFE_NFC,
    "nfd": CAFE_NFD,
    "astral": "𝕏𝔸𐍈",
    "replacement-char": "\ufffd",
    "noncharacter": "\uffff\U0010ffff",
}


def test_nul_is_refused_in_free_text_too(env: Env) -> None:
    """PostgreSQL text cannot hold NUL, so every backend refuses it everywhere (it used
    to be stored on SQLite and an INTERNAL error on PostgreSQL)."""
    t, m = env.tracking, env.models
    with unchanged(env):
        check(
            INVALID,
            lambda: t.SetTags(
                make(tpb.SetTagsRequest, run_id=env.run_id, tags=[{"key": "k", "value": "a\x00"}]),
                timeout=TIMEOUT,
            ),
            "NUL",
        )
        check(
            INVALID,
            lambda: t.GetExperimentByName(
                tpb.GetExperimentByNameRequest(name="abuse-seed\x00"), timeout=TIMEOUT
            ),
            "NUL",
        )
        check(
            INVALID,
            lambda: m.CreateRegisteredModel(
                rpb.CreateRegisteredModelRequest(name="nul-model", description="\x00"),
                timeout=TIMEOUT,
            ),
            "description",
        )


def test_unicode_values_are_stored_verbatim(env: Env) -> None:
    """Tag values, param values and descriptions round-trip exactly; NFC and NFD
    spellings stay two distinct values."""
    run = env.client.create_run(env.experiment_id, run_name="unicode", params=VALUES, tags=VALUES)
    got = env.client.get_run(run.run_id)
    assert {p.key: p.value for p in got.params} == VALUES
    assert {t.key: t.value for t in got.tags} == VALUES
    assert CAFE_NFC != CAFE_NFD
    assert {p.key: p.value for p in got.params}["nfd"].encode() == CAFE_NFD.encode()
    model = env.registry.create_model("unicode-model", description="".join(VALUES.values()))
    assert model.description == "".join(VALUES.values())
    env.registry.delete_model("unicode-model")
    env.client.delete_run(run.run_id)


def test_nfc_and_nfd_param_values_are_distinct(env: Env) -> None:
    """A param is immutable: re-logging the NFD spelling of an NFC value is a different
    value, refused as PARAM_IMMUTABLE (not silently equal)."""
    run = env.client.create_run(env.experiment_id, params={"city": CAFE_NFC}).run_id
    request = make(tpb.LogParamsRequest, run_id=run, params=[{"key": "city", "value": CAFE_NFD}])
    with unchanged(env):
        failure = check(INVALID, lambda: env.tracking.LogParams(request, timeout=TIMEOUT), "city")
        assert failure.reason == "PARAM_IMMUTABLE"
    env.client.log_params(run, {"city": CAFE_NFC})  # the same spelling is idempotent
    env.client.delete_run(run)
