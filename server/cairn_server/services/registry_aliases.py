"""Use cases of aliases ("champion" -> a version). No gRPC, no SQL."""

from __future__ import annotations

from collections.abc import Callable

from cairn_server.domain import registry_rules as rules
from cairn_server.domain import validation as v
from cairn_server.domain.errors import InvalidArgument, NotFound
from cairn_server.domain.ids import now_millis
from cairn_server.domain.registry import EventType, ModelVersion
from cairn_server.services.registry_support import Audit, change, require_model, require_version
from cairn_server.storage.registry_ports import RegistryUowFactory


class AliasService:
    def __init__(self, uow: RegistryUowFactory, clock: Callable[[], int] = now_millis) -> None:
        self._uow = uow
        self._clock = clock

    def set_alias(self, name: str, alias: str, version: int, *, actor: str) -> ModelVersion:
        rules.check_alias(alias)
        with self._uow() as uow:
            model = require_model(uow.registry, name, for_update=True)
            mv = require_version(uow.registry, model, version)
            old = model.aliases.get(alias)
            if old == version:
                return mv
            uow.registry.set_alias(model.model_id, alias, version)
            audit = Audit(actor, self._clock())
            audit.add(
                EventType.ALIAS_SET,
                mv,
                version=version,
                alias=alias,
                details={"version": change(old, version)},
            )
            audit.write(uow)
            mv.aliases = sorted([*mv.aliases, alias])
            return mv

    def delete_alias(self, name: str, alias: str, *, actor: str) -> None:
        if not alias:
            raise InvalidArgument("alias is required", field="alias")
        v.check_length(alias, "alias", "alias", rules.MAX_ALIAS_LENGTH)
        with self._uow() as uow:
            model = require_model(uow.registry, name, for_update=True)
            old = model.aliases.get(alias)
            if old is None:
                raise NotFound("alias", alias, f"model '{name}' has no alias '{alias}'")
            uow.registry.delete_alias(model.model_id, alias)
            audit = Audit(actor, self._clock())
            audit.add(
                EventType.ALIAS_DELETED,
                model,
                version=old,
                alias=alias,
                details={"version": change(old, None)},
            )
            audit.write(uow)

    def get_version_by_alias(self, name: str, alias: str) -> ModelVersion:
        """Resolves an alias; the reserved "latest" and "v<number>" name versions too."""
        if not alias:
            raise InvalidArgument("alias is required, e.g. 'champion'", field="alias")
        v.check_length(alias, "alias", "alias", rules.MAX_ALIAS_LENGTH)
        with self._uow(readonly=True) as uow:
            model = require_model(uow.registry, name)
            if alias.lower() == "latest":
                number = model.latest_version
                if not number:
                    raise NotFound(
                        "model version", f"{name}@latest", f"model '{name}' has no versions"
                    )
            else:
                number = rules.reserved_alias_version(alias) or model.aliases.get(alias, 0)
                if not number:
                    raise NotFound("alias", alias, f"model '{name}' has no alias '{alias}'")
            return require_version(uow.registry, model, number)
