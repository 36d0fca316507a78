package cairn

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	cairnv1 "github.com/cairn-ml/cairn/client/go/gen/cairn/v1"
)

// PresignedURL is a short-lived URL of the object store for one artifact
// (see Client.PresignedURL).
type PresignedURL struct {
	// URL is the presigned URL. Anyone holding it can use it until Expires:
	// treat it as a secret.
	URL string
	// Expires is when the object store stops accepting the URL.
	Expires time.Time
	// Artifact is, for GET, the artifact the URL reads, with the size and
	// SHA-256 to verify the bytes against; nil for PUT.
	Artifact *cairnv1.Artifact
}

// PresignedURL asks the server for a short-lived URL of the object store for
// the artifact path of run runID, for moving big files without passing them
// through the server (as the Python SDK's presigned_url). method is "GET"
// (read an existing artifact) or "PUT" (write a new one, which the server
// then lists as an artifact without a SHA-256: it never saw the bytes), in
// any case; anything else fails with INVALID_ARGUMENT without calling the
// server. expires is how long the URL stays valid, rounded up to whole
// seconds (the server accepts 1 s to 1 h); 0 takes the server's default (15
// minutes).
//
// Errors are gRPC statuses (see Code): NOT_FOUND for a missing run or (GET)
// artifact, UNIMPLEMENTED from a server whose artifacts are on a local folder
// (presigned URLs need an S3 backend). The call is not retried.
func (c *Client) PresignedURL(ctx context.Context, runID, path, method string, expires time.Duration) (*PresignedURL, error) {
	var m cairnv1.PresignedMethod
	switch strings.ToUpper(method) {
	case "GET":
		m = cairnv1.PresignedMethod_PRESIGNED_METHOD_GET
	case "PUT":
		m = cairnv1.PresignedMethod_PRESIGNED_METHOD_PUT
	default:
		return nil, status.Errorf(codes.InvalidArgument, "cairn: presigned URL method must be GET or PUT, not %q", method)
	}
	if expires < 0 {
		return nil, status.Errorf(codes.InvalidArgument, "cairn: presigned URL lifetime %v is negative", expires)
	}
	seconds := (expires + time.Second - 1) / time.Second
	if seconds > math.MaxInt32 {
		return nil, status.Errorf(codes.InvalidArgument, "cairn: presigned URL lifetime %v is too long", expires)
	}
	resp, err := c.artifacts.CreatePresignedUrl(ctx, &cairnv1.CreatePresignedUrlRequest{
		RunId: runID, Path: path, Method: m, ExpiresSeconds: int32(seconds),
	})
	if err != nil {
		return nil, err
	}
	return &PresignedURL{
		URL:      resp.GetUrl(),
		Expires:  time.UnixMilli(resp.GetExpireTimeMillis()),
		Artifact: resp.GetArtifact(),
	}, nil
}

// DownloadOption configures DownloadArtifact and DownloadArtifacts.
type DownloadOption func(*downloadOptions)

type downloadOptions struct {
	direct bool
	http   *http.Client
}

func downloadOptionsOf(opts []DownloadOption) downloadOptions {
	var o downloadOptions
	for _, opt := range opts {
		opt(&o)
	}
	if o.http == nil {
		o.http = http.DefaultClient
	}
	return o
}

