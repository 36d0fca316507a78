package cairn

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	cairnv1 "github.com/cairn-ml/cairn/client/go/gen/cairn/v1"
)

func (f *fakeArtifacts) CreatePresignedUrl(_ context.Context, req *cairnv1.CreatePresignedUrlRequest) (*cairnv1.CreatePresignedUrlResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.presigns = append(f.presigns, req)
	if f.presignBase == "" {
		return nil, status.Error(codes.Unimplemented, "presigned URLs need an S3 backend")
	}
	if !f.runs[req.GetRunId()] {
		return nil, status.Errorf(codes.NotFound, "run %q not found", req.GetRunId())
	}
	resp := &cairnv1.CreatePresignedUrlResponse{
		Url:              fmt.Sprintf("%s/%s/%s?sig=%d", f.presignBase, req.GetRunId(), req.GetPath(), len(f.presigns)),
		ExpireTimeMillis: time.Now().Add(time.Duration(req.GetExpiresSeconds()) * time.Second).UnixMilli(),
	}
	switch req.GetMethod() {
	case cairnv1.PresignedMethod_PRESIGNED_METHOD_GET:
		file, ok := f.files[req.GetRunId()+"/"+req.GetPath()]
		if !ok {
			return nil, status.Errorf(codes.NotFound, "artifact %q not found", req.GetPath())
		}
		if !f.presignNoArtifact {
			resp.Artifact = file.artifact
		}
	case cairnv1.PresignedMethod_PRESIGNED_METHOD_PUT:
	default:
		return nil, status.Error(codes.InvalidArgument, "method")
	}
	return resp, nil
}

// fakeStore is an object store on an httptest server that serves the fake's
// files at presigned URLs, with byte ranges, and lets tests inject failures.
type fakeStore struct {
	fake *fakeArtifacts
	srv  *httptest.Server

	mu       sync.Mutex
	requests []storeRequest
	// statuses are answered, in order, before the store serves normally.
	statuses []int
	// always answers every request with this status; 0 never.
	always int
	// dropAt cuts the connection (once) once the bytes before this offset
	// are sent; 0 never.
	dropAt int64
	// stallAt stops sending (once) once the bytes before this offset are
	// sent, until the client gives up on the request; 0 never.
	stallAt int64
	// rangeSkew is added to the first byte a 206's Content-Range names.
	rangeSkew int64
	// ignoreRange answers 200 with the whole object whatever the Range.
	ignoreRange bool
	// expireAfterUse answers 403 to a URL that has already served a response.
	expireAfterUse bool
	used           map[string]bool
}

// storeRequest is one request to the store: its URL's sig and its Range.
type storeRequest struct {
	sig, rng string
}

