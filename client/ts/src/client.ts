import { readFileSync } from "node:fs";
import type * as http2 from "node:http2";
import { create } from "@bufbuild/protobuf";
import { FieldMaskSchema } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createClient, type Client as RpcClient, type Interceptor } from "@connectrpc/connect";
import { createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node";
import { TrackingService } from "./gen/cairn/v1/tracking_service_pb.js";
import { ModelRegistryService } from "./gen/cairn/v1/model_registry_service_pb.js";
import { ArtifactService } from "./gen/cairn/v1/artifact_service_pb.js";
import { AccessService, type GetCurrentUserResponse } from "./gen/cairn/v1/access_service_pb.js";
import type { Experiment } from "./gen/cairn/v1/experiment_pb.js";
import type { Artifact } from "./gen/cairn/v1/artifact_pb.js";
import {
  DEFAULT_TRANSFER_RETRY,
  downloadArtifact,
  downloadArtifacts,
  presignedUrl,
  uploadArtifact,
  uploadArtifacts,
  type DownloadOptions,
  type PresignedUrl,
  type PresignedUrlOptions,
  type TransferRetry,
} from "./artifacts.js";
import { RunStatus, type Run as RunProto } from "./gen/cairn/v1/run_pb.js";
import { MetricStreamer, type StreamerOptions } from "./streamer.js";

/** The request header naming the acting user. */
export const USER_HEADER = "x-cairn-user";
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/**
 * TLS settings: Node's TLS options (`ca`, `cert`, `key` as PEM contents,
 * `servername`, ...) and, like the Python SDK's Tls, file names read at
 * connect time. Without `ca`/`caFile` the server is verified against Node's
 * trusted roots; `cert` and `key` present a client certificate for servers
 * that require mutual TLS.
 */
export interface TlsOptions extends http2.SecureClientSessionOptions {
  /** PEM file of the CA that signed the server's certificate. */
  caFile?: string;
  /** PEM file of the client certificate (mutual TLS); needs keyFile. */
  certFile?: string;
  /** PEM file of the client certificate's private key. */
  keyFile?: string;
  /** The name expected in the server's certificate, when not the address' host. */
  serverName?: string;
}

export interface ClientOptions {
  /** "host:port"; default $CAIRN_ADDRESS, then $CAIRN_ADDR, then 127.0.0.1:50051. */
  address?: string;
  /**
   * Connect over TLS: true for Node's trusted roots, or TlsOptions (CA, client
   * certificate and key for mutual TLS). Default: from $CAIRN_TLS,
   * $CAIRN_TLS_CA, $CAIRN_TLS_CLIENT_CERT, $CAIRN_TLS_CLIENT_KEY and $CAIRN_TLS_SERVER_NAME
   * (see tlsFromEnv), else plaintext; false forces plaintext.
   */
  tls?: boolean | TlsOptions;
  /**
   * API token, sent as "authorization: Bearer <token>" with every call, unary
   * and streaming (metric streamers and their reconnects included). Default
   * $CAIRN_TOKEN; "" sends none.
   */
  token?: string;
  /** The x-cairn-user header (default $CAIRN_USER); servers record a token's user instead. */
  user?: string;
  /** Extra Connect interceptors. */
  interceptors?: Interceptor[];
  /**
   * Retries of artifact transfers (each file's) after retryable failures
   * (default: 20 retries, backoff 200 ms doubling to 5 s).
   */
  transferRetry?: Partial<TransferRetry>;
}

/**
 * A Connect interceptor that adds "authorization: Bearer <token>" to every
 * request, streams included. Client adds it for its `token` option; use it
 * directly with your own transports.
 */
export function bearerAuth(token: string): Interceptor {
  const value = `Bearer ${token}`;
  return (next) => (req) => {
    req.header.set("authorization", value);
    return next(req);
  };
}

/**
 * TLS settings from the environment, as the Python SDK reads them:
 * undefined (plaintext) unless $CAIRN_TLS is 1, true or yes or $CAIRN_TLS_CA
 * or $CAIRN_TLS_CLIENT_CERT is set; then $CAIRN_TLS_CA, $CAIRN_TLS_CLIENT_CERT,
 * $CAIRN_TLS_CLIENT_KEY and $CAIRN_TLS_SERVER_NAME name the files and the
 * expected server name. (Not $CAIRN_TLS_CERT/$CAIRN_TLS_KEY: those are the
 * server's own certificate, which a client beside it must not present.)
 */
export function tlsFromEnv(env: NodeJS.ProcessEnv = process.env): TlsOptions | undefined {
  const wanted = ["1", "true", "yes"].includes((env.CAIRN_TLS ?? "").toLowerCase());
  if (!wanted && !env.CAIRN_TLS_CA && !env.CAIRN_TLS_CLIENT_CERT) return undefined;
  const out: TlsOptions = {};
  if (env.CAIRN_TLS_CA) out.caFile = env.CAIRN_TLS_CA;
  if (env.CAIRN_TLS_CLIENT_CERT) out.certFile = env.CAIRN_TLS_CLIENT_CERT;
  if (env.CAIRN_TLS_CLIENT_KEY) out.keyFile = env.CAIRN_TLS_CLIENT_KEY;
  if (env.CAIRN_TLS_SERVER_NAME) out.serverName = env.CAIRN_TLS_SERVER_NAME;
  return out;
}

/** Node's session options for TlsOptions: files read, serverName as servername. */
function nodeTlsOptions(tls: TlsOptions): http2.SecureClientSessionOptions {
  const { caFile, certFile, keyFile, serverName, ...node } = tls;
  const read = (what: string, file: string) => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new Error(`cairn: TLS ${what} ${file}: ${(err as Error).message}`);
    }
  };
  if (caFile) node.ca = read("CA", caFile);
  if (certFile) node.cert = read("certificate", certFile);
  if (keyFile) node.key = read("key", keyFile);
  if (Boolean(node.cert) !== Boolean(node.key)) {
    throw new Error("cairn: a TLS client certificate needs both cert and key");
  }
  if (serverName) node.servername = serverName;
  return node;
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
 * clients are `tracking`, `registry`, `artifacts` and `access`; the helpers
 * cover the common run workflow.
 */
