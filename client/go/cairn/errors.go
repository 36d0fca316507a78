package cairn

import (
	"errors"
	"sort"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// ErrStreamerClosed is returned by Streamer.Log after Close.
var ErrStreamerClosed = errors.New("cairn: streamer is closed")

// Code returns the gRPC status code of err (codes.OK for nil, codes.Unknown
// for errors that carry no status).
func Code(err error) codes.Code { return status.Code(err) }

// IsNotFound reports whether err is a NOT_FOUND status.
func IsNotFound(err error) bool { return status.Code(err) == codes.NotFound }

// IsAlreadyExists reports whether err is an ALREADY_EXISTS status.
func IsAlreadyExists(err error) bool { return status.Code(err) == codes.AlreadyExists }

// IsUnauthenticated reports whether err is an UNAUTHENTICATED status: the
// call carried no API token where the server requires one, or a malformed,
// unknown, expired or revoked one. Retrying the same call cannot help; fix
// the token (WithBearerToken or $CAIRN_TOKEN). Streamers fail at once.
func IsUnauthenticated(err error) bool { return status.Code(err) == codes.Unauthenticated }

// IsPermissionDenied reports whether err is a PERMISSION_DENIED status: the
// token's user may read the resource but not make this change (a resource it
// may not read answers NOT_FOUND). Streamers fail at once.
func IsPermissionDenied(err error) bool { return status.Code(err) == codes.PermissionDenied }

// permanentError marks a failure that must not be retried (a protocol
// violation or an inconsistency between client and server state).
type permanentError struct{ err error }

func (p permanentError) Error() string { return p.err.Error() }
func (p permanentError) Unwrap() error { return p.err }

// retryable reports whether a StreamMetrics failure may succeed on a new
// connection. Content errors (INVALID_ARGUMENT, NOT_FOUND,
// FAILED_PRECONDITION, RESOURCE_EXHAUSTED), seq gaps (OUT_OF_RANGE), fencing
// (ABORTED) and access errors (UNAUTHENTICATED, PERMISSION_DENIED) are final:
// resending the same messages with the same token cannot help, and a fenced
// writer must yield to the newer one.
func retryable(err error) bool {
	var p permanentError
	if errors.As(err, &p) {
		return false
	}
	switch status.Code(err) {
	case codes.Unavailable, codes.DeadlineExceeded, codes.Internal, codes.Unknown, codes.Canceled:
		return true
	case codes.Unauthenticated, codes.PermissionDenied:
		return false
	default:
		return false
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
