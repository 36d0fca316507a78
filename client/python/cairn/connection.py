"""Opening a channel to a Cairn server: address, API token and TLS, each defaulting
to a CAIRN_* environment variable so scripts need no arguments."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc

DEFAULT_ADDRESS = "127.0.0.1:50051"


def default_address() -> str:
    return os.environ.get("CAIRN_ADDRESS", DEFAULT_ADDRESS)


def channel_options(max_message_mb: int = 64) -> list[tuple[str, Any]]:
    size = max_message_mb * 1024 * 1024
    return [
        ("grpc.max_receive_message_length", size),
        ("grpc.max_send_message_length", size),
        ("grpc.keepalive_time_ms", 30_000),
    ]


def _read(path: str | Path | None) -> bytes | None:
    return Path(path).expanduser().read_bytes() if path else None


@dataclass(frozen=True)
class Tls:
    """TLS settings. `ca` verifies the server (system roots when None); `cert` and
    `key` present a client certificate for servers that require mutual TLS."""

    ca: str | Path | None = None
    cert: str | Path | None = None
    key: str | Path | None = None
    server_name: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Tls | None:
        """TLS from CAIRN_TLS (true: system roots), CAIRN_TLS_CA, CAIRN_TLS_CLIENT_CERT,
        CAIRN_TLS_CLIENT_KEY and CAIRN_TLS_SERVER_NAME; None when none asks for TLS.
        The client certificate variables are not CAIRN_TLS_CERT/CAIRN_TLS_KEY: those
        are the server's own certificate, and a client run beside the server (a health
        probe, the CLI in the same container) must not present it as a client identity."""
        env = os.environ if environ is None else environ
        wanted = env.get("CAIRN_TLS", "").lower() in ("1", "true", "yes")
        cert = env.get("CAIRN_TLS_CLIENT_CERT") or None
        if not (wanted or env.get("CAIRN_TLS_CA") or cert):
            return None
        return cls(
            ca=env.get("CAIRN_TLS_CA") or None,
            cert=cert,
            key=env.get("CAIRN_TLS_CLIENT_KEY") or None,
            server_name=env.get("CAIRN_TLS_SERVER_NAME") or None,
        )

    def credentials(self) -> grpc.ChannelCredentials:
        if bool(self.cert) != bool(self.key):
            raise ValueError("a client certificate needs both cert and key")
        return grpc.ssl_channel_credentials(
            root_certificates=_read(self.ca),
            private_key=_read(self.key),
            certificate_chain=_read(self.cert),
        )


class _BearerToken(
    grpc.UnaryUnaryClientInterceptor,  # type: ignore[type-arg]
    grpc.UnaryStreamClientInterceptor,  # type: ignore[type-arg]
    grpc.StreamUnaryClientInterceptor,  # type: ignore[type-arg]
    grpc.StreamStreamClientInterceptor,  # type: ignore[type-arg]
):
    """Adds `authorization: Bearer <token>` to every call, streams included."""

    def __init__(self, token: str) -> None:
        self._header = ("authorization", f"Bearer {token}")

    def _details(self, details: Any) -> Any:
        metadata = [*(details.metadata or ()), self._header]
        return details._replace(metadata=metadata)

    def intercept_unary_unary(
        self, continuation: Callable[..., Any], details: Any, request: Any
    ) -> Any:
        return continuation(self._details(details), request)

    def intercept_unary_stream(
        self, continuation: Callable[..., Any], details: Any, request: Any
    ) -> Any:
        return continuation(self._details(details), request)

    def intercept_stream_unary(
        self, continuation: Callable[..., Any], details: Any, request_iterator: Iterator[Any]
    ) -> Any:
        return continuation(self._details(details), request_iterator)

    def intercept_stream_stream(
        self, continuation: Callable[..., Any], details: Any, request_iterator: Iterator[Any]
    ) -> Any:
        return continuation(self._details(details), request_iterator)


def open_channel(
    address: str | None = None,
    *,
    token: str | None = None,
    tls: Tls | None = None,
    max_message_mb: int = 64,
) -> grpc.Channel:
    """A channel to `address` (default CAIRN_ADDRESS) that sends `token` (default
    CAIRN_TOKEN) on every call, over TLS when `tls` (default from CAIRN_TLS*) is set."""
    address = address or default_address()
    token = token if token is not None else os.environ.get("CAIRN_TOKEN", "")
    tls = tls if tls is not None else Tls.from_env()
    options = channel_options(max_message_mb)
    if tls is not None:
        if tls.server_name:
            options.append(("grpc.ssl_target_name_override", tls.server_name))
        channel = grpc.secure_channel(address, tls.credentials(), options=options)
    else:
        channel = grpc.insecure_channel(address, options=options)
    if token:
        channel = grpc.intercept_channel(channel, _BearerToken(token))
    return channel
