"""Imports every module that defines tables, so Base.metadata knows them all."""

from cairn_server.storage.sql import (
    access_models,  # noqa: F401
    artifact_models,  # noqa: F401
    models,  # noqa: F401
    registry_models,  # noqa: F401
    search_indexes,  # noqa: F401
)
