"""`cairn server --check`: settings, database and migrations, artifact store, TLS
files and the listen address, checked without serving."""

from __future__ import annotations

import io
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console
from sqlalchemy import create_engine, text

from cairn.cli import main as cli
from cairn_server.check import main as check_main
from cairn_server.storage.sql.database import Database
from tests.ops.certs import Pki
from tests.support.s3 import ACCESS_KEY, REGION, SECRET_KEY, S3Server


def run_check(**options: object) -> tuple[int, str]:
    """Runs the check with flags `options` and no CAIRN_* variables."""
    out = io.StringIO()
    console = Console(file=out, width=250, color_system=None)
    code = check_main({"port": 0, **options}, environ={}, console=console)
    return code, out.getvalue()


def migrated(db_url: str) -> str:
    database = Database(db_url)
    database.migrate(apply=True)
    database.dispose()
    return db_url


def row(output: str, name: str) -> str:
    lines = [line for line in output.splitlines() if line.startswith(f"│ {name} ")]
    assert lines, output
    return lines[0]


def test_good_configuration_passes(db_url: str, tmp_path: Path, pki: Pki) -> None:
    """On SQLite and PostgreSQL, migrated, with a local folder and mutual TLS."""
    code, out = run_check(
        data_dir=tmp_path / "data",
        db_url=migrated(db_url),
        artifact_root=(tmp_path / "blobs").as_uri(),
        tls_cert=str(pki.server.cert_path),
        tls_key=str(pki.server.key_path),
        tls_client_ca=str(pki.ca.cert_path),
    )
    assert code == 0, out
    assert "all checks passed" in out
    assert "schema at the newest revision" in row(out, "migrations")
    assert "mutual TLS" in row(out, "TLS")
    assert "new folder" in row(out, "artifact store")
    assert not list((tmp_path / "data").glob("*")), "the check must not create files"


def test_defaults_pass_on_an_empty_data_dir(tmp_path: Path) -> None:
    code, out = run_check(data_dir=tmp_path / "fresh")
    assert code == 0, out
    assert "new SQLite file" in row(out, "database")
    assert "creates schema" in row(out, "migrations")
    assert not (tmp_path / "fresh").exists()


