"""Imports every module that defines tables, so Base.metadata knows them all."""

from cairn_server.storage.sql import (
    models,  # noqa: F401
    registry_models,  # noqa: F401
)
