"""The high-level API: `with cairn.start_run(experiment="mnist") as run: ...`."""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from cairn.client import Client
from cairn.streamer import MetricStreamer
from cairn.v1 import run_pb2


class ActiveRun:
    """A run being recorded. Metrics go through a background streamer, so
    `log_metric` never waits for the network; `flush()` waits for the server's acks."""

    def __init__(
        self,
        client: Client,
        run: run_pb2.Run,
        *,
        owns_client: bool = False,
        streamer: MetricStreamer | None = None,
        **streamer_options: Any,
    ) -> None:
        self.client = client
        self.run = run
        self.run_id = run.run_id
        self._owns_client = owns_client
        self._streamer = streamer or MetricStreamer(
            client.channel, address=client.address, **streamer_options
        )
        self._owns_streamer = streamer is None
        self._ended = False

    @property
    def info(self) -> run_pb2.Run:
        return self.client.get_run(self.run_id)

    def log_param(self, key: str, value: object) -> None:
        self.client.log_params(self.run_id, {key: value})

    def log_params(self, params: Mapping[str, object]) -> None:
        self.client.log_params(self.run_id, params)

    def set_tag(self, key: str, value: object) -> None:
        self.client.set_tags(self.run_id, {key: value})

    def set_tags(self, tags: Mapping[str, object]) -> None:
        self.client.set_tags(self.run_id, tags)

    def log_metric(
        self, key: str, value: float, step: int = 0, timestamp_millis: int | None = None
    ) -> None:
        self._streamer.log(self.run_id, key, float(value), step, timestamp_millis)

    def log_metrics(
        self, metrics: Mapping[str, float], step: int = 0, timestamp_millis: int | None = None
    ) -> None:
        self._streamer.log_many(self.run_id, metrics, step, timestamp_millis)

    def log_metric_batch(
        self, key: str, steps: Any, values: Any, timestamps_millis: Any = None
    ) -> None:
        self._streamer.log_batch(self.run_id, key, steps, values, timestamps_millis)

    def log_artifact(self, local_path: str | Path, artifact_path: str | None = None) -> Any:
        from cairn import artifacts

        return artifacts.log_artifact(self.client, self.run_id, local_path, artifact_path)

    def log_artifacts(self, local_dir: str | Path, artifact_path: str | None = None) -> Any:
        from cairn import artifacts

        return artifacts.log_artifacts(self.client, self.run_id, local_dir, artifact_path)

    def flush(self, timeout: float | None = 60.0) -> None:
        self._streamer.flush(timeout)

    def end(self, status: str = "FINISHED", timeout: float | None = 60.0) -> None:
        """Flushes metrics, then marks the run FINISHED, FAILED or KILLED."""
        if self._ended:
            return
        self._ended = True
        try:
            if self._owns_streamer:
                self._streamer.close(timeout)
            else:
                self._streamer.flush(timeout)
        finally:
            self.client.update_run(
                self.run_id, status=status, end_time_millis=time.time_ns() // 1_000_000
            )
            if self._owns_client:
                self.client.close()

    def __enter__(self) -> ActiveRun:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            status = "FINISHED"
        elif issubclass(exc_type, KeyboardInterrupt):
            status = "KILLED"
        else:
            status = "FAILED"
        self.end(status)


def start_run(
    experiment: str = "Default",
    *,
    run_name: str = "",
    params: Mapping[str, object] | None = None,
    tags: Mapping[str, object] | None = None,
    parent: ActiveRun | str | None = None,
    client: Client | None = None,
    address: str | None = None,
    **streamer_options: Any,
) -> ActiveRun:
    """Creates a run in `experiment` (created if missing) and returns it as a context
    manager whose exit marks the run FINISHED, FAILED (exception) or KILLED (Ctrl-C)."""
    owns = client is None
    client = client or Client(address)
    try:
        exp = client.get_or_create_experiment(experiment)
        parent_id = parent.run_id if isinstance(parent, ActiveRun) else (parent or "")
        run = client.create_run(
            exp.experiment_id, run_name=run_name, parent_run_id=parent_id, params=params, tags=tags
        )
    except BaseException:
        if owns:
            client.close()
        raise
    return ActiveRun(client, run, owns_client=owns, **streamer_options)
