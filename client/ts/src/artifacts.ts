// Verified, resumable artifact transfers over ArtifactService, used by
// Client.uploadArtifact(s) and Client.downloadArtifact(s). Memory stays flat:
// big files are hashed, sent and received one chunk (at most 4 MiB) at a time,
// and each chunk waits for the stream (or the file) to take the previous one;
// small ones (at most 8 MiB) are read whole and sent in one call.
import { createHash, type Hash } from "node:crypto";
import { get as httpGet, type IncomingMessage } from "node:http";
import { get as httpsGet } from "node:https";
import { createReadStream } from "node:fs";
import { mkdir, open, readFile, readdir, realpath, rename, rm, stat, type FileHandle } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { Client as RpcClient } from "@connectrpc/connect";
import { Code, ConnectError, isRetryable } from "./errors.js";
import type { Artifact } from "./gen/cairn/v1/artifact_pb.js";
import {
  PresignedMethod,
  type ArtifactService,
  type StartUploadRequestSchema,
  type UploadArtifactRequestSchema,
  type UploadArtifactResponse,
} from "./gen/cairn/v1/artifact_service_pb.js";

type UploadMessage = MessageInitShape<typeof UploadArtifactRequestSchema>;
type StartUpload = MessageInitShape<typeof StartUploadRequestSchema>;

/** Largest data message sent (the server's limit per message). */
export const ARTIFACT_CHUNK_BYTES = 4 * 1024 * 1024;
/** Files up to this size go in one call; bigger ones use a resumable upload session. */
export const SINGLE_CALL_MAX_BYTES = 8 * 1024 * 1024;
/** Files of a tree up to SINGLE_CALL_MAX_BYTES transferred at once (see transferAll). */
const PARALLEL_FILES = 4;
/** Suffix of the file a download writes before renaming it to its destination. */
export const PARTIAL_SUFFIX = ".cairn-partial";

/** How transfers retry; the defaults suit production, tests shorten them. */
export interface TransferRetry {
  /** Retries after the first attempt (default 20). */
  retries: number;
  /** First backoff (default 200 ms), doubled after each retry... */
  initialBackoffMs: number;
  /** ...up to this (default 5 s). */
  maxBackoffMs: number;
}

export const DEFAULT_TRANSFER_RETRY: TransferRetry = { retries: 20, initialBackoffMs: 200, maxBackoffMs: 5000 };

type Artifacts = RpcClient<typeof ArtifactService>;

/**
 * Whether an artifact transfer failure may succeed when resumed: what
 * isRetryable accepts (UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL, UNKNOWN,
 * CANCELLED: dropped connections and streams) plus ABORTED (connect-node's
 * code for a reset connection) and RESOURCE_EXHAUSTED (rate limiting).
 */
export function isTransferRetryable(err: unknown): boolean {
  if (isRetryable(err)) return true;
  return err instanceof ConnectError && (err.code === Code.Aborted || err.code === Code.ResourceExhausted);
}

/** The artifact path of a local file logged into `dir`, as the Python SDK's log_artifact. */
export function artifactPath(localPath: string, dir: string): string {
  const name = basename(localPath);
  if (!dir) return name;
  return `${stripSlashes(dir)}/${name}`;
}

const stripSlashes = (path: string) => path.replace(/^\/+|\/+$/g, "");

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function backoffMs(retry: TransferRetry, attempt: number): number {
  return Math.min(retry.initialBackoffMs * 2 ** attempt, retry.maxBackoffMs);
}

/** Hex SHA-256 of a file, streamed in ARTIFACT_CHUNK_BYTES reads. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: ARTIFACT_CHUNK_BYTES })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest("hex");
}

/** A local problem (the file, the disk): never retried, thrown as is. */
class Local {
  constructor(readonly error: unknown) {}
}

/**
 * Runs fn, retrying retryable RPC failures with exponential backoff;
 * `attempt` counts retries shared between calls of one transfer.
 */
