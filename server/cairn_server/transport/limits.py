"""Connection limits and keepalive enforcement: settings -> gRPC channel arguments.

gRPC core enforces all of these per connection, before any Python code runs:
- `grpc.max_concurrent_streams` is advertised in HTTP/2 SETTINGS; a client opening more
  calls on one connection queues them client-side.
- Keepalive: the server pings idle connections and drops those that do not answer, and
  a client pinging more often than `min_ping_interval_s` collects strikes; past
  `max_ping_strikes` the server sends GOAWAY (ENHANCE_YOUR_CALM) and closes it.
- Idle and age limits close connections (with GOAWAY, letting calls finish within the
  grace period) so long-lived clients rebalance across replicas.
- Message size (`max_message_mb`) applies to the decompressed message, so a small
  gzip request that inflates past the limit is refused with RESOURCE_EXHAUSTED.
"""

from __future__ import annotations

from cairn_server.config import Settings

_NON_NEGATIVE = (
    "max_concurrent_streams",
    "keepalive_time_s",
    "keepalive_timeout_s",
    "min_ping_interval_s",
    "max_ping_strikes",
    "max_connection_idle_s",
    "max_connection_age_s",
    "max_connection_age_grace_s",
)


def check_limits(settings: Settings) -> None:
    """Raises ValueError naming the first setting that cannot work."""
    for name in _NON_NEGATIVE:
        if getattr(settings, name) < 0:
            raise ValueError(f"{name} must be 0 or more, got {getattr(settings, name)}")
    if settings.max_concurrent_streams == 0:
        raise ValueError("max_concurrent_streams must be at least 1")
    if settings.keepalive_time_s and settings.keepalive_timeout_s == 0:
        raise ValueError("keepalive_timeout_s must be at least 1 when keepalive_time_s is set")
    if settings.max_message_mb < 1:
        raise ValueError(f"max_message_mb must be at least 1, got {settings.max_message_mb}")
    if settings.stream_buffer_mb < 1:
        raise ValueError(f"stream_buffer_mb must be at least 1, got {settings.stream_buffer_mb}")


def connection_options(settings: Settings) -> list[tuple[str, object]]:
    """gRPC server arguments for the limits in `settings` (already checked)."""
    ms = 1000
    options: list[tuple[str, object]] = [
        ("grpc.max_concurrent_streams", settings.max_concurrent_streams),
        ("grpc.http2.min_ping_interval_without_data_ms", settings.min_ping_interval_s * ms),
        ("grpc.http2.max_ping_strikes", settings.max_ping_strikes),
    ]
    if settings.keepalive_time_s:
        options += [
            ("grpc.keepalive_time_ms", settings.keepalive_time_s * ms),
            ("grpc.keepalive_timeout_ms", settings.keepalive_timeout_s * ms),
        ]
    if settings.max_connection_idle_s:
        options.append(("grpc.max_connection_idle_ms", settings.max_connection_idle_s * ms))
    if settings.max_connection_age_s:
        options += [
            ("grpc.max_connection_age_ms", settings.max_connection_age_s * ms),
            ("grpc.max_connection_age_grace_ms", settings.max_connection_age_grace_s * ms),
        ]
    return options


def merge_options(
    base: list[tuple[str, object]], overrides: list[tuple[str, object]]
) -> list[tuple[str, object]]:
    """`base` with every key in `overrides` replaced (gRPC has no rule for duplicates)."""
    keys = {key for key, _ in overrides}
    return [(k, v) for k, v in base if k not in keys] + overrides
