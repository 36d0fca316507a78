package dev.cairn.client;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.cairn.v1.MetricBatch;
import dev.cairn.v1.StreamAck;
import dev.cairn.v1.StreamData;
import dev.cairn.v1.StreamMetricsRequest;
import dev.cairn.v1.StreamMetricsResponse;
import dev.cairn.v1.StreamOpen;
import dev.cairn.v1.StreamOpened;
import dev.cairn.v1.TrackingServiceGrpc;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Streams metric points over {@code TrackingService.StreamMetrics} in the
 * background with exactly-once effect.
 *
 * <ul>
 *   <li>Points are grouped per (run, key) into columnar batches and cut into messages by size
 *       ({@code maxMessagePoints}) and age ({@code flushInterval}).
 *   <li>At most {@code maxInFlight} messages are unacknowledged; {@link #log} blocks while {@code
 *       maxBufferedPoints} wait to be sent (backpressure).
 *   <li>On a retryable failure (UNAVAILABLE and transport errors) it reconnects with exponential
 *       backoff and jitter, reopens the same stream id, drops what the server reports committed and
 *       resends the rest unchanged.
 *   <li>ABORTED (fenced by a newer writer), OUT_OF_RANGE, content errors and access errors
 *       (UNAUTHENTICATED, PERMISSION_DENIED: see {@link CairnErrors}) are final: the streamer fails,
 *       and {@link #log}, {@link #flush} and {@link #close} throw that error.
 *   <li>With a spool directory ({@link StreamerOptions.Builder#spoolDir}) every message is numbered
 *       and appended to a local {@link Spool} when it is cut, before it is sent, and the spool
 *       records each acknowledgement. A streamer started on an existing spool takes its stream id
 *       from it and first resends what it holds unacknowledged (the server drops what it already
 *       committed); a clean {@link #close} with everything acknowledged deletes the spool. When
 *       the server holds more of the stream than the spool did (a new spool on a stream id in
 *       use, or a spool whose tail a machine crash lost after the server committed it), the
 *       messages numbered since start are renumbered after the server's last committed seq.
 *   <li>Offline ({@link StreamerOptions.Builder#offline}) it only writes the spool and never
 *       contacts the server; {@code cairn sync DIR}, or a later streamer on the same directory,
 *       uploads it.
 * </ul>
 *
 * <p>Every connection, reconnects included, carries the client's API token.
 *
 * <p>Thread-safe. Errors are {@link StatusRuntimeException}s.
 */
public final class MetricStreamer implements AutoCloseable {
  private static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(60);

  /**
   * StreamMetrics with requests that are already serialized: the streamer encodes each message's
   * columns once, straight from primitive arrays, into the wire form of StreamMetricsRequest
   * (packed fixed-width fields are plain little-endian arrays), as the Python SDK does.
   */
  private static final MethodDescriptor<byte[], StreamMetricsResponse> STREAM_METRICS =
      MethodDescriptor.<byte[], StreamMetricsResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
          .setFullMethodName(TrackingServiceGrpc.getStreamMetricsMethod().getFullMethodName())
          .setRequestMarshaller(new BytesMarshaller())
          .setResponseMarshaller(ProtoUtils.marshaller(StreamMetricsResponse.getDefaultInstance()))
          .build();

  private static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw Status.INTERNAL.withCause(e).asRuntimeException();
      }
    }
  }

  /** Columns of one (run, key) being built. */
  private static final class Columns {
    final String runId;
    final String key;
    long[] steps;
    double[] values;
    long[] timestamps;
    int n;

    Columns(String runId, String key, int capacity) {
      this.runId = runId;
      this.key = key;
      steps = new long[capacity];
      values = new double[capacity];
      timestamps = new long[capacity];
    }

    void add(long step, double value, long ts) {
      if (n == steps.length) {
        int cap = Math.max(16, n * 2);
        steps = Arrays.copyOf(steps, cap);
        values = Arrays.copyOf(values, cap);
        timestamps = Arrays.copyOf(timestamps, cap);
      }
      steps[n] = step;
      values[n] = value;
      timestamps[n] = ts;
      n++;
    }

    /** The serialized MetricBatch. */
    byte[] encode() {
      byte[] run = runId.getBytes(StandardCharsets.UTF_8);
      byte[] k = key.getBytes(StandardCharsets.UTF_8);
      int col = 8 * n;
      int size =
          fieldSize(run.length) + fieldSize(k.length) + (n > 0 ? 3 * fieldSize(col) : 0);
      ByteBuffer buf = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
      writeBytes(buf, 1, run);
      writeBytes(buf, 2, k);
      if (n > 0) {
        writeHeader(buf, 3, col);
        buf.asLongBuffer().put(steps, 0, n);
        buf.position(buf.position() + col);
        writeHeader(buf, 4, col);
        buf.asDoubleBuffer().put(values, 0, n);
        buf.position(buf.position() + col);
        writeHeader(buf, 5, col);
        buf.asLongBuffer().put(timestamps, 0, n);
        buf.position(buf.position() + col);
      }
      return buf.array();
    }
  }

  private static int varintSize(long v) {
    int n = 1;
    while ((v & ~0x7FL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  /** Size of a length-delimited field (one-byte tag) with a payload of len bytes. */
  private static int fieldSize(int len) {
    return 1 + varintSize(len) + len;
  }

  private static void writeVarint(ByteBuffer buf, long v) {
    while ((v & ~0x7FL) != 0) {
      buf.put((byte) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    buf.put((byte) v);
  }

  private static void writeHeader(ByteBuffer buf, int field, int len) {
    buf.put((byte) ((field << 3) | 2));
    writeVarint(buf, len);
  }

  private static void writeBytes(ByteBuffer buf, int field, byte[] payload) {
    writeHeader(buf, field, payload.length);
    buf.put(payload);
  }

  /** The serialized StreamMetricsRequest{data: StreamData{seq, batches}}. */
  private static byte[] encodeData(long seq, List<byte[]> batches) {
    int data = 1 + varintSize(seq);
    for (byte[] b : batches) {
      data += fieldSize(b.length);
    }
    ByteBuffer buf = ByteBuffer.allocate(fieldSize(data));
    writeHeader(buf, 2, data); // StreamMetricsRequest.data
    buf.put((byte) 0x08); // StreamData.seq, varint
    writeVarint(buf, seq);
    for (byte[] b : batches) {
      writeBytes(buf, 2, b); // StreamData.batches
    }
    return buf.array();
  }

  /** The serialized StreamMetricsRequest{data} around a serialized StreamData. */
  private static byte[] dataRequest(byte[] body) {
    ByteBuffer buf = ByteBuffer.allocate(fieldSize(body.length));
    writeBytes(buf, 2, body);
    return buf.array();
  }

  /** Where the StreamData starts in a serialized StreamMetricsRequest{data}. */
  private static int dataOffset(byte[] req) {
    int pos = 1; // after the field tag
    while ((req[pos] & 0x80) != 0) {
      pos++;
    }
    return pos + 1;
  }

  /**
   * The StreamData in {@code buf} from {@code offset} to its end, with another seq. As the Python
   * SDK's {@code _wire.renumber}: the seq (field 1) is encoded first; anything else is re-encoded
   * by protobuf.
   */
  static byte[] renumber(byte[] buf, int offset, long seq) {
    if (offset < buf.length && buf[offset] == 0x08) {
      int pos = offset + 1;
      while ((buf[pos] & 0x80) != 0) {
        pos++;
      }
      pos++;
      int rest = buf.length - pos;
      ByteBuffer out = ByteBuffer.allocate(1 + varintSize(seq) + rest);
      out.put((byte) 0x08);
      writeVarint(out, seq);
      out.put(buf, pos, rest);
      return out.array();
    }
    try {
      return StreamData.parseFrom(ByteBuffer.wrap(buf, offset, buf.length - offset))
          .toBuilder()
          .setSeq(seq)
          .build()
          .toByteArray();
    } catch (InvalidProtocolBufferException e) {
      throw new PermanentException("a spooled message is not a StreamData: " + e.getMessage());
    }
  }

  /** Points in a serialized StreamData (0 when it does not parse). */
  private static int countPoints(byte[] body) {
    try {
      int n = 0;
      for (MetricBatch b : StreamData.parseFrom(body).getBatchesList()) {
        n += b.getStepsCount();
      }
      return n;
    } catch (InvalidProtocolBufferException e) {
      return 0;
    }
  }

  private final TrackingServiceGrpc.TrackingServiceStub stub;
  private final StreamerOptions opts;
  private final String streamId;
  private final Spool spool; // null without a spool directory
  private final boolean offline;
  // The last seq numbered before this streamer started (what a resumed spool holds): a server
  // that holds more makes the messages numbered since move up.
  private final long resumedLast;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final CountDownLatch done = new CountDownLatch(1);
  private final ScheduledExecutorService ticker;
  private final Thread loopThread;

  // Guarded by lock.
  private final Map<BatchKey, Columns> builders = new LinkedHashMap<>();
  private Columns last;
  private int curPoints;
  private long curSinceNanos;

  private final ArrayDeque<Msg> queue = new ArrayDeque<>();
  private long queuedPoints;
  private long nextOrd = 1;

  private final ArrayList<Msg> inflight = new ArrayList<>();
  private int sent;
  private boolean started;
  private long nextSeq;
  private long ackedSeq;
  private long ackedOrd;
  private boolean progress;

  private boolean closing;
  private boolean aborted;
  private boolean gaveUp; // err is the retry timeout: the spool still takes what is logged
  private boolean spoolClosed;
  private StatusRuntimeException err;
  private Session current;

  private long epoch;
  private long messagesSent;
  private long messagesAcked;
  private long pointsAcked;
  private long pointsWritten;
  private long duplicateAcks;
  private long reconnects;

  private record BatchKey(String runId, String key) {}

  private static final class Msg {
    final long ord;
    final int points;
    final List<byte[]> batches; // serialized MetricBatch messages (null with a spool: req built)
    long seq;
    byte[] req; // serialized StreamMetricsRequest, fixed once sequenced
    int bodyOffset; // where the StreamData starts in req (with a spool)

    Msg(long ord, int points, List<byte[]> batches) {
      this.ord = ord;
      this.points = points;
      this.batches = batches;
    }
  }

  /** A failure that must not be retried (protocol violation, inconsistent state). */
  private static final class PermanentException extends RuntimeException {
    PermanentException(String message) {
      super(message);
    }
  }

  /** Starts a streamer on any TrackingService stub. Close it when done. */
  public MetricStreamer(TrackingServiceGrpc.TrackingServiceStub stub, StreamerOptions options) {
    this(stub, options, "");
  }

  /**
   * Starts a streamer on any TrackingService stub; {@code address} (the server's "host:port") is
   * recorded in a new spool's {@code meta.json}. With a spool directory that already holds a
   * spool, the stream id is the spool's and its unacknowledged messages are resent first.
   *
   * @throws UncheckedIOException when the spool cannot be opened or read
   */
  public MetricStreamer(
      TrackingServiceGrpc.TrackingServiceStub stub, StreamerOptions options, String address) {
    this.stub = stub;
    this.opts = options;
    this.offline = options.offline;
    if (options.spoolDir != null) {
      Spool sp = null;
      try {
        String addr = address == null ? "" : address;
        sp = new Spool(options.spoolDir, options.streamId, addr, options.spoolFsync);
        ackedSeq = sp.ackedSeq();
        long last = ackedSeq;
        for (Spool.Record r : sp.pending()) {
          last = r.seq();
          if (offline) {
            continue; // stays on disk for `cairn sync`
          }
          Msg m = new Msg(nextOrd++, countPoints(r.body()), null);
          m.seq = r.seq();
          m.req = dataRequest(r.body());
          m.bodyOffset = dataOffset(m.req);
          queue.add(m);
          queuedPoints += m.points;
        }
        nextSeq = last + 1;
      } catch (IOException e) {
        if (sp != null) {
          try {
            sp.close();
          } catch (IOException suppressed) {
            e.addSuppressed(suppressed);
          }
        }
        throw new UncheckedIOException(
            "cairn: opening the spool " + options.spoolDir + ": " + e.getMessage(), e);
      }
      this.spool = sp;
      this.streamId = sp.streamId();
      this.resumedLast = nextSeq - 1;
    } else {
      this.spool = null;
      this.streamId = options.streamId;
      this.resumedLast = 0;
    }
    long periodMs =
        Math.min(Math.max(options.flushInterval.toMillis() / 4, 5), 1000);
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cairn-streamer-ticker-" + streamId);
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleAtFixedRate(this::tick, periodMs, periodMs, TimeUnit.MILLISECONDS);
    this.loopThread = new Thread(this::runLoop, "cairn-streamer-" + streamId);
    loopThread.setDaemon(true);
    loopThread.start();
  }

  /** The stream id: the options' one, or the spool's when it already existed. */
  public String streamId() {
    return streamId;
  }

  /** The spool directory, or null without a spool. */
  public Path spoolDir() {
    return spool == null ? null : spool.directory();
  }

  /**
   * The seq of the last message numbered so far (with a spool: the last one spooled, including
   * those of an earlier streamer on the same spool; without: the last one sent), 0 before any.
   */
  public long lastSeq() {
    lock.lock();
    try {
      return Math.max(0, nextSeq - 1);
    } finally {
      lock.unlock();
    }
  }

  /** Messages cut but not yet acknowledged (offline: always 0). */
  public int unackedMessages() {
    lock.lock();
    try {
      return queue.size() + inflight.size();
    } finally {
      lock.unlock();
    }
  }

  /** A snapshot of the counters. */
  public StreamerStats stats() {
    lock.lock();
    try {
      return new StreamerStats(
          streamId,
          epoch,
          messagesSent,
          messagesAcked,
          pointsAcked,
          pointsWritten,
          duplicateAcks,
          reconnects,
          ackedSeq);
    } finally {
      lock.unlock();
    }
  }

  /** The error that stopped the streamer, or null. */
  public StatusRuntimeException error() {
    lock.lock();
    try {
      return err;
    } finally {
      lock.unlock();
    }
  }

  /** Queues one point stamped with the current time. */
  public void log(String runId, String key, long step, double value) {
    logAt(runId, key, step, value, System.currentTimeMillis());
  }

  /**
   * Queues one point with a timestamp in Unix milliseconds. Blocks while the buffer is full;
   * throws the streamer's error once it failed, or IllegalStateException after close.
   */
  public void logAt(String runId, String key, long step, double value, long timestampMillis) {
    lock.lock();
    try {
      awaitRoom();
      builder(runId, key).add(step, value, timestampMillis);
      added(1);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Queues many points of one (run, key). {@code timestampsMillis} is null (every point stamped
   * now) or as long as {@code steps}.
   */
  public void logBatch(
      String runId, String key, long[] steps, double[] values, long[] timestampsMillis) {
    if (steps.length != values.length
        || (timestampsMillis != null && timestampsMillis.length != steps.length)) {
      throw Status.INVALID_ARGUMENT
          .withDescription(
              "logBatch got " + steps.length + " steps, " + values.length + " values and "
                  + (timestampsMillis == null ? 0 : timestampsMillis.length) + " timestamps")
          .asRuntimeException();
    }
    long now = System.currentTimeMillis();
    int i = 0;
    while (i < steps.length) {
      lock.lock();
      try {
        awaitRoom();
        int n = Math.min(steps.length - i, opts.maxMessagePoints - curPoints);
        Columns b = builder(runId, key);
        for (int j = i; j < i + n; j++) {
          b.add(steps[j], values[j], timestampsMillis != null ? timestampsMillis[j] : now);
        }
        i += n;
        added(n);
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Cuts the points logged so far into a message and waits until the server has acknowledged all
   * of them (offline: until they are in the spool). Throws DEADLINE_EXCEEDED on timeout (the data
   * stays queued, and spooled if a spool is in use), or the streamer's error.
   */
  public void flush(Duration timeout) {
    lock.lock();
    try {
      cut();
      if (err != null) {
        throw err;
      }
      long target = nextOrd - 1;
      long deadline = System.nanoTime() + timeout.toNanos();
      while (ackedOrd < target) {
        if (err != null) {
          throw err;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw Status.DEADLINE_EXCEEDED
              .withDescription(
                  "flush of stream " + streamId + ": " + (target - ackedOrd)
                      + " messages unacknowledged after " + timeout)
              .asRuntimeException();
        }
        try {
          changed.awaitNanos(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw Status.CANCELLED.withDescription("interrupted").withCause(e).asRuntimeException();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** {@link #flush(Duration)} with a 60 s timeout. */
  public void flush() {
    flush(DEFAULT_CLOSE_TIMEOUT);
  }

  /**
   * Flushes, waits for every acknowledgement and ends the stream. On timeout the stream is
   * abandoned and DEADLINE_EXCEEDED says how many messages were not acknowledged. Throws the
   * streamer's failure, if any. A spool is closed, and deleted when everything in it was
   * acknowledged (never offline); otherwise it stays for the next streamer or {@code cairn sync}.
   */
  public void close(Duration timeout) {
    lock.lock();
    try {
      if (!closing) {
        closing = true;
        cut();
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
    boolean finished;
    try {
      finished = done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finished = false;
    }
    if (!finished) {
      abort();
      try {
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    ticker.shutdownNow();
    lock.lock();
    try {
      long unacked = nextOrd - 1 - ackedOrd;
      StatusRuntimeException spoolError = closeSpool();
      if (!finished && unacked > 0) {
        throw Status.DEADLINE_EXCEEDED
            .withDescription(
                "close of stream " + streamId + ": " + unacked
                    + " messages unacknowledged after " + timeout)
            .asRuntimeException();
      }
      if (err != null) {
        throw err;
      }
      if (spoolError != null) {
        throw spoolError;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Closes the spool (lock held), deleting it when done; returns the error, if any. */
  private StatusRuntimeException closeSpool() {
    if (spool == null || spoolClosed) {
      return null;
    }
    spoolClosed = true;
    try {
      spool.close(!offline && inflight.isEmpty() && queue.isEmpty());
      return null;
    } catch (IOException e) {
      return spoolError("closing", e);
    }
  }

  private StatusRuntimeException spoolError(String what, IOException e) {
    return Status.INTERNAL
        .withDescription(
            "cairn: stream " + streamId + ": " + what + " the spool " + spool.directory()
                + " failed: " + e)
        .withCause(e)
        .asRuntimeException();
  }

  /** Fails the streamer after a spool write failed (lock held). */
  private void spoolFailed(String what, IOException e) {
    fail(spoolError(what, e));
    gaveUp = false; // nothing more goes into a broken spool
  }

  /** {@link #close(Duration)} with a 60 s timeout. */
  @Override
  public void close() {
    close(DEFAULT_CLOSE_TIMEOUT);
  }

  // --- buffering (lock held) ----------------------------------------------

  private void awaitRoom() {
    while (true) {
      if (err != null) {
        throw err;
      }
      if (closing) {
        throw new IllegalStateException("cairn: streamer " + streamId + " is closed");
      }
      if (curPoints + queuedPoints < opts.maxBufferedPoints) {
        return;
      }
      try {
        changed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Status.CANCELLED
            .withDescription("interrupted while waiting for buffer room")
            .withCause(e)
            .asRuntimeException();
      }
    }
  }

  private Columns builder(String runId, String key) {
    Columns b = last;
    if (b != null && b.runId.equals(runId) && b.key.equals(key)) {
      return b;
    }
    b =
        builders.computeIfAbsent(
            new BatchKey(runId, key),
            k -> new Columns(runId, key, Math.min(opts.maxMessagePoints, 1024)));
    last = b;
    return b;
  }

  private void added(int n) {
    if (curPoints == 0) {
      curSinceNanos = System.nanoTime();
    }
    curPoints += n;
    if (curPoints >= opts.maxMessagePoints) {
      cut();
    }
  }

  private void cut() {
    if (curPoints == 0) {
      return;
    }
    List<byte[]> batches = new ArrayList<>(builders.size());
    for (Columns b : builders.values()) {
      batches.add(b.encode());
    }
    int points = curPoints;
    builders.clear();
    last = null;
    curPoints = 0;
    changed.signalAll();
    if (spool != null) {
      if (err != null && !gaveUp) {
        return; // failed for good (as the Python SDK, nothing more is spooled)
      }
      // Numbered now, and on disk before it is sent.
      Msg m = new Msg(nextOrd++, points, null);
      m.seq = nextSeq++;
      m.req = encodeData(m.seq, batches);
      m.bodyOffset = dataOffset(m.req);
      try {
        spool.append(m.seq, m.req, m.bodyOffset, m.req.length - m.bodyOffset);
      } catch (IOException e) {
        spoolFailed("writing", e);
        return;
      }
      if (offline) {
        ackedOrd = m.ord; // offline, a message is done once spooled
        return;
      }
      queue.add(m);
      queuedPoints += points;
      return;
    }
    queue.add(new Msg(nextOrd++, points, batches));
    queuedPoints += points;
  }

  private void tick() {
    lock.lock();
    try {
      if (curPoints > 0 && System.nanoTime() - curSinceNanos >= opts.flushInterval.toNanos()) {
        cut();
      }
    } finally {
      lock.unlock();
    }
  }

  private void fail(Throwable cause) {
    lock.lock();
    try {
      if (err == null) {
        Status s = Status.fromThrowable(cause);
        String desc = s.getDescription() != null ? s.getDescription() : cause.toString();
        err =
            s.withDescription("cairn: stream " + streamId + " failed: " + desc)
                .withCause(cause)
                .asRuntimeException();
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void abort() {
    Session s;
    lock.lock();
    try {
      aborted = true;
      s = current;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (s != null) {
      s.cancel("streamer closed before every point was acknowledged");
    }
  }

  // --- connection -----------------------------------------------------------

  static boolean retryable(Throwable t) {
    if (t instanceof PermanentException) {
      return false;
    }
    return switch (Status.fromThrowable(t).getCode()) {
      case UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL, UNKNOWN, CANCELLED -> true;
      case UNAUTHENTICATED, PERMISSION_DENIED -> false; // the same token cannot do better
      default -> false;
    };
  }

  private void runLoop() {
    try {
      int attempt = 0;
      long failingSince = 0;
      while (waitForWork()) {
        Throwable error;
        try {
          session();
          return;
        } catch (Throwable t) {
          error = t;
        }
        if (error() != null) {
          return; // failed meanwhile (the spool)
        }
        if (isAborted()) {
          fail(Status.CANCELLED.withDescription("closed before every point was acknowledged")
              .withCause(error).asRuntimeException());
          return;
        }
        if (!retryable(error)) {
          fail(error);
          return;
        }
        boolean progressed;
        boolean idle;
        lock.lock();
        try {
          progressed = progress;
          progress = false;
          idle = inflight.isEmpty() && queue.isEmpty();
          reconnects++;
        } finally {
          lock.unlock();
        }
        if (progressed || idle) {
          attempt = 0;
          failingSince = 0;
        }
        if (failingSince == 0) {
          failingSince = System.nanoTime();
        } else if (System.nanoTime() - failingSince > opts.retryTimeout.toNanos()) {
          markGaveUp();
          fail(Status.UNAVAILABLE
              .withDescription("no progress for " + opts.retryTimeout + ": " + error.getMessage())
              .withCause(error)
              .asRuntimeException());
          return;
        }
        sleepBackoff(attempt++);
      }
    } finally {
      lock.lock();
      try {
        current = null;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      done.countDown();
    }
  }

  private void markGaveUp() {
    lock.lock();
    try {
      gaveUp = err == null;
    } finally {
      lock.unlock();
    }
  }

  private boolean isAborted() {
    lock.lock();
    try {
      return aborted;
    } finally {
      lock.unlock();
    }
  }

  private void sleepBackoff(int attempt) {
    long base = opts.initialBackoff.toNanos() << Math.min(attempt, 20);
    long d = base <= 0 || base > opts.maxBackoff.toNanos() ? opts.maxBackoff.toNanos() : base;
    long delay = d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1); // equal jitter
    long deadline = System.nanoTime() + delay;
    lock.lock();
    try {
      long left;
      while (!aborted && (left = deadline - System.nanoTime()) > 0) {
        changed.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  private boolean waitForWork() {
    lock.lock();
    try {
      while (true) {
        if (err != null || aborted) {
          return false;
        }
        if (!inflight.isEmpty() || !queue.isEmpty()) {
          return true;
        }
        if (closing && curPoints == 0) {
          return false;
        }
        changed.awaitUninterruptibly();
      }
    } finally {
      lock.unlock();
    }
  }

  private boolean drained() {
    return closing && inflight.isEmpty() && queue.isEmpty() && curPoints == 0;
  }

  /** One StreamMetrics call; returns after a clean close, throws otherwise. */
  private void session() {
    Session s = new Session();
    lock.lock();
    try {
      current = s;
    } finally {
      lock.unlock();
    }
    ClientCalls.asyncBidiStreamingCall(
        stub.getChannel().newCall(STREAM_METRICS, stub.getCallOptions()), s);
    s.send(
        StreamMetricsRequest.newBuilder()
            .setOpen(StreamOpen.newBuilder().setStreamId(streamId))
            .build()
            .toByteArray());
    boolean clean = false;
    lock.lock();
    try {
      while (true) {
        if (aborted) {
          throw Status.CANCELLED.withDescription("aborted").asRuntimeException();
        }
        if (s.error != null) {
          throw s.error instanceof RuntimeException re ? re : new RuntimeException(s.error);
        }
        if (err != null) {
          throw err;
        }
        if (s.completed) {
          if (drained()) {
            clean = true;
            return;
          }
          throw Status.UNAVAILABLE
              .withDescription("server ended the stream before it was closed")
              .asRuntimeException();
        }
        if (!s.opened) {
          changed.awaitUninterruptibly();
          continue;
        }
        while (!queue.isEmpty() && inflight.size() < opts.maxInFlight) {
          Msg m = queue.poll();
          queuedPoints -= m.points;
          if (spool == null) {
            m.seq = nextSeq++;
            m.req = encodeData(m.seq, m.batches);
          }
          inflight.add(m);
          changed.signalAll(); // room for log()
        }
        if (sent < inflight.size()) {
          Msg m = inflight.get(sent++);
          messagesSent++;
          lock.unlock();
          try {
            s.send(m.req);
          } finally {
            lock.lock();
          }
          continue;
        }
        if (drained() && !s.halfClosed) {
          s.halfClosed = true;
          lock.unlock();
          try {
            s.requests.onCompleted();
          } finally {
            lock.lock();
          }
          continue;
        }
        changed.awaitUninterruptibly();
      }
    } finally {
      lock.unlock();
      if (!clean) {
        s.cancel("session ended");
      }
    }
  }

  private void onOpened(StreamOpened opened) {
    long lc = opened.getLastCommittedSeq();
    epoch = opened.getEpoch();
    if (!started) {
      started = true;
      if (spool == null) {
        // A new streamer continues numbering after what the server already holds.
        nextSeq = lc + 1;
        ackedSeq = lc;
      } else {
        // A resumed spool's messages keep their seqs: the server drops what it committed.
        if (lc > resumedLast) {
          rebase(lc);
        }
        dropAcked(lc);
      }
    } else {
      if (lc >= nextSeq) {
        throw new PermanentException(
            "server committed seq " + lc + " of stream " + streamId
                + " but this streamer only sent up to " + (nextSeq - 1)
                + "; is another writer using this stream id?");
      }
      dropAcked(lc);
    }
    sent = 0;
  }

  private void onAck(StreamAck ack) {
    pointsWritten += ack.getPointsWritten();
    if (ack.getDuplicate()) {
      duplicateAcks++;
    }
    if (ack.getAckedSeq() > ackedSeq) {
      dropAcked(Math.min(ack.getAckedSeq(), nextSeq - 1));
      progress = true;
    }
  }

  private void dropAcked(long seq) {
    int n = 0;
    while (n < inflight.size() && inflight.get(n).seq <= seq) {
      Msg m = inflight.get(n);
      ackedOrd = m.ord;
      messagesAcked++;
      pointsAcked += m.points;
      n++;
    }
    inflight.subList(0, n).clear();
    sent = Math.max(0, sent - n);
    if (spool != null) {
      // Spooled messages are numbered before they are sent: a resumed spool's first open may
      // acknowledge some that were never sent by this streamer.
      while (!queue.isEmpty() && queue.peek().seq <= seq) {
        Msg m = queue.poll();
        queuedPoints -= m.points;
        ackedOrd = m.ord;
        messagesAcked++;
        pointsAcked += m.points;
      }
      changed.signalAll();
    }
    if (seq > ackedSeq) {
      ackedSeq = seq;
      if (spool != null && !spoolClosed) {
        try {
          spool.markAcked(seq);
        } catch (IOException e) {
          spoolFailed("recording an ack in", e);
        }
      }
    }
  }

  /**
   * At the first open, the server holds more of this stream than this streamer numbered from: a
   * new spool on a stream id already in use, or a spool whose tail a machine crash lost (without
   * fsync) after the server had committed it. As in the Python SDK, the messages numbered since
   * this streamer started (all still queued, none sent) move up to follow what is committed,
   * instead of being mistaken for resends and dropped; the resumed ones are committed already.
   * The spool is rewritten to match (lock held).
   */
  private void rebase(long committed) {
    long shift = committed - resumedLast;
    List<Spool.Record> records = new ArrayList<>(queue.size());
    for (Msg m : queue) {
      if (m.seq <= resumedLast) {
        continue;
      }
      m.seq += shift;
      byte[] body = renumber(m.req, m.bodyOffset, m.seq);
      m.req = dataRequest(body);
      m.bodyOffset = dataOffset(m.req);
      records.add(new Spool.Record(m.seq, body));
    }
    nextSeq += shift;
    try {
      spool.rebase(committed, records);
    } catch (IOException e) {
      spoolFailed("rewriting", e);
    }
  }

  /** The response side of one StreamMetrics call; its fields are guarded by lock. */
  private final class Session
      implements ClientResponseObserver<byte[], StreamMetricsResponse> {
    ClientCallStreamObserver<byte[]> requests;
    boolean opened;
    boolean completed;
    boolean halfClosed;
    Throwable error;

    @Override
    public void beforeStart(ClientCallStreamObserver<byte[]> requestStream) {
      this.requests = requestStream;
    }

    void send(byte[] req) {
      try {
        requests.onNext(req);
      } catch (RuntimeException e) { // the call was cancelled meanwhile
        lock.lock();
        try {
          if (error == null) {
            error = Status.UNAVAILABLE.withDescription("send failed").withCause(e).asRuntimeException();
          }
          changed.signalAll();
        } finally {
          lock.unlock();
        }
      }
    }

    void cancel(String why) {
      try {
        requests.cancel(why, null);
      } catch (RuntimeException ignored) {
        // already finished
      }
    }

    @Override
    public void onNext(StreamMetricsResponse resp) {
      boolean violation = false;
      lock.lock();
      try {
        if (!opened) {
          if (!resp.hasOpened()) {
            error = new PermanentException("server answered StreamOpen without `opened`");
            violation = true;
          } else {
            try {
              onOpened(resp.getOpened());
              opened = true;
            } catch (PermanentException e) {
              error = e;
              violation = true;
            }
          }
        } else if (resp.hasAck()) {
          onAck(resp.getAck());
        } else {
          error = new PermanentException("server sent a non-ack message mid-stream");
          violation = true;
        }
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      if (violation) {
        cancel("protocol error");
      }
    }

    @Override
    public void onError(Throwable t) {
      lock.lock();
      try {
        if (error == null) {
          error = t;
        }
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void onCompleted() {
      lock.lock();
      try {
        completed = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }
}
