"""TLS and mutual TLS configured from settings, exercised over real loopback sockets."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from cairn.client import Client
from cairn.connection import Tls, open_channel
from cairn.errors import CairnError
from cairn_server.config import Settings
from cairn_server.transport.tls import TlsConfigError, load_tls
from tests.ops.certs import Pki
from tests.ops.conftest import StartServer

SERVING = health_pb2.HealthCheckResponse.SERVING


def health(channel: grpc.Channel) -> int:
    stub = health_pb2_grpc.HealthStub(channel)
    return int(stub.Check(health_pb2.HealthCheckRequest(), timeout=10).status)


def refused(channel: grpc.Channel) -> grpc.StatusCode:
    with pytest.raises(grpc.RpcError) as info:
        health(channel)
    code: grpc.StatusCode = info.value.code()
    return code


def test_tls_call_works_with_the_ca(start_server: StartServer, pki: Pki) -> None:
    server = start_server(tls_cert=str(pki.server.cert_path), tls_key=str(pki.server.key_path))
    with Client(server.address, user="tester", tls=Tls(ca=pki.ca.cert_path)) as client:
        created = client.create_experiment("over-tls")
        assert client.get_experiment(created.experiment_id).name == "over-tls"


def test_tls_server_name_override(start_server: StartServer, pki: Pki) -> None:
    server = start_server(tls_cert=str(pki.server.cert_path), tls_key=str(pki.server.key_path))
    # Dial by IP but verify the certificate's DNS name, as behind a load balancer.
    tls = Tls(ca=pki.ca.cert_path, server_name="localhost")
    with open_channel(server.address, token="", tls=tls) as channel:
        assert health(channel) == SERVING


def test_plaintext_client_fails_against_tls(start_server: StartServer, pki: Pki) -> None:
    server = start_server(tls_cert=str(pki.server.cert_path), tls_key=str(pki.server.key_path))
    with grpc.insecure_channel(server.address) as channel:
        assert refused(channel) == grpc.StatusCode.UNAVAILABLE


def test_client_not_trusting_the_ca_fails(start_server: StartServer, pki: Pki) -> None:
    server = start_server(tls_cert=str(pki.server.cert_path), tls_key=str(pki.server.key_path))
    with open_channel(server.address, token="", tls=Tls(ca=pki.other_ca.cert_path)) as channel:
        assert refused(channel) == grpc.StatusCode.UNAVAILABLE


@pytest.fixture
def mtls_server(start_server: StartServer, pki: Pki) -> str:
    server = start_server(
        tls_cert=str(pki.server.cert_path),
        tls_key=str(pki.server.key_path),
        tls_client_ca=str(pki.ca.cert_path),
    )
    return server.address


def test_mtls_valid_client_certificate_works(mtls_server: str, pki: Pki) -> None:
    tls = Tls(ca=pki.ca.cert_path, cert=pki.client.cert_path, key=pki.client.key_path)
    with Client(mtls_server, user="tester", tls=tls) as client:
        created = client.create_experiment("mutual")
        assert client.get_experiment(created.experiment_id).name == "mutual"


def test_mtls_refuses_a_client_without_certificate(mtls_server: str, pki: Pki) -> None:
    with Client(mtls_server, user="tester", tls=Tls(ca=pki.ca.cert_path)) as client:
        with pytest.raises(CairnError) as info:
            client.create_experiment("no-cert")
        assert info.value.code == grpc.StatusCode.UNAVAILABLE


def test_mtls_refuses_a_certificate_from_another_ca(mtls_server: str, pki: Pki) -> None:
    tls = Tls(ca=pki.ca.cert_path, cert=pki.stranger.cert_path, key=pki.stranger.key_path)
    with open_channel(mtls_server, token="", tls=tls) as channel:
        assert refused(channel) == grpc.StatusCode.UNAVAILABLE


def test_mtls_refuses_plaintext(mtls_server: str) -> None:
    with grpc.insecure_channel(mtls_server) as channel:
        assert refused(channel) == grpc.StatusCode.UNAVAILABLE


# -- configuration errors stop the server at start -----------------------------------


def start_error(settings: Settings) -> str:
    from cairn_server.app import build_server

    with pytest.raises(SystemExit) as info:
        build_server(settings)
    message = str(info.value.code)
    assert message.startswith("cairn: "), message
    return message


def test_cert_without_key_is_refused(sqlite_settings: Settings, pki: Pki) -> None:
    settings = replace(sqlite_settings, tls_cert=str(pki.server.cert_path))
    assert "tls_key" in start_error(settings)


def test_key_without_cert_is_refused(sqlite_settings: Settings, pki: Pki) -> None:
    settings = replace(sqlite_settings, tls_key=str(pki.server.key_path))
    assert "tls_cert" in start_error(settings)


def test_client_ca_without_server_cert_is_refused(sqlite_settings: Settings, pki: Pki) -> None:
    settings = replace(sqlite_settings, tls_client_ca=str(pki.ca.cert_path))
    assert "tls_client_ca" in start_error(settings)


def tls_settings(cert: Path, key: Path, ca: Path | None = None) -> Settings:
    return Settings(tls_cert=str(cert), tls_key=str(key), tls_client_ca=str(ca or ""))


def test_missing_file_is_named(pki: Pki, tmp_path: Path) -> None:
    missing = tmp_path / "nope.crt"
    with pytest.raises(TlsConfigError, match=r"tls_cert .*nope\.crt: cannot read"):
        load_tls(tls_settings(missing, pki.server.key_path))


def test_unreadable_file_is_named(pki: Pki, tmp_path: Path) -> None:
    # A directory cannot be read as a file, even by root (unlike a chmod 0 file).
    folder = tmp_path / "server.key"
    folder.mkdir()
    with pytest.raises(TlsConfigError, match=r"tls_key .*server\.key: cannot read"):
        load_tls(tls_settings(pki.server.cert_path, folder))


def test_not_pem_is_refused(pki: Pki, tmp_path: Path) -> None:
    junk = tmp_path / "junk.crt"
    junk.write_text("hello")
    with pytest.raises(TlsConfigError, match="not a PEM file"):
        load_tls(tls_settings(junk, pki.server.key_path))


def test_key_of_another_certificate_is_refused(pki: Pki) -> None:
    with pytest.raises(TlsConfigError, match="does not belong to the certificate"):
        load_tls(tls_settings(pki.server.cert_path, pki.client.key_path))


def test_corrupt_certificate_is_refused(pki: Pki, tmp_path: Path) -> None:
    broken = tmp_path / "broken.crt"
    broken.write_text("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    with pytest.raises(TlsConfigError, match="not a valid certificate and key"):
        load_tls(tls_settings(broken, pki.server.key_path))


def test_bad_client_ca_is_refused(pki: Pki, tmp_path: Path) -> None:
    not_ca = tmp_path / "ca.pem"
    not_ca.write_text("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    with pytest.raises(TlsConfigError, match="tls_client_ca"):
        load_tls(tls_settings(pki.server.cert_path, pki.server.key_path, not_ca))


def test_good_files_load(pki: Pki) -> None:
    files = load_tls(tls_settings(pki.server.cert_path, pki.server.key_path, pki.ca.cert_path))
    assert files is not None and files.mutual
    assert load_tls(Settings()) is None


def test_settings_come_from_environment(pki: Pki) -> None:
    settings = Settings.from_env(
        {
            "CAIRN_TLS_CERT": str(pki.server.cert_path),
            "CAIRN_TLS_KEY": str(pki.server.key_path),
            "CAIRN_TLS_CLIENT_CA": str(pki.ca.cert_path),
        }
    )
    assert settings.tls_cert == str(pki.server.cert_path)
    assert settings.tls_client_ca == str(pki.ca.cert_path)
    files = load_tls(settings)
    assert files is not None and files.mutual


def test_client_tls_from_environment(pki: Pki) -> None:
    assert Tls.from_env({}) is None
    # The server's own CAIRN_TLS_CERT/KEY never become a client identity.
    assert Tls.from_env({"CAIRN_TLS_CERT": "server.crt", "CAIRN_TLS_KEY": "server.key"}) is None
    tls = Tls.from_env(
        {
            "CAIRN_TLS_CA": str(pki.ca.cert_path),
            "CAIRN_TLS_CLIENT_CERT": str(pki.client.cert_path),
            "CAIRN_TLS_CLIENT_KEY": str(pki.client.key_path),
            "CAIRN_TLS_SERVER_NAME": "localhost",
        }
    )
    assert tls == Tls(
        ca=str(pki.ca.cert_path),
        cert=str(pki.client.cert_path),
        key=str(pki.client.key_path),
        server_name="localhost",
    )
    assert Tls.from_env({"CAIRN_TLS": "true"}) == Tls()
