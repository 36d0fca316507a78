"""TLS and mutual TLS from settings: load and check the PEM files before serving.

The files are checked with the standard library's `ssl` module (the certificate parses,
the key is unencrypted and matches it, the client CA bundle holds certificates), so a
bad file stops the server at start with a message naming it, instead of every handshake
failing later with an opaque error.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path

import grpc

from cairn_server.config import Settings


class TlsConfigError(ValueError):
    """A TLS setting that cannot work; the message says which file and why."""


@dataclass(frozen=True)
class TlsFiles:
    """The loaded PEM bytes. `client_ca` set means mutual TLS."""

    cert_chain: bytes
    private_key: bytes
    client_ca: bytes | None

    @property
    def mutual(self) -> bool:
        return self.client_ca is not None

    def server_credentials(self) -> grpc.ServerCredentials:
        return grpc.ssl_server_credentials(
            [(self.private_key, self.cert_chain)],
            root_certificates=self.client_ca,
            require_client_auth=self.client_ca is not None,
        )


def _read(path: str, setting: str) -> bytes:
    file = Path(path).expanduser()
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise TlsConfigError(
            f"{setting} {path}: cannot read it ({exc.strerror or type(exc).__name__})"
        ) from None
    if b"-----BEGIN " not in data:
        raise TlsConfigError(f"{setting} {path}: not a PEM file (no -----BEGIN line)")
    return data


def _refuse_password() -> str:
    raise TlsConfigError("encrypted")


def _check_pair(cert: str, key: str) -> None:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        context.load_cert_chain(
            str(Path(cert).expanduser()), str(Path(key).expanduser()), password=_refuse_password
        )
    except TlsConfigError:
        raise TlsConfigError(
            f"tls_key {key}: the key is encrypted; give the server an unencrypted key "
            "(e.g. `openssl pkey -in encrypted.key -out server.key`) with tight file permissions"
        ) from None
    except ssl.SSLError as exc:
        reason = exc.reason or str(exc)
        if "KEY_VALUES_MISMATCH" in reason.upper():
            raise TlsConfigError(
                f"tls_key {key} does not belong to the certificate in tls_cert {cert}"
            ) from None
        raise TlsConfigError(
            f"tls_cert {cert} / tls_key {key}: not a valid certificate and key ({reason})"
        ) from None


def _check_ca(path: str) -> None:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        context.load_verify_locations(cafile=str(Path(path).expanduser()))
    except ssl.SSLError as exc:
        raise TlsConfigError(
            f"tls_client_ca {path}: not a valid PEM certificate bundle ({exc.reason or exc})"
        ) from None
    if not context.get_ca_certs():
        raise TlsConfigError(f"tls_client_ca {path}: holds no certificate")


def load_tls(settings: Settings) -> TlsFiles | None:
    """The TLS files to serve with, or None for plaintext. Raises TlsConfigError."""
    cert, key, client_ca = settings.tls_cert, settings.tls_key, settings.tls_client_ca
    if not cert and not key:
        if client_ca:
            raise TlsConfigError(
                "tls_client_ca is set but tls_cert and tls_key are not: "
                "mutual TLS needs the server's own certificate and key too"
            )
        return None
    if not cert or not key:
        missing = (
            "tls_key (--tls-key, CAIRN_TLS_KEY)"
            if cert
            else "tls_cert (--tls-cert, CAIRN_TLS_CERT)"
        )
        raise TlsConfigError(f"TLS needs both a certificate and a key; {missing} is not set")
    cert_chain = _read(cert, "tls_cert")
    private_key = _read(key, "tls_key")
    _check_pair(cert, key)
    ca = None
    if client_ca:
        ca = _read(client_ca, "tls_client_ca")
        _check_ca(client_ca)
    return TlsFiles(cert_chain=cert_chain, private_key=private_key, client_ca=ca)


def server_credentials_or_exit(settings: Settings) -> grpc.ServerCredentials | None:
    """For server start: credentials, None for plaintext, or SystemExit with the reason."""
    try:
        files = load_tls(settings)
    except TlsConfigError as exc:
        raise SystemExit(f"cairn: {exc}") from None
    return files.server_credentials() if files is not None else None
