"""Every hostile path of the catalogue, through every path-taking RPC, on both blob
backends: INVALID_ARGUMENT, and nothing written anywhere."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from cairn.client import Client
from cairn.v1 import artifact_service_pb2 as pb
from cairn_server.config import Settings
from tests.artifacts.bad_paths import BAD_PATHS, FILE_ONLY
from tests.artifacts.conftest import Store, s3_settings
from tests.artifacts.helpers import chunks, code, header_start, listing, sha, stub
from tests.support.s3 import S3Server
from tests.support.servers import InProcessServer

INVALID = grpc.StatusCode.INVALID_ARGUMENT


@dataclasses.dataclass
class Env:
    client: Client
    run_id: str
    store: Store
    kind: str


@pytest.fixture(scope="module", params=["local", pytest.param("s3", marks=pytest.mark.s3)])
def env(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    """One server per backend for the whole catalogue (validation does not depend on
    the metadata database, so SQLite only)."""
    tmp = tmp_path_factory.mktemp("badpaths")
    settings = Settings(data_dir=tmp / "data", db_url=f"sqlite:///{tmp / 'cairn.db'}")
    if request.param == "local":
        settings = dataclasses.replace(settings, artifact_root=(tmp / "blobs").as_uri())
        store = Store("local", tmp / "blobs")
    else:
        s3: S3Server = request.getfixturevalue("s3_server")
        bucket = s3.create_bucket()
        settings = s3_settings(settings, s3, bucket)
        store = Store("s3", s3.root / "data" / bucket)
    server = InProcessServer(settings).start()
    client = Client(server.address)
    exp = client.create_experiment(f"bad-paths-{request.param}")
    run_id = client.create_run(exp.experiment_id).run_id
    try:
        yield Env(client, run_id, store, request.param)
    finally:
        client.close()
        server.stop()


@pytest.mark.parametrize("path", BAD_PATHS.values(), ids=BAD_PATHS.keys())
def test_bad_path_is_refused_everywhere(env: Env, path: str) -> None:
    s = stub(env.client)
    data = b"attack"
    run = env.run_id
    assert (
        code(lambda: s.StartUpload(pb.StartUploadRequest(run_id=run, path=path, size_bytes=6)))
        == INVALID
    )
    assert (
        code(lambda: s.UploadArtifact(iter([header_start(run, path, 6, sha(data)), *chunks(data)])))
        == INVALID
    )
    assert (
        code(lambda: s.DownloadArtifact(pb.DownloadArtifactRequest(run_id=run, path=path)))
        == INVALID
    )
    presign = pb.CreatePresignedUrlRequest(run_id=run, path=path, method=pb.PRESIGNED_METHOD_GET)
    assert code(lambda: s.CreatePresignedUrl(presign)) == INVALID
    if BAD_PATHS_KEY[path] not in FILE_ONLY:
        list_req = pb.ListArtifactsRequest(run_id=run, path=path)
        assert code(lambda: s.ListArtifacts(list_req)) == INVALID
        delete_req = pb.DeleteArtifactRequest(run_id=run, path=path)
        assert code(lambda: s.DeleteArtifact(delete_req)) == INVALID
    # Nothing visible, nothing stored (not even staging: refused before any upload).
    assert listing(s, run, recursive=True) == []
    assert env.store.files() == []
    assert not _staged(env)


BAD_PATHS_KEY = {v: k for k, v in BAD_PATHS.items()}


def _staged(env: Env) -> list[Path]:
    staging = env.store.root / ".uploads"
    return sorted(staging.iterdir()) if staging.exists() else []


def test_invalid_utf8_is_invalid_argument(env: Env) -> None:
    """Protobuf refuses invalid UTF-8 in string fields; the server must answer
    INVALID_ARGUMENT (not gRPC's generic INTERNAL for undecodable requests)."""
    path_field = b"\x12\x06a\xff\xfe.tx"  # field 2 (path), 6 bytes, not UTF-8
    run_field = b"\x0a" + bytes([len(env.run_id)]) + env.run_id.encode()
    raw_start = run_field + path_field + b"\x18\x01"  # size_bytes = 1
    channel = env.client.channel
    start = channel.unary_unary("/cairn.v1.ArtifactService/StartUpload", None, None)
    assert code(lambda: start(raw_start, timeout=10)) == INVALID
    download = channel.unary_stream("/cairn.v1.ArtifactService/DownloadArtifact", None, None)
    assert code(lambda: download(run_field + path_field, timeout=10)) == INVALID
    upload = channel.stream_unary("/cairn.v1.ArtifactService/UploadArtifact", None, None)
    header = b"\x12" + bytes([len(raw_start)]) + raw_start  # UploadHeader.start
    message = b"\x0a" + bytes([len(header)]) + header  # UploadArtifactRequest.header
    assert code(lambda: upload(iter([message, b"\x12\x01x"]), timeout=10)) == INVALID
    assert listing(stub(env.client), env.run_id, recursive=True) == []
    assert env.store.files() == []


def test_malformed_streams(env: Env) -> None:
    s = stub(env.client)
    assert code(lambda: s.UploadArtifact(iter([]))) == INVALID
    first_is_data = [pb.UploadArtifactRequest(data=b"x")]
    assert code(lambda: s.UploadArtifact(iter(first_is_data))) == INVALID
    two_headers = [header_start(env.run_id, "a.txt", 1), header_start(env.run_id, "a.txt", 1)]
    assert code(lambda: s.UploadArtifact(iter(two_headers))) == INVALID
    assert listing(s, env.run_id, recursive=True) == []