export class Client {
  readonly address: string;
  readonly tracking: RpcClient<typeof TrackingService>;
  readonly registry: RpcClient<typeof ModelRegistryService>;
  readonly artifacts: RpcClient<typeof ArtifactService>;
  readonly access: RpcClient<typeof AccessService>;
  private readonly sessions: GuardedSessionManager;
  private readonly transferRetry: TransferRetry;

  constructor(options: ClientOptions = {}) {
    this.address = options.address || process.env.CAIRN_ADDRESS || process.env.CAIRN_ADDR || "127.0.0.1:50051";
    const tls = options.tls === undefined ? tlsFromEnv() : options.tls;
    const secure = tls !== undefined && tls !== false;
    const baseUrl = `${secure ? "https" : "http"}://${this.address}`;
    const nodeOptions = typeof tls === "object" ? nodeTlsOptions(tls) : {};
    this.sessions = new GuardedSessionManager(new Http2SessionManager(baseUrl, { pingIntervalMs: 30_000 }, nodeOptions));
    const interceptors: Interceptor[] = [];
    const token = options.token ?? process.env.CAIRN_TOKEN;
    if (token) interceptors.push(bearerAuth(token));
    const user = options.user ?? process.env.CAIRN_USER;
    if (user) {
      interceptors.push((next) => (req) => {
        req.header.set(USER_HEADER, user);
        return next(req);
      });
    }
    const transport = createGrpcTransport({
      baseUrl,
      sessionManager: this.sessions,
      interceptors: [...interceptors, ...(options.interceptors ?? [])],
      readMaxBytes: MAX_MESSAGE_BYTES,
      writeMaxBytes: MAX_MESSAGE_BYTES,
    });
    this.tracking = createClient(TrackingService, transport);
    this.registry = createClient(ModelRegistryService, transport);
    this.artifacts = createClient(ArtifactService, transport);
    this.access = createClient(AccessService, transport);
    this.transferRetry = { ...DEFAULT_TRANSFER_RETRY, ...options.transferRetry };
  }

  /**
   * Uploads the file `localPath` into the run's directory `dir` (the run's
   * root by default): the artifact's path is `dir/<base name>`, as the Python
   * SDK's log_artifact. Verified: the file's SHA-256 is computed first and
   * claimed, and the server refuses different bytes with DATA_LOSS. A file of
   * at most 8 MiB is read once and sent in one UploadArtifact call that starts
   * the upload, retried whole after a retryable failure (UNAVAILABLE, ABORTED,
   * RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED, INTERNAL, UNKNOWN, CANCELLED).
   * Bigger files are resumable: StartUpload, then after a dropped stream it
   * asks the server how many bytes are committed (GetUpload) and resends from
   * there, up to 20 times with backoff; such a file is read in chunks of at
   * most 4 MiB, each sent only once the stream has taken the previous one, so
   * memory stays flat. RPC failures reject with a ConnectError carrying the
   * gRPC code; local ones (a missing file) with Node's error.
   */
  uploadArtifact(runId: string, localPath: string, dir = ""): Promise<Artifact> {
    return uploadArtifact(this.artifacts, runId, localPath, dir, this.transferRetry);
  }

