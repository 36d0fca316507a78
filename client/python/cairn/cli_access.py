"""`cairn whoami`, `cairn users …`, `cairn tokens …`, `cairn permissions …`."""

from __future__ import annotations

import datetime as dt
import re

import click
from rich.console import Console
from rich.table import Table

from cairn.access import KINDS, LEVELS, Access, level_name
from cairn.client import Client, client_from

console = Console()


def _access(ctx: click.Context) -> tuple[Client, Access]:
    client = client_from(ctx)
    return client, Access(client)


def _time(millis: int) -> str:
    if not millis:
        return "-"
    return dt.datetime.fromtimestamp(millis / 1000).strftime("%Y-%m-%d %H:%M")


def _duration(text: str) -> int:
    """Seconds from "90d", "12h", "30m", "45s" or a plain number of seconds."""
    match = re.fullmatch(r"(\d+)([smhd]?)", text.strip())
    if not match:
        raise click.BadParameter("use e.g. 90d, 12h, 30m or seconds", param_hint="--expires-in")
    return int(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[match.group(2)]


@click.command()
@click.pass_context
def whoami(ctx: click.Context) -> None:
    """Show who the current token (CAIRN_TOKEN) belongs to."""
    client, access = _access(ctx)
    with client:
        me = access.whoami()
    if me.anonymous:
        console.print("anonymous (no token; this server allows anonymous access)")
        return
    role = "admin" if me.user.admin else "user"
    groups = ", ".join(me.user.groups) or "no groups"
    console.print(f"{me.user.name} ({role}; {groups})")


@click.group()
def users() -> None:
    """Users and their groups (admin only)."""


@users.command("create")
@click.argument("name")
@click.option("--admin", is_flag=True, help="make the user an admin")
@click.option("--group", "groups", multiple=True, help="a group to join (repeatable)")
@click.pass_context
def users_create(ctx: click.Context, name: str, admin: bool, groups: tuple[str, ...]) -> None:
    client, access = _access(ctx)
    with client:
        user = access.create_user(name, admin=admin, groups=groups)
    console.print(f"created user {user.name}")


@users.command("list")
@click.pass_context
def users_list(ctx: click.Context) -> None:
    client, access = _access(ctx)
    table = Table("name", "admin", "groups", "disabled", "created")
    with client:
        for u in access.users():
            table.add_row(
                u.name,
                "yes" if u.admin else "",
                ", ".join(u.groups),
                "yes" if u.disabled else "",
                _time(u.create_time),
            )
    console.print(table)


@users.command("update")
@click.argument("name")
@click.option("--admin/--no-admin", default=None)
@click.option("--group", "groups", multiple=True, help="replace the groups (repeatable)")
@click.option("--disable/--enable", "disabled", default=None)
@click.pass_context
def users_update(
    ctx: click.Context,
    name: str,
    admin: bool | None,
    groups: tuple[str, ...],
    disabled: bool | None,
) -> None:
    client, access = _access(ctx)
    with client:
        user = access.update_user(
            name, admin=admin, groups=list(groups) if groups else None, disabled=disabled
        )
    console.print(f"updated user {user.name}")


@click.group()
def tokens() -> None:
    """API tokens: create, list, revoke."""


@tokens.command("create")
@click.option("--user", default="", help="the user it acts as (admin; default: yourself)")
@click.option("--description", "-d", default="", help="what the token is for")
@click.option("--expires-in", default="", help="e.g. 90d, 12h (default: never)")
@click.pass_context
def tokens_create(ctx: click.Context, user: str, description: str, expires_in: str) -> None:
    """Create a token. The secret is printed once: store it now."""
    client, access = _access(ctx)
    ttl = _duration(expires_in) if expires_in else 0
    with client:
        created = access.create_token(user=user, description=description, ttl_seconds=ttl)
    console.print(
        f"token {created.token.token_id} for {created.token.user} "
        f"(expires {_time(created.token.expire_time)}); shown only now:",
        style="bold",
    )
    click.echo(created.secret)


@tokens.command("list")
@click.option("--user", default="", help="this user's tokens (admin)")
@click.option("--all", "include_inactive", is_flag=True, help="include revoked and expired")
@click.pass_context
def tokens_list(ctx: click.Context, user: str, include_inactive: bool) -> None:
    client, access = _access(ctx)
    table = Table("id", "user", "description", "created", "expires", "revoked")
    with client:
        for t in access.tokens(user=user, include_inactive=include_inactive):
            table.add_row(
                t.token_id,
                t.user,
                t.description,
                _time(t.create_time),
                _time(t.expire_time),
                _time(t.revoke_time),
            )
    console.print(table)


@tokens.command("revoke")
@click.argument("token_id")
@click.pass_context
def tokens_revoke(ctx: click.Context, token_id: str) -> None:
    client, access = _access(ctx)
    with client:
        token = access.revoke_token(token_id)
    console.print(f"revoked token {token.token_id} of {token.user}")


@click.group()
def permissions() -> None:
    """Who may read, write or manage an experiment or a registered model."""


_KIND = click.Choice(sorted(KINDS))


@permissions.command("grant")
@click.argument("kind", type=_KIND)
@click.argument("resource")
@click.argument("level", type=click.Choice(list(LEVELS)))
@click.option("--user", default="", help="a user name")
@click.option("--group", default="", help="a group name")
@click.pass_context
def permissions_grant(
    ctx: click.Context, kind: str, resource: str, level: str, user: str, group: str
) -> None:
    """Grant LEVEL on an experiment (id) or model (name); level `none` removes it."""
    if bool(user) == bool(group):
        raise click.UsageError("name exactly one of --user and --group")
    client, access = _access(ctx)
    with client:
        access.grant(kind, resource, user=user, group=group, level=level)
    console.print(f"{user or 'group ' + group}: {level} on {kind} {resource}")


@permissions.command("list")
@click.argument("kind", type=_KIND)
@click.argument("resource")
@click.pass_context
def permissions_list(ctx: click.Context, kind: str, resource: str) -> None:
    client, access = _access(ctx)
    table = Table("user", "group", "level")
    with client:
        for p in access.permissions(kind, resource):
            table.add_row(p.user, p.group, level_name(p.level))
    console.print(table)
