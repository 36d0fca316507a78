package dev.cairn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cairn.v1.CreateExperimentRequest;
import dev.cairn.v1.CreateExperimentResponse;
import dev.cairn.v1.CreateRunRequest;
import dev.cairn.v1.CreateRunResponse;
import dev.cairn.v1.Experiment;
import dev.cairn.v1.GetExperimentByNameRequest;
import dev.cairn.v1.GetExperimentByNameResponse;
import dev.cairn.v1.LogParamsRequest;
import dev.cairn.v1.LogParamsResponse;
import dev.cairn.v1.MetricBatch;
import dev.cairn.v1.Param;
import dev.cairn.v1.Run;
import dev.cairn.v1.RunStatus;
import dev.cairn.v1.SetTagsRequest;
import dev.cairn.v1.SetTagsResponse;
import dev.cairn.v1.StreamAck;
import dev.cairn.v1.StreamData;
import dev.cairn.v1.StreamMetricsRequest;
import dev.cairn.v1.StreamMetricsResponse;
import dev.cairn.v1.StreamOpened;
import dev.cairn.v1.TrackingServiceGrpc;
import dev.cairn.v1.UpdateRunRequest;
import dev.cairn.v1.UpdateRunResponse;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * An in-process TrackingService that follows the StreamMetrics contract (open/opened, seq dedup,
 * fencing, cumulative acks) and lets tests inject failures.
 */
final class FakeTracking extends TrackingServiceGrpc.TrackingServiceImplBase {
  enum Action {
    COMMIT,
    FAIL_BEFORE_COMMIT,
    COMMIT_THEN_FAIL,
    NEVER_ACK
  }

  static final class StreamState {
    long committed;
    long epoch;
  }

  static final Context.Key<Metadata> HEADERS = Context.key("headers");

  final Map<String, StreamState> streams = new HashMap<>();
  final Map<String, List<Long>> steps = new HashMap<>();
  final Map<String, List<Double>> values = new HashMap<>();
  final Map<String, Run.Builder> runs = new HashMap<>();
  final Map<String, Experiment> experiments = new HashMap<>();
  final List<Metadata> headers = new ArrayList<>();
  volatile BiFunction<String, Long, Action> onData = (id, seq) -> Action.COMMIT;
  volatile long ackDelayMs;
  int outstanding;
  int maxOutstanding;
  int opens;
  private final ScheduledExecutorService acker = Executors.newSingleThreadScheduledExecutor();

