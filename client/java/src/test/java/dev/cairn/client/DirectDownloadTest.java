package dev.cairn.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.v1.Artifact;
import dev.cairn.v1.PresignedMethod;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Presigned URLs and direct downloads, against {@link FakeArtifacts} and a {@link FakeObjectStore}. */
@Timeout(60)
class DirectDownloadTest {
  @TempDir Path tmp;

  private final List<AutoCloseable> cleanups = new ArrayList<>();
  private final FakeArtifacts fake = new FakeArtifacts();
  private FakeObjectStore store;
  private CairnClient client;

  @BeforeEach
  void setUp() throws Exception {
    String name = "cairn-direct-" + System.nanoTime();
    Server server = InProcessServerBuilder.forName(name).addService(fake).build().start();
    cleanups.add(server::shutdownNow);
    ManagedChannel ch = InProcessChannelBuilder.forName(name).build();
    client = new CairnClient.Builder("x", Map.of()).channel(ch).build();
    cleanups.add(client);
    store = new FakeObjectStore(fake);
    cleanups.add(store);
    fake.presignBase = store.base();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = cleanups.size() - 1; i >= 0; i--) {
      cleanups.get(i).close();
    }
  }

  private byte[] serve(String path, int size) {
    byte[] b = new byte[size];
    new Random(path.hashCode()).nextBytes(b);
    fake.store("r1", path, b, FakeArtifacts.sha256(b));
    return b;
  }

  private static Path partial(Path dest) {
    return dest.resolveSibling(dest.getFileName() + ".cairn-partial");
  }

  private static void assertNothingAt(Path dest) {
    assertFalse(Files.exists(dest), "no file at " + dest);
    assertFalse(Files.exists(partial(dest)), "no partial file beside " + dest);
  }

  private static List<String> ranges(List<FakeObjectStore.Request> requests) {
    return requests.stream().map(r -> r.range() == null ? "-" : r.range()).toList();
  }

  @Test
  void presignedUrlAsksForGetOrPutAndRefusesOtherMethodsLocally() {
    serve("m/w.bin", 10);

    PresignedUrl get = client.presignedUrl("r1", "m/w.bin", "get", 120);
    assertTrue(get.url().startsWith(store.base() + "/r1/m/w.bin"), get.url());
    assertNotNull(get.artifact());
    assertEquals(10, get.artifact().getSizeBytes());
    assertEquals(FakeArtifacts.sha256(fake.stored.get("r1/m/w.bin").bytes), get.artifact().getSha256());
    long inMs = get.expiresAt().toEpochMilli() - System.currentTimeMillis();
    assertTrue(inMs > 100_000 && inMs <= 120_000, "expires in " + inMs + " ms");

    PresignedUrl put = client.presignedUrl("r1", "m/new.bin", "PUT", 60);
    assertNull(put.artifact(), "no artifact for PUT");
    assertEquals(PresignedMethod.PRESIGNED_METHOD_GET, fake.presignRequests.get(0).getMethod());
    assertEquals(120, fake.presignRequests.get(0).getExpiresSeconds());
    assertEquals(PresignedMethod.PRESIGNED_METHOD_PUT, fake.presignRequests.get(1).getMethod());

    for (String bad : new String[] {"POST", "DELETE", "", null}) {
      assertThrows(IllegalArgumentException.class, () -> client.presignedUrl("r1", "m/w.bin", bad, 60), bad);
    }
    assertEquals(2, fake.presignRequests.size(), "refused methods never reach the server");

    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> client.presignedUrl("r1", "m/missing.bin", "GET", 60));
    assertTrue(CairnErrors.isNotFound(e));
  }

  @Test
  void directDownloadIsVerifiedAndBypassesTheServer() throws Exception {
    byte[] content = serve("data/set.bin", 3_000_000);
    Path dest = tmp.resolve("out").resolve("set.bin");

    Artifact a = client.downloadArtifact("r1", "data/set.bin", dest, true);

    assertArrayEquals(content, Files.readAllBytes(dest));
    assertEquals(content.length, a.getSizeBytes());
    assertFalse(Files.exists(partial(dest)));
    assertEquals(List.of(), fake.downloadPaths, "no bytes through the server");
    assertEquals(1, fake.presignRequests.size());
    assertEquals(PresignedMethod.PRESIGNED_METHOD_GET, fake.presignRequests.get(0).getMethod());
    assertEquals(List.of(new FakeObjectStore.Request("data/set.bin", "1", null)), store.requests());

    // Without direct, the same call goes through the server.
    client.downloadArtifact("r1", "data/set.bin", tmp.resolve("again.bin"));
    assertEquals(List.of("data/set.bin"), fake.downloadPaths);
    assertEquals(1, store.requests().size());
  }

  @Test
  void directDownloadResumesWithARangeAfterADroppedConnection() throws Exception {
    byte[] content = serve("big.bin", 2_500_000);
    store.dropAt = 1_000_000;
    Path dest = tmp.resolve("big.bin");

    client.downloadArtifact("r1", "big.bin", dest, true);

    assertArrayEquals(content, Files.readAllBytes(dest));
    List<FakeObjectStore.Request> got = store.requests();
    assertEquals(2, got.size(), "one resume: " + got);
    assertNull(got.get(0).range());
    String range = got.get(1).range();
    assertNotNull(range, "resumed with a Range");
    long from = Long.parseLong(range.substring("bytes=".length(), range.length() - 1));
    assertTrue(from > 0 && from <= 1_000_000, range);
    assertEquals(1, fake.presignRequests.size(), "the same URL");
  }

  @Test
  void aStalledConnectionIsDroppedAndResumed() throws Exception {
    byte[] content = serve("big.bin", 2_500_000);
    store.stallAt = 1_000_000;
    Duration before = ArtifactTransfer.httpStallTimeout;
    ArtifactTransfer.httpStallTimeout = Duration.ofMillis(300);
    try {
      Path dest = tmp.resolve("big.bin");
      long start = System.nanoTime();

      client.downloadArtifact("r1", "big.bin", dest, true);

      assertArrayEquals(content, Files.readAllBytes(dest));
      List<FakeObjectStore.Request> got = store.requests();
      assertEquals(2, got.size(), "one resume: " + got);
      assertNotNull(got.get(1).range(), "resumed with a Range");
      assertTrue(System.nanoTime() - start < 20_000_000_000L, "did not wait for the store");
    } finally {
      ArtifactTransfer.httpStallTimeout = before;
    }
  }

  @Test
  void aRangeTheStoreIgnoresIsDataLossAndLeavesNothing() throws Exception {
    serve("big.bin", 2_500_000);
    store.dropAt = 1_000_000;
    store.ignoreRange = true;
    Path dest = tmp.resolve("big.bin");

    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> client.downloadArtifact("r1", "big.bin", dest, true));

    assertEquals(Status.Code.DATA_LOSS, CairnErrors.code(e));
    assertTrue(e.getStatus().getDescription().contains("RANGE_IGNORED"), e.getStatus().getDescription());
    assertEquals(2, store.requests().size());
    assertNothingAt(dest);
  }

  @Test
  void anExpiredUrlIsReplacedByAFreshOneAndTheTransferResumes() throws Exception {
    byte[] content = serve("big.bin", 2_500_000);
    store.dropAt = 1_000_000;
    store.expireAfterFirstUse = true;
    Path dest = tmp.resolve("big.bin");

    client.downloadArtifact("r1", "big.bin", dest, true);

    assertArrayEquals(content, Files.readAllBytes(dest));
    List<FakeObjectStore.Request> got = store.requests();
    assertEquals(List.of("1", "1", "2"), got.stream().map(FakeObjectStore.Request::token).toList(), "" + got);
    assertNull(got.get(0).range());
    assertNotNull(got.get(1).range(), "the resume got 403");
    assertEquals(got.get(1).range(), got.get(2).range(), "the fresh URL resumes at the same offset");
    assertEquals(2, fake.presignRequests.size(), "a fresh URL was asked for");
  }

  @Test
  void httpStatusesMapToGrpcCodesAndFinalOnesAreNotRetried() throws Exception {
    serve("w.bin", 1000);
    // A 403 from a URL that has never served is final (no new URL): PERMISSION_DENIED.
    Map<Integer, Status.Code> want =
        Map.of(403, Status.Code.PERMISSION_DENIED, 404, Status.Code.NOT_FOUND, 416, Status.Code.DATA_LOSS, 400, Status.Code.UNAVAILABLE);
    for (Map.Entry<Integer, Status.Code> c : new TreeMap<>(want).entrySet()) {
      int before = store.requests().size();
      int presigns = fake.presignRequests.size();
      store.pathStatuses.put("w.bin", c.getKey());
      Path dest = tmp.resolve("w-" + c.getKey() + ".bin");

      StatusRuntimeException e =
          assertThrows(StatusRuntimeException.class, () -> client.downloadArtifact("r1", "w.bin", dest, true));

      assertEquals(c.getValue(), CairnErrors.code(e), "HTTP " + c.getKey());
      assertTrue(e.getStatus().getDescription().contains("HTTP " + c.getKey()), e.getStatus().getDescription());
      assertEquals(before + 1, store.requests().size(), "HTTP " + c.getKey() + " is not retried");
      assertEquals(presigns + 1, fake.presignRequests.size(), "HTTP " + c.getKey() + ": no fresh URL");
      assertNothingAt(dest);
    }
  }

  @Test
  void busyAndFailingStoresAreRetried() throws Exception {
    byte[] content = serve("w.bin", 5000);
    store.nextStatuses.addAll(List.of(503, 429, 500));
    Path dest = tmp.resolve("w.bin");

    client.downloadArtifact("r1", "w.bin", dest, true);

    assertArrayEquals(content, Files.readAllBytes(dest));
    assertEquals(4, store.requests().size());
    assertEquals(List.of("-", "-", "-", "-"), ranges(store.requests()), "nothing received before: no Range");
  }

  @Test
  void aMissingArtifactIsNotFoundFromTheServer() throws Exception {
    Path dest = tmp.resolve("missing.bin");

    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> client.downloadArtifact("r1", "missing.bin", dest, true));

    assertTrue(CairnErrors.isNotFound(e));
    assertEquals(List.of(), store.requests());
    assertNothingAt(dest);
  }

  @Test
  void aUrlThatIsNotHttpIsRefusedUnopened() throws Exception {
    serve("w.bin", 100);
    for (String url : List.of("file:///etc/passwd", "ftp://127.0.0.1/w.bin", "not a url at all", "")) {
      fake.presignUrlOverride = url;
      Path dest = tmp.resolve("w.bin");

      StatusRuntimeException e =
          assertThrows(StatusRuntimeException.class, () -> client.downloadArtifact("r1", "w.bin", dest, true), url);

      assertEquals(Status.Code.FAILED_PRECONDITION, CairnErrors.code(e), url);
      assertNothingAt(dest);
    }
    assertEquals(List.of(), store.requests());
  }

  @Test
  void noArtifactRecordWithTheUrlIsUnimplemented() throws Exception {
    serve("w.bin", 100);
    fake.presignWithoutArtifact = true;
    Path dest = tmp.resolve("w.bin");

    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> client.downloadArtifact("r1", "w.bin", dest, true));

    assertEquals(Status.Code.UNIMPLEMENTED, CairnErrors.code(e));
    assertTrue(e.getStatus().getDescription().contains("NO_ARTIFACT_RECORD"), e.getStatus().getDescription());
    assertEquals(List.of(), store.requests(), "nothing fetched without a record to verify against");
    assertNothingAt(dest);
  }

  @Test
  void aLocalFolderServerIsUnimplemented() throws Exception {
    serve("w.bin", 100);
    fake.presignBase = "";
    Path dest = tmp.resolve("w.bin");

    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> client.downloadArtifact("r1", "w.bin", dest, true));

    assertEquals(Status.Code.UNIMPLEMENTED, CairnErrors.code(e));
    assertNothingAt(dest);
  }

  @Test
  void aDigestMismatchIsDataLossAndLeavesNoFile() throws Exception {
    byte[] content = new byte[70_000];
    new Random(7).nextBytes(content);
    fake.store("r1", "bad.bin", content, FakeArtifacts.sha256(new byte[] {1, 2, 3}));
    Path dest = tmp.resolve("bad.bin");
    Files.writeString(dest.resolveSibling("other.txt"), "keep");

    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> client.downloadArtifact("r1", "bad.bin", dest, true));

    assertEquals(Status.Code.DATA_LOSS, CairnErrors.code(e));
    assertTrue(e.getStatus().getDescription().contains("bad.bin"), e.getStatus().getDescription());
    assertEquals(1, store.requests().size(), "a mismatch is not retried");
    assertNothingAt(dest);
  }

  @Test
  void aFolderIsDownloadedDirectlyFileByFile() throws Exception {
    Map<String, byte[]> want = new TreeMap<>();
    for (String p : List.of("m/sub/a.txt", "m/sub/b.txt", "m/sub/deep/c.txt", "m/sub/empty.txt")) {
      want.put("sub/" + p.substring("m/sub/".length()), serve(p, p.endsWith("empty.txt") ? 0 : 5000));
    }
    serve("m/other.txt", 10);
    Path dest = tmp.resolve("dest");

    Path root = client.downloadArtifacts("r1", "m/sub", dest, true);

    assertEquals(dest.resolve("sub"), root);
    Map<String, byte[]> got = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dest)) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        got.put(dest.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
      }
    }
    assertEquals(want.keySet(), got.keySet());
    want.forEach((k, v) -> assertArrayEquals(v, got.get(k), k));
    assertEquals(List.of(), fake.downloadPaths, "no bytes through the server");
    assertEquals(4, fake.presignRequests.size(), "a URL per file");
    assertEquals(4, store.requests().size());

    // A single file named by downloadArtifacts goes directly too.
    Path one = client.downloadArtifacts("r1", "m/other.txt", tmp.resolve("one"), true);
    assertArrayEquals(fake.stored.get("r1/m/other.txt").bytes, Files.readAllBytes(one));
    assertEquals(List.of(), fake.downloadPaths);
    assertEquals(5, store.requests().size());
  }
}
