"""The `cairn` command: the server, and readable views of experiments and runs."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from cairn.client import Client, client_from
from cairn.errors import CairnError
from cairn.v1 import common_pb2, run_pb2

console = Console()


def _time(millis: int) -> str:
    if not millis:
        return "-"
    return dt.datetime.fromtimestamp(millis / 1000).strftime("%Y-%m-%d %H:%M:%S")


def _status(value: int) -> str:
    return run_pb2.RunStatus.Name(value).removeprefix("RUN_STATUS_")  # type: ignore[arg-type]


@click.group()
@click.option(
    "--address",
    envvar="CAIRN_ADDRESS",
    default="127.0.0.1:50051",
    show_default=True,
    help="server address (host:port)",
)
@click.option(
    "--token",
    envvar="CAIRN_TOKEN",
    default=None,
    help="API token (default: $CAIRN_TOKEN)",
)
@click.pass_context
def main(ctx: click.Context, address: str, token: str | None) -> None:
    """Cairn: experiments, runs, metrics, artifacts and models over gRPC."""
    ctx.obj = {"address": address, "token": token}


def _client(ctx: click.Context) -> Client:
    return client_from(ctx)


def _server_options(fn: Any) -> Any:
    from cairn_server.config import Settings

    for f in reversed(dataclasses.fields(Settings)):
        name = "--" + f.name.replace("_", "-")
        env = Settings.env_name(f.name)
        help_text = f"{f.metadata.get('help', '')} [env {env}]"
        if f.type in (bool, "bool"):
            fn = click.option(
                f"{name}/--no-{f.name.replace('_', '-')}", f.name, default=None, help=help_text
            )(fn)
        elif f.type in (int, "int"):
            fn = click.option(name, f.name, type=int, default=None, help=help_text)(fn)
        elif f.type in (float, "float"):
            fn = click.option(name, f.name, type=float, default=None, help=help_text)(fn)
        elif f.type in (Path, "Path"):
            fn = click.option(
                name, f.name, type=click.Path(path_type=Path), default=None, help=help_text
            )(fn)
        else:
            fn = click.option(name, f.name, default=None, help=help_text)(fn)
    return fn


@main.command()
@click.option(
    "--check",
    is_flag=True,
    help="check settings, database, migrations, artifact store and TLS files, then exit "
    "(0: all passed)",
)
@_server_options
def server(check: bool, **options: Any) -> None:
    """Run the Cairn server (embedded SQLite + local folder unless configured)."""
    from cairn_server.config import Settings
    from cairn_server.main import run

    if check:
        from cairn_server.check import main as run_check

        raise SystemExit(run_check(options))
    run(Settings.from_env(**options))


@main.group()
def db() -> None:
    """Database maintenance."""


@db.command("upgrade")
@_server_options
def db_upgrade(**options: Any) -> None:
    """Apply pending migrations and exit."""
    from cairn_server.config import Settings
    from cairn_server.storage.sql.database import Database

    settings = Settings.from_env(**options)
    if not settings.db_url:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    database = Database(settings.resolved_db_url)
    database.migrate(apply=True)
    console.print(f"database at revision {database.current_revision()}")


@main.group()
def experiments() -> None:
    """Experiments."""


@experiments.command("list")
@click.option("--all", "show_all", is_flag=True, help="include deleted experiments")
@click.pass_context
def experiments_list(ctx: click.Context, show_all: bool) -> None:
    """List experiments."""
    view = common_pb2.VIEW_TYPE_ALL if show_all else common_pb2.VIEW_TYPE_ACTIVE_ONLY
    table = Table("ID", "Name", "State", "Created", "Description")
    with _client(ctx) as client:
        for exp in client.list_experiments(view=view):
            state = common_pb2.LifecycleState.Name(exp.lifecycle_state).removeprefix(
                "LIFECYCLE_STATE_"
            )
            table.add_row(
                exp.experiment_id,
                exp.name,
                state.lower(),
                _time(exp.create_time_millis),
                exp.description[:60],
            )
    console.print(table)


@main.group()
def runs() -> None:
    """Runs."""


@runs.command("list")
@click.option("--experiment", "-e", required=True, help="experiment name or id")
@click.option("--filter", "filter_", default="", help="filter, e.g. \"tags.team = 'nlp'\"")
@click.option("--limit", default=100, show_default=True)
@click.pass_context
def runs_list(ctx: click.Context, experiment: str, filter_: str, limit: int) -> None:
    """List the runs of an experiment, newest first."""
    with _client(ctx) as client:
        exp = _resolve_experiment(client, experiment)
        table = Table("Run ID", "Name", "Status", "Started", "Ended", title=f"runs of {exp.name}")
        for run in client.search_runs([exp.experiment_id], filter_, max_results=limit):
            table.add_row(
                run.run_id,
                run.run_name,
                _status(run.status),
                _time(run.start_time_millis),
                _time(run.end_time_millis),
            )
    console.print(table)


def _resolve_experiment(client: Client, name_or_id: str) -> Any:
    from cairn.errors import InvalidArgumentError, NotFoundError

    try:
        return client.get_experiment_by_name(name_or_id)
    except NotFoundError:
        try:
            return client.get_experiment(name_or_id)
        except (NotFoundError, InvalidArgumentError):
            raise click.ClickException(f"no experiment named or with id '{name_or_id}'") from None


@runs.command("show")
@click.argument("run_id")
@click.pass_context
def runs_show(ctx: click.Context, run_id: str) -> None:
    """Show a run: attributes, params, tags and latest metrics."""
    with _client(ctx) as client:
        run = client.get_run(run_id)
    info = Table.grid(padding=(0, 2))
    for label, value in [
        ("Run ID", run.run_id),
        ("Name", run.run_name),
        ("Experiment", run.experiment_id),
        ("Status", _status(run.status)),
        ("Parent", run.parent_run_id or "-"),
        ("User", run.user or "-"),
        ("Started", _time(run.start_time_millis)),
        ("Ended", _time(run.end_time_millis)),
        ("Artifacts", run.artifact_uri),
    ]:
        info.add_row(f"[bold]{label}[/]", value)
    console.print(info)
    if run.params:
        table = Table("Param", "Value", title="Params")
        for p in run.params:
            table.add_row(p.key, p.value)
        console.print(table)
    if run.tags:
        table = Table("Tag", "Value", title="Tags")
        for t in run.tags:
            table.add_row(t.key, t.value)
        console.print(table)
    if run.latest_metrics:
        table = Table("Metric", "Latest", "Step", "Min", "Max", "Points", title="Metrics")
        for m in run.latest_metrics:
            table.add_row(
                m.key,
                f"{m.latest_value:.6g}",
                str(m.latest_step),
                f"{m.min_value:.6g}",
                f"{m.max_value:.6g}",
                str(m.point_count),
            )
        console.print(table)


@main.command()
@click.argument("spool_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--timeout", default=600.0, show_default=True, help="seconds to wait for acks")
@click.pass_context
def sync(ctx: click.Context, spool_dir: Path, timeout: float) -> None:
    """Upload metrics spooled by offline or disconnected runs, exactly once.

    SPOOL_DIR is one spool (it holds meta.json) or a folder of spools, such as
    ~/.local/share/cairn/spool. Spools are removed once fully acknowledged."""
    import time

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from cairn.spool import Spool
    from cairn.streamer import MetricStreamer

    spools = (
        [spool_dir]
        if Spool.exists(spool_dir)
        else sorted(p for p in spool_dir.iterdir() if p.is_dir() and Spool.exists(p))
    )
    if not spools:
        raise click.ClickException(f"no spooled metric streams under {spool_dir}")
    with (
        _client(ctx) as client,
        Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console
        ) as progress,
    ):
        for directory in spools:
            streamer = MetricStreamer(client.channel, spool_dir=directory, address=client.address)
            total = streamer.unacked_messages
            task = progress.add_task(f"stream {streamer.stream_id[:12]}", total=total)
            deadline = time.monotonic() + timeout
            while streamer.unacked_messages and time.monotonic() < deadline:
                progress.update(task, completed=total - streamer.unacked_messages)
                time.sleep(0.1)
            streamer.close(timeout=max(1.0, deadline - time.monotonic()))
            progress.update(task, completed=total)
    console.print(f"synced {len(spools)} stream(s)")


def run_cli() -> None:
    try:
        main(standalone_mode=True)
    except CairnError as exc:
        raise click.ClickException(str(exc)) from None


from cairn.cli_models import models  # noqa: E402

main.add_command(models)

from cairn.cli_artifacts import artifacts  # noqa: E402

main.add_command(artifacts)

from cairn import cli_search  # noqa: E402,F401
from cairn.cli_access import permissions, tokens, users, whoami  # noqa: E402

for command in (whoami, users, tokens, permissions):
    main.add_command(command)