async function withRetry<T>(retry: TransferRetry, state: { attempt: number }, fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof Local) throw err.error;
      if (!isTransferRetryable(err) || state.attempt >= retry.retries) throw ConnectError.from(err);
      await sleep(backoffMs(retry, state.attempt));
      state.attempt++;
    }
  }
}

/**
 * The messages of one UploadArtifact call: the header, then the file's bytes
 * from `offset` in chunks. connect-node pulls the next message only once the
 * HTTP/2 stream has taken the previous one (flow control), so one chunk is
 * read ahead at most. A local read failure is recorded in `failure` so that it
 * is not mistaken for a retryable RPC error.
 */
async function* uploadMessages(
  file: FileHandle,
  localPath: string,
  uploadId: string,
  offset: bigint,
  size: bigint,
  failure: { error?: unknown },
): AsyncGenerator<UploadMessage> {
  yield { message: { case: "header", value: { target: { case: "uploadId", value: uploadId }, offset } } };
  let pos = offset;
  while (pos < size) {
    const want = Number(size - pos < BigInt(ARTIFACT_CHUNK_BYTES) ? size - pos : BigInt(ARTIFACT_CHUNK_BYTES));
    let chunk: Uint8Array;
    try {
      const buf = Buffer.allocUnsafe(want);
      let got = 0;
      while (got < want) {
        const { bytesRead } = await file.read(buf, got, want - got, Number(pos) + got);
        if (bytesRead === 0) throw new Error(`cairn: ${localPath} shrank while being uploaded`);
        got += bytesRead;
      }
      chunk = buf;
    } catch (err) {
      failure.error = err;
      throw err;
    }
    pos += BigInt(want);
    yield { message: { case: "data", value: chunk } };
  }
}

/** See Client.uploadArtifact. */
export function uploadArtifact(
  artifacts: Artifacts,
  runId: string,
  localPath: string,
  dir = "",
  retry: TransferRetry = DEFAULT_TRANSFER_RETRY,
): Promise<Artifact> {
  return uploadFile(artifacts, runId, localPath, artifactPath(localPath, dir), retry);
}

/** Uploads the file `localPath` to the artifact `path`: in one call if small, else resumably. */
async function uploadFile(
  artifacts: Artifacts,
  runId: string,
  localPath: string,
  path: string,
  retry: TransferRetry,
): Promise<Artifact> {
  const info = await stat(localPath);
  if (!info.isFile()) throw new Error(`cairn: ${localPath} is not a file`);
  if (info.size <= SINGLE_CALL_MAX_BYTES) return uploadSmall(artifacts, runId, localPath, path, info.size, retry);
  return uploadResumable(artifacts, runId, localPath, path, BigInt(info.size), retry);
}

/**
 * One UploadArtifact call whose header starts the upload, then the data (the
 * server stores it with one write). The file is read once, so the digest
 * claimed is that of the bytes sent, and a retry sends the whole call again;
 * a file whose size is no longer the one stat'ed is changing: refused.
 */
async function uploadSmall(
  artifacts: Artifacts,
  runId: string,
  localPath: string,
  path: string,
  size: number,
  retry: TransferRetry,
): Promise<Artifact> {
  const data = await readFile(localPath);
  if (data.length !== size) throw new Error(`cairn: ${localPath} changed while being uploaded`);
  const sha256 = createHash("sha256").update(data).digest("hex");
  const start: StartUpload = { runId, path, sizeBytes: BigInt(size), sha256 };
  return withRetry(retry, { attempt: 0 }, async () => completed(path, await artifacts.uploadArtifact(oneCall(start, data))));
}

async function* oneCall(start: StartUpload, data: Buffer): AsyncGenerator<UploadMessage> {
  yield { message: { case: "header", value: { target: { case: "start", value: start }, offset: 0n } } };
  for (let pos = 0; pos < data.length; pos += ARTIFACT_CHUNK_BYTES) {
    yield { message: { case: "data", value: data.subarray(pos, pos + ARTIFACT_CHUNK_BYTES) } };
  }
}

