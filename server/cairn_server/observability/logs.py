"""Log setup: plain text (default) or one JSON object per line. Either way every record
emitted while a call is handled carries that call's request id and method."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import IO, Any

from cairn_server.observability.context import current_call

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOG_FORMATS = ("text", "json")
# Extra record attributes the access log adds; copied into JSON lines when present.
_EXTRA_FIELDS = ("code", "duration_ms", "peer")


class RequestContextFilter(logging.Filter):
    """Stamps request_id and method on each record, read when the record is handled
    (in the emitting thread and context)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            call = current_call.get()
            record.request_id = call.request_id if call is not None else ""
            record.method = call.method if call is not None else ""
        return True


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        request_id = getattr(record, "request_id", "")
        return f"{line} [request_id={request_id}]" if request_id else line


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", "")
        if request_id:
            entry["request_id"] = request_id
            entry["method"] = getattr(record, "method", "")
        for name in _EXTRA_FIELDS:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str)


def make_handler(log_format: str, stream: IO[str] | None = None) -> logging.Handler:
    if log_format not in LOG_FORMATS:
        raise SystemExit(f"cairn: log format must be text or json, got {log_format!r}")
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    handler.addFilter(RequestContextFilter())
    return handler


def configure_logging(level: str, log_format: str, stream: IO[str] | None = None) -> None:
    """Replaces the root logger's handlers with one writing `log_format` lines."""
    handler = make_handler(log_format, stream)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    try:
        root.setLevel(level.upper())
    except ValueError:
        raise SystemExit(f"cairn: unknown log level {level!r}") from None
