package dev.cairn.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.v1.Artifact;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ArtifactTransferTest {
  private static final int MIB = 1024 * 1024;

  @TempDir Path tmp;

  private final List<AutoCloseable> cleanups = new ArrayList<>();
  private final FakeArtifacts fake = new FakeArtifacts();
  private CairnClient client;

  /** Messages the client has handed to its calls (all methods). */
  private final AtomicInteger sent = new AtomicInteger();

  @BeforeEach
  void setUp() throws Exception {
    String name = "cairn-artifacts-" + System.nanoTime();
    Server server = InProcessServerBuilder.forName(name).addService(fake).build().start();
    cleanups.add(server::shutdownNow);
    ClientInterceptor counter =
        new ClientInterceptor() {
          @Override
          public <Q, R> ClientCall<Q, R> interceptCall(
              MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
              @Override
              public void sendMessage(Q message) {
                sent.incrementAndGet();
                super.sendMessage(message);
              }
            };
          }
        };
    ManagedChannel ch = InProcessChannelBuilder.forName(name).intercept(counter).build();
    client = new CairnClient.Builder("x", Map.of()).channel(ch).build();
    cleanups.add(client);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = cleanups.size() - 1; i >= 0; i--) {
      cleanups.get(i).close();
    }
  }

  private Path writeFile(String name, int size) throws Exception {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    Path p = tmp.resolve("src").resolve(name);
    Files.createDirectories(p.getParent());
    Files.write(p, b);
    return p;
  }

  private static byte[] bytes(int size) {
    byte[] b = new byte[size];
    new Random(42).nextBytes(b);
    return b;
  }

  @Test
  void uploadSendsVerifiedChunksOfAtMost4MiB() throws Exception {
    int size = 2 * 4 * MIB + 12_345;
    Path file = writeFile("weights.bin", size);
    byte[] want = Files.readAllBytes(file);

    Artifact a = client.uploadArtifact("r1", file, "models/v1/");

    assertEquals("models/v1/weights.bin", a.getPath());
    assertEquals(size, a.getSizeBytes());
    assertEquals(FakeArtifacts.sha256(want), a.getSha256());
    FakeArtifacts.UploadSession u = fake.uploads.get("up-1");
    assertEquals(FakeArtifacts.sha256(want), u.claimedSha256, "claimed digest");
    assertEquals(size, u.size, "declared size");
    assertArrayEquals(want, u.bytes.toByteArray());
    assertEquals(List.of(0L), fake.headerOffsets);
    assertEquals(List.of(4 * MIB, 4 * MIB, 12_345), fake.dataSizes);
    assertEquals(0, fake.getUploads, "no resume needed");

    // Without a directory the path is the file name.
    Path small = writeFile("notes.txt", 10);
    assertEquals("notes.txt", client.uploadArtifact("r1", small, "").getPath());
  }

  @Test
  void uploadWaitsForFlowControlInsteadOfBufferingTheFile() throws Exception {
    int size = 4 * 4 * MIB + 1; // header + 5 data messages
    Path file = writeFile("big.bin", size);
    fake.uploadInitialRequest = 2; // the header and one chunk, then nothing until asked
    CompletableFuture<Artifact> upload =
        CompletableFuture.supplyAsync(() -> client.uploadArtifact("r1", file, ""));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (fake.received() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(2, fake.received(), "server got the header and one chunk");
    Thread.sleep(300); // time for a client that ignores flow control to send everything
    int before = sent.get() - 1; // minus StartUpload's request
    assertTrue(before <= 3, "client sent " + before + " upload messages while the server asked for 2");
    assertFalse(upload.isDone());

    fake.gated.request(100);
    Artifact a = upload.get(20, TimeUnit.SECONDS);
    assertEquals(size, a.getSizeBytes());
    assertEquals(List.of(4 * MIB, 4 * MIB, 4 * MIB, 4 * MIB, 1), fake.dataSizes);
  }

  @Test
  void uploadResumesFromCommittedBytesAfterUnavailable() throws Exception {
    int size = 2 * 4 * MIB + 100_000;
    Path file = writeFile("ckpt.bin", size);
    fake.failUploadAt = 4 * MIB; // fails right after committing the first chunk

    Artifact a = client.uploadArtifact("r1", file, "ckpt");

    assertEquals("ckpt/ckpt.bin", a.getPath());
    assertEquals(List.of(0L, (long) 4 * MIB), fake.headerOffsets, "resumed at the committed offset");
    assertEquals(1, fake.getUploads, "asked the server where to resume");
    assertArrayEquals(Files.readAllBytes(file), fake.uploads.get("up-1").bytes.toByteArray());
    assertEquals(FakeArtifacts.sha256(Files.readAllBytes(file)), a.getSha256());
  }

  @Test
  void uploadErrorsCarryTheServersCode() throws Exception {
    Path file = writeFile("x.bin", 10);
    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> client.uploadArtifact("r1", file, "../escape"));
    assertEquals(Status.Code.INVALID_ARGUMENT, CairnErrors.code(e));
    assertTrue(fake.dataSizes.isEmpty(), "no bytes taken after the header was refused");
    assertEquals(List.of(0L), fake.headerOffsets, "INVALID_ARGUMENT is not retried");
  }

  @Test
  void smallFileTakesOneCallWithAStartHeader() throws Exception {
    int size = 8 * MIB; // SINGLE_CALL_MAX: the largest file sent in one call
    Path file = writeFile("small.bin", size);
    byte[] want = Files.readAllBytes(file);

    Artifact a = client.uploadArtifact("r1", file, "/d/");

    assertEquals("d/small.bin", a.getPath());
    assertEquals(FakeArtifacts.sha256(want), a.getSha256());
    assertEquals(0, fake.startUploads, "no StartUpload");
    assertEquals(0, fake.getUploads, "no GetUpload");
    assertEquals(List.of(0L), fake.headerOffsets, "one call");
    assertEquals(List.of(4 * MIB, 4 * MIB), fake.dataSizes);
    FakeArtifacts.UploadSession u = fake.uploads.get("up-1");
    assertEquals(FakeArtifacts.sha256(want), u.claimedSha256, "digest claimed in the header");
    assertEquals(size, u.size, "size declared in the header");
    assertArrayEquals(want, fake.stored.get("r1/d/small.bin").bytes);
  }

  @Test
  void fileOverEightMiBTakesTheResumablePath() throws Exception {
    Path file = writeFile("nine.bin", 9 * MIB);

    Artifact a = client.uploadArtifact("r1", file, "");

    assertEquals(9 * MIB, a.getSizeBytes());
    assertEquals(1, fake.startUploads, "StartUpload opened a session");
    assertEquals(List.of(4 * MIB, 4 * MIB, MIB), fake.dataSizes);
    assertArrayEquals(Files.readAllBytes(file), fake.stored.get("r1/nine.bin").bytes);
  }

  @Test
  void smallUploadIsRetriedWholeAfterUnavailable() throws Exception {
    int size = 4 * MIB + 100_000;
    Path file = writeFile("retry.bin", size);
    fake.failUploadAt = 4 * MIB; // fails right after the first chunk

    Artifact a = client.uploadArtifact("r1", file, "");

    assertEquals(List.of(0L, 0L), fake.headerOffsets, "a second call from the start");
    assertEquals(0, fake.startUploads + fake.getUploads, "no upload session");
    assertEquals(size, a.getSizeBytes());
    assertArrayEquals(Files.readAllBytes(file), fake.stored.get("r1/retry.bin").bytes);
  }

  // --- folders --------------------------------------------------------------

  /** Files of {@code size} bytes at these paths under {@code root}. */
  private static void tree(Path root, int size, String... paths) throws Exception {
    for (String p : paths) {
      Path f = root.resolve(p);
      Files.createDirectories(f.getParent());
      Files.write(f, bytes(size));
    }
  }

  @Test
  void uploadArtifactsKeepsTheTreeInPathOrderWithSmallFilesInParallel() throws Exception {
    Path dir = tmp.resolve("tree");
    tree(dir, 1000, "b.txt", "a/z.txt", "a/b/c.txt", "a.txt", "c/d.txt", "e.txt", "f.txt");
    tree(dir, 9 * MIB, "a/big.bin");
    Files.createDirectories(tmp.resolve("elsewhere"));
    Files.write(tmp.resolve("elsewhere/secret.txt"), bytes(10));
    Files.createSymbolicLink(dir.resolve("link.txt"), tmp.resolve("elsewhere/secret.txt"));
    Files.createSymbolicLink(dir.resolve("linkdir"), tmp.resolve("elsewhere"));
    // "a.txt" is first in path order and finishes last.
    fake.delayMs = path -> path.endsWith("/a.txt") ? 600 : 150;

    List<Artifact> got = client.uploadArtifacts("r1", dir, "/out/");

    List<String> want =
        List.of("out/a.txt", "out/a/b/c.txt", "out/a/big.bin", "out/a/z.txt", "out/b.txt", "out/c/d.txt", "out/e.txt", "out/f.txt");
    assertEquals(want, got.stream().map(Artifact::getPath).toList(), "path order, symlinks skipped");
    assertEquals(9 * MIB, got.get(2).getSizeBytes());
    assertArrayEquals(bytes(1000), fake.stored.get("r1/out/a/b/c.txt").bytes);
    assertTrue(fake.maxActive.get() > 1, "small files in parallel: " + fake.maxActive.get());
    assertTrue(fake.maxActive.get() <= 4, "at most 4 at once: " + fake.maxActive.get());
    assertEquals("out/a/big.bin", fake.storedOrder.get(fake.storedOrder.size() - 1), "big one last");
    assertEquals(1, fake.startUploads, "only the big one opened a session");
    assertTrue(fake.storedOrder.indexOf("out/a.txt") > 0, "finished out of order: " + fake.storedOrder);

    // Without a directory the paths are the relative paths; a link given as the folder is followed.
    Path one = tmp.resolve("one");
    tree(one, 5, "x/y.txt");
    Files.createSymbolicLink(tmp.resolve("one-link"), one);
    assertEquals("x/y.txt", client.uploadArtifacts("r1", tmp.resolve("one-link"), "").get(0).getPath());
  }

  @Test
  void uploadArtifactsThrowsTheFirstFailureNamingTheFileAndStartsNoMore() throws Exception {
    Path dir = tmp.resolve("tree");
    tree(dir, 100, "a0.txt", "a1.txt", "a2.txt", "a3.txt", "a4.txt", "a5.txt", "a6.txt", "a7.txt", "a8.txt");
    tree(dir, 9 * MIB, "big.bin");
    fake.failPaths.put("d/a0.txt", Status.PERMISSION_DENIED.withDescription("injected"));
    fake.delayMs = path -> 300;
    Files.createSymbolicLink(tmp.resolve("tree-link"), dir);
    Path link = tmp.resolve("tree-link");

    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> client.uploadArtifacts("r1", link, "d"));

    assertEquals(Status.Code.PERMISSION_DENIED, CairnErrors.code(e));
    String why = e.getStatus().getDescription();
    assertTrue(why.contains("d/a0.txt") && why.contains(link.resolve("a0.txt").toString()), why);
    assertEquals(0, fake.active.get(), "the transfers running had ended");
    assertTrue(fake.storedOrder.size() <= 3, "no transfer started after the failure: " + fake.storedOrder);
    assertEquals(0, fake.startUploads, "the big file was not started");
  }

  @Test
  void uploadArtifactsNeedsADirectory() throws Exception {
    Path file = writeFile("plain.txt", 3);
    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> client.uploadArtifacts("r1", file, ""));
    assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
  }

  /** Stores {@code size} bytes (seeded by the path) as each artifact of run r1. */
  private Map<String, byte[]> serve(int size, String... paths) {
    Map<String, byte[]> out = new TreeMap<>();
    for (String p : paths) {
      byte[] b = new byte[size];
      new Random(p.hashCode()).nextBytes(b);
      fake.store("r1", p, b, FakeArtifacts.sha256(b));
      out.put(p, b);
    }
    return out;
  }

  /** Every regular file under {@code root}, by "/"-separated relative path, with its bytes. */
  private static Map<String, byte[]> files(Path root) throws Exception {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
      }
    }
    return out;
  }

  private static void assertSameFiles(Map<String, byte[]> want, Map<String, byte[]> got) {
    assertEquals(want.keySet(), got.keySet());
    want.forEach((k, v) -> assertArrayEquals(v, got.get(k), k));
  }

  @Test
  void downloadArtifactsOfAFolderKeepsItsTreeUnderItsName() throws Exception {
    Map<String, byte[]> small =
        serve(1000, "m/sub/a.txt", "m/sub/b.txt", "m/sub/deep/c.txt", "m/sub/d.txt", "m/sub/e.txt", "m/sub/f.txt", "m/other.txt", "m/subway.txt");
    Map<String, byte[]> big = serve(9 * MIB, "m/sub/big.bin");
    fake.listPageMax = 2; // the listing takes several pages
    fake.delayMs = path -> 150;
    Path dest = tmp.resolve("dest");

    Path root = client.downloadArtifacts("r1", "/m/sub/", dest);

    assertEquals(dest.resolve("sub"), root);
    Map<String, byte[]> want = new TreeMap<>();
    for (String p : List.of("m/sub/a.txt", "m/sub/b.txt", "m/sub/deep/c.txt", "m/sub/d.txt", "m/sub/e.txt", "m/sub/f.txt")) {
      want.put("sub/" + p.substring("m/sub/".length()), small.get(p));
    }
    want.put("sub/big.bin", big.get("m/sub/big.bin"));
    assertSameFiles(want, files(dest));
    assertTrue(fake.listRequests.size() >= 3, "paged: " + fake.listRequests.size());
    assertTrue(fake.listRequests.stream().allMatch(r -> r.getRecursive() && r.getPageSize() == 1000 && r.getPath().equals("m/sub")));
    assertTrue(fake.maxActive.get() > 1 && fake.maxActive.get() <= 4, "in parallel, at most 4: " + fake.maxActive.get());
    assertEquals("m/sub/big.bin", fake.downloadPaths.get(fake.downloadPaths.size() - 1), "big one last");
  }

  @Test
  void downloadArtifactsOfAFileWritesItUnderDest() throws Exception {
    Map<String, byte[]> served = serve(500, "m/sub/a.txt");
    Path dest = tmp.resolve("new").resolve("dest");

    Path got = client.downloadArtifacts("r1", "m/sub/a.txt", dest);

    assertEquals(dest.resolve("a.txt"), got);
    assertSameFiles(Map.of("a.txt", served.get("m/sub/a.txt")), files(dest));
  }

  @Test
  void downloadArtifactsOfTheRootTakesEveryArtifact() throws Exception {
    Map<String, byte[]> served = serve(300, "x.txt", "m/a.txt", "m/n/b.txt");
    Path dest = tmp.resolve("all");

    assertEquals(dest, client.downloadArtifacts("r1", "", dest));

    assertSameFiles(served, files(dest));
  }

  @Test
  void downloadArtifactsOfAMissingPathIsNotFoundAndWritesNothing() throws Exception {
    serve(10, "m/a.txt");
    Path dest = tmp.resolve("dest");

    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> client.downloadArtifacts("r1", "m/nothing", dest));

    assertTrue(CairnErrors.isNotFound(e));
    try (Stream<Path> left = Files.list(dest)) {
      assertEquals(List.of(), left.toList());
    }
  }

  @Test
  void downloadArtifactsThrowsAFailingFilesErrorNamingIt() throws Exception {
    serve(10, "m/a.txt", "m/b.txt", "m/c.txt");
    fake.failPaths.put("m/b.txt", Status.UNAUTHENTICATED.withDescription("injected"));
    Path dest = tmp.resolve("dest");

    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> client.downloadArtifacts("r1", "m", dest));

    assertTrue(CairnErrors.isUnauthenticated(e));
    assertTrue(e.getStatus().getDescription().contains("m/b.txt"), e.getStatus().getDescription());
    assertFalse(Files.exists(dest.resolve("m/b.txt")));
    assertFalse(Files.exists(partial(dest.resolve("m/b.txt"))));
  }

  @Test
  void downloadArtifactsRefusesPathsLeadingOutOfDest() throws Exception {
    Path dest = tmp.resolve("dest");
    Path outside = tmp.resolve("outside");
    Files.createDirectories(outside);
    Files.createDirectories(dest);
    Files.createSymbolicLink(dest.resolve("link"), outside);

    for (String bad : List.of("../evil.txt", "a//b.txt", "a/./b.txt", "a\\b.txt", "link/x.txt")) {
      fake.stored.clear();
      serve(10, "fine.txt", bad);
      StatusRuntimeException e =
          assertThrows(StatusRuntimeException.class, () -> client.downloadArtifacts("r1", "", dest), bad);
      assertEquals(Status.Code.INVALID_ARGUMENT, CairnErrors.code(e), bad);
      assertTrue(e.getStatus().getDescription().contains(bad), e.getStatus().getDescription());
    }
    assertEquals(List.of(), fake.downloadPaths, "refused before any download");
    assertFalse(Files.exists(tmp.resolve("evil.txt")));
    try (Stream<Path> left = Files.list(outside)) {
      assertEquals(List.of(), left.toList());
    }
  }

  @Test
  void pathOrderIsTheBytesOrderOfUtf8() {
    // UTF-16 puts U+1F600 (a surrogate pair, D83D...) before U+FF21; UTF-8 (F0... > EF...) after.
    List<String> paths = new ArrayList<>(List.of("\uD83D\uDE00", "\uFF21", "a/b", "a.b"));
    paths.sort(ArtifactTransfer.PATH_ORDER);
    assertEquals(List.of("a.b", "a/b", "\uFF21", "\uD83D\uDE00"), paths);
  }

  @Test
  void downloadResumesFromBytesReceivedAfterADrop() throws Exception {
    byte[] content = bytes(300_000);
    fake.store("r1", "data/set.bin", content, FakeArtifacts.sha256(content));
    fake.failDownloadAt = 100_000; // drops after two 64 KiB chunks
    Path dest = tmp.resolve("out").resolve("nested").resolve("set.bin");

    Artifact a = client.downloadArtifact("r1", "data/set.bin", dest);

    assertEquals(List.of(0L, 2L * FakeArtifacts.DOWNLOAD_CHUNK), fake.downloadOffsets);
    assertArrayEquals(content, Files.readAllBytes(dest));
    assertEquals(content.length, a.getSizeBytes());
    assertFalse(Files.exists(partial(dest)), "partial file moved away");
  }

  @Test
  void downloadDigestMismatchIsDataLossAndLeavesNothing() throws Exception {
    byte[] content = bytes(70_000);
    fake.store("r1", "bad.bin", content, FakeArtifacts.sha256(new byte[] {1, 2, 3}));
    Path dest = tmp.resolve("bad.bin");

    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> client.downloadArtifact("r1", "bad.bin", dest));

    assertEquals(Status.Code.DATA_LOSS, CairnErrors.code(e));
    assertTrue(e.getStatus().getDescription().contains("bad.bin"), e.getStatus().getDescription());
    assertFalse(Files.exists(dest));
    assertFalse(Files.exists(partial(dest)));
  }

  @Test
  void downloadNotFoundKeepsTheCodeAndLeavesNothing() throws Exception {
    Path dest = tmp.resolve("dl").resolve("missing.bin");

    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class, () -> client.downloadArtifact("r1", "missing.bin", dest));

    assertEquals(Status.Code.NOT_FOUND, CairnErrors.code(e));
    assertTrue(CairnErrors.isNotFound(e));
    assertFalse(Files.exists(dest));
    assertFalse(Files.exists(partial(dest)));
    assertEquals(List.of(0L), fake.downloadOffsets, "NOT_FOUND is not retried");
  }

  private static Path partial(Path dest) {
    return dest.resolveSibling(dest.getFileName() + ".cairn-partial");
  }
}
