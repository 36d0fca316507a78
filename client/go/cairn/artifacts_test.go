package cairn

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	cairnv1 "github.com/cairn-ml/cairn/client/go/gen/cairn/v1"
)

// fakeArtifacts is an in-process ArtifactService that follows the resumable
// upload and ranged download contracts, checks what clients send, and lets
// tests inject failures.
type fakeArtifacts struct {
	cairnv1.UnimplementedArtifactServiceServer

	mu      sync.Mutex
	runs    map[string]bool
	uploads map[string]*fakeUpload
	files   map[string]*fakeFile // "run/path"

	starts        []*cairnv1.StartUploadRequest // StartUpload requests
	oneCalls      []*cairnv1.StartUploadRequest // upload headers that start the upload
	getUploads    int
	headerOffsets []int64 // offset of every upload stream's header
	chunkSizes    []int   // every data message received
	// failUploadAt fails the upload stream with UNAVAILABLE (once) as soon as
	// this many bytes are committed; 0 never.
	failUploadAt int64

	downloadOffsets []int64 // offset of every download request
	downloadChunk   int
	// dropDownloadAt fails a download stream with UNAVAILABLE (once) after it
	// has sent the bytes before this offset; 0 never.
	dropDownloadAt int64
	// downloadDown makes every download fail with UNAVAILABLE.
	downloadDown bool
	// failPath makes starting an upload of this path, or downloading it, fail
	// with PERMISSION_DENIED (in a message that does not name it).
	failPath string

	// presignBase is the object store's base URL for CreatePresignedUrl
	// ("<base>/<run>/<path>?sig=<n>", n counting the calls); "" answers
	// UNIMPLEMENTED, as a server on a local folder.
	presignBase string
	// presignNoArtifact leaves the artifact out of GET URLs (an older server).
	presignNoArtifact bool
	presigns          []*cairnv1.CreatePresignedUrlRequest

	lists []*cairnv1.ListArtifactsRequest
	// listPage caps the artifacts of one ListArtifacts page; 0 no cap.
	listPage int

	// delay is how long every upload and download stream waits once started.
	delay       time.Duration
	inFlight    int
	maxInFlight int
	started     []fakeStart // every upload and download stream, in start order
}

// fakeStart is one transfer stream: its artifact path, and how many were in
// flight once it started (itself included).
type fakeStart struct {
	path     string
	inFlight int
}

type fakeUpload struct {
	start *cairnv1.StartUploadRequest
	data  []byte
}

type fakeFile struct {
	artifact *cairnv1.Artifact
	data     []byte
}

func newFakeArtifacts() *fakeArtifacts {
	return &fakeArtifacts{
		runs:          map[string]bool{"run1": true},
		uploads:       map[string]*fakeUpload{},
		files:         map[string]*fakeFile{},
		downloadChunk: 64 << 10,
	}
}

func (f *fakeArtifacts) StartUpload(_ context.Context, req *cairnv1.StartUploadRequest) (*cairnv1.StartUploadResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.starts = append(f.starts, req)
	id, err := f.newUpload(req)
	if err != nil {
		return nil, err
	}
	return &cairnv1.StartUploadResponse{Upload: f.uploadProto(id)}, nil
}

// newUpload checks and records a new upload (f.mu held).
func (f *fakeArtifacts) newUpload(req *cairnv1.StartUploadRequest) (string, error) {
	if !f.runs[req.GetRunId()] {
		return "", status.Errorf(codes.NotFound, "run %q not found", req.GetRunId())
	}
	if strings.Contains(req.GetPath(), "..") || req.GetSizeBytes() < 0 || len(req.GetSha256()) != 64 {
		return "", status.Error(codes.InvalidArgument, "bad path, size or digest")
	}
	if req.GetPath() == f.failPath {
		return "", status.Error(codes.PermissionDenied, "injected: denied")
	}
	id := fmt.Sprintf("up%d", len(f.uploads)+1)
	f.uploads[id] = &fakeUpload{start: req}
	return id, nil
}

