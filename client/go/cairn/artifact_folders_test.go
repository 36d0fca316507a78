package cairn

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	cairnv1 "github.com/cairn-ml/cairn/client/go/gen/cairn/v1"
)

// writeTree writes files (relative "/"-separated path → content) under a new
// directory and returns it.
func writeTree(t *testing.T, files map[string][]byte) string {
	t.Helper()
	root := t.TempDir()
	for rel, data := range files {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// localFiles lists every non-directory entry under root as a "/"-separated
// relative path, sorted.
func localFiles(t *testing.T, root string) []string {
	t.Helper()
	var found []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			found = append(found, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	slices.Sort(found)
	return found
}

// checkOrder fails unless the fake's streams ran small ones several (at most
// parallelFiles) at a time, and each big one alone after all the small ones.
func checkOrder(t *testing.T, fake *fakeArtifacts, big ...string) {
	t.Helper()
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if fake.maxInFlight < 2 || fake.maxInFlight > parallelFiles {
		t.Errorf("at most %d transfers in flight, want 2..%d", fake.maxInFlight, parallelFiles)
	}
	n := len(fake.started)
	if n < len(big) {
		t.Fatalf("streams %v, want the big files %v last", fake.started, big)
	}
	for i, s := range fake.started[n-len(big):] {
		if s.path != big[i] || s.inFlight != 1 {
			t.Errorf("streams %v: want the big files %v last, one at a time", fake.started, big)
		}
	}
}

func TestUploadArtifactsTree(t *testing.T) {
	fake := newFakeArtifacts()
	fake.delay = 50 * time.Millisecond
	c := startArtifactFake(t, fake)
	files := map[string][]byte{
		"a.txt":          pattern(100),
		"a/b.bin":        pattern(2048), // "a.txt" < "a/b.bin" in byte order, though a walk meets a/ first
		"empty.txt":      nil,
		"sub/c.json":     pattern(5000),
		"sub/d/e.txt":    pattern(7),
		"sub/f.bin":      pattern(singleCallMax), // still small
		"z/big1.bin":     pattern(singleCallMax + 1),
		"big0.bin":       pattern(9 << 20),
		"sub/d/last.txt": pattern(1),
	}
	root := writeTree(t, files)
	for link, to := range map[string]string{"link.txt": "a.txt", "sub/dirlink": "a", "outside": t.TempDir()} {
		if err := os.Symlink(to, filepath.Join(root, filepath.FromSlash(link))); err != nil {
			t.Fatal(err)
		}
	}
	arts, err := c.UploadArtifacts(ctxTimeout(t, 30*time.Second), "run1", root, "/tree/")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for rel := range files {
		want = append(want, "tree/"+rel)
	}
	slices.Sort(want) // byte order
	var got []string
	for _, a := range arts {
		got = append(got, a.GetPath())
		data := files[strings.TrimPrefix(a.GetPath(), "tree/")]
		if a.GetSizeBytes() != int64(len(data)) || a.GetSha256() != hexSHA(data) {
			t.Errorf("artifact %v: want %d bytes, sha256 %s", a, len(data), hexSHA(data))
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("artifacts %v, want %v (path order; symlinks skipped)", got, want)
	}
	checkOrder(t, fake, "tree/big0.bin", "tree/z/big1.bin")
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if len(fake.starts) != 2 || len(fake.oneCalls) != len(files)-2 {
		t.Errorf("%d StartUpload, %d one-call uploads: want the two big files resumable", len(fake.starts), len(fake.oneCalls))
	}
	for rel, data := range files {
		if stored := fake.files["run1/tree/"+rel]; stored == nil || !bytes.Equal(stored.data, data) {
			t.Errorf("tree/%s: stored bytes differ from the file", rel)
		}
	}
}

func TestUploadArtifactsNoPrefix(t *testing.T) {
	fake := newFakeArtifacts()
	c := startArtifactFake(t, fake)
	root := writeTree(t, map[string][]byte{"x/y.txt": pattern(3)})
	arts, err := c.UploadArtifacts(ctxTimeout(t, 10*time.Second), "run1", root, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 1 || arts[0].GetPath() != "x/y.txt" {
		t.Fatalf("artifacts %v, want just x/y.txt", arts)
	}
}

func TestUploadArtifactsStopsAtFirstFailure(t *testing.T) {
	fake := newFakeArtifacts()
	fake.delay = 200 * time.Millisecond
	fake.failPath = "tree/a.txt" // the first file: fails while the next three run
	c := startArtifactFake(t, fake)
	root := writeTree(t, map[string][]byte{
		"a.txt": pattern(10), "b.txt": pattern(10), "c.txt": pattern(10), "d.txt": pattern(10),
		"e.txt": pattern(10), "f.txt": pattern(10), "g.txt": pattern(10), "big.bin": pattern(9 << 20),
	})
	arts, err := c.UploadArtifacts(ctxTimeout(t, 30*time.Second), "run1", root, "tree")
	if arts != nil || Code(err) != codes.PermissionDenied || !IsPermissionDenied(err) {
		t.Fatalf("artifacts %v, err = %v: want PERMISSION_DENIED", arts, err)
	}
	if !strings.Contains(err.Error(), `"tree/a.txt"`) || !strings.Contains(err.Error(), filepath.Join(root, "a.txt")) {
		t.Errorf("error %q does not name the file", err)
	}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	var tried []string
	for _, s := range fake.oneCalls {
		tried = append(tried, s.GetPath())
	}
	slices.Sort(tried)
	if want := []string{"tree/a.txt", "tree/b.txt", "tree/c.txt", "tree/d.txt"}; !slices.Equal(tried, want) || len(fake.starts) != 0 {
		t.Fatalf("uploads %v and %d StartUpload: want only %v, those started before the failure", tried, len(fake.starts), want)
	}
	if len(fake.files) != 3 {
		t.Errorf("%d files stored: the running uploads must end", len(fake.files))
	}
}

func TestUploadArtifactsStopsWhenContextEnds(t *testing.T) {
	fake := newFakeArtifacts()
	c := startArtifactFake(t, fake)
	root := writeTree(t, map[string][]byte{"a.txt": pattern(10), "big.bin": pattern(9 << 20)})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	arts, err := c.UploadArtifacts(ctx, "run1", root, "")
	if arts != nil || Code(err) != codes.Canceled {
		t.Fatalf("artifacts %v, err = %v: want CANCELLED", arts, err)
	}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if len(fake.oneCalls)+len(fake.starts) != 0 {
		t.Fatalf("%d uploads started after the context ended", len(fake.oneCalls)+len(fake.starts))
	}
}

func TestUploadArtifactsNotADirectory(t *testing.T) {
	c := startArtifactFake(t, newFakeArtifacts())
	local := writeFile(t, "file.txt", pattern(3))
	_, err := c.UploadArtifacts(ctxTimeout(t, 10*time.Second), "run1", local, "")
	if err == nil || !strings.Contains(err.Error(), local+" is not a directory") {
		t.Fatalf("err = %v, want %s named as not a directory", err, local)
	}
}

// treeFake serves run1 with models/{a.txt, big.bin, sub/b.bin, sub/c.bin},
// other/x.txt and top.txt, listed two a page.
func treeFake(t *testing.T) (*fakeArtifacts, *Client, map[string][]byte) {
	fake := newFakeArtifacts()
	fake.listPage = 2
	files := map[string][]byte{
		"models/a.txt":     pattern(100),
		"models/big.bin":   pattern(singleCallMax + 10),
		"models/sub/b.bin": pattern(70 << 10),
		"models/sub/c.bin": nil,
		"models/sub/d.bin": pattern(3),
		"other/x.txt":      pattern(5),
		"top.txt":          pattern(9),
	}
	for p, data := range files {
		fake.addFile("run1", p, data, nil)
	}
	return fake, startArtifactFake(t, fake), files
}

func TestDownloadArtifactsFolder(t *testing.T) {
	fake, c, files := treeFake(t)
	fake.delay = 50 * time.Millisecond
	dest := filepath.Join(t.TempDir(), "out") // created
	root, err := c.DownloadArtifacts(ctxTimeout(t, 30*time.Second), "run1", "/models/", dest)
	if err != nil {
		t.Fatal(err)
	}
	if root != filepath.Join(dest, "models") {
		t.Fatalf("root %s, want %s", root, filepath.Join(dest, "models"))
	}
	got := localFiles(t, dest)
	if want := []string{"models/a.txt", "models/big.bin", "models/sub/b.bin", "models/sub/c.bin", "models/sub/d.bin"}; !slices.Equal(got, want) {
		t.Fatalf("files %v, want %v", got, want)
	}
	for _, rel := range got {
		if data, _ := os.ReadFile(filepath.Join(dest, rel)); !bytes.Equal(data, files[rel]) {
			t.Errorf("%s differs from the artifact", rel)
		}
	}
	checkOrder(t, fake, "models/big.bin")
	fake.mu.Lock()
	defer fake.mu.Unlock()
	var tokens []string
	for _, l := range fake.lists {
		if l.GetPath() != "models" || !l.GetRecursive() || l.GetPageSize() != 1000 {
			t.Errorf("list request %v: want path models, recursive, page size 1000", l)
		}
		tokens = append(tokens, l.GetPageToken())
	}
	if want := []string{"", "models/big.bin", "models/sub/c.bin"}; !slices.Equal(tokens, want) {
		t.Errorf("page tokens %q, want %q", tokens, want)
	}
}

func TestDownloadArtifactsSingleFile(t *testing.T) {
	_, c, files := treeFake(t)
	dest := t.TempDir()
	got, err := c.DownloadArtifacts(ctxTimeout(t, 10*time.Second), "run1", "models/sub/b.bin", dest)
	if err != nil {
		t.Fatal(err)
	}
	if got != filepath.Join(dest, "b.bin") {
		t.Fatalf("returned %s, want %s", got, filepath.Join(dest, "b.bin"))
	}
	if data, _ := os.ReadFile(got); !bytes.Equal(data, files["models/sub/b.bin"]) {
		t.Fatal("the file differs from the artifact")
	}
	if left := localFiles(t, dest); !slices.Equal(left, []string{"b.bin"}) {
		t.Fatalf("files %v, want just b.bin", left)
	}
}

func TestDownloadArtifactsWholeRun(t *testing.T) {
	_, c, files := treeFake(t)
	dest := t.TempDir()
	root, err := c.DownloadArtifacts(ctxTimeout(t, 30*time.Second), "run1", "", dest)
	if err != nil {
		t.Fatal(err)
	}
	if root != dest {
		t.Fatalf("root %s, want dest %s", root, dest)
	}
	var want []string
	for p := range files {
		want = append(want, p)
	}
	slices.Sort(want)
	if got := localFiles(t, dest); !slices.Equal(got, want) {
		t.Fatalf("files %v, want %v", got, want)
	}
}

func TestDownloadArtifactsMissingPath(t *testing.T) {
	fake, c, _ := treeFake(t)
	dest := t.TempDir()
	_, err := c.DownloadArtifacts(ctxTimeout(t, 10*time.Second), "run1", "models/nothing", dest)
	if !IsNotFound(err) {
		t.Fatalf("err = %v, want NOT_FOUND", err)
	}
	if left := localFiles(t, dest); len(left) != 0 {
		t.Fatalf("a failed download left %v", left)
	}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if len(fake.downloadOffsets) != 1 {
		t.Errorf("%d download calls, want one for the single file models/nothing", len(fake.downloadOffsets))
	}
}

func TestDownloadArtifactsFailureNamesTheArtifact(t *testing.T) {
	for name, setup := range map[string]func(fake *fakeArtifacts){
		"denied": func(fake *fakeArtifacts) {
			fake.addFile("run1", "models/sub/bad.bin", pattern(10), nil)
			fake.failPath = "models/sub/bad.bin"
		},
		"mismatch": func(fake *fakeArtifacts) {
			fake.addFile("run1", "models/sub/bad.bin", pattern(10), &cairnv1.Artifact{
				RunId: "run1", Path: "models/sub/bad.bin", SizeBytes: 10, Sha256: hexSHA([]byte("other")),
			})
		},
	} {
		t.Run(name, func(t *testing.T) {
			fake, c, _ := treeFake(t)
			setup(fake)
			dest := t.TempDir()
			_, err := c.DownloadArtifacts(ctxTimeout(t, 30*time.Second), "run1", "models", dest)
			if code := Code(err); (code != codes.PermissionDenied && code != codes.DataLoss) || !strings.Contains(err.Error(), `"models/sub/bad.bin"`) {
				t.Fatalf("err = %v, want the failure naming models/sub/bad.bin", err)
			}
			for _, left := range localFiles(t, dest) {
				if strings.Contains(left, "bad.bin") || strings.Contains(left, "big.bin") {
					t.Errorf("%s written: want nothing at the failed file and the big file not started", left)
				}
			}
		})
	}
}

func TestDownloadArtifactsRefusesUnsafePaths(t *testing.T) {
	for name, setup := range map[string]func(fake *fakeArtifacts, dest, outside string){
		"dot-dot": func(fake *fakeArtifacts, _, _ string) {
			fake.addFile("run1", "models/../escape.txt", pattern(5), nil)
		},
		"symlink": func(_ *fakeArtifacts, dest, outside string) {
			if err := os.Symlink(outside, filepath.Join(dest, "models")); err != nil {
				t.Fatal(err)
			}
		},
	} {
		t.Run(name, func(t *testing.T) {
			fake, c, _ := treeFake(t)
			parent := t.TempDir()
			dest, outside := filepath.Join(parent, "dest"), filepath.Join(parent, "outside")
			for _, d := range []string{dest, outside} {
				if err := os.Mkdir(d, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			setup(fake, dest, outside)
			_, err := c.DownloadArtifacts(ctxTimeout(t, 10*time.Second), "run1", "models", dest)
			if err == nil || !strings.Contains(err.Error(), "refusing to write") {
				t.Fatalf("err = %v, want the path refused", err)
			}
			if left := localFiles(t, parent); len(left) > 1 || (len(left) == 1 && left[0] != "dest/models") {
				t.Fatalf("files %v written", left)
			}
			fake.mu.Lock()
			defer fake.mu.Unlock()
			if len(fake.downloadOffsets) != 0 {
				t.Errorf("%d downloads: an unsafe path must be refused before any", len(fake.downloadOffsets))
			}
		})
	}
}

func TestLocalTarget(t *testing.T) {
	root := t.TempDir()
	for _, rel := range []string{"", ".", "..", "a/../../b", "a//b", "/abs", "a/", `a\b`, "a\x00b", "a/./b"} {
		if got, err := localTarget(root, rel); err == nil || !strings.Contains(err.Error(), "unsafe artifact path") {
			t.Errorf("localTarget(%q) = %s, %v: want it refused as unsafe", rel, got, err)
		}
	}
	// Symlinks under root that lead out of it: to its parent, or elsewhere.
	for link, to := range map[string]string{"up": "..", "away": t.TempDir()} {
		if err := os.Symlink(to, filepath.Join(root, link)); err != nil {
			t.Fatal(err)
		}
	}
	for _, rel := range []string{"up", "up/x", "away/x", "away/x/y"} {
		if got, err := localTarget(root, rel); err == nil || !strings.Contains(err.Error(), "outside") {
			t.Errorf("localTarget(%q) = %s, %v: want it refused as outside", rel, got, err)
		}
	}
	if err := os.Symlink("a", filepath.Join(root, "inside")); err != nil {
		t.Fatal(err)
	}
	for rel, want := range map[string]string{"a/b.txt": "a/b.txt", "inside/b.txt": "inside/b.txt", "new/dir/c": "new/dir/c"} {
		if got, err := localTarget(root, rel); err != nil || got != filepath.Join(root, filepath.FromSlash(want)) {
			t.Errorf("localTarget(%q) = %s, %v", rel, got, err)
		}
	}
}

func TestTransferAllStopsWhenContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var ran []int
	err := transferAll(ctx, []int64{singleCallMax + 1, singleCallMax + 2}, func(i int) error {
		ran = append(ran, i)
		cancel() // the transfer itself succeeds
		return nil
	})
	if Code(err) != codes.Canceled || !slices.Equal(ran, []int{0}) {
		t.Fatalf("err = %v after %v: want CANCELLED after transfer 0", err, ran)
	}
}

func TestTransferAllReturnsTheFirstFailure(t *testing.T) {
	boom := status.Error(codes.Internal, "boom")
	var ran []int
	err := transferAll(context.Background(), []int64{singleCallMax + 1, singleCallMax + 2, singleCallMax + 3}, func(i int) error {
		ran = append(ran, i)
		if i == 1 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) || !slices.Equal(ran, []int{0, 1}) {
		t.Fatalf("err = %v after %v: want boom after transfers 0 and 1", err, ran)
	}
}
