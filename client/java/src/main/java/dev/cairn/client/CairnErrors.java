package dev.cairn.client;

import io.grpc.Status;

/**
 * Recognises Cairn's errors: the helpers and stubs throw {@link io.grpc.StatusRuntimeException}s,
 * possibly as the cause of another exception; these look through the cause chain.
 */
public final class CairnErrors {
  private CairnErrors() {}

  /** The gRPC status code of {@code t} (UNKNOWN for exceptions that carry no status). */
  public static Status.Code code(Throwable t) {
    return Status.fromThrowable(t).getCode();
  }

  /**
   * Whether {@code t} is UNAUTHENTICATED: the call carried no API token where the server requires
   * one, or a malformed, unknown, expired or revoked one. Retrying cannot help; fix the token
   * ({@link CairnClient.Builder#bearerToken} or {@code $CAIRN_TOKEN}). Metric streamers fail at
   * once with it.
   */
  public static boolean isUnauthenticated(Throwable t) {
    return code(t) == Status.Code.UNAUTHENTICATED;
  }

  /**
   * Whether {@code t} is PERMISSION_DENIED: the token's user may read the resource but not make
   * this change (one it may not read answers NOT_FOUND). Metric streamers fail at once with it.
   */
  public static boolean isPermissionDenied(Throwable t) {
    return code(t) == Status.Code.PERMISSION_DENIED;
  }

  /** Whether {@code t} is NOT_FOUND. */
  public static boolean isNotFound(Throwable t) {
    return code(t) == Status.Code.NOT_FOUND;
  }
}
