"""The example deploy watcher: catch-up, live moves, restarts."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from cairn.registry import Registry
from cairn.v1 import model_pb2

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "deploy_watcher.py"


def _example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("deploy_watcher", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["deploy_watcher"] = module
    spec.loader.exec_module(module)
    return module


def test_deploys_alias_moves_once_each_across_restarts(registry: Registry, tmp_path: Path) -> None:
    example = _example()
    deployed: list[int] = []

    def deploy(mv: model_pb2.ModelVersion | None) -> None:
        deployed.append(mv.version if mv else 0)

    def watcher() -> object:
        return example.DeployWatcher(registry, "fraud", "champion", tmp_path / "s.json", deploy)

    registry.create_model("fraud")
    for i in range(3):
        registry.create_version("fraud", external_uri=f"s3://m/{i}")
    registry.set_alias("fraud", "champion", 1)
    registry.set_alias("fraud", "champion", 2)
    registry.set_alias("fraud", "challenger", 3)

    first = watcher()
    first.catch_up()  # type: ignore[attr-defined]
    assert deployed == [2]  # only the final state of the history

    registry.set_alias("fraud", "champion", 3)
    first.follow(stop_after=1)  # type: ignore[attr-defined]
    assert deployed == [2, 3]

    # While the watcher is down the alias moves twice; a restart deploys the result once.
    registry.set_alias("fraud", "champion", 1)
    registry.delete_alias("fraud", "champion")
    registry.set_alias("fraud", "champion", 2)
    second = watcher()
    second.catch_up()  # type: ignore[attr-defined]
    assert deployed == [2, 3, 2]
    second.catch_up()  # type: ignore[attr-defined]
    assert deployed == [2, 3, 2]  # nothing new: nothing redeployed
