"""Unit tests of artifact path validation (no server)."""

from __future__ import annotations

import pytest

from cairn_server.domain import artifact_paths as ap
from cairn_server.domain.errors import InvalidArgument
from tests.artifacts.bad_paths import BAD_PATHS, FILE_ONLY


@pytest.mark.parametrize("path", BAD_PATHS.values(), ids=BAD_PATHS.keys())
def test_bad_file_paths_are_refused(path: str) -> None:
    with pytest.raises(InvalidArgument) as err:
        ap.check_path(path)
    assert err.value.violations[0].field == "path"


@pytest.mark.parametrize(
    "path", [p for k, p in BAD_PATHS.items() if k not in FILE_ONLY], ids=lambda p: repr(p)[:30]
)
def test_bad_dir_paths_are_refused(path: str) -> None:
    with pytest.raises(InvalidArgument):
        ap.check_dir_path(path)


def test_lone_surrogate_is_refused() -> None:
    # Protobuf would never decode one; a direct caller still must not get through.
    with pytest.raises(InvalidArgument):
        ap.check_path("a\ud800.txt")


@pytest.mark.parametrize(
    "path",
    [
        "model.pt",
        "checkpoints/epoch-1/model.pt",
        "plots/loss curve (final).png",
        "données/résumé.txt",
        "日本語/ファイル.txt",
        "a.b/c..d/...e",
        "2026-01-01T12:00:00.json",
        "x" * 255,
        "a/" * 511 + "b",
    ],
)
def test_good_paths_pass_unchanged(path: str) -> None:
    assert ap.check_path(path) == path


def test_dir_paths() -> None:
    assert ap.check_dir_path("") == ""
    assert ap.check_dir_path("a/b/") == "a/b"
    with pytest.raises(InvalidArgument):
        ap.check_dir_path("/")


def test_object_key_stays_under_the_run() -> None:
    assert ap.object_key("e1", "r1", "a/b.txt") == "e1/r1/artifacts/a/b.txt"
