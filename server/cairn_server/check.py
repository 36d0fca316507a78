"""`cairn server --check`: validate configuration and connectivity without serving.

Each check reports ok, warn (works, but worth a look) or fail (the server would not
start, or would start and fail calls), with what to do about it. Nothing here changes
state except one probe object written to and deleted from the artifact store, and no
file or database is created: a missing SQLite file or artifact folder is reported as
"will be created" when its nearest existing parent folder is writable.
"""

from __future__ import annotations

import errno
import logging
import os
import socket
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cairn_server.config import Settings

Status = Literal["ok", "warn", "fail"]
CONNECT_TIMEOUT_SECONDS = 5
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_SQLITE_SYNC = ("OFF", "NORMAL", "FULL", "EXTRA")


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    detail: str
    fix: str = ""


@dataclass
class Report:
    checks: list[Check] = field(default_factory=list)

    def add(self, name: str, status: Status, detail: str, fix: str = "") -> None:
        self.checks.append(Check(name, status, detail, fix))

    @property
    def ok(self) -> bool:
        return all(c.status != "fail" for c in self.checks)


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _redacted(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(unparseable URL)"


def _creatable(path: Path) -> tuple[bool, Path]:
    """Whether `path` (missing) could be created: its nearest existing parent is a
    writable folder. Returns that parent too."""
    parent = path
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    return parent.is_dir() and os.access(parent, os.W_OK | os.X_OK), parent


# -- settings -------------------------------------------------------------------------


def check_settings(settings: Settings, report: Report) -> None:
    from cairn_server.domain.registry_rules import StagePolicy
    from cairn_server.transport.limits import check_limits

    problems: list[str] = []
    try:
        check_limits(settings)
    except ValueError as exc:
        problems.append(str(exc))
    try:
        StagePolicy.parse(settings.stages, settings.approval_stages)
    except ValueError as exc:
        problems.append(str(exc))
    if settings.log_level.upper() not in _LOG_LEVELS:
        problems.append(f"log_level must be one of {', '.join(_LOG_LEVELS)}")
    if settings.sqlite_synchronous.upper() not in _SQLITE_SYNC:
        problems.append(f"sqlite_synchronous must be one of {', '.join(_SQLITE_SYNC)}")
    from cairn_server.observability.logs import LOG_FORMATS

    if settings.log_format not in LOG_FORMATS:
        problems.append(f"log_format must be one of {', '.join(LOG_FORMATS)}")
    if not 0 <= settings.metrics_port <= 65535:
        problems.append("metrics_port must be 0 (off) or a TCP port")
    if problems:
        report.add(
            "settings", "fail", "; ".join(problems), "correct the flag or CAIRN_* variable named"
        )
    else:
        report.add("settings", "ok", "flags and CAIRN_* variables parse")


# -- database --------------------------------------------------------------------------


def check_database(settings: Settings, report: Report) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    url = settings.resolved_db_url
    shown = _redacted(url)
    try:
        parsed = make_url(url)
    except Exception as exc:
        report.add(
            "database",
            "fail",
            f"db_url is not a database URL: {_first_line(exc)}",
            "set --db-url / CAIRN_DB_URL to e.g. postgresql+psycopg://user:pw@host/db",
        )
        return
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ""
        if database in ("", ":memory:"):
            report.add(
                "database",
                "fail",
                "an in-memory SQLite database would lose everything at exit",
                "point --db-url at a file, e.g. sqlite:////var/lib/cairn/cairn.db",
            )
            return
        file = Path(database)
        if not file.exists():
            folder = file.parent
            # The server creates the data dir at start, but no other folder for SQLite.
            makes_data_dir = not settings.db_url or settings.resolved_artifact_root.startswith(
                "file:"
            )
            if folder.is_dir():
                creatable = os.access(folder, os.W_OK | os.X_OK)
            elif makes_data_dir and folder.resolve() == settings.data_dir.resolve():
                creatable, folder = _creatable(folder)
            else:
                creatable = False
            if creatable:
                report.add("database", "ok", f"{shown}: new SQLite file, created at start")
                _report_migration(settings, None, report)
            else:
                report.add(
                    "database",
                    "fail",
                    f"{shown}: the file does not exist and {folder} is not a writable folder",
                    "create the folder or fix its permissions, or change --db-url / --data-dir",
                )
            return
        connect_args: dict[str, object] = {"timeout": CONNECT_TIMEOUT_SECONDS}
    elif backend == "postgresql":
        connect_args = {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
    else:
        connect_args = {}
    try:
        engine = create_engine(url, poolclass=NullPool, connect_args=connect_args)
    except Exception as exc:
        report.add(
            "database",
            "fail",
            f"{shown}: {_first_line(exc)}",
            "check the URL's scheme and driver (e.g. postgresql+psycopg://...)",
        )
        return
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            from alembic.runtime.migration import MigrationContext

            current = MigrationContext.configure(conn).get_current_revision()
    except Exception as exc:
        report.add(
            "database",
            "fail",
            f"cannot connect to {shown}: {_first_line(exc)}",
            "check host, port, credentials and that the database exists and accepts "
            "connections from here",
        )
        return
    finally:
        engine.dispose()
    report.add("database", "ok", f"{shown}: reachable ({engine.dialect.name})")
    _report_migration(settings, current, report)


def _report_migration(settings: Settings, current: str | None, report: Report) -> None:
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    from cairn_server.storage.sql.database import _alembic_config

    script = ScriptDirectory.from_config(_alembic_config())
    head = script.get_current_head()
    if current == head:
        report.add("migrations", "ok", f"schema at the newest revision {head}")
        return
    if current is not None:
        try:
            known = script.get_revision(current) is not None
        except CommandError:
            known = False
        if not known:
            report.add(
                "migrations",
                "fail",
                f"the database is at revision {current}, unknown to this server "
                f"(which expects {head})",
                "a newer Cairn migrated this database: run that version, or restore a backup",
            )
            return
    state = f"schema at {current or 'none (empty database)'}, this server needs {head}"
    if settings.migrate and current is None:
        report.add("migrations", "ok", f"empty database: the server creates schema {head} at start")
    elif settings.migrate:
        report.add("migrations", "warn", f"{state}; the server migrates at start")
    else:
        report.add(
            "migrations",
            "fail",
            f"{state}, and --no-migrate stops the server from migrating",
            "run `cairn db upgrade` with the same settings, or start without --no-migrate",
        )


# -- artifact store ---------------------------------------------------------------------


def check_artifacts(settings: Settings, report: Report) -> None:
    root = settings.resolved_artifact_root
    if root.startswith("file://"):
        _check_local(Path(root.removeprefix("file://")), report)
    elif root.startswith("s3://"):
        _check_s3(settings, report)
    else:
        report.add(
            "artifact store",
            "fail",
            f"artifact root {root!r} is neither file:// nor s3://",
            "set --artifact-root / CAIRN_ARTIFACT_ROOT to file:///path or s3://bucket/prefix",
        )


def _check_local(path: Path, report: Report) -> None:
    if not path.exists():
        creatable, parent = _creatable(path)
        if creatable:
            report.add("artifact store", "ok", f"{path}: new folder, created at start")
        else:
            report.add(
                "artifact store",
                "fail",
                f"{path} does not exist and {parent} is not a writable folder",
                "create the folder for the server's user, or change --artifact-root",
            )
        return
    if not path.is_dir():
        report.add(
            "artifact store",
            "fail",
            f"{path} is not a folder",
            "point --artifact-root at a folder",
        )
        return
    probe = path / f".cairn-check-{uuid.uuid4().hex}"
    try:
        probe.write_bytes(b"cairn check")
        probe.unlink()
    except OSError as exc:
        report.add(
            "artifact store",
            "fail",
            f"{path} is not writable: {exc.strerror or exc}",
            "give the server's user write access to the folder",
        )
        return
    report.add("artifact store", "ok", f"{path}: writable folder")


def _check_s3(settings: Settings, report: Report) -> None:
    import io

    import urllib3
    from minio import Minio
    from minio.error import S3Error

    from cairn_server.storage.blobs.s3 import S3Config

    try:
        config = S3Config.from_settings(settings)
    except SystemExit as exc:
        report.add("artifact store", "fail", str(exc.code), "name a bucket: s3://bucket/prefix")
        return
    where = f"s3://{config.bucket}/{config.prefix} at {config.endpoint}"
    # The server's own settings, but short timeouts and one retry: an unreachable
    # endpoint should fail the check in seconds, not after the server's patient retries.
    client = Minio(
        config.endpoint,
        access_key=config.access_key or None,
        secret_key=config.secret_key or None,
        region=config.region or None,
        secure=config.secure,
        http_client=urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=CONNECT_TIMEOUT_SECONDS, read=30),
            retries=urllib3.Retry(total=1, backoff_factor=0.2),
        ),
    )
    key = f"{config.prefix}/" if config.prefix else ""
    key += f".cairn-check-{uuid.uuid4().hex}"
    step = "reach the bucket"
    try:
        if not client.bucket_exists(config.bucket):
            report.add(
                "artifact store",
                "fail",
                f"{where}: the bucket does not exist",
                f"create bucket {config.bucket!r} (e.g. `mc mb`), or start the server once "
                "with credentials allowed to create it",
            )
            return
        step = "write a probe object"
        client.put_object(config.bucket, key, io.BytesIO(b"cairn check"), 11)
        step = "delete the probe object"
        client.remove_object(config.bucket, key)
    except S3Error as exc:
        report.add(
            "artifact store",
            "fail",
            f"{where}: cannot {step}: {exc.code}",
            "check s3_access_key/s3_secret_key and the bucket policy "
            "(the server needs get, put, delete and multipart uploads)",
        )
        return
    except Exception as exc:
        report.add(
            "artifact store",
            "fail",
            f"{where}: cannot {step}: {_first_line(exc)}",
            "check s3_endpoint, s3_secure (TLS or not) and that the store is up",
        )
        return
    report.add("artifact store", "ok", f"{where}: bucket exists and is writable")


