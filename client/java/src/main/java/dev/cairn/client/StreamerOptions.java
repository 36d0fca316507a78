package dev.cairn.client;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Options of a {@link MetricStreamer}. Every setting has a default; the
 * builder clamps values to their valid ranges.
 *
 * <p>With {@link Builder#spoolDir} (or {@link Builder#offline}) every message is also written to
 * a local {@link Spool} before it is sent, in the Python SDK's format: a process killed mid-run, or
 * one that never reached the server, leaves a spool that a new streamer on the same directory (in
 * Java or Python) or {@code cairn sync DIR} resends, exactly once.
 */
public final class StreamerOptions {
  final String streamId;
  final int maxMessagePoints;
  final Duration flushInterval;
  final int maxInFlight;
  final int maxBufferedPoints;
  final Duration initialBackoff;
  final Duration maxBackoff;
  final Duration retryTimeout;
  final Path spoolDir;
  final boolean spoolFsync;
  final boolean offline;

  private StreamerOptions(Builder b) {
    this.streamId = b.streamId != null ? b.streamId : "java-" + randomHex();
    this.maxMessagePoints = Math.min(Math.max(1, b.maxMessagePoints), 2_000_000);
    this.flushInterval = b.flushInterval;
    this.maxInFlight = Math.max(1, b.maxInFlight);
    this.maxBufferedPoints = Math.max(this.maxMessagePoints, b.maxBufferedPoints);
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.retryTimeout = b.retryTimeout;
    this.offline = b.offline;
    this.spoolDir =
        b.spoolDir != null ? b.spoolDir : b.offline ? Spool.defaultDirectory(this.streamId) : null;
    this.spoolFsync = b.spoolFsync;
  }

  private static String randomHex() {
    byte[] b = new byte[16];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  public static Builder builder() {
    return new Builder();
  }

  public static StreamerOptions defaults() {
    return builder().build();
  }

  public String streamId() {
    return streamId;
  }

  /** The spool directory, or null for none (the default directory when offline without one). */
  public Path spoolDir() {
    return spoolDir;
  }

  public boolean spoolFsync() {
    return spoolFsync;
  }

  public boolean offline() {
    return offline;
  }

  /** Builder of {@link StreamerOptions}. */
  public static final class Builder {
    private String streamId;
    private int maxMessagePoints = 50_000;
    private Duration flushInterval = Duration.ofSeconds(1);
    private int maxInFlight = 16;
    private int maxBufferedPoints = 2_000_000;
    private Duration initialBackoff = Duration.ofMillis(100);
    private Duration maxBackoff = Duration.ofSeconds(10);
    private Duration retryTimeout = Duration.ofSeconds(60);
    private Path spoolDir;
    private boolean spoolFsync;
    private boolean offline;

    private Builder() {}

    /**
     * Names the stream on the server (1-128 of letters, digits, {@code _ - . :}).
     * Default "java-" + 32 random hex digits. Reusing an id continues its
     * sequence numbers; two live writers with one id fence each other. With a
     * {@link #spoolDir} that already holds a spool, the spool's id is used instead.
     */
    public Builder streamId(String id) {
      this.streamId = id;
      return this;
    }

    /** A message is cut once it holds this many points (default 50,000; at most 2,000,000). */
    public Builder maxMessagePoints(int n) {
      this.maxMessagePoints = n;
      return this;
    }

    /** No point waits longer than this before its message is cut (default 1 s). */
    public Builder flushInterval(Duration d) {
      this.flushInterval = d;
      return this;
    }

    /** Window of sent, unacknowledged messages (default 16). */
    public Builder maxInFlight(int n) {
      this.maxInFlight = n;
      return this;
    }

    /** log() blocks while this many points wait to be sent (default 2,000,000). */
    public Builder maxBufferedPoints(int n) {
      this.maxBufferedPoints = n;
      return this;
    }

    /** Reconnect delays: exponential with jitter, from this (default 100 ms)... */
    public Builder initialBackoff(Duration d) {
      this.initialBackoff = d;
      return this;
    }

    /** ...up to this (default 10 s). */
    public Builder maxBackoff(Duration d) {
      this.maxBackoff = d;
      return this;
    }

    /** Fail when no ack arrives for this long while reconnecting (default 60 s). */
    public Builder retryTimeout(Duration d) {
      this.retryTimeout = d;
      return this;
    }

    /**
     * Keeps a local spool in this directory (created if missing; default none): every message is
     * appended to it before it is sent and dropped from it once acknowledged, so that nothing
     * logged is lost when the process dies or the server stays unreachable. A streamer started on
     * a directory that already holds a spool takes its stream id from the spool's {@code
     * meta.json} (ignoring {@link #streamId}) and first resends the messages not yet
     * acknowledged; the server stores each exactly once. A clean {@link MetricStreamer#close}
     * with everything acknowledged deletes the directory; otherwise it stays for the next
     * streamer or {@code cairn sync DIR}. One directory per live streamer.
     */
    public Builder spoolDir(Path dir) {
      this.spoolDir = dir;
      return this;
    }

    /**
     * fsync the spool after every message (default false: a killed process loses nothing, a power
     * failure may lose the latest messages).
     */
    public Builder spoolFsync(boolean fsync) {
      this.spoolFsync = fsync;
      return this;
    }

    /**
     * Offline mode (default false): the streamer never contacts the server and only writes the
     * spool, in {@link #spoolDir} or else {@link Spool#defaultDirectory} of the stream id
     * ({@code $XDG_DATA_HOME/cairn/spool/<id>} or {@code ~/.local/share/cairn/spool/<id>}), for
     * {@code cairn sync DIR} or a later online streamer on the same directory to upload. {@code
     * flush} returns once every point is in the spool; {@code close} always keeps it.
     */
    public Builder offline(boolean offline) {
      this.offline = offline;
      return this;
    }

    public StreamerOptions build() {
      return new StreamerOptions(this);
    }
  }
}
