// Verified, resumable artifact transfers over ArtifactService, used by
// Client.uploadArtifact and Client.downloadArtifact. Memory stays flat: files
// are hashed, sent and received one chunk (at most 4 MiB) at a time, and each
// chunk waits for the stream (or the file) to take the previous one.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, rename, rm, stat, type FileHandle } from "node:fs/promises";
import { basename, dirname } from "node:path";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { Client as RpcClient } from "@connectrpc/connect";
import { Code, ConnectError, isRetryable } from "./errors.js";
import type { Artifact } from "./gen/cairn/v1/artifact_pb.js";
import type { ArtifactService, UploadArtifactRequestSchema } from "./gen/cairn/v1/artifact_service_pb.js";

type UploadMessage = MessageInitShape<typeof UploadArtifactRequestSchema>;

/** Largest data message sent (the server's limit per message). */
export const ARTIFACT_CHUNK_BYTES = 4 * 1024 * 1024;
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
  return `${dir.replace(/^\/+|\/+$/g, "")}/${name}`;
}

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
export async function uploadArtifact(
  artifacts: Artifacts,
  runId: string,
  localPath: string,
  dir = "",
  retry: TransferRetry = DEFAULT_TRANSFER_RETRY,
): Promise<Artifact> {
  const info = await stat(localPath);
  if (!info.isFile()) throw new Error(`cairn: ${localPath} is not a file`);
  const path = artifactPath(localPath, dir);
  const size = BigInt(info.size);
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
      if (resp.artifact) return resp.artifact;
      // The stream ended before the upload completed (it should not): resume.
      throw new ConnectError(
        `cairn: upload of '${path}' ended at ${resp.upload?.committedBytes ?? "?"} of ${size} bytes`,
        Code.Aborted,
      );
    });
  } finally {
    await file.close();
  }
}

/** See Client.downloadArtifact. */
export async function downloadArtifact(
  artifacts: Artifacts,
  runId: string,
  path: string,
  dest: string,
  retry: TransferRetry = DEFAULT_TRANSFER_RETRY,
): Promise<Artifact> {
  await mkdir(dirname(dest), { recursive: true });
  const partial = dest + PARTIAL_SUFFIX;
  let file: FileHandle | undefined = await open(partial, "w");
  try {
    let expected: Artifact | undefined;
    const hash = createHash("sha256");
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
            // Replaced between attempts: the bytes so far belong to the old one.
            throw new Local(
              new ConnectError(`cairn: artifact '${path}' changed while being downloaded; download it again`, Code.Aborted),
            );
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
            await writeAll(file!, m.value);
          } catch (err) {
            throw new Local(err);
          }
        }
      }
      if (first) throw new ConnectError(`cairn: download of '${path}' ended without the artifact message`, Code.Aborted);
    });
    if (expected === undefined) throw new ConnectError(`cairn: download of '${path}' got no artifact`, Code.Internal);
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
