"""Validation of artifact paths: the only way a client-supplied path reaches storage.

A path is taken exactly as protobuf decoded it (UTF-8, once) and is never URL-decoded,
normalised or resolved afterwards. Rather than try to neutralise tricky input, anything
that could mean one thing here and another thing to a filesystem, an HTTP layer or an
S3 gateway is refused: MLflow's path-traversal advisories (encoded dots, `//proc/...`,
backslashes, `;`/`#`/`?` in URIs) all come from one layer decoding what another did not.
Object keys are then built by the server as `<experiment>/<run>/artifacts/<path>`.
"""

from __future__ import annotations

import re
import unicodedata

from cairn_server.domain.errors import InvalidArgument

MAX_PATH_BYTES = 1024
MAX_SEGMENT_BYTES = 255

# '%' is refused outright (not only '%2e', '%2f', '%252e'...): since the server never
# decodes, a literal percent sign could only be an escape some other layer might decode.
# '#', '?' and ';' end or parameterise URLs; '\\' is a separator on Windows.
_FORBIDDEN = {
    "%": "percent signs (paths are never URL-decoded)",
    "\\": "backslashes (use '/' as the separator)",
    "#": "'#'",
    "?": "'?'",
    ";": "';'",
}
_DRIVE_RE = re.compile(r"^[A-Za-z]:")


def _shown(value: str) -> str:
    return ascii(value if len(value) <= 60 else value[:57] + "...")


def _char_problem(value: str) -> str | None:
    for ch in value:
        if ch in _FORBIDDEN:
            return f"must not contain {_FORBIDDEN[ch]}"
        category = unicodedata.category(ch)
        if ch == "\x00":
            return "must not contain NUL"
        if category == "Cc":
            return f"must not contain control character U+{ord(ch):04X}"
        if category in ("Cs", "Co", "Cn"):
            # Lone surrogates (only reachable by bypassing protobuf's UTF-8 check),
            # private-use and unassigned code points.
            return f"must not contain U+{ord(ch):04X}"
        if category in ("Zl", "Zp") or ch in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e":
            # Line separators and bidi overrides make a path display as another.
            return f"must not contain U+{ord(ch):04X}"
    return None


def path_problem(value: str, *, allow_root: bool = False) -> str | None:
    """Why `value` is not an acceptable relative artifact path, or None if it is."""
    if not value:
        return None if allow_root else "is required"
    try:
        encoded = value.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid UTF-8"
    if len(encoded) > MAX_PATH_BYTES:
        return f"is {len(encoded)} bytes long; the maximum is {MAX_PATH_BYTES}"
    problem = _char_problem(value)
    if problem:
        return problem
    if value.startswith("/"):
        return "must be relative (no leading '/')"
    if value.startswith("~"):
        return "must be relative (no leading '~')"
    if _DRIVE_RE.match(value):
        return "must be relative (no drive letter)"
    for segment in value.split("/"):
        if segment == "":
            return "must not contain empty segments ('//' or a trailing '/')"
        if segment in (".", ".."):
            return f"must not contain '{segment}' segments"
        if len(segment.encode("utf-8")) > MAX_SEGMENT_BYTES:
            return f"has a segment over {MAX_SEGMENT_BYTES} bytes"
        if segment != segment.strip():
            return "must not have segments starting or ending with whitespace"
    return None


def check_path(value: str, field: str = "path") -> str:
    """Returns a file path that is safe to append to a run's prefix, or raises
    InvalidArgument naming the rule it breaks."""
    problem = path_problem(value)
    if problem:
        raise InvalidArgument(f"artifact path {_shown(value)} {problem}", field=field)
    return value


def check_dir_path(value: str, field: str = "path") -> str:
    """Like check_path for a directory prefix: empty means the run's root, and one
    trailing '/' is allowed (and dropped)."""
    stripped = value[:-1] if value.endswith("/") and value != "/" else value
    problem = path_problem(stripped, allow_root=True)
    if problem:
        raise InvalidArgument(f"artifact path {_shown(value)} {problem}", field=field)
    return stripped


def object_key(experiment_id: str, run_id: str, path: str) -> str:
    """The object key of a validated path, relative to the store's root. Ids are
    server-assigned (checked by validation.check_id), so the key stays under the run."""
    prefix = run_prefix(experiment_id, run_id)
    return f"{prefix}{path}" if path else prefix


def run_prefix(experiment_id: str, run_id: str) -> str:
    return f"{experiment_id}/{run_id}/artifacts/"
