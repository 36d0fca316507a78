"""The composition root: builds storage, services and servicers from settings.
Nothing connects at import time."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import grpc
from grpc_health.v1 import _async as health_aio
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from cairn.v1 import (
    access_service_pb2,
    access_service_pb2_grpc,
    model_registry_service_pb2,
    model_registry_service_pb2_grpc,
    tracking_service_pb2,
    tracking_service_pb2_grpc,
)
from cairn_server.config import Settings
from cairn_server.domain.access import Level, parse_token
from cairn_server.domain.errors import Unauthenticated
from cairn_server.domain.registry_rules import StagePolicy
from cairn_server.observability.setup import Observability
from cairn_server.services.access import AccessService
from cairn_server.services.artifacts import ArtifactService
from cairn_server.services.metrics import GroupCommitWriter, MetricsService
from cairn_server.services.registry import ModelService
from cairn_server.services.registry_aliases import AliasService
from cairn_server.services.registry_events import RegistryEventService
from cairn_server.services.registry_lineage import LineageService
from cairn_server.services.registry_stages import StageService
from cairn_server.services.registry_versions import VersionService
from cairn_server.services.search import SearchService
from cairn_server.services.tracking import TrackingService
from cairn_server.storage.blobs.base import blob_store_from_settings
from cairn_server.storage.sql.access_repository import sql_access_uow_factory
from cairn_server.storage.sql.artifact_repository import sql_artifact_uow_factory
from cairn_server.storage.sql.database import Database
from cairn_server.storage.sql.registry_repository import sql_registry_uow_factory
from cairn_server.storage.sql.run_search import sql_search_uow_factory
from cairn_server.storage.sql.unit_of_work import sql_uow_factory
from cairn_server.transport.access_servicer import AccessServicer
from cairn_server.transport.artifact_servicer import SERVICE_NAME as ARTIFACT_SERVICE
from cairn_server.transport.artifact_servicer import ArtifactServicer, add_artifact_servicer
from cairn_server.transport.auth import AuthInterceptor
from cairn_server.transport.blocking import Blocking
from cairn_server.transport.errors import ErrorInterceptor
from cairn_server.transport.limits import check_limits, connection_options, merge_options
from cairn_server.transport.registry_servicer import RegistryServicer, RegistryServices
from cairn_server.transport.registry_watch import EventHub
from cairn_server.transport.search_handlers import SearchHandlers
from cairn_server.transport.stream_budget import ByteBudget
from cairn_server.transport.tls import server_credentials_or_exit
from cairn_server.transport.tracking_servicer import TrackingServicer

log = logging.getLogger("cairn.server")


@dataclass
class CairnServer:
    """A built server: the grpc.aio server plus what must be closed after it."""

    grpc_server: grpc.aio.Server
    port: int
    settings: Settings
    database: Database
    health: health_aio.HealthServicer
    _closers: list[Callable[[], None]] = field(default_factory=list)
    # Set on the first start of a database: the admin token, to show once.
    initial_admin_token: str | None = None

    async def start(self) -> None:
        await self.grpc_server.start()
        await self.health.set("", health_pb2.HealthCheckResponse.SERVING)

    async def stop(self, grace: float | None = 5.0) -> None:
        await self.health.enter_graceful_shutdown()
        await self.grpc_server.stop(grace)
        for close in reversed(self._closers):
            close()

    async def wait_for_termination(self) -> None:
        await self.grpc_server.wait_for_termination()


def _prepare_local_storage(settings: Settings) -> None:
    if not settings.db_url or settings.resolved_artifact_root.startswith("file:"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    root = settings.resolved_artifact_root
    if root.startswith("file://"):
        Path(root.removeprefix("file://")).mkdir(parents=True, exist_ok=True)


@dataclass(frozen=True)
class _Checked:
    """What the settings decide, validated before anything touches storage, so a bad
    setting stops the server with a message and leaves the database alone."""

    options: list[tuple[str, object]]
    credentials: grpc.ServerCredentials | None
    stages: StagePolicy
    default_level: Level
    allow_anonymous: bool


def _check(settings: Settings) -> _Checked:
    def fail(what: str, exc: Exception) -> SystemExit:
        return SystemExit(f"cairn: {what}{exc}")

    try:
        check_limits(settings)
        stages = StagePolicy.parse(settings.stages, settings.approval_stages)
    except ValueError as exc:
        raise fail("", exc) from None
    try:
        default_level = Level.parse(settings.default_permission)
    except ValueError as exc:
        raise fail("CAIRN_DEFAULT_PERMISSION: ", exc) from None
    if default_level > Level.WRITE:
        raise SystemExit("cairn: CAIRN_DEFAULT_PERMISSION may be none, read or write")
    if settings.bootstrap_token:
        try:
            parse_token(settings.bootstrap_token)
        except Unauthenticated as exc:
            raise SystemExit(f"cairn: CAIRN_BOOTSTRAP_TOKEN: {exc.message}") from None
    max_bytes = settings.max_message_mb * 1024 * 1024
    base: list[tuple[str, object]] = [
        ("grpc.max_receive_message_length", max_bytes),
        ("grpc.max_send_message_length", max_bytes),
        ("grpc.so_reuseport", 1),
        ("grpc.keepalive_permit_without_calls", 1),
    ]
    return _Checked(
        options=merge_options(base, connection_options(settings)),
        credentials=server_credentials_or_exit(settings),
        stages=stages,
        default_level=default_level,
        allow_anonymous=settings.allows_anonymous,
    )


def build_server(settings: Settings) -> tuple[CairnServer, int]:
    checked = _check(settings)
    observability = Observability(settings)

    # -- storage ------------------------------------------------------------------------
    _prepare_local_storage(settings)
    db = Database(
        settings.resolved_db_url,
        pool_size=settings.db_pool_size,
        sqlite_synchronous=settings.sqlite_synchronous,
        background_checkpoints=True,
        prepared_statements=settings.db_prepared_statements,
    )
    db.migrate(apply=settings.migrate)
    observability.watch_database(db)
    blob_store = observability.wrap_blob_store(blob_store_from_settings(settings))
    uow = sql_uow_factory(db)
    registry_uow = sql_registry_uow_factory(db)

    # -- services -------------------------------------------------------------------------
    executor = ThreadPoolExecutor(max_workers=settings.workers, thread_name_prefix="cairn-db")
    blocking = Blocking(executor)
    # Own threads for blob I/O so big transfers never starve database calls.
    blob_executor = ThreadPoolExecutor(max_workers=8, thread_name_prefix="cairn-blob")
    writer = GroupCommitWriter(uow, threads=max(1, settings.writer_threads))
    metrics = MetricsService(uow, writer)
    metrics.on_points_committed = observability.metrics.ingest_points.inc
    access = AccessService(sql_access_uow_factory(db), default_level=checked.default_level)
    initial_admin_token = access.bootstrap(settings.bootstrap_token)
    registry_events = RegistryEventService(registry_uow)

    # -- transport ------------------------------------------------------------------------
    # Interceptors run outermost first: observability sees every call, including the
    # ones the access layer refuses; errors from the access layer get mapped too.
    interceptors: list[grpc.aio.ServerInterceptor] = [  # type: ignore[type-arg]
        observability.interceptor,
        ErrorInterceptor(),
        AuthInterceptor(
            access,
            blocking,
            allow_anonymous=checked.allow_anonymous,
            rate_limit=settings.rate_limit,
            max_streams_per_token=settings.max_streams_per_token,
        ),
    ]
    server = grpc.aio.server(interceptors=interceptors, options=checked.options)
    tracking_service_pb2_grpc.add_TrackingServiceServicer_to_server(
        TrackingServicer(
            TrackingService(uow, settings.resolved_artifact_root),
            metrics,
            SearchHandlers(SearchService(sql_search_uow_factory(uow)), blocking),
            blocking,
            ByteBudget(settings.stream_buffer_mb * 1024 * 1024),
        ),
        server,
    )
    model_registry_service_pb2_grpc.add_ModelRegistryServiceServicer_to_server(
        RegistryServicer(
            RegistryServices(
                models=ModelService(registry_uow),
                versions=VersionService(registry_uow, checked.stages),
                aliases=AliasService(registry_uow),
                stages=StageService(registry_uow, checked.stages),
                lineage=LineageService(registry_uow),
                events=registry_events,
            ),
            blocking,
            EventHub(lambda: blocking(registry_events.latest_event_id)),
        ),
        server,
    )
    add_artifact_servicer(
        ArtifactServicer(ArtifactService(sql_artifact_uow_factory(db), blob_store), blob_executor),
        server,
    )
    access_service_pb2_grpc.add_AccessServiceServicer_to_server(
        AccessServicer(access, blocking), server
    )
    health_servicer = health_aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    service_names = [
        tracking_service_pb2.DESCRIPTOR.services_by_name["TrackingService"].full_name,
        model_registry_service_pb2.DESCRIPTOR.services_by_name["ModelRegistryService"].full_name,
        ARTIFACT_SERVICE,
        access_service_pb2.DESCRIPTOR.services_by_name["AccessService"].full_name,
        health_pb2.DESCRIPTOR.services_by_name["Health"].full_name,
    ]
    reflection.enable_server_reflection([*service_names, reflection.SERVICE_NAME], server)

    listen = f"{settings.host}:{settings.port}"
    if checked.credentials is not None:
        port = server.add_secure_port(listen, checked.credentials)
    else:
        port = server.add_insecure_port(listen)
    if port == 0:
        raise SystemExit(f"cannot listen on {settings.host}:{settings.port}: address in use?")
    observability.start()  # /metrics, when a metrics port is set
    app = CairnServer(
        grpc_server=server,
        port=port,
        settings=settings,
        database=db,
        health=health_servicer,
        _closers=[
            db.dispose,
            lambda: executor.shutdown(wait=False),
            lambda: blob_executor.shutdown(wait=False),
            writer.close,
            observability.close,
        ],
        initial_admin_token=initial_admin_token,
    )
    return app, port
