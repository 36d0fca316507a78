"""Which names a filter or order_by may use: MLflow's entity prefixes and aliases, the
run attributes, and the dataset columns."""

from __future__ import annotations

from cairn_server.domain.search.ast import Field, FieldKind, ValueType

# MLflow's SearchUtils accepts all of these spellings; matching is case-insensitive here.
PREFIXES: dict[str, FieldKind] = {
    "metric": FieldKind.METRIC,
    "metrics": FieldKind.METRIC,
    "param": FieldKind.PARAM,
    "params": FieldKind.PARAM,
    "parameter": FieldKind.PARAM,
    "parameters": FieldKind.PARAM,
    "tag": FieldKind.TAG,
    "tags": FieldKind.TAG,
    "attribute": FieldKind.ATTRIBUTE,
    "attributes": FieldKind.ATTRIBUTE,
    "attr": FieldKind.ATTRIBUTE,
    "run": FieldKind.ATTRIBUTE,
    "dataset": FieldKind.DATASET,
    "datasets": FieldKind.DATASET,
}

ATTRIBUTES: dict[str, ValueType] = {
    "run_id": ValueType.STRING,
    "run_name": ValueType.STRING,
    "status": ValueType.STRING,
    "user": ValueType.STRING,
    "artifact_uri": ValueType.STRING,
    "experiment_id": ValueType.STRING,
    "parent_run_id": ValueType.STRING,
    "start_time": ValueType.NUMBER,
    "end_time": ValueType.NUMBER,
}

# MLflow's names for the same attributes.
ATTRIBUTE_ALIASES: dict[str, str] = {
    "user_id": "user",
    "created": "start_time",
    "run name": "run_name",
}

DATASET_COLUMNS = ("name", "digest", "context")

_PREFIX_HINT = "metrics.<key>, params.<key>, tags.<key>, attributes.<name> or datasets.<column>"


class UnknownField(ValueError):
    """A name that is not a field; the parser adds the position."""


def attribute(name: str) -> Field | None:
    """The attribute an unprefixed or `attributes.`-prefixed name stands for."""
    lowered = name.lower()
    canonical = ATTRIBUTE_ALIASES.get(lowered, lowered)
    value_type = ATTRIBUTES.get(canonical)
    if value_type is None:
        return None
    return Field(FieldKind.ATTRIBUTE, canonical, value_type)


def resolve(prefix: str | None, key: str) -> Field:
    """Resolves `prefix.key` (or a bare attribute name when prefix is None)."""
    if prefix is None:
        field = attribute(key)
        if field is None:
            raise UnknownField(
                f"'{key}' is not a run attribute; name a field as {_PREFIX_HINT} "
                f"(attributes: {', '.join(ATTRIBUTES)})"
            )
        return field
    kind = PREFIXES.get(prefix.lower())
    if kind is None:
        raise UnknownField(f"unknown field prefix '{prefix}'; expected {_PREFIX_HINT}")
    if not key:
        raise UnknownField(f"'{prefix}.' needs a key after the dot")
    if kind is FieldKind.ATTRIBUTE:
        return resolve(None, key)
    if kind is FieldKind.DATASET:
        if key.lower() not in DATASET_COLUMNS:
            raise UnknownField(
                f"'{key}' is not a dataset column; expected one of {', '.join(DATASET_COLUMNS)}"
            )
        return Field(kind, key.lower(), ValueType.STRING)
    value_type = ValueType.NUMBER if kind is FieldKind.METRIC else ValueType.STRING
    return Field(kind, key, value_type)