// track counts a transfer stream of path in flight, then waits f.delay; the
// returned func ends it.
func (f *fakeArtifacts) track(path string) func() {
	f.mu.Lock()
	f.inFlight++
	f.maxInFlight = max(f.maxInFlight, f.inFlight)
	f.started = append(f.started, fakeStart{path, f.inFlight})
	delay := f.delay
	f.mu.Unlock()
	time.Sleep(delay)
	return func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.inFlight--
	}
}

func (f *fakeArtifacts) uploadProto(id string) *cairnv1.Upload {
	u := f.uploads[id]
	return &cairnv1.Upload{
		UploadId: id, RunId: u.start.GetRunId(), Path: u.start.GetPath(),
		SizeBytes: u.start.GetSizeBytes(), Sha256: u.start.GetSha256(),
		CommittedBytes: int64(len(u.data)), State: cairnv1.UploadState_UPLOAD_STATE_IN_PROGRESS,
	}
}

func (f *fakeArtifacts) GetUpload(_ context.Context, req *cairnv1.GetUploadRequest) (*cairnv1.GetUploadResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.getUploads++
	if _, ok := f.uploads[req.GetUploadId()]; !ok {
		return nil, status.Error(codes.NotFound, "upload")
	}
	return &cairnv1.GetUploadResponse{Upload: f.uploadProto(req.GetUploadId())}, nil
}

