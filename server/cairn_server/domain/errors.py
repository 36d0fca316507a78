"""Domain errors. Each carries a machine-readable reason (see error_details.proto)
and a message that tells the caller what to fix; the transport maps the class to a
gRPC status code, so nothing below the transport knows about gRPC."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldViolation:
    field: str
    description: str


class CairnError(Exception):
    reason = "UNSPECIFIED"

    def __init__(self, message: str, *, reason: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if reason is not None:
            self.reason = reason


class InvalidArgument(CairnError):
    reason = "INVALID_FIELD"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        violations: list[FieldViolation] | None = None,
        reason: str | None = None,
    ) -> None:
        super().__init__(message, reason=reason)
        self.violations = list(violations or [])
        if field is not None and not self.violations:
            self.violations.append(FieldViolation(field, message))


class NotFound(CairnError):
    reason = "NOT_FOUND"

    def __init__(self, resource_type: str, name: str, message: str | None = None) -> None:
        super().__init__(message or f"{resource_type} '{name}' does not exist")
        self.resource_type = resource_type
        self.resource_name = name


class AlreadyExists(CairnError):
    reason = "ALREADY_EXISTS"

    def __init__(self, resource_type: str, name: str, message: str | None = None) -> None:
        super().__init__(message or f"{resource_type} '{name}' already exists")
        self.resource_type = resource_type
        self.resource_name = name


class Unauthenticated(CairnError):
    reason = "INVALID_TOKEN"


class PermissionDenied(CairnError):
    reason = "PERMISSION_DENIED"


class FailedPrecondition(CairnError):
    reason = "FAILED_PRECONDITION"


class OutOfRange(CairnError):
    reason = "OUT_OF_RANGE"


class Aborted(CairnError):
    reason = "CONFLICT"


class ResourceExhausted(CairnError):
    reason = "LIMIT_EXCEEDED"


class RateLimited(ResourceExhausted):
    reason = "RATE_LIMITED"

    def __init__(self, message: str, *, retry_after_seconds: float) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class Unavailable(CairnError):
    reason = "STORAGE_UNAVAILABLE"

    def __init__(self, message: str, *, retry_after_seconds: float = 1.0) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class DataLoss(CairnError):
    reason = "DIGEST_MISMATCH"


class Unimplemented(CairnError):
    reason = "UNIMPLEMENTED"
