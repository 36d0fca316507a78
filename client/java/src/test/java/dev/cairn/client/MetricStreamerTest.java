package dev.cairn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.v1.RunStatus;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class MetricStreamerTest {
  private final List<AutoCloseable> cleanups = new ArrayList<>();
  private FakeTracking fake;
  private String name;
  private CairnClient client;

  @AfterEach
  void tearDown() throws Exception {
    for (int i = cleanups.size() - 1; i >= 0; i--) {
      cleanups.get(i).close();
    }
  }

  private Server serve() throws Exception {
    Server server = fake.serveInProcess(name);
    cleanups.add(server::shutdownNow);
    return server;
  }

  private void setup(FakeTracking f, String token, String user) throws Exception {
    fake = f;
    name = "cairn-" + System.nanoTime();
    serve();
    ManagedChannel ch = InProcessChannelBuilder.forName(name).build();
    CairnClient.Builder b = CairnClient.builder("in-process").channel(ch);
    if (token != null) {
      b.bearerToken(token);
    }
    if (user != null) {
      b.user(user);
    }
    client = b.build();
    cleanups.add(client);
  }

  private void setup() throws Exception {
    setup(new FakeTracking(), null, null);
  }

  private static StreamerOptions.Builder opts() {
    return StreamerOptions.builder();
  }

  private static Status.Code code(Throwable t) {
    return Status.fromThrowable(t).getCode();
  }

  @Test
  void deliversEveryPointOnce() throws Exception {
    setup();
    MetricStreamer s = client.newStreamer(opts().maxMessagePoints(1000).build());
    for (int i = 0; i < 20_000; i++) {
      s.log("r1", "loss", i, i * 0.5);
      s.log("r1", "acc", i, i * 0.5);
    }
    s.close();
    fake.checkSeries("r1/loss", 20_000);
    fake.checkSeries("r1/acc", 20_000);
    StreamerStats st = s.stats();
    assertEquals(40_000, st.pointsAcked());
    assertEquals(40_000, st.pointsWritten());
    assertEquals(0, st.reconnects());
  }

  @Test
  void logBatchSplitsMessages() throws Exception {
    setup();
    MetricStreamer s = client.newStreamer(opts().maxMessagePoints(3000).build());
    long[] steps = new long[10_000];
    double[] values = new double[10_000];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = i;
      values[i] = i * 0.5;
    }
    s.logBatch("r1", "loss", steps, values, null);
    s.flush(Duration.ofSeconds(10));
    fake.checkSeries("r1/loss", 10_000);
    assertEquals(4, s.stats().messagesAcked());
    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> s.logBatch("r1", "k", new long[2], new double[1], null));
    assertEquals(Status.Code.INVALID_ARGUMENT, code(e));
    s.close();
  }

  @Test
  void resendsAfterFailuresBeforeAndAfterCommit() throws Exception {
    FakeTracking f = new FakeTracking();
    Map<Long, FakeTracking.Action> plan = new HashMap<>();
    plan.put(3L, FakeTracking.Action.COMMIT_THEN_FAIL);
    plan.put(5L, FakeTracking.Action.FAIL_BEFORE_COMMIT);
    plan.put(9L, FakeTracking.Action.COMMIT_THEN_FAIL);
    plan.put(12L, FakeTracking.Action.FAIL_BEFORE_COMMIT);
    f.onData = (id, seq) -> {
      FakeTracking.Action a = plan.remove(seq);
      return a == null ? FakeTracking.Action.COMMIT : a;
    };
    setup(f, null, null);
    MetricStreamer s =
        client.newStreamer(
            opts().maxMessagePoints(500).initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(20)).build());
    for (int i = 0; i < 10_000; i++) {
      s.log("r1", "loss", i, i * 0.5);
    }
    s.close();
    fake.checkSeries("r1/loss", 10_000);
    assertEquals(4, s.stats().reconnects());
    assertEquals(10_000, s.stats().pointsAcked());
    assertEquals(5, fake.opens);
  }

  @Test
  void inFlightWindowIsBounded() throws Exception {
    FakeTracking f = new FakeTracking();
    f.ackDelayMs = 10;
    setup(f, null, null);
    MetricStreamer s =
        client.newStreamer(opts().maxMessagePoints(100).maxInFlight(3).maxBufferedPoints(300).build());
    for (int i = 0; i < 3000; i++) {
      s.log("r1", "loss", i, i * 0.5);
    }
    s.close();
    fake.checkSeries("r1/loss", 3000);
    assertTrue(fake.maxOutstanding <= 3 && fake.maxOutstanding >= 2, "max outstanding " + fake.maxOutstanding);
  }

  @Test
  void backpressureBlocksLogAndFlushTimesOut() throws Exception {
    FakeTracking f = new FakeTracking();
    f.onData = (id, seq) -> FakeTracking.Action.NEVER_ACK;
    setup(f, null, null);
    MetricStreamer s =
        client.newStreamer(opts().maxMessagePoints(10).maxInFlight(1).maxBufferedPoints(20).build());
    AtomicBoolean blocked = new AtomicBoolean(true);
    int[] logged = {0};
    Thread t =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < 1000; i++) {
                  s.log("r1", "loss", i, 1);
                  logged[0]++;
                }
                blocked.set(false);
              } catch (RuntimeException e) {
                // the streamer was closed while blocked
              }
            });
    t.setDaemon(true);
    t.start();
    t.join(500);
    assertTrue(blocked.get(), "log never blocked");
    assertTrue(logged[0] <= 30, "logged " + logged[0] + " points without acks");
    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> s.flush(Duration.ofMillis(200)));
    assertEquals(Status.Code.DEADLINE_EXCEEDED, code(e));
    e = assertThrows(StatusRuntimeException.class, () -> s.close(Duration.ofMillis(100)));
    assertEquals(Status.Code.DEADLINE_EXCEEDED, code(e));
  }

  @Test
  void fencedStreamerFailsWithoutReconnecting() throws Exception {
    setup();
    MetricStreamer first = client.newStreamer(opts().streamId("shared").build());
    first.log("r1", "a", 0, 0);
    first.flush();
    MetricStreamer second = client.newStreamer(opts().streamId("shared").build());
    second.log("r1", "b", 0, 0);
    second.flush();
    first.log("r1", "a", 1, 1);
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, first::flush);
    assertEquals(Status.Code.ABORTED, code(e));
    assertEquals(0, first.stats().reconnects());
    e = assertThrows(StatusRuntimeException.class, () -> first.log("r1", "a", 2, 2));
    assertEquals(Status.Code.ABORTED, code(e));
    e = assertThrows(StatusRuntimeException.class, first::close);
    assertEquals(Status.Code.ABORTED, code(e));
    second.close();
    assertEquals(2, second.stats().lastCommittedSeq());
  }

  @Test
  void contentErrorsAreFinal() throws Exception {
    setup();
    MetricStreamer s = client.newStreamer(StreamerOptions.defaults());
    s.log("missing", "loss", 0, 0);
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, s::flush);
    assertEquals(Status.Code.NOT_FOUND, code(e));
    assertEquals(0, s.stats().reconnects());
    assertEquals(1, fake.opens);
    assertThrows(StatusRuntimeException.class, s::close);
  }

  @Test
  void flushesByTime() throws Exception {
    setup();
    MetricStreamer s = client.newStreamer(opts().flushInterval(Duration.ofMillis(30)).build());
    for (int i = 0; i < 5; i++) {
      s.log("r1", "loss", i, i * 0.5);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (fake.total() < 5) {
      assertTrue(System.nanoTime() < deadline, "points were not sent without flush");
      Thread.sleep(5);
    }
    fake.checkSeries("r1/loss", 5);
    s.close();
  }

  @Test
  void continuesTheNumberingOfAnExistingStreamId() throws Exception {
    FakeTracking f = new FakeTracking();
    FakeTracking.StreamState st = new FakeTracking.StreamState();
    st.committed = 41;
    st.epoch = 3;
    f.streams.put("resumed", st);
    setup(f, null, null);
    MetricStreamer s = client.newStreamer(opts().streamId("resumed").build());
    for (int i = 0; i < 10; i++) {
      s.log("r1", "loss", i, i * 0.5);
    }
    s.close();
    fake.checkSeries("r1/loss", 10);
    assertEquals(42, s.stats().lastCommittedSeq());
    assertEquals(4, s.stats().epoch());
  }

  @Test
  void survivesAServerRestart() throws Exception {
    FakeTracking f = new FakeTracking();
    AtomicBoolean stopped = new AtomicBoolean();
    f.onData = (id, seq) -> seq == 4 && !stopped.get() ? FakeTracking.Action.NEVER_ACK : FakeTracking.Action.COMMIT;
    fake = f;
    name = "cairn-" + System.nanoTime();
    Server server = serve();
    client = CairnClient.builder("x").channel(InProcessChannelBuilder.forName(name).build()).build();
    cleanups.add(client);
    MetricStreamer s =
        client.newStreamer(
            opts().maxMessagePoints(100).initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(50)).build());
    for (int i = 0; i < 1000; i++) {
      if (i == 500) {
        Thread.sleep(50);
        stopped.set(true);
        server.shutdownNow();
        server.awaitTermination();
        Thread.sleep(200);
        serve();
      }
      s.log("r1", "loss", i, i * 0.5);
    }
    s.close();
    fake.checkSeries("r1/loss", 1000);
    assertTrue(s.stats().reconnects() > 0);
  }

  @Test
  void givesUpAfterTheRetryTimeout() throws Exception {
    fake = new FakeTracking();
    name = "cairn-" + System.nanoTime(); // no server under this name
    client = CairnClient.builder("x").channel(InProcessChannelBuilder.forName(name).build()).build();
    cleanups.add(client);
    MetricStreamer s =
        client.newStreamer(
            opts().initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(10)).retryTimeout(Duration.ofMillis(200)).build());
    s.log("r1", "loss", 0, 0);
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> s.flush(Duration.ofSeconds(10)));
    assertEquals(Status.Code.UNAVAILABLE, code(e));
    assertThrows(StatusRuntimeException.class, s::close);
  }

  @Test
  void clientHelpersSendTokenAndUser() throws Exception {
    setup(new FakeTracking(), "s3cret", "alice");
    String id;
    try (Run run =
        client.startRun(
            RunOptions.builder().experiment("demo").name("first").param("lr", 0.1).tag("team", "x").build())) {
      id = run.id();
      StatusRuntimeException e =
          assertThrows(StatusRuntimeException.class, () -> run.logParams(Map.of("lr", "0.2")));
      assertEquals(Status.Code.INVALID_ARGUMENT, code(e));
      run.setTags(Map.of("stage", "dev"));
      for (int i = 0; i < 100; i++) {
        run.logMetric("loss", i * 0.5, i);
      }
    }
    fake.checkSeries(id + "/loss", 100);
    assertEquals(RunStatus.RUN_STATUS_FINISHED, fake.runs.get(id).getStatus());
    assertEquals("exp1", client.getOrCreateExperiment("demo").getExperimentId());
    Metadata.Key<String> auth = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    Metadata.Key<String> user = Metadata.Key.of("x-cairn-user", Metadata.ASCII_STRING_MARSHALLER);
    synchronized (fake) {
      assertTrue(fake.headers.size() > 0);
      for (Metadata md : fake.headers) {
        assertEquals("Bearer s3cret", md.get(auth));
        assertEquals("alice", md.get(user));
      }
    }
  }

  @Test
  void withRunMarksFailedOnException() throws Exception {
    setup();
    String[] id = {""};
    assertThrows(
        IllegalStateException.class,
        () ->
            client.withRun(
                RunOptions.builder().experiment("demo").build(),
                run -> {
                  id[0] = run.id();
                  run.logMetric("loss", 0, 0);
                  throw new IllegalStateException("boom");
                }));
    assertEquals(RunStatus.RUN_STATUS_FAILED, fake.runs.get(id[0]).getStatus());
    fake.checkSeries(id[0] + "/loss", 1);
  }

  @Test
  void handEncodedColumnsRoundTripThroughProtobuf() throws Exception {
    setup();
    MetricStreamer s = client.newStreamer(StreamerOptions.defaults());
    long[] steps = {0, 1, 1L << 31, 1L << 32, Long.MAX_VALUE, -5};
    double[] values = {0.5, -1e300, Double.NaN, Double.POSITIVE_INFINITY, -0.0, Double.MIN_VALUE};
    long[] stamps = {1, 1L << 40, 1_700_000_000_123L, 0, -1, 7};
    s.logBatch("r\u00e9un", "wire/k\u00ebey", steps, values, stamps);
    s.close();
    synchronized (fake) {
      String k = "r\u00e9un/wire/k\u00ebey";
      assertEquals(java.util.Arrays.stream(steps).boxed().toList(), fake.steps.get(k));
      List<Double> got = fake.values.get(k);
      for (int i = 0; i < values.length; i++) {
        assertEquals(Double.doubleToRawLongBits(values[i]), Double.doubleToRawLongBits(got.get(i)), "value " + i);
      }
    }
  }
}