  /** Records request headers into the call context. */
  final ServerInterceptor headerCapture =
      new ServerInterceptor() {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata md, ServerCallHandler<Q, R> next) {
          synchronized (FakeTracking.this) {
            headers.add(md);
          }
          return Contexts.interceptCall(Context.current().withValue(HEADERS, md), call, md, next);
        }
      };

  synchronized int total() {
    return values.values().stream().mapToInt(List::size).sum();
  }

  @Override
  public StreamObserver<StreamMetricsRequest> streamMetrics(
      StreamObserver<StreamMetricsResponse> responses) {
    return new StreamObserver<>() {
      StreamState st;
      long epoch;
      String id;
      boolean done;
      long lastDue;

      private void end(Status status) {
        done = true;
        // Acks queued before the error go out first, as from a real server.
        acker.schedule(() -> responses.onError(status.asRuntimeException()), Math.max(0, lastDue - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
      }

      private void ack(StreamAck ack) {
        synchronized (FakeTracking.this) {
          long due = System.currentTimeMillis() + ackDelayMs;
          lastDue = due;
          acker.schedule(
              () -> {
                synchronized (FakeTracking.this) {
                  outstanding--;
                }
                responses.onNext(StreamMetricsResponse.newBuilder().setAck(ack).build());
              },
              ackDelayMs,
              TimeUnit.MILLISECONDS);
        }
      }

      @Override
      public void onNext(StreamMetricsRequest req) {
        if (done) {
          return;
        }
        if (st == null) {
          if (!req.hasOpen()) {
            end(Status.INVALID_ARGUMENT.withDescription("first message must be open"));
            return;
          }
          id = req.getOpen().getStreamId();
          StreamOpened opened;
          synchronized (FakeTracking.this) {
            st = streams.computeIfAbsent(id, k -> new StreamState());
            st.epoch++;
            epoch = st.epoch;
            opens++;
            opened =
                StreamOpened.newBuilder()
                    .setStreamId(id)
                    .setLastCommittedSeq(st.committed)
                    .setEpoch(epoch)
                    .build();
          }
          acker.execute(() -> responses.onNext(StreamMetricsResponse.newBuilder().setOpened(opened).build()));
          return;
        }
        StreamData data = req.getData();
        long written = 0;
        Action action;
        synchronized (FakeTracking.this) {
          outstanding++;
          maxOutstanding = Math.max(maxOutstanding, outstanding);
          if (st.epoch != epoch) {
            end(Status.ABORTED.withDescription("STREAM_FENCED"));
            return;
          }
          if (data.getSeq() <= st.committed) {
            ack(StreamAck.newBuilder().setAckedSeq(data.getSeq()).setDuplicate(true).build());
            return;
          }
          if (data.getSeq() != st.committed + 1) {
            end(Status.OUT_OF_RANGE.withDescription("seq gap"));
            return;
          }
          action = onData.apply(id, data.getSeq());
          if (action == Action.FAIL_BEFORE_COMMIT) {
            end(Status.UNAVAILABLE.withDescription("injected failure before commit"));
            return;
          }
          for (MetricBatch b : data.getBatchesList()) {
            if (b.getRunId().equals("missing")) {
              end(Status.NOT_FOUND.withDescription("run 'missing' not found"));
              return;
            }
            String k = b.getRunId() + "/" + b.getKey();
            steps.computeIfAbsent(k, x -> new ArrayList<>()).addAll(b.getStepsList());
            values.computeIfAbsent(k, x -> new ArrayList<>()).addAll(b.getValuesList());
            written += b.getStepsCount();
          }
          st.committed = data.getSeq();
        }
        switch (action) {
          case COMMIT_THEN_FAIL -> end(Status.UNAVAILABLE.withDescription("injected failure after commit"));
          case NEVER_ACK -> {}
          default -> ack(StreamAck.newBuilder().setAckedSeq(data.getSeq()).setPointsWritten(written).build());
        }
      }

      @Override
      public void onError(Throwable t) {
        done = true;
      }

      @Override
      public void onCompleted() {
        if (!done) {
          done = true;
          acker.schedule(responses::onCompleted, Math.max(0, lastDue - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        }
      }
    };
  }

  @Override
  public synchronized void getExperimentByName(
      GetExperimentByNameRequest req, StreamObserver<GetExperimentByNameResponse> out) {
    for (Experiment e : experiments.values()) {
      if (e.getName().equals(req.getName())) {
        out.onNext(GetExperimentByNameResponse.newBuilder().setExperiment(e).build());
        out.onCompleted();
        return;
      }
    }
    out.onError(Status.NOT_FOUND.withDescription("no experiment " + req.getName()).asRuntimeException());
  }

  @Override
  public synchronized void createExperiment(
      CreateExperimentRequest req, StreamObserver<CreateExperimentResponse> out) {
    Experiment e =
        Experiment.newBuilder()
            .setExperimentId("exp" + (experiments.size() + 1))
            .setName(req.getName())
            .build();
    experiments.put(e.getExperimentId(), e);
    out.onNext(CreateExperimentResponse.newBuilder().setExperiment(e).build());
    out.onCompleted();
  }

  @Override
  public synchronized void createRun(CreateRunRequest req, StreamObserver<CreateRunResponse> out) {
    if (!experiments.containsKey(req.getExperimentId())) {
      out.onError(Status.NOT_FOUND.asRuntimeException());
      return;
    }
    Run.Builder r =
        Run.newBuilder()
            .setRunId("run" + (runs.size() + 1))
            .setExperimentId(req.getExperimentId())
            .setRunName(req.getRunName())
            .setStatus(RunStatus.RUN_STATUS_RUNNING)
            .addAllParams(req.getParamsList())
            .addAllTags(req.getTagsList());
    runs.put(r.getRunId(), r);
    out.onNext(CreateRunResponse.newBuilder().setRun(r).build());
    out.onCompleted();
  }

  @Override
  public synchronized void logParams(LogParamsRequest req, StreamObserver<LogParamsResponse> out) {
    Run.Builder r = runs.get(req.getRunId());
    if (r == null) {
      out.onError(Status.NOT_FOUND.asRuntimeException());
      return;
    }
    for (Param p : req.getParamsList()) {
      for (Param old : r.getParamsList()) {
        if (old.getKey().equals(p.getKey()) && !old.getValue().equals(p.getValue())) {
          out.onError(Status.INVALID_ARGUMENT.withDescription("param is immutable").asRuntimeException());
          return;
        }
      }
    }
    r.addAllParams(req.getParamsList());
    out.onNext(LogParamsResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public synchronized void setTags(SetTagsRequest req, StreamObserver<SetTagsResponse> out) {
    Run.Builder r = runs.get(req.getRunId());
    if (r == null) {
      out.onError(Status.NOT_FOUND.asRuntimeException());
      return;
    }
    r.addAllTags(req.getTagsList());
    out.onNext(SetTagsResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public synchronized void updateRun(UpdateRunRequest req, StreamObserver<UpdateRunResponse> out) {
    Run.Builder r = runs.get(req.getRun().getRunId());
    if (r == null) {
      out.onError(Status.NOT_FOUND.asRuntimeException());
      return;
    }
    r.setStatus(req.getRun().getStatus());
    out.onNext(UpdateRunResponse.newBuilder().setRun(r).build());
    out.onCompleted();
  }

  /** Serves this fake in-process under {@code name}, with the header capture; started. */
  Server serveInProcess(String name) throws IOException {
    return InProcessServerBuilder.forName(name)
        .addService(ServerInterceptors.intercept(this, headerCapture))
        .build()
        .start();
  }

  /** Asserts that {@code key} holds the points (i, i * 0.5) for i < n, each once, in order. */
  synchronized void checkSeries(String key, int n) {
    List<Long> stored = steps.getOrDefault(key, List.of());
    List<Double> got = values.getOrDefault(key, List.of());
    assertEquals(n, stored.size(), key + ": stored points");
    for (int i = 0; i < n; i++) {
      if (stored.get(i) != i || got.get(i) != i * 0.5) {
        fail(key + ": point " + i + " is (" + stored.get(i) + ", " + got.get(i) + ")");
      }
    }
  }
}
