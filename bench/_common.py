"""Shared bench plumbing: server subprocesses with RSS sampling, PostgreSQL, tables."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.postgres import PostgresServer, free_port  # noqa: E402
from tests.support.processes import ServerProcess  # noqa: E402

__all__ = ["ROOT", "PostgresServer", "RssSampler", "ServerProcess", "free_port", "update_readme"]


class RssSampler:
    """Samples a process's resident memory every `interval` seconds; keeps the peak."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.proc = psutil.Process(pid)
        self._interval = interval
        self.baseline = self.proc.memory_info().rss
        self.peak = self.baseline
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.peak = max(self.peak, self.proc.memory_info().rss)
            except psutil.Error:
                return
            time.sleep(self._interval)

    def reset(self) -> None:
        self.baseline = self.proc.memory_info().rss
        self.peak = self.baseline

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def update_readme(marker: str, text: str) -> None:
    """Replaces the README block between <!-- bench:marker --> comments."""
    readme = ROOT / "README.md"
    content = readme.read_text()
    pattern = re.compile(rf"(<!-- bench:{marker} -->\n).*?(<!-- /bench:{marker} -->)", re.S)
    if not pattern.search(content):
        raise SystemExit(f"README has no bench:{marker} block")
    readme.write_text(
        pattern.sub(lambda m: m.group(1) + text.rstrip() + "\n" + m.group(2), content)
    )


def git_rev() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip()
    except OSError:
        return "?"
