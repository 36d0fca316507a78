"""Runs the server until SIGTERM/SIGINT, then shuts down gracefully."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal

from cairn.memory import tune_malloc
from cairn_server.app import build_server
from cairn_server.config import Settings
from cairn_server.observability.logs import configure_logging
from cairn_server.observability.tracing import setup_tracing_from_env
from cairn_server.storage.sql.database import MigrationRequired

log = logging.getLogger("cairn.server")


def _redacted(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


async def serve(settings: Settings) -> None:
    app, port = build_server(settings)
    await app.start()
    # What is built by now lives as long as the server: keep the cyclic collector from
    # walking it again. A full collection went over ~120k such objects (~90 ms on the
    # 2-core machine) every few hundred calls that allocate a page of runs: the p99
    # of searches.
    gc.freeze()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    if settings.uses_default_storage:
        print(f"Cairn data directory: {settings.data_dir}", flush=True)
    print(
        f"Cairn listening on {settings.host}:{port} "
        f"(database {_redacted(settings.resolved_db_url)}, "
        f"artifacts {settings.resolved_artifact_root})",
        flush=True,
    )
    if app.initial_admin_token:
        print(
            "Created user 'admin'. Its API token is shown only this once; keep it safe:\n"
            f"    CAIRN_TOKEN={app.initial_admin_token}",
            flush=True,
        )
    if settings.allows_anonymous:
        print(
            "Anonymous access is ON (full rights without a token)"
            + (" because the server listens on loopback only" if settings.auth == "auto" else "")
            + "; --auth required turns it off",
            flush=True,
        )
    else:
        print("Every call needs an API token (authorization: Bearer …)", flush=True)
    await stop.wait()
    print("Cairn shutting down: finishing in-flight calls", flush=True)
    await app.stop(grace=10)
    print("Cairn stopped", flush=True)


def run(settings: Settings) -> None:
    configure_logging(settings.log_level, settings.log_format)
    setup_tracing_from_env()
    tune_malloc()
    try:
        asyncio.run(serve(settings))
    except MigrationRequired as exc:
        raise SystemExit(f"cairn: {exc}") from None
