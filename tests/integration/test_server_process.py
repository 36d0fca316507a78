"""The `cairn server` command as a user runs it: defaults, migrations, reflection."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from tests.support.postgres import free_port
from tests.support.processes import ROOT, ServerProcess


def test_defaults_live_under_one_data_dir_which_is_printed(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path), "CAIRN_PORT": str(port)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cairn_server", "server"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=ROOT,
    )
    try:
        assert proc.stdout is not None
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if "listening on" in line:
                break
        output = "".join(lines)
        assert f"Cairn data directory: {tmp_path / 'cairn'}" in output
        assert f"listening on 127.0.0.1:{port}" in output  # env var honoured
        assert (tmp_path / "cairn" / "cairn.db").exists()
        assert (tmp_path / "cairn" / "artifacts").is_dir()
    finally:
        proc.terminate()
        assert proc.wait(timeout=30) == 0


def test_no_migrate_refuses_an_old_schema_with_a_clear_message(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cairn_server",
            "server",
            "--data-dir",
            str(tmp_path),
            "--no-migrate",
            "--port",
            str(free_port()),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode != 0
    assert "cairn db upgrade" in result.stderr and "Traceback" not in result.stderr
    upgrade = subprocess.run(
        [sys.executable, "-m", "cairn_server", "db", "upgrade", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert upgrade.returncode == 0, upgrade.stderr
    server = ServerProcess(tmp_path, free_port(), "--no-migrate").start()
    server.terminate()


def test_reflection_lists_the_services(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "data", free_port()).start()
    try:
        with grpc.insecure_channel(server.address) as channel:
            stub = reflection_pb2_grpc.ServerReflectionStub(channel)
            request = reflection_pb2.ServerReflectionRequest(list_services="")
            (response,) = list(stub.ServerReflectionInfo(iter([request]), timeout=10))
        names = {s.name for s in response.list_services_response.service}
        assert {"cairn.v1.TrackingService", "grpc.health.v1.Health"} <= names
    finally:
        server.kill()
