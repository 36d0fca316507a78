package dev.cairn.client;

import dev.cairn.v1.ArtifactServiceGrpc;
import dev.cairn.v1.CreateExperimentRequest;
import dev.cairn.v1.CreateRunRequest;
import dev.cairn.v1.Experiment;
import dev.cairn.v1.GetExperimentByNameRequest;
import dev.cairn.v1.KeyValue;
import dev.cairn.v1.ModelRegistryServiceGrpc;
import dev.cairn.v1.Param;
import dev.cairn.v1.RunStatus;
import dev.cairn.v1.TrackingServiceGrpc;
import io.grpc.CallCredentials;
import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A connection to a Cairn server. The generated stubs are available from {@link #tracking()},
 * {@link #registry()} and {@link #artifacts()}; the helpers cover the common run workflow.
 * Thread-safe; share one per process.
 *
 * <pre>{@code
 * try (CairnClient client = CairnClient.builder("127.0.0.1:50051").user("me").build();
 *      Run run = client.startRun(RunOptions.builder().experiment("demo").build())) {
 *   run.logMetric("loss", 0.5, 1);
 * }
 * }</pre>
 */
public final class CairnClient implements AutoCloseable {
  /** The request header naming the acting user. */
  public static final String USER_HEADER = "x-cairn-user";

  static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

  private final ManagedChannel channel;
  private final Channel intercepted;
  private final CallCredentials credentials;

  private CairnClient(ManagedChannel channel, Channel intercepted, CallCredentials credentials) {
    this.channel = channel;
    this.intercepted = intercepted;
    this.credentials = credentials;
  }

  /** A builder for {@code address} ("host:port"). */
  public static Builder builder(String address) {
    return new Builder(address);
  }

  /**
   * A builder for {@code $CAIRN_ADDRESS}, then {@code $CAIRN_ADDR}, then 127.0.0.1:50051; the
   * user defaults to {@code $CAIRN_USER}.
   */
  public static Builder builder() {
    String addr = System.getenv("CAIRN_ADDRESS");
    if (addr == null || addr.isEmpty()) {
      addr = System.getenv("CAIRN_ADDR");
    }
    return new Builder(addr == null || addr.isEmpty() ? "127.0.0.1:50051" : addr);
  }

  /** The channel with the client's headers; use it to build other stubs. */
  public Channel channel() {
    return intercepted;
  }

  /** Blocking TrackingService stub. */
  public TrackingServiceGrpc.TrackingServiceBlockingStub tracking() {
    return withCreds(TrackingServiceGrpc.newBlockingStub(intercepted));
  }

  /** Async TrackingService stub (for streams). */
  public TrackingServiceGrpc.TrackingServiceStub trackingAsync() {
    return withCreds(TrackingServiceGrpc.newStub(intercepted));
  }

  /** Blocking ModelRegistryService stub. */
  public ModelRegistryServiceGrpc.ModelRegistryServiceBlockingStub registry() {
    return withCreds(ModelRegistryServiceGrpc.newBlockingStub(intercepted));
  }

  /** Blocking ArtifactService stub. */
  public ArtifactServiceGrpc.ArtifactServiceBlockingStub artifacts() {
    return withCreds(ArtifactServiceGrpc.newBlockingStub(intercepted));
  }

  /** Async ArtifactService stub (for uploads and downloads). */
  public ArtifactServiceGrpc.ArtifactServiceStub artifactsAsync() {
    return withCreds(ArtifactServiceGrpc.newStub(intercepted));
  }

  private <S extends io.grpc.stub.AbstractStub<S>> S withCreds(S stub) {
    return credentials == null ? stub : stub.withCallCredentials(credentials);
  }

  /** Starts a background metric streamer on this connection. */
  public MetricStreamer newStreamer(StreamerOptions options) {
    return new MetricStreamer(trackingAsync(), options);
  }

  /** Returns the experiment named {@code name}, creating it if missing. */
  public Experiment getOrCreateExperiment(String name) {
    try {
      return tracking()
          .getExperimentByName(GetExperimentByNameRequest.newBuilder().setName(name).build())
          .getExperiment();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
        throw e;
      }
    }
    try {
      return tracking()
          .createExperiment(CreateExperimentRequest.newBuilder().setName(name).build())
          .getExperiment();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
        throw e;
      }
      // Created concurrently by someone else.
      return tracking()
          .getExperimentByName(GetExperimentByNameRequest.newBuilder().setName(name).build())
          .getExperiment();
    }
  }

  /**
   * Creates a RUNNING run with params and tags, and a streamer for its metrics. Closing the run
   * (try-with-resources) flushes and marks it FINISHED; see {@link #withRun} to mark FAILED on
   * exceptions.
   */
  public Run startRun(RunOptions options) {
    String experimentId = options.experimentId;
    if (experimentId == null || experimentId.isEmpty()) {
      if (options.experiment == null || options.experiment.isEmpty()) {
        throw new IllegalArgumentException("RunOptions needs experiment or experimentId");
      }
      experimentId = getOrCreateExperiment(options.experiment).getExperimentId();
    }
    CreateRunRequest req =
        CreateRunRequest.newBuilder()
            .setExperimentId(experimentId)
            .setRunName(options.name)
            .setParentRunId(options.parentRunId)
            .setUser(options.user)
            .addAllParams(params(options.params))
            .addAllTags(keyValues(options.tags))
            .build();
    dev.cairn.v1.Run run = tracking().createRun(req).getRun();
    return new Run(this, run, newStreamer(options.streamer));
  }

  /** A body that may throw. */
  @FunctionalInterface
  public interface RunBody<T> {
    T apply(Run run) throws Exception;
  }

  /**
   * Runs {@code body} with a started run, like the Python SDK's {@code with start_run()}: the run
   * ends FINISHED when the body returns and FAILED when it throws (the exception propagates).
   */
  public <T> T withRun(RunOptions options, RunBody<T> body) throws Exception {
    Run run = startRun(options);
    T result;
    try {
      result = body.apply(run);
    } catch (Exception | Error e) {
      try {
        run.end(RunStatus.RUN_STATUS_FAILED);
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    run.end(RunStatus.RUN_STATUS_FINISHED);
    return result;
  }

  /** Shuts the channel down, waiting up to 5 s for calls to finish. */
  @Override
  public void close() {
    channel.shutdown();
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      channel.shutdownNow();
    }
  }

  static List<Param> params(Map<String, String> m) {
    List<Param> out = new ArrayList<>();
    new TreeMap<>(m).forEach((k, v) -> out.add(Param.newBuilder().setKey(k).setValue(v).build()));
    return out;
  }

  static List<KeyValue> keyValues(Map<String, String> m) {
    List<KeyValue> out = new ArrayList<>();
    new TreeMap<>(m).forEach((k, v) -> out.add(KeyValue.newBuilder().setKey(k).setValue(v).build()));
    return out;
  }

  /** Builder of {@link CairnClient}. */
  public static final class Builder {
    private final String address;
    private ChannelCredentials channelCredentials = InsecureChannelCredentials.create();
    private String token;
    private String user = System.getenv("CAIRN_USER");
    private ManagedChannel channel;

    private Builder(String address) {
      this.address = address;
    }

    /** TLS with the system's trusted roots. */
    public Builder useTls() {
      return channelCredentials(TlsChannelCredentials.create());
    }

    /** Any channel credentials, e.g. {@code TlsChannelCredentials.newBuilder().trustManager(caFile).build()}. */
    public Builder channelCredentials(ChannelCredentials credentials) {
      this.channelCredentials = credentials;
      return this;
    }

    /** Sends "authorization: Bearer &lt;token&gt;" with every call (per-RPC credentials). */
    public Builder bearerToken(String token) {
      this.token = token;
      return this;
    }

    /** The x-cairn-user header (default {@code $CAIRN_USER}). */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /** Uses an existing channel (e.g. in-process for tests); address and credentials are ignored. */
    public Builder channel(ManagedChannel channel) {
      this.channel = channel;
      return this;
    }

    public CairnClient build() {
      ManagedChannel ch = channel;
      if (ch == null) {
        ch =
            Grpc.newChannelBuilder(address, channelCredentials)
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .keepAliveTime(30, TimeUnit.SECONDS)
                .build();
      }
      Channel intercepted = ch;
      if (user != null && !user.isEmpty()) {
        Metadata md = new Metadata();
        md.put(Metadata.Key.of(USER_HEADER, Metadata.ASCII_STRING_MARSHALLER), user);
        intercepted = ClientInterceptors.intercept(ch, MetadataUtils.newAttachHeadersInterceptor(md));
      }
      CallCredentials creds = token == null ? null : new BearerToken(token);
      return new CairnClient(ch, intercepted, creds);
    }
  }

  private static final class BearerToken extends CallCredentials {
    private static final Metadata.Key<String> AUTHORIZATION =
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private final String token;

    BearerToken(String token) {
      this.token = token;
    }

    @Override
    public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
      // Over plaintext the caller chose to send the token anyway (e.g. loopback); use TLS
      // for anything else.
      Metadata md = new Metadata();
      md.put(AUTHORIZATION, "Bearer " + token);
      applier.apply(md);
    }
  }
}
