package dev.cairn.client;

import dev.cairn.v1.StreamAck;
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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
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

  private final TrackingServiceGrpc.TrackingServiceStub stub;
  private final StreamerOptions opts;
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
    final List<byte[]> batches; // serialized MetricBatch messages
    long seq;
    byte[] req; // serialized StreamMetricsRequest, fixed once sequenced

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
    this.stub = stub;
    this.opts = options;
    long periodMs =
        Math.min(Math.max(options.flushInterval.toMillis() / 4, 5), 1000);
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cairn-streamer-ticker-" + options.streamId);
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleAtFixedRate(this::tick, periodMs, periodMs, TimeUnit.MILLISECONDS);
    this.loopThread = new Thread(this::runLoop, "cairn-streamer-" + options.streamId);
    loopThread.setDaemon(true);
    loopThread.start();
  }

  public String streamId() {
    return opts.streamId;
  }

  /** A snapshot of the counters. */
  public StreamerStats stats() {
    lock.lock();
    try {
      return new StreamerStats(
          opts.streamId,
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
   * of them. Throws DEADLINE_EXCEEDED on timeout, or the streamer's error.
   */
  public void flush(Duration timeout) {
    lock.lock();
    try {
      cut();
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
                  "flush of stream " + opts.streamId + ": " + (target - ackedOrd)
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
   * streamer's failure, if any.
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
      if (!finished && unacked > 0) {
        throw Status.DEADLINE_EXCEEDED
            .withDescription(
                "close of stream " + opts.streamId + ": " + unacked
                    + " messages unacknowledged after " + timeout)
            .asRuntimeException();
      }
      if (err != null) {
        throw err;
      }
    } finally {
      lock.unlock();
    }
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
        throw new IllegalStateException("cairn: streamer " + opts.streamId + " is closed");
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
    queue.add(new Msg(nextOrd++, curPoints, batches));
    queuedPoints += curPoints;
    builders.clear();
    last = null;
    curPoints = 0;
    changed.signalAll();
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
            s.withDescription("cairn: stream " + opts.streamId + " failed: " + desc)
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
            .setOpen(StreamOpen.newBuilder().setStreamId(opts.streamId))
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
          m.seq = nextSeq++;
          m.req = encodeData(m.seq, m.batches);
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
      // A new streamer continues numbering after what the server already holds.
      started = true;
      nextSeq = lc + 1;
      ackedSeq = lc;
    } else {
      if (lc >= nextSeq) {
        throw new PermanentException(
            "server committed seq " + lc + " of stream " + opts.streamId
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
    if (seq > ackedSeq) {
      ackedSeq = seq;
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
