package dev.cairn.client;

import com.google.protobuf.ByteString;
import dev.cairn.v1.Artifact;
import dev.cairn.v1.ArtifactServiceGrpc;
import dev.cairn.v1.CreatePresignedUrlRequest;
import dev.cairn.v1.CreatePresignedUrlResponse;
import dev.cairn.v1.DownloadArtifactRequest;
import dev.cairn.v1.DownloadArtifactResponse;
import dev.cairn.v1.GetUploadRequest;
import dev.cairn.v1.GetUploadResponse;
import dev.cairn.v1.ListArtifactsRequest;
import dev.cairn.v1.ListArtifactsResponse;
import dev.cairn.v1.PresignedMethod;
import dev.cairn.v1.StartUploadRequest;
import dev.cairn.v1.StartUploadResponse;
import dev.cairn.v1.Upload;
import dev.cairn.v1.UploadArtifactRequest;
import dev.cairn.v1.UploadArtifactResponse;
import dev.cairn.v1.UploadHeader;
import dev.cairn.v1.UploadState;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;

/**
 * An in-process ArtifactService following the resumable upload/download contract: offsets must
 * equal the committed bytes, data messages are at most 4 MiB, the claimed SHA-256 is checked on
 * completion. An UploadArtifact header may also start an upload itself (one-call uploads);
 * ListArtifacts lists recursively, in path order, page by page. Tests inject one failure at a byte
 * position, failures for given paths or delays, and inspect what was received.
 */
final class FakeArtifacts extends ArtifactServiceGrpc.ArtifactServiceImplBase {
  static final int MAX_DATA = 4 * 1024 * 1024;
  static final int DOWNLOAD_CHUNK = 64 * 1024;

  static final class UploadSession {
    String id;
    String runId;
    String path;
    long size;
    String claimedSha256;
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean completed;
  }

  static final class Stored {
    byte[] bytes;
    String recordedSha256;
  }

  final Map<String, UploadSession> uploads = new HashMap<>();
  final Map<String, Stored> stored = new HashMap<>();
  /** Offsets of every UploadArtifact header received. */
  final List<Long> headerOffsets = new ArrayList<>();
  /** Sizes of every data message received. */
  final List<Integer> dataSizes = new ArrayList<>();
  /** Offsets of every DownloadArtifact request. */
  final List<Long> downloadOffsets = new ArrayList<>();
  /** Paths of every DownloadArtifact request, in order. */
  final List<String> downloadPaths = new ArrayList<>();
  /** Paths of the completed uploads, in the order they completed. */
  final List<String> storedOrder = new ArrayList<>();
  /** Every ListArtifacts request. */
  final List<ListArtifactsRequest> listRequests = new ArrayList<>();
  int startUploads;
  int getUploads;
  /** Largest page ListArtifacts returns, whatever the request asks. */
  int listPageMax = Integer.MAX_VALUE;
  /** Uploads (at the header) and downloads of these paths fail with the given status. */
  final Map<String, Status> failPaths = new HashMap<>();
  /**
   * How long (ms) an upload of a path waits before it completes, and a download before it sends;
   * {@link #active} counts the calls waiting, {@link #maxActive} the most at once.
   */
  volatile ToLongFunction<String> delayMs = path -> 0;
  final AtomicInteger active = new AtomicInteger();
  final AtomicInteger maxActive = new AtomicInteger();
  /** Once committed bytes reach this, the upload stream fails with UNAVAILABLE (once). */
  long failUploadAt = -1;
  /** Once this many bytes have been sent, the download stream fails with UNAVAILABLE (once). */
  long failDownloadAt = -1;
  /**
   * When 0 or more, upload streams use manual flow control and ask for only this many messages
   * at first; {@link #gated} is the stream, so a test can ask for more.
   */
  int uploadInitialRequest = -1;
  volatile ServerCallStreamObserver<UploadArtifactResponse> gated;
  /**
   * Where CreatePresignedUrl points: {@code presignBase + "/" + run + "/" + path + "?token=N"}, N
   * counting the URLs handed out. Empty: the server is on a local folder and answers
   * UNIMPLEMENTED.
   */
  volatile String presignBase = "";
  /** When set, the URL every CreatePresignedUrl returns instead. */
  volatile String presignUrlOverride;
  /** Whether CreatePresignedUrl leaves out the artifact record (as an older server would). */
  volatile boolean presignWithoutArtifact;
  /** Every CreatePresignedUrl request. */
  final List<CreatePresignedUrlRequest> presignRequests = new ArrayList<>();

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  synchronized int received() {
    return headerOffsets.size() + dataSizes.size();
  }

