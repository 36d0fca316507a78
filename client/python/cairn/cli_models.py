"""`cairn models …`: the model registry from the command line, as readable tables."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table

from cairn.client import client_from
from cairn.errors import CairnError
from cairn.registry import Registry
from cairn.v1 import model_pb2

console = Console()
F = TypeVar("F", bound=Callable[..., Any])


def _time(millis: int) -> str:
    if not millis:
        return "-"
    return dt.datetime.fromtimestamp(millis / 1000).strftime("%Y-%m-%d %H:%M:%S")


def _status(value: int) -> str:
    name = model_pb2.ModelVersionStatus.Name(value)  # type: ignore[arg-type]
    return name.removeprefix("MODEL_VERSION_STATUS_").lower()


def _event_type(value: int) -> str:
    name = model_pb2.RegistryEventType.Name(value)  # type: ignore[arg-type]
    return name.removeprefix("REGISTRY_EVENT_TYPE_").lower()


def _quoted(text: str) -> str:
    """A filter string literal."""
    return "'" + text.replace("'", "''") + "'"


def _tags(tags: Iterable[Any]) -> str:
    return ", ".join(f"{t.key}={t.value}" for t in tags) or "-"


@contextmanager
def _registry(ctx: click.Context) -> Iterator[Registry]:
    with client_from(ctx) as client:
        yield Registry(client)


def _cli_errors(fn: F) -> F:
    """Server errors become one readable line instead of a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except CairnError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper  # type: ignore[return-value]


def _versions_table(versions: Iterable[model_pb2.ModelVersion], title: str) -> Table:
    table = Table("Version", "Stage", "Status", "Aliases", "Source", "Run", "Created", "By")
    table.title = title
    for mv in versions:
        table.add_row(
            str(mv.version),
            mv.stage,
            _status(mv.status),
            ", ".join(mv.aliases) or "-",
            mv.source_uri,
            mv.run_id or "-",
            _time(mv.create_time_millis),
            mv.created_by or "-",
        )
    return table


@click.group()
def models() -> None:
    """Model registry: models, versions, aliases, stages and events."""


@models.command("list")
@click.option("--filter", "filter_", default="", help="e.g. \"name LIKE 'fraud-%'\"")
@click.option("--limit", default=100, show_default=True)
@click.pass_context
@_cli_errors
def models_list(ctx: click.Context, filter_: str, limit: int) -> None:
    """List registered models."""
    table = Table("Name", "Latest", "Aliases", "Tags", "Updated", "Description")
    with _registry(ctx) as registry:
        for model in islice(registry.search_models(filter_), limit):
            table.add_row(
                model.name,
                str(model.latest_version or "-"),
                ", ".join(f"{a.alias}→v{a.version}" for a in model.aliases) or "-",
                _tags(model.tags),
                _time(model.update_time_millis),
                model.description[:60],
            )
    console.print(table)


@models.command("show")
@click.argument("name")
@click.option("--versions", "count", default=10, show_default=True, help="newest versions shown")
@click.pass_context
@_cli_errors
def models_show(ctx: click.Context, name: str, count: int) -> None:
    """Show a model: description, tags, aliases and its newest versions."""
    with _registry(ctx) as registry:
        model = registry.get_model(name)
        versions = list(islice(registry.search_versions(f"name = {_quoted(name)}"), count))
    info = Table.grid(padding=(0, 2))
    for label, value in [
        ("Name", model.name),
        ("Description", model.description or "-"),
        ("Latest version", str(model.latest_version or "-")),
        ("Tags", _tags(model.tags)),
        ("Aliases", ", ".join(f"{a.alias} → v{a.version}" for a in model.aliases) or "-"),
        ("Created", _time(model.create_time_millis)),
        ("Updated", _time(model.update_time_millis)),
    ]:
        info.add_row(f"[bold]{label}[/]", value)
    console.print(info)
    if versions:
        console.print(_versions_table(versions, f"newest versions of {name}"))


