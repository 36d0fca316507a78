package dev.cairn.client;

import java.util.LinkedHashMap;
import java.util.Map;

/** Describes a run to start with {@link CairnClient#startRun}. */
public final class RunOptions {
  final String experiment;
  final String experimentId;
  final String name;
  final String parentRunId;
  final String user;
  final Map<String, String> params;
  final Map<String, String> tags;
  final StreamerOptions streamer;

  private RunOptions(Builder b) {
    this.experiment = b.experiment;
    this.experimentId = b.experimentId;
    this.name = b.name;
    this.parentRunId = b.parentRunId;
    this.user = b.user;
    this.params = Map.copyOf(b.params);
    this.tags = Map.copyOf(b.tags);
    this.streamer = b.streamer != null ? b.streamer : StreamerOptions.defaults();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder of {@link RunOptions}. */
  public static final class Builder {
    private String experiment;
    private String experimentId;
    private String name = "";
    private String parentRunId = "";
    private String user = "";
    private final Map<String, String> params = new LinkedHashMap<>();
    private final Map<String, String> tags = new LinkedHashMap<>();
    private StreamerOptions streamer;

    private Builder() {}

    /** Experiment name, created if missing. Ignored when experimentId is set. */
    public Builder experiment(String name) {
      this.experiment = name;
      return this;
    }

    public Builder experimentId(String id) {
      this.experimentId = id;
      return this;
    }

    public Builder name(String runName) {
      this.name = runName;
      return this;
    }

    public Builder parentRunId(String id) {
      this.parentRunId = id;
      return this;
    }

    public Builder user(String user) {
      this.user = user;
      return this;
    }

    public Builder param(String key, Object value) {
      this.params.put(key, String.valueOf(value));
      return this;
    }

    public Builder params(Map<String, ?> params) {
      params.forEach(this::param);
      return this;
    }

    public Builder tag(String key, Object value) {
      this.tags.put(key, String.valueOf(value));
      return this;
    }

    public Builder tags(Map<String, ?> tags) {
      tags.forEach(this::tag);
      return this;
    }

    public Builder streamer(StreamerOptions options) {
      this.streamer = options;
      return this;
    }

    public RunOptions build() {
      return new RunOptions(this);
    }
  }
}
