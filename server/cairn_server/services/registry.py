"""Use cases of registered models and their tags. No gRPC, no SQL.

Every registry change locks the model row first, records its RegistryEvents through
an Audit, and writes them last, in the same transaction as the change itself."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from cairn_server.domain import registry_rules as rules
from cairn_server.domain import validation as v
from cairn_server.domain.access import ResourceKind, current_principal, current_scope
from cairn_server.domain.entities import Page
from cairn_server.domain.errors import NotFound
from cairn_server.domain.ids import new_id, now_millis
from cairn_server.domain.paging import query_fingerprint
from cairn_server.domain.registry import EventType, RegisteredModel
from cairn_server.domain.registry_filter import (
    MODEL_FIELDS,
    MODEL_ORDER_FIELDS,
    parse_filter,
    parse_order_by,
)
from cairn_server.services.registry_support import (
    Audit,
    change,
    check_tags,
    complete_order,
    decode_cursor,
    keyset_page,
    require_model,
)
from cairn_server.services.tracking import check_mask
from cairn_server.storage.registry_ports import RegistryUowFactory

MODEL_MASK_PATHS = frozenset({"description"})


class ModelService:
    def __init__(self, uow: RegistryUowFactory, clock: Callable[[], int] = now_millis) -> None:
        self._uow = uow
        self._clock = clock

    def create_model(
        self, name: str, description: str, tags: Sequence[tuple[str, str]], *, actor: str
    ) -> RegisteredModel:
        rules.check_model_name(name)
        v.check_length(description, "description", "description", v.MAX_DESCRIPTION_LENGTH)
        tag_map = check_tags(tags)
        now = self._clock()
        model = RegisteredModel(
            model_id=new_id(),
            name=name,
            description=description,
            create_time=now,
            update_time=now,
            tags=tag_map,
        )
        with self._uow() as uow:
            uow.registry.add_model(model)
            owner = current_principal()
            if not owner.anonymous:
                uow.grants.grant_owner(ResourceKind.MODEL, model.model_id, owner.user_id)
            audit = Audit(actor, now)
            audit.add(
                EventType.MODEL_CREATED,
                model,
                details={"description": change(None, description), "tags": change(None, tag_map)},
            )
            audit.write(uow)
        return model

    def get_model(self, name: str) -> RegisteredModel:
        with self._uow(readonly=True) as uow:
            return require_model(uow.registry, name)

    def search_models(
        self, filter_text: str, order_by: Sequence[str], page_size: int, page_token: str
    ) -> Page[RegisteredModel]:
        size = v.page_size(page_size)
        clauses = parse_filter(filter_text, MODEL_FIELDS)
        order = parse_order_by(list(order_by), MODEL_ORDER_FIELDS)
        order = complete_order(order, ["name"])
        fingerprint = query_fingerprint("models", filter_text, order)
        cursor = decode_cursor(page_token, fingerprint, order)
        with self._uow(readonly=True) as uow:
            items = uow.registry.search_models(
                clauses, order, cursor, size + 1, current_scope().model_ids
            )
        return keyset_page(items, size, fingerprint, order)

    def rename_model(self, name: str, new_name: str, *, actor: str) -> RegisteredModel:
        rules.check_model_name(new_name, "new_name")
        with self._uow() as uow:
            model = require_model(uow.registry, name, for_update=True)
            if new_name == name:
                return model
            now = self._clock()
            model.name, model.update_time = new_name, now
            uow.registry.save_model(model)
            audit = Audit(actor, now)
            audit.add(EventType.MODEL_RENAMED, model, details={"name": change(name, new_name)})
            audit.write(uow)
            return model

    def update_model(
        self, name: str, paths: Sequence[str], description: str, *, actor: str
    ) -> RegisteredModel:
        check_mask(paths, MODEL_MASK_PATHS)
        v.check_length(
            description,
            "registered_model.description",
            "description",
            v.MAX_DESCRIPTION_LENGTH,
        )
        with self._uow() as uow:
            model = require_model(
                uow.registry, name, for_update=True, field="registered_model.name"
            )
            if model.description == description:
                return model
            now = self._clock()
            old, model.description, model.update_time = model.description, description, now
            uow.registry.save_model(model)
            audit = Audit(actor, now)
            audit.add(
                EventType.MODEL_UPDATED, model, details={"description": change(old, description)}
            )
            audit.write(uow)
            return model

    def delete_model(self, name: str, *, actor: str) -> None:
        with self._uow() as uow:
            model = require_model(uow.registry, name, for_update=True)
            stages = uow.registry.version_stages(model.model_id)
            audit = Audit(actor, self._clock())
            audit.add(
                EventType.MODEL_DELETED,
                model,
                details={
                    "versions": sorted(stages),
                    "aliases": model.aliases,
                    "stages": {str(number): stage for number, stage in sorted(stages.items())},
                },
            )
            uow.registry.delete_model(model.model_id)
            audit.write(uow)

    def set_model_tag(self, name: str, key: str, value: str, *, actor: str) -> None:
        tag = check_tags([(key, value)], "key")
        with self._uow() as uow:
            model = require_model(uow.registry, name, for_update=True)
            old = uow.registry.set_model_tag(model.model_id, key, tag[key])
            if old != value:
                audit = Audit(actor, self._clock())
                audit.add(EventType.TAG_SET, model, details={f"tags.{key}": change(old, value)})
                audit.write(uow)

    def delete_model_tag(self, name: str, key: str, *, actor: str) -> None:
        v.check_key(key, "key", "tag key")
        with self._uow() as uow:
            model = require_model(uow.registry, name, for_update=True)
            old = uow.registry.delete_model_tag(model.model_id, key)
            if old is None:
                raise NotFound("tag", key, f"model '{name}' has no tag '{key}'")
            audit = Audit(actor, self._clock())
            audit.add(EventType.TAG_DELETED, model, details={f"tags.{key}": change(old, None)})
            audit.write(uow)
