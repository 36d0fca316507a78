package dev.cairn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.v1.MetricBatch;
import dev.cairn.v1.StreamData;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The metric streamer with a spool directory and offline, on the in-process fake server. */
@Timeout(60)
class SpoolStreamerTest {
  private final List<AutoCloseable> cleanups = new ArrayList<>();
  private final FakeTracking fake = new FakeTracking();
  private final String name = "cairn-spool-" + System.nanoTime();
  private CairnClient client;

  @TempDir Path tmp;

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

  /** A client for the fake's name (whether or not it is being served), as "host:port" address. */
  private void connect(String address) {
    client =
        CairnClient.builder(address).channel(InProcessChannelBuilder.forName(name).build()).build();
    cleanups.add(client);
  }

  private static StreamerOptions.Builder opts() {
    return StreamerOptions.builder()
        .maxMessagePoints(100)
        .flushInterval(Duration.ofHours(1))
        .initialBackoff(Duration.ofMillis(5))
        .maxBackoff(Duration.ofMillis(20));
  }

  private static void log(MetricStreamer s, int from, int to) {
    for (int i = from; i < to; i++) {
      s.log("r1", "loss", i, i * 0.5);
    }
  }

  private long committed(String streamId) {
    synchronized (fake) {
      FakeTracking.StreamState st = fake.streams.get(streamId);
      return st == null ? 0 : st.committed;
    }
  }

  private static Map<String, String> meta(Path dir) throws Exception {
    Path meta = dir.resolve("meta.json");
    return Spool.MiniJson.parseObject(Files.readString(meta, StandardCharsets.UTF_8), meta);
  }

  /** The spool's acked seq and pending records, read by a separate Spool. */
  private static List<Spool.Record> pending(Path dir, long wantAcked) throws Exception {
    Spool spool = new Spool(dir, "unused", "unused", false);
    try {
      assertEquals(wantAcked, spool.ackedSeq(), "acked seq of " + dir);
      return spool.pending();
    } finally {
      spool.close();
    }
  }

  private static List<Long> seqs(List<Spool.Record> records) {
    return records.stream().map(Spool.Record::seq).toList();
  }

  private static Status.Code code(Throwable t) {
    return Status.fromThrowable(t).getCode();
  }

