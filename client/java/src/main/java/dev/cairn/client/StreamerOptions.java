package dev.cairn.client;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Options of a {@link MetricStreamer}. Every setting has a default; the
 * builder clamps values to their valid ranges.
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

  private StreamerOptions(Builder b) {
    this.streamId = b.streamId != null ? b.streamId : "java-" + randomHex();
    this.maxMessagePoints = Math.min(Math.max(1, b.maxMessagePoints), 2_000_000);
    this.flushInterval = b.flushInterval;
    this.maxInFlight = Math.max(1, b.maxInFlight);
    this.maxBufferedPoints = Math.max(this.maxMessagePoints, b.maxBufferedPoints);
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.retryTimeout = b.retryTimeout;
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

    private Builder() {}

    /**
     * Names the stream on the server (1-128 of letters, digits, {@code _ - . :}).
     * Default "java-" + 32 random hex digits. Reusing an id continues its
     * sequence numbers; two live writers with one id fence each other.
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

    public StreamerOptions build() {
      return new StreamerOptions(this);
    }
  }
}
