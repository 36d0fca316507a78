"""Hand-encoding of the hot metric messages. Their columns are packed fixed-width
fields, so on the wire each is a plain little-endian array: stored chunk bytes can be
sent as they are, without building protobuf objects point by point."""

from __future__ import annotations


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def length_delimited(field_number: int, payload: bytes) -> bytes:
    return _varint((field_number << 3) | 2) + _varint(len(payload)) + payload


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