  /**
   * Uploads every regular file under the directory `localDir` (symlinks are
   * neither followed nor uploaded) into the run's directory `dir`, keeping the
   * tree: `dir/<relative path>` (just the relative path when `dir` is empty),
   * as the Python SDK's log_artifacts. Each file goes as uploadArtifact sends
   * it; files of at most 8 MiB go four at a time, bigger ones one by one after
   * them. Resolves to the artifacts in path order (as ListArtifacts lists
   * them). On the first failure no further file is started, and once the
   * running ones have ended it rejects with that error, its message naming the
   * file (a ConnectError keeps its code).
   */
  uploadArtifacts(runId: string, localDir: string, dir = ""): Promise<Artifact[]> {
    return uploadArtifacts(this.artifacts, runId, localDir, dir, this.transferRetry);
  }

  /**
   * Downloads the artifact `path` of a run to the file `dest` (parent
   * directories created) and returns its record. The bytes go to
   * `dest + ".cairn-partial"`, hashed as they arrive, and only a file whose
   * size and SHA-256 match the artifact's is renamed to `dest`. A dropped
   * stream resumes from the bytes received. A mismatch rejects with a
   * ConnectError of code DATA_LOSS; on any failure the partial file is removed
   * and nothing is created at `dest`.
   *
   * With `{ direct: true }` the bytes come from the object store through a
   * presigned URL (see presignedUrl) instead of through the server, checked
   * against the size and SHA-256 the server returns with the URL, and written
   * and renamed the same way (S3 backends only: a server on a local folder
   * answers UNIMPLEMENTED, as does one that returns no artifact record with
   * the URL). A URL that is not http(s) is refused (FAILED_PRECONDITION). A
   * dropped connection resumes with a Range request, and an object store that
   * ignores the range (no 206) is DATA_LOSS; a 403 from a URL that has served
   * before means it expired, and a fresh one is asked for; HTTP 408, 429,
   * 5xx and network failures are retried with the transfer backoff. Other
   * HTTP statuses reject at once: 403 PERMISSION_DENIED, 404 NOT_FOUND, 416
   * DATA_LOSS, others UNAVAILABLE (as do retries run out).
   */
  downloadArtifact(runId: string, path: string, dest: string, options: DownloadOptions = {}): Promise<Artifact> {
    return downloadArtifact(this.artifacts, runId, path, dest, this.transferRetry, options);
  }

  /**
   * Downloads a file or a whole directory of a run ("" for all of its
   * artifacts) into the directory `dest` (created), as the Python SDK's
   * download_artifacts, and resolves to the local path of what `path` names:
   * `dest` for "", `dest/<base name>` for a file or a directory (whose files
   * keep their relative paths under it). A path that lists nothing is taken
   * for a file, so a missing one rejects with NOT_FOUND. Each file is
   * downloaded (and verified) as downloadArtifact does, so a failed one leaves
   * no file; files of at most 8 MiB go four at a time, bigger ones after, and
   * the first failure rejects as uploadArtifacts' does. An artifact path that
   * would land outside `dest` ("..", backslashes, a symlink out) is refused.
   * `{ direct: true }` downloads each file as downloadArtifact's `direct`
   * does (the listing still comes from the server).
   */
  downloadArtifacts(runId: string, path: string, dest: string, options: DownloadOptions = {}): Promise<string> {
    return downloadArtifacts(this.artifacts, runId, path, dest, this.transferRetry, options);
  }

  /**
   * A short-lived URL of the object store for one artifact, to move big files
   * without passing them through the server, as the Python SDK's
   * presigned_url: GET (the default) reads an existing artifact and resolves
   * with its record (size and SHA-256, to verify the bytes); PUT writes a new
   * one, which the server then lists as an artifact without a SHA-256 (it
   * never saw the bytes), and resolves with `artifact` undefined. Anyone
   * holding the URL can use it until it expires (`expiresSeconds`, 1..3600,
   * default 900). A method other than GET or PUT (any case) rejects with a
   * TypeError without calling the server. S3 backends only: a server on a
   * local folder answers UNIMPLEMENTED.
   */
  presignedUrl(runId: string, path: string, options: PresignedUrlOptions = {}): Promise<PresignedUrl> {
    return presignedUrl(this.artifacts, runId, path, options);
  }

  /**
   * Who the server takes the caller to be: the token's user, or `anonymous`
   * when the call carried no token and the server allows that. A missing,
   * wrong, expired or revoked token rejects with UNAUTHENTICATED (see
   * isUnauthenticated).
   */
  currentUser(): Promise<GetCurrentUserResponse> {
    return this.access.getCurrentUser({});
  }

  /** Closes the HTTP/2 connection. Close streamers first. */
  close(): void {
    this.sessions.abort();
  }

  /** Starts a background metric streamer on this connection. */
  newStreamer(options: StreamerOptions = {}): MetricStreamer {
    return new MetricStreamer(this.tracking, { ...options, address: options.address ?? this.address });
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
