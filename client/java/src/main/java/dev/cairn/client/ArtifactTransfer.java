package dev.cairn.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.cairn.v1.Artifact;
import dev.cairn.v1.ArtifactServiceGrpc;
import dev.cairn.v1.CreatePresignedUrlRequest;
import dev.cairn.v1.CreatePresignedUrlResponse;
import dev.cairn.v1.DownloadArtifactRequest;
import dev.cairn.v1.DownloadArtifactResponse;
import dev.cairn.v1.GetUploadRequest;
import dev.cairn.v1.ListArtifactsRequest;
import dev.cairn.v1.ListArtifactsResponse;
import dev.cairn.v1.PresignedMethod;
import dev.cairn.v1.StartUploadRequest;
import dev.cairn.v1.UploadArtifactRequest;
import dev.cairn.v1.UploadArtifactResponse;
import dev.cairn.v1.UploadHeader;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Verified, resumable artifact transfers over ArtifactService (see {@link
 * CairnClient#uploadArtifact} and {@link CairnClient#downloadArtifact}).
 */
final class ArtifactTransfer {
  /** Largest {@code data} message the server accepts. */
  static final int CHUNK = 4 * 1024 * 1024;
  /** Files up to this size are uploaded in one call, and transferred several at a time in trees. */
  static final long SINGLE_CALL_MAX = 8 * 1024 * 1024;
  /** Small files of a tree transferred at once. */
  static final int PARALLEL_FILES = 4;
  /** Retries of one transfer after retryable failures (reset whenever bytes move). */
  static final int RETRIES = 20;
  /** Suffix of the file a download writes before it is verified and moved into place. */
  static final String PARTIAL_SUFFIX = ".cairn-partial";

  private static final long INITIAL_BACKOFF_MS = 200;
  private static final long MAX_BACKOFF_MS = 5_000;
  private static final long UNARY_DEADLINE_S = 60;
  private static final int LIST_PAGE_SIZE = 1000;

  /** Artifact paths in byte order of their UTF-8, as ListArtifacts lists them. */
  static final Comparator<String> PATH_ORDER =
      (a, b) ->
          Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  private final Channel channel;

  ArtifactTransfer(Channel channel) {
    this.channel = channel;
  }

  /**
   * Whether an artifact transfer may be resumed after {@code t}: the codes the Python SDK
   * retries (UNAVAILABLE, DEADLINE_EXCEEDED from a dropped stream, ABORTED, RESOURCE_EXHAUSTED,
   * and INTERNAL/UNKNOWN from a broken transport). Everything else, e.g. INVALID_ARGUMENT,
   * NOT_FOUND, FAILED_PRECONDITION, DATA_LOSS or the access errors, is final.
   */
  static boolean retryable(Throwable t) {
    return switch (Status.fromThrowable(t).getCode()) {
      case UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED, RESOURCE_EXHAUSTED, INTERNAL, UNKNOWN -> true;
      default -> false;
    };
  }

  /** The artifact path of {@code local} under {@code dir}, as the Python SDK's log_artifact. */
  static String artifactPath(Path local, String dir) {
    Path name = local.getFileName();
    if (name == null) {
      throw new IllegalArgumentException("cairn: " + local + " names no file");
    }
    String d = stripSlashes(dir);
    return d.isEmpty() ? name.toString() : d + "/" + name;
  }

  /** {@code s} without leading and trailing slashes ("" for null), as Python's strip("/"). */
  static String stripSlashes(String s) {
    if (s == null) {
      return "";
    }
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '/') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(start, end);
  }

  // --- upload ---------------------------------------------------------------

  /**
   * Uploads {@code local} to the artifact path {@code path}, hashed first: in one UploadArtifact
   * call when it is at most {@link #SINGLE_CALL_MAX}, else in a resumable upload session.
   */
  Artifact uploadFile(String runId, Path local, String path) {
    long size;
    String digest;
    try {
      size = Files.size(local);
      digest = sha256(local);
    } catch (IOException e) {
      throw new UncheckedIOException("cairn: reading " + local + ": " + e.getMessage(), e);
    }
    StartUploadRequest start =
        StartUploadRequest.newBuilder()
            .setRunId(runId)
            .setPath(path)
            .setSizeBytes(size)
            .setSha256(digest)
            .build();
    return size <= SINGLE_CALL_MAX ? uploadSmall(local, start) : uploadResumable(local, start);
  }

  /**
   * A small file in one call: a header that starts the upload, then its bytes (read once, checked
   * against the digest, kept for the retries), retried whole on retryable errors.
   */
  private Artifact uploadSmall(Path local, StartUploadRequest start) {
    byte[] data;
    try {
      data = Files.readAllBytes(local);
    } catch (IOException e) {
      throw new UncheckedIOException("cairn: reading " + local + ": " + e.getMessage(), e);
    }
    if (data.length != start.getSizeBytes() || !hex(newSha256().digest(data)).equals(start.getSha256())) {
      throw Status.DATA_LOSS
          .withDescription("cairn: " + local + " changed while being uploaded")
          .asRuntimeException();
    }
    UploadHeader header = UploadHeader.newBuilder().setStart(start).setOffset(0).build();
    List<ByteString> chunks = new ArrayList<>();
    for (int pos = 0; pos < data.length; pos += CHUNK) {
      chunks.add(UnsafeByteOperations.unsafeWrap(data, pos, Math.min(CHUNK, data.length - pos)));
    }
    return withRetries(
        () -> {
          Iterator<ByteString> it = chunks.iterator();
          UploadArtifactResponse response = send(header, () -> it.hasNext() ? it.next() : null);
          if (!response.hasArtifact()) {
            throw incomplete(start.getPath());
          }
          return response.getArtifact();
        });
  }

  private Artifact uploadResumable(Path local, StartUploadRequest start) {
    ArtifactServiceGrpc.ArtifactServiceBlockingStub blocking =
        ArtifactServiceGrpc.newBlockingStub(channel);
    String uploadId =
        withRetries(
            () -> blocking.withDeadlineAfter(UNARY_DEADLINE_S, TimeUnit.SECONDS).startUpload(start))
            .getUpload()
            .getUploadId();
    GetUploadRequest get = GetUploadRequest.newBuilder().setUploadId(uploadId).build();
    long size = start.getSizeBytes();
    long offset = 0;
    long best = 0;
    boolean known = true; // whether `offset` is the server's committed size
    int attempt = 0;
    while (true) {
      StatusRuntimeException error;
      try {
        if (!known) {
          offset =
              blocking
                  .withDeadlineAfter(UNARY_DEADLINE_S, TimeUnit.SECONDS)
                  .getUpload(get)
                  .getUpload()
                  .getCommittedBytes();
          known = true;
          if (offset > best) {
            best = offset;
            attempt = 0; // progress: a fresh budget for the rest
          }
        }
        UploadArtifactResponse response = sendFrom(uploadId, local, offset, size);
        if (response.hasArtifact()) {
          return response.getArtifact();
        }
        // The stream ended without completing the upload (it should not): resume.
        error = incomplete(start.getPath());
      } catch (StatusRuntimeException e) {
        error = e;
      }
      known = false;
      if (!retryable(error) || attempt >= RETRIES) {
        throw error;
      }
      sleepBackoff(attempt++);
    }
  }

  private static StatusRuntimeException incomplete(String path) {
    return Status.UNAVAILABLE
        .withDescription("cairn: upload of " + path + " ended before it completed")
        .asRuntimeException();
  }

  /** One UploadArtifact call of a resumable upload: from {@code offset} to the end of the file. */
  private UploadArtifactResponse sendFrom(String uploadId, Path local, long offset, long size) {
    UploadHeader header = UploadHeader.newBuilder().setUploadId(uploadId).setOffset(offset).build();
    try (FileChannel file = FileChannel.open(local, StandardOpenOption.READ)) {
      file.position(offset);
      return send(
          header,
          () -> {
            try {
              long left = size - file.position();
              if (left <= 0) {
                return null;
              }
              ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, left));
              while (buf.hasRemaining()) {
                if (file.read(buf) < 0) {
                  throw new EOFException(local + " shrank while being uploaded");
                }
              }
              // The buffer is never touched again, so gRPC may use it without a copy.
              return UnsafeByteOperations.unsafeWrap(buf.array());
            } catch (IOException e) {
              throw new UncheckedIOException("cairn: reading " + local + ": " + e.getMessage(), e);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cairn: reading " + local + ": " + e.getMessage(), e);
    }
  }

  /**
   * One UploadArtifact call: the header, then the chunks {@code chunks} gives (null at the end,
   * each at most {@link #CHUNK}), each taken and sent only when the transport is ready for it, so
   * no more than a chunk or two are ever in memory. Returns the response or throws the call's
   * error.
   */
  private UploadArtifactResponse send(UploadHeader header, Supplier<ByteString> chunks) {
    Sender sender = new Sender();
    ArtifactServiceGrpc.newStub(channel).uploadArtifact(sender);
    ClientCallStreamObserver<UploadArtifactRequest> out = sender.requests;
    try {
      sender.awaitReady();
      out.onNext(UploadArtifactRequest.newBuilder().setHeader(header).build());
      for (ByteString chunk; !sender.result.isDone() && (chunk = chunks.get()) != null; ) {
        sender.awaitReady();
        if (sender.result.isDone()) {
          break; // the server has answered (an error): stop sending
        }
        out.onNext(UploadArtifactRequest.newBuilder().setData(chunk).build());
      }
      if (!sender.result.isDone()) {
        out.onCompleted();
      }
    } catch (InterruptedException e) {
      out.cancel("interrupted", e);
      Thread.currentThread().interrupt();
      throw Status.CANCELLED.withDescription("cairn: upload interrupted").withCause(e).asRuntimeException();
    } catch (RuntimeException e) {
      out.cancel("upload failed", e);
      throw e;
    }
    return await(sender.result, () -> out.cancel("interrupted", null));
  }

  /** Receives the upload's response and wakes the sending thread when the call can take more. */
  private static final class Sender
      implements ClientResponseObserver<UploadArtifactRequest, UploadArtifactResponse> {
    final CompletableFuture<UploadArtifactResponse> result = new CompletableFuture<>();
    ClientCallStreamObserver<UploadArtifactRequest> requests;
    private UploadArtifactResponse response;

    @Override
    public void beforeStart(ClientCallStreamObserver<UploadArtifactRequest> requests) {
      this.requests = requests;
      requests.setOnReadyHandler(this::wake);
    }

    synchronized void wake() {
      notifyAll();
    }

    /** Waits until the call can take a message, or has ended. */
    synchronized void awaitReady() throws InterruptedException {
      while (!requests.isReady() && !result.isDone()) {
        wait(1_000);
      }
    }

    @Override
    public void onNext(UploadArtifactResponse value) {
      response = value;
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
      wake();
    }

    @Override
    public void onCompleted() {
      result.complete(response == null ? UploadArtifactResponse.getDefaultInstance() : response);
      wake();
    }
  }

  // --- download -------------------------------------------------------------

  /** What a fetch returns: the artifact's record (what the bytes are checked against), bytes received. */
  private record Fetched(Artifact expected, long received) {}

  Artifact download(String runId, String path, Path dest) {
    return download(runId, path, dest, false);
  }

  /**
   * Downloads one artifact to {@code dest}, through the server or, with {@code direct}, from
   * the object store through a presigned URL; either way the bytes go to a partial file beside
   * {@code dest}, moved into place only when their size and SHA-256 match the record.
   */
  Artifact download(String runId, String path, Path dest, boolean direct) {
    Path partial = dest.resolveSibling(dest.getFileName() + PARTIAL_SUFFIX);
    boolean done = false;
    try {
      Path parent = dest.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      MessageDigest digest = newSha256();
      Fetched fetched;
      try (FileChannel out =
          FileChannel.open(
              partial,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        fetched =
            direct
                ? fetchDirect(runId, path, out, partial, digest)
                : fetchViaServer(runId, path, out, digest);
      }
      Artifact expected = fetched.expected();
      long received = fetched.received();
      if (expected == null) {
        throw dataLoss(path, "the server sent no artifact record");
      }
      if (received != expected.getSizeBytes()) {
        throw dataLoss(path, "received " + received + " bytes, want " + expected.getSizeBytes());
      }
      String got = hex(digest.digest());
      if (!expected.getSha256().isEmpty() && !expected.getSha256().equalsIgnoreCase(got)) {
        throw dataLoss(path, "SHA-256 " + got + ", want " + expected.getSha256());
      }
      try {
        Files.move(partial, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, dest, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
      return expected;
    } catch (IOException e) {
      throw new UncheckedIOException("cairn: writing " + dest + ": " + e.getMessage(), e);
    } finally {
      if (!done) {
        try {
          Files.deleteIfExists(partial);
        } catch (IOException ignored) {
          // best effort; the error being thrown matters more
        }
      }
    }
  }

  /** DownloadArtifact into {@code out}, resumed from the bytes received after a retryable error. */
  private Fetched fetchViaServer(String runId, String path, FileChannel out, MessageDigest digest)
      throws IOException {
    Artifact expected = null;
    long received = 0;
    ArtifactServiceGrpc.ArtifactServiceBlockingStub stub = ArtifactServiceGrpc.newBlockingStub(channel);
    int attempt = 0;
    while (true) {
      long before = received;
      // A cancellable context ends the call if we stop reading early (local error, mismatch).
      Context.CancellableContext ctx = Context.current().withCancellation();
      Context previous = ctx.attach();
      try {
        Iterator<DownloadArtifactResponse> it =
            stub.downloadArtifact(
                DownloadArtifactRequest.newBuilder()
                    .setRunId(runId)
                    .setPath(path)
                    .setOffset(received)
                    .build());
        while (it.hasNext()) {
          DownloadArtifactResponse m = it.next();
          switch (m.getMessageCase()) {
            case ARTIFACT -> {
              // Every (resumed) stream starts with it; the first one is what we verify against.
              if (expected == null) {
                expected = m.getArtifact();
              }
            }
            case DATA -> {
              ByteString data = m.getData();
              for (ByteBuffer b : data.asReadOnlyByteBufferList()) {
                digest.update(b.duplicate());
                while (b.hasRemaining()) {
                  out.write(b);
                }
              }
              received += data.size();
              if (expected != null && received > expected.getSizeBytes()) {
                throw dataLoss(path, "received more than its " + expected.getSizeBytes() + " bytes");
              }
            }
            default -> {}
          }
        }
        return new Fetched(expected, received);
      } catch (StatusRuntimeException e) {
        if (received > before) {
          attempt = 0; // progress: a fresh budget for the rest
        }
        if (!retryable(e) || attempt >= RETRIES) {
          throw e;
        }
      } finally {
        ctx.detach(previous);
        ctx.cancel(null);
      }
      sleepBackoff(attempt++);
    }
  }

  // --- presigned URLs and direct downloads ------------------------------------

  /** Validity the direct downloads ask for their presigned URLs, as the Python SDK. */
  static final int DIRECT_URL_EXPIRES_S = 900;
  /** Bytes read from the object store at a time. */
  private static final int HTTP_BUFFER = 1 << 20;
  /** Time to connect to the object store, and to receive a response's headers. */
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(60);
  /** HTTP statuses of the object store worth another try (and a 403 with a fresh URL). */
  private static final Set<Integer> HTTP_RETRY = Set.of(408, 429, 500, 502, 503, 504);

  /**
   * How long a response's body may go without a byte before its connection is taken as dropped
   * (and the transfer resumed), as the Python SDK's socket timeout; tests shorten it.
   */
  static volatile Duration httpStallTimeout = HTTP_TIMEOUT;

  /**
   * One HTTP client for every direct download (it keeps a connection pool and threads), and the
   * thread that closes bodies that have stalled.
   */
  private static final class Http {
    static final HttpClient CLIENT =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(HTTP_TIMEOUT)
            .build();
    static final ScheduledExecutorService WATCHDOG =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cairn-http-watchdog");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Watches a response body: closes it once no byte has come for {@link #httpStallTimeout}, so a
   * read blocked on a stalled connection ends; {@link #touch} after each read, {@link #check}
   * after its end.
   */
  private static final class StallWatch implements AutoCloseable {
    private final AtomicLong last = new AtomicLong(System.nanoTime());
    private final AtomicBoolean stalled = new AtomicBoolean();
    private final long limitNanos = httpStallTimeout.toNanos();
    private final ScheduledFuture<?> task;

    StallWatch(InputStream body) {
      long period = Math.max(10, httpStallTimeout.toMillis() / 4);
      task =
          Http.WATCHDOG.scheduleAtFixedRate(
              () -> {
                if (System.nanoTime() - last.get() > limitNanos && stalled.compareAndSet(false, true)) {
                  try {
                    body.close();
                  } catch (IOException ignored) {
                    // the reader sees the stall through check()
                  }
                }
              },
              period,
              period,
              TimeUnit.MILLISECONDS);
    }

    void touch() {
      last.set(System.nanoTime());
    }

    /** Throws when the body ended because it stalled (a closed body may read as its end). */
    void check() throws IOException {
      if (stalled.get()) {
        throw new IOException("no bytes for " + httpStallTimeout.toMillis() + " ms");
      }
    }

    @Override
    public void close() {
      task.cancel(false);
    }
  }

  /** CreatePresignedUrl for {@code method} GET or PUT (any case); anything else is refused here. */
  PresignedUrl presignedUrl(String runId, String path, String method, int expiresSeconds) {
    PresignedMethod m =
        switch (method == null ? "" : method.toUpperCase(Locale.ROOT)) {
          case "GET" -> PresignedMethod.PRESIGNED_METHOD_GET;
          case "PUT" -> PresignedMethod.PRESIGNED_METHOD_PUT;
          default -> throw new IllegalArgumentException(
              "cairn: presigned URL method must be GET or PUT, not " + quoted(String.valueOf(method)));
        };
    CreatePresignedUrlResponse r =
        ArtifactServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(UNARY_DEADLINE_S, TimeUnit.SECONDS)
            .createPresignedUrl(
                CreatePresignedUrlRequest.newBuilder()
                    .setRunId(runId)
                    .setPath(path)
                    .setMethod(m)
                    .setExpiresSeconds(expiresSeconds)
                    .build());
    return new PresignedUrl(
        r.getUrl(), Instant.ofEpochMilli(r.getExpireTimeMillis()), r.hasArtifact() ? r.getArtifact() : null);
  }

  /**
   * The artifact's bytes from the object store, as the Python SDK's {@code _fetch_direct}: a GET
   * of a presigned URL, resumed with a Range request after a dropped connection (a response that
   * is not 206 then is DATA_LOSS), a new URL when one that has served a response answers 403 (it
   * expired during a long transfer), retries with backoff after 408, 429, 5xx and network
   * errors. Other statuses are final: 403 PERMISSION_DENIED, 404 NOT_FOUND, 416 DATA_LOSS, the
   * rest UNAVAILABLE. Verified against the artifact record that came with the first URL.
   */
  private Fetched fetchDirect(
      String runId, String path, FileChannel out, Path partial, MessageDigest digest) {
    PresignedUrl presigned = presignedUrl(runId, path, "GET", DIRECT_URL_EXPIRES_S);
    Artifact expected = presigned.artifact();
    if (expected == null) {
      throw Status.UNIMPLEMENTED
          .withDescription(
              "cairn: the server did not describe the artifact behind its presigned URL (an older"
                  + " server?); download through the server instead [NO_ARTIFACT_RECORD]")
          .asRuntimeException();
    }
    URI uri = httpUri(presigned.url());
    long size = expected.getSizeBytes();
    long received = 0;
    int attempt = 0;
    boolean fresh = true; // the URL has not served a response yet
    byte[] buf = new byte[HTTP_BUFFER];
    while (received == 0 || received < size) { // after a drop past the last byte, done
      long before = received;
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(HTTP_TIMEOUT).GET();
      if (received > 0) {
        // Only the rest (were the object replaced meanwhile, the digest check would fail).
        request.header("Range", "bytes=" + received + "-");
      }
      try {
        HttpResponse<InputStream> response =
            Http.CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
          int status = response.statusCode();
          if (status >= 200 && status < 300) {
            fresh = false;
            if (received > 0 && status != 206) {
              throw Status.DATA_LOSS
                  .withDescription(
                      "cairn: the object store ignored the byte range resuming " + quoted(path) + " [RANGE_IGNORED]")
                  .asRuntimeException();
            }
            try (StallWatch watch = new StallWatch(body)) {
              for (int n; (n = body.read(buf)) >= 0; ) {
                watch.touch();
                digest.update(buf, 0, n);
                received += n;
                if (received > size) {
                  throw dataLoss(path, "received more than its " + size + " bytes");
                }
                writeLocal(out, ByteBuffer.wrap(buf, 0, n), partial);
              }
              watch.check();
            }
            break;
          }
          // A 403 from a URL that worked before: it expired during a long transfer.
          boolean expired = status == 403 && !fresh;
          if (!(expired || HTTP_RETRY.contains(status)) || attempt >= RETRIES) {
            throw httpStatus(status)
                .withDescription(
                    "cairn: the object store answered HTTP " + status + " for " + quoted(path) + " [OBJECT_STORE_ERROR]")
                .asRuntimeException();
          }
          if (expired) {
            presigned = presignedUrl(runId, path, "GET", DIRECT_URL_EXPIRES_S);
            uri = httpUri(presigned.url());
            fresh = true;
          }
        }
      } catch (IOException e) {
        // The network's (a local write error is thrown as is, by writeLocal).
        if (received > before) {
          attempt = 0; // progress: a fresh budget for the rest
        }
        if (attempt >= RETRIES) {
          throw Status.UNAVAILABLE
              .withDescription(
                  "cairn: cannot read " + quoted(path) + " from the object store at " + uri.getAuthority()
                      + ": " + e + " [OBJECT_STORE_UNREACHABLE]")
              .withCause(e)
              .asRuntimeException();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Status.CANCELLED.withDescription("cairn: download interrupted").withCause(e).asRuntimeException();
      }
      sleepBackoff(attempt++);
    }
    return new Fetched(expected, received);
  }

  /** The gRPC code of an object store's final HTTP status. */
  private static Status httpStatus(int status) {
    return switch (status) {
      case 403 -> Status.PERMISSION_DENIED;
      case 404 -> Status.NOT_FOUND;
      case 416 -> Status.DATA_LOSS;
      default -> Status.UNAVAILABLE;
    };
  }

  /** A presigned URL as a URI, refusing (FAILED_PRECONDITION) anything but http(s). */
  private static URI httpUri(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      uri = null;
    }
    String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw Status.FAILED_PRECONDITION
          .withDescription("cairn: the server's presigned URL is not http(s); refusing to open it [BAD_PRESIGNED_URL]")
          .asRuntimeException();
    }
    return uri;
  }

  /** Writes all of {@code b} to the partial file; its failure is local, never retried. */
  private static void writeLocal(FileChannel out, ByteBuffer b, Path partial) {
    try {
      while (b.hasRemaining()) {
        out.write(b);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cairn: writing " + partial + ": " + e.getMessage(), e);
    }
  }

  private static StatusRuntimeException dataLoss(String path, String what) {
    return Status.DATA_LOSS
        .withDescription("cairn: download of artifact " + path + " failed verification: " + what)
        .asRuntimeException();
  }

  // --- trees ----------------------------------------------------------------

  /**
   * One file of a tree: its size, which decides whether it goes in parallel, what it is (for the
   * error it may throw), and its transfer.
   */
  record Job<T>(long size, String what, Supplier<T> transfer) {
    /** Runs the transfer, naming the file in the error it throws. */
    T run() {
      try {
        return transfer.get();
      } catch (StatusRuntimeException e) {
        Status s = e.getStatus();
        String why = s.getDescription() == null ? "" : ": " + s.getDescription();
        throw s.withDescription("cairn: " + what + why).withCause(e).asRuntimeException(e.getTrailers());
      } catch (UncheckedIOException e) {
        throw new UncheckedIOException("cairn: " + what + ": " + e.getMessage(), e.getCause());
      }
    }
  }

  /**
   * Uploads every regular file under {@code localDir} (symlinks are not followed) to {@code dir
   * + "/" + its relative path}, as the Python SDK's log_artifacts; returns the artifacts in path
   * order.
   */
  List<Artifact> uploadTree(String runId, Path localDir, String dir) {
    if (!Files.isDirectory(localDir)) {
      throw new UncheckedIOException(
          "cairn: " + localDir + " is not a directory", new NotDirectoryException(localDir.toString()));
    }
    String prefix = stripSlashes(dir);
    Map<String, Path> files = new TreeMap<>(PATH_ORDER);
    List<Job<Artifact>> jobs = new ArrayList<>();
    try {
      Path root = localDir.toRealPath(); // a symlink given as the folder itself is followed
      // Without FOLLOW_LINKS, a symlink's attributes are its own: never a regular file.
      try (Stream<Path> found = Files.find(root, Integer.MAX_VALUE, (f, attrs) -> attrs.isRegularFile())) {
        found.map(root::relativize).forEach(rel -> files.put(slashed(prefix, rel), localDir.resolve(rel)));
      }
      for (Map.Entry<String, Path> file : files.entrySet()) {
        String path = file.getKey();
        Path local = file.getValue();
        jobs.add(
            new Job<>(
                Files.size(local),
                "uploading " + local + " to " + path,
                () -> uploadFile(runId, local, path)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cairn: reading " + localDir + ": " + e.getMessage(), e);
    }
    return transferAll(jobs);
  }

  /** {@code prefix} and the names of {@code rel}, joined with "/" ({@code prefix} may be ""). */
  private static String slashed(String prefix, Path rel) {
    StringJoiner out = new StringJoiner("/");
    if (!prefix.isEmpty()) {
      out.add(prefix);
    }
    rel.forEach(name -> out.add(name.toString()));
    return out.toString();
  }

  /**
   * Downloads a file or a folder ("" for all of the run's artifacts) into the directory {@code
   * dest}, as the Python SDK's download_artifacts; returns the local path of what {@code path}
   * names.
   */
  Path downloadTree(String runId, String path, Path dest) {
    return downloadTree(runId, path, dest, false);
  }

  /** As {@link #downloadTree(String, String, Path)}, each file directly when {@code direct}. */
  Path downloadTree(String runId, String path, Path dest, boolean direct) {
    try {
      Files.createDirectories(dest);
    } catch (IOException e) {
      throw new UncheckedIOException("cairn: creating " + dest + ": " + e.getMessage(), e);
    }
    String dir = stripSlashes(path);
    List<Artifact> files = list(runId, dir);
    String base = dir.substring(dir.lastIndexOf('/') + 1);
    if (!dir.isEmpty() && files.isEmpty()) {
      // Not a folder: a single file (NOT_FOUND comes from the download).
      Path target = localTarget(dest, base);
      download(runId, dir, target, direct);
      return target;
    }
    Path root = dir.isEmpty() ? dest : localTarget(dest, base);
    List<Job<Artifact>> jobs = new ArrayList<>();
    for (Artifact a : files) {
      String name = a.getPath();
      if (!dir.isEmpty() && !name.startsWith(dir + "/")) {
        throw unsafe("refusing to write " + quoted(name) + ", listed under " + quoted(dir));
      }
      Path local = localTarget(root, dir.isEmpty() ? name : name.substring(dir.length() + 1));
      jobs.add(
          new Job<>(
              a.getSizeBytes(), "downloading " + name + " to " + local, () -> download(runId, name, local, direct)));
    }
    transferAll(jobs);
    return root;
  }

  /** Every file under {@code dir} ("" for the whole run), in path order, page by page. */
  private List<Artifact> list(String runId, String dir) {
    ArtifactServiceGrpc.ArtifactServiceBlockingStub stub = ArtifactServiceGrpc.newBlockingStub(channel);
    List<Artifact> out = new ArrayList<>();
    String token = "";
    do {
      ListArtifactsRequest request =
          ListArtifactsRequest.newBuilder()
              .setRunId(runId)
              .setPath(dir)
              .setRecursive(true)
              .setPageSize(LIST_PAGE_SIZE)
              .setPageToken(token)
              .build();
      ListArtifactsResponse page =
          withRetries(() -> stub.withDeadlineAfter(UNARY_DEADLINE_S, TimeUnit.SECONDS).listArtifacts(request));
      out.addAll(page.getArtifactsList());
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return out;
  }

  /**
   * Where the artifact path {@code rel} lands under {@code root}, refusing (INVALID_ARGUMENT)
   * empty, ".", ".." and NUL or backslash components, and anything that would resolve outside
   * {@code root}, symlinks on the way included: a defence in depth, as the server validates paths
   * too.
   */
  static Path localTarget(Path root, String rel) {
    Path target = root;
    for (String name : rel.split("/", -1)) {
      if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("\\") || name.contains("\0")) {
        throw unsafe("refusing to write unsafe artifact path " + quoted(rel));
      }
      target = target.resolve(name);
    }
    try {
      if (!resolved(target).startsWith(resolved(root))) {
        throw unsafe("refusing to write " + quoted(rel) + " outside " + root);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cairn: resolving " + target + ": " + e.getMessage(), e);
    }
    return target;
  }

  /** {@code p} absolute, with the symlinks of its longest existing ancestor resolved. */
  private static Path resolved(Path p) throws IOException {
    Path abs = p.toAbsolutePath().normalize();
    Path existing = abs;
    while (!Files.exists(existing) && existing.getParent() != null) {
      existing = existing.getParent();
    }
    return existing.toRealPath().resolve(existing.relativize(abs));
  }

  private static StatusRuntimeException unsafe(String what) {
    return Status.INVALID_ARGUMENT.withDescription("cairn: " + what).asRuntimeException();
  }

  private static String quoted(String s) {
    return "'" + s + "'";
  }

  /**
   * Runs the transfers of a tree and returns their results in the jobs' order. Small files (at
   * most {@link #SINGLE_CALL_MAX}), whose cost is a call's latency rather than bandwidth, go
   * {@link #PARALLEL_FILES} at a time; bigger ones one by one afterwards. The first failure is
   * thrown, naming its file, once the transfers already running have ended; those not started
   * are dropped.
   */
  static <T> List<T> transferAll(List<Job<T>> jobs) {
    List<T> results = new ArrayList<>(Collections.nCopies(jobs.size(), null));
    List<Integer> small = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      if (jobs.get(i).size() <= SINGLE_CALL_MAX) {
        small.add(i);
      }
    }
    if (!small.isEmpty()) {
      AtomicReference<Throwable> failure = new AtomicReference<>();
      ExecutorService pool =
          Executors.newFixedThreadPool(
              Math.min(PARALLEL_FILES, small.size()),
              r -> {
                Thread t = new Thread(r, "cairn-files");
                t.setDaemon(true);
                return t;
              });
      try {
        List<Future<T>> futures = new ArrayList<>();
        for (int i : small) {
          Job<T> job = jobs.get(i);
          futures.add(
              pool.submit(
                  () -> {
                    if (failure.get() != null) {
                      return null; // one has failed: start no more
                    }
                    try {
                      return job.run();
                    } catch (RuntimeException | Error e) {
                      failure.compareAndSet(null, e);
                      return null;
                    }
                  }));
        }
        for (int k = 0; k < small.size(); k++) {
          results.set(small.get(k), futures.get(k).get()); // waits for every one to end
        }
      } catch (InterruptedException e) {
        pool.shutdownNow();
        Thread.currentThread().interrupt();
        throw Status.CANCELLED.withDescription("cairn: interrupted").withCause(e).asRuntimeException();
      } catch (ExecutionException e) {
        throw new IllegalStateException("unreachable: the jobs catch their failures", e);
      } finally {
        pool.shutdown();
      }
      if (failure.get() instanceof RuntimeException e) {
        throw e;
      }
      if (failure.get() instanceof Error e) {
        throw e;
      }
    }
    for (int i = 0; i < jobs.size(); i++) {
      if (jobs.get(i).size() > SINGLE_CALL_MAX) {
        results.set(i, jobs.get(i).run());
      }
    }
    return results;
  }

  // --- helpers --------------------------------------------------------------

  /** Lowercase hex SHA-256 of a file, read in 1 MiB pieces. */
  static String sha256(Path file) throws IOException {
    MessageDigest md = newSha256();
    byte[] buf = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) >= 0; ) {
        md.update(buf, 0, n);
      }
    }
    return hex(md.digest());
  }

  private static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Runs a unary call, retrying retryable failures with backoff. */
  private static <T> T withRetries(Supplier<T> call) {
    for (int attempt = 0; ; attempt++) {
      try {
        return call.get();
      } catch (StatusRuntimeException e) {
        if (!retryable(e) || attempt >= RETRIES) {
          throw e;
        }
      }
      sleepBackoff(attempt);
    }
  }

  /** Sleeps 0.2 s doubling up to 5 s; an interrupt ends the transfer with CANCELLED. */
  static void sleepBackoff(int attempt) {
    long ms = Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS << Math.min(attempt, 10));
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Status.CANCELLED.withDescription("cairn: interrupted while retrying").withCause(e).asRuntimeException();
    }
  }

  /** Waits for an async call's result, turning its failure into a StatusRuntimeException. */
  private static <T> T await(CompletableFuture<T> f, Runnable onInterrupt) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      onInterrupt.run();
      Thread.currentThread().interrupt();
      throw Status.CANCELLED.withDescription("cairn: interrupted").withCause(e).asRuntimeException();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof StatusRuntimeException sre) {
        throw sre;
      }
      throw Status.fromThrowable(cause).asRuntimeException();
    }
  }
}
