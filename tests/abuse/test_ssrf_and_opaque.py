"""SSRF and deserialization: URIs a client hands the server are recorded, never fetched
(a listening socket on loopback receives no connection, local files are never read
into a response), and artifact and model bytes are opaque (a pickle that would run
code when loaded is stored and served byte for byte, never unpickled)."""

from __future__ import annotations

import pickle
import socket
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from cairn.v1 import artifact_service_pb2 as apb
from cairn.v1 import model_registry_service_pb2 as rpb
from cairn.v1 import run_pb2
from tests.abuse.support import TIMEOUT, Env, assert_serving, make, sha, upload_messages

PASSWD_MARKER = "root:"


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.setblocking(False)
    try:
        yield sock
    finally:
        sock.close()


def _connections(sock: socket.socket) -> int:
    count = 0
    while True:
        try:
            conn, _ = sock.accept()
        except BlockingIOError:
            return count
        conn.close()
        count += 1


def _uris(port: int) -> list[str]:
    return [
        f"http://127.0.0.1:{port}/model.pkl",
        f"https://127.0.0.1:{port}/model",
        f"http://localhost:{port}/x",
        f"http://[::ffff:127.0.0.1]:{port}/x",
        f"http://2130706433:{port}/x",  # 127.0.0.1 as one integer
        f"ftp://127.0.0.1:{port}/x",
        f"gopher://127.0.0.1:{port}/_x",
        f"s3://127.0.0.1:{port}/bucket/key",
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "/etc/passwd",
    ]


def test_model_version_uris_are_never_fetched(env: Env, listener: socket.socket) -> None:
    """external_uri and dataset source URIs pointing at loopback, the cloud metadata
    address or local files are stored as text: no connection, no file contents."""
    port = listener.getsockname()[1]
    registry, name = env.registry, "ssrf-model"
    registry.create_model(name)
    accepted = 0
    try:
        for uri in _uris(port):
            try:
                mv = registry.create_version(name, external_uri=uri)
            except Exception as exc:  # refusing a URI is fine too; fetching it is not
                assert getattr(exc, "code", None) == grpc.StatusCode.INVALID_ARGUMENT, exc
                continue
            assert mv.source_uri == uri
            accepted += 1
            got = registry.get_version(name, mv.version)
            assert PASSWD_MARKER not in got.SerializeToString().decode("utf-8", "replace")
            lineage = registry.lineage(name, mv.version)
            assert PASSWD_MARKER not in str(lineage)
        run = env.client.create_run(env.experiment_id, run_name="ssrf").run_id
        inputs = [
            make(
                run_pb2.DatasetInput,
                dataset={"name": f"d{i}", "digest": f"x{i}", "source_uri": uri},
                context="train",
            )
            for i, uri in enumerate(_uris(port))
        ]
        env.client.log_inputs(run, inputs)
        stored = env.client.get_run(run)
        assert sorted(i.dataset.source_uri for i in stored.inputs) == sorted(_uris(port))
        assert PASSWD_MARKER not in str(stored)
        env.client.delete_run(run)
        assert accepted >= 5  # the loopback URIs at least are recorded, not refused
        # Everything was answered before this check; a fetch on the side would have
        # had to connect while the calls ran.
        assert _connections(listener) == 0
    finally:
        registry.delete_model(name)
    assert_serving(env)


def test_presigned_urls_are_not_offered_by_the_local_backend(env: Env) -> None:
    """With the local folder there is no URL to hand out (UNIMPLEMENTED), so no
    file:// URL of the server's disk leaks."""
    request = apb.CreatePresignedUrlRequest(
        run_id=env.run_id, path="model/weights.bin", method=apb.PRESIGNED_METHOD_GET
    )
    with pytest.raises(grpc.RpcError) as info:
        env.artifacts.CreatePresignedUrl(request, timeout=TIMEOUT)
    assert info.value.code() == grpc.StatusCode.UNIMPLEMENTED
    assert str(env.blobs) not in (info.value.details() or "")


class _Exploit:
    """Unpickling this would create the marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (str(self.marker), "pwned"))


def test_pickles_stay_opaque_bytes(env: Env, tmp_path: Path) -> None:
    """A model file that runs code when unpickled is uploaded, registered as a model
    version and downloaded: the same bytes come back, and nothing ever loads them."""
    marker = tmp_path / "unpickled"
    payload = pickle.dumps(_Exploit(marker))
    run = env.client.create_run(env.experiment_id, run_name="pickle").run_id
    done = env.artifacts.UploadArtifact(
        iter(upload_messages(run, "model/model.pkl", payload)), timeout=TIMEOUT
    )
    assert done.artifact.sha256 == sha(payload)
    mv = env.models.CreateModelVersion(
        make(
            rpb.CreateModelVersionRequest,
            name=env.model,
            run_artifact={"run_id": run, "artifact_path": "model"},
            metadata_json='{"flavor": "pickle"}',
        ),
        timeout=TIMEOUT,
    ).model_version
    env.registry.get_version(env.model, mv.version)
    env.registry.lineage(env.model, mv.version)
    parts = list(
        env.artifacts.DownloadArtifact(
            apb.DownloadArtifactRequest(run_id=run, path="model/model.pkl"), timeout=TIMEOUT
        )
    )
    assert b"".join(p.data for p in parts[1:]) == payload
    assert parts[0].artifact.content_type in ("application/octet-stream", "")
    assert not marker.exists()
    env.registry.delete_version(env.model, mv.version)
    env.client.delete_run(run)
    assert_serving(env)
