"""Project-level checks: packaging files stay valid and the CLI starts."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def compose_command() -> list[str]:
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    ):
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    if legacy:
        return [legacy]
    pytest.fail("no Compose implementation found; tools/setup.sh installs one")


def test_compose_file_is_valid() -> None:
    result = subprocess.run(
        [*compose_command(), "-f", str(ROOT / "docker/compose.yaml"), "config"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    for service in ("cairn:", "postgres:", "minio:"):
        assert service in result.stdout


def test_dockerfile_copies_paths_that_exist() -> None:
    for line in (ROOT / "docker/Dockerfile").read_text().splitlines():
        if line.startswith("COPY") and "--from" not in line:
            for src in line.split()[1:-1]:
                assert (ROOT / src).exists(), f"Dockerfile copies missing path {src}"


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "./dev test" in readme and "./dev server" in readme
    assert "exec ./dev test" in (ROOT / ".ci/run").read_text()


def test_cli_help_lists_commands() -> None:
    result = subprocess.run(
        ["uv", "run", "--frozen", "cairn", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    for command in ("server", "experiments", "runs"):
        assert command in result.stdout


def test_readme_documents_every_server_setting() -> None:
    import dataclasses

    from cairn_server.config import Settings

    readme = (ROOT / "README.md").read_text()
    for f in dataclasses.fields(Settings):
        flag = "--" + f.name.replace("_", "-")
        assert f"`{flag}" in readme and f"`{Settings.env_name(f.name)}`" in readme, flag
