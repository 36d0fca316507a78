"""`cairn runs search / compare / leaderboard` print readable tables."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cairn.cli import console, main
from cairn.client import Client
from tests.search.fixtures import build_corpus


def test_search_compare_and_leaderboard_commands(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(console, "width", 220)  # room for full run ids in every column
    corpus = build_corpus(client)
    runner = CliRunner()

    def cairn(*args: str) -> str:
        result = runner.invoke(main, ["--address", client.address, *args])
        assert result.exit_code == 0, result.output
        return result.output

    out = cairn(
        "runs", "search", "params.lr = '0.01' AND metrics.acc > 0", "-o", "metrics.acc DESC"
    )
    assert "2 runs" in out
    assert out.index(corpus.runs["r1"]) < out.index(corpus.runs["r8"])
    assert "metrics.acc" in out and "params.lr" in out and "0.95" in out

    out = cairn("runs", "search", "-e", "search-B", "-c", "tags.note")
    assert corpus.runs["r8"] in out and "50%_off" in out and corpus.runs["r1"] not in out

    out = cairn("runs", "compare", corpus.runs["r1"], corpus.runs["r5"])
    assert "bert_large" in out and "0.5  (0.5..0.9)" in out

    out = cairn("runs", "compare", "--diff-only", corpus.runs["r1"], corpus.runs["r6"])
    assert "optimizer" in out and "lr " not in out

    out = cairn("runs", "leaderboard", "acc", "-a", "max", "-k", "2")
    assert out.index(corpus.runs["r1"]) < out.index(corpus.runs["r5"])
    assert corpus.runs["r2"] not in out

    bad = runner.invoke(main, ["--address", client.address, "runs", "search", "metrics.a > 'x'"])
    assert bad.exit_code != 0 and "at position 12" in bad.output
