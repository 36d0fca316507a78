"""The server's and the CLI's malloc settings: applied on glibc, left alone when the operator tuned malloc."""

from __future__ import annotations

import platform

import pytest

from cairn.memory import tune_malloc


def test_operator_settings_win() -> None:
    assert tune_malloc({"MALLOC_ARENA_MAX": "4"}) is False
    assert tune_malloc({"GLIBC_TUNABLES": "glibc.malloc.trim_threshold=1"}) is False


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_applied_on_glibc() -> None:
    assert tune_malloc({}) is True
