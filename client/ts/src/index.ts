/**
 * TypeScript client for the Cairn ML metadata service: generated stubs
 * (re-exported under `v1`), a Client with run helpers, and MetricStreamer
 * with its optional local Spool.
 */
export {
  Client,
  Run,
  USER_HEADER,
  bearerAuth,
  tlsFromEnv,
  type ClientOptions,
  type RunOptions,
  type TlsOptions,
} from "./client.js";
export {
  ARTIFACT_CHUNK_BYTES,
  PARTIAL_SUFFIX,
  SINGLE_CALL_MAX_BYTES,
  artifactPath,
  isTransferRetryable,
  sha256File,
  type DownloadOptions,
  type PresignedUrl,
  type PresignedUrlOptions,
  type TransferRetry,
} from "./artifacts.js";
export { MetricStreamer, type StreamerOptions, type StreamerStats } from "./streamer.js";
export { Spool, defaultSpoolDir, type SpoolOptions, type SpoolRecord } from "./spool.js";
export {
  Code,
  ConnectError,
  StreamerClosedError,
  codeName,
  codeOf,
  isPermissionDenied,
  isRetryable,
  isUnauthenticated,
} from "./errors.js";
export * as v1 from "./v1.js";