  @Test
  void aSpoolLeftByAFailedServerIsReplayedExactlyOnce() throws Exception {
    Server server = serve();
    connect("127.0.0.1:7077");
    Path dir = tmp.resolve("spool");
    MetricStreamer first = client.newStreamer(opts().spoolDir(dir).build());
    log(first, 0, 300);
    first.flush(Duration.ofSeconds(10)); // seqs 1-3 committed and acknowledged
    assertEquals("3", Files.readString(dir.resolve("acked")));

    // The server commits 4 and 5 but its acks never arrive, then it goes away.
    fake.onData = (id, seq) -> FakeTracking.Action.NEVER_ACK;
    log(first, 300, 500);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (committed(first.streamId()) < 5) {
      assertTrue(System.nanoTime() < deadline, "seqs 4 and 5 never reached the server");
      Thread.sleep(5);
    }
    server.shutdownNow();
    server.awaitTermination();
    log(first, 500, 1000); // seqs 6-10: only spooled
    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> first.close(Duration.ofMillis(300)));
    assertEquals(Status.Code.DEADLINE_EXCEEDED, code(e));
    assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 9L, 10L), seqs(pending(dir, 3)));
    assertEquals(Map.of("stream_id", first.streamId(), "address", "127.0.0.1:7077"), meta(dir));

    // A new streamer on the same directory (another stream id in its options: the spool's
    // wins) resends what the server does not hold.
    fake.onData = (id, seq) -> FakeTracking.Action.COMMIT;
    serve();
    MetricStreamer second = client.newStreamer(opts().streamId("ignored").spoolDir(dir).build());
    assertEquals(first.streamId(), second.streamId());
    assertEquals(10, second.lastSeq());
    second.close(Duration.ofSeconds(10));
    fake.checkSeries("r1/loss", 1000);
    assertEquals(10, committed(first.streamId()));
    assertEquals(10, second.stats().lastCommittedSeq());
    assertEquals(700, second.stats().pointsAcked());
    assertFalse(Files.exists(dir), "a fully acknowledged spool is removed on close");
  }

  @Test
  void cleanCloseRemovesTheSpool() throws Exception {
    serve();
    connect("in-process");
    Path dir = tmp.resolve("a").resolve("spool");
    MetricStreamer s = client.newStreamer(opts().spoolDir(dir).spoolFsync(true).build());
    assertEquals(dir, s.spoolDir());
    log(s, 0, 250);
    s.flush(Duration.ofSeconds(10));
    assertEquals(Map.of("stream_id", s.streamId(), "address", "in-process"), meta(dir));
    assertEquals("3", Files.readString(dir.resolve("acked")));
    assertEquals(List.of(), pending(dir, 3));
    assertEquals(0, s.unackedMessages());
    s.close();
    assertFalse(Files.exists(dir));
    assertTrue(Files.isDirectory(dir.getParent()));
    fake.checkSeries("r1/loss", 250);
    assertEquals(250, s.stats().pointsAcked());
  }

  @Test
  void offlineWritesTheSpoolWithoutAServer() throws Exception {
    connect("127.0.0.1:9"); // nothing serves this name yet
    Path dir = tmp.resolve("offline");
    MetricStreamer s = client.newStreamer(opts().offline(true).spoolDir(dir).build());
    log(s, 0, 250);
    s.flush(Duration.ofSeconds(1)); // returns once spooled
    s.close(Duration.ofSeconds(1));
    assertEquals(0, s.stats().messagesSent());
    assertEquals(0, s.stats().reconnects());
    assertEquals(3, s.lastSeq());
    assertFalse(Files.exists(dir.resolve("acked")));
    assertEquals(Map.of("stream_id", s.streamId(), "address", "127.0.0.1:9"), meta(dir));
    List<Spool.Record> records = pending(dir, 0);
    assertEquals(List.of(1L, 2L, 3L), seqs(records));
    int step = 0;
    for (Spool.Record r : records) {
      StreamData d = StreamData.parseFrom(r.body());
      assertEquals(r.seq(), d.getSeq());
      for (MetricBatch b : d.getBatchesList()) {
        assertEquals("r1", b.getRunId());
        for (long got : b.getStepsList()) {
          assertEquals(step++, got);
        }
      }
    }
    assertEquals(250, step);

    // Offline again on the same spool: numbering goes on after what it holds.
    MetricStreamer more = client.newStreamer(opts().offline(true).spoolDir(dir).build());
    assertEquals(s.streamId(), more.streamId());
    assertEquals(3, more.lastSeq());
    log(more, 250, 300);
    more.close();
    assertEquals(List.of(1L, 2L, 3L, 4L), seqs(pending(dir, 0)));
    assertEquals(0, fake.opens);

    // Online on the same spool: everything is uploaded once and the spool removed.
    serve();
    MetricStreamer sync = client.newStreamer(opts().spoolDir(dir).build());
    sync.close(Duration.ofSeconds(10));
    fake.checkSeries("r1/loss", 300);
    assertEquals(1, fake.opens);
    assertFalse(Files.exists(dir));
  }

  @Test
  void aNewSpoolOnAnExistingStreamIsRenumbered() throws Exception {
    FakeTracking.StreamState st = new FakeTracking.StreamState();
    st.committed = 41;
    st.epoch = 3;
    fake.streams.put("resumed", st);
    serve();
    connect("in-process");
    Path dir = tmp.resolve("spool");
    MetricStreamer s = client.newStreamer(opts().streamId("resumed").spoolDir(dir).build());
    log(s, 0, 150);
    s.flush(Duration.ofSeconds(10));
    assertEquals(43, s.stats().lastCommittedSeq());
    assertEquals("43", Files.readString(dir.resolve("acked")));
    List<String> logs;
    try (var files = Files.list(dir)) {
      logs =
          files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log")).toList();
    }
    assertEquals(List.of("000000000042.log"), logs);
    s.close();
    fake.checkSeries("r1/loss", 150);
    assertFalse(Files.exists(dir));
  }

  @Test
  void aSpoolBehindTheServerNumbersNewMessagesAfterIt() throws Exception {
    // A machine crash can lose the tail of a spool written without fsync after the server
    // committed it. A streamer resuming that spool must number its new messages after what the
    // server holds, or the server drops them as resends (as Python's
    // test_a_spool_behind_the_server_numbers_new_messages_after_it).
    connect("in-process");
    Path full = tmp.resolve("full");
    MetricStreamer offline =
        client.newStreamer(opts().maxMessagePoints(10).offline(true).spoolDir(full).build());
    log(offline, 0, 50); // messages 1..5
    offline.close();
    List<Spool.Record> records = pending(full, 0);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs(records));
    Path behindDir = tmp.resolve("behind");
    Spool behind = new Spool(behindDir, offline.streamId(), "in-process", false);
    for (Spool.Record r : records.subList(0, 3)) { // the crash lost 4 and 5 (and their acks)
      behind.append(r.seq(), r.body());
    }
    behind.close();
    Server server = serve();
    MetricStreamer first = client.newStreamer(opts().spoolDir(full).build());
    first.close(Duration.ofSeconds(10)); // sends 1..5: the server holds all 50 points
    assertEquals(5, committed(offline.streamId()));
    server.shutdownNow();
    server.awaitTermination();
    // While the server is away, the resumed streamer spools two new messages as 4 and 5.
    MetricStreamer resumed =
        client.newStreamer(opts().maxMessagePoints(10).spoolDir(behindDir).build());
    assertEquals(offline.streamId(), resumed.streamId());
    assertEquals(3, resumed.lastSeq());
    log(resumed, 50, 70);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs(pending(behindDir, 0)));
    // Its first open finds 5 committed: 1..3 are done, the new ones become 6 and 7.
    serve();
    resumed.flush(Duration.ofSeconds(10));
    assertEquals("7", Files.readString(behindDir.resolve("acked")));
    resumed.close(Duration.ofSeconds(10));
    fake.checkSeries("r1/loss", 70);
    assertEquals(7, committed(offline.streamId()));
    assertEquals(7, resumed.stats().lastCommittedSeq());
    assertEquals(7, resumed.lastSeq());
    assertFalse(Files.exists(behindDir));
    assertFalse(Files.exists(full));
  }

  @Test
  void replayedBodiesAreSentUnchanged() throws Exception {
    // A spool written by another client (here: by hand) is resent byte for byte.
    Path dir = tmp.resolve("spool");
    byte[] body =
        StreamData.newBuilder()
            .setSeq(1)
            .addBatches(
                MetricBatch.newBuilder()
                    .setRunId("r1")
                    .setKey("loss")
                    .addSteps(0)
                    .addValues(0)
                    .addTimestampsMillis(1))
            .build()
            .toByteArray();
    Spool spool = new Spool(dir, "by-hand", "x:1", false);
    spool.append(1, body);
    spool.close();
    serve();
    connect("in-process");
    MetricStreamer s = client.newStreamer(opts().spoolDir(dir).build());
    assertEquals("by-hand", s.streamId());
    log(s, 1, 2);
    s.close(Duration.ofSeconds(10));
    fake.checkSeries("r1/loss", 2);
    assertEquals(2, s.stats().lastCommittedSeq());
    assertFalse(Files.exists(dir));
  }
}