func (f *fakeArtifacts) UploadArtifact(stream grpc.ClientStreamingServer[cairnv1.UploadArtifactRequest, cairnv1.UploadArtifactResponse]) error {
	first, err := stream.Recv()
	if err != nil {
		return err
	}
	h := first.GetHeader()
	if h == nil {
		return status.Error(codes.InvalidArgument, "the first message must be a header")
	}
	f.mu.Lock()
	id := h.GetUploadId()
	if start := h.GetStart(); start != nil {
		f.oneCalls = append(f.oneCalls, start)
		if id, err = f.newUpload(start); err != nil {
			f.mu.Unlock()
			return err
		}
	}
	u, ok := f.uploads[id]
	if !ok {
		f.mu.Unlock()
		return status.Error(codes.NotFound, "upload")
	}
	f.headerOffsets = append(f.headerOffsets, h.GetOffset())
	if h.GetOffset() != int64(len(u.data)) {
		f.mu.Unlock()
		return status.Errorf(codes.FailedPrecondition, "offset %d, committed %d", h.GetOffset(), len(u.data))
	}
	f.mu.Unlock()
	defer f.track(u.start.GetPath())()
	for {
		req, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if req.GetHeader() != nil {
			return status.Error(codes.InvalidArgument, "only the first message may be a header")
		}
		data := req.GetData()
		if len(data) > artifactChunk {
			return status.Errorf(codes.InvalidArgument, "data message of %d bytes", len(data))
		}
		f.mu.Lock()
		f.chunkSizes = append(f.chunkSizes, len(data))
		u.data = append(u.data, data...)
		committed := int64(len(u.data))
		if committed > u.start.GetSizeBytes() {
			f.mu.Unlock()
			return status.Error(codes.InvalidArgument, "more bytes than declared")
		}
		if f.failUploadAt > 0 && committed >= f.failUploadAt {
			f.failUploadAt = 0
			f.mu.Unlock()
			return status.Error(codes.Unavailable, "injected: connection lost")
		}
		f.mu.Unlock()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if int64(len(u.data)) < u.start.GetSizeBytes() {
		return stream.SendAndClose(&cairnv1.UploadArtifactResponse{Upload: f.uploadProto(id)})
	}
	sum := sha256.Sum256(u.data)
	if hex.EncodeToString(sum[:]) != u.start.GetSha256() {
		return status.Error(codes.DataLoss, "digest mismatch")
	}
	art := &cairnv1.Artifact{
		RunId: u.start.GetRunId(), Path: u.start.GetPath(),
		SizeBytes: int64(len(u.data)), Sha256: u.start.GetSha256(),
	}
	f.files[art.GetRunId()+"/"+art.GetPath()] = &fakeFile{artifact: art, data: u.data}
	return stream.SendAndClose(&cairnv1.UploadArtifactResponse{Upload: f.uploadProto(id), Artifact: art})
}

func (f *fakeArtifacts) DownloadArtifact(req *cairnv1.DownloadArtifactRequest, stream grpc.ServerStreamingServer[cairnv1.DownloadArtifactResponse]) error {
	f.mu.Lock()
	file, ok := f.files[req.GetRunId()+"/"+req.GetPath()]
	f.downloadOffsets = append(f.downloadOffsets, req.GetOffset())
	chunk, down, denied := f.downloadChunk, f.downloadDown, req.GetPath() == f.failPath
	f.mu.Unlock()
	if down {
		return status.Error(codes.Unavailable, "injected: server down")
	}
	if denied {
		return status.Error(codes.PermissionDenied, "injected: denied")
	}
	if !ok {
		return status.Errorf(codes.NotFound, "artifact %q not found", req.GetPath())
	}
	if req.GetOffset() > int64(len(file.data)) {
		return status.Error(codes.OutOfRange, "offset past the end")
	}
	defer f.track(req.GetPath())()
	if err := stream.Send(&cairnv1.DownloadArtifactResponse{
		Message: &cairnv1.DownloadArtifactResponse_Artifact{Artifact: file.artifact},
	}); err != nil {
		return err
	}
	for pos := int(req.GetOffset()); pos < len(file.data); {
		f.mu.Lock()
		drop := f.dropDownloadAt > 0 && int64(pos) >= f.dropDownloadAt
		if drop {
			f.dropDownloadAt = 0
		}
		f.mu.Unlock()
		if drop {
			return status.Error(codes.Unavailable, "injected: connection lost")
		}
		end := min(pos+chunk, len(file.data))
		if err := stream.Send(&cairnv1.DownloadArtifactResponse{
			Message: &cairnv1.DownloadArtifactResponse_Data{Data: file.data[pos:end]},
		}); err != nil {
			return err
		}
		pos = end
	}
	return nil
}

// ListArtifacts lists recursively only: the files under the request's path,
// in path order, at most listPage a page, the page token being the last path
// listed.
func (f *fakeArtifacts) ListArtifacts(_ context.Context, req *cairnv1.ListArtifactsRequest) (*cairnv1.ListArtifactsResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lists = append(f.lists, req)
	if !f.runs[req.GetRunId()] {
		return nil, status.Errorf(codes.NotFound, "run %q not found", req.GetRunId())
	}
	if !req.GetRecursive() {
		return nil, status.Error(codes.Unimplemented, "the fake lists recursively only")
	}
	under := req.GetRunId() + "/"
	if req.GetPath() != "" {
		under += req.GetPath() + "/"
	}
	var paths []string
	for key := range f.files {
		if p := strings.TrimPrefix(key, req.GetRunId()+"/"); strings.HasPrefix(key, under) && p > req.GetPageToken() {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	size := int(req.GetPageSize())
	if f.listPage > 0 {
		size = min(size, f.listPage)
	}
	resp := &cairnv1.ListArtifactsResponse{}
	if len(paths) > size {
		paths = paths[:size]
		resp.NextPageToken = paths[size-1]
	}
	for _, p := range paths {
		resp.Artifacts = append(resp.Artifacts, f.files[req.GetRunId()+"/"+p].artifact)
	}
	return resp, nil
}

// addFile stores an artifact with the given record (nil: the true one).
func (f *fakeArtifacts) addFile(run, path string, data []byte, record *cairnv1.Artifact) {
	if record == nil {
		sum := sha256.Sum256(data)
		record = &cairnv1.Artifact{RunId: run, Path: path, SizeBytes: int64(len(data)), Sha256: hex.EncodeToString(sum[:])}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.files[run+"/"+path] = &fakeFile{artifact: record, data: data}
}

func startArtifactFake(t *testing.T, fake *fakeArtifacts) *Client {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	srv := grpc.NewServer(grpc.MaxRecvMsgSize(64 << 20))
	cairnv1.RegisterArtifactServiceServer(srv, fake)
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	return dialFake(t, lis.Addr().String())
}

// pattern is the interop scenario's file content: byte i is i % 251.
func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i % 251)
	}
	return b
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func hexSHA(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// assertNoFiles fails unless neither dest nor its partial file exists.
func assertNoFiles(t *testing.T, dest string) {
	t.Helper()
	for _, p := range []string{dest, dest + partialSuffix} {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s exists after a failed download (stat: %v)", p, err)
		}
	}
}

func TestArtifactPath(t *testing.T) {
	for _, tc := range []struct{ local, dir, want string }{
		{"/tmp/x/weights.bin", "", "weights.bin"},
		{"weights.bin", "models/go", "models/go/weights.bin"},
		{"/tmp/weights.bin", "models/", "models/weights.bin"},
	} {
		if got := artifactPath(tc.local, tc.dir); got != tc.want {
			t.Errorf("artifactPath(%q, %q) = %q, want %q", tc.local, tc.dir, got, tc.want)
		}
	}
}

func TestUploadArtifactMultiChunk(t *testing.T) {
	fake := newFakeArtifacts()
	c := startArtifactFake(t, fake)
	data := pattern(9<<20 + 5) // three data messages: 4 MiB, 4 MiB, 1 MiB + 5
	local := writeFile(t, "weights.bin", data)
	art, err := c.UploadArtifact(ctxTimeout(t, 20*time.Second), "run1", local, "models/go")
	if err != nil {
		t.Fatal(err)
	}
	want := hexSHA(data)
	if art.GetPath() != "models/go/weights.bin" || art.GetSizeBytes() != int64(len(data)) || art.GetSha256() != want {
		t.Fatalf("artifact %v, want path models/go/weights.bin, %d bytes, sha256 %s", art, len(data), want)
	}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if len(fake.starts) != 1 || fake.starts[0].GetSha256() != want || fake.starts[0].GetSizeBytes() != int64(len(data)) {
		t.Fatalf("StartUpload requests %v: want one claiming %d bytes, sha256 %s", fake.starts, len(data), want)
	}
	if !slices.Equal(fake.chunkSizes, []int{4 << 20, 4 << 20, 1<<20 + 5}) {
		t.Fatalf("data messages of %v bytes", fake.chunkSizes)
	}
	if !slices.Equal(fake.headerOffsets, []int64{0}) || fake.getUploads != 0 || len(fake.oneCalls) != 0 {
		t.Fatalf("header offsets %v, %d GetUpload calls, %d one-call headers: want one resumable stream from 0",
			fake.headerOffsets, fake.getUploads, len(fake.oneCalls))
	}
	if stored := fake.files["run1/models/go/weights.bin"]; stored == nil || !bytes.Equal(stored.data, data) {
		t.Fatal("the stored bytes differ from the file")
	}
}

func TestUploadArtifactResumesFromCommittedBytes(t *testing.T) {
	fake := newFakeArtifacts()
	fake.failUploadAt = 4 << 20 // the stream breaks once the first chunk is committed
	c := startArtifactFake(t, fake)
	data := pattern(10<<20 + 3)
	local := writeFile(t, "ckpt.pt", data)
	art, err := c.UploadArtifact(ctxTimeout(t, 20*time.Second), "run1", local, "")
	if err != nil {
		t.Fatal(err)
	}
	if art.GetPath() != "ckpt.pt" || art.GetSha256() != hexSHA(data) {
		t.Fatalf("artifact %v", art)
	}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if !slices.Equal(fake.headerOffsets, []int64{0, 4 << 20}) {
		t.Fatalf("header offsets %v, want [0 %d]: the resumed stream must start at the committed bytes", fake.headerOffsets, 4<<20)
	}
	if fake.getUploads != 1 || len(fake.starts) != 1 {
		t.Fatalf("%d GetUpload and %d StartUpload calls, want 1 and 1", fake.getUploads, len(fake.starts))
	}
	if stored := fake.files["run1/ckpt.pt"]; stored == nil || !bytes.Equal(stored.data, data) {
		t.Fatal("the stored bytes differ from the file")
	}
}

func TestUploadArtifactNotFoundIsFinal(t *testing.T) {
	fake := newFakeArtifacts()
	c := startArtifactFake(t, fake)
	local := writeFile(t, "x.bin", pattern(10))
	_, err := c.UploadArtifact(ctxTimeout(t, 10*time.Second), "missing", local, "")
	if status.Code(err) != codes.NotFound || !IsNotFound(err) {
		t.Fatalf("err = %v, want NOT_FOUND", err)
	}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if len(fake.oneCalls) != 1 || len(fake.starts) != 0 {
		t.Fatalf("%d one-call streams and %d StartUpload calls: NOT_FOUND must not be retried", len(fake.oneCalls), len(fake.starts))
	}
}

func TestUploadArtifactSmallFileTakesOneCall(t *testing.T) {
	for _, size := range []int{0, 1000, 5<<20 + 3, singleCallMax} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			fake := newFakeArtifacts()
			c := startArtifactFake(t, fake)
			data := pattern(size)
			local := writeFile(t, "small.bin", data)
			art, err := c.UploadArtifact(ctxTimeout(t, 20*time.Second), "run1", local, "/small/")
			if err != nil {
				t.Fatal(err)
			}
			want := hexSHA(data)
			if art.GetPath() != "small/small.bin" || art.GetSizeBytes() != int64(size) || art.GetSha256() != want {
				t.Fatalf("artifact %v", art)
			}
			fake.mu.Lock()
			defer fake.mu.Unlock()
			if len(fake.starts) != 0 || fake.getUploads != 0 {
				t.Fatalf("%d StartUpload and %d GetUpload calls: a small file takes one UploadArtifact call", len(fake.starts), fake.getUploads)
			}
			if len(fake.oneCalls) != 1 || !slices.Equal(fake.headerOffsets, []int64{0}) {
				t.Fatalf("%d one-call headers, header offsets %v: want one stream starting the upload at 0", len(fake.oneCalls), fake.headerOffsets)
			}
			if s := fake.oneCalls[0]; s.GetRunId() != "run1" || s.GetPath() != "small/small.bin" || s.GetSizeBytes() != int64(size) || s.GetSha256() != want {
				t.Fatalf("header start %v", s)
			}
			var chunks []int
			for rest := size; rest > 0; rest -= min(rest, artifactChunk) {
				chunks = append(chunks, min(rest, artifactChunk))
			}
			if !slices.Equal(fake.chunkSizes, chunks) {
				t.Fatalf("data messages of %v bytes, want %v", fake.chunkSizes, chunks)
			}
			if stored := fake.files["run1/small/small.bin"]; stored == nil || !bytes.Equal(stored.data, data) {
				t.Fatal("the stored bytes differ from the file")
			}
		})
	}
}

