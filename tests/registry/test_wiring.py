"""The registry is served and discoverable."""

from __future__ import annotations

from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from cairn.client import Client


def test_reflection_lists_the_registry(client: Client) -> None:
    stub = reflection_pb2_grpc.ServerReflectionStub(client.channel)
    request = reflection_pb2.ServerReflectionRequest(list_services="")
    (response,) = list(stub.ServerReflectionInfo(iter([request]), timeout=30))
    names = {s.name for s in response.list_services_response.service}
    assert "cairn.v1.ModelRegistryService" in names
