package cairn

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	cairnv1 "github.com/cairn-ml/cairn/client/go/gen/cairn/v1"
)

const (
	// artifactChunk is the largest data message of an upload (the server's
	// limit) and the size of the one buffer an upload reads the file with.
	artifactChunk = 4 << 20
	// singleCallMax is the largest file uploaded in one call (bigger ones use
	// a resumable session), and the largest one a folder transfer counts as
	// small (as the Python SDK's SINGLE_CALL_MAX).
	singleCallMax = 8 << 20
	// parallelFiles is how many small files of a folder are transferred at
	// once (as the Python SDK's PARALLEL_FILES).
	parallelFiles = 4
)

// Retry policy of the artifact helpers: exponential backoff from
// artifactInitialBackoff, doubling up to artifactMaxBackoff, for at most
// artifactAttempts tries (as the Python SDK's artifact helpers).
var (
	artifactAttempts       = 20
	artifactInitialBackoff = 200 * time.Millisecond
	artifactMaxBackoff     = 5 * time.Second
)

// partialSuffix names the file a download writes before renaming it to dest.
const partialSuffix = ".cairn-partial"

// errUploadIncomplete is an upload stream that ended without the artifact
// (the server committed fewer bytes than declared): resume from the server's
// checkpoint.
var errUploadIncomplete = errors.New("cairn: the upload stream ended before the artifact was complete")

// artifactRetryable reports whether a failed artifact transfer may succeed
// when resumed: a dropped or refused connection (UNAVAILABLE,
// DEADLINE_EXCEEDED of a dropped stream), a concurrent session still holding
// the upload (ABORTED), an overloaded server (RESOURCE_EXHAUSTED), and, as for
// the metric streamer, INTERNAL and UNKNOWN (a broken transport). Unlike
// StreamMetrics, ABORTED and RESOURCE_EXHAUSTED are transient here: resending
// bytes from the server's checkpoint cannot store them twice. Content and
// access errors, and local file errors (permanentError), are final.
func artifactRetryable(err error) bool {
	var p permanentError
	if errors.As(err, &p) {
		return false
	}
	if errors.Is(err, errUploadIncomplete) {
		return true
	}
	switch status.Code(err) {
	case codes.Unavailable, codes.DeadlineExceeded, codes.Aborted, codes.ResourceExhausted,
		codes.Internal, codes.Unknown:
		return true
	default:
		return false
	}
}

// artifactRetry decides what to do after attempt (0-based) failed with err:
// it returns nil after waiting out the backoff when another attempt may be
// made, or the error to return to the caller.
func artifactRetry(ctx context.Context, err error, attempt int) error {
	if !artifactRetryable(err) || attempt+1 >= artifactAttempts {
		var p permanentError
		if errors.As(err, &p) {
			return p.err
		}
		return err
	}
	return backoff(ctx, err, attempt)
}

// backoff waits out the delay before attempt+1 after attempt (0-based)
// failed with err: it returns nil once the delay has passed, or, when ctx
// ends first, the error to return to the caller (see contextError).
func backoff(ctx context.Context, err error, attempt int) error {
	if ctx.Err() != nil {
		return contextError(ctx, err)
	}
	delay := artifactInitialBackoff << min(attempt, 20)
	if delay <= 0 || delay > artifactMaxBackoff {
		delay = artifactMaxBackoff
	}
	t := time.NewTimer(delay)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return contextError(ctx, err)
	case <-t.C:
		return nil
	}
}

// contextError is the error of a transfer whose context ended while it was
// retrying after err: err itself when the context's end caused it, otherwise
// the context's status (CANCELLED or DEADLINE_EXCEEDED) naming err.
func contextError(ctx context.Context, err error) error {
	if c := status.Code(err); c == codes.Canceled || c == codes.DeadlineExceeded {
		return err
	}
	st := status.FromContextError(ctx.Err())
	return status.Errorf(st.Code(), "%s (retrying after: %v)", st.Message(), err)
}