# -- TLS and listening ------------------------------------------------------------------


def _is_loopback(host: str) -> bool:
    return host in ("localhost", "127.0.0.1", "::1") or host.startswith("127.")


def check_tls(settings: Settings, report: Report) -> None:
    from cairn_server.transport.tls import TlsConfigError, load_tls

    try:
        files = load_tls(settings)
    except TlsConfigError as exc:
        report.add("TLS", "fail", str(exc), "fix the file or setting named")
        return
    if files is None:
        if _is_loopback(settings.host):
            report.add("TLS", "ok", "plaintext on loopback")
        else:
            report.add(
                "TLS",
                "warn",
                f"plaintext on {settings.host}: tokens and data cross the network unencrypted",
                "set --tls-cert and --tls-key, or terminate TLS in a proxy in front",
            )
        return
    mode = "mutual TLS: client certificates required" if files.mutual else "TLS"
    report.add("TLS", "ok", f"{mode}; certificate and key load and match")


def check_listen(settings: Settings, report: Report) -> None:
    if settings.port == 0:
        report.add("listen", "ok", f"{settings.host}: a free port is picked at start")
        return
    try:
        infos = socket.getaddrinfo(settings.host, settings.port, type=socket.SOCK_STREAM)
    except OSError as exc:
        report.add(
            "listen", "fail", f"cannot resolve {settings.host}: {exc}", "fix --host / CAIRN_HOST"
        )
        return
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        # As the server does: processes sharing a port (SO_REUSEPORT) do not conflict.
        if hasattr(socket, "SO_REUSEPORT"):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            hint = (
                "another program holds the port: stop it or change --port"
                if exc.errno == errno.EADDRINUSE
                else "fix --host / --port (a port below 1024 needs privileges)"
            )
            report.add(
                "listen",
                "fail",
                f"cannot listen on {settings.host}:{settings.port}: {exc.strerror}",
                hint,
            )
            return
    report.add("listen", "ok", f"{settings.host}:{settings.port} is free")


