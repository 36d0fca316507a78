"""Interop: the Go, TypeScript and Java clients run the shared scenario
(tests/interop/scenario.json) against a live Python server.

The server is started as a subprocess (`uv run --frozen cairn server`) on a free
loopback port with a fresh data directory; tools/setup-clients.sh installs each
client's dependencies and builds its runner (a no-op when already done).

- test_client_runs_shared_scenario: the scenario's `steps`; each runner prints
  `INTEROP <lang> stream_points_per_sec=N`, shown here for every language.
- test_streamer_survives_server_kill: the scenario's `restart_steps`; halfway through
  the stream the server is killed (SIGKILL) and restarted on the same port and data
  directory, and every point must still be stored exactly once.
- test_client_direct_transfers_on_s3: the scenario's `s3_steps` against a server whose
  artifacts are on S3 (versitygw on loopback): presigned URLs and direct downloads.
- test_client_with_required_token: an in-process server with auth="required" and a
  known bootstrap admin token, on SQLite and PostgreSQL. The runner gets the token in
  CAIRN_TOKEN and runs `steps` (whose steps with a wrong token of their own must fail
  with UNAUTHENTICATED and leave no trace).
- test_client_with_wrong_token: a wrong token in CAIRN_TOKEN; in `wrong_token_steps`
  every call and stream must fail with UNAUTHENTICATED, and the admin then checks
  that nothing was written.
- test_client_over_mutual_tls: `tls_steps` over TLS with a client certificate, the
  files in CAIRN_TLS_CA / CAIRN_TLS_CLIENT_CERT / CAIRN_TLS_CLIENT_KEY, against the
  server's mutual TLS (its tls_* settings when it has them, else a TLS port added to
  the built server)."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import fields, replace
from pathlib import Path

import grpc
import pytest

from cairn.client import Client
from cairn.v1 import common_pb2
from cairn_server.app import build_server
from cairn_server.config import Settings
from tests.interop.certs import CertFiles, make_certs
from tests.support.s3 import S3Server
from tests.support.servers import InProcessServer

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "tests" / "interop" / "scenario.json"
LANGS = ["go", "ts", "java"]
SETUP_TIMEOUT = 900
RUNNER_TIMEOUT = 300
# The bootstrap admin token of the servers that require tokens, and a token with the
# same id but the wrong secret.
TOKEN = "cairn_interop01_" + "I" * 40
WRONG_TOKEN = "cairn_interop01_" + "W" * 40


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for a runner: this one without the caller's own token and TLS
    settings (which the clients would pick up), plus `extra`."""
    env = {k: v for k, v in os.environ.items() if k != "CAIRN_TOKEN" and k[:9] != "CAIRN_TLS"}
    return {**env, **extra}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Output:
    """Collects a subprocess's merged stdout/stderr lines from a reader thread."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.text: list[str] = []
        self._proc = proc
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        assert self._proc.stdout is not None
        for line in self._proc.stdout:
            self.text.append(line)
            self.lines.put(line)
        self.lines.put(None)

    def wait_for(self, needle: str, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=min(left, 0.5))
            except queue.Empty:
                continue
            if line is None:
                return False
            if needle in line:
                return True
        return False

    def __str__(self) -> str:
        return "".join(self.text)


class ServerProcess:
    def __init__(
        self, data_dir: Path, port: int | None = None, env: dict[str, str] | None = None
    ) -> None:
        self.data_dir = data_dir
        self.port = port or free_port()
        self.address = f"127.0.0.1:{self.port}"
        # A session of its own, so that kill() reaches both uv and the server it runs.
        self.proc = subprocess.Popen(
            [
                "uv",
                "run",
                "--frozen",
                "cairn",
                "server",
                "--data-dir",
                str(data_dir),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
            env={**os.environ, **(env or {})},
        )
        self.output = Output(self.proc)

    def wait_ready(self, timeout: float = 120.0) -> None:
        if not self.output.wait_for(f"listening on {self.address}", timeout):
            self.stop()
            pytest.fail(f"server did not start on {self.address}:\n{self.output}")

    def kill(self) -> None:
        """Kills uv and the server at once, as a crash would."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # uv forwards it to the server
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture(scope="module")
def clients_built() -> None:
    proc = subprocess.run(
        ["bash", str(ROOT / "tools" / "setup-clients.sh")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=SETUP_TIMEOUT,
    )
    assert proc.returncode == 0, f"tools/setup-clients.sh failed:\n{proc.stdout}\n{proc.stderr}"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    srv = ServerProcess(tmp_path_factory.mktemp("cairn-interop"))
    try:
        srv.wait_ready()
        yield srv
    finally:
        srv.stop()


def runner_command(lang: str, steps: str = "steps") -> list[str]:
    if lang == "go":
        runner = ROOT / ".cache" / "interop" / "go-runner"
        return [str(runner), "-scenario", str(SCENARIO), "-steps", steps]
    if lang == "ts":
        return [
            "node",
            str(ROOT / "client" / "ts" / "dist" / "src" / "interop.js"),
            str(SCENARIO),
            steps,
        ]
    java = ROOT / "client" / "java" / "target"
    classpath = os.pathsep.join(
        [
            str(java / "test-classes"),
            str(java / "classes"),
            (java / "classpath.txt").read_text().strip(),
        ]
    )
    return ["java", "-cp", classpath, "dev.cairn.interop.InteropMain", str(SCENARIO), steps]


def report(capsys: pytest.CaptureFixture[str], lang: str, out: str, elapsed: float) -> None:
    rate = re.search(rf"INTEROP {lang} stream_points_per_sec=\d+.*", out)
    summary = re.search(rf"INTEROP {lang} passed=\d+ failed=\d+ skipped=\d+", out)
    with capsys.disabled():
        print(
            f"\n[interop {lang}] {summary.group(0) if summary else 'no summary'}; "
            f"{rate.group(0).split(' ', 2)[2] if rate else 'no stream rate'}; "
            f"runner took {elapsed:.1f}s"
        )


def run_runner(
    lang: str, steps: str, env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> str:
    start = time.monotonic()
    proc = subprocess.run(
        runner_command(lang, steps),
        cwd=ROOT,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=RUNNER_TIMEOUT,
    )
    out = proc.stdout + proc.stderr
    report(capsys, lang, out, time.monotonic() - start)
    assert proc.returncode == 0, f"{lang} runner ({steps}) exited {proc.returncode}:\n{out}"
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_client_runs_shared_scenario(
    lang: str, clients_built: None, server: ServerProcess, capsys: pytest.CaptureFixture[str]
) -> None:
    out = run_runner(lang, "steps", {"CAIRN_ADDR": server.address}, capsys)
    assert re.search(rf"INTEROP {lang} stream_points_per_sec=\d+", out), out
    assert server.proc.poll() is None, f"the server died during the run:\n{server.output}"


@pytest.fixture(scope="module")
def s3_backed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    s3 = S3Server().start()
    srv = ServerProcess(tmp_path_factory.mktemp("cairn-interop-s3"), env=s3.env(s3.create_bucket()))
    try:
        srv.wait_ready()
        yield srv
    finally:
        srv.stop()
        s3.cleanup()


@pytest.mark.s3
@pytest.mark.parametrize("lang", LANGS)
def test_client_direct_transfers_on_s3(
    lang: str,
    clients_built: None,
    s3_backed_server: ServerProcess,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`s3_steps`: presigned URLs and direct downloads through each client's own helpers,
    against a server whose artifacts are on a real S3-compatible server."""
    out = run_runner(lang, "s3_steps", {"CAIRN_ADDR": s3_backed_server.address}, capsys)
    assert re.search(rf"INTEROP {lang} passed=\d+ failed=0 skipped=0", out), out


@pytest.mark.parametrize("lang", LANGS)
def test_streamer_survives_server_kill(
    lang: str, clients_built: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "data"
    srv = ServerProcess(data_dir)
    runner: subprocess.Popen[str] | None = None
    try:
        srv.wait_ready()
        start = time.monotonic()
        runner = subprocess.Popen(
            runner_command(lang, "restart_steps"),
            cwd=ROOT,
            env=clean_env(CAIRN_ADDR=srv.address),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        out = Output(runner)
        assert out.wait_for(f"INTEROP {lang} stream_halfway", RUNNER_TIMEOUT), str(out)
        srv.kill()
        srv = ServerProcess(data_dir, port=srv.port)
        srv.wait_ready()
        rc = runner.wait(timeout=RUNNER_TIMEOUT)
        report(capsys, lang, str(out), time.monotonic() - start)
        assert rc == 0, f"{lang} runner exited {rc}:\n{out}"
        reconnects = re.search(
            rf"INTEROP {lang} stream_points_per_sec=.* reconnects=(\d+)", str(out)
        )
        assert reconnects and int(reconnects.group(1)) > 0, f"the stream never reconnected:\n{out}"
    finally:
        if runner is not None and runner.poll() is None:
            runner.kill()
            runner.wait()
        srv.stop()


def server_contents(address: str) -> tuple[list[str], int]:
    """Every experiment name and the number of runs, as the admin sees them."""
    with Client(address, token=TOKEN, tls=None) as admin:
        experiments = list(admin.list_experiments(view=common_pb2.VIEW_TYPE_ALL))
        runs = (
            list(
                admin.search_runs(
                    [e.experiment_id for e in experiments], view=common_pb2.VIEW_TYPE_ALL
                )
            )
            if experiments
            else []
        )
    return sorted(e.name for e in experiments), len(runs)


def secure(settings: Settings) -> InProcessServer:
    """An in-process server that requires tokens, with TOKEN as its bootstrap admin's."""
    return InProcessServer(replace(settings, auth="required", bootstrap_token=TOKEN))


@pytest.fixture
def secure_server(settings: Settings) -> Iterator[InProcessServer]:
    """On SQLite and PostgreSQL (the `settings` fixture's parameters)."""
    srv = secure(settings).start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def secure_sqlite_server(tmp_path: Path) -> Iterator[InProcessServer]:
    srv = secure(Settings(data_dir=tmp_path / "data")).start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.mark.parametrize("lang", LANGS)
def test_client_with_required_token(
    lang: str,
    clients_built: None,
    secure_server: InProcessServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    address = secure_server.address
    out = run_runner(lang, "steps", {"CAIRN_ADDR": address, "CAIRN_TOKEN": TOKEN}, capsys)
    assert re.search(rf"INTEROP {lang} passed=\d+ failed=0 skipped=0", out), out
    names, runs = server_contents(address)
    assert any(n.startswith(f"interop-{lang}-") for n in names), names
    assert runs == 2
    assert not any("wrongtoken" in n for n in names), names


@pytest.mark.parametrize("lang", LANGS)
def test_client_with_wrong_token(
    lang: str,
    clients_built: None,
    secure_sqlite_server: InProcessServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The token's id is the admin's, its secret is not. (SQLite only: the server's
    token checks on both databases are covered by tests/security.)"""
    address = secure_sqlite_server.address
    with Client(address, token=TOKEN, tls=None) as admin:
        exp = admin.create_experiment(f"seed-{lang}")
        admin.create_run(exp.experiment_id, run_name="seed")
    before = server_contents(address)
    env = {"CAIRN_ADDR": address, "CAIRN_TOKEN": WRONG_TOKEN}
    out = run_runner(lang, "wrong_token_steps", env, capsys)
    assert re.search(rf"INTEROP {lang} passed=4 failed=0 skipped=0", out), out
    assert server_contents(address) == before, "a call with a wrong token wrote something"


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> CertFiles:
    return make_certs(tmp_path_factory.mktemp("certs"))


# Whether this checkout's server serves TLS from its own settings (tls_cert, tls_key,
# tls_client_ca); without them the test adds a TLS port to the built server itself.
SERVER_TLS_SETTINGS = {"tls_cert", "tls_key", "tls_client_ca"} <= {f.name for f in fields(Settings)}


class TlsServer(InProcessServer):
    """An in-process server that serves mutual TLS: only clients with a certificate
    signed by the test CA get in. Through the server's TLS settings when it has them,
    else through a second, TLS port added to the built grpc server before it starts."""

    def __init__(self, settings: Settings, certs: CertFiles) -> None:
        if SERVER_TLS_SETTINGS:
            files = {
                "tls_cert": str(certs.server_cert),
                "tls_key": str(certs.server_key),
                "tls_client_ca": str(certs.ca),
            }
            settings = replace(settings, **files)  # type: ignore[arg-type,unused-ignore]
        super().__init__(settings)
        self._credentials = grpc.ssl_server_credentials(
            [(certs.server_key.read_bytes(), certs.server_cert.read_bytes())],
            root_certificates=certs.ca.read_bytes(),
            require_client_auth=True,
        )
        self.tls_port = 0

    def start(self) -> TlsServer:
        if SERVER_TLS_SETTINGS:
            super().start()
            self.tls_port = self.port
            return self
        self._thread.start()

        async def boot() -> None:
            self.app, self.port = build_server(self.settings)
            self.tls_port = self.app.grpc_server.add_secure_port("127.0.0.1:0", self._credentials)
            await self.app.start()

        self._call(boot())
        return self


@pytest.fixture
def tls_server(tmp_path: Path, certs: CertFiles) -> Iterator[TlsServer]:
    settings = Settings(data_dir=tmp_path / "data", auth="required", bootstrap_token=TOKEN)
    srv = TlsServer(settings, certs).start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.mark.parametrize("lang", LANGS)
def test_client_over_mutual_tls(
    lang: str,
    clients_built: None,
    tls_server: TlsServer,
    certs: CertFiles,
    capsys: pytest.CaptureFixture[str],
) -> None:
    env = {
        "CAIRN_ADDR": f"127.0.0.1:{tls_server.tls_port}",
        "CAIRN_TOKEN": TOKEN,
        "CAIRN_TLS": "1",
        "CAIRN_TLS_CA": str(certs.ca),
        "CAIRN_TLS_CLIENT_CERT": str(certs.client_cert),
        "CAIRN_TLS_CLIENT_KEY": str(certs.client_key),
    }
    out = run_runner(lang, "tls_steps", env, capsys)
    assert re.search(rf"INTEROP {lang} passed=5 failed=0 skipped=0", out), out