func startStore(t *testing.T, fake *fakeArtifacts) *fakeStore {
	t.Helper()
	s := &fakeStore{fake: fake, used: map[string]bool{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	fake.mu.Lock()
	fake.presignBase = s.srv.URL
	fake.mu.Unlock()
	return s
}

func (s *fakeStore) serve(w http.ResponseWriter, r *http.Request) {
	sig := r.URL.Query().Get("sig")
	rng := r.Header.Get("Range")
	s.fake.mu.Lock()
	file, ok := s.fake.files[strings.TrimPrefix(r.URL.Path, "/")]
	s.fake.mu.Unlock()
	s.mu.Lock()
	s.requests = append(s.requests, storeRequest{sig, rng})
	code := s.always
	if code == 0 && len(s.statuses) > 0 {
		code, s.statuses = s.statuses[0], s.statuses[1:]
	}
	if code == 0 && s.expireAfterUse && s.used[sig] {
		code = http.StatusForbidden
	}
	if code == 0 && !ok {
		code = http.StatusNotFound
	}
	if code != 0 {
		s.mu.Unlock()
		http.Error(w, http.StatusText(code), code)
		return
	}
	s.used[sig] = true
	drop, stall := s.dropAt, s.stallAt
	ignoreRange, skew := s.ignoreRange, s.rangeSkew
	s.mu.Unlock()

	data, start := file.data, int64(0)
	if rest, ok := strings.CutPrefix(rng, "bytes="); ok && !ignoreRange {
		n, err := strconv.ParseInt(strings.TrimSuffix(rest, "-"), 10, 64)
		if err != nil || n >= int64(len(data)) {
			http.Error(w, "range", http.StatusRequestedRangeNotSatisfiable)
			return
		}
		start = n
		w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", n+skew, len(data)-1, len(data)))
	}
	body := data[start:]
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	if start > 0 {
		w.WriteHeader(http.StatusPartialContent)
	}
	if drop > start && drop < int64(len(data)) {
		s.mu.Lock()
		s.dropAt = 0
		s.mu.Unlock()
		_, _ = w.Write(body[:drop-start])
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler) // the connection drops mid-body
	}
	if stall > start && stall < int64(len(data)) {
		s.mu.Lock()
		s.stallAt = 0
		s.mu.Unlock()
		_, _ = w.Write(body[:stall-start])
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
		return
	}
	_, _ = w.Write(body)
}

func (s *fakeStore) requested() []storeRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// directFake is a fake server with the file run1/models/w.bin (data) and an
// object store serving it.
func directFake(t *testing.T, data []byte, record *cairnv1.Artifact) (*fakeArtifacts, *fakeStore, *Client) {
	t.Helper()
	fake := newFakeArtifacts()
	fake.addFile("run1", "models/w.bin", data, record)
	store := startStore(t, fake)
	return fake, store, startArtifactFake(t, fake)
}

// checkDownloaded fails unless dest holds data and no partial file is left.
func checkDownloaded(t *testing.T, dest string, data []byte) {
	t.Helper()
	got, err := os.ReadFile(dest)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("dest holds %d bytes (err %v), want the artifact's %d", len(got), err, len(data))
	}
	if _, err := os.Stat(dest + partialSuffix); !os.IsNotExist(err) {
		t.Fatalf("the partial file is left behind (stat: %v)", err)
	}
}

