"""The access layer every call goes through: who is calling (API token or anonymous),
whether they may (the policy table), how often (rate and stream limits), and what
they may read (the scope lists and searches are cut to).

A resource the caller may not read is reported exactly as a missing one (NOT_FOUND
with the same message), so nobody can probe for ids or names they cannot see."""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

import grpc
from google.protobuf.message import Message

from cairn_server.domain import access as a
from cairn_server.domain.errors import (
    InvalidArgument,
    NotFound,
    PermissionDenied,
    RateLimited,
    ResourceExhausted,
    Unauthenticated,
)
from cairn_server.services.access import AccessService
from cairn_server.transport.access_policy import RULES, Ref, Rule
from cairn_server.transport.blocking import Blocking
from cairn_server.transport.handlers import rewrap

MAX_REF_LENGTH = 1024


class TokenBuckets:
    """Calls per second per token, with bursts of twice the rate."""

    def __init__(self, rate: float) -> None:
        self._rate = rate
        self._burst = max(1.0, 2 * rate)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> None:
        if self._rate <= 0:
            return
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (self._burst, now))
            tokens = min(self._burst, tokens + (now - last) * self._rate)
            if tokens < 1.0:
                wait = (1.0 - tokens) / self._rate
                self._buckets[key] = (tokens, now)
                raise RateLimited(
                    f"rate limit of {self._rate:g} calls/s for this token exceeded; "
                    f"retry in {wait:.2f}s",
                    retry_after_seconds=wait,
                )
            self._buckets[key] = (tokens - 1.0, now)


