"""Interop: the Go, TypeScript and Java clients run the shared scenario
(tests/interop/scenario.json) against a live Python server.

The server is started as a subprocess on a free loopback port with a fresh data
directory; tools/setup-clients.sh installs each client's dependencies and builds its
runner (a no-op when already done). Each runner prints
`INTEROP <lang> stream_points_per_sec=N`, shown here for every language."""

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
SETUP_TIMEOUT = 900
RUNNER_TIMEOUT = 300


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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


class ServerProcess:
    def __init__(self, data_dir: Path) -> None:
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
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
        )
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.output.append(line)
            self.lines.put(line)

    def wait_ready(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                if self.proc.poll() is not None:
                    break
                continue
            if f"listening on {self.address}" in line:
                return
        self.stop()
        pytest.fail(f"server did not start on {self.address}:\n{''.join(self.output)}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    srv = ServerProcess(tmp_path_factory.mktemp("cairn-interop"))
    try:
        srv.wait_ready()
        yield srv
    finally:
        srv.stop()


def runner_command(lang: str) -> list[str]:
    if lang == "go":
        return [str(ROOT / ".cache" / "interop" / "go-runner"), "-scenario", str(SCENARIO)]
    if lang == "ts":
        return ["node", str(ROOT / "client" / "ts" / "dist" / "src" / "interop.js"), str(SCENARIO)]
    java = ROOT / "client" / "java" / "target"
    classpath = os.pathsep.join(
        [
            str(java / "test-classes"),
            str(java / "classes"),
            (java / "classpath.txt").read_text().strip(),
        ]
    )
    return ["java", "-cp", classpath, "dev.cairn.interop.InteropMain", str(SCENARIO)]


@pytest.mark.parametrize("lang", ["go", "ts", "java"])
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
    elapsed = time.monotonic() - start
    out = proc.stdout + proc.stderr
    rate = re.search(rf"INTEROP {lang} stream_points_per_sec=(\d+)", out)
    summary = re.search(rf"INTEROP {lang} passed=\d+ failed=\d+ skipped=\d+", out)
    with capsys.disabled():
        print(
            f"\n[interop {lang}] {summary.group(0) if summary else 'no summary'}; "
            f"stream_points_per_sec={rate.group(1) if rate else '?'}; runner took {elapsed:.1f}s"
        )
    assert proc.returncode == 0, f"{lang} runner exited {proc.returncode}:\n{out}"
    assert rate is not None, f"{lang} runner printed no stream rate:\n{out}"
    assert server.proc.poll() is None, "the server died during the run"