func TestPresignedURL(t *testing.T) {
	fake := newFakeArtifacts()
	fake.presignBase = "https://store.example"
	data := pattern(1000)
	fake.addFile("run1", "models/w.bin", data, nil)
	c := startArtifactFake(t, fake)
	ctx := ctxTimeout(t, 10*time.Second)

	before := time.Now()
	p, err := c.PresignedURL(ctx, "run1", "models/w.bin", "get", 90*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if p.URL != "https://store.example/run1/models/w.bin?sig=1" {
		t.Errorf("URL %q", p.URL)
	}
	if p.Artifact.GetSizeBytes() != 1000 || p.Artifact.GetSha256() != hexSHA(data) {
		t.Errorf("artifact %v", p.Artifact)
	}
	if d := p.Expires.Sub(before); d < 89*time.Second || d > 92*time.Second {
		t.Errorf("expires in %v, want about 90s", d)
	}

	p, err = c.PresignedURL(ctx, "run1", "models/new.bin", "Put", 1500*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if p.Artifact != nil || p.URL == "" {
		t.Errorf("PUT: %+v, want a URL and no artifact", p)
	}

	_, err = c.PresignedURL(ctx, "run1", "models/w.bin", "DELETE", time.Minute)
	if status.Code(err) != codes.InvalidArgument || !strings.Contains(err.Error(), `"DELETE"`) {
		t.Errorf("DELETE: err = %v, want INVALID_ARGUMENT naming the method", err)
	}
	_, err = c.PresignedURL(ctx, "run1", "models/missing.bin", "GET", time.Minute)
	if !IsNotFound(err) {
		t.Errorf("missing artifact: err = %v, want NOT_FOUND", err)
	}

	fake.mu.Lock()
	defer fake.mu.Unlock()
	var got []string
	for _, r := range fake.presigns {
		got = append(got, fmt.Sprintf("%s %d", r.GetMethod(), r.GetExpiresSeconds()))
	}
	want := []string{"PRESIGNED_METHOD_GET 90", "PRESIGNED_METHOD_PUT 2", "PRESIGNED_METHOD_GET 60"}
	if !slices.Equal(got, want) {
		t.Errorf("requests %q, want %q (a bad method never reaches the server)", got, want)
	}
}

func TestDirectDownloadVerified(t *testing.T) {
	data := pattern(1<<20 + 17)
	fake, store, c := directFake(t, data, nil)
	dest := filepath.Join(t.TempDir(), "sub", "w.bin")
	art, err := c.DownloadArtifact(ctxTimeout(t, 20*time.Second), "run1", "models/w.bin", dest, Direct(true))
	if err != nil {
		t.Fatal(err)
	}
	if art.GetSizeBytes() != int64(len(data)) || art.GetSha256() != hexSHA(data) {
		t.Fatalf("artifact %v", art)
	}
	checkDownloaded(t, dest, data)
	if got := store.requested(); !slices.Equal(got, []storeRequest{{"1", ""}}) {
		t.Errorf("store requests %v, want one GET of the first URL without a range", got)
	}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if len(fake.downloadOffsets) != 0 {
		t.Errorf("%d downloads through the server", len(fake.downloadOffsets))
	}
	if len(fake.presigns) != 1 || fake.presigns[0].GetMethod() != cairnv1.PresignedMethod_PRESIGNED_METHOD_GET {
		t.Errorf("presign requests %v, want one GET", fake.presigns)
	}
}

func TestDirectDownloadResumesWithRange(t *testing.T) {
	data := pattern(1<<20 + 17)
	_, store, c := directFake(t, data, nil)
	const dropAt = 300_001
	store.dropAt = dropAt
	dest := filepath.Join(t.TempDir(), "w.bin")
	if _, err := c.DownloadArtifact(ctxTimeout(t, 20*time.Second), "run1", "models/w.bin", dest, Direct(true)); err != nil {
		t.Fatal(err)
	}
	checkDownloaded(t, dest, data)
	want := []storeRequest{{"1", ""}, {"1", fmt.Sprintf("bytes=%d-", dropAt)}}
	if got := store.requested(); !slices.Equal(got, want) {
		t.Errorf("store requests %v, want %v", got, want)
	}
}

func TestDirectDownloadRangeIgnoredIsDataLoss(t *testing.T) {
	data := pattern(1 << 20)
	_, store, c := directFake(t, data, nil)
	store.dropAt = 200_000
	store.ignoreRange = true
	dest := filepath.Join(t.TempDir(), "w.bin")
	_, err := c.DownloadArtifact(ctxTimeout(t, 20*time.Second), "run1", "models/w.bin", dest, Direct(true))
	if status.Code(err) != codes.DataLoss || !strings.Contains(err.Error(), "RANGE_IGNORED") {
		t.Fatalf("err = %v, want DATA_LOSS (RANGE_IGNORED)", err)
	}
	assertNoFiles(t, dest)
	if got := store.requested(); len(got) != 2 {
		t.Errorf("store requests %v, want 2 (not retried)", got)
	}
}

func TestDirectDownloadWrongRangeIsDataLoss(t *testing.T) {
	_, store, c := directFake(t, pattern(1<<20), nil)
	store.dropAt = 200_000
	store.rangeSkew = 1
	dest := filepath.Join(t.TempDir(), "w.bin")
	_, err := c.DownloadArtifact(ctxTimeout(t, 20*time.Second), "run1", "models/w.bin", dest, Direct(true))
	if status.Code(err) != codes.DataLoss || !strings.Contains(err.Error(), "RANGE_IGNORED") {
		t.Fatalf("err = %v, want DATA_LOSS (RANGE_IGNORED)", err)
	}
	assertNoFiles(t, dest)
}

func TestDirectDownloadRefreshesExpiredURL(t *testing.T) {
	data := pattern(1<<20 + 5)
	fake, store, c := directFake(t, data, nil)
	const dropAt = 400_000
	store.dropAt = dropAt
	store.expireAfterUse = true
	dest := filepath.Join(t.TempDir(), "w.bin")
	if _, err := c.DownloadArtifact(ctxTimeout(t, 20*time.Second), "run1", "models/w.bin", dest, Direct(true)); err != nil {
		t.Fatal(err)
	}
	checkDownloaded(t, dest, data)
	rng := fmt.Sprintf("bytes=%d-", dropAt)
	want := []storeRequest{{"1", ""}, {"1", rng}, {"2", rng}}
	if got := store.requested(); !slices.Equal(got, want) {
		t.Errorf("store requests %v, want %v (a fresh URL after the 403)", got, want)
	}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if len(fake.presigns) != 2 {
		t.Errorf("%d presigned URLs, want 2", len(fake.presigns))
	}
}

func TestDirectDownloadForbiddenAtOnceIsPermissionDenied(t *testing.T) {
	fake, store, c := directFake(t, pattern(1000), nil)
	store.always = http.StatusForbidden
	dest := filepath.Join(t.TempDir(), "w.bin")
	_, err := c.DownloadArtifact(ctxTimeout(t, 20*time.Second), "run1", "models/w.bin", dest, Direct(true))
	if !IsPermissionDenied(err) {
		t.Fatalf("err = %v, want PERMISSION_DENIED", err)
	}
	assertNoFiles(t, dest)
	if got := store.requested(); len(got) != 1 {
		t.Errorf("store requests %v: a URL that never worked is not refreshed", got)
	}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if len(fake.presigns) != 1 {
		t.Errorf("%d presigned URLs, want 1", len(fake.presigns))
	}
}

func TestDirectDownloadRetriesTransientStatuses(t *testing.T) {
	data := pattern(5000)
	_, store, c := directFake(t, data, nil)
	store.statuses = []int{http.StatusServiceUnavailable, http.StatusTooManyRequests, http.StatusRequestTimeout}
	dest := filepath.Join(t.TempDir(), "w.bin")
	if _, err := c.DownloadArtifact(ctxTimeout(t, 20*time.Second), "run1", "models/w.bin", dest, Direct(true)); err != nil {
		t.Fatal(err)
	}
	checkDownloaded(t, dest, data)
	if got := store.requested(); len(got) != 4 {
		t.Errorf("store requests %v, want 4", got)
	}
}

func TestDirectDownloadNotFound(t *testing.T) {
	t.Run("object store 404", func(t *testing.T) {
		_, store, c := directFake(t, pattern(1000), nil)
		store.always = http.StatusNotFound
		dest := filepath.Join(t.TempDir(), "w.bin")
		_, err := c.DownloadArtifact(ctxTimeout(t, 20*time.Second), "run1", "models/w.bin", dest, Direct(true))
		if !IsNotFound(err) {
			t.Fatalf("err = %v, want NOT_FOUND", err)
		}
		if strings.Contains(err.Error(), "sig=") || !strings.Contains(err.Error(), "HTTP 404") {
			t.Errorf("error %q: want the HTTP status and not the URL's signature", err)
		}
		assertNoFiles(t, dest)
		if got := store.requested(); len(got) != 1 {
			t.Errorf("store requests %v: a 404 is not retried", got)
		}
	})
	t.Run("no such artifact", func(t *testing.T) {
		_, store, c := directFake(t, pattern(1000), nil)
		dest := filepath.Join(t.TempDir(), "w.bin")
		_, err := c.DownloadArtifact(ctxTimeout(t, 20*time.Second), "run1", "models/missing.bin", dest, Direct(true))
		if !IsNotFound(err) {
			t.Fatalf("err = %v, want NOT_FOUND", err)
		}
		assertNoFiles(t, dest)
		if got := store.requested(); len(got) != 0 {
			t.Errorf("store requests %v, want none", got)
		}
	})
}

func TestDirectDownloadOtherStatusIsUnavailable(t *testing.T) {
	_, store, c := directFake(t, pattern(1000), nil)
	store.always = http.StatusBadRequest
	dest := filepath.Join(t.TempDir(), "w.bin")
	_, err := c.DownloadArtifact(ctxTimeout(t, 20*time.Second), "run1", "models/w.bin", dest, Direct(true))
	if status.Code(err) != codes.Unavailable {
		t.Fatalf("err = %v, want UNAVAILABLE", err)
	}
	assertNoFiles(t, dest)
	if got := store.requested(); len(got) != 1 {
		t.Errorf("store requests %v: a 400 is not retried", got)
	}
}

func TestDirectDownloadRefusesNonHTTPURL(t *testing.T) {
	for _, base := range []string{"file:///etc", "ftp://store.example", "http:/no-host"} {
		t.Run(base, func(t *testing.T) {
			_, store, c := directFake(t, pattern(1000), nil)
			store.fake.mu.Lock()
			store.fake.presignBase = base
			store.fake.mu.Unlock()
			dest := filepath.Join(t.TempDir(), "w.bin")
			_, err := c.DownloadArtifact(ctxTimeout(t, 20*time.Second), "run1", "models/w.bin", dest, Direct(true))
			if status.Code(err) != codes.FailedPrecondition || !strings.Contains(err.Error(), "not http(s)") {
				t.Fatalf("err = %v, want FAILED_PRECONDITION", err)
			}
			assertNoFiles(t, dest)
		})
	}
}

func TestDirectDownloadUnimplemented(t *testing.T) {
	t.Run("no artifact record", func(t *testing.T) {
		fake, store, c := directFake(t, pattern(1000), nil)
		fake.mu.Lock()
		fake.presignNoArtifact = true
		fake.mu.Unlock()
		dest := filepath.Join(t.TempDir(), "w.bin")
		_, err := c.DownloadArtifact(ctxTimeout(t, 20*time.Second), "run1", "models/w.bin", dest, Direct(true))
		if status.Code(err) != codes.Unimplemented || !strings.Contains(err.Error(), "NO_ARTIFACT_RECORD") {
			t.Fatalf("err = %v, want UNIMPLEMENTED (NO_ARTIFACT_RECORD)", err)
		}
		assertNoFiles(t, dest)
		if got := store.requested(); len(got) != 0 {
			t.Errorf("store requests %v, want none", got)
		}
	})
	t.Run("local-folder server", func(t *testing.T) {
		fake := newFakeArtifacts()
		fake.addFile("run1", "models/w.bin", pattern(1000), nil)
		c := startArtifactFake(t, fake)
		dest := filepath.Join(t.TempDir(), "w.bin")
		_, err := c.DownloadArtifact(ctxTimeout(t, 20*time.Second), "run1", "models/w.bin", dest, Direct(true))
		if status.Code(err) != codes.Unimplemented {
			t.Fatalf("err = %v, want UNIMPLEMENTED", err)
		}
		assertNoFiles(t, dest)
	})
}

func TestDirectDownloadMismatchLeavesNoFile(t *testing.T) {
	data := pattern(300 << 10)
	for name, record := range map[string]*cairnv1.Artifact{
		"sha256": {RunId: "run1", Path: "models/w.bin", SizeBytes: int64(len(data)), Sha256: hexSHA([]byte("other bytes"))},
		"size":   {RunId: "run1", Path: "models/w.bin", SizeBytes: int64(len(data)) + 10, Sha256: hexSHA(data)},
		"longer": {RunId: "run1", Path: "models/w.bin", SizeBytes: int64(len(data)) - 10, Sha256: hexSHA(data)},
	} {
		t.Run(name, func(t *testing.T) {
			_, _, c := directFake(t, data, record)
			dest := filepath.Join(t.TempDir(), "w.bin")
			if err := os.WriteFile(dest, []byte("old"), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := c.DownloadArtifact(ctxTimeout(t, 20*time.Second), "run1", "models/w.bin", dest, Direct(true))
			if status.Code(err) != codes.DataLoss {
				t.Fatalf("err = %v, want DATA_LOSS", err)
			}
			if got, _ := os.ReadFile(dest); string(got) != "old" {
				t.Errorf("dest holds %q, want the old file untouched", got)
			}
			if _, err := os.Stat(dest + partialSuffix); !os.IsNotExist(err) {
				t.Errorf("the partial file is left behind (stat: %v)", err)
			}
		})
	}
}

func TestDirectDownloadStopsWhenContextEnds(t *testing.T) {
	_, store, c := directFake(t, pattern(1000), nil)
	store.always = http.StatusServiceUnavailable
	dest := filepath.Join(t.TempDir(), "w.bin")
	start := time.Now()
	_, err := c.DownloadArtifact(ctxTimeout(t, 500*time.Millisecond), "run1", "models/w.bin", dest, Direct(true))
	if status.Code(err) != codes.DeadlineExceeded {
		t.Fatalf("err = %v, want DEADLINE_EXCEEDED from the caller's context", err)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Fatalf("returned after %v: the backoff must end with the context", elapsed)
	}
	assertNoFiles(t, dest)
	if got := store.requested(); len(got) < 2 {
		t.Errorf("store requests %v: a 503 must be retried", got)
	}
}

func TestDownloadArtifactsDirect(t *testing.T) {
	fake, c, files := treeFake(t)
	store := startStore(t, fake)
	dest := t.TempDir()
	root, err := c.DownloadArtifacts(ctxTimeout(t, 30*time.Second), "run1", "models", dest, Direct(true))
	if err != nil {
		t.Fatal(err)
	}
	if root != filepath.Join(dest, "models") {
		t.Fatalf("root %s, want %s", root, filepath.Join(dest, "models"))
	}
	got := localFiles(t, dest)
	want := []string{"models/a.txt", "models/big.bin", "models/sub/b.bin", "models/sub/c.bin", "models/sub/d.bin"}
	if !slices.Equal(got, want) {
		t.Fatalf("files %v, want %v", got, want)
	}
	for _, rel := range got {
		if data, _ := os.ReadFile(filepath.Join(dest, rel)); !bytes.Equal(data, files[rel]) {
			t.Errorf("%s differs from the artifact", rel)
		}
	}
	if n := len(store.requested()); n != len(want) {
		t.Errorf("%d store requests, want %d", n, len(want))
	}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if len(fake.downloadOffsets) != 0 {
		t.Errorf("%d downloads through the server", len(fake.downloadOffsets))
	}
}

func TestDirectDownloadResumesAfterAStall(t *testing.T) {
	saved := directIdleTimeout
	directIdleTimeout = 300 * time.Millisecond
	t.Cleanup(func() { directIdleTimeout = saved })
	data := pattern(1 << 20)
	_, store, c := directFake(t, data, nil)
	const stallAt = 123_457
	store.stallAt = stallAt
	dest := filepath.Join(t.TempDir(), "w.bin")
	start := time.Now()
	if _, err := c.DownloadArtifact(ctxTimeout(t, 20*time.Second), "run1", "models/w.bin", dest, Direct(true)); err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("took %v: a stalled body must be given up after the idle timeout", elapsed)
	}
	checkDownloaded(t, dest, data)
	want := []storeRequest{{"1", ""}, {"1", fmt.Sprintf("bytes=%d-", stallAt)}}
	if got := store.requested(); !slices.Equal(got, want) {
		t.Errorf("store requests %v, want %v", got, want)
	}
}