class StreamSlots:
    """Concurrent streaming calls per token."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._open: dict[str, int] = {}

    def acquire(self, key: str) -> None:
        if self._limit <= 0 or not key:  # anonymous calls have no token to count against
            return
        if self._open.get(key, 0) >= self._limit:
            raise ResourceExhausted(
                f"this token already has {self._limit} streaming calls open; close one first"
            )
        self._open[key] = self._open.get(key, 0) + 1

    def release(self, key: str) -> None:
        if self._limit <= 0 or not key:
            return
        left = self._open.get(key, 1) - 1
        if left > 0:
            self._open[key] = left
        else:
            self._open.pop(key, None)


@dataclass(frozen=True)
class _Resolved:
    kind: a.ResourceKind
    resource_id: str
    missing: NotFound


class Authorizer:
    """Checks a principal against the resources a request names (blocking: may read
    the database on a cache miss)."""

    def __init__(self, access: AccessService) -> None:
        self._access = access

    def check(self, principal: a.Principal, need: a.Level, refs: Iterable[Ref]) -> None:
        if principal.admin:
            return
        wanted = [r for r in refs if r[1]]  # an empty id fails the service's validation
        for _, value in wanted:
            if len(value) > MAX_REF_LENGTH:
                raise InvalidArgument(f"id or name of {len(value)} characters is too long")
        run_ids = [v for k, v in wanted if k.partition(":")[0] == "run"]
        runs = self._access.run_experiments(run_ids) if run_ids else {}
        for kind, value in wanted:
            base, _, override = kind.partition(":")
            level_needed = a.Level.parse(override) if override else need
            target = self._resolve(base, value, runs)
            level = self._access.level(principal, target.kind, target.resource_id)
            if level < a.Level.READ:
                raise target.missing
            if level < level_needed:
                raise PermissionDenied(
                    f"{level_needed.name} permission on {target.kind.value} "
                    f"'{target.resource_id}' is needed for this call; you have {level.name}. "
                    "Ask someone with MANAGE on it to grant it."
                )

    def _resolve(self, kind: str, value: str, runs: dict[str, str | None]) -> _Resolved:
        exp = a.ResourceKind.EXPERIMENT
        model = a.ResourceKind.MODEL
        if kind == "experiment":
            missing = NotFound("experiment", value)
            found = value if self._access.experiment_exists(value) else None
            return self._found(exp, found, missing)
        if kind == "experiment_name":
            missing = NotFound("experiment", value, f"no experiment is named '{value}'")
            return self._found(exp, self._access.experiment_id_by_name(value), missing)
        if kind == "run":
            return self._found(exp, runs.get(value), NotFound("run", value))
        if kind == "upload":
            run_id = self._access.upload_run_id(value)
            exp_id = self._access.run_experiments([run_id]).get(run_id) if run_id else None
            return self._found(exp, exp_id, NotFound("upload", value))
        if kind == "model":
            missing = NotFound("registered model", value)
            return self._found(model, self._access.model_id(value), missing)
        if kind == "transition":
            missing = NotFound("stage transition", value)
            return self._found(model, self._access.transition_model_id(value), missing)
        raise AssertionError(f"unknown resource kind {kind!r} in the access policy")

    @staticmethod
    def _found(kind: a.ResourceKind, rid: str | None, missing: NotFound) -> _Resolved:
        if rid is None:
            raise missing
        return _Resolved(kind, rid, missing)


def _unrestricted() -> a.Scope:
    return a.UNRESTRICTED


def _refs(rule: Rule, request: Any) -> list[Ref]:
    # Undecodable requests and raw upload chunks name nothing; the servicer rejects
    # the former and the latter belong to an upload whose header was checked.
    if rule.level is None or rule.refs is None or not isinstance(request, Message):
        return []
    return list(rule.refs(request))


def bearer_token(metadata: Iterable[tuple[str, str | bytes]] | None) -> str | None:
    for key, value in metadata or ():
        if key == "authorization":
            text = value if isinstance(value, str) else value.decode("latin-1")
            scheme, _, token = text.strip().partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise Unauthenticated("the authorization metadata must be `Bearer <token>`")
            return token.strip()
    return None


class AuthInterceptor(grpc.aio.ServerInterceptor):  # type: ignore[type-arg]
    def __init__(
        self,
        access: AccessService,
        blocking: Blocking,
        *,
        allow_anonymous: bool,
        rate_limit: float = 0.0,
        max_streams_per_token: int = 0,
    ) -> None:
        self._access = access
        self._authorizer = Authorizer(access)
        self._blocking = blocking
        self._anonymous = allow_anonymous
        self._rates = TokenBuckets(rate_limit)
        self._streams = StreamSlots(max_streams_per_token)

    async def _principal(self, metadata: Any) -> a.Principal:
        token = bearer_token(metadata)
        if token is None:
            if self._anonymous:
                return a.ANONYMOUS
            raise Unauthenticated(
                "this server needs an API token: send `authorization: Bearer <token>` "
                "metadata (CAIRN_TOKEN for the SDK and CLI)"
            )
        principal = self._access.cached_principal(token)
        if principal is None:
            principal = await self._blocking(self._access.authenticate, token)
        return principal

    async def _enter(self, metadata: Any) -> a.Principal:
        """Authenticates, rate-limits and sets the call's principal and read scope."""
        principal = await self._principal(metadata)
        if not principal.anonymous:
            self._rates.take(principal.token_id)
        if principal.admin:
            a.enter_call(principal, _unrestricted)
        else:
            a.enter_call(
                principal, functools.cache(functools.partial(self._access.scope, principal))
            )
        return principal

    async def _check(self, principal: a.Principal, rule: Rule, request: Any) -> None:
        if principal.admin:
            return
        refs = _refs(rule, request)
        if refs:
            await self._blocking(
                self._authorizer.check, principal, rule.level or a.Level.READ, refs
            )

    async def intercept_service(
        self,
        continuation: Callable[
            [grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler[Any, Any]]
        ],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler[Any, Any]:
        handler = await continuation(handler_call_details)
        if handler is None:
            return handler
        method = handler_call_details.method
        metadata = handler_call_details.invocation_metadata
        rule = RULES.get(method)
        if rule is not None and rule.public:
            return handler

        async def enter() -> a.Principal:
            if rule is None:
                raise PermissionDenied(f"{method} has no access rule; nobody may call it")
            return await self._enter(metadata)

        def unary_request(fn: Any, streaming_response: bool) -> Any:
            async def unary(request: Any, context: Any) -> Any:
                principal = await enter()
                assert rule is not None
                await self._check(principal, rule, request)
                return await fn(request, context)

            async def stream(request: Any, context: Any) -> AsyncIterator[Any]:
                principal = await enter()
                assert rule is not None
                await self._check(principal, rule, request)
                slot = principal.token_id
                self._streams.acquire(slot)
                try:
                    async for item in fn(request, context):
                        yield item
                finally:
                    self._streams.release(slot)

            return stream if streaming_response else unary

        def checked(principal: a.Principal, requests: AsyncIterator[Any]) -> AsyncIterator[Any]:
            """Checks each message; a resource is checked when the stream first names it."""

            async def gen() -> AsyncIterator[Any]:
                assert rule is not None
                allowed: set[Ref] = set()
                async for request in requests:
                    if not principal.admin:
                        new = [r for r in _refs(rule, request) if r not in allowed]
                        if new:
                            await self._blocking(
                                self._authorizer.check, principal, rule.level or a.Level.READ, new
                            )
                            allowed.update(new)
                    yield request

            return gen()

        def stream_request(fn: Any, streaming_response: bool) -> Any:
            async def unary(requests: Any, context: Any) -> Any:
                principal = await enter()
                return await fn(checked(principal, requests), context)

            async def stream(requests: Any, context: Any) -> AsyncIterator[Any]:
                principal = await enter()
                slot = principal.token_id
                self._streams.acquire(slot)
                try:
                    async for item in fn(checked(principal, requests), context):
                        yield item
                finally:
                    self._streams.release(slot)

            return stream if streaming_response else unary

        return rewrap(
            handler,
            lambda fn, requests, responses: (stream_request if requests else unary_request)(
                fn, responses
            ),
        )