// Direct returns an option that, when enabled, makes a download read the
// bytes from the object store through a presigned GET URL
// (Client.PresignedURL) instead of through the server, as the Python SDK's
// direct=True. They are checked against the size and SHA-256 the server
// returns with the URL, written to the same partial file and renamed only
// when they match (DATA_LOSS otherwise).
//
// The URL must be http or https (FAILED_PRECONDITION otherwise, without
// opening it). A dropped connection resumes with a Range request for the
// rest (an object store that answers it with anything but 206 from that
// offset fails with DATA_LOSS); HTTP 408, 429, 500, 502, 503 and 504, and
// network errors (60 s without a byte included), are retried with the usual
// backoff (0.2 s doubling to 5 s, at most 20 attempts, until ctx ends); a
// 403 from a URL that has already served a response means it expired during
// a long transfer: a fresh URL is fetched and the transfer goes on. Other
// HTTP statuses are final: 403 is PERMISSION_DENIED, 404 NOT_FOUND, 416
// DATA_LOSS, any other UNAVAILABLE (as are network errors once retries run
// out). The server's own errors keep their codes: NOT_FOUND for a missing
// artifact, UNIMPLEMENTED from a server on a local folder, and UNIMPLEMENTED
// too when the server returns no artifact record with the URL (an older
// server): download through the server instead.
//
// Error messages name the object store's host but never the URL (its query
// is the signature).
func Direct(enabled bool) DownloadOption {
	return func(o *downloadOptions) { o.direct = enabled }
}

// DirectHTTPClient sets the HTTP client of direct downloads (default
// http.DefaultClient), e.g. for a proxy or an object store's own CA.
func DirectHTTPClient(hc *http.Client) DownloadOption {
	return func(o *downloadOptions) { o.http = hc }
}

// directIdleTimeout ends a direct download's request when the object store
// sends nothing for this long (connecting, waiting for the headers, or
// between reads of the body); the request is then retried as a dropped
// connection.
var directIdleTimeout = 60 * time.Second

// httpRetry are the object store's HTTP statuses worth another try.
var httpRetry = map[int]bool{408: true, 429: true, 500: true, 502: true, 503: true, 504: true}

// httpCodes maps the object store's final HTTP statuses to gRPC codes; any
// other is UNAVAILABLE.
var httpCodes = map[int]codes.Code{403: codes.PermissionDenied, 404: codes.NotFound, 416: codes.DataLoss}

// httpStatusError is an HTTP error status from the object store.
type httpStatusError struct{ code int }

func (e httpStatusError) Error() string { return fmt.Sprintf("HTTP %d", e.code) }

// presignForDownload gets a presigned GET URL for a direct download of d.path
// and checks it: an artifact record must come with it, the same as before
// when one was received already, and the URL must be http(s).
func (c *Client) presignForDownload(ctx context.Context, runID string, d *download) (*url.URL, error) {
	p, err := c.PresignedURL(ctx, runID, d.path, "GET", 0)
	if err != nil {
		return nil, err
	}
	art := p.Artifact
	if art == nil {
		return nil, status.Errorf(codes.Unimplemented,
			"cairn: the server did not describe the artifact behind its presigned URL for %q (an older server?); download through the server instead (NO_ARTIFACT_RECORD)", d.path)
	}
	if d.artifact == nil {
		d.artifact = art
	} else if art.GetSizeBytes() != d.artifact.GetSizeBytes() || art.GetSha256() != d.artifact.GetSha256() {
		return nil, status.Errorf(codes.DataLoss, "cairn: artifact %q changed while being downloaded", d.path)
	}
	u, err := url.Parse(p.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, status.Errorf(codes.FailedPrecondition,
			"cairn: the server's presigned URL for %q is not http(s); refusing to open it (BAD_PRESIGNED_URL)", d.path)
	}
	return u, nil
}

// fetchDirect downloads d.path from the object store through a presigned
// URL into d.out (see Direct), setting d.artifact from the URL's record.
func (c *Client) fetchDirect(ctx context.Context, runID string, d *download, hc *http.Client) error {
	u, err := c.presignForDownload(ctx, runID, d)
	if err != nil {
		return err
	}
	fresh := true // the URL has not served a response yet
	for attempt := 0; ; attempt++ {
		if d.received > 0 && d.received >= d.artifact.GetSizeBytes() {
			return nil // the connection dropped after the last byte
		}
		err := c.getRange(ctx, hc, u, d, &fresh)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return contextError(ctx, status.Errorf(codes.Unavailable, "cairn: direct download of %q: %v", d.path, err))
		}
		var p permanentError
		if errors.As(err, &p) {
			return p.err
		}
		last := attempt+1 >= artifactAttempts
		var he httpStatusError
		if errors.As(err, &he) {
			// A 403 from a URL that worked before: it expired during a long transfer.
			expired := he.code == http.StatusForbidden && !fresh
			if !(expired || httpRetry[he.code]) || last {
				code, ok := httpCodes[he.code]
				if !ok {
					code = codes.Unavailable
				}
				return status.Errorf(code, "cairn: the object store at %s answered HTTP %d %s for %q (OBJECT_STORE_ERROR)",
					u.Host, he.code, http.StatusText(he.code), d.path)
			}
			if expired {
				if u, err = c.presignForDownload(ctx, runID, d); err != nil {
					return err
				}
				fresh = true
			}
		} else if last {
			return status.Errorf(codes.Unavailable, "cairn: cannot read %q from the object store at %s: %v (OBJECT_STORE_UNREACHABLE)",
				d.path, u.Host, err)
		}
		if err := backoff(ctx, err, attempt); err != nil {
			return err
		}
	}
}