func TestUploadArtifactSmallFileRetriedWhole(t *testing.T) {
	fake := newFakeArtifacts()
	fake.failUploadAt = 4 << 20 // the first stream breaks after its first chunk
	c := startArtifactFake(t, fake)
	data := pattern(6 << 20)
	local := writeFile(t, "small.bin", data)
	if _, err := c.UploadArtifact(ctxTimeout(t, 20*time.Second), "run1", local, ""); err != nil {
		t.Fatal(err)
	}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if len(fake.oneCalls) != 2 || !slices.Equal(fake.headerOffsets, []int64{0, 0}) || len(fake.starts) != 0 || fake.getUploads != 0 {
		t.Fatalf("%d one-call streams at offsets %v, %d StartUpload, %d GetUpload: want the whole call made again",
			len(fake.oneCalls), fake.headerOffsets, len(fake.starts), fake.getUploads)
	}
	if stored := fake.files["run1/small.bin"]; stored == nil || !bytes.Equal(stored.data, data) {
		t.Fatal("the stored bytes differ from the file")
	}
}

func TestUploadSmallRefusesAChangedFile(t *testing.T) {
	fake := newFakeArtifacts()
	c := startArtifactFake(t, fake)
	local := writeFile(t, "small.bin", pattern(1000))
	f, err := os.Open(local)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// As if the file had held other bytes when it was hashed.
	start := &cairnv1.StartUploadRequest{RunId: "run1", Path: "small.bin", SizeBytes: 1000, Sha256: hexSHA(pattern(999))}
	_, err = c.uploadSmall(ctxTimeout(t, 10*time.Second), f, local, start, make([]byte, artifactChunk))
	if err == nil || !strings.Contains(err.Error(), local+" changed while being uploaded") {
		t.Fatalf("err = %v, want the file named as changed", err)
	}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if len(fake.oneCalls) != 0 {
		t.Fatalf("%d upload calls: a changed file must not be sent", len(fake.oneCalls))
	}
}

