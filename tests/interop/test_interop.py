"""Interop: the Go, TypeScript and Java clients run the shared scenario
(tests/interop/scenario.json) against a live Python server.

The server is started as a subprocess (`uv run --frozen cairn server`) on a free
loopback port with a fresh data directory; tools/setup-clients.sh installs each
client's dependencies and builds its runner (a no-op when already done).

- test_client_runs_shared_scenario: the scenario's `steps`; each runner prints
  `INTEROP <lang> stream_points_per_sec=N`, shown here for every language.
- test_streamer_survives_server_kill: the scenario's `restart_steps`; halfway through
  the stream the server is killed (SIGKILL) and restarted on the same port and data
  directory, and every point must still be stored exactly once."""

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
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "tests" / "interop" / "scenario.json"
LANGS = ["go", "ts", "java"]
SETUP_TIMEOUT = 900
RUNNER_TIMEOUT = 300


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
    def __init__(self, data_dir: Path, port: int | None = None) -> None:
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


@pytest.mark.parametrize("lang", LANGS)
def test_client_runs_shared_scenario(
    lang: str, clients_built: None, server: ServerProcess, capsys: pytest.CaptureFixture[str]
) -> None:
    env = {**os.environ, "CAIRN_ADDR": server.address}
    start = time.monotonic()
    proc = subprocess.run(
        runner_command(lang),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=RUNNER_TIMEOUT,
    )
    out = proc.stdout + proc.stderr
    report(capsys, lang, out, time.monotonic() - start)
    assert proc.returncode == 0, f"{lang} runner exited {proc.returncode}:\n{out}"
    assert re.search(rf"INTEROP {lang} stream_points_per_sec=\d+", out), out
    assert server.proc.poll() is None, f"the server died during the run:\n{server.output}"


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
            env={**os.environ, "CAIRN_ADDR": srv.address},
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
