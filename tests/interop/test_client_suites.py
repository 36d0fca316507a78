"""Each non-Python client's own checks and unit tests (against in-process fakes),
run from the Python suite so that one test command covers every language:

- Go: `go vet ./...` and `go test ./...` in client/go
- TypeScript: `tsc --strict` and node's test runner (`npm test`) in client/ts
- Java: `mvn -q test` in client/java

Dependencies come from tools/setup-clients.sh (idempotent)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SUITES = {
    "go": (ROOT / "client" / "go", [["go", "vet", "./..."], ["go", "test", "-count=1", "./..."]]),
    "ts": (ROOT / "client" / "ts", [["npm", "test", "--silent"]]),
    "java": (ROOT / "client" / "java", [["mvn", "-q", "-B", "test"]]),
}


@pytest.mark.parametrize("lang", list(SUITES))
def test_client_unit_suite(lang: str) -> None:
    setup = subprocess.run(
        ["bash", str(ROOT / "tools" / "setup-clients.sh"), lang],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert setup.returncode == 0, f"setup-clients.sh {lang}:\n{setup.stdout}\n{setup.stderr}"
    cwd, commands = SUITES[lang]
    # Without the caller's own token and TLS settings, which the clients would pick up.
    env = {k: v for k, v in os.environ.items() if k != "CAIRN_TOKEN" and k[:9] != "CAIRN_TLS"}
    for cmd in commands:
        proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, f"{' '.join(cmd)} failed:\n{proc.stdout}\n{proc.stderr}"
