"""Container health probe: `python -m cairn_server.probe` asks the local server's
grpc.health.v1 service whether it is SERVING; exit 0 if so, 1 otherwise.

It reads the server's own settings (CAIRN_PORT, CAIRN_TLS_CERT) and the client ones
(CAIRN_TLS_CA, CAIRN_TLS_CLIENT_CERT/KEY, CAIRN_TLS_SERVER_NAME, CAIRN_TOKEN), so the
same image probes a plaintext, TLS or mutual-TLS server. With TLS and no CAIRN_TLS_CA it
trusts the server's certificate chain file (enough when that file ends with the CA that
signed it, as docker/gen-certs.sh writes it) and checks the name `localhost`.
"""

from __future__ import annotations

import os
import sys

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from cairn.connection import Tls, open_channel
from cairn_server.config import Settings


def probe(environ: dict[str, str] | None = None, timeout: float = 3.0) -> bool:
    env = dict(os.environ if environ is None else environ)
    settings = Settings.from_env(env)
    tls = Tls.from_env(env)
    if tls is None and settings.tls_cert:
        tls = Tls(ca=settings.tls_cert, server_name=env.get("CAIRN_TLS_SERVER_NAME", "localhost"))
    channel = open_channel(f"127.0.0.1:{settings.port}", tls=tls)
    try:
        stub = health_pb2_grpc.HealthStub(channel)
        response = stub.Check(health_pb2.HealthCheckRequest(), timeout=timeout)
    except grpc.RpcError as exc:
        print(f"cairn probe: {exc.code().name}: {exc.details()}", file=sys.stderr)
        return False
    finally:
        channel.close()
    return bool(response.status == health_pb2.HealthCheckResponse.SERVING)


if __name__ == "__main__":
    sys.exit(0 if probe() else 1)
