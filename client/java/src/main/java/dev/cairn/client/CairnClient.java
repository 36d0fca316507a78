package dev.cairn.client;

import dev.cairn.v1.AccessServiceGrpc;
import dev.cairn.v1.Artifact;
import dev.cairn.v1.ArtifactServiceGrpc;
import dev.cairn.v1.CreateExperimentRequest;
import dev.cairn.v1.CreateRunRequest;
import dev.cairn.v1.Experiment;
import dev.cairn.v1.GetCurrentUserRequest;
import dev.cairn.v1.GetCurrentUserResponse;
import dev.cairn.v1.GetExperimentByNameRequest;
import dev.cairn.v1.KeyValue;
import dev.cairn.v1.ModelRegistryServiceGrpc;
import dev.cairn.v1.Param;
import dev.cairn.v1.RunStatus;
import dev.cairn.v1.TrackingServiceGrpc;
import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A connection to a Cairn server. The generated stubs are available from {@link #tracking()},
 * {@link #registry()}, {@link #artifacts()} and {@link #access()}; the helpers cover the common run
 * workflow. Thread-safe; share one per process.
 *
 * <pre>{@code
 * try (CairnClient client = CairnClient.builder("127.0.0.1:50051").user("me").build();
 *      Run run = client.startRun(RunOptions.builder().experiment("demo").build())) {
 *   run.logMetric("loss", 0.5, 1);
 * }
 * }</pre>
 *
 * <p>Like the Python SDK, the builder takes the API token from {@code $CAIRN_TOKEN} and TLS
 * settings from {@code $CAIRN_TLS}, {@code $CAIRN_TLS_CA}, {@code $CAIRN_TLS_CLIENT_CERT}, {@code
 * $CAIRN_TLS_CLIENT_KEY} and {@code $CAIRN_TLS_SERVER_NAME} unless told otherwise. The token is sent as
 * {@code authorization: Bearer <token>} on every call of every stub made from this client or its
 * {@link #channel()}, streams and the metric streamer's reconnects included.
 *
 * <p>Artifacts: {@link #uploadArtifact} and {@link #downloadArtifact} move files, {@link
 * #uploadArtifacts} and {@link #downloadArtifacts} whole folders, with SHA-256 verification,
 * resuming after retryable failures.
 */
public final class CairnClient implements AutoCloseable {
  /** The request header naming the acting user. */
  public static final String USER_HEADER = "x-cairn-user";

  static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

  private final ManagedChannel channel;
  private final Channel intercepted;
  private final String address;

  private CairnClient(ManagedChannel channel, Channel intercepted, String address) {
    this.channel = channel;
    this.intercepted = intercepted;
    this.address = address;
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

  /** The channel with the client's headers and token; use it to build other stubs. */
  public Channel channel() {
    return intercepted;
  }

  /** Blocking TrackingService stub. */
  public TrackingServiceGrpc.TrackingServiceBlockingStub tracking() {
    return TrackingServiceGrpc.newBlockingStub(intercepted);
  }

  /** Async TrackingService stub (for streams). */
  public TrackingServiceGrpc.TrackingServiceStub trackingAsync() {
    return TrackingServiceGrpc.newStub(intercepted);
  }

  /** Blocking ModelRegistryService stub. */
  public ModelRegistryServiceGrpc.ModelRegistryServiceBlockingStub registry() {
    return ModelRegistryServiceGrpc.newBlockingStub(intercepted);
  }

  /** Blocking ArtifactService stub. */
  public ArtifactServiceGrpc.ArtifactServiceBlockingStub artifacts() {
    return ArtifactServiceGrpc.newBlockingStub(intercepted);
  }

  /** Async ArtifactService stub (for uploads and downloads). */
  public ArtifactServiceGrpc.ArtifactServiceStub artifactsAsync() {
    return ArtifactServiceGrpc.newStub(intercepted);
  }

  /** Blocking AccessService stub (users, API tokens, permissions). */
  public AccessServiceGrpc.AccessServiceBlockingStub access() {
    return AccessServiceGrpc.newBlockingStub(intercepted);
  }

  /**
   * Who the server takes the caller to be: the token's user, or {@code anonymous} when the call
   * carried no token and the server allows that. A missing, wrong, expired or revoked token throws
   * UNAUTHENTICATED (see {@link CairnErrors#isUnauthenticated}).
   */
  public GetCurrentUserResponse currentUser() {
    return access().getCurrentUser(GetCurrentUserRequest.getDefaultInstance());
  }


  /**
   * Uploads a local file as an artifact of run {@code runId}, verified and resumable, like the
   * Python SDK's {@code log_artifact}. The artifact's path is {@code dir + "/" +
   * local.getFileName()} (surrounding slashes of {@code dir} dropped; just the file name when
   * {@code dir} is empty or null).
   *
   * <p>The file is hashed (SHA-256, streamed) first; the server checks the bytes it receives
   * against that digest before the artifact becomes visible. A file of at most 8 MiB goes in one
   * {@code UploadArtifact} call whose header starts the upload (read into memory and checked
   * against the digest first), retried whole on a retryable failure. A bigger one goes in an
   * upload session ({@code StartUpload}, then {@code UploadArtifact} in chunks of at most 4 MiB,
   * each sent only when the transport is ready, so memory stays flat whatever the file's size);
   * on a retryable failure (UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED, RESOURCE_EXHAUSTED, INTERNAL,
   * UNKNOWN) it asks the server how much it has committed ({@code GetUpload}) and resends from
   * there. Retries back off exponentially from 0.2 s to 5 s, up to 20 times in a row without
   * progress.
   *
   * @param runId the run to store the file under
   * @param local the file to upload
   * @param dir the artifact directory under the run, "" for its root
   * @return the stored artifact (path, size_bytes, sha256, ...)
   * @throws StatusRuntimeException with the server's status, e.g. NOT_FOUND for an unknown run,
   *     INVALID_ARGUMENT for a path outside the run, DATA_LOSS when the file changed while being
   *     uploaded, or the last retryable error once the retries are spent
   * @throws UncheckedIOException when the local file cannot be read
   */
  public Artifact uploadArtifact(String runId, Path local, String dir) {
    return new ArtifactTransfer(intercepted)
        .uploadFile(runId, local, ArtifactTransfer.artifactPath(local, dir));
  }

  /**
   * Uploads every regular file under the folder {@code localDir}, keeping the tree, like the
   * Python SDK's {@code log_artifacts}: a file at {@code localDir/a/b.txt} is stored as {@code
   * dir + "/a/b.txt"} (surrounding slashes of {@code dir} dropped; just {@code a/b.txt} when
   * {@code dir} is empty or null). Symlinks are not followed (nor uploaded), and other files that
   * are not regular are skipped. Each file goes as with {@link #uploadArtifact}; files of at most
   * 8 MiB go 4 at a time, bigger ones one by one after them.
   *
   * @return the artifacts in path order (byte order of the paths, as ListArtifacts lists them)
   * @throws StatusRuntimeException the first transfer's failure, its description naming the file
   *     and its artifact path, once the transfers already running have ended (none is started
   *     after it)
   * @throws UncheckedIOException when {@code localDir} is not a directory or cannot be read
   */
  public List<Artifact> uploadArtifacts(String runId, Path localDir, String dir) {
    return new ArtifactTransfer(intercepted).uploadTree(runId, localDir, dir);
  }

  /**
   * Downloads the artifact {@code path} of run {@code runId} to {@code dest}, verified and
   * resumable. The bytes go to {@code dest + ".cairn-partial"} (parent directories are
   * created), hashed on the way; a stream that breaks with a retryable error (as for {@link
   * #uploadArtifact}) is resumed from the bytes received so far, with the same backoff. Only
   * when the size and SHA-256 match the server's record is the file moved to {@code dest},
   * replacing any file there. On any failure the partial file is deleted and nothing is created
   * at {@code dest} (a file already there is left as it was).
   *
   * @param runId the run that holds the artifact
   * @param path the artifact's path under the run
   * @param dest where to write the file
   * @return the artifact's record (size_bytes, sha256, ...), as the server sent it
   * @throws StatusRuntimeException with the server's status (NOT_FOUND for a missing artifact or
   *     run, ...), or DATA_LOSS, naming the path, when the bytes do not match the record
   * @throws UncheckedIOException when {@code dest} cannot be written
   */
  public Artifact downloadArtifact(String runId, String path, Path dest) {
    return downloadArtifact(runId, path, dest, false);
  }

  /**
   * As {@link #downloadArtifact(String, String, Path)}; with {@code direct}, like the Python
   * SDK's {@code download_file(..., direct=True)}, the bytes come from the object store through
   * a presigned URL ({@link #presignedUrl}, GET) instead of through the server: S3 backends only
   * (a server on a local folder answers UNIMPLEMENTED). They are written to the same partial file
   * and moved into place only when their size and SHA-256 match the artifact record the server
   * returned with the URL (a server that returns none: UNIMPLEMENTED, NO_ARTIFACT_RECORD).
   *
   * <p>A connection dropped mid-transfer is resumed with a {@code Range} request from the bytes
   * received (an object store that ignores it, answering anything but 206: DATA_LOSS); a 403 from
   * a URL that has already served a response means it expired, and a fresh one is asked for; HTTP
   * 408, 429, 500, 502, 503, 504 and network errors are retried with the usual backoff (20 times in
   * a row without progress). Other statuses are final: 403 PERMISSION_DENIED, 404 NOT_FOUND, 416
   * DATA_LOSS, anything else UNAVAILABLE. A URL that is not http(s) is refused with
   * FAILED_PRECONDITION before it is opened.
   *
   * @throws StatusRuntimeException as above, or the server's status for CreatePresignedUrl
   *     (NOT_FOUND for a missing artifact, UNIMPLEMENTED on a local-folder server, ...)
   * @throws UncheckedIOException when {@code dest} cannot be written
   */
  public Artifact downloadArtifact(String runId, String path, Path dest, boolean direct) {
    return new ArtifactTransfer(intercepted).download(runId, path, dest, direct);
  }

  /**
   * A short-lived URL of the object store for one artifact, like the Python SDK's {@code
   * presigned_url}, for moving big files without passing them through the server: GET reads an
   * existing artifact (the result carries its record, to verify the bytes); PUT writes a new one,
   * which the server then lists as an artifact without a SHA-256 (it never saw the bytes), and
   * carries no artifact. Anyone holding the URL can use it until it expires. S3 backends only: a
   * server on a local folder answers UNIMPLEMENTED.
   *
   * @param method "GET" or "PUT", in any case
   * @param expiresSeconds the URL's validity, 1..3600 (the server refuses others; 0 asks for its
   *     default, 900)
   * @throws IllegalArgumentException for any other method, without calling the server
   * @throws StatusRuntimeException with the server's status (NOT_FOUND for a GET of a missing
   *     artifact, UNIMPLEMENTED on a local-folder server, ...)
   */
  public PresignedUrl presignedUrl(String runId, String path, String method, int expiresSeconds) {
    return new ArtifactTransfer(intercepted).presignedUrl(runId, path, method, expiresSeconds);
  }

  /**
   * Downloads a file or a folder of run {@code runId} into the directory {@code dest} (created if
   * missing), like the Python SDK's {@code download_artifacts}. {@code path} (surrounding slashes
   * dropped) may name:
   *
   * <ul>
   *   <li>"" (or null): every artifact of the run, to {@code dest/<artifact path>}; returns {@code
   *       dest};
   *   <li>a folder: each file under it to {@code dest/<folder's name>/<path under the folder>};
   *       returns {@code dest/<folder's name>};
   *   <li>a file (a path under which nothing is listed): to {@code dest/<file's name>}; returns
   *       that file. NOT_FOUND when there is no such file either.
   * </ul>
   *
   * <p>Each file is downloaded as with {@link #downloadArtifact} (verified, written beside its
   * destination and moved into place only when it matches, so a failed file leaves nothing);
   * files of at most 8 MiB go 4 at a time, bigger ones one by one after them. A path from the
   * server that would land outside the destination (an empty, ".", ".." or backslash component,
   * or one through a symlink that leads out) is refused with INVALID_ARGUMENT before anything is
   * downloaded.
   *
   * @return the local path of what {@code path} names
   * @throws StatusRuntimeException the first transfer's failure, its description naming the
   *     artifact and its destination, once the transfers already running have ended (none is
   *     started after it)
   * @throws UncheckedIOException when {@code dest} cannot be created or written
   */
  public Path downloadArtifacts(String runId, String path, Path dest) {
    return downloadArtifacts(runId, path, dest, false);
  }

  /**
   * As {@link #downloadArtifacts(String, String, Path)}; with {@code direct}, each file comes
   * from the object store through its own presigned URL, verified, as with {@link
   * #downloadArtifact(String, String, Path, boolean)} (the listing still comes from the server).
   */
  public Path downloadArtifacts(String runId, String path, Path dest, boolean direct) {
    return new ArtifactTransfer(intercepted).downloadTree(runId, path, dest, direct);
  }

  /**
   * Starts a background metric streamer on this connection. A spool it creates records this
   * client's address in its {@code meta.json}.
   */
  public MetricStreamer newStreamer(StreamerOptions options) {
    return new MetricStreamer(trackingAsync(), options, address);
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
    private ChannelCredentials channelCredentials;
    private boolean tls;
    private Path caFile;
    private Path certFile;
    private Path keyFile;
    private String serverName;
    private String token;
    private String user;
    private ManagedChannel channel;

    private Builder(String address) {
      this(address, System.getenv());
    }

    /** Defaults from {@code env} (the process environment outside tests). */
    Builder(String address, Map<String, String> env) {
      this.address = address;
      token = emptyToNull(env.get("CAIRN_TOKEN"));
      user = env.get("CAIRN_USER");
      // The client certificate is not CAIRN_TLS_CERT/KEY: those are the server's own, which a
      // client run beside the server must not present as its identity.
      String flag = env.get("CAIRN_TLS");
      String ca = emptyToNull(env.get("CAIRN_TLS_CA"));
      String cert = emptyToNull(env.get("CAIRN_TLS_CLIENT_CERT"));
      tls =
          ca != null
              || cert != null
              || (flag != null && List.of("1", "true", "yes").contains(flag.toLowerCase()));
      if (tls) {
        caFile = ca == null ? null : Path.of(ca);
        String key = emptyToNull(env.get("CAIRN_TLS_CLIENT_KEY"));
        certFile = cert == null ? null : Path.of(cert);
        keyFile = key == null ? null : Path.of(key);
        serverName = emptyToNull(env.get("CAIRN_TLS_SERVER_NAME"));
      }
    }

    /** TLS with the system's trusted roots (unless {@link #tlsCa} names a CA). */
    public Builder useTls() {
      tls = true;
      return this;
    }

    /** TLS, verifying the server against the CA certificate(s) in this PEM file. */
    public Builder tlsCa(Path caFile) {
      tls = true;
      this.caFile = caFile;
      return this;
    }

    /** TLS with a client certificate and its PKCS#8 private key (PEM), for mutual TLS. */
    public Builder tlsClientCertificate(Path certFile, Path keyFile) {
      tls = true;
      this.certFile = certFile;
      this.keyFile = keyFile;
      return this;
    }

    /** The name expected in the server's certificate, when not the address' host. */
    public Builder tlsServerName(String serverName) {
      this.serverName = serverName;
      return this;
    }

    /** Plaintext, even when {@code $CAIRN_TLS*} is set. */
    public Builder plaintext() {
      tls = false;
      caFile = null;
      certFile = null;
      keyFile = null;
      serverName = null;
      channelCredentials = null;
      return this;
    }

    /**
     * Any channel credentials, e.g. {@code TlsChannelCredentials.newBuilder()...build()}; they
     * replace the TLS settings above.
     */
    public Builder channelCredentials(ChannelCredentials credentials) {
      this.channelCredentials = credentials;
      return this;
    }

    /**
     * The API token, sent as "authorization: Bearer &lt;token&gt;" with every call (per-RPC
     * {@link CallCredentials}). Default {@code $CAIRN_TOKEN}; null or "" sends none.
     */
    public Builder bearerToken(String token) {
      this.token = emptyToNull(token);
      return this;
    }

    /**
     * The x-cairn-user header (default {@code $CAIRN_USER}); servers record a token's user
     * instead.
     */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /** Uses an existing channel (e.g. in-process for tests); address and TLS are ignored. */
    public Builder channel(ManagedChannel channel) {
      this.channel = channel;
      return this;
    }

    ChannelCredentials credentials() {
      if (channelCredentials != null) {
        return channelCredentials;
      }
      if (!tls) {
        return InsecureChannelCredentials.create();
      }
      if ((certFile == null) != (keyFile == null)) {
        throw new IllegalArgumentException("a TLS client certificate needs both a certificate and a key file");
      }
      TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder();
      try {
        if (caFile != null) {
          b.trustManager(caFile.toFile());
        }
        if (certFile != null) {
          b.keyManager(certFile.toFile(), keyFile.toFile());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cairn: reading TLS files: " + e.getMessage(), e);
      }
      return b.build();
    }

    /**
     * Builds the client. Throws {@link UncheckedIOException} when a TLS file cannot be read and
     * {@link IllegalArgumentException} for a certificate without a key.
     */
    public CairnClient build() {
      ManagedChannel ch = channel;
      if (ch == null) {
        ManagedChannelBuilder<?> b =
            Grpc.newChannelBuilder(address, credentials())
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .keepAliveTime(30, TimeUnit.SECONDS);
        if (serverName != null) {
          b.overrideAuthority(serverName);
        }
        ch = b.build();
      }
      List<ClientInterceptor> interceptors = new ArrayList<>();
      if (user != null && !user.isEmpty()) {
        Metadata md = new Metadata();
        md.put(Metadata.Key.of(USER_HEADER, Metadata.ASCII_STRING_MARSHALLER), user);
        interceptors.add(MetadataUtils.newAttachHeadersInterceptor(md));
      }
      if (token != null) {
        interceptors.add(new WithCallCredentials(CairnClient.bearerToken(token)));
      }
      return new CairnClient(ch, ClientInterceptors.intercept(ch, interceptors), address);
    }
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /**
   * Per-RPC credentials that send "authorization: Bearer &lt;token&gt;", for stubs made on other
   * channels ({@code stub.withCallCredentials(CairnClient.bearerToken(token))}).
   */
  public static CallCredentials bearerToken(String token) {
    return new BearerToken(token);
  }

  /** Adds call credentials to every call that has none of its own. */
  private static final class WithCallCredentials implements ClientInterceptor {
    private final CallCredentials credentials;

    WithCallCredentials(CallCredentials credentials) {
      this.credentials = credentials;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(
        MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      if (options.getCredentials() == null) {
        options = options.withCallCredentials(credentials);
      }
      return next.newCall(method, options);
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
