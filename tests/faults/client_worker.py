"""A training-job stand-in for the client kill -9 test. Logs batch i (1000 points,
steps i*1000..) as exactly one stream message, through a spool directory. Started
again on the same spool, it resumes after the last message it had spooled."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import grpc
import numpy as np

from cairn.streamer import MetricStreamer

POINTS = 1000


def main() -> None:
    address, run_id, spool, total = sys.argv[1], sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
    channel = grpc.insecure_channel(address)
    streamer = MetricStreamer(
        channel, spool_dir=spool, batch_points=10**9, flush_interval=3600, max_backoff=0.5
    )
    start = streamer.last_seq  # batches 0..start-1 are already in the spool
    print(f"resuming at batch {start}", flush=True)
    for i in range(start, total):
        steps = np.arange(i * POINTS, (i + 1) * POINTS, dtype=np.int64)
        streamer.log_batch(run_id, "loss", steps, steps * 0.5)
        streamer.cut()
        print(f"spooled {i + 1}", flush=True)
        time.sleep(0.002)
    streamer.close(timeout=120)
    print("done", flush=True)


if __name__ == "__main__":
    main()
