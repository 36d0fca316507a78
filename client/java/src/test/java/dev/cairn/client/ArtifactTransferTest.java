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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    int size = 4 * MIB + 100_000;
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
    assertTrue(fake.headerOffsets.isEmpty(), "no bytes sent after StartUpload failed");
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