/** The artifact of a completed upload; a stream that ended before (it should not) is retried. */
function completed(path: string, resp: UploadArtifactResponse): Artifact {
  if (resp.artifact) return resp.artifact;
  throw new ConnectError(
    `cairn: upload of '${path}' ended at ${resp.upload?.committedBytes ?? "?"} of ${resp.upload?.sizeBytes ?? "?"} bytes`,
    Code.Aborted,
  );
}

/** StartUpload, then UploadArtifact calls resuming from GetUpload's committed bytes. */
async function uploadResumable(
  artifacts: Artifacts,
  runId: string,
  localPath: string,
  path: string,
  size: bigint,
  retry: TransferRetry,
): Promise<Artifact> {
  const sha256 = await sha256File(localPath);
  const state = { attempt: 0 };
  // A StartUpload whose answer was lost leaves an unused upload, which expires.
  const started = await withRetry(retry, state, () => artifacts.startUpload({ runId, path, sizeBytes: size, sha256 }));
  const uploadId = started.upload?.uploadId;
  if (!uploadId) throw new ConnectError("cairn: StartUpload returned no upload id", Code.Internal);
  const file = await open(localPath, "r");
  try {
    let resume = false;
    return await withRetry(retry, state, async () => {
      let offset = 0n;
      if (resume) {
        // Resume where the server's durable checkpoint is (any other offset is
        // FAILED_PRECONDITION). A completed upload whose answer was lost is
        // answered again for offset == size.
        offset = (await artifacts.getUpload({ uploadId })).upload?.committedBytes ?? 0n;
      }
      resume = true;
      const failure: { error?: unknown } = {};
      let resp;
      try {
        resp = await artifacts.uploadArtifact(uploadMessages(file, localPath, uploadId, offset, size, failure));
      } catch (err) {
        if (failure.error !== undefined) throw new Local(failure.error);
        throw err;
      }
      return completed(path, resp);
    });
  } finally {
    await file.close();
  }
}

/** Options of Client.downloadArtifact and Client.downloadArtifacts. */
export interface DownloadOptions {
  /**
   * Read the bytes from the object store through a presigned URL instead of
   * through the server (S3 backends only; a local-folder server answers
   * UNIMPLEMENTED), verified against the size and SHA-256 the server returns
   * with the URL.
   */
  direct?: boolean;
}

/** What a fetch of one artifact's bytes ends with: its record and the bytes written. */
interface Fetched {
  expected: Artifact;
  received: bigint;
}

/** Writes an artifact's bytes to `file` from its start, hashing them into `hash`. */
type Fetch = (
  artifacts: Artifacts,
  runId: string,
  path: string,
  file: FileHandle,
  hash: Hash,
  retry: TransferRetry,
) => Promise<Fetched>;

/** See Client.downloadArtifact. */
export async function downloadArtifact(
  artifacts: Artifacts,
  runId: string,
  path: string,
  dest: string,
  retry: TransferRetry = DEFAULT_TRANSFER_RETRY,
  options: DownloadOptions = {},
): Promise<Artifact> {
  await mkdir(dirname(dest), { recursive: true });
  const partial = dest + PARTIAL_SUFFIX;
  const fetch: Fetch = options.direct ? fetchDirect : fetchViaServer;
  let file: FileHandle | undefined = await open(partial, "w");
  try {
    const hash = createHash("sha256");
    const { expected, received } = await fetch(artifacts, runId, path, file, hash, retry);
    const digest = hash.digest("hex");
    if (received !== expected.sizeBytes || (expected.sha256 !== "" && digest !== expected.sha256.toLowerCase())) {
      throw mismatch(path);
    }
    await file.sync();
    await file.close();
    file = undefined;
    await rename(partial, dest);
    return expected;
  } catch (err) {
    await file?.close().catch(() => undefined);
    await rm(partial, { force: true }).catch(() => undefined);
    throw err;
  }
}

