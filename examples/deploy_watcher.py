"""Deploys whatever version an alias points at, and redeploys when the alias moves.

    python examples/deploy_watcher.py fraud --alias champion \\
        --command "kubectl set image deploy/fraud model={source_uri}"

It catches up first (replaying the model's audit trail, deploying only the final
state), then follows live events. The last event seen and the deployed version are
saved in a state file after every step, so a restarted watcher resumes where it
stopped: it misses no move and never redeploys a version it already deployed.
Without --command it just prints what it would deploy."""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from cairn.client import Client
from cairn.registry import Registry
from cairn.v1 import model_pb2

ALIAS_EVENTS = (
    model_pb2.REGISTRY_EVENT_TYPE_ALIAS_SET,
    model_pb2.REGISTRY_EVENT_TYPE_ALIAS_DELETED,
    model_pb2.REGISTRY_EVENT_TYPE_MODEL_DELETED,
)

Deploy = Callable[[model_pb2.ModelVersion | None], None]


@dataclass
class State:
    cursor: int = 0  # the last registry event handled
    deployed: int = 0  # the version deployed now; 0 for none

    @classmethod
    def load(cls, path: Path) -> State:
        return cls(**json.loads(path.read_text())) if path.exists() else cls()

    def save(self, path: Path) -> None:
        # Write then rename, so a crash never leaves a half-written state file.
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(json.dumps(asdict(self)))
        os.replace(tmp, path)


class DeployWatcher:
    def __init__(
        self, registry: Registry, model: str, alias: str, state_file: Path, deploy: Deploy
    ) -> None:
        self.registry = registry
        self.model = model
        self.alias = alias
        self.state_file = state_file
        self.state = State.load(state_file)
        self.deploy = deploy
        self.target = self.state.deployed

    def _apply(self, event: model_pb2.RegistryEvent) -> bool:
        """Updates the target from one event; True if it concerned our alias."""
        self.state.cursor = event.event_id
        if event.type == model_pb2.REGISTRY_EVENT_TYPE_MODEL_DELETED:
            self.target = 0
            return True
        if event.type in ALIAS_EVENTS and event.alias == self.alias:
            is_set = event.type == model_pb2.REGISTRY_EVENT_TYPE_ALIAS_SET
            self.target = event.version if is_set else 0
            return True
        return False

    def _converge(self) -> None:
        if self.target != self.state.deployed:
            version = self.registry.get_version(self.model, self.target) if self.target else None
            self.deploy(version)
            self.state.deployed = self.target
        self.state.save(self.state_file)

    def catch_up(self) -> None:
        """Replays events since the saved cursor; deploys only where that leaves us."""
        for event in self.registry.events(self.model):
            if event.event_id > self.state.cursor:
                self._apply(event)
        self._converge()

    def follow(self, stop_after: int | None = None) -> None:
        """Handles live events (after the cursor); stops after `stop_after` alias moves."""
        moves = 0
        for event in self.registry.watch(self.model, after_event_id=self.state.cursor):
            ours = self._apply(event)
            self._converge()
            moves += ours
            if stop_after is not None and moves >= stop_after:
                return


def command_deployer(template: str | None) -> Deploy:
    def deploy(mv: model_pb2.ModelVersion | None) -> None:
        if mv is None:
            print("alias removed: nothing to deploy", flush=True)
            return
        print(f"deploying {mv.name} v{mv.version} from {mv.source_uri}", flush=True)
        if template:
            argv = [part.format(**_fields(mv)) for part in shlex.split(template)]
            subprocess.run(argv, check=True)

    return deploy


def _fields(mv: model_pb2.ModelVersion) -> dict[str, object]:
    return {
        "name": mv.name,
        "version": mv.version,
        "source_uri": mv.source_uri,
        "digest": mv.digest,
        "run_id": mv.run_id,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--alias", default="champion")
    parser.add_argument("--address", default=None, help="server host:port (or CAIRN_ADDRESS)")
    parser.add_argument("--state", type=Path, default=None, help="state file")
    parser.add_argument(
        "--command",
        default=None,
        help="run per deploy; {name} {version} {source_uri} {digest} {run_id} are filled in",
    )
    args = parser.parse_args(argv)
    state = args.state or Path(f".deploy-watcher-{args.model}-{args.alias}.json")
    with Client(args.address) as client:
        watcher = DeployWatcher(
            Registry(client), args.model, args.alias, state, command_deployer(args.command)
        )
        try:
            watcher.catch_up()
            watcher.follow()
        except KeyboardInterrupt:
            return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
