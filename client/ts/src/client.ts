import type * as http2 from "node:http2";
import { create } from "@bufbuild/protobuf";
import { FieldMaskSchema } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createClient, type Client as RpcClient, type Interceptor } from "@connectrpc/connect";
import { createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node";
import { TrackingService } from "./gen/cairn/v1/tracking_service_pb.js";
import { ModelRegistryService } from "./gen/cairn/v1/model_registry_service_pb.js";
import { ArtifactService } from "./gen/cairn/v1/artifact_service_pb.js";
import type { Experiment } from "./gen/cairn/v1/experiment_pb.js";
import { RunStatus, type Run as RunProto } from "./gen/cairn/v1/run_pb.js";
import { MetricStreamer, type StreamerOptions } from "./streamer.js";

/** The request header naming the acting user. */
export const USER_HEADER = "x-cairn-user";
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export interface ClientOptions {
  /** "host:port"; default $CAIRN_ADDRESS, then $CAIRN_ADDR, then 127.0.0.1:50051. */
  address?: string;
  /** Connect over TLS: true for the system roots, or Node TLS options (ca, cert, key, servername…). */
  tls?: boolean | http2.SecureClientSessionOptions;
  /** Sent as "authorization: Bearer <token>" with every call. */
  token?: string;
  /** The x-cairn-user header (default $CAIRN_USER). */
  user?: string;
  /** Extra Connect interceptors. */
  interceptors?: Interceptor[];
}

/**
 * Wraps connect-node's Http2SessionManager so that an HTTP/2 session error
 * raised after the manager dropped its own listeners cannot crash the process
 * (connectrpc/connect-es#1768: a GOAWAY on an idle connection, as when the
 * server restarts, becomes an uncaught exception). Every session used for a
 * request gets a listener that ignores the error; calls on it still fail and
 * are retried by the streamer as usual.
 */
class GuardedSessionManager {
  private readonly guarded = new WeakSet<http2.Http2Session>();

  constructor(private readonly inner: Http2SessionManager) {}

  get authority(): string {
    return this.inner.authority;
  }

  async request(
    method: string,
    path: string,
    headers: http2.OutgoingHttpHeaders,
    options: Omit<http2.ClientSessionRequestOptions, "signal">,
  ): Promise<http2.ClientHttp2Stream> {
    const stream = await this.inner.request(method, path, headers, options);
    const session = stream.session;
    if (session && !this.guarded.has(session)) {
      this.guarded.add(session);
      session.on("error", () => undefined);
    }
    return stream;
  }

  notifyResponseByteRead(stream: http2.ClientHttp2Stream): void {
    this.inner.notifyResponseByteRead(stream);
  }

  abort(): void {
    this.inner.abort();
  }
}

/** Describes a run to start. */
export interface RunOptions {
  /** Experiment name, created if missing. Ignored when experimentId is set. */
  experiment?: string;
  experimentId?: string;
  name?: string;
  parentRunId?: string;
  user?: string;
  params?: Record<string, string | number | boolean>;
  tags?: Record<string, string | number | boolean>;
  /** Options of the run's metric streamer. */
  streamer?: StreamerOptions;
}

function kv(m: Record<string, string | number | boolean> | undefined) {
  return Object.entries(m ?? {}).map(([key, value]) => ({ key, value: String(value) }));
}

/**
 * A connection to a Cairn server over gRPC (HTTP/2). The generated service
 * clients are `tracking`, `registry` and `artifacts`; the helpers cover the
 * common run workflow.
 */
export class Client {
  readonly address: string;
  readonly tracking: RpcClient<typeof TrackingService>;
  readonly registry: RpcClient<typeof ModelRegistryService>;
  readonly artifacts: RpcClient<typeof ArtifactService>;
  private readonly sessions: GuardedSessionManager;

  constructor(options: ClientOptions = {}) {
    this.address = options.address || process.env.CAIRN_ADDRESS || process.env.CAIRN_ADDR || "127.0.0.1:50051";
    const secure = options.tls !== undefined && options.tls !== false;
    const baseUrl = `${secure ? "https" : "http"}://${this.address}`;
    const nodeOptions = typeof options.tls === "object" ? options.tls : {};
    this.sessions = new GuardedSessionManager(new Http2SessionManager(baseUrl, { pingIntervalMs: 30_000 }, nodeOptions));
    const headers: Array<[string, string]> = [];
    if (options.token) headers.push(["authorization", `Bearer ${options.token}`]);
    const user = options.user ?? process.env.CAIRN_USER;
    if (user) headers.push([USER_HEADER, user]);
    const addHeaders: Interceptor = (next) => (req) => {
      for (const [k, v] of headers) req.header.set(k, v);
      return next(req);
    };
    const transport = createGrpcTransport({
      baseUrl,
      sessionManager: this.sessions,
      interceptors: [addHeaders, ...(options.interceptors ?? [])],
      readMaxBytes: MAX_MESSAGE_BYTES,
      writeMaxBytes: MAX_MESSAGE_BYTES,
    });
    this.tracking = createClient(TrackingService, transport);
    this.registry = createClient(ModelRegistryService, transport);
    this.artifacts = createClient(ArtifactService, transport);
  }

  /** Closes the HTTP/2 connection. Close streamers first. */
  close(): void {
    this.sessions.abort();
  }

  /** Starts a background metric streamer on this connection. */
  newStreamer(options: StreamerOptions = {}): MetricStreamer {
    return new MetricStreamer(this.tracking, options);
  }

  /** Returns the experiment named `name`, creating it if missing. */
  async getOrCreateExperiment(name: string): Promise<Experiment> {
    try {
      return (await this.tracking.getExperimentByName({ name })).experiment!;
    } catch (err) {
      if (!(err instanceof ConnectError) || err.code !== Code.NotFound) throw err;
    }
    try {
      return (await this.tracking.createExperiment({ name })).experiment!;
    } catch (err) {
      // Created concurrently by someone else.
      if (err instanceof ConnectError && err.code === Code.AlreadyExists) {
        return (await this.tracking.getExperimentByName({ name })).experiment!;
      }
      throw err;
    }
  }

  /**
   * Creates a RUNNING run with params and tags, and a streamer for its
   * metrics. End it with run.finish()/run.fail(), or use withRun().
   */
  async startRun(options: RunOptions): Promise<Run> {
    let experimentId = options.experimentId;
    if (!experimentId) {
      if (!options.experiment) throw new Error("cairn: startRun needs experiment or experimentId");
      experimentId = (await this.getOrCreateExperiment(options.experiment)).experimentId;
    }
    const resp = await this.tracking.createRun({
      experimentId,
      runName: options.name ?? "",
      parentRunId: options.parentRunId ?? "",
      user: options.user ?? "",
      params: kv(options.params),
      tags: kv(options.tags),
    });
    return new Run(this, resp.run!, this.newStreamer(options.streamer));
  }

  /**
   * Runs `body` with a started run, like the Python SDK's `with start_run()`:
   * the run ends FINISHED when body resolves and FAILED when it throws.
   */
  async withRun<T>(options: RunOptions, body: (run: Run) => Promise<T>): Promise<T> {
    const run = await this.startRun(options);
    let result: T;
    try {
      result = await body(run);
    } catch (err) {
      await run.fail().catch(() => undefined);
      throw err;
    }
    await run.finish();
    return result;
  }
}

/** A started run with helpers to log to it. */
export class Run {
  constructor(
    readonly client: Client,
    readonly proto: RunProto,
    readonly streamer: MetricStreamer,
  ) {}

  get id(): string {
    return this.proto.runId;
  }

  /** Logs immutable params; a different value for a logged key is INVALID_ARGUMENT. */
  async logParams(params: Record<string, string | number | boolean>): Promise<void> {
    await this.client.tracking.logParams({ runId: this.id, params: kv(params) });
  }

  /** Sets (inserts or overwrites) tags. */
  async setTags(tags: Record<string, string | number | boolean>): Promise<void> {
    await this.client.tracking.setTags({ runId: this.id, tags: kv(tags) });
  }

  /**
   * Queues one metric point on the run's streamer. Returns false when the
   * buffer is full: `await run.writable()` before logging more.
   */
  logMetric(key: string, value: number, step: number, timestampMillis?: number): boolean {
    return this.streamer.log(this.id, key, step, value, timestampMillis);
  }

  /** Resolves when the streamer has room again. */
  writable(): Promise<void> {
    return this.streamer.writable();
  }

  /** Waits until every point logged so far is acknowledged. */
  flush(timeoutMs?: number): Promise<void> {
    return this.streamer.flush(timeoutMs);
  }

  /**
   * Closes the streamer (waiting for acks) and sets a terminal status. If the
   * streamer failed, the run is marked FAILED and the streamer's error thrown.
   */
  async end(status: RunStatus, timeoutMs?: number): Promise<void> {
    let streamErr: unknown;
    try {
      await this.streamer.close(timeoutMs);
    } catch (err) {
      streamErr = err;
      status = RunStatus.FAILED;
    }
    await this.client.tracking.updateRun({
      run: { runId: this.id, status },
      updateMask: create(FieldMaskSchema, { paths: ["status"] }),
    });
    if (streamErr !== undefined) throw streamErr;
  }

  finish(timeoutMs?: number): Promise<void> {
    return this.end(RunStatus.FINISHED, timeoutMs);
  }

  fail(timeoutMs?: number): Promise<void> {
    return this.end(RunStatus.FAILED, timeoutMs);
  }
}
