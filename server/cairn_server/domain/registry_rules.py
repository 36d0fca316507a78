"""Input rules of the model registry: aliases, sources, metadata, stages. Each check
raises InvalidArgument naming the field and saying what to fix."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from cairn_server.domain.artifact_paths import path_problem
from cairn_server.domain.errors import FailedPrecondition, InvalidArgument
from cairn_server.domain.validation import check_length, check_name

MAX_ALIAS_LENGTH = 256
MAX_ARTIFACT_PATH_LENGTH = 1024
MAX_URI_LENGTH = 4096
MAX_METADATA_BYTES = 1 << 20
MAX_DIGEST_LENGTH = 256
MAX_ACTOR_LENGTH = 256
MAX_COMMENT_LENGTH = 8192
MAX_STATUS_MESSAGE_LENGTH = 8192

_ALIAS_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*$")
# "v<number>" names a version and "latest" the newest one, so neither can be an alias.
_RESERVED_ALIAS_RE = re.compile(r"^(latest|v\d+)$", re.IGNORECASE)
# RFC 3986 scheme, then at least one character.
_URI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def check_model_name(name: str, field: str = "name") -> None:
    check_name(name, field, "model name")


def check_version_number(version: int, field: str = "version") -> None:
    if version < 1:
        raise InvalidArgument(f"version must be 1 or more (got {version})", field=field)


def check_alias(alias: str, field: str = "alias") -> None:
    if not alias:
        raise InvalidArgument("alias is required, e.g. 'champion'", field=field)
    if len(alias) > MAX_ALIAS_LENGTH:
        raise InvalidArgument(
            f"alias is {len(alias)} characters long; the maximum is {MAX_ALIAS_LENGTH}",
            field=field,
        )
    if not _ALIAS_RE.match(alias):
        raise InvalidArgument(
            f"alias {alias[:40]!r} must start with a letter and contain only letters, "
            "digits, '_' and '-'",
            field=field,
        )
    if _RESERVED_ALIAS_RE.match(alias):
        raise InvalidArgument(
            f"alias {alias!r} is reserved: 'latest' and 'v<number>' already name versions",
            field=field,
            reason="RESERVED_ALIAS",
        )


def reserved_alias_version(alias: str) -> int | None:
    """The version a reserved 'v<number>' alias names, if it is one."""
    if re.fullmatch(r"[vV]\d+", alias):
        return int(alias[1:])
    return None


def check_artifact_path(path: str, field: str = "run_artifact.artifact_path") -> str:
    """Returns the normalised path (one trailing '/' dropped). The path is joined to the
    run's artifact URI, so it must stay inside it: relative, no '.' or '..' segments."""
    if path.endswith("/") and len(path) > 1:
        path = path[:-1]
    if not path:
        raise InvalidArgument(
            "artifact_path is required: the model's folder under the run, e.g. 'model'",
            field=field,
        )
    if len(path) > MAX_ARTIFACT_PATH_LENGTH:
        raise InvalidArgument(
            f"artifact_path is {len(path)} characters long; "
            f"the maximum is {MAX_ARTIFACT_PATH_LENGTH}",
            field=field,
        )
    problem = None
    if _CONTROL_RE.search(path):
        problem = "must not contain NUL or control characters"
    elif "\\" in path:
        problem = "must use '/' separators, not backslashes"
    elif path.startswith("/") or re.match(r"^[A-Za-z]:", path):
        problem = "must be relative to the run's artifact root, not absolute"
    elif any(segment in ("", ".", "..") for segment in path.split("/")):
        problem = "must not contain empty, '.' or '..' segments"
    else:
        # The artifact service's rules too: percent-encoded dots ('%2e%2e') would climb
        # out of the run in the source URI of anyone who decodes it.
        problem = path_problem(path)
    if problem:
        raise InvalidArgument(f"artifact_path {path[:60]!r} {problem}", field=field)
    return path