CHECKS: tuple[Callable[[Settings, Report], None], ...] = (
    check_settings,
    check_tls,
    check_listen,
    check_database,
    check_artifacts,
)


def run_checks(settings: Settings) -> Report:
    report = Report()
    for check in CHECKS:
        try:
            check(settings, report)
        except Exception as exc:  # a check's own bug must not hide the others
            report.add(check.__name__.removeprefix("check_"), "fail", _first_line(exc))
    return report


_STYLE = {"ok": "[green]ok[/]", "warn": "[yellow]warn[/]", "fail": "[bold red]FAIL[/]"}


def render(report: Report, console: Console) -> None:
    table = Table(title="cairn server --check", title_justify="left")
    table.add_column("check")
    table.add_column("result")
    table.add_column("details", overflow="fold")
    for c in report.checks:
        table.add_row(escape(c.name), _STYLE[c.status], escape(c.detail))
    console.print(table)
    to_fix = [c for c in report.checks if c.fix and c.status != "ok"]
    for c in to_fix:
        label = "fix" if c.status == "fail" else "consider"
        console.print(f"[bold]{label}[/] {escape(c.name)}: {escape(c.fix)}")
    if report.ok:
        console.print("[green]all checks passed[/]")
    else:
        failed = sum(c.status == "fail" for c in report.checks)
        console.print(f"[bold red]{failed} check(s) failed[/]")


def main(
    options: Mapping[str, object],
    *,
    environ: dict[str, str] | None = None,
    console: Console | None = None,
) -> int:
    """Runs every check for settings from `options` (flags) over CAIRN_* variables and
    prints the table; returns the exit code (0: all passed)."""
    console = console or Console()
    logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        settings = Settings.from_env(environ, **options)
    except (SystemExit, TypeError, ValueError) as exc:
        report = Report()
        message = str(exc.code) if isinstance(exc, SystemExit) else str(exc)
        report.add("settings", "fail", message, "correct the flag or CAIRN_* variable named")
        render(report, console)
        return 1
    report = run_checks(settings)
    render(report, console)
    return 0 if report.ok else 1