// artifactPath is the path UploadArtifact gives a local file in a run's
// artifacts: dir/base-name-of-localPath, or the base name alone when dir is
// empty (as the Python SDK's log_artifact).
func artifactPath(localPath, dir string) string {
	base := filepath.Base(localPath)
	dir = strings.Trim(dir, "/")
	if dir == "" {
		return base
	}
	return dir + "/" + base
}

// UploadArtifact uploads the file localPath into directory dir of run runID
// and returns the stored artifact. The artifact's path is dir + "/" +
// filepath.Base(localPath), or the base name alone when dir is empty (as the
// Python SDK's log_artifact).
//
// The file is hashed first (SHA-256, streamed) and the server verifies the
// bytes against that digest before the artifact becomes visible. A file of at
// most 8 MiB is read into memory, checked against that digest (a file changed
// since it was hashed fails at once) and sent in one UploadArtifact call that
// starts the upload itself; on a retryable failure (UNAVAILABLE,
// DEADLINE_EXCEEDED, ABORTED, RESOURCE_EXHAUSTED, INTERNAL, UNKNOWN) the whole
// call is made again. A bigger file goes through a resumable session
// (StartUpload), in data messages of at most 4 MiB read through one reused
// buffer, so memory stays flat whatever its size: on a retryable failure it
// asks the server how many bytes it committed (GetUpload) and resends from
// there (a file changed meanwhile fails with DATA_LOSS). Retries back off
// exponentially from 0.2 s to 5 s, at most 20 attempts (for StartUpload, and
// for the transfer), until ctx ends. Other failures are returned at once as
// gRPC statuses (see Code, IsNotFound): NOT_FOUND for an unknown run,
// INVALID_ARGUMENT for a bad path, FAILED_PRECONDITION for a deleted or
// finished run.
func (c *Client) UploadArtifact(ctx context.Context, runID, localPath, dir string) (*cairnv1.Artifact, error) {
	return c.uploadFile(ctx, runID, localPath, artifactPath(localPath, dir))
}

