"""`cairn artifacts ls|get|put|url|rm`: a run's artifacts from the command line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from cairn import artifacts as api
from cairn.client import Client, client_from
from cairn.errors import CairnError
from cairn.memory import tune_malloc

console = Console()


def _client(ctx: click.Context) -> Client:
    return client_from(ctx)


def _size(n: int) -> str:
    value = float(n)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{n} B"


def _fail(exc: CairnError) -> click.ClickException:
    return click.ClickException(str(exc))


@click.group()
def artifacts() -> None:
    """A run's artifacts: list, download, upload, delete."""


@artifacts.command("ls")
@click.argument("run_id")
@click.argument("path", default="")
@click.option("--recursive", "-r", is_flag=True, help="list the whole tree")
@click.pass_context
def ls(ctx: click.Context, run_id: str, path: str, recursive: bool) -> None:
    """List the files and directories under PATH (the run's root by default)."""
    table = Table("Path", "Size", "SHA-256", "Created")
    try:
        with _client(ctx) as client:
            for a in api.list_artifacts(client, run_id, path, recursive=recursive):
                if a.is_dir:
                    table.add_row(f"[bold blue]{a.path}/[/]", "", "", "")
                    continue
                created = dt.datetime.fromtimestamp(a.create_time_millis / 1000)
                table.add_row(
                    a.path,
                    _size(a.size_bytes),
                    a.sha256[:16] or "-",
                    created.strftime("%Y-%m-%d %H:%M:%S"),
                )
    except CairnError as exc:
        raise _fail(exc) from None
    console.print(table)


@artifacts.command("get")
@click.argument("run_id")
@click.argument("path", default="")
@click.option(
    "--dest",
    "-d",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="directory to download into",
)
@click.option("--progress/--no-progress", default=None, help="show a progress bar")
@click.option(
    "--direct",
    is_flag=True,
    help="read the bytes straight from the object store through presigned URLs "
    "(S3 backends), not through the server; verified the same way",
)
@click.pass_context
def get(
    ctx: click.Context, run_id: str, path: str, dest: Path, progress: bool | None, direct: bool
) -> None:
    """Download a file or a directory (everything by default) into DEST."""
    tune_malloc()
    try:
        with _client(ctx) as client:
            local = api.download_artifacts(
                client, run_id, path, dest, progress=progress, direct=direct
            )
    except CairnError as exc:
        raise _fail(exc) from None
    console.print(f"downloaded to {local}")


@artifacts.command("put")
@click.argument("run_id")
@click.argument("local", type=click.Path(exists=True, path_type=Path))
@click.argument("artifact_path", default="")
@click.option("--progress/--no-progress", default=None, help="show a progress bar")
@click.pass_context
def put(
    ctx: click.Context, run_id: str, local: Path, artifact_path: str, progress: bool | None
) -> None:
    """Upload a file or a directory tree into ARTIFACT_PATH (the run's root by default)."""
    tune_malloc()
    try:
        with _client(ctx) as client:
            if local.is_dir():
                done = api.log_artifacts(
                    client, run_id, local, artifact_path or None, progress=progress
                )
            else:
                one = api.log_artifact(
                    client, run_id, local, artifact_path or None, progress=progress
                )
                done = [one]
    except CairnError as exc:
        raise _fail(exc) from None
    total = sum(a.size_bytes for a in done)
    console.print(f"uploaded {len(done)} file(s), {_size(total)}")


@artifacts.command("url")
@click.argument("run_id")
@click.argument("path")
@click.option("--put", "for_put", is_flag=True, help="a URL to upload a new artifact (PUT)")
@click.option(
    "--expires",
    type=click.IntRange(1, 3600),
    default=900,
    show_default=True,
    help="seconds the URL stays valid",
)
@click.pass_context
def url(ctx: click.Context, run_id: str, path: str, for_put: bool, expires: int) -> None:
    """Print a presigned URL of the object store for PATH (S3 backends): a GET URL for
    an existing artifact, or with --put one to upload a new artifact, e.g. with
    `curl -T FILE URL`. Anyone holding the URL can use it until it expires."""
    method = "PUT" if for_put else "GET"
    try:
        with _client(ctx) as client:
            presigned = api.presigned_url(
                client, run_id, path, method=method, expires_seconds=expires
            )
    except CairnError as exc:
        raise _fail(exc) from None
    until = dt.datetime.fromtimestamp(presigned.expire_time_millis / 1000)
    click.echo(presigned.url)  # stdout holds the URL alone, for scripts
    click.echo(f"{method} until {until:%Y-%m-%d %H:%M:%S}", err=True)


@artifacts.command("rm")
@click.argument("run_id")
@click.argument("path")
@click.pass_context
def rm(ctx: click.Context, run_id: str, path: str) -> None:
    """Delete a file, or everything under a directory."""
    try:
        with _client(ctx) as client:
            count = api.delete_artifacts(client, run_id, path)
    except CairnError as exc:
        raise _fail(exc) from None
    console.print(f"deleted {count} file(s)")
