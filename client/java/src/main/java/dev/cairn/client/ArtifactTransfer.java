package dev.cairn.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.cairn.v1.Artifact;
import dev.cairn.v1.ArtifactServiceGrpc;
import dev.cairn.v1.DownloadArtifactRequest;
import dev.cairn.v1.DownloadArtifactResponse;
import dev.cairn.v1.GetUploadRequest;
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
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Verified, resumable artifact transfers over ArtifactService (see {@link
 * CairnClient#uploadArtifact} and {@link CairnClient#downloadArtifact}).
 */
final class ArtifactTransfer {
  /** Largest {@code data} message the server accepts. */
  static final int CHUNK = 4 * 1024 * 1024;
  /** Retries of one transfer after retryable failures (reset whenever bytes move). */
  static final int RETRIES = 20;
  /** Suffix of the file a download writes before it is verified and moved into place. */
  static final String PARTIAL_SUFFIX = ".cairn-partial";

  private static final long INITIAL_BACKOFF_MS = 200;
  private static final long MAX_BACKOFF_MS = 5_000;
  private static final long UNARY_DEADLINE_S = 60;

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
    String d = dir == null ? "" : dir;
    int start = 0;
    int end = d.length();
    while (start < end && d.charAt(start) == '/') {
      start++;
    }
    while (end > start && d.charAt(end - 1) == '/') {
      end--;
    }
    d = d.substring(start, end);
    return d.isEmpty() ? name.toString() : d + "/" + name;
  }

  // --- upload ---------------------------------------------------------------

  Artifact upload(String runId, Path local, String dir) {
    String path = artifactPath(local, dir);
    long size;
    String digest;
    try {
      size = Files.size(local);
      digest = sha256(local);
    } catch (IOException e) {
      throw new UncheckedIOException("cairn: reading " + local + ": " + e.getMessage(), e);
    }
    ArtifactServiceGrpc.ArtifactServiceBlockingStub blocking =
        ArtifactServiceGrpc.newBlockingStub(channel);
    StartUploadRequest start =
        StartUploadRequest.newBuilder()
            .setRunId(runId)
            .setPath(path)
            .setSizeBytes(size)
            .setSha256(digest)
            .build();
    String uploadId =
        withRetries(
            () -> blocking.withDeadlineAfter(UNARY_DEADLINE_S, TimeUnit.SECONDS).startUpload(start))
            .getUpload()
            .getUploadId();
    GetUploadRequest get = GetUploadRequest.newBuilder().setUploadId(uploadId).build();
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
        error =
            Status.UNAVAILABLE
                .withDescription("cairn: upload of " + path + " ended before it completed")
                .asRuntimeException();
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

  /**
   * One UploadArtifact call: the header at {@code offset}, then the file from there in chunks of
   * at most {@link #CHUNK}, each sent only when the transport is ready for it, so no more than a
   * chunk or two are ever in memory. Returns the response or throws the call's error.
   */
  private UploadArtifactResponse sendFrom(String uploadId, Path local, long offset, long size) {
    Sender sender = new Sender();
    ArtifactServiceGrpc.newStub(channel).uploadArtifact(sender);
    ClientCallStreamObserver<UploadArtifactRequest> out = sender.requests;
    try (FileChannel file = FileChannel.open(local, StandardOpenOption.READ)) {
      file.position(offset);
      sender.awaitReady();
      out.onNext(
          UploadArtifactRequest.newBuilder()
              .setHeader(UploadHeader.newBuilder().setUploadId(uploadId).setOffset(offset))
              .build());
      long pos = offset;
      while (pos < size && !sender.result.isDone()) {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, size - pos));
        while (buf.hasRemaining()) {
          if (file.read(buf) < 0) {
            throw new EOFException(local + " shrank while being uploaded");
          }
        }
        pos += buf.capacity();
        sender.awaitReady();
        if (sender.result.isDone()) {
          break; // the server has answered (an error): stop sending
        }
        // The buffer is never touched again, so gRPC may use it without a copy.
        out.onNext(
            UploadArtifactRequest.newBuilder().setData(UnsafeByteOperations.unsafeWrap(buf.array())).build());
      }
      if (!sender.result.isDone()) {
        out.onCompleted();
      }
    } catch (IOException e) {
      out.cancel("reading the local file failed", e);
      throw new UncheckedIOException("cairn: reading " + local + ": " + e.getMessage(), e);
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

  Artifact download(String runId, String path, Path dest) {
    Path partial = dest.resolveSibling(dest.getFileName() + PARTIAL_SUFFIX);
    boolean done = false;
    try {
      Path parent = dest.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      MessageDigest digest = newSha256();
      Artifact expected = null;
      long received = 0;
      try (FileChannel out =
          FileChannel.open(
              partial,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        ArtifactServiceGrpc.ArtifactServiceBlockingStub stub =
            ArtifactServiceGrpc.newBlockingStub(channel);
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
            break;
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
      if (expected == null) {
        throw dataLoss(path, "the server sent no artifact record");
      }
      if (received != expected.getSizeBytes()) {
        throw dataLoss(path, "received " + received + " bytes, want " + expected.getSizeBytes());
      }
      String got = HexFormat.of().formatHex(digest.digest());
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

  private static StatusRuntimeException dataLoss(String path, String what) {
    return Status.DATA_LOSS
        .withDescription("cairn: download of artifact " + path + " failed verification: " + what)
        .asRuntimeException();
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
    return HexFormat.of().formatHex(md.digest());
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
