"""SDK exceptions. Each carries the gRPC status code, the server's message and the
machine-readable reason from the google.rpc.ErrorInfo detail."""

from __future__ import annotations

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status


class CairnError(Exception):
    """A call to the Cairn server failed."""

    def __init__(
        self,
        code: grpc.StatusCode,
        message: str,
        reason: str = "",
        field_violations: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(f"{code.name}: {message}")
        self.code = code
        self.message = message
        self.reason = reason
        self.field_violations = field_violations or []

    @property
    def retryable(self) -> bool:
        return self.code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.RESOURCE_EXHAUSTED)


class NotFoundError(CairnError):
    pass


class AlreadyExistsError(CairnError):
    pass


class InvalidArgumentError(CairnError):
    pass


class FailedPreconditionError(CairnError):
    pass


class UnavailableError(CairnError):
    pass


class UnauthenticatedError(CairnError):
    """No token, or one that is malformed, unknown, expired or revoked."""


class PermissionDeniedError(CairnError):
    """The token's user may see the resource but not do this to it."""


_BY_CODE: dict[grpc.StatusCode, type[CairnError]] = {
    grpc.StatusCode.UNAUTHENTICATED: UnauthenticatedError,
    grpc.StatusCode.PERMISSION_DENIED: PermissionDeniedError,
    grpc.StatusCode.NOT_FOUND: NotFoundError,
    grpc.StatusCode.ALREADY_EXISTS: AlreadyExistsError,
    grpc.StatusCode.INVALID_ARGUMENT: InvalidArgumentError,
    grpc.StatusCode.FAILED_PRECONDITION: FailedPreconditionError,
    grpc.StatusCode.UNAVAILABLE: UnavailableError,
}


def error_for(code: grpc.StatusCode, message: str, reason: str = "") -> CairnError:
    """The exception the SDK raises for `code` when the failure is its own (not a
    status from the server), e.g. a direct transfer with the object store."""
    return _BY_CODE.get(code, CairnError)(code, message, reason)


def from_rpc_error(exc: grpc.RpcError) -> CairnError:
    code: grpc.StatusCode = exc.code()
    message: str = exc.details() or ""
    reason = ""
    violations: list[tuple[str, str]] = []
    try:
        status = rpc_status.from_call(exc)  # type: ignore[arg-type]
    except (ValueError, AttributeError):
        status = None
    if status is not None:
        for detail in status.details:
            if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
                info = error_details_pb2.ErrorInfo()
                detail.Unpack(info)
                reason = info.reason
            elif detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                bad = error_details_pb2.BadRequest()
                detail.Unpack(bad)
                violations = [(v.field, v.description) for v in bad.field_violations]
    return _BY_CODE.get(code, CairnError)(code, message, reason, violations)