def check_external_uri(uri: str, field: str = "external_uri") -> None:
    if not uri:
        raise InvalidArgument("external_uri is required", field=field)
    if len(uri) > MAX_URI_LENGTH:
        raise InvalidArgument(
            f"external_uri is {len(uri)} characters long; the maximum is {MAX_URI_LENGTH}",
            field=field,
        )
    if _CONTROL_RE.search(uri) or not _URI_RE.match(uri):
        raise InvalidArgument(
            f"external_uri {uri[:60]!r} is not a URI: expected '<scheme>:<location>' "
            "without spaces, e.g. 's3://bucket/models/fraud' or 'hf://org/model'",
            field=field,
        )


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON (other languages' parsers refuse it)")


def check_metadata_json(text: str, field: str = "metadata_json") -> None:
    if not text:
        return
    size = len(text.encode())
    if size > MAX_METADATA_BYTES:
        raise InvalidArgument(
            f"metadata_json is {size} bytes; the maximum is {MAX_METADATA_BYTES} (1 MiB)",
            field=field,
        )
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except ValueError as exc:
        raise InvalidArgument(f"metadata_json is not valid JSON: {exc}", field=field) from None
    except RecursionError:
        raise InvalidArgument("metadata_json nests too deeply", field=field) from None
    if not isinstance(value, dict):
        raise InvalidArgument(
            'metadata_json must be a JSON object, e.g. {"framework": "sklearn"}', field=field
        )


def check_digest(digest: str, field: str = "digest") -> None:
    if len(digest) > MAX_DIGEST_LENGTH:
        raise InvalidArgument(
            f"digest is {len(digest)} characters long; the maximum is {MAX_DIGEST_LENGTH}",
            field=field,
        )
    if digest and (_CONTROL_RE.search(digest) or " " in digest):
        raise InvalidArgument(
            "digest must not contain spaces or control characters, e.g. 'sha256:9f86…'",
            field=field,
        )


def check_actor(actor: str) -> str:
    check_length(actor, "x-cairn-user", "x-cairn-user", MAX_ACTOR_LENGTH)
    return actor


def check_comment(comment: str, field: str = "comment") -> None:
    check_length(comment, field, "comment", MAX_COMMENT_LENGTH)


@dataclass(frozen=True)
class StagePolicy:
    """The deployment's stages. The first is where new versions start; stages in
    `approval` can only be entered through an approved transition request."""

    stages: tuple[str, ...]
    approval: frozenset[str]
    archive_stage: str | None

    @classmethod
    def parse(cls, stages: str, approval_stages: str) -> StagePolicy:
        """Raises ValueError with a message for the operator on a bad configuration."""
        names = [s.strip() for s in stages.split(",") if s.strip()]
        if not names:
            raise ValueError("stages must list at least one stage, e.g. 'None,Staging,Production'")
        lowered = [n.lower() for n in names]
        if len(set(lowered)) != len(lowered):
            raise ValueError(f"stages {stages!r} lists a stage twice (names ignore case)")
        for n in names:
            if len(n) > 64 or not re.fullmatch(r"[A-Za-z0-9_\-]+", n):
                raise ValueError(f"stage {n!r} must be 1-64 letters, digits, '_' or '-'")
        by_lower = dict(zip(lowered, names, strict=True))
        approval: set[str] = set()
        for raw in approval_stages.split(","):
            if not raw.strip():
                continue
            canonical = by_lower.get(raw.strip().lower())
            if canonical is None:
                raise ValueError(
                    f"approval stage {raw.strip()!r} is not one of the stages: {', '.join(names)}"
                )
            approval.add(canonical)
        return cls(tuple(names), frozenset(approval), by_lower.get("archived"))

    @property
    def initial(self) -> str:
        return self.stages[0]

    def resolve(self, stage: str, field: str = "stage") -> str:
        """The configured spelling of `stage` (matched ignoring case)."""
        for name in self.stages:
            if name.lower() == stage.lower():
                return name
        raise InvalidArgument(
            f"stage {stage[:64]!r} is not configured on this server; "
            f"use one of: {', '.join(self.stages)}",
            field=field,
            reason="UNKNOWN_STAGE",
        )

    def needs_approval(self, stage: str) -> bool:
        return stage in self.approval

    def archive_target(self, to_stage: str, archive_existing: bool) -> str | None:
        """Where versions already in `to_stage` go when archiving is asked for: the
        'Archived' stage, or None when there is nothing to archive (the target is the
        initial or the archive stage itself)."""
        if not archive_existing or to_stage in (self.initial, self.archive_stage):
            return None
        if self.archive_stage is None:
            raise FailedPrecondition(
                "archive_existing_versions needs an 'Archived' stage, and this server's "
                f"stages are {', '.join(self.stages)}",
                reason="NO_ARCHIVE_STAGE",
            )
        return self.archive_stage
