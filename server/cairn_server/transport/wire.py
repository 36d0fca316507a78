"""Hand-encoding of the hot metric messages. Their columns are packed fixed-width
fields, so on the wire each is a plain little-endian array: stored chunk bytes can be
sent as they are, without building protobuf objects point by point."""

from __future__ import annotations

from cairn._wire import field as length_delimited


def metric_points(steps: bytes, values: bytes, timestamps: bytes) -> bytes:
    """Serialized cairn.v1.MetricPoints."""
    parts = []
    if steps:
        parts.append(length_delimited(1, steps))
    if values:
        parts.append(length_delimited(2, values))
    if timestamps:
        parts.append(length_delimited(3, timestamps))
    return b"".join(parts)


def history_response(steps: bytes, values: bytes, timestamps: bytes) -> bytes:
    """Serialized cairn.v1.GetMetricHistoryResponse."""
    return length_delimited(1, metric_points(steps, values, timestamps))
