"""Users, API tokens and permissions (cairn.v1.AccessService) over a Client.

from cairn import Client
from cairn.access import Access

with Client(token=admin_token) as client:
    access = Access(client)
    access.create_user("alice", groups=["nlp"])
    secret = access.create_token(user="alice", description="laptop").secret
    access.grant_experiment(experiment_id, group="nlp", level="write")
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import grpc

from cairn.errors import from_rpc_error
from cairn.v1 import access_pb2 as apb
from cairn.v1 import access_service_pb2 as pb
from cairn.v1.access_service_pb2_grpc import AccessServiceStub

if TYPE_CHECKING:
    from cairn.client import Client

LEVELS = {
    "none": apb.PERMISSION_LEVEL_UNSPECIFIED,
    "read": apb.PERMISSION_LEVEL_READ,
    "write": apb.PERMISSION_LEVEL_WRITE,
    "manage": apb.PERMISSION_LEVEL_MANAGE,
}
KINDS = {
    "experiment": apb.RESOURCE_KIND_EXPERIMENT,
    "model": apb.RESOURCE_KIND_REGISTERED_MODEL,
}


def level_name(value: int) -> str:
    return next((k for k, v in LEVELS.items() if v == value), str(value))


@dataclass(frozen=True)
class CreatedToken:
    token: apb.ApiToken
    # The whole token: shown only now.
    secret: str


class Access:
    def __init__(self, client: Client) -> None:
        self._client = client
        self.stub = AccessServiceStub(client.channel)

    def _call(self, method: Any, request: Any) -> Any:
        try:
            return method(request, timeout=self._client.timeout)
        except grpc.RpcError as exc:
            raise from_rpc_error(exc) from None

    def whoami(self) -> pb.GetCurrentUserResponse:
        return self._call(self.stub.GetCurrentUser, pb.GetCurrentUserRequest())  # type: ignore[no-any-return]

    def create_user(
        self, name: str, *, admin: bool = False, groups: Sequence[str] = ()
    ) -> apb.User:
        request = pb.CreateUserRequest(name=name, admin=admin, groups=list(groups))
        return self._call(self.stub.CreateUser, request).user  # type: ignore[no-any-return]

    def users(self) -> Iterator[apb.User]:
        token = ""
        while True:
            page = self._call(self.stub.ListUsers, pb.ListUsersRequest(page_token=token))
            yield from page.users
            token = page.next_page_token
            if not token:
                return

    def update_user(
        self,
        name: str,
        *,
        admin: bool | None = None,
        groups: Sequence[str] | None = None,
        disabled: bool | None = None,
    ) -> apb.User:
        request = pb.UpdateUserRequest(name=name)
        if admin is not None:
            request.admin = admin
            request.update_mask.append("admin")
        if groups is not None:
            request.groups.extend(groups)
            request.update_mask.append("groups")
        if disabled is not None:
            request.disabled = disabled
            request.update_mask.append("disabled")
        return self._call(self.stub.UpdateUser, request).user  # type: ignore[no-any-return]

    def create_token(
        self, *, user: str = "", description: str = "", ttl_seconds: int = 0
    ) -> CreatedToken:
        request = pb.CreateTokenRequest(user=user, description=description, ttl_seconds=ttl_seconds)
        response = self._call(self.stub.CreateToken, request)
        return CreatedToken(response.token, response.secret)

    def tokens(self, *, user: str = "", include_inactive: bool = False) -> list[apb.ApiToken]:
        request = pb.ListTokensRequest(user=user, include_inactive=include_inactive)
        return list(self._call(self.stub.ListTokens, request).tokens)

    def revoke_token(self, token_id: str) -> apb.ApiToken:
        request = pb.RevokeTokenRequest(token_id=token_id)
        return self._call(self.stub.RevokeToken, request).token  # type: ignore[no-any-return]

    def grant(
        self,
        kind: str,
        resource: str,
        *,
        user: str = "",
        group: str = "",
        level: str = "read",
    ) -> apb.Permission:
        """Grants `level` ("none" removes the grant) on an experiment (by id) or a
        registered model (by name) to a user or a group."""
        if bool(user) == bool(group):
            raise ValueError("name exactly one of user and group")
        permission = apb.Permission(
            resource_kind=KINDS[kind], resource=resource, level=LEVELS[level]
        )
        if user:
            permission.user = user
        else:
            permission.group = group
        request = pb.SetPermissionRequest(permission=permission)
        return self._call(self.stub.SetPermission, request).permission  # type: ignore[no-any-return]

    def permissions(self, kind: str, resource: str) -> list[apb.Permission]:
        request = pb.ListPermissionsRequest(resource_kind=KINDS[kind], resource=resource)
        return list(self._call(self.stub.ListPermissions, request).permissions)