@models.command("versions")
@click.argument("name", required=False, default="")
@click.option("--filter", "filter_", default="", help="e.g. \"stage = 'Production'\"")
@click.option("--limit", default=100, show_default=True)
@click.pass_context
@_cli_errors
def models_versions(ctx: click.Context, name: str, filter_: str, limit: int) -> None:
    """List versions, of one model or matching a filter, newest first."""
    clauses = [f"name = {_quoted(name)}"] if name else []
    if filter_:
        clauses.append(filter_)
    with _registry(ctx) as registry:
        versions = list(islice(registry.search_versions(" AND ".join(clauses)), limit))
    console.print(_versions_table(versions, f"versions of {name}" if name else "model versions"))


@models.command("alias")
@click.argument("name")
@click.argument("alias")
@click.argument("version", type=int, required=False)
@click.option("--delete", is_flag=True, help="remove the alias")
@click.pass_context
@_cli_errors
def models_alias(
    ctx: click.Context, name: str, alias: str, version: int | None, delete: bool
) -> None:
    """Point ALIAS at VERSION (moving it atomically), show it, or --delete it."""
    with _registry(ctx) as registry:
        if delete:
            registry.delete_alias(name, alias)
            console.print(f"deleted alias [bold]{alias}[/] of {name}")
        elif version is not None:
            registry.set_alias(name, alias, version)
            console.print(f"{name}@[bold]{alias}[/] → version {version}")
        else:
            mv = registry.get_version_by_alias(name, alias)
            console.print(_versions_table([mv], f"{name}@{alias}"))


@models.command("transition")
@click.argument("name")
@click.argument("version", type=int)
@click.argument("stage")
@click.option("--archive-existing", is_flag=True, help="archive versions already in STAGE")
@click.option("--comment", default="", help="why")
@click.option("--request", is_flag=True, help="open a request for review instead")
@click.pass_context
@_cli_errors
def models_transition(
    ctx: click.Context,
    name: str,
    version: int,
    stage: str,
    archive_existing: bool,
    comment: str,
    request: bool,
) -> None:
    """Move VERSION to STAGE, or --request it where the server requires approval."""
    with _registry(ctx) as registry:
        if request:
            t = registry.request_transition(
                name, version, stage, archive_existing_versions=archive_existing, comment=comment
            )
            console.print(
                f"requested {name} v{version}: {t.from_stage} → {t.to_stage} "
                f"(transition {t.transition_id}, pending review)"
            )
            return
        mv = registry.transition_stage(
            name, version, stage, archive_existing_versions=archive_existing, comment=comment
        )
        console.print(f"{name} v{version} is now in [bold]{mv.stage}[/]")


@models.command("review")
@click.argument("transition_id")
@click.option("--approve/--reject", required=True)
@click.option("--comment", default="", help="why")
@click.pass_context
@_cli_errors
def models_review(ctx: click.Context, transition_id: str, approve: bool, comment: str) -> None:
    """Approve (applying the stage) or reject a transition request."""
    with _registry(ctx) as registry:
        t, mv = registry.review_transition(transition_id, approve=approve, comment=comment)
    verdict = "approved" if approve else "rejected"
    console.print(f"{verdict} {t.name} v{t.version} → {t.to_stage}; it is in {mv.stage}")


def _event_line(e: model_pb2.RegistryEvent) -> str:
    what = [_event_type(e.type)]
    if e.version:
        what.append(f"v{e.version}")
    if e.alias:
        what.append(f"alias={e.alias}")
    if e.from_stage or e.to_stage:
        what.append(f"{e.from_stage or '-'}→{e.to_stage or '-'}")
    details = json.loads(e.details_json or "{}")
    extra = f" {json.dumps(details, sort_keys=True)}" if details else ""
    return f"#{e.event_id} {_time(e.event_time_millis)} {e.actor} {e.name} {' '.join(what)}{extra}"


@models.command("watch")
@click.argument("name", required=False, default="")
@click.option(
    "--after",
    type=int,
    default=-1,
    show_default=True,
    help="resume after this event id (0 = from the start, -1 = only new events)",
)
@click.option("--limit", type=int, default=0, help="stop after this many events (0 = never)")
@click.pass_context
@_cli_errors
def models_watch(ctx: click.Context, name: str, after: int, limit: int) -> None:
    """Print registry events as they happen (Ctrl-C to stop)."""
    with _registry(ctx) as registry:
        try:
            for i, event in enumerate(registry.watch(name, after), start=1):
                console.print(_event_line(event), highlight=False, soft_wrap=True)
                if limit and i >= limit:
                    return
        except KeyboardInterrupt:
            return
