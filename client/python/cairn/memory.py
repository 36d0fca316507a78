"""glibc malloc settings for a process that streams big gRPC messages: the server,
and the CLI's `cairn artifacts get|put`.

Every artifact chunk is a few MiB: gRPC assembles each received message in fresh
buffers and Python copies it into a new bytes object. glibc serves blocks that big
with mmap() and gives them back with munmap() on free (its dynamic threshold never
rises above a block of the same size), so every chunk faults its pages in again:
one page fault per 4 KiB received, 120,000-230,000 per GiB, a sixth to a third of the
receiver's CPU per GiB on the dev VM. Serving them from the heap instead, and keeping
a bounded amount of freed heap instead of trimming it at once, reuses the same warm
pages for every chunk. Arenas are capped at one per core (at least two) so that the
memory kept per arena stays bounded (the benchmark's server RSS growth stays under
100 MB).

The settings are process-wide, so the SDK never applies them on its own: an
application that downloads big artifacts may call `tune_malloc()` at start (or set
MALLOC_MMAP_THRESHOLD_/MALLOC_TRIM_THRESHOLD_ in its environment). Skipped when the
operator tuned malloc already (MALLOC_*_ or GLIBC_TUNABLES in the environment) or on a
C library other than glibc.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
from collections.abc import Mapping

log = logging.getLogger(__name__)

# mallopt() parameters (malloc.h)
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8

MMAP_THRESHOLD = 32 * 1024 * 1024  # glibc's maximum; artifact chunks are 4 MiB
TRIM_THRESHOLD = 32 * 1024 * 1024


def _operator_tuned(environ: Mapping[str, str]) -> bool:
    return any(k.startswith("MALLOC_") or k == "GLIBC_TUNABLES" for k in environ)


def tune_malloc(environ: Mapping[str, str] | None = None) -> bool:
    """Applies the settings above; True if they were applied."""
    env = os.environ if environ is None else environ
    if _operator_tuned(env):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    settings = (
        (M_MMAP_THRESHOLD, MMAP_THRESHOLD),
        (M_TRIM_THRESHOLD, TRIM_THRESHOLD),
        (M_ARENA_MAX, max(2, os.cpu_count() or 1)),
    )
    ok = all(mallopt(param, value) == 1 for param, value in settings)
    if not ok:  # pragma: no cover - depends on the C library
        log.debug("mallopt refused a setting; malloc keeps its defaults for it")
    return ok