// getRange makes one GET of the presigned URL u, for the bytes from
// d.received on, appending them to d.out. It returns nil once the body has
// ended; *fresh is cleared once the URL has served a response. Network
// errors are returned as they are, error statuses as httpStatusError, and
// what must not be retried as permanentError.
func (c *Client) getRange(ctx context.Context, hc *http.Client, u *url.URL, d *download, fresh *bool) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	idle := time.AfterFunc(directIdleTimeout, cancel)
	defer idle.Stop()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return permanentError{status.Errorf(codes.FailedPrecondition, "cairn: bad presigned URL for %q (BAD_PRESIGNED_URL)", d.path)}
	}
	// The bytes as stored: no transparent decompression changing their size.
	req.Header.Set("Accept-Encoding", "identity")
	if d.received > 0 {
		// After a dropped connection, only the rest (were the object replaced
		// meanwhile, the digest check would fail).
		req.Header.Set("Range", "bytes="+strconv.FormatInt(d.received, 10)+"-")
	}
	resp, err := hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // its message holds the URL, signature included
		}
		if idle.Stop() || ctx.Err() == nil {
			return err
		}
		return fmt.Errorf("no response for %v", directIdleTimeout)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
		return httpStatusError{resp.StatusCode}
	}
	*fresh = false
	if d.received > 0 {
		if resp.StatusCode != http.StatusPartialContent {
			return permanentError{status.Errorf(codes.DataLoss,
				"cairn: the object store ignored the byte range resuming %q (HTTP %d, not 206) (RANGE_IGNORED)", d.path, resp.StatusCode)}
		}
		if start, ok := contentRangeStart(resp.Header.Get("Content-Range")); !ok || start != d.received {
			return permanentError{status.Errorf(codes.DataLoss,
				"cairn: the object store answered range %q resuming %q at byte %d (RANGE_IGNORED)",
				resp.Header.Get("Content-Range"), d.path, d.received)}
		}
	}
	buf := make([]byte, 256<<10)
	size := d.artifact.GetSizeBytes()
	for {
		n, err := resp.Body.Read(buf)
		if n > 0 {
			idle.Reset(directIdleTimeout)
			if d.received+int64(n) > size {
				return permanentError{status.Errorf(codes.DataLoss,
					"cairn: the object store sent more than the %d bytes recorded for %q", size, d.path)}
			}
			if _, werr := d.out.Write(buf[:n]); werr != nil {
				return permanentError{fmt.Errorf("cairn: download artifact: %w", werr)}
			}
			d.hash.Write(buf[:n])
			d.received += int64(n)
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			if ctx.Err() != nil && !idle.Stop() {
				return fmt.Errorf("the body stalled for %v", directIdleTimeout)
			}
			return err
		}
	}
}

// contentRangeStart is the first byte of a Content-Range "bytes a-b/n".
func contentRangeStart(h string) (int64, bool) {
	rest, ok := strings.CutPrefix(h, "bytes ")
	if !ok {
		return 0, false
	}
	first, _, ok := strings.Cut(rest, "-")
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(first), 10, 64)
	return n, err == nil
}
