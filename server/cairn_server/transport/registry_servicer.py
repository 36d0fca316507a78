"""gRPC servicer of cairn.v1.ModelRegistryService: decode, call one service method,
encode. Writes poke the EventHub so this process's watchers see them at once."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

import grpc

from cairn.v1 import model_registry_service_pb2 as pb
from cairn.v1.model_registry_service_pb2_grpc import ModelRegistryServiceServicer
from cairn_server.services.registry import ModelService
from cairn_server.services.registry_aliases import AliasService
from cairn_server.services.registry_events import RegistryEventService
from cairn_server.services.registry_lineage import LineageService
from cairn_server.services.registry_stages import StageService
from cairn_server.services.registry_versions import NewVersion, VersionService, VersionUpdate
from cairn_server.transport import convert as c
from cairn_server.transport import registry_convert as rc
from cairn_server.transport.blocking import Blocking
from cairn_server.transport.registry_watch import EventHub, RegistryWatch

Context = grpc.aio.ServicerContext[Any, Any]
P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class RegistryServices:
    models: ModelService
    versions: VersionService
    aliases: AliasService
    stages: StageService
    lineage: LineageService
    events: RegistryEventService


class RegistryServicer(ModelRegistryServiceServicer):
    def __init__(self, services: RegistryServices, blocking: Blocking, hub: EventHub) -> None:
        self._models = services.models
        self._versions = services.versions
        self._aliases = services.aliases
        self._stages = services.stages
        self._lineage = services.lineage
        self._events = services.events
        self._blocking = blocking
        self._hub = hub
        self._watch = RegistryWatch(services.events, blocking, hub)

    async def _write(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        result = await self._blocking(fn, *args, **kwargs)
        self._hub.poke()
        return result

    # -- registered models --------------------------------------------------

    async def CreateRegisteredModel(
        self, request: pb.CreateRegisteredModelRequest, context: Context
    ) -> pb.CreateRegisteredModelResponse:
        model = await self._write(
            self._models.create_model,
            request.name,
            request.description,
            c.pairs(request.tags),
            actor=rc.actor(context),
        )
        return pb.CreateRegisteredModelResponse(registered_model=rc.model_to_proto(model))

    async def GetRegisteredModel(
        self, request: pb.GetRegisteredModelRequest, context: Context
    ) -> pb.GetRegisteredModelResponse:
        model = await self._blocking(self._models.get_model, request.name)
        return pb.GetRegisteredModelResponse(registered_model=rc.model_to_proto(model))

    async def SearchRegisteredModels(
        self, request: pb.SearchRegisteredModelsRequest, context: Context
    ) -> pb.SearchRegisteredModelsResponse:
        page = await self._blocking(
            self._models.search_models,
            request.filter,
            list(request.order_by),
            request.page_size,
            request.page_token,
        )
        return pb.SearchRegisteredModelsResponse(
            registered_models=[rc.model_to_proto(m) for m in page.items],
            next_page_token=page.next_page_token,
        )

    async def RenameRegisteredModel(
        self, request: pb.RenameRegisteredModelRequest, context: Context
    ) -> pb.RenameRegisteredModelResponse:
        model = await self._write(
            self._models.rename_model, request.name, request.new_name, actor=rc.actor(context)
        )
        return pb.RenameRegisteredModelResponse(registered_model=rc.model_to_proto(model))

    async def UpdateRegisteredModel(
        self, request: pb.UpdateRegisteredModelRequest, context: Context
    ) -> pb.UpdateRegisteredModelResponse:
        model = await self._write(
            self._models.update_model,
            request.registered_model.name,
            list(request.update_mask.paths),
            request.registered_model.description,
            actor=rc.actor(context),
        )
        return pb.UpdateRegisteredModelResponse(registered_model=rc.model_to_proto(model))

    async def DeleteRegisteredModel(
        self, request: pb.DeleteRegisteredModelRequest, context: Context
    ) -> pb.DeleteRegisteredModelResponse:
        await self._write(self._models.delete_model, request.name, actor=rc.actor(context))
        return pb.DeleteRegisteredModelResponse()

    async def SetRegisteredModelTag(
        self, request: pb.SetRegisteredModelTagRequest, context: Context
    ) -> pb.SetRegisteredModelTagResponse:
        await self._write(
            self._models.set_model_tag,
            request.name,
            request.key,
            request.value,
            actor=rc.actor(context),
        )
        return pb.SetRegisteredModelTagResponse()

    async def DeleteRegisteredModelTag(
        self, request: pb.DeleteRegisteredModelTagRequest, context: Context
    ) -> pb.DeleteRegisteredModelTagResponse:
        await self._write(
            self._models.delete_model_tag, request.name, request.key, actor=rc.actor(context)
        )
        return pb.DeleteRegisteredModelTagResponse()

    # -- model versions -----------------------------------------------------

    async def CreateModelVersion(
        self, request: pb.CreateModelVersionRequest, context: Context
    ) -> pb.CreateModelVersionResponse:
        new = NewVersion(
            name=request.name,
            source=rc.version_source(request),
            description=request.description,
            tags=c.pairs(request.tags),
            metadata_json=request.metadata_json,
            digest=request.digest,
            request_id=request.request_id,
        )
        mv = await self._write(self._versions.create_version, new, actor=rc.actor(context))
        return pb.CreateModelVersionResponse(model_version=rc.version_to_proto(mv))

    async def GetModelVersion(
        self, request: pb.GetModelVersionRequest, context: Context
    ) -> pb.GetModelVersionResponse:
        mv = await self._blocking(self._versions.get_version, request.name, request.version)
        return pb.GetModelVersionResponse(model_version=rc.version_to_proto(mv))

    async def SearchModelVersions(
        self, request: pb.SearchModelVersionsRequest, context: Context
    ) -> pb.SearchModelVersionsResponse:
        page = await self._blocking(
            self._versions.search_versions,
            request.filter,
            list(request.order_by),
            request.page_size,
            request.page_token,
        )
        return pb.SearchModelVersionsResponse(
            model_versions=rc.versions_to_proto(page.items), next_page_token=page.next_page_token
        )

    async def UpdateModelVersion(
        self, request: pb.UpdateModelVersionRequest, context: Context
    ) -> pb.UpdateModelVersionResponse:
        mv = request.model_version
        update = VersionUpdate(
            description=mv.description,
            status=rc.version_status(mv.status),
            status_message=mv.status_message,
            metadata_json=mv.metadata_json,
            digest=mv.digest,
        )
        updated = await self._write(
            self._versions.update_version,
            mv.name,
            mv.version,
            list(request.update_mask.paths),
            update,
            actor=rc.actor(context),
        )
        return pb.UpdateModelVersionResponse(model_version=rc.version_to_proto(updated))

    async def DeleteModelVersion(
        self, request: pb.DeleteModelVersionRequest, context: Context
    ) -> pb.DeleteModelVersionResponse:
        await self._write(
            self._versions.delete_version, request.name, request.version, actor=rc.actor(context)
        )
        return pb.DeleteModelVersionResponse()

    async def SetModelVersionTag(
        self, request: pb.SetModelVersionTagRequest, context: Context
    ) -> pb.SetModelVersionTagResponse:
        await self._write(
            self._versions.set_version_tag,
            request.name,
            request.version,
            request.key,
            request.value,
            actor=rc.actor(context),
        )
        return pb.SetModelVersionTagResponse()

    async def DeleteModelVersionTag(
        self, request: pb.DeleteModelVersionTagRequest, context: Context
    ) -> pb.DeleteModelVersionTagResponse:
        await self._write(
            self._versions.delete_version_tag,
            request.name,
            request.version,
            request.key,
            actor=rc.actor(context),
        )
        return pb.DeleteModelVersionTagResponse()

    # -- aliases ------------------------------------------------------------

    async def SetModelAlias(
        self, request: pb.SetModelAliasRequest, context: Context
    ) -> pb.SetModelAliasResponse:
        mv = await self._write(
            self._aliases.set_alias,
            request.name,
            request.alias,
            request.version,
            actor=rc.actor(context),
        )
        return pb.SetModelAliasResponse(model_version=rc.version_to_proto(mv))

    async def DeleteModelAlias(
        self, request: pb.DeleteModelAliasRequest, context: Context
    ) -> pb.DeleteModelAliasResponse:
        await self._write(
            self._aliases.delete_alias, request.name, request.alias, actor=rc.actor(context)
        )
        return pb.DeleteModelAliasResponse()

    async def GetModelVersionByAlias(
        self, request: pb.GetModelVersionByAliasRequest, context: Context
    ) -> pb.GetModelVersionByAliasResponse:
        mv = await self._blocking(self._aliases.get_version_by_alias, request.name, request.alias)
        return pb.GetModelVersionByAliasResponse(model_version=rc.version_to_proto(mv))

    # -- stages -------------------------------------------------------------

    async def TransitionModelVersionStage(
        self, request: pb.TransitionModelVersionStageRequest, context: Context
    ) -> pb.TransitionModelVersionStageResponse:
        mv = await self._write(
            self._stages.transition,
            request.name,
            request.version,
            request.stage,
            request.archive_existing_versions,
            request.comment,
            actor=rc.actor(context),
        )
        return pb.TransitionModelVersionStageResponse(model_version=rc.version_to_proto(mv))

    async def RequestStageTransition(
        self, request: pb.RequestStageTransitionRequest, context: Context
    ) -> pb.RequestStageTransitionResponse:
        transition = await self._write(
            self._stages.request,
            request.name,
            request.version,
            request.stage,
            request.archive_existing_versions,
            request.comment,
            actor=rc.actor(context),
        )
        return pb.RequestStageTransitionResponse(transition=rc.transition_to_proto(transition))

    async def ReviewStageTransition(
        self, request: pb.ReviewStageTransitionRequest, context: Context
    ) -> pb.ReviewStageTransitionResponse:
        transition, mv = await self._write(
            self._stages.review,
            request.transition_id,
            rc.approval_status(request.decision, "decision"),
            request.comment,
            actor=rc.actor(context),
        )
        return pb.ReviewStageTransitionResponse(
            transition=rc.transition_to_proto(transition), model_version=rc.version_to_proto(mv)
        )

    async def ListStageTransitions(
        self, request: pb.ListStageTransitionsRequest, context: Context
    ) -> pb.ListStageTransitionsResponse:
        page = await self._blocking(
            self._stages.list_transitions,
            request.name,
            request.version,
            rc.approval_status(request.approval_status, "approval_status"),
            request.page_size,
            request.page_token,
        )
        return pb.ListStageTransitionsResponse(
            transitions=[rc.transition_to_proto(t) for t in page.items],
            next_page_token=page.next_page_token,
        )

    # -- lineage ------------------------------------------------------------

    async def GetModelLineage(
        self, request: pb.GetModelLineageRequest, context: Context
    ) -> pb.GetModelLineageResponse:
        lineage = await self._blocking(self._lineage.get_lineage, request.name, request.version)
        return pb.GetModelLineageResponse(lineage=rc.lineage_to_proto(lineage))

    async def ListModelVersionsByLineage(
        self, request: pb.ListModelVersionsByLineageRequest, context: Context
    ) -> pb.ListModelVersionsByLineageResponse:
        origin = request.WhichOneof("origin")
        page = await self._blocking(
            self._lineage.list_versions,
            request.run_id if origin == "run_id" else None,
            request.dataset_digest if origin == "dataset_digest" else None,
            request.page_size,
            request.page_token,
        )
        return pb.ListModelVersionsByLineageResponse(
            model_versions=rc.versions_to_proto(page.items), next_page_token=page.next_page_token
        )

    # -- events -------------------------------------------------------------

    async def ListRegistryEvents(
        self, request: pb.ListRegistryEventsRequest, context: Context
    ) -> pb.ListRegistryEventsResponse:
        page = await self._blocking(
            self._events.list_events,
            request.name,
            request.version,
            rc.event_types(request.types),
            request.start_time_millis,
            request.end_time_millis,
            request.page_size,
            request.page_token,
        )
        return pb.ListRegistryEventsResponse(
            events=[rc.event_to_proto(e) for e in page.items],
            next_page_token=page.next_page_token,
        )

    async def WatchRegistryEvents(
        self, request: pb.WatchRegistryEventsRequest, context: Context
    ) -> AsyncIterator[pb.WatchRegistryEventsResponse]:
        async for event in self._watch.stream(request.name, request.after_event_id):
            yield pb.WatchRegistryEventsResponse(event=rc.event_to_proto(event))