def test_unreachable_database_fails_and_names_it(tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql+psycopg://cairn:hunter2@127.0.0.1:{port}/cairn"
    code, out = run_check(data_dir=tmp_path, db_url=url)
    assert code == 1, out
    line = row(out, "database")
    assert "FAIL" in line and f"127.0.0.1:{port}" in line
    assert "hunter2" not in out, "the password must be redacted"
    assert "fix database:" in out


def test_sqlite_file_in_a_missing_folder_fails(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nowhere' / 'cairn.db'}"
    code, out = run_check(data_dir=tmp_path / "data", db_url=url)
    assert code == 1
    assert "is not a writable folder" in row(out, "database")


def test_unparseable_database_url_fails(tmp_path: Path) -> None:
    code, out = run_check(data_dir=tmp_path, db_url="not a url")
    assert code == 1
    assert "db_url is not a database URL" in row(out, "database")


def test_schema_behind_with_no_migrate_fails(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:  # an older schema: any revision below head
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)"))
        conn.execute(text("INSERT INTO alembic_version VALUES ('0001')"))
    engine.dispose()
    code, out = run_check(data_dir=tmp_path, db_url=url, migrate=False)
    assert code == 1, out
    assert "FAIL" in row(out, "migrations")
    assert "cairn db upgrade" in out
    # With migrations on, the same database only warns: the server upgrades it.
    code, out = run_check(data_dir=tmp_path, db_url=url)
    assert code == 0, out
    assert "warn" in row(out, "migrations")


def test_unknown_schema_revision_fails(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'future.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)"))
        conn.execute(text("INSERT INTO alembic_version VALUES ('9999_from_the_future')"))
    engine.dispose()
    code, out = run_check(data_dir=tmp_path, db_url=url)
    assert code == 1
    assert "unknown to this server" in row(out, "migrations")


def test_unreadable_tls_file_fails(tmp_path: Path, pki: Pki) -> None:
    code, out = run_check(
        data_dir=tmp_path, tls_cert=str(pki.server.cert_path), tls_key=str(tmp_path / "gone.key")
    )
    assert code == 1
    line = row(out, "TLS")
    assert "FAIL" in line and "gone.key" in line and "cannot read" in line


def test_mismatched_tls_key_fails(tmp_path: Path, pki: Pki) -> None:
    code, out = run_check(
        data_dir=tmp_path, tls_cert=str(pki.server.cert_path), tls_key=str(pki.client.key_path)
    )
    assert code == 1
    assert "does not belong" in row(out, "TLS")


def test_plaintext_on_all_interfaces_warns(tmp_path: Path) -> None:
    code, out = run_check(data_dir=tmp_path, host="0.0.0.0")
    assert code == 0, out
    assert "warn" in row(out, "TLS")
    assert "consider TLS:" in out


def test_artifact_root_that_is_a_file_fails(tmp_path: Path) -> None:
    blocker = tmp_path / "blobs"
    blocker.write_text("not a folder")
    code, out = run_check(data_dir=tmp_path, artifact_root=blocker.as_uri())
    assert code == 1
    assert "is not a folder" in row(out, "artifact store")


def test_writable_artifact_folder_passes_and_is_left_clean(tmp_path: Path) -> None:
    blobs = tmp_path / "blobs"
    blobs.mkdir()
    code, out = run_check(data_dir=tmp_path, artifact_root=blobs.as_uri())
    assert code == 0, out
    assert "writable folder" in row(out, "artifact store")
    assert list(blobs.iterdir()) == []


def test_port_in_use_fails(tmp_path: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        code, out = run_check(data_dir=tmp_path, port=port)
    assert code == 1
    assert "cannot listen" in row(out, "listen")


def test_bad_setting_fails(tmp_path: Path) -> None:
    code, out = run_check(data_dir=tmp_path, max_concurrent_streams=0, stages="")
    assert code == 1
    assert "max_concurrent_streams" in row(out, "settings")


@pytest.fixture(scope="module")
def s3() -> Iterator[S3Server]:
    server = S3Server().start()
    try:
        yield server
    finally:
        server.cleanup()


def s3_options(s3: S3Server, bucket: str) -> dict[str, object]:
    return {
        "artifact_root": f"s3://{bucket}/cairn",
        "s3_endpoint": s3.endpoint,
        "s3_access_key": ACCESS_KEY,
        "s3_secret_key": SECRET_KEY,
        "s3_region": REGION,
        "s3_secure": False,
    }


@pytest.mark.s3
def test_s3_bucket_checks(s3: S3Server, tmp_path: Path) -> None:
    bucket = s3.create_bucket()
    code, out = run_check(data_dir=tmp_path, **s3_options(s3, bucket))
    assert code == 0, out
    assert "bucket exists and is writable" in row(out, "artifact store")
    assert not any(p.is_file() for p in (s3.root / "data" / bucket).rglob("*")), "probe left"

    code, out = run_check(data_dir=tmp_path, **s3_options(s3, "no-such-bucket"))
    assert code == 1
    assert "bucket does not exist" in row(out, "artifact store")

    wrong = {**s3_options(s3, bucket), "s3_secret_key": "wrong"}
    code, out = run_check(data_dir=tmp_path, **wrong)
    assert code == 1
    assert "FAIL" in row(out, "artifact store")


def test_cli_flag_runs_the_check(tmp_path: Path, pki: Pki) -> None:
    runner = CliRunner()
    args = ["server", "--check", "--data-dir", str(tmp_path / "d"), "--port", "0"]
    result = runner.invoke(cli, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "all checks passed" in result.output
    result = runner.invoke(
        cli,
        [*args, "--tls-cert", str(pki.server.cert_path)],
        env={"CAIRN_TLS_KEY": str(tmp_path / "missing.key"), "COLUMNS": "200"},
    )
    assert result.exit_code == 1, result.output
    assert "missing.key" in result.output