/** The bytes through the server (DownloadArtifact), resuming from the bytes received. */
async function fetchViaServer(
  artifacts: Artifacts,
  runId: string,
  path: string,
  file: FileHandle,
  hash: Hash,
  retry: TransferRetry,
): Promise<Fetched> {
  let expected: Artifact | undefined;
  let received = 0n;
  const state = { attempt: 0 };
  await withRetry(retry, state, async () => {
    let first = true;
    for await (const resp of artifacts.downloadArtifact({ runId, path, offset: received })) {
      const m = resp.message;
      if (m.case === "artifact") {
        if (!first) throw new Local(new ConnectError(`cairn: download of '${path}': a second artifact message`, Code.Internal));
        first = false;
        if (expected === undefined) {
          expected = m.value;
        } else if (m.value.sizeBytes !== expected.sizeBytes || m.value.sha256 !== expected.sha256) {
          throw new Local(changed(path));
        }
      } else if (m.case === "data") {
        if (first || expected === undefined) {
          throw new Local(new ConnectError(`cairn: download of '${path}': data before the artifact message`, Code.Internal));
        }
        received += BigInt(m.value.byteLength);
        if (received > expected.sizeBytes) throw new Local(mismatch(path));
        hash.update(m.value);
        try {
          // Awaiting each write keeps one chunk in memory and lets the
          // HTTP/2 flow control slow the server down.
          await writeAll(file, m.value);
        } catch (err) {
          throw new Local(err);
        }
      }
    }
    if (first) throw new ConnectError(`cairn: download of '${path}' ended without the artifact message`, Code.Aborted);
  });
  if (expected === undefined) throw new ConnectError(`cairn: download of '${path}' got no artifact`, Code.Internal);
  return { expected, received };
}

/** Replaced between attempts: the bytes so far belong to the old one. */
function changed(path: string): ConnectError {
  return new ConnectError(`cairn: artifact '${path}' changed while being downloaded; download it again`, Code.Aborted);
}

/** Options of Client.presignedUrl. */
export interface PresignedUrlOptions {
  /** "GET" (default) reads an existing artifact, "PUT" writes a new one; case-insensitive. */
  method?: string;
  /** How long the URL is valid, 1..3600 seconds (default 900). */
  expiresSeconds?: number;
}

/** A short-lived URL of the object store for one artifact (see Client.presignedUrl). */
export interface PresignedUrl {
  url: string;
  /** When the URL expires, in milliseconds since the epoch. */
  expireTimeMillis: bigint;
  /** GET: the artifact the URL reads (size and SHA-256, to verify the bytes); PUT: undefined. */
  artifact: Artifact | undefined;
}

const PRESIGNED_METHODS = new Map([
  ["GET", PresignedMethod.GET],
  ["PUT", PresignedMethod.PUT],
]);

/** See Client.presignedUrl. */
export async function presignedUrl(
  artifacts: Artifacts,
  runId: string,
  path: string,
  options: PresignedUrlOptions = {},
): Promise<PresignedUrl> {
  const { method = "GET", expiresSeconds = 900 } = options;
  const wanted = typeof method === "string" ? PRESIGNED_METHODS.get(method.toUpperCase()) : undefined;
  if (wanted === undefined) {
    throw new TypeError(`cairn: a presigned URL's method must be GET or PUT, not ${JSON.stringify(method)}`);
  }
  const resp = await artifacts.createPresignedUrl({ runId, path, method: wanted, expiresSeconds });
  return { url: resp.url, expireTimeMillis: resp.expireTimeMillis, artifact: resp.artifact };
}

