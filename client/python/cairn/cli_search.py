"""`cairn runs search`, `cairn runs compare` and `cairn runs leaderboard`: readable
tables over SearchRuns, CompareRuns and GetLeaderboard."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

import click
from rich.table import Table
from rich.text import Text

from cairn.cli import _client, _resolve_experiment, _status, _time, console, runs
from cairn.client import Client
from cairn.errors import CairnError
from cairn.search import compare_runs, leaderboard, metric_values
from cairn.v1 import common_pb2, run_pb2

# metrics.acc, params."lr", tags.`model.type`: the keys a filter or order_by names.
_FIELD = re.compile(
    r"\b(metrics?|params?|parameters?|tags?)\.(`[^`]+`|\"[^\"]+\"|[\w.]+)", re.IGNORECASE
)
_KIND = {"metric": "metrics", "param": "params", "parameter": "params", "tag": "tags"}
MAX_EXTRA_COLUMNS = 6


@contextmanager
def _server_errors() -> Iterator[None]:
    """Shows a failed call as a one-line error (the server's message says what to fix)."""
    try:
        yield
    except CairnError as exc:
        raise click.ClickException(f"{exc.code.name}: {exc.message}") from None


def _number(value: float) -> str:
    return "nan" if math.isnan(value) else f"{value:.6g}"


def named_fields(texts: Iterable[str]) -> list[tuple[str, str]]:
    """(kind, key) of each metric, param or tag the texts mention, in order, once."""
    found: dict[tuple[str, str], None] = {}
    for text in texts:
        for prefix, key in _FIELD.findall(text):
            kind = _KIND.get(prefix.lower().rstrip("s"), prefix.lower())
            found[(kind, key.strip('`"'))] = None
    return list(found)


def _cell(run: run_pb2.Run, kind: str, key: str) -> str:
    if kind == "metrics":
        summary = metric_values(run).get(key)
        return _number(summary.latest_value) if summary else "-"
    pairs = run.params if kind == "params" else run.tags
    return next((p.value for p in pairs if p.key == key), "-")


def _experiment_ids(client: Client, names: Sequence[str]) -> list[str]:
    return [_resolve_experiment(client, name).experiment_id for name in names]


@runs.command("search")
@click.argument("filter_", metavar="FILTER", default="")
@click.option("--experiment", "-e", "experiments", multiple=True, help="name or id; repeatable")
@click.option("--order-by", "-o", "order_by", multiple=True, help="e.g. 'metrics.acc DESC'")
@click.option("--column", "-c", "columns", multiple=True, help="extra column, e.g. params.lr")
@click.option("--limit", default=50, show_default=True, help="rows to show")
@click.option("--all", "show_all", is_flag=True, help="include deleted runs")
@click.pass_context
def runs_search(
    ctx: click.Context,
    filter_: str,
    experiments: tuple[str, ...],
    order_by: tuple[str, ...],
    columns: tuple[str, ...],
    limit: int,
    show_all: bool,
) -> None:
    """Search runs with a filter, e.g.

    cairn runs search "metrics.acc > 0.9 AND params.lr = '0.01'" -o "metrics.acc DESC"

    Without --experiment every active experiment is searched. The metrics, params and
    tags named in the filter and order_by are shown as columns."""
    view = common_pb2.VIEW_TYPE_ALL if show_all else common_pb2.VIEW_TYPE_ACTIVE_ONLY
    extra = named_fields([*columns, *order_by, filter_])[:MAX_EXTRA_COLUMNS]
    with _server_errors(), _client(ctx) as client:
        exp_ids = _experiment_ids(client, experiments)
        found = list(
            client.search_runs(
                exp_ids,
                filter_,
                order_by,
                view=view,
                page_size=min(max(limit, 1), 1000),
                max_results=limit,
            )
        )
    table = Table("Run ID", "Name", "Status", "Started", title=f"{len(found)} runs")
    for kind, key in extra:
        table.add_column(f"{kind}.{key}", justify="right" if kind == "metrics" else "left")
    for run in found:
        table.add_row(
            run.run_id,
            run.run_name,
            _status(run.status),
            _time(run.start_time_millis),
            *(_cell(run, kind, key) for kind, key in extra),
        )
    console.print(table)


def _summary(summary: run_pb2.MetricSummary | None) -> str:
    if summary is None:
        return "-"
    if summary.point_count <= 1:
        return _number(summary.latest_value)
    low, high = _number(summary.min_value), _number(summary.max_value)
    return f"{_number(summary.latest_value)}  ({low}..{high})"


@runs.command("compare")
@click.argument("run_ids", nargs=-1, required=True)
@click.option("--diff-only", is_flag=True, help="show only the params and tags that differ")
@click.pass_context
def runs_compare(ctx: click.Context, run_ids: tuple[str, ...], diff_only: bool) -> None:
    """Compare runs side by side: params (differences highlighted), metrics (latest,
    with min..max when several points were logged) and tags."""
    with _server_errors(), _client(ctx) as client:
        result = compare_runs(client, run_ids)
    compared = list(result.runs)
    table = Table("", title=f"{len(compared)} runs", show_lines=False)
    for run in compared:
        table.add_column(f"{run.run_name}\n{run.run_id}", overflow="fold")

    def section(title: str) -> None:
        table.add_section()
        table.add_row(Text(title, style="bold cyan"), *[""] * len(compared))

    section("attributes")
    table.add_row("status", *(_status(r.status) for r in compared))
    table.add_row("started", *(_time(r.start_time_millis) for r in compared))
    table.add_row("ended", *(_time(r.end_time_millis) for r in compared))
    table.add_row("user", *(r.user or "-" for r in compared))
    for title, kind, differing in [
        ("params", "params", set(result.differing_param_keys)),
        ("tags", "tags", set(result.differing_tag_keys)),
    ]:
        keys = sorted({p.key for r in compared for p in (r.params if kind == "params" else r.tags)})
        shown = [k for k in keys if k in differing or not diff_only]
        if not shown:
            continue
        section(title)
        for key in shown:
            style = "bold yellow" if key in differing else ""
            table.add_row(
                Text(key, style=style),
                *(Text(_cell(r, kind, key), style=style) for r in compared),
            )
    metric_keys = sorted({m.key for r in compared for m in r.latest_metrics})
    if metric_keys:
        section("metrics")
        for key in metric_keys:
            table.add_row(key, *(_summary(metric_values(r).get(key)) for r in compared))
    console.print(table)


@runs.command("leaderboard")
@click.argument("metric")
@click.option("--experiment", "-e", "experiments", multiple=True, help="name or id; repeatable")
@click.option("--filter", "filter_", default="", help="only runs matching this filter")
@click.option(
    "--aggregate",
    "-a",
    type=click.Choice(["latest", "min", "max"]),
    default="latest",
    show_default=True,
)
@click.option("--ascending", is_flag=True, help="smaller is better (e.g. a loss)")
@click.option("-k", "k", default=10, show_default=True, help="how many runs")
@click.pass_context
def runs_leaderboard(
    ctx: click.Context,
    metric: str,
    experiments: tuple[str, ...],
    filter_: str,
    aggregate: str,
    ascending: bool,
    k: int,
) -> None:
    """The top runs by one metric."""
    with _server_errors(), _client(ctx) as client:
        entries = leaderboard(
            client,
            metric,
            experiment_ids=_experiment_ids(client, experiments),
            filter=filter_,
            aggregate=aggregate,
            descending=not ascending,
            k=k,
        )
    table = Table("#", "Run ID", "Name", f"{aggregate}({metric})", "Status", "Started")
    for entry in entries:
        table.add_row(
            str(entry.rank),
            entry.run.run_id,
            entry.run.run_name,
            _number(entry.value),
            _status(entry.run.status),
            _time(entry.run.start_time_millis),
        )
    console.print(table)
