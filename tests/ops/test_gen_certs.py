"""docker/gen-certs.sh makes certificates the server and the SDK accept, and a token
in the documented format."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from cairn.client import Client
from cairn.connection import Tls
from cairn_server.probe import probe
from tests.ops.conftest import StartServer

ROOT = Path(__file__).resolve().parents[2]
TOKEN = re.compile(r"^cairn_[a-z0-9]{8,}_[A-Za-z0-9_-]{32,}$")


@pytest.fixture
def generated(tmp_path: Path) -> Path:
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command")
    docker = tmp_path / "docker"
    docker.mkdir()
    shutil.copy(ROOT / "docker" / "gen-certs.sh", docker)
    for _ in range(2):  # a second run keeps what exists
        subprocess.run(
            ["bash", str(docker / "gen-certs.sh")], check=True, capture_output=True, timeout=60
        )
    return docker


def test_generated_files_serve_mutual_tls(generated: Path, start_server: StartServer) -> None:
    certs = generated / "certs"
    server = start_server(
        tls_cert=str(certs / "server.crt"),
        tls_key=str(certs / "server.key"),
        tls_client_ca=str(certs / "ca.crt"),
    )
    tls = Tls(ca=certs / "ca.crt", cert=certs / "client.crt", key=certs / "client.key")
    with Client(server.address, user="tester", tls=tls) as client:
        assert client.create_experiment("from-gen-certs").name == "from-gen-certs"
    # The container's health probe, as docker/compose.yaml configures it for mutual TLS.
    env = {
        "CAIRN_PORT": str(server.port),
        "CAIRN_TLS_CERT": str(certs / "server.crt"),
        "CAIRN_TLS_CA": str(certs / "ca.crt"),
        "CAIRN_TLS_CLIENT_CERT": str(certs / "probe.crt"),
        "CAIRN_TLS_CLIENT_KEY": str(certs / "probe.key"),
    }
    assert probe(env)


def test_generated_token_has_the_token_format(generated: Path) -> None:
    lines = (generated / ".env").read_text().splitlines()
    assert len(lines) == 1, "a second run must not add another token"
    name, _, token = lines[0].partition("=")
    assert name == "CAIRN_BOOTSTRAP_TOKEN"
    assert TOKEN.match(token), token
    assert (generated / "certs" / "probe.crt").exists()
