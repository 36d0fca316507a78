"""Who is calling and what they may do: principals, permission levels, API tokens.

Tokens look like `cairn_<id>_<secret>`. The id is public (it names the token in
listings and revocations); only a salted HMAC-SHA256 of the secret is stored. The
secret carries 192 random bits, so a fast keyed hash is enough (as for GitHub's or
Stripe's API keys); slow password hashes guard low-entropy human passwords."""

from __future__ import annotations

import contextvars
import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum, IntEnum

from cairn_server.domain.errors import InvalidArgument, Unauthenticated


class Level(IntEnum):
    NONE = 0
    READ = 1
    WRITE = 2
    MANAGE = 3

    @classmethod
    def parse(cls, text: str) -> Level:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(
                f"permission level must be none, read, write or manage, got {text!r}"
            ) from None


class ResourceKind(Enum):
    EXPERIMENT = "experiment"
    MODEL = "model"


@dataclass(frozen=True)
class Principal:
    """The caller. `user_id` is empty for anonymous access."""

    user_id: str
    name: str
    admin: bool = False
    groups: frozenset[str] = frozenset()
    token_id: str = ""
    # When the token stops working (ms since the epoch); 0: never.
    expire_time: int = 0

    @property
    def anonymous(self) -> bool:
        return not self.user_id


# Anonymous callers on a server that allows them act with full rights: that mode is
# for a single user on loopback, or for an operator who asked for it explicitly.
ANONYMOUS = Principal(user_id="", name="anonymous", admin=True)


@dataclass(frozen=True)
class Scope:
    """The resources a caller may read: None means all of that kind."""

    experiment_ids: frozenset[str] | None = None
    model_ids: frozenset[str] | None = None

    def can_read_experiment(self, experiment_id: str) -> bool:
        return self.experiment_ids is None or experiment_id in self.experiment_ids

    def can_read_model(self, model_id: str) -> bool:
        return self.model_ids is None or model_id in self.model_ids


UNRESTRICTED = Scope()

# The read scope of the call being served, computed on first use (only lists and
# searches need it). Set by the transport's access layer; the services that list or
# search consult it, so one rule hides what a caller may not read. It travels into the
# worker thread with the rest of the call's context.
_scope: contextvars.ContextVar[Callable[[], Scope]] = contextvars.ContextVar(
    "cairn_scope", default=lambda: UNRESTRICTED
)


def current_scope() -> Scope:
    return _scope.get()()


_principal: contextvars.ContextVar[Principal] = contextvars.ContextVar(
    "cairn_principal", default=ANONYMOUS
)


def current_principal() -> Principal:
    return _principal.get()


def enter_call(principal: Principal, scope: Callable[[], Scope]) -> None:
    """Sets who calls and what they may read for the rest of the current task (one RPC)."""
    _principal.set(principal)
    _scope.set(scope)


# -- tokens -------------------------------------------------------------------------

TOKEN_PREFIX = "cairn_"  # noqa: S105 (a format prefix, not a secret)
_TOKEN_RE = re.compile(r"cairn_([a-z0-9]{8,32})_([A-Za-z0-9_-]{32,128})")
MAX_TOKEN_LENGTH = 200


@dataclass(frozen=True)
class NewToken:
    token_id: str
    secret: str = field(repr=False)
    salt: str
    secret_hash: str

    @property
    def text(self) -> str:
        return f"{TOKEN_PREFIX}{self.token_id}_{self.secret}"


def hash_secret(salt: str, secret: str) -> str:
    return hmac.new(bytes.fromhex(salt), secret.encode(), hashlib.sha256).hexdigest()


def new_token(text: str | None = None) -> NewToken:
    """A fresh random token, or the given one (for an operator-chosen bootstrap token)."""
    if text is None:
        token_id, secret = secrets.token_hex(6), secrets.token_urlsafe(24)
    else:
        token_id, secret = parse_token(text)
    salt = secrets.token_hex(16)
    return NewToken(token_id, secret, salt, hash_secret(salt, secret))


def parse_token(text: str) -> tuple[str, str]:
    """(token id, secret), or Unauthenticated with what is wrong with the format."""
    if len(text) > MAX_TOKEN_LENGTH or not (match := _TOKEN_RE.fullmatch(text)):
        raise Unauthenticated(
            "malformed API token: expected `cairn_<id>_<secret>` as made by `cairn tokens create`"
        )
    return match.group(1), match.group(2)


def secret_matches(salt: str, stored_hash: str, secret: str) -> bool:
    return hmac.compare_digest(hash_secret(salt, secret), stored_hash)


# -- names --------------------------------------------------------------------------

_NAME_RE = re.compile(r"[a-z0-9][a-z0-9_.@-]{0,63}")


def check_principal_name(name: str, field_name: str, what: str) -> str:
    if not _NAME_RE.fullmatch(name):
        raise InvalidArgument(
            f"{what} {name[:80]!r} is invalid: use 1-64 lowercase letters, digits and `_ - . @`, "
            "starting with a letter or digit",
            field=field_name,
        )
    return name
