package dev.cairn.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An object store on loopback serving the artifacts {@link FakeArtifacts} holds, at the URLs its
 * CreatePresignedUrl hands out ({@code /run/path?token=N}), with {@code Range: bytes=N-} support
 * (206) and injectable failures: a dropped connection, a Range that is ignored, URLs that expire
 * after their first use, statuses for the next requests or for a path. Records every request.
 */
final class FakeObjectStore implements AutoCloseable {
  /** One request: the artifact path (without the run), the URL's token, the Range header or null. */
  record Request(String path, String token, String range) {}

  private final FakeArtifacts artifacts;
  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();

  final List<Request> requests = new ArrayList<>();
  /** The first response that reaches this offset of its object stops there and drops (once). */
  volatile long dropAt = -1;
  /** The first response that reaches this offset of its object stops sending there (once). */
  volatile long stallAt = -1;
  /** Whether Range headers are ignored (200 and the whole object). */
  volatile boolean ignoreRange;
  /** Whether a URL answers 403 once it has served a response, as an expired one would. */
  volatile boolean expireAfterFirstUse;
  /** Statuses the next requests answer, one each, before anything else. */
  final Deque<Integer> nextStatuses = new ArrayDeque<>();
  /** Statuses for artifact paths, every time. */
  final Map<String, Integer> pathStatuses = new HashMap<>();
  private final Set<String> usedTokens = new HashSet<>();

  FakeObjectStore(FakeArtifacts artifacts) throws IOException {
    this.artifacts = artifacts;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(pool);
    server.start();
  }

  /** The base URL of the store (what {@link FakeArtifacts#presignBase} should be). */
  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange ex) throws IOException {
    String full = ex.getRequestURI().getPath().substring(1); // run/path
    String run = full.substring(0, full.indexOf('/'));
    String path = full.substring(run.length() + 1);
    String query = ex.getRequestURI().getQuery();
    String token = query != null && query.startsWith("token=") ? query.substring(6) : "";
    String range = ex.getRequestHeaders().getFirst("Range");
    byte[] bytes;
    Integer status;
    long drop;
    long stall;
    synchronized (this) {
      requests.add(new Request(path, token, range));
      status = nextStatuses.poll();
      if (status == null) {
        status = pathStatuses.get(path);
      }
      if (status == null && expireAfterFirstUse && usedTokens.contains(token)) {
        status = 403;
      }
      drop = dropAt;
      stall = stallAt;
    }
    synchronized (artifacts) {
      FakeArtifacts.Stored s = artifacts.stored.get(run + "/" + path);
      bytes = s == null ? null : s.bytes;
    }
    if (status == null && bytes == null) {
      status = 404;
    }
    if (status != null) {
      ex.sendResponseHeaders(status, -1);
      ex.close();
      return;
    }
    synchronized (this) {
      usedTokens.add(token);
    }
    int start = 0;
    int code = 200;
    if (range != null && !ignoreRange) {
      if (!range.startsWith("bytes=") || !range.endsWith("-")) {
        ex.sendResponseHeaders(400, -1);
        ex.close();
        return;
      }
      start = Integer.parseInt(range.substring(6, range.length() - 1));
      if (start >= bytes.length) {
        ex.sendResponseHeaders(416, -1);
        ex.close();
        return;
      }
      code = 206;
      ex.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + (bytes.length - 1) + "/" + bytes.length);
    }
    int len = bytes.length - start;
    ex.sendResponseHeaders(code, len == 0 ? -1 : len);
    OutputStream out = ex.getResponseBody();
    if (drop > start && drop < bytes.length) {
      synchronized (this) {
        dropAt = -1;
      }
      out.write(bytes, start, (int) drop - start);
      out.flush();
      // Ends the exchange with bytes missing: the server closes the connection.
      throw new IOException("injected: connection dropped");
    }
    if (stall > start && stall < bytes.length) {
      synchronized (this) {
        stallAt = -1;
      }
      out.write(bytes, start, (int) stall - start);
      out.flush();
      try {
        Thread.sleep(30_000); // until the client gives up on this connection (or the store closes)
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("injected: stalled");
    }
    out.write(bytes, start, len);
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
