package dev.cairn.client;

import com.google.protobuf.FieldMask;
import dev.cairn.v1.LogParamsRequest;
import dev.cairn.v1.RunStatus;
import dev.cairn.v1.SetTagsRequest;
import dev.cairn.v1.UpdateRunRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A started run with helpers to log to it. {@link #close()} (try-with-resources) flushes the
 * metrics and marks the run FINISHED, or FAILED if the streamer failed.
 */
public final class Run implements AutoCloseable {
  private final CairnClient client;
  private final dev.cairn.v1.Run proto;
  private final MetricStreamer streamer;
  private boolean ended;

  Run(CairnClient client, dev.cairn.v1.Run proto, MetricStreamer streamer) {
    this.client = client;
    this.proto = proto;
    this.streamer = streamer;
  }

  /** The server-assigned run id. */
  public String id() {
    return proto.getRunId();
  }

  /** The run as created. */
  public dev.cairn.v1.Run proto() {
    return proto;
  }

  public MetricStreamer streamer() {
    return streamer;
  }

  /** Logs immutable params; a different value for a logged key is INVALID_ARGUMENT. */
  public void logParams(Map<String, ?> params) {
    client
        .tracking()
        .logParams(
            LogParamsRequest.newBuilder()
                .setRunId(id())
                .addAllParams(CairnClient.params(strings(params)))
                .build());
  }

  /** Sets (inserts or overwrites) tags. */
  public void setTags(Map<String, ?> tags) {
    client
        .tracking()
        .setTags(
            SetTagsRequest.newBuilder()
                .setRunId(id())
                .addAllTags(CairnClient.keyValues(strings(tags)))
                .build());
  }

  /** Queues one metric point on the run's streamer; blocks only when its buffer is full. */
  public void logMetric(String key, double value, long step) {
    streamer.log(id(), key, step, value);
  }

  /** Waits until every point logged so far is acknowledged. */
  public void flush(Duration timeout) {
    streamer.flush(timeout);
  }

  /**
   * Closes the streamer (waiting for acks) and sets a terminal status. If the streamer failed, the
   * run is marked FAILED and the streamer's error is thrown.
   */
  public synchronized void end(RunStatus status) {
    if (ended) {
      return;
    }
    ended = true;
    RuntimeException streamErr = null;
    try {
      streamer.close();
    } catch (RuntimeException e) {
      streamErr = e;
      status = RunStatus.RUN_STATUS_FAILED;
    }
    try {
      client
          .tracking()
          .updateRun(
              UpdateRunRequest.newBuilder()
                  .setRun(dev.cairn.v1.Run.newBuilder().setRunId(id()).setStatus(status))
                  .setUpdateMask(FieldMask.newBuilder().addPaths("status"))
                  .build());
    } catch (RuntimeException e) {
      if (streamErr == null) {
        throw e;
      }
      streamErr.addSuppressed(e);
    }
    if (streamErr != null) {
      throw streamErr;
    }
  }

  public void finish() {
    end(RunStatus.RUN_STATUS_FINISHED);
  }

  public void fail() {
    end(RunStatus.RUN_STATUS_FAILED);
  }

  /** Ends the run FINISHED (a no-op if it already ended). */
  @Override
  public void close() {
    finish();
  }

  private static Map<String, String> strings(Map<String, ?> m) {
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }
}
