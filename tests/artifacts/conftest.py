"""Artifact fixtures: every test taking `server`/`client` here runs on both blob
backends (a local folder, and S3 on a versitygw server started on loopback), times
the metadata databases of tests/conftest.py."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from cairn.client import Client
from cairn_server.config import Settings
from tests.support.s3 import ACCESS_KEY, REGION, SECRET_KEY, S3Server


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    server = S3Server().start()
    try:
        yield server
    finally:
        server.cleanup()


@pytest.fixture(params=["local", pytest.param("s3", marks=pytest.mark.s3)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@dataclasses.dataclass
class Store:
    """Where a test's artifact bytes live, to check what was (not) written."""

    kind: str
    root: Path  # the local folder, or the bucket's directory on the S3 server's disk

    def files(self) -> list[str]:
        """Every stored file, relative to the root, excluding upload staging."""
        found = []
        for path in sorted(self.root.rglob("*")):
            rel = path.relative_to(self.root).as_posix()
            if rel.startswith(".") or "/." in rel or path.is_dir():
                continue
            found.append(rel)
        return found


def s3_settings(settings: Settings, s3: S3Server, bucket: str) -> Settings:
    return dataclasses.replace(
        settings,
        artifact_root=f"s3://{bucket}/cairn",
        s3_endpoint=s3.endpoint,
        s3_access_key=ACCESS_KEY,
        s3_secret_key=SECRET_KEY,
        s3_region=REGION,
        s3_secure=False,
    )


@pytest.fixture
def store(settings: Settings) -> Store:
    root = settings.resolved_artifact_root
    if root.startswith("file://"):
        return Store("local", Path(root.removeprefix("file://")))
    bucket = root.removeprefix("s3://").split("/")[0]
    return Store("s3", _S3_ROOTS[bucket])


# bucket -> the directory holding its objects under the prefix, on the S3 server's disk
_S3_ROOTS: dict[str, Path] = {}


@pytest.fixture
def settings(
    settings: Settings, backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Settings:
    if backend == "local":
        return dataclasses.replace(settings, artifact_root=(tmp_path / "blobs").as_uri())
    s3: S3Server = request.getfixturevalue("s3_server")
    bucket = s3.create_bucket()
    _S3_ROOTS[bucket] = s3.root / "data" / bucket / "cairn"
    return s3_settings(settings, s3, bucket)


@pytest.fixture
def run_id(client: Client) -> str:
    exp = client.create_experiment(f"artifacts-{id(client)}")
    return client.create_run(exp.experiment_id).run_id


@pytest.fixture(autouse=True)
def _private_upload_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The SDK remembers unfinished uploads under XDG_CACHE_HOME: keep tests apart."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