/** HTTP statuses of the object store worth another try (and a 403 with a fresh URL). */
const HTTP_RETRY = new Set([408, 429, 500, 502, 503, 504]);
/** The code of an object store's HTTP status (others: UNAVAILABLE). */
const HTTP_CODES = new Map([
  [403, Code.PermissionDenied],
  [404, Code.NotFound],
  [416, Code.DataLoss],
]);
/** Idle time after which a direct download's connection is dropped (and resumed). */
const DIRECT_IDLE_TIMEOUT_MS = 60_000;

/** An object store's answer other than 2xx. */
class HttpStatus {
  constructor(
    readonly status: number,
    readonly statusText: string,
  ) {}
}

/** The presigned URL of a direct download, checked: it describes the artifact, and it is http(s). */
async function directUrl(artifacts: Artifacts, runId: string, path: string): Promise<{ url: URL; expected: Artifact }> {
  const presigned = await presignedUrl(artifacts, runId, path);
  if (presigned.artifact === undefined) {
    throw new ConnectError(
      `cairn: the server did not describe the artifact '${path}' behind its presigned URL (an older server?); ` +
        "download through the server instead [NO_ARTIFACT_RECORD]",
      Code.Unimplemented,
    );
  }
  let url: URL | undefined;
  try {
    url = new URL(presigned.url);
  } catch {
    // refused below
  }
  if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new ConnectError(
      `cairn: the server's presigned URL for '${path}' is not http(s); refusing to open it [BAD_PRESIGNED_URL]`,
      Code.FailedPrecondition,
    );
  }
  return { url, expected: presigned.artifact };
}

/**
 * The bytes from the object store through a presigned URL (the Python SDK's
 * _fetch_direct): after a dropped connection, only the rest, asked for with a
 * Range header (an answer other than 206 is DATA_LOSS); a 403 from a URL that
 * served before means it expired during a long transfer: a fresh one is asked
 * for. 408, 429, 5xx and network failures are retried with backoff.
 */
async function fetchDirect(
  artifacts: Artifacts,
  runId: string,
  path: string,
  file: FileHandle,
  hash: Hash,
  retry: TransferRetry,
): Promise<Fetched> {
  const state = { attempt: 0 };
  let { url, expected } = await withRetry(retry, state, () => directUrl(artifacts, runId, path));
  let received = 0n;
  let fresh = true; // the URL has not served a response yet
  for (;;) {
    if (received > 0n && received >= expected.sizeBytes) break; // dropped after the last byte
    try {
      await getRange(url, received, async (res) => {
        fresh = false;
        if (received > 0n && (res.statusCode !== 206 || !rangeFrom(res.headers["content-range"], received))) {
          throw new Local(
            new ConnectError(`cairn: the object store ignored the byte range resuming '${path}' [RANGE_IGNORED]`, Code.DataLoss),
          );
        }
        for await (const chunk of res as AsyncIterable<Buffer>) {
          received += BigInt(chunk.byteLength);
          if (received > expected.sizeBytes) throw new Local(mismatch(path));
          hash.update(chunk);
          try {
            await writeAll(file, chunk);
          } catch (err) {
            throw new Local(err);
          }
        }
      });
      break;
    } catch (err) {
      if (err instanceof Local) throw err.error;
      if (err instanceof HttpStatus) {
        const expired = err.status === 403 && !fresh;
        if (!(expired || HTTP_RETRY.has(err.status)) || state.attempt >= retry.retries) {
          throw new ConnectError(
            `cairn: the object store answered HTTP ${err.status} ${err.statusText} for '${path}' [OBJECT_STORE_ERROR]`,
            HTTP_CODES.get(err.status) ?? Code.Unavailable,
          );
        }
        if (expired) {
          const renewed = await withRetry(retry, state, () => directUrl(artifacts, runId, path));
          if (renewed.expected.sizeBytes !== expected.sizeBytes || renewed.expected.sha256 !== expected.sha256) {
            throw changed(path);
          }
          ({ url, expected } = renewed);
          fresh = true;
        }
      } else if (state.attempt >= retry.retries) {
        // The network's (a local write error is Local, thrown as is above).
        throw new ConnectError(
          `cairn: cannot read '${path}' from the object store at ${url.host}: ${err instanceof Error ? err.message : String(err)} [OBJECT_STORE_UNREACHABLE]`,
          Code.Unavailable,
        );
      }
    }
    await sleep(backoffMs(retry, state.attempt));
    state.attempt++;
  }
  return { expected, received };
}