  synchronized void store(String runId, String path, byte[] bytes, String recordedSha256) {
    Stored s = new Stored();
    s.bytes = bytes;
    s.recordedSha256 = recordedSha256;
    stored.put(runId + "/" + path, s);
  }

  /** Waits as {@link #delayMs} says for {@code path}, counted in {@link #active}. */
  private void delay(String path) {
    long ms = delayMs.applyAsLong(path);
    if (ms <= 0) {
      return;
    }
    maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      active.decrementAndGet();
    }
  }

  /** A new upload session, or the error that refuses it. */
  private synchronized Object start(StartUploadRequest req) {
    if (req.getPath().startsWith("..") || req.getPath().contains("/../")) {
      return Status.INVALID_ARGUMENT.withDescription("path escapes the run");
    }
    if (failPaths.containsKey(req.getPath())) {
      return failPaths.get(req.getPath());
    }
    UploadSession u = new UploadSession();
    u.id = "up-" + (uploads.size() + 1);
    u.runId = req.getRunId();
    u.path = req.getPath();
    u.size = req.getSizeBytes();
    u.claimedSha256 = req.getSha256();
    uploads.put(u.id, u);
    return u;
  }

  @Override
  public synchronized void startUpload(
      StartUploadRequest req, StreamObserver<StartUploadResponse> out) {
    startUploads++;
    Object started = start(req);
    if (started instanceof Status s) {
      out.onError(s.asRuntimeException());
      return;
    }
    out.onNext(StartUploadResponse.newBuilder().setUpload(proto((UploadSession) started)).build());
    out.onCompleted();
  }

  @Override
  public synchronized void getUpload(GetUploadRequest req, StreamObserver<GetUploadResponse> out) {
    getUploads++;
    UploadSession u = uploads.get(req.getUploadId());
    if (u == null) {
      out.onError(Status.NOT_FOUND.asRuntimeException());
      return;
    }
    out.onNext(GetUploadResponse.newBuilder().setUpload(proto(u)).build());
    out.onCompleted();
  }

  private static Upload proto(UploadSession u) {
    return Upload.newBuilder()
        .setUploadId(u.id)
        .setRunId(u.runId)
        .setPath(u.path)
        .setSizeBytes(u.size)
        .setCommittedBytes(u.bytes.size())
        .setSha256(u.claimedSha256)
        .setState(u.completed ? UploadState.UPLOAD_STATE_COMPLETED : UploadState.UPLOAD_STATE_IN_PROGRESS)
        .build();
  }

  private static Artifact artifact(UploadSession u) {
    byte[] b = u.bytes.toByteArray();
    return Artifact.newBuilder()
        .setRunId(u.runId)
        .setPath(u.path)
        .setSizeBytes(b.length)
        .setSha256(sha256(b))
        .build();
  }

  @Override
  public StreamObserver<UploadArtifactRequest> uploadArtifact(
      StreamObserver<UploadArtifactResponse> out) {
    if (uploadInitialRequest >= 0) {
      ServerCallStreamObserver<UploadArtifactResponse> call =
          (ServerCallStreamObserver<UploadArtifactResponse>) out;
      call.disableAutoRequest();
      call.request(uploadInitialRequest);
      gated = call;
    }
    return new StreamObserver<>() {
      UploadSession u;
      boolean done;

      private void fail(Status s) {
        done = true;
        out.onError(s.asRuntimeException());
      }

      @Override
      public void onNext(UploadArtifactRequest req) {
        synchronized (FakeArtifacts.this) {
          if (done) {
            return;
          }
          if (u == null) {
            if (!req.hasHeader()) {
              fail(Status.INVALID_ARGUMENT.withDescription("header first"));
              return;
            }
            UploadHeader header = req.getHeader();
            headerOffsets.add(header.getOffset());
            if (header.hasStart()) {
              Object started = start(header.getStart());
              if (started instanceof Status s) {
                fail(s);
                return;
              }
              u = (UploadSession) started;
            } else {
              u = uploads.get(header.getUploadId());
            }
            if (u == null) {
              fail(Status.NOT_FOUND);
            } else if (header.getOffset() != u.bytes.size()) {
              fail(Status.FAILED_PRECONDITION.withDescription("offset != committed"));
            }
            return;
          }
          if (!req.hasData()) {
            fail(Status.INVALID_ARGUMENT.withDescription("only the first message may be a header"));
            return;
          }
          ByteString data = req.getData();
          dataSizes.add(data.size());
          if (data.size() > MAX_DATA) {
            fail(Status.INVALID_ARGUMENT.withDescription("data message over 4 MiB"));
            return;
          }
          if (u.bytes.size() + data.size() > u.size) {
            fail(Status.INVALID_ARGUMENT.withDescription("more bytes than declared"));
            return;
          }
          u.bytes.writeBytes(data.toByteArray());
          if (failUploadAt >= 0 && u.bytes.size() >= failUploadAt) {
            failUploadAt = -1;
            fail(Status.UNAVAILABLE.withDescription("injected: connection lost"));
          }
        }
      }

      @Override
      public void onError(Throwable t) {
        synchronized (FakeArtifacts.this) {
          done = true;
        }
      }

      @Override
      public void onCompleted() {
        if (u != null) {
          delay(u.path);
        }
        synchronized (FakeArtifacts.this) {
          if (done) {
            return;
          }
          done = true;
          UploadArtifactResponse.Builder resp = UploadArtifactResponse.newBuilder();
          if (u.bytes.size() == u.size) {
            byte[] b = u.bytes.toByteArray();
            if (!u.claimedSha256.isEmpty() && !u.claimedSha256.equals(sha256(b))) {
              out.onError(Status.DATA_LOSS.withDescription("digest mismatch").asRuntimeException());
              return;
            }
            u.completed = true;
            store(u.runId, u.path, b, sha256(b));
            storedOrder.add(u.path);
            resp.setArtifact(artifact(u));
          }
          resp.setUpload(proto(u));
          out.onNext(resp.build());
          out.onCompleted();
        }
      }
    };
  }

  @Override
  public void downloadArtifact(
      DownloadArtifactRequest req, StreamObserver<DownloadArtifactResponse> out) {
    Stored s;
    long failAt;
    Status failure;
    synchronized (this) {
      downloadOffsets.add(req.getOffset());
      downloadPaths.add(req.getPath());
      s = stored.get(req.getRunId() + "/" + req.getPath());
      failAt = failDownloadAt;
      failure = failPaths.get(req.getPath());
    }
    delay(req.getPath());
    if (failure != null) {
      out.onError(failure.asRuntimeException());
      return;
    }
    if (s == null) {
      out.onError(Status.NOT_FOUND.withDescription("no artifact " + req.getPath()).asRuntimeException());
      return;
    }
    if (req.getOffset() > s.bytes.length) {
      out.onError(Status.OUT_OF_RANGE.asRuntimeException());
      return;
    }
    out.onNext(
        DownloadArtifactResponse.newBuilder()
            .setArtifact(
                Artifact.newBuilder()
                    .setRunId(req.getRunId())
                    .setPath(req.getPath())
                    .setSizeBytes(s.bytes.length)
                    .setSha256(s.recordedSha256))
            .build());
    int pos = (int) req.getOffset();
    while (pos < s.bytes.length) {
      if (failAt >= 0 && pos >= failAt) {
        synchronized (this) {
          failDownloadAt = -1;
        }
        out.onError(Status.UNAVAILABLE.withDescription("injected: connection lost").asRuntimeException());
        return;
      }
      int n = Math.min(DOWNLOAD_CHUNK, s.bytes.length - pos);
      out.onNext(
          DownloadArtifactResponse.newBuilder().setData(ByteString.copyFrom(s.bytes, pos, n)).build());
      pos += n;
    }
    out.onCompleted();
  }

  /** GET of a missing artifact is NOT_FOUND; the record of a GET is the stored one. */
  @Override
  public synchronized void createPresignedUrl(
      CreatePresignedUrlRequest req, StreamObserver<CreatePresignedUrlResponse> out) {
    presignRequests.add(req);
    if (presignBase.isEmpty() && presignUrlOverride == null) {
      out.onError(Status.UNIMPLEMENTED.withDescription("artifacts are on a local folder").asRuntimeException());
      return;
    }
    boolean get = req.getMethod() == PresignedMethod.PRESIGNED_METHOD_GET;
    Stored s = stored.get(req.getRunId() + "/" + req.getPath());
    if (get && s == null) {
      out.onError(Status.NOT_FOUND.withDescription("no artifact " + req.getPath()).asRuntimeException());
      return;
    }
    String url =
        presignUrlOverride != null
            ? presignUrlOverride
            : presignBase + "/" + req.getRunId() + "/" + req.getPath() + "?token=" + presignRequests.size();
    CreatePresignedUrlResponse.Builder resp =
        CreatePresignedUrlResponse.newBuilder()
            .setUrl(url)
            .setExpireTimeMillis(System.currentTimeMillis() + req.getExpiresSeconds() * 1000L);
    if (get && !presignWithoutArtifact) {
      resp.setArtifact(
          Artifact.newBuilder()
              .setRunId(req.getRunId())
              .setPath(req.getPath())
              .setSizeBytes(s.bytes.length)
              .setSha256(s.recordedSha256));
    }
    out.onNext(resp.build());
    out.onCompleted();
  }

  /** Recursive listings only: every file under the path, in byte order of the paths. */
  @Override
  public synchronized void listArtifacts(
      ListArtifactsRequest req, StreamObserver<ListArtifactsResponse> out) {
    listRequests.add(req);
    if (!req.getRecursive()) {
      out.onError(Status.UNIMPLEMENTED.withDescription("the fake lists recursively only").asRuntimeException());
      return;
    }
    String run = req.getRunId() + "/";
    String under = req.getPath().isEmpty() ? "" : req.getPath() + "/";
    List<String> paths = new ArrayList<>();
    for (String key : stored.keySet()) {
      if (key.startsWith(run) && key.startsWith(under, run.length())) {
        paths.add(key.substring(run.length()));
      }
    }
    paths.sort(ArtifactTransfer.PATH_ORDER);
    int from = req.getPageToken().isEmpty() ? 0 : Integer.parseInt(req.getPageToken());
    int to = Math.min(paths.size(), from + Math.min(req.getPageSize(), listPageMax));
    ListArtifactsResponse.Builder resp = ListArtifactsResponse.newBuilder();
    for (String path : paths.subList(from, to)) {
      Stored s = stored.get(run + path);
      resp.addArtifacts(
          Artifact.newBuilder()
              .setRunId(req.getRunId())
              .setPath(path)
              .setSizeBytes(s.bytes.length)
              .setSha256(s.recordedSha256));
    }
    if (to < paths.size()) {
      resp.setNextPageToken(String.valueOf(to));
    }
    out.onNext(resp.build());
    out.onCompleted();
  }
}
