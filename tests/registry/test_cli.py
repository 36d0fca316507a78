"""`cairn models …` against a live server."""

from __future__ import annotations

from click.testing import CliRunner, Result

from cairn.cli import main
from cairn.registry import Registry
from tests.support.servers import InProcessServer


def _cairn(server: InProcessServer, *args: str) -> Result:
    # Wide enough that table cells are not wrapped.
    return CliRunner().invoke(
        main, ["--address", server.address, "models", *args], env={"COLUMNS": "250"}
    )


def test_models_commands(registry: Registry, server: InProcessServer) -> None:
    registry.create_model("fraud", "catches fraud", {"team": "risk"})
    registry.create_version("fraud", external_uri="s3://models/fraud/1")
    registry.create_version("fraud", external_uri="s3://models/fraud/2")
    registry.create_model("churn")

    listed = _cairn(server, "list")
    assert listed.exit_code == 0, listed.output
    assert "fraud" in listed.output and "churn" in listed.output and "team=risk" in listed.output
    filtered = _cairn(server, "list", "--filter", "name = 'churn'")
    assert "churn" in filtered.output and "fraud" not in filtered.output

    moved = _cairn(server, "alias", "fraud", "champion", "2")
    assert moved.exit_code == 0 and "version 2" in moved.output
    assert registry.get_version_by_alias("fraud", "champion").version == 2
    shown = _cairn(server, "alias", "fraud", "champion")
    assert "s3://models/fraud/2" in shown.output

    moved = _cairn(server, "transition", "fraud", "2", "production", "--comment", "ship")
    assert moved.exit_code == 0 and "Production" in moved.output
    requested = _cairn(server, "transition", "fraud", "1", "Staging", "--request")
    assert "pending review" in requested.output
    (pending,) = registry.list_transitions("fraud", status="pending")
    reviewed = _cairn(server, "review", pending.transition_id, "--approve")
    assert reviewed.exit_code == 0 and "approved" in reviewed.output
    assert registry.get_version("fraud", 1).stage == "Staging"

    show = _cairn(server, "show", "fraud")
    assert show.exit_code == 0
    assert "catches fraud" in show.output and "champion" in show.output
    versions = _cairn(server, "versions", "fraud", "--filter", "stage = 'Production'")
    assert "Production" in versions.output and "Staging" not in versions.output

    watched = _cairn(server, "watch", "fraud", "--after", "0", "--limit", "3")
    assert watched.exit_code == 0, watched.output
    lines = watched.output.strip().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("#1 ") and "model_created" in lines[0]
    assert "version_created v1" in lines[1]

    deleted = _cairn(server, "alias", "fraud", "champion", "--delete")
    assert deleted.exit_code == 0
    assert list(registry.get_model("fraud").aliases) == []


def test_errors_are_one_line(server: InProcessServer) -> None:
    result = _cairn(server, "show", "missing")
    assert result.exit_code == 1
    assert "NOT_FOUND" in result.output and "Traceback" not in result.output
    bad = _cairn(server, "versions", "--filter", "stage ~ 'x'")
    assert bad.exit_code == 1 and "position 6" in bad.output
