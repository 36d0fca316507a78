"""The container health probe against plaintext, TLS and mutual-TLS servers."""

from __future__ import annotations

import socket

from cairn_server.probe import probe
from tests.ops.certs import Pki
from tests.ops.conftest import StartServer


def test_probe_plaintext(start_server: StartServer) -> None:
    server = start_server()
    assert probe({"CAIRN_PORT": str(server.port)})


def test_probe_tls_trusts_the_servers_chain_file(start_server: StartServer, pki: Pki) -> None:
    cert, key = str(pki.server.cert_path), str(pki.server.key_path)
    server = start_server(tls_cert=cert, tls_key=key)
    env = {"CAIRN_PORT": str(server.port), "CAIRN_TLS_CERT": cert, "CAIRN_TLS_KEY": key}
    assert probe(env)
    # Plaintext against the TLS port fails.
    assert not probe({"CAIRN_PORT": str(server.port)})


def test_probe_mutual_tls_with_a_client_certificate(start_server: StartServer, pki: Pki) -> None:
    cert, key = str(pki.server.cert_path), str(pki.server.key_path)
    server = start_server(tls_cert=cert, tls_key=key, tls_client_ca=str(pki.ca.cert_path))
    env = {"CAIRN_PORT": str(server.port), "CAIRN_TLS_CERT": cert, "CAIRN_TLS_KEY": key}
    assert not probe(env), "mutual TLS needs a client certificate"
    env |= {
        "CAIRN_TLS_CA": str(pki.ca.cert_path),
        "CAIRN_TLS_CLIENT_CERT": str(pki.client.cert_path),
        "CAIRN_TLS_CLIENT_KEY": str(pki.client.key_path),
        "CAIRN_TLS_SERVER_NAME": "localhost",
    }
    assert probe(env)


def test_probe_fails_when_nothing_listens() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert not probe({"CAIRN_PORT": str(port)}, timeout=1)