func TestDownloadArtifactResumesAfterDrop(t *testing.T) {
	fake := newFakeArtifacts()
	data := pattern(1<<20 + 17)
	fake.addFile("run1", "models/w.bin", data, nil)
	const dropAt = 5 * (64 << 10) // after five 64 KiB chunks
	fake.dropDownloadAt = dropAt
	c := startArtifactFake(t, fake)
	dest := filepath.Join(t.TempDir(), "sub", "dir", "w.bin") // parents are created
	art, err := c.DownloadArtifact(ctxTimeout(t, 20*time.Second), "run1", "models/w.bin", dest)
	if err != nil {
		t.Fatal(err)
	}
	if art.GetSizeBytes() != int64(len(data)) || art.GetSha256() != hexSHA(data) {
		t.Fatalf("artifact %v", art)
	}
	got, err := os.ReadFile(dest)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("dest holds %d bytes (err %v), want the artifact's %d", len(got), err, len(data))
	}
	if _, err := os.Stat(dest + partialSuffix); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the partial file is left behind (stat: %v)", err)
	}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if !slices.Equal(fake.downloadOffsets, []int64{0, dropAt}) {
		t.Fatalf("download offsets %v, want [0 %d]", fake.downloadOffsets, dropAt)
	}
}

func TestDownloadArtifactMismatchIsDataLoss(t *testing.T) {
	data := pattern(300 << 10)
	for name, record := range map[string]*cairnv1.Artifact{
		"sha256": {RunId: "run1", Path: "bad.bin", SizeBytes: int64(len(data)), Sha256: hexSHA([]byte("other bytes"))},
		"size":   {RunId: "run1", Path: "bad.bin", SizeBytes: int64(len(data)) + 10, Sha256: hexSHA(data)},
	} {
		t.Run(name, func(t *testing.T) {
			fake := newFakeArtifacts()
			fake.addFile("run1", "bad.bin", data, record)
			c := startArtifactFake(t, fake)
			dest := filepath.Join(t.TempDir(), "bad.bin")
			_, err := c.DownloadArtifact(ctxTimeout(t, 10*time.Second), "run1", "bad.bin", dest)
			if status.Code(err) != codes.DataLoss || Code(err) != codes.DataLoss {
				t.Fatalf("err = %v, want DATA_LOSS", err)
			}
			if !strings.Contains(err.Error(), `"bad.bin"`) {
				t.Errorf("error %q does not name the artifact", err)
			}
			assertNoFiles(t, dest)
			fake.mu.Lock()
			defer fake.mu.Unlock()
			if len(fake.downloadOffsets) != 1 {
				t.Errorf("%d download calls: a mismatch must not be retried", len(fake.downloadOffsets))
			}
		})
	}
}

