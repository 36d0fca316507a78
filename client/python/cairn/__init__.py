"""Cairn's Python SDK: a gRPC client and the high-level tracking API.

import cairn

with cairn.start_run(experiment="mnist", params={"lr": 0.01}) as run:
    for step in range(100):
        run.log_metric("loss", 1 / (step + 1), step=step)
"""

from cairn.client import Client
from cairn.errors import (
    AlreadyExistsError,
    CairnError,
    FailedPreconditionError,
    InvalidArgumentError,
    NotFoundError,
    UnavailableError,
)
from cairn.registry import Registry, register_model
from cairn.streamer import MetricStreamer
from cairn.tracking import ActiveRun, start_run

__all__ = [
    "ActiveRun",
    "AlreadyExistsError",
    "CairnError",
    "Client",
    "FailedPreconditionError",
    "InvalidArgumentError",
    "MetricStreamer",
    "NotFoundError",
    "Registry",
    "UnavailableError",
    "register_model",
    "start_run",
]
__version__ = "0.1.0"