/** Whether a Content-Range header answers a request for the bytes from `start`. */
function rangeFrom(header: string | undefined, start: bigint): boolean {
  return header !== undefined && header.trim().startsWith(`bytes ${start}-`);
}

/**
 * One GET of `url` (from byte `start` when not 0), its 2xx response handed to
 * `body`; rejects with HttpStatus for other statuses, with what `body` throws,
 * or with the network's error (connection refused or dropped, idle timeout).
 */
function getRange(url: URL, start: bigint, body: (res: IncomingMessage) => Promise<void>): Promise<void> {
  const get = url.protocol === "https:" ? httpsGet : httpGet;
  const headers: Record<string, string> = start > 0n ? { range: `bytes=${start}-` } : {};
  return new Promise<void>((resolve, reject) => {
    const req = get(url, { headers, timeout: DIRECT_IDLE_TIMEOUT_MS }, (res) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 299) {
        res.resume(); // drain, so the connection can be reused
        reject(new HttpStatus(status, res.statusMessage ?? ""));
        return;
      }
      body(res).then(resolve, (err: unknown) => {
        res.destroy();
        reject(err);
      });
    });
    req.on("timeout", () => req.destroy(new Error(`no data for ${DIRECT_IDLE_TIMEOUT_MS / 1000} s`)));
    req.on("error", reject);
  });
}

function mismatch(path: string): ConnectError {
  return new ConnectError(`cairn: downloaded '${path}' does not match its recorded size or SHA-256`, Code.DataLoss);
}

async function writeAll(file: FileHandle, data: Uint8Array): Promise<void> {
  let done = 0;
  while (done < data.byteLength) {
    const { bytesWritten } = await file.write(data, done, data.byteLength - done);
    done += bytesWritten;
  }
}

/** See Client.uploadArtifacts. */
export async function uploadArtifacts(
  artifacts: Artifacts,
  runId: string,
  localDir: string,
  dir = "",
  retry: TransferRetry = DEFAULT_TRANSFER_RETRY,
): Promise<Artifact[]> {
  if (!(await stat(localDir)).isDirectory()) throw new Error(`cairn: ${localDir} is not a directory`);
  const prefix = stripSlashes(dir);
  const files = (await regularFiles(localDir)).map(({ rel, local }) => ({ path: prefix ? `${prefix}/${rel}` : rel, local }));
  files.sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
  const jobs: Transfer<Artifact>[] = [];
  for (const { path, local } of files) {
    jobs.push({
      size: BigInt((await stat(local)).size),
      run: () => naming(`uploading ${local} to '${path}'`, uploadFile(artifacts, runId, local, path, retry)),
    });
  }
  return transferAll(jobs);
}

/** The regular files under root (symlinks neither followed nor listed), with "/"-separated relative paths. */
async function regularFiles(root: string, rel = ""): Promise<{ rel: string; local: string }[]> {
  const found: { rel: string; local: string }[] = [];
  for (const entry of await readdir(rel ? join(root, rel) : root, { withFileTypes: true })) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...(await regularFiles(root, path)));
    else if (entry.isFile()) found.push({ rel: path, local: join(root, path) });
  }
  return found;
}

