package dev.cairn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class AuthTest {
  /** Test-only certificates shared with the TypeScript tests. */
  private static final Path CERTS = Path.of("..", "testdata", "tls");

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final List<AutoCloseable> cleanups = new ArrayList<>();
  private final FakeTracking fake = new FakeTracking();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = cleanups.size() - 1; i >= 0; i--) {
      cleanups.get(i).close();
    }
  }

  /** Refuses, with {@code code}, every call whose token is not {@code want}. */
  private static ServerInterceptor tokenGate(String want, Status.Code code) {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata md, ServerCallHandler<Q, R> next) {
        if (!("Bearer " + want).equals(md.get(AUTHORIZATION))) {
          call.close(Status.fromCode(code).withDescription("token refused"), new Metadata());
          return new ServerCall.Listener<>() {};
        }
        return next.startCall(call, md);
      }
    };
  }

  /** An in-process server behind a token gate; returns its name. */
  private String serve(String want, Status.Code code) throws Exception {
    String name = "cairn-auth-" + System.nanoTime();
    Server server =
        InProcessServerBuilder.forName(name)
            .addService(ServerInterceptors.intercept(fake, fake.headerCapture, tokenGate(want, code)))
            .build()
            .start();
    cleanups.add(server::shutdownNow);
    return name;
  }

  private CairnClient connect(CairnClient.Builder b, String name) {
    ManagedChannel ch = InProcessChannelBuilder.forName(name).build();
    CairnClient c = b.channel(ch).build();
    cleanups.add(c);
    return c;
  }

  @Test
  void tokenDefaultsToTheEnvironmentAndReachesRawStubs() throws Exception {
    String name = serve("from-env", Status.Code.UNAUTHENTICATED);
    CairnClient client =
        connect(new CairnClient.Builder("x", Map.of("CAIRN_TOKEN", "from-env")), name);
    client.getOrCreateExperiment("env");
    // A stub built on channel() carries the token too.
    dev.cairn.v1.TrackingServiceGrpc.newBlockingStub(client.channel())
        .getExperimentByName(
            dev.cairn.v1.GetExperimentByNameRequest.newBuilder().setName("env").build());

    CairnClient anonymous =
        connect(new CairnClient.Builder("x", Map.of("CAIRN_TOKEN", "from-env")).bearerToken(""), name);
    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> anonymous.getOrCreateExperiment("env"));
    assertTrue(CairnErrors.isUnauthenticated(e));
    assertFalse(CairnErrors.isPermissionDenied(e));
    assertTrue(CairnErrors.isUnauthenticated(new RuntimeException("wrapped", e)));
  }

  @Test
  void streamerFailsAtOnceOnAccessErrors() throws Exception {
    for (Status.Code code : List.of(Status.Code.UNAUTHENTICATED, Status.Code.PERMISSION_DENIED)) {
      String name = serve("good", code);
      CairnClient client = connect(new CairnClient.Builder("x", Map.of()).bearerToken("bad"), name);
      MetricStreamer s =
          client.newStreamer(
              StreamerOptions.builder()
                  .initialBackoff(Duration.ofMillis(1))
                  .retryTimeout(Duration.ofMinutes(1))
                  .build());
      long start = System.nanoTime();
      s.log("r1", "loss", 0, 0);
      StatusRuntimeException e =
          assertThrows(StatusRuntimeException.class, () -> s.flush(Duration.ofSeconds(10)));
      assertEquals(code, CairnErrors.code(e));
      assertEquals(0, s.stats().reconnects(), code + " was retried");
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
      assertThrows(StatusRuntimeException.class, () -> s.log("r1", "loss", 1, 0));
      StatusRuntimeException closed = assertThrows(StatusRuntimeException.class, s::close);
      assertTrue(
          code == Status.Code.UNAUTHENTICATED
              ? CairnErrors.isUnauthenticated(closed)
              : CairnErrors.isPermissionDenied(closed));
      assertFalse(MetricStreamer.retryable(Status.fromCode(code).asRuntimeException()));
    }
    assertEquals(0, fake.total());
  }

  @Test
  void reconnectsCarryTheToken() throws Exception {
    java.util.Set<Long> failed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    fake.onData =
        (id, seq) ->
            seq % 3 == 0 && failed.add(seq)
                ? FakeTracking.Action.FAIL_BEFORE_COMMIT
                : FakeTracking.Action.COMMIT;
    String name = serve("tok", Status.Code.UNAUTHENTICATED);
    CairnClient client = connect(new CairnClient.Builder("x", Map.of()).bearerToken("tok"), name);
    MetricStreamer s =
        client.newStreamer(
            StreamerOptions.builder()
                .maxMessagePoints(100)
                .initialBackoff(Duration.ofMillis(1))
                .maxBackoff(Duration.ofMillis(5))
                .build());
    for (int i = 0; i < 1000; i++) {
      s.log("r1", "loss", i, i * 0.5);
    }
    s.close();
    assertEquals(1000, fake.total());
    assertTrue(s.stats().reconnects() > 0);
    synchronized (fake) {
      assertTrue(fake.headers.size() > 1);
      for (Metadata md : fake.headers) {
        assertEquals("Bearer tok", md.get(AUTHORIZATION));
      }
    }
  }

  @Test
  void mutualTlsFromFilesAndFromTheEnvironment() throws Exception {
    Server server =
        Grpc.newServerBuilderForPort(
                0,
                TlsServerCredentials.newBuilder()
                    .keyManager(CERTS.resolve("server.pem").toFile(), CERTS.resolve("server.key").toFile())
                    .trustManager(CERTS.resolve("ca.pem").toFile())
                    .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
                    .build())
            .addService(ServerInterceptors.intercept(fake, fake.headerCapture, tokenGate("tok", Status.Code.UNAUTHENTICATED)))
            .build()
            .start();
    cleanups.add(server::shutdownNow);
    String address = "localhost:" + server.getPort();

    try (CairnClient client =
        new CairnClient.Builder(address, Map.of())
            .bearerToken("tok")
            .tlsCa(CERTS.resolve("ca.pem"))
            .tlsClientCertificate(CERTS.resolve("client.pem"), CERTS.resolve("client.key"))
            .build()) {
      client.getOrCreateExperiment("mtls");
      try (MetricStreamer s = client.newStreamer(StreamerOptions.builder().build())) {
        s.log("r1", "loss", 0, 0);
      }
      assertEquals(1, fake.total());
    }

    Map<String, String> env =
        Map.of(
            "CAIRN_TOKEN", "tok",
            "CAIRN_TLS_CA", CERTS.resolve("ca.pem").toString(),
            "CAIRN_TLS_CLIENT_CERT", CERTS.resolve("client.pem").toString(),
            "CAIRN_TLS_CLIENT_KEY", CERTS.resolve("client.key").toString(),
            "CAIRN_TLS_SERVER_NAME", "localhost");
    try (CairnClient client = new CairnClient.Builder("127.0.0.1:" + server.getPort(), env).build()) {
      client.getOrCreateExperiment("mtls");
    }

    // Without a client certificate, with the wrong CA, or in plaintext, the call fails.
    for (CairnClient.Builder b :
        List.of(
            new CairnClient.Builder(address, env).tlsClientCertificate(null, null),
            new CairnClient.Builder(address, env).tlsCa(CERTS.resolve("client.pem")),
            new CairnClient.Builder(address, env).plaintext())) {
      try (CairnClient client = b.build()) {
        StatusRuntimeException e =
            assertThrows(StatusRuntimeException.class, () -> client.getOrCreateExperiment("mtls"));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
      }
    }
  }

  @Test
  void tlsSettingsFromTheEnvironment() {
    assertInstanceOf(
        InsecureChannelCredentials.class, new CairnClient.Builder("x", Map.of()).credentials());
    assertInstanceOf(
        TlsChannelCredentials.class,
        new CairnClient.Builder("x", Map.of("CAIRN_TLS", "yes")).credentials());
    assertInstanceOf(
        InsecureChannelCredentials.class,
        new CairnClient.Builder("x", Map.of("CAIRN_TLS", "yes")).plaintext().credentials());
    // The server's own certificate variables do not make a client certificate.
    assertInstanceOf(
        InsecureChannelCredentials.class,
        new CairnClient.Builder("x", Map.of("CAIRN_TLS_CERT", "s.pem", "CAIRN_TLS_KEY", "s.key"))
            .credentials());
    assertInstanceOf(
        TlsChannelCredentials.class,
        new CairnClient.Builder(
                "x",
                Map.of(
                    "CAIRN_TLS_CLIENT_CERT", CERTS.resolve("client.pem").toString(),
                    "CAIRN_TLS_CLIENT_KEY", CERTS.resolve("client.key").toString()))
            .credentials());
    assertThrows(
        UncheckedIOException.class,
        () -> new CairnClient.Builder("x", Map.of("CAIRN_TLS_CA", "/no/such/ca.pem")).credentials());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new CairnClient.Builder("x", Map.of())
                .tlsClientCertificate(CERTS.resolve("client.pem"), null)
                .credentials());
  }
}
