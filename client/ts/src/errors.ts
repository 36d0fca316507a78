import { Code, ConnectError } from "@connectrpc/connect";

export { Code, ConnectError };

/** The gRPC status code of an error (Code.Unknown for non-RPC errors). */
export function codeOf(err: unknown): Code {
  if (err instanceof ConnectError) return err.code;
  return Code.Unknown;
}

/** Canonical upper-case name of a status code, e.g. "NOT_FOUND". */
export function codeName(code: Code | 0): string {
  if (code === 0) return "OK";
  const name = Code[code] ?? String(code);
  return name.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase().replace("CANCELED", "CANCELLED");
}

/**
 * Whether err is UNAUTHENTICATED: the call carried no API token where the
 * server requires one, or a malformed, unknown, expired or revoked one.
 * Retrying cannot help; fix the token (ClientOptions.token or $CAIRN_TOKEN).
 * Metric streamers fail at once with it.
 */
export function isUnauthenticated(err: unknown): boolean {
  return codeOf(err) === Code.Unauthenticated;
}

/**
 * Whether err is PERMISSION_DENIED: the token's user may read the resource
 * but not make this change (one it may not read answers NOT_FOUND). Metric
 * streamers fail at once with it.
 */
export function isPermissionDenied(err: unknown): boolean {
  return codeOf(err) === Code.PermissionDenied;
}

/** Thrown by MetricStreamer.log after close(). */
export class StreamerClosedError extends Error {
  constructor() {
    super("cairn: streamer is closed");
    this.name = "StreamerClosedError";
  }
}

/** A failure that must not be retried (protocol violation, inconsistent state). */
export class PermanentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentError";
  }
}

/**
 * Whether a StreamMetrics failure may succeed on a new connection. Content
 * errors (INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION, RESOURCE_EXHAUSTED),
 * seq gaps (OUT_OF_RANGE), fencing (ABORTED) and access errors
 * (UNAUTHENTICATED, PERMISSION_DENIED) are final.
 */
export function isRetryable(err: unknown): boolean {
  if (err instanceof PermanentError) return false;
  if (!(err instanceof ConnectError)) return false;
  switch (err.code) {
    case Code.Unavailable:
    case Code.DeadlineExceeded:
    case Code.Internal:
    case Code.Unknown:
    case Code.Canceled:
      return true;
    case Code.Unauthenticated:
    case Code.PermissionDenied:
      return false;
    default:
      return false;
  }
}