func TestDownloadArtifactNotFound(t *testing.T) {
	fake := newFakeArtifacts()
	c := startArtifactFake(t, fake)
	dest := filepath.Join(t.TempDir(), "missing.bin")
	_, err := c.DownloadArtifact(ctxTimeout(t, 10*time.Second), "run1", "models/missing.bin", dest)
	if status.Code(err) != codes.NotFound || !IsNotFound(err) {
		t.Fatalf("err = %v, want NOT_FOUND", err)
	}
	assertNoFiles(t, dest)
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if len(fake.downloadOffsets) != 1 {
		t.Errorf("%d download calls: NOT_FOUND must not be retried", len(fake.downloadOffsets))
	}
}

func TestDownloadArtifactStopsWhenContextEnds(t *testing.T) {
	fake := newFakeArtifacts()
	fake.addFile("run1", "w.bin", pattern(1000), nil)
	fake.downloadDown = true
	c := startArtifactFake(t, fake)
	dest := filepath.Join(t.TempDir(), "w.bin")
	start := time.Now()
	_, err := c.DownloadArtifact(ctxTimeout(t, 500*time.Millisecond), "run1", "w.bin", dest)
	if status.Code(err) != codes.DeadlineExceeded {
		t.Fatalf("err = %v, want DEADLINE_EXCEEDED from the caller's context", err)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Fatalf("returned after %v: the backoff must end with the context", elapsed)
	}
	assertNoFiles(t, dest)
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if len(fake.downloadOffsets) < 2 {
		t.Fatalf("%d download calls: UNAVAILABLE must be retried", len(fake.downloadOffsets))
	}
}
