"""A throwaway S3-compatible server for tests and benchmarks: versitygw with its POSIX
backend (objects are plain files, so they survive restarts), on a free loopback port,
installed by tools/setup-s3.sh on first use."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ACCESS_KEY = "cairn-test"
SECRET_KEY = "cairn-test-secret"
REGION = "us-east-1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def versitygw_binary() -> Path:
    """Installs versitygw if needed (idempotent) and returns its path."""
    out = subprocess.run(
        ["bash", str(ROOT / "tools" / "setup-s3.sh")],
        check=True,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    return Path(out.stdout.strip().splitlines()[-1])


class S3Server:
    def __init__(self) -> None:
        self.binary = versitygw_binary()
        self.root = Path(tempfile.mkdtemp(prefix="cairn-s3-"))
        self.port = free_port()
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> S3Server:
        (self.root / "data").mkdir(exist_ok=True)
        log = (self.root / "server.log").open("ab")
        self._proc = subprocess.Popen(
            [
                str(self.binary),
                "--access",
                ACCESS_KEY,
                "--secret",
                SECRET_KEY,
                "--region",
                REGION,
                "--port",
                self.endpoint,
                "--quiet",
                "posix",
                str(self.root / "data"),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"versitygw exited: {(self.root / 'server.log').read_text()}")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return self
            time.sleep(0.05)
        raise RuntimeError("versitygw did not start listening in 30 s")

    def create_bucket(self) -> str:
        """A new empty bucket (a directory of the POSIX backend)."""
        name = f"cairn-{uuid.uuid4().hex[:12]}"
        (self.root / "data" / name).mkdir()
        return name

    def stop(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._proc = None

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def env(self, bucket: str, prefix: str = "") -> dict[str, str]:
        """CAIRN_* settings pointing a server at `bucket`."""
        root = f"s3://{bucket}/{prefix}" if prefix else f"s3://{bucket}"
        return {
            "CAIRN_ARTIFACT_ROOT": root,
            "CAIRN_S3_ENDPOINT": self.endpoint,
            "CAIRN_S3_ACCESS_KEY": ACCESS_KEY,
            "CAIRN_S3_SECRET_KEY": SECRET_KEY,
            "CAIRN_S3_REGION": REGION,
            "CAIRN_S3_SECURE": "false",
        }
