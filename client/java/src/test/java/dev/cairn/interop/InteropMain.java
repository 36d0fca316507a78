package dev.cairn.interop;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.cairn.client.CairnClient;
import dev.cairn.client.CairnErrors;
import dev.cairn.client.MetricStreamer;
import dev.cairn.client.PresignedUrl;
import dev.cairn.client.StreamerOptions;
import dev.cairn.client.StreamerStats;
import dev.cairn.v1.AccessServiceGrpc;
import dev.cairn.v1.Artifact;
import dev.cairn.v1.ArtifactServiceGrpc;
import dev.cairn.v1.GetCurrentUserResponse;
import dev.cairn.v1.GetMetricHistoryRequest;
import dev.cairn.v1.GetMetricHistoryResponse;
import dev.cairn.v1.ModelRegistryServiceGrpc;
import dev.cairn.v1.TrackingServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the shared interop scenario (tests/interop/scenario.json) against a live Cairn server.
 *
 * <pre>CAIRN_ADDR=127.0.0.1:50051 java -cp ... dev.cairn.interop.InteropMain path/to/scenario.json</pre>
 *
 * Prints one line per step and exits non-zero if any step fails.
 */
public final class InteropMain {
  private static final String LANG = "java";
  private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z0-9_]+)\\}");

  private final String address;
  private final CairnClient client;
  /** Clients for steps that name their own API token, by token. */
  private final Map<String, CairnClient> byToken = new HashMap<>();
  private final Map<String, String> vars = new HashMap<>();
  private final Map<String, ServiceDescriptor> services = new HashMap<>();

  /** A step failure with the RPC's status code, if any. */
  static final class StepFailure extends Exception {
    final Status.Code code;

    StepFailure(String message, Status.Code code) {
      super(message);
      this.code = code;
    }

    StepFailure(String message) {
      this(message, Status.Code.OK);
    }
  }

  InteropMain(String address, CairnClient client) {
    this.address = address;
    this.client = client;
    vars.put("lang", LANG);
    vars.put("nonce", System.currentTimeMillis() + "-" + String.format("%04d", ThreadLocalRandom.current().nextInt(10000)));
    vars.put("actor", actor(client));
    services.put("TrackingService", TrackingServiceGrpc.getServiceDescriptor());
    services.put("ModelRegistryService", ModelRegistryServiceGrpc.getServiceDescriptor());
    services.put("ArtifactService", ArtifactServiceGrpc.getServiceDescriptor());
    services.put("AccessService", AccessServiceGrpc.getServiceDescriptor());
  }

  /**
   * The user the server records for this runner's calls: the token's user or, for anonymous
   * calls, the x-cairn-user header.
   */
  private static String actor(CairnClient client) {
    try {
      GetCurrentUserResponse me = client.currentUser();
      if (!me.getAnonymous() && !me.getUser().getName().isEmpty()) {
        return me.getUser().getName();
      }
    } catch (StatusRuntimeException e) {
      // keep the header's name
    }
    return "interop-" + LANG;
  }

  /** The runner's client, or one that sends the step's {@code token} instead. */
  private CairnClient clientFor(JsonObject step) {
    if (!step.has("token")) {
      return client;
    }
    return byToken.computeIfAbsent(
        step.get("token").getAsString(),
        t -> CairnClient.builder(address).user("interop-" + LANG).bearerToken(t).build());
  }

  void closeTokenClients() {
    byToken.values().forEach(CairnClient::close);
  }

  /**
   * Compares a failure with the code a step expects; access errors must also be recognised by
   * the helper's own predicates.
   */
  static void checkCode(StatusRuntimeException e, String want) throws StepFailure {
    Status.Code got = e == null ? Status.Code.OK : e.getStatus().getCode();
    if (!got.name().equals(want)) {
      String detail = e == null ? "" : ": " + e.getStatus().getDescription();
      throw new StepFailure("want " + want + ", got " + got.name() + detail, got);
    }
    if (want.equals("UNAUTHENTICATED") && !CairnErrors.isUnauthenticated(e)) {
      throw new StepFailure("CairnErrors.isUnauthenticated(" + e + ") = false");
    }
    if (want.equals("PERMISSION_DENIED") && !CairnErrors.isPermissionDenied(e)) {
      throw new StepFailure("CairnErrors.isPermissionDenied(" + e + ") = false");
    }
  }

  public static void main(String[] args) throws Exception {
    String addr = System.getenv("CAIRN_ADDR");
    if (addr == null || addr.isEmpty()) {
      System.err.println("CAIRN_ADDR is not set");
      System.exit(2);
    }
    Path path = Path.of(args.length > 0 ? args[0] : "../../tests/interop/scenario.json");
    String list = args.length > 1 ? args[1] : "steps";
    JsonObject scenario = JsonParser.parseString(Files.readString(path)).getAsJsonObject();
    if (!scenario.has(list) || !scenario.get(list).isJsonArray()) {
      System.err.println(path + ": no list of steps named " + list);
      System.exit(2);
    }
    int passed = 0;
    int failed = 0;
    int skipped = 0;
    // The API token and TLS settings come from CAIRN_TOKEN and CAIRN_TLS*.
    try (CairnClient client = CairnClient.builder(addr).user("interop-" + LANG).build()) {
      InteropMain runner = new InteropMain(addr, client);
      java.util.Set<String> skipGroups = new java.util.HashSet<>();
      for (JsonElement e : scenario.getAsJsonArray(list)) {
        JsonObject step = e.getAsJsonObject();
        String name = step.get("name").getAsString();
        String group = step.has("optional_group") ? step.get("optional_group").getAsString() : "";
        if (!group.isEmpty() && skipGroups.contains(group)) {
          System.out.println("SKIP " + name + " (group " + group + " not implemented by the server)");
          skipped++;
          continue;
        }
        long start = System.nanoTime();
        try {
          runner.run(step);
          System.out.printf("PASS %s (%dms)%n", name, (System.nanoTime() - start) / 1_000_000);
          passed++;
        } catch (StepFailure f) {
          if (!group.isEmpty() && f.code == Status.Code.UNIMPLEMENTED) {
            System.out.println("SKIP " + name + ": " + f.getMessage());
            skipGroups.add(group);
            skipped++;
          } else {
            System.out.println("FAIL " + name + ": " + f.getMessage());
            failed++;
          }
        } catch (RuntimeException | IOException f) {
          System.out.println("FAIL " + name + ": " + f);
          failed++;
        }
      }
      runner.closeTokenClients();
    }
    System.out.printf("INTEROP %s passed=%d failed=%d skipped=%d%n", LANG, passed, failed, skipped);
    System.out.flush();
    System.exit(failed > 0 ? 1 : 0);
  }

  JsonElement subst(JsonElement v) throws StepFailure {
    if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
      Matcher m = VAR.matcher(v.getAsString());
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String val = vars.get(m.group(1));
        if (val == null) {
          throw new StepFailure("unknown variable ${" + m.group(1) + "}");
        }
        m.appendReplacement(out, Matcher.quoteReplacement(val));
      }
      m.appendTail(out);
      return new JsonPrimitive(out.toString());
    }
    if (v.isJsonArray()) {
      JsonArray out = new JsonArray();
      for (JsonElement e : v.getAsJsonArray()) {
        out.add(subst(e));
      }
      return out;
    }
    if (v.isJsonObject()) {
      JsonObject out = new JsonObject();
      for (Map.Entry<String, JsonElement> e : v.getAsJsonObject().entrySet()) {
        out.add(e.getKey(), subst(e.getValue()));
      }
      return out;
    }
    return v;
  }

  void run(JsonObject raw) throws StepFailure, IOException {
    JsonObject step = subst(raw).getAsJsonObject();
    if (step.has("call")) {
      call(step.get("call").getAsString(), step);
      return;
    }
    String op = step.has("op") ? step.get("op").getAsString() : "";
    switch (op) {
      case "stream_metrics" -> streamMetrics(step);
      case "metric_history" -> metricHistory(step);
      case "upload_artifact" -> uploadArtifact(step);
      case "download_artifact" -> downloadArtifact(step);
      case "upload_artifacts" -> uploadArtifacts(step);
      case "download_artifacts" -> downloadArtifacts(step);
      case "presigned_url" -> presignedUrl(step);
      default -> throw new StepFailure("unknown step kind " + op);
    }
  }

  @SuppressWarnings("unchecked")
  void call(String call, JsonObject step) throws StepFailure, IOException {
    String[] parts = call.split("/", 2);
    ServiceDescriptor sd = services.get(parts[0]);
    if (sd == null || parts.length != 2) {
      throw new StepFailure("unknown call " + call);
    }
    MethodDescriptor<Message, Message> md = null;
    for (MethodDescriptor<?, ?> m : sd.getMethods()) {
      if (parts[1].equals(m.getBareMethodName()) && m.getType() == MethodDescriptor.MethodType.UNARY) {
        md = (MethodDescriptor<Message, Message>) m;
      }
    }
    if (md == null) {
      throw new StepFailure("unknown unary method " + call);
    }
    Message prototype =
        (Message) ((MethodDescriptor.PrototypeMarshaller<?>) md.getRequestMarshaller()).getMessagePrototype();
    Message.Builder builder = prototype.newBuilderForType();
    JsonFormat.parser().merge(step.has("request") ? step.get("request").toString() : "{}", builder);
    JsonObject expect = step.has("expect") ? step.getAsJsonObject("expect") : new JsonObject();
    String wantCode = wantCode(expect);
    Message resp = null;
    StatusRuntimeException callErr = null;
    try {
      resp =
          ClientCalls.blockingUnaryCall(
              clientFor(step).channel(),
              md,
              CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS),
              builder.build());
    } catch (StatusRuntimeException e) {
      callErr = e;
    }
    checkCode(callErr, wantCode);
    if (resp == null) {
      return;
    }
    String json =
        JsonFormat.printer().preservingProtoFieldNames().alwaysPrintFieldsWithNoPresence().print(resp);
    JsonElement doc = JsonParser.parseString(json);
    check(doc, expect);
    if (step.has("save")) {
      for (Map.Entry<String, JsonElement> e : step.getAsJsonObject("save").entrySet()) {
        JsonElement val = lookup(doc, e.getValue().getAsString());
        if (val == null) {
          throw new StepFailure("save " + e.getKey() + ": no " + e.getValue().getAsString() + " in response");
        }
        vars.put(e.getKey(), scalar(val));
      }
    }
  }

  static JsonElement lookup(JsonElement doc, String path) {
    JsonElement cur = doc;
    for (String part : path.split("\\.")) {
      if (cur == null) {
        return null;
      }
      if (cur.isJsonArray()) {
        int i;
        try {
          i = Integer.parseInt(part);
        } catch (NumberFormatException e) {
          return null;
        }
        JsonArray a = cur.getAsJsonArray();
        cur = i >= 0 && i < a.size() ? a.get(i) : null;
      } else if (cur.isJsonObject()) {
        cur = cur.getAsJsonObject().get(part);
      } else {
        return null;
      }
    }
    return cur;
  }

  static String scalar(JsonElement v) {
    if (v == null || v.isJsonNull()) {
      return "null";
    }
    if (v.isJsonPrimitive()) {
      return v.getAsString();
    }
    return v.toString();
  }

  static boolean sameScalar(String g, String w) {
    if (g.equals(w)) {
      return true;
    }
    try {
      return new BigDecimal(g).compareTo(new BigDecimal(w)) == 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static void check(JsonElement doc, JsonObject expect) throws StepFailure {
    if (expect.has("equals")) {
      for (Map.Entry<String, JsonElement> e : expect.getAsJsonObject("equals").entrySet()) {
        JsonElement got = lookup(doc, e.getKey());
        if (got == null) {
          throw new StepFailure(e.getKey() + ": missing, want " + scalar(e.getValue()));
        }
        if (!sameScalar(scalar(got), scalar(e.getValue()))) {
          throw new StepFailure(e.getKey() + " = " + scalar(got) + ", want " + scalar(e.getValue()));
        }
      }
    }
    if (expect.has("length")) {
      for (Map.Entry<String, JsonElement> e : expect.getAsJsonObject("length").entrySet()) {
        JsonElement got = lookup(doc, e.getKey());
        int len = got != null && got.isJsonArray() ? got.getAsJsonArray().size() : 0;
        if (!sameScalar(String.valueOf(len), scalar(e.getValue()))) {
          throw new StepFailure("len(" + e.getKey() + ") = " + len + ", want " + scalar(e.getValue()));
        }
      }
    }
    if (expect.has("kv")) {
      for (Map.Entry<String, JsonElement> e : expect.getAsJsonObject("kv").entrySet()) {
        JsonElement got = lookup(doc, e.getKey());
        Map<String, String> have = new LinkedHashMap<>();
        if (got != null && got.isJsonArray()) {
          for (JsonElement item : got.getAsJsonArray()) {
            JsonObject o = item.getAsJsonObject();
            have.put(scalar(o.get("key")), scalar(o.get("value")));
          }
        }
        for (Map.Entry<String, JsonElement> w : e.getValue().getAsJsonObject().entrySet()) {
          String hv = have.get(w.getKey());
          if (hv == null || !hv.equals(scalar(w.getValue()))) {
            throw new StepFailure(e.getKey() + "[" + w.getKey() + "] = " + hv + ", want " + scalar(w.getValue()));
          }
        }
      }
    }
  }

  private static long num(JsonObject o, String key, long dflt) {
    return o.has(key) ? o.get(key).getAsBigDecimal().longValue() : dflt;
  }

  void streamMetrics(JsonObject step) throws StepFailure {
    String runId = step.get("run_id").getAsString();
    String key = step.get("key").getAsString();
    long n = num(step, "points", 0);
    long mod = num(step, "value_mod", 1);
    double scale = step.has("value_scale") ? step.get("value_scale").getAsDouble() : 0;
    StreamerOptions.Builder opts = StreamerOptions.builder().streamId(step.get("stream_id").getAsString());
    if (step.has("streamer")) {
      JsonObject cfg = step.getAsJsonObject("streamer");
      if (cfg.has("max_message_points")) {
        opts.maxMessagePoints(cfg.get("max_message_points").getAsInt());
      }
      if (cfg.has("max_in_flight")) {
        opts.maxInFlight(cfg.get("max_in_flight").getAsInt());
      }
      if (cfg.has("max_backoff_ms")) {
        opts.maxBackoff(Duration.ofMillis(cfg.get("max_backoff_ms").getAsLong()));
      }
    }
    boolean announce = step.has("announce_halfway") && step.get("announce_halfway").getAsBoolean();
    MetricStreamer s = clientFor(step).newStreamer(opts.build());
    if (step.has("expect")) {
      // The stream must fail with the expected code without reconnecting.
      String want = step.getAsJsonObject("expect").get("code").getAsString();
      StatusRuntimeException err = null;
      try {
        for (long i = 0; i < n; i++) {
          s.log(runId, key, i, 0);
        }
        s.close(Duration.ofMinutes(1));
      } catch (StatusRuntimeException e) {
        err = e;
        try {
          s.close(Duration.ofMinutes(1));
        } catch (StatusRuntimeException ignored) {
          // the same failure
        }
      }
      checkCode(err, want);
      StreamerStats st = s.stats();
      if (st.reconnects() != 0 || st.pointsAcked() != 0) {
        throw new StepFailure(
            "a stream failing with " + want + " must stop at once: " + st.reconnects()
                + " reconnects, " + st.pointsAcked() + " points acked");
      }
      return;
    }
    long start = System.nanoTime();
    try {
      for (long i = 0; i < n; i++) {
        if (announce && i == n / 2) {
          System.out.println("INTEROP " + LANG + " stream_halfway");
          System.out.flush();
        }
        s.log(runId, key, i, (i % mod) * scale);
      }
      s.close(Duration.ofMinutes(5));
    } catch (StatusRuntimeException e) {
      throw new StepFailure(e.getStatus().toString(), e.getStatus().getCode());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    StreamerStats st = s.stats();
    System.out.printf(
        "INTEROP %s stream_points_per_sec=%d points=%d seconds=%.3f messages=%d reconnects=%d%n",
        LANG, Math.round(n / seconds), n, seconds, st.messagesAcked(), st.reconnects());
    if (st.pointsAcked() != n) {
      throw new StepFailure("acknowledged " + st.pointsAcked() + " points, want " + n);
    }
    // After a reconnect, points committed before a lost ack are reported by no ack; the
    // history check counts them instead.
    if (st.reconnects() == 0 && st.pointsWritten() != n) {
      throw new StepFailure("server reports " + st.pointsWritten() + " points written, want " + n);
    }
  }

  void metricHistory(JsonObject step) throws StepFailure {
    String runId = step.get("run_id").getAsString();
    String key = step.get("key").getAsString();
    boolean hasFormula = step.has("value_mod");
    long mod = num(step, "value_mod", 1);
    double scale = step.has("value_scale") ? step.get("value_scale").getAsDouble() : 0;
    long count = 0;
    long sumSteps = 0;
    double sumValues = 0;
    long first = -1;
    long last = -1;
    JsonObject expect = step.has("expect") ? step.getAsJsonObject("expect") : new JsonObject();
    String wantCode = wantCode(expect);
    try {
      Iterator<GetMetricHistoryResponse> it =
          clientFor(step)
              .tracking()
              .withDeadlineAfter(5, TimeUnit.MINUTES)
              .getMetricHistory(GetMetricHistoryRequest.newBuilder().setRunId(runId).setKey(key).build());
      while (it.hasNext()) {
        var points = it.next().getPoints();
        if (points.getStepsCount() != points.getValuesCount()) {
          throw new StepFailure("chunk has " + points.getStepsCount() + " steps and " + points.getValuesCount() + " values");
        }
        for (int i = 0; i < points.getStepsCount(); i++) {
          long s = points.getSteps(i);
          double v = points.getValues(i);
          if (count == 0) {
            first = s;
          } else if (s <= last) {
            throw new StepFailure("steps out of order: " + s + " after " + last);
          }
          if (hasFormula && v != (s % mod) * scale) {
            throw new StepFailure("value at step " + s + " = " + v + ", want " + (s % mod) * scale);
          }
          last = s;
          count++;
          sumSteps += s;
          sumValues += v;
        }
      }
    } catch (StatusRuntimeException e) {
      checkCode(e, wantCode);
      return;
    }
    checkCode(null, wantCode);
    Map<String, String> got = new HashMap<>();
    got.put("count", String.valueOf(count));
    got.put("first_step", String.valueOf(first));
    got.put("last_step", String.valueOf(last));
    got.put("sum_steps", String.valueOf(sumSteps));
    got.put("sum_values", new BigDecimal(sumValues).toPlainString());
    expectScalars(got, expect);
  }

  /** The step's expected code ("OK" when it expects success). */
  private static String wantCode(JsonObject expect) {
    return expect.has("code") ? expect.get("code").getAsString() : "OK";
  }

  /** An artifact's path, size and SHA-256, as the scenario's expectations name them. */
  private static Map<String, String> fieldsOf(Artifact a) {
    return Map.of(
        "path", a.getPath(), "size_bytes", String.valueOf(a.getSizeBytes()), "sha256", a.getSha256());
  }

  /** Compares computed values with a step's expectations (other than {@code code}). */
  private static void expectScalars(Map<String, String> got, JsonObject expect)
      throws StepFailure {
    for (Map.Entry<String, JsonElement> e : expect.entrySet()) {
      if (e.getKey().equals("code")) {
        continue;
      }
      String g = got.get(e.getKey());
      if (g == null) {
        throw new StepFailure("unknown expectation " + e.getKey());
      }
      if (!sameScalar(g, scalar(e.getValue()))) {
        throw new StepFailure(e.getKey() + " = " + g + ", want " + scalar(e.getValue()));
      }
    }
  }

  /** Deletes a temporary directory and everything in it. */
  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * Writes {@code size_bytes} bytes (byte i = i % 251) to {@code file_name} in a temporary
   * directory and uploads it with {@link CairnClient#uploadArtifact} into {@code dir}.
   */
  void uploadArtifact(JsonObject step) throws StepFailure, IOException {
    String runId = step.get("run_id").getAsString();
    String dir = step.has("dir") ? step.get("dir").getAsString() : "";
    long size = num(step, "size_bytes", 0);
    JsonObject expect = step.has("expect") ? step.getAsJsonObject("expect") : new JsonObject();
    Path tmp = Files.createTempDirectory("cairn-interop-up-");
    try {
      Path file = tmp.resolve(step.get("file_name").getAsString());
      writePattern(file, size);
      Artifact a;
      try {
        a = clientFor(step).uploadArtifact(runId, file, dir);
      } catch (StatusRuntimeException e) {
        checkCode(e, wantCode(expect));
        return;
      }
      checkCode(null, wantCode(expect));
      expectScalars(fieldsOf(a), expect);
    } finally {
      deleteTree(tmp);
    }
  }

  /**
   * Downloads {@code path} with {@link CairnClient#downloadArtifact} into a temporary directory
   * and checks the file's own size and SHA-256; a failure must leave no file at the destination.
   */
  void downloadArtifact(JsonObject step) throws StepFailure, IOException {
    String runId = step.get("run_id").getAsString();
    String path = step.get("path").getAsString();
    JsonObject expect = step.has("expect") ? step.getAsJsonObject("expect") : new JsonObject();
    Path tmp = Files.createTempDirectory("cairn-interop-down-");
    try {
      Path dest = tmp.resolve("download.bin");
      try {
        clientFor(step).downloadArtifact(runId, path, dest, direct(step));
      } catch (StatusRuntimeException e) {
        if (Files.exists(dest)) {
          throw new StepFailure("a failed download left a file at " + dest);
        }
        try (Stream<Path> left = Files.list(tmp)) {
          List<Path> files = left.toList();
          if (!files.isEmpty()) {
            throw new StepFailure("a failed download left " + files);
          }
        }
        checkCode(e, wantCode(expect));
        return;
      }
      checkCode(null, wantCode(expect));
      expectScalars(describe(dest), expect);
    } finally {
      deleteTree(tmp);
    }
  }

  /** Whether a download step says {@code "direct": true} (bytes through a presigned URL). */
  private static boolean direct(JsonObject step) {
    return step.has("direct") && step.get("direct").getAsBoolean();
  }

  /**
   * Asks {@link CairnClient#presignedUrl} for a URL ({@code method}, {@code expires_seconds});
   * for GET, fetches it with a plain HTTP GET: the body's size and SHA-256, and the artifact the
   * helper returned, must equal {@code expect.size_bytes} and {@code expect.sha256}.
   */
  void presignedUrl(JsonObject step) throws StepFailure, IOException {
    String runId = step.get("run_id").getAsString();
    String path = step.get("path").getAsString();
    String method = step.has("method") ? step.get("method").getAsString() : "GET";
    int expires = (int) num(step, "expires_seconds", 900);
    JsonObject expect = step.has("expect") ? step.getAsJsonObject("expect") : new JsonObject();
    PresignedUrl url;
    try {
      url = clientFor(step).presignedUrl(runId, path, method, expires);
    } catch (StatusRuntimeException e) {
      checkCode(e, wantCode(expect));
      return;
    }
    checkCode(null, wantCode(expect));
    if (url.url().isEmpty()) {
      throw new StepFailure("the helper returned an empty URL");
    }
    if (!method.equalsIgnoreCase("GET")) {
      if (url.artifact() != null) {
        throw new StepFailure(method + " URL came with an artifact record");
      }
      return;
    }
    Artifact a = url.artifact();
    if (a == null) {
      throw new StepFailure("GET URL came without the artifact record");
    }
    expectScalars(Map.of("size_bytes", String.valueOf(a.getSizeBytes()), "sha256", a.getSha256()), expect);
    Path tmp = Files.createTempDirectory("cairn-interop-url-");
    try {
      Path body = tmp.resolve("body.bin");
      HttpResponse<Path> resp;
      try {
        resp =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30))
                .build()
                .send(
                    HttpRequest.newBuilder(URI.create(url.url())).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(body));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StepFailure("interrupted fetching the URL");
      }
      if (resp.statusCode() != 200) {
        throw new StepFailure("GET of the presigned URL answered HTTP " + resp.statusCode());
      }
      expectScalars(describe(body), expect);
    } finally {
      deleteTree(tmp);
    }
  }

  /** Writes {@code size} bytes to {@code file}, byte i being i % 251 (creating its folders). */
  private static void writePattern(Path file, long size) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (OutputStream out = Files.newOutputStream(file)) {
      byte[] buf = new byte[251 * 4096]; // a whole number of 0..250 cycles
      for (int i = 0; i < buf.length; i++) {
        buf[i] = (byte) (i % 251);
      }
      for (long left = size; left > 0; ) {
        int n = (int) Math.min(buf.length, left);
        out.write(buf, 0, n);
        left -= n;
      }
    }
  }

  /** A local file's size_bytes and sha256, computed from its bytes. */
  private static Map<String, String> describe(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long size = 0;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 20];
      for (int n; (n = in.read(buf)) >= 0; ) {
        md.update(buf, 0, n);
        size += n;
      }
    }
    Map<String, String> out = new HashMap<>();
    out.put("size_bytes", String.valueOf(size));
    out.put("sha256", HexFormat.of().formatHex(md.digest()));
    return out;
  }

  /** {@code rel}'s names joined with "/" ("" for an empty path). */
  private static String slashed(Path rel) {
    StringJoiner out = new StringJoiner("/");
    rel.forEach(name -> out.add(name.toString()));
    return out.toString();
  }

  /**
   * Compares a list of files or artifacts (path, size_bytes, sha256 each), in order, with the
   * step's expected list.
   */
  private static void expectList(String what, List<Map<String, String>> got, JsonArray want)
      throws StepFailure {
    List<String> gotPaths = got.stream().map(m -> m.get("path")).toList();
    if (got.size() != want.size()) {
      throw new StepFailure(what + ": got " + gotPaths + ", want " + want.size() + " entries");
    }
    for (int i = 0; i < got.size(); i++) {
      for (Map.Entry<String, JsonElement> e : want.get(i).getAsJsonObject().entrySet()) {
        String g = got.get(i).get(e.getKey());
        if (g == null || !sameScalar(g, scalar(e.getValue()))) {
          throw new StepFailure(
              what + "[" + i + "]." + e.getKey() + " = " + g + ", want " + scalar(e.getValue()) + " (got " + gotPaths + ")");
        }
      }
    }
  }

  /**
   * Writes {@code files} (each {@code path} with "/", {@code size_bytes} in the i % 251 pattern)
   * under a temporary directory and uploads it with {@link CairnClient#uploadArtifacts} into
   * {@code dir}; the artifacts, in the order returned, must equal {@code expect.artifacts}.
   */
  void uploadArtifacts(JsonObject step) throws StepFailure, IOException {
    String runId = step.get("run_id").getAsString();
    String dir = step.has("dir") ? step.get("dir").getAsString() : "";
    JsonObject expect = step.has("expect") ? step.getAsJsonObject("expect") : new JsonObject();
    Path tmp = Files.createTempDirectory("cairn-interop-up-");
    try {
      for (JsonElement e : step.getAsJsonArray("files")) {
        JsonObject f = e.getAsJsonObject();
        writePattern(tmp.resolve(f.get("path").getAsString()), num(f, "size_bytes", 0));
      }
      List<Artifact> artifacts;
      try {
        artifacts = clientFor(step).uploadArtifacts(runId, tmp, dir);
      } catch (StatusRuntimeException e) {
        checkCode(e, wantCode(expect));
        return;
      }
      checkCode(null, wantCode(expect));
      List<Map<String, String>> got = new ArrayList<>();
      for (Artifact a : artifacts) {
        got.add(fieldsOf(a));
      }
      if (expect.has("artifacts")) {
        expectList("artifacts", got, expect.getAsJsonArray("artifacts"));
      }
    } finally {
      deleteTree(tmp);
    }
  }

  /**
   * Downloads {@code path} with {@link CairnClient#downloadArtifacts} into a new temporary
   * directory: the returned root, relative to it, must equal {@code expect.root}, and the regular
   * files under the root (in path order, size and SHA-256 from their bytes) {@code expect.files}.
   * A failure must leave no file.
   */
  void downloadArtifacts(JsonObject step) throws StepFailure, IOException {
    String runId = step.get("run_id").getAsString();
    String path = step.get("path").getAsString();
    JsonObject expect = step.has("expect") ? step.getAsJsonObject("expect") : new JsonObject();
    Path tmp = Files.createTempDirectory("cairn-interop-down-");
    try {
      Path root;
      try {
        root = clientFor(step).downloadArtifacts(runId, path, tmp, direct(step));
      } catch (StatusRuntimeException e) {
        List<Path> left = regularFiles(tmp);
        if (!left.isEmpty()) {
          throw new StepFailure("a failed download left " + left);
        }
        checkCode(e, wantCode(expect));
        return;
      }
      checkCode(null, wantCode(expect));
      String rel = slashed(tmp.relativize(root));
      if (expect.has("root") && !rel.equals(expect.get("root").getAsString())) {
        throw new StepFailure("root = '" + rel + "', want '" + expect.get("root").getAsString() + "'");
      }
      List<Map<String, String>> got = new ArrayList<>();
      for (Path f : regularFiles(root)) {
        Map<String, String> d = describe(f);
        d.put("path", slashed(root.relativize(f)));
        got.add(d);
      }
      got.sort(Comparator.comparing(m -> m.get("path").getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned));
      if (expect.has("files")) {
        expectList("files", got, expect.getAsJsonArray("files"));
      }
    } finally {
      deleteTree(tmp);
    }
  }

  /** Every regular file under {@code dir} (symlinks not followed). */
  private static List<Path> regularFiles(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList();
    }
  }
}
