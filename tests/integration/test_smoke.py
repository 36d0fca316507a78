from __future__ import annotations

import grpc
import pytest
from cairn.client import Client
from cairn.errors import CairnError


def test_experiment_roundtrip(client: Client) -> None:
    exp = client.create_experiment("smoke", description="d", tags={"a": "1"})
    got = client.get_experiment(exp.experiment_id)
    assert got.name == "smoke"
    assert {t.key: t.value for t in got.tags} == {"a": "1"}
    with pytest.raises(CairnError) as info:
        client.create_experiment("smoke")
    assert info.value.code == grpc.StatusCode.ALREADY_EXISTS
