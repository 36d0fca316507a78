"""Access control use cases: who a token belongs to, what a principal may do with a
resource, and the management of users, tokens and grants.

Lookups that run on every call are cached for a few seconds per process; changes
made through this process drop the caches at once, other replicas see them within
CACHE_SECONDS."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from cairn_server.domain import access as a
from cairn_server.domain import validation as v
from cairn_server.domain.errors import (
    AlreadyExists,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    Unauthenticated,
)
from cairn_server.domain.ids import new_id, now_millis
from cairn_server.domain.paging import decode_token, encode_token, query_fingerprint
from cairn_server.storage.sql.access_repository import (
    GROUP,
    USER,
    GrantRecord,
    SqlAccessRepository,
    TokenRecord,
    UserRecord,
)

CACHE_SECONDS = 5.0
MAX_TOKEN_DESCRIPTION = 256
MAX_GROUPS = 100
K = TypeVar("K")
T = TypeVar("T")


class AccessUow(Protocol):
    access: SqlAccessRepository


AccessUowFactory = Callable[..., AbstractContextManager[AccessUow]]


class _TtlCache(Generic[K, T]):
    def __init__(self, seconds: float, max_entries: int = 100_000) -> None:
        self._seconds = seconds
        self._max = max_entries
        self._data: dict[K, tuple[float, T]] = {}
        self._lock = threading.Lock()

    def get(self, key: K, load: Callable[[], T]) -> T:
        now = time.monotonic()
        hit = self._data.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        value = load()
        with self._lock:
            if len(self._data) >= self._max:
                self._data.clear()
            self._data[key] = (now + self._seconds, value)
        return value

    def peek(self, key: K) -> T | None:
        hit = self._data.get(key)
        return hit[1] if hit is not None and hit[0] > time.monotonic() else None

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


@dataclass(frozen=True)
class Grant:
    kind: a.ResourceKind
    resource: str  # experiment id or model name, as the API names it
    user: str  # user name, or "" for a group grant
    group: str
    level: a.Level


class AccessService:
    def __init__(
        self,
        uow: AccessUowFactory,
        *,
        default_level: a.Level = a.Level.NONE,
        clock: Callable[[], int] = now_millis,
    ) -> None:
        self._uow = uow
        self._default = default_level
        self._clock = clock
        self._principals: _TtlCache[str, a.Principal | str] = _TtlCache(CACHE_SECONDS)
        self._levels: _TtlCache[tuple[str, a.ResourceKind, str], a.Level] = _TtlCache(CACHE_SECONDS)
        # A run never moves to another experiment: remember its experiment for good.
        self._run_experiments: dict[str, str] = {}

    def _invalidate(self) -> None:
        self._principals.clear()
        self._levels.clear()

    # -- authentication ---------------------------------------------------------------
    def authenticate(self, token_text: str) -> a.Principal:
        token_id, secret = a.parse_token(token_text)
        found = self._principals.get(token_text, lambda: self._load_principal(token_id, secret))
        if isinstance(found, str):
            raise Unauthenticated(found)
        if found.expire_time and found.expire_time <= self._clock():
            raise Unauthenticated(f"API token {token_id} expired; create a new one")
        return found

    def cached_principal(self, token_text: str) -> a.Principal | None:
        """The principal of a token verified in the last few seconds, without I/O."""
        found = self._principals.peek(token_text)
        if not isinstance(found, a.Principal):
            return None
        if found.expire_time and found.expire_time <= self._clock():
            return None  # authenticate() says why
        return found

    def _load_principal(self, token_id: str, secret: str) -> a.Principal | str:
        with self._uow(readonly=True) as uow:
            token = uow.access.token(token_id)
            if token is None or not a.secret_matches(token.salt, token.secret_hash, secret):
                return "unknown API token: check it, or create one with `cairn tokens create`"
            now = self._clock()
            if token.revoke_time:
                return f"API token {token_id} was revoked; create a new one"
            if token.expire_time and token.expire_time <= now:
                return f"API token {token_id} expired; create a new one"
            user = uow.access.user_by_id(token.user_id)
        if user is None or user.disabled:
            return f"user of API token {token_id} is disabled"
        return a.Principal(
            user.user_id,
            user.name,
            user.admin,
            frozenset(user.groups),
            token_id,
            token.expire_time,
        )

    def bootstrap(self, token_text: str = "") -> str | None:
        """On a database without users: creates the `admin` user and a token for it,
        returning the token text (to show once). None when users exist already."""
        token = a.new_token(token_text or None)
        with self._uow() as uow:
            if uow.access.count_users():
                return None
            user = UserRecord(new_id(), "admin", True, False, (), self._clock())
            uow.access.add_user(user)
            uow.access.add_token(self._record(token, user, "bootstrap admin token", 0))
        return token.text

    # -- authorization ----------------------------------------------------------------
    def level(self, principal: a.Principal, kind: a.ResourceKind, resource_id: str) -> a.Level:
        if principal.admin:
            return a.Level.MANAGE

        def load() -> a.Level:
            with self._uow(readonly=True) as uow:
                granted = uow.access.granted_level(
                    kind, resource_id, principal.user_id, principal.groups
                )
            return max(granted, self._default)

        return self._levels.get((principal.user_id, kind, resource_id), load)

    def scope(self, principal: a.Principal) -> a.Scope:
        """What the principal may read. Not cached: a resource they just created (or
        were just granted) must show up in their next listing."""
        if principal.admin or self._default >= a.Level.READ:
            return a.UNRESTRICTED
        with self._uow(readonly=True) as uow:
            exps = uow.access.readable(
                a.ResourceKind.EXPERIMENT, principal.user_id, principal.groups
            )
            models = uow.access.readable(a.ResourceKind.MODEL, principal.user_id, principal.groups)
        return a.Scope(frozenset(exps), frozenset(models))

    def run_experiments(self, run_ids: Sequence[str]) -> dict[str, str | None]:
        """Each run's experiment (None for an unknown run)."""
        known = self._run_experiments
        missing = [r for r in run_ids if r not in known]
        if missing:
            with self._uow(readonly=True) as uow:
                found = uow.access.run_experiments(missing)
            if len(known) > 1_000_000:
                known.clear()
            known.update(found)
        return {r: known.get(r) for r in run_ids}

    def experiment_exists(self, experiment_id: str) -> bool:
        with self._uow(readonly=True) as uow:
            return uow.access.experiment_exists(experiment_id)

    def experiment_id_by_name(self, name: str) -> str | None:
        with self._uow(readonly=True) as uow:
            return uow.access.experiment_id_by_name(name)

    def model_id(self, name: str) -> str | None:
        with self._uow(readonly=True) as uow:
            return uow.access.model_id_by_name(name)

    def transition_model_id(self, transition_id: str) -> str | None:
        with self._uow(readonly=True) as uow:
            return uow.access.transition_model_id(transition_id)

    def upload_run_id(self, upload_id: str) -> str | None:
        with self._uow(readonly=True) as uow:
            return uow.access.upload_run_id(upload_id)

    # -- users ------------------------------------------------------------------------
    def _require_admin(self, principal: a.Principal) -> None:
        if not principal.admin:
            raise PermissionDenied("only an admin may manage users, other users' tokens and grants")

    def _check_groups(self, groups: Sequence[str]) -> tuple[str, ...]:
        if len(groups) > MAX_GROUPS:
            raise InvalidArgument(f"at most {MAX_GROUPS} groups per user", field="groups")
        return tuple(sorted({a.check_principal_name(g, "groups", "group name") for g in groups}))

    def create_user(
        self, principal: a.Principal, name: str, admin: bool, groups: Sequence[str]
    ) -> UserRecord:
        self._require_admin(principal)
        a.check_principal_name(name, "name", "user name")
        user = UserRecord(new_id(), name, admin, False, self._check_groups(groups), self._clock())
        with self._uow() as uow:
            if uow.access.user_by_name(name) is not None:
                raise AlreadyExists("user", name)
            uow.access.add_user(user)
        return user

    def list_users(
        self, principal: a.Principal, page_size: int, page_token: str
    ) -> tuple[list[UserRecord], str]:
        self._require_admin(principal)
        size = v.page_size(page_size)
        fingerprint = query_fingerprint("users")
        cursor = decode_token(page_token, fingerprint)
        after = str(cursor[0]) if cursor else ""
        with self._uow(readonly=True) as uow:
            users = uow.access.list_users(after, size + 1)
        more = len(users) > size
        users = users[:size]
        return users, encode_token(fingerprint, [users[-1].name]) if more else ""

    def update_user(
        self,
        principal: a.Principal,
        name: str,
        mask: Sequence[str],
        *,
        admin: bool,
        groups: Sequence[str],
        disabled: bool,
    ) -> UserRecord:
        self._require_admin(principal)
        unknown = set(mask) - {"admin", "groups", "disabled"}
        if not mask or unknown:
            raise InvalidArgument(
                "update_mask must name some of admin, groups, disabled"
                + (f"; unknown: {', '.join(sorted(unknown))}" if unknown else ""),
                field="update_mask",
            )
        new_groups = self._check_groups(groups) if "groups" in mask else ()
        with self._uow() as uow:
            user = uow.access.user_by_name(name)
            if user is None:
                raise NotFound("user", name)
            new_admin = admin if "admin" in mask else user.admin
            new_disabled = disabled if "disabled" in mask else user.disabled
            uow.access.update_user(user.user_id, admin=new_admin, disabled=new_disabled)
            if "groups" in mask:
                uow.access.set_groups(user.user_id, new_groups)
            if not uow.access.enabled_admins():
                raise FailedPrecondition(
                    f"refusing to change user {name!r}: no enabled admin would be left"
                )
            updated = uow.access.user_by_id(user.user_id)
        self._invalidate()
        assert updated is not None
        return updated

    # -- tokens -----------------------------------------------------------------------
    def _record(
        self, token: a.NewToken, user: UserRecord, description: str, expire_time: int
    ) -> TokenRecord:
        return TokenRecord(
            token.token_id,
            user.user_id,
            user.name,
            token.salt,
            token.secret_hash,
            description,
            self._clock(),
            expire_time,
            0,
        )

    def _target_user(self, uow: AccessUow, principal: a.Principal, name: str) -> UserRecord:
        if principal.anonymous and not name:
            raise InvalidArgument(
                "anonymous callers have no user: name the user the token is for", field="user"
            )
        if name and name != principal.name:
            self._require_admin(principal)
        user = uow.access.user_by_name(name or principal.name)
        if user is None:
            raise NotFound("user", name or principal.name)
        return user

    def create_token(
        self, principal: a.Principal, user_name: str, description: str, ttl_seconds: int
    ) -> tuple[TokenRecord, str]:
        v.check_length(description, "description", "description", MAX_TOKEN_DESCRIPTION)
        if ttl_seconds < 0 or ttl_seconds > 10 * 365 * 86400:
            raise InvalidArgument(
                "ttl_seconds must be between 0 (never expires) and ten years",
                field="ttl_seconds",
            )
        token = a.new_token()
        with self._uow() as uow:
            user = self._target_user(uow, principal, user_name)
            expire = self._clock() + ttl_seconds * 1000 if ttl_seconds else 0
            record = self._record(token, user, description, expire)
            uow.access.add_token(record)
        return record, token.text

    def list_tokens(
        self, principal: a.Principal, user_name: str, include_inactive: bool
    ) -> list[TokenRecord]:
        with self._uow(readonly=True) as uow:
            if not user_name and principal.admin:
                user_id = None
            else:
                user_id = self._target_user(uow, principal, user_name).user_id
            return uow.access.list_tokens(
                user_id, active_at=None if include_inactive else self._clock()
            )

    def revoke_token(self, principal: a.Principal, token_id: str) -> TokenRecord:
        with self._uow() as uow:
            token = uow.access.token(token_id)
            # Someone else's token looks missing to a non-admin: ids must not be probed.
            if token is None or (token.user_id != principal.user_id and not principal.admin):
                raise NotFound("token", token_id[:40])
            uow.access.revoke_token(token_id, self._clock())
            revoked = uow.access.token(token_id)
        self._invalidate()
        assert revoked is not None
        return revoked

    # -- grants -----------------------------------------------------------------------
    def _resource_id(self, uow: AccessUow, kind: a.ResourceKind, resource: str) -> str:
        if kind is a.ResourceKind.EXPERIMENT:
            if uow.access.experiment_exists(resource):
                return resource
            raise NotFound("experiment", resource)
        model_id = uow.access.model_id_by_name(resource)
        if model_id is None:
            raise NotFound("registered model", resource)
        return model_id

    def _require_manage(
        self, principal: a.Principal, kind: a.ResourceKind, rid: str, name: str
    ) -> None:
        level = self.level(principal, kind, rid)
        if level < a.Level.READ:
            raise NotFound(
                "experiment" if kind is a.ResourceKind.EXPERIMENT else "registered model", name
            )
        if level < a.Level.MANAGE:
            raise PermissionDenied(f"managing permissions on {kind.value} {name!r} needs MANAGE")

    def set_permission(self, principal: a.Principal, grant: Grant) -> Grant:
        with self._uow() as uow:
            rid = self._resource_id(uow, grant.kind, grant.resource)
            self._require_manage(principal, grant.kind, rid, grant.resource)
            if grant.user:
                user = uow.access.user_by_name(grant.user)
                if user is None:
                    raise NotFound("user", grant.user)
                who, who_kind = user.user_id, USER
            else:
                a.check_principal_name(grant.group, "permission.group", "group name")
                who, who_kind = grant.group, GROUP
            uow.access.set_grant(GrantRecord(grant.kind, rid, who_kind, who, grant.level))
        self._invalidate()
        return grant

    def list_permissions(
        self, principal: a.Principal, kind: a.ResourceKind, resource: str
    ) -> list[Grant]:
        with self._uow(readonly=True) as uow:
            rid = self._resource_id(uow, kind, resource)
            self._require_manage(principal, kind, rid, resource)
            grants = uow.access.grants_on(kind, rid)
            names = uow.access.user_names(g.principal for g in grants if g.principal_kind == USER)
        out = [
            Grant(
                kind,
                resource,
                names.get(g.principal, g.principal) if g.principal_kind == USER else "",
                g.principal if g.principal_kind == GROUP else "",
                g.level,
            )
            for g in grants
        ]
        return sorted(out, key=lambda g: (g.user == "", g.user or g.group))