// uploadFile uploads the regular file localPath to the artifact path of run
// runID (see UploadArtifact).
func (c *Client) uploadFile(ctx context.Context, runID, localPath, path string) (*cairnv1.Artifact, error) {
	f, err := os.Open(localPath)
	if err != nil {
		return nil, fmt.Errorf("cairn: upload artifact: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("cairn: upload artifact: %w", err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("cairn: upload artifact: %s is not a regular file", localPath)
	}
	buf := make([]byte, artifactChunk)
	size, digest, err := hashFile(f, buf)
	if err != nil {
		return nil, fmt.Errorf("cairn: upload artifact: hash %s: %w", localPath, err)
	}
	start := &cairnv1.StartUploadRequest{RunId: runID, Path: path, SizeBytes: size, Sha256: digest}
	if size <= singleCallMax {
		return c.uploadSmall(ctx, f, localPath, start, buf)
	}

	var upload *cairnv1.Upload
	for attempt := 0; ; attempt++ {
		resp, err := c.artifacts.StartUpload(ctx, start)
		if err == nil {
			upload = resp.GetUpload()
			break
		}
		if err := artifactRetry(ctx, err, attempt); err != nil {
			return nil, err
		}
	}
	if upload.GetUploadId() == "" {
		return nil, status.Error(codes.Internal, "cairn: StartUpload returned no upload id")
	}

	header := &cairnv1.UploadHeader{Target: &cairnv1.UploadHeader_UploadId{UploadId: upload.GetUploadId()}}
	offset, known := upload.GetCommittedBytes(), true
	for attempt := 0; ; attempt++ {
		var err error
		if !known {
			var got *cairnv1.GetUploadResponse
			if got, err = c.artifacts.GetUpload(ctx, &cairnv1.GetUploadRequest{UploadId: header.GetUploadId()}); err == nil {
				offset, known = got.GetUpload().GetCommittedBytes(), true
			}
		}
		if err == nil {
			header.Offset = offset
			var artifact *cairnv1.Artifact
			if artifact, err = c.sendUpload(ctx, header, f, localPath, size, buf); err == nil {
				return artifact, nil
			}
			known = false // resume from what the server reports committed
		}
		if err := artifactRetry(ctx, err, attempt); err != nil {
			return nil, err
		}
	}
}

// uploadSmall uploads a file of at most singleCallMax bytes, hashed as start
// claims, in one UploadArtifact call whose header starts the upload, made
// again whole on a retryable failure. The bytes sent are read once and checked
// against the claimed digest first.
func (c *Client) uploadSmall(ctx context.Context, f *os.File, localPath string, start *cairnv1.StartUploadRequest, buf []byte) (*cairnv1.Artifact, error) {
	data := make([]byte, start.GetSizeBytes()+1) // one byte more: a file that grew differs
	n, err := f.ReadAt(data, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("cairn: upload artifact: %w", err)
	}
	data = data[:n]
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != start.GetSha256() {
		return nil, fmt.Errorf("cairn: upload artifact: %s changed while being uploaded", localPath)
	}
	header := &cairnv1.UploadHeader{Target: &cairnv1.UploadHeader_Start{Start: start}}
	for attempt := 0; ; attempt++ {
		artifact, err := c.sendUpload(ctx, header, bytes.NewReader(data), localPath, int64(n), buf)
		if err == nil {
			return artifact, nil
		}
		if err := artifactRetry(ctx, err, attempt); err != nil {
			return nil, err
		}
	}
}

// hashFile returns the size and hex SHA-256 of f, read through buf.
func hashFile(f *os.File, buf []byte) (int64, string, error) {
	h := sha256.New()
	var size int64
	for {
		n, err := f.Read(buf)
		h.Write(buf[:n])
		size += int64(n)
		if err == io.EOF {
			return size, hex.EncodeToString(h.Sum(nil)), nil
		}
		if err != nil {
			return 0, "", err
		}
	}
}

// sendUpload makes one UploadArtifact call: the header, then the bytes of r
// (the file localPath) from the header's offset to size, in data messages of
// at most len(buf) bytes.
func (c *Client) sendUpload(ctx context.Context, header *cairnv1.UploadHeader, r io.ReaderAt, localPath string, size int64, buf []byte) (*cairnv1.Artifact, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // ends the call if we return before CloseAndRecv
	stream, err := c.artifacts.UploadArtifact(ctx)
	if err != nil {
		return nil, err
	}
	// Send fails with io.EOF once the server has ended the call; CloseAndRecv
	// then returns its status.
	err = stream.Send(&cairnv1.UploadArtifactRequest{Message: &cairnv1.UploadArtifactRequest_Header{Header: header}})
	for sent := header.GetOffset(); err == nil && sent < size; {
		want := min(int64(len(buf)), size-sent)
		n, readErr := r.ReadAt(buf[:want], sent)
		if int64(n) < want {
			if errors.Is(readErr, io.EOF) {
				readErr = fmt.Errorf("%s shrank while being uploaded", localPath)
			}
			return nil, permanentError{fmt.Errorf("cairn: upload artifact: %w", readErr)}
		}
		// The buffer is reused once Send returns: grpc-go has encoded the
		// message by then (only a stats handler could still look at it).
		err = stream.Send(&cairnv1.UploadArtifactRequest{Message: &cairnv1.UploadArtifactRequest_Data{Data: buf[:n]}})
		sent += int64(n)
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	resp, err := stream.CloseAndRecv()
	if err != nil {
		return nil, err
	}
	if resp.GetArtifact() == nil {
		return nil, errUploadIncomplete
	}
	return resp.GetArtifact(), nil
}

// DownloadArtifact downloads the artifact path of run runID to the file dest
// (creating its parent directories) and returns the artifact's record.
//
// The bytes are written to dest+".cairn-partial", hashed as they arrive, and
// renamed to dest only once their size and SHA-256 match the artifact's record
// (the digest is skipped for artifacts stored without one). A mismatch fails
// with DATA_LOSS. On a retryable failure (as for UploadArtifact) the download
// resumes where it stopped (offset = bytes received), with the same backoff
// and attempt limit. On any failure the partial file is removed and nothing is
// written to dest (a file already at dest is left as it was); NOT_FOUND means
// the run or the artifact does not exist. Memory stays flat: each chunk is
// written as it arrives.
//
// With Direct(true) the bytes come from the object store through a presigned
// URL instead of through the server (S3 backends only), checked the same way;
// see Direct for its retries and error codes.
func (c *Client) DownloadArtifact(ctx context.Context, runID, path, dest string, opts ...DownloadOption) (_ *cairnv1.Artifact, err error) {
	o := downloadOptionsOf(opts)
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return nil, fmt.Errorf("cairn: download artifact: %w", err)
	}
	partial := dest + partialSuffix
	out, err := os.OpenFile(partial, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("cairn: download artifact: %w", err)
	}
	defer func() {
		if err != nil {
			_ = out.Close()
			_ = os.Remove(partial)
		}
	}()
	d := &download{path: path, out: out, hash: sha256.New()}
	if o.direct {
		if err := c.fetchDirect(ctx, runID, d, o.http); err != nil {
			return nil, err
		}
	} else {
		for attempt := 0; ; attempt++ {
			err := c.receive(ctx, runID, d)
			if err == nil {
				break
			}
			if err := artifactRetry(ctx, err, attempt); err != nil {
				return nil, err
			}
		}
	}
	got := hex.EncodeToString(d.hash.Sum(nil))
	want := d.artifact
	if d.received != want.GetSizeBytes() || (want.GetSha256() != "" && got != want.GetSha256()) {
		return nil, status.Errorf(codes.DataLoss,
			"cairn: downloaded artifact %q does not match its record: got %d bytes with SHA-256 %s, want %d bytes with SHA-256 %s",
			path, d.received, got, want.GetSizeBytes(), want.GetSha256())
	}
	if err := out.Close(); err != nil {
		return nil, fmt.Errorf("cairn: download artifact: %w", err)
	}
	if err := os.Rename(partial, dest); err != nil {
		return nil, fmt.Errorf("cairn: download artifact: %w", err)
	}
	return want, nil
}

// download is the state of one DownloadArtifact across its resumed calls.
type download struct {
	path     string
	out      *os.File
	hash     hash.Hash
	received int64
	artifact *cairnv1.Artifact // from the first call's first message (direct: from the presigned URL)
}

// receive makes one DownloadArtifact call from offset d.received, appending
// what arrives to d.out. It returns nil when the stream ends cleanly.
func (c *Client) receive(ctx context.Context, runID string, d *download) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := c.artifacts.DownloadArtifact(ctx, &cairnv1.DownloadArtifactRequest{
		RunId: runID, Path: d.path, Offset: d.received,
	})
	if err != nil {
		return err
	}
	first := true
	for {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			if first {
				return permanentError{status.Errorf(codes.Internal,
					"cairn: download of %q ended without the artifact's record", d.path)}
			}
			return nil
		}
		if err != nil {
			return err
		}
		if first {
			art := msg.GetArtifact()
			if art == nil {
				return permanentError{status.Errorf(codes.Internal,
					"cairn: download of %q did not start with the artifact's record", d.path)}
			}
			if d.artifact == nil {
				d.artifact = art
			} else if art.GetSizeBytes() != d.artifact.GetSizeBytes() || art.GetSha256() != d.artifact.GetSha256() {
				return permanentError{status.Errorf(codes.DataLoss,
					"cairn: artifact %q changed while being downloaded", d.path)}
			}
			first = false
			continue
		}
		data := msg.GetData()
		if d.received+int64(len(data)) > d.artifact.GetSizeBytes() {
			return permanentError{status.Errorf(codes.DataLoss,
				"cairn: download of %q sent more than its recorded %d bytes", d.path, d.artifact.GetSizeBytes())}
		}
		if _, err := d.out.Write(data); err != nil {
			return permanentError{fmt.Errorf("cairn: download artifact: %w", err)}
		}
		d.hash.Write(data)
		d.received += int64(len(data))
	}
}
