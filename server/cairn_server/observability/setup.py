"""Builds the observability pieces from settings; app.py wires them in."""

from __future__ import annotations

from cairn_server.config import Settings
from cairn_server.observability.blobs import ObservedBlobStore
from cairn_server.observability.interceptor import ObservabilityInterceptor
from cairn_server.observability.metrics import ServerMetrics
from cairn_server.storage.blobs.base import BlobStore
from cairn_server.storage.sql.database import Database


class Observability:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.metrics = ServerMetrics()
        self.interceptor = ObservabilityInterceptor(
            self.metrics, access_log=settings.log_format == "json"
        )
        self.metrics_port = 0

    def watch_database(self, database: Database) -> None:
        self.metrics.watch_pool(database.engine)

    def wrap_blob_store(self, store: BlobStore) -> BlobStore:
        return ObservedBlobStore(store, self.metrics.object_store_errors)

    def start(self) -> None:
        """Serves /metrics if a metrics port is set."""
        if not 0 <= self.settings.metrics_port <= 65535:
            raise SystemExit("cairn: metrics port must be 0 (off) or a TCP port")
        if self.settings.metrics_port:
            host = self.settings.metrics_host or self.settings.host
            self.metrics_port = self.metrics.serve(host, self.settings.metrics_port)

    def close(self) -> None:
        self.metrics.close()
