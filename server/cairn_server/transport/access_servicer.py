"""gRPC servicer of cairn.v1.AccessService: users, API tokens and grants."""

from __future__ import annotations

from typing import Any

import grpc

from cairn.v1 import access_pb2 as apb
from cairn.v1 import access_service_pb2 as pb
from cairn.v1.access_service_pb2_grpc import AccessServiceServicer
from cairn_server.domain import access as a
from cairn_server.domain.errors import InvalidArgument
from cairn_server.services.access import AccessService, Grant
from cairn_server.storage.sql.access_repository import TokenRecord, UserRecord
from cairn_server.transport.blocking import Blocking

Context = grpc.aio.ServicerContext[Any, Any]

_KINDS = {
    apb.RESOURCE_KIND_EXPERIMENT: a.ResourceKind.EXPERIMENT,
    apb.RESOURCE_KIND_REGISTERED_MODEL: a.ResourceKind.MODEL,
}
_KIND_PROTO = {v: k for k, v in _KINDS.items()}


def user_to_proto(user: UserRecord) -> apb.User:
    return apb.User(
        user_id=user.user_id,
        name=user.name,
        admin=user.admin,
        groups=list(user.groups),
        disabled=user.disabled,
        create_time=user.create_time,
    )


def token_to_proto(token: TokenRecord) -> apb.ApiToken:
    return apb.ApiToken(
        token_id=token.token_id,
        user=token.user_name,
        description=token.description,
        create_time=token.create_time,
        expire_time=token.expire_time,
        revoke_time=token.revoke_time,
    )


def _kind(value: int, field: str) -> a.ResourceKind:
    try:
        return _KINDS[value]  # type: ignore[index]
    except KeyError:
        raise InvalidArgument(
            "resource_kind must be RESOURCE_KIND_EXPERIMENT or RESOURCE_KIND_REGISTERED_MODEL",
            field=field,
        ) from None


def _level(value: int) -> a.Level:
    if value not in (0, 1, 2, 3):
        raise InvalidArgument(f"level {value} is not a PermissionLevel", field="permission.level")
    return a.Level(value)


def grant_to_proto(grant: Grant) -> apb.Permission:
    permission = apb.Permission(
        resource_kind=_KIND_PROTO[grant.kind],
        resource=grant.resource,
        level=int(grant.level),  # type: ignore[arg-type]
    )
    if grant.user:
        permission.user = grant.user
    else:
        permission.group = grant.group
    return permission


class AccessServicer(AccessServiceServicer):
    def __init__(self, access: AccessService, blocking: Blocking) -> None:
        self._access = access
        self._blocking = blocking

    async def GetCurrentUser(
        self, request: pb.GetCurrentUserRequest, context: Context
    ) -> pb.GetCurrentUserResponse:
        principal = a.current_principal()
        if principal.anonymous:
            return pb.GetCurrentUserResponse(anonymous=True)
        return pb.GetCurrentUserResponse(
            user=apb.User(
                user_id=principal.user_id,
                name=principal.name,
                admin=principal.admin,
                groups=sorted(principal.groups),
            )
        )

    async def CreateUser(
        self, request: pb.CreateUserRequest, context: Context
    ) -> pb.CreateUserResponse:
        user = await self._blocking(
            self._access.create_user,
            a.current_principal(),
            request.name,
            request.admin,
            list(request.groups),
        )
        return pb.CreateUserResponse(user=user_to_proto(user))

    async def ListUsers(
        self, request: pb.ListUsersRequest, context: Context
    ) -> pb.ListUsersResponse:
        users, token = await self._blocking(
            self._access.list_users, a.current_principal(), request.page_size, request.page_token
        )
        return pb.ListUsersResponse(users=[user_to_proto(u) for u in users], next_page_token=token)

    async def UpdateUser(
        self, request: pb.UpdateUserRequest, context: Context
    ) -> pb.UpdateUserResponse:
        user = await self._blocking(
            self._access.update_user,
            a.current_principal(),
            request.name,
            list(request.update_mask),
            admin=request.admin,
            groups=list(request.groups),
            disabled=request.disabled,
        )
        return pb.UpdateUserResponse(user=user_to_proto(user))

    async def CreateToken(
        self, request: pb.CreateTokenRequest, context: Context
    ) -> pb.CreateTokenResponse:
        token, secret = await self._blocking(
            self._access.create_token,
            a.current_principal(),
            request.user,
            request.description,
            request.ttl_seconds,
        )
        return pb.CreateTokenResponse(token=token_to_proto(token), secret=secret)

    async def ListTokens(
        self, request: pb.ListTokensRequest, context: Context
    ) -> pb.ListTokensResponse:
        tokens = await self._blocking(
            self._access.list_tokens, a.current_principal(), request.user, request.include_inactive
        )
        return pb.ListTokensResponse(tokens=[token_to_proto(t) for t in tokens])

    async def RevokeToken(
        self, request: pb.RevokeTokenRequest, context: Context
    ) -> pb.RevokeTokenResponse:
        token = await self._blocking(
            self._access.revoke_token, a.current_principal(), request.token_id
        )
        return pb.RevokeTokenResponse(token=token_to_proto(token))

    async def SetPermission(
        self, request: pb.SetPermissionRequest, context: Context
    ) -> pb.SetPermissionResponse:
        p = request.permission
        which = p.WhichOneof("principal")
        if which is None:
            raise InvalidArgument(
                "permission needs a user or a group", field="permission.principal"
            )
        grant = Grant(
            _kind(p.resource_kind, "permission.resource_kind"),
            p.resource,
            p.user if which == "user" else "",
            p.group if which == "group" else "",
            _level(p.level),
        )
        if grant.user:
            a.check_principal_name(grant.user, "permission.user", "user name")
        stored = await self._blocking(self._access.set_permission, a.current_principal(), grant)
        return pb.SetPermissionResponse(permission=grant_to_proto(stored))

    async def ListPermissions(
        self, request: pb.ListPermissionsRequest, context: Context
    ) -> pb.ListPermissionsResponse:
        grants = await self._blocking(
            self._access.list_permissions,
            a.current_principal(),
            _kind(request.resource_kind, "resource_kind"),
            request.resource,
        )
        return pb.ListPermissionsResponse(permissions=[grant_to_proto(g) for g in grants])
