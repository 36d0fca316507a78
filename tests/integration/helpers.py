from __future__ import annotations

from collections.abc import Callable
from typing import Any

import grpc
import pytest

from cairn.errors import CairnError


def expect_status(
    code: grpc.StatusCode, fn: Callable[..., Any], *args: Any, **kwargs: Any
) -> CairnError:
    """Calls fn and asserts it fails with `code`; returns the error for more checks."""
    with pytest.raises(CairnError) as info:
        fn(*args, **kwargs)
    assert info.value.code == code, f"expected {code.name}, got {info.value}"
    assert info.value.message, "errors must carry a message"
    assert "Traceback" not in info.value.message
    return info.value
