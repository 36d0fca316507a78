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
 * seq gaps (OUT_OF_RANGE) and fencing (ABORTED) are final.
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
    default:
      return false;
  }
}