/** See Client.downloadArtifacts. */
export async function downloadArtifacts(
  artifacts: Artifacts,
  runId: string,
  path: string,
  dest: string,
  retry: TransferRetry = DEFAULT_TRANSFER_RETRY,
  options: DownloadOptions = {},
): Promise<string> {
  await mkdir(dest, { recursive: true });
  path = stripSlashes(path);
  const files = await listTree(artifacts, runId, path);
  const base = path.slice(path.lastIndexOf("/") + 1);
  if (path && files.length === 0) {
    // Not a directory: a single file (NOT_FOUND comes from the download).
    const target = await localTarget(dest, base);
    await downloadArtifact(artifacts, runId, path, target, retry, options);
    return target;
  }
  const root = path ? await localTarget(dest, base) : dest;
  const jobs: Transfer<Artifact>[] = [];
  for (const a of files) {
    const local = await localTarget(root, path ? a.path.slice(path.length + 1) : a.path);
    jobs.push({
      size: a.sizeBytes,
      run: () => naming(`downloading '${a.path}' to ${local}`, downloadArtifact(artifacts, runId, a.path, local, retry, options)),
    });
  }
  await transferAll(jobs);
  return root;
}

/** Every file under the directory `path` ("" for the whole run), in path order. */
async function listTree(artifacts: Artifacts, runId: string, path: string): Promise<Artifact[]> {
  const files: Artifact[] = [];
  let pageToken = "";
  do {
    const page = await artifacts.listArtifacts({ runId, path, recursive: true, pageSize: 1000, pageToken });
    files.push(...page.artifacts);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return files;
}

/**
 * Where an artifact's relative path lands under `root`, refusing anything
 * that would escape it (a defence in depth: the server validates paths too),
 * symlinks already under `root` included.
 */
async function localTarget(root: string, rel: string): Promise<string> {
  const parts = rel.split("/");
  if (parts.some((p) => p === "" || p === "." || p === ".." || p.includes("\\") || p.includes("\0"))) {
    throw new Error(`cairn: refusing to write unsafe artifact path ${JSON.stringify(rel)}`);
  }
  const target = join(root, ...parts);
  const inside = relative(await resolveReal(root), await resolveReal(target));
  if (inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    throw new Error(`cairn: refusing to write ${JSON.stringify(rel)} outside ${root}`);
  }
  return target;
}

/** The absolute path with the symlinks of its existing part resolved (Python's Path.resolve()). */
async function resolveReal(path: string): Promise<string> {
  const abs = resolve(path);
  try {
    return await realpath(abs);
  } catch (err) {
    const parent = dirname(abs);
    if (parent === abs) throw err;
    return join(await resolveReal(parent), basename(abs));
  }
}

/** One file's transfer in a tree, and its size. */
interface Transfer<T> {
  size: bigint;
  run: () => Promise<T>;
}

/**
 * Runs the transfers of a tree; resolves to their results in order. Small
 * files, whose cost is a call's latency rather than bandwidth, go
 * PARALLEL_FILES at a time; bigger ones one by one afterwards. The first
 * failure rejects once the transfers already running have ended; those not
 * started are dropped.
 */
async function transferAll<T>(jobs: Transfer<T>[]): Promise<T[]> {
  const results: T[] = [];
  const small = jobs.flatMap((job, i) => (job.size <= SINGLE_CALL_MAX_BYTES ? [i] : []));
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < small.length) {
      const i = small[next++]!;
      try {
        results[i] = await jobs[i]!.run();
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_FILES, small.length) }, worker));
  if (failure !== undefined) throw failure.error;
  for (const [i, job] of jobs.entries()) {
    if (job.size > SINGLE_CALL_MAX_BYTES) results[i] = await job.run();
  }
  return results;
}

/** The transfer's result, or its error with `what` (the file) in front of the message, code kept. */
async function naming<T>(what: string, transfer: Promise<T>): Promise<T> {
  try {
    return await transfer;
  } catch (err) {
    const message = (m: string) => `cairn: ${what}: ${m.replace(/^cairn: /, "")}`;
    if (!(err instanceof ConnectError)) throw new Error(message(err instanceof Error ? err.message : String(err)), { cause: err });
    const named = new ConnectError(message(err.rawMessage), err.code, err.metadata, undefined, err);
    named.details = err.details;
    throw named;
  }
}
