package cairn

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"google.golang.org/grpc/status"

	cairnv1 "github.com/cairn-ml/cairn/client/go/gen/cairn/v1"
)

// UploadArtifacts uploads every regular file under the directory localDir
// into directory dir of run runID, keeping the tree: a file at relative path
// rel is stored as dir + "/" + rel ("/"-separated), or rel alone when dir is
// empty (as the Python SDK's log_artifacts). Symlinks are neither followed
// nor uploaded, and other non-regular files are skipped. Each file is
// uploaded as by UploadArtifact (verified; one call up to 8 MiB, resumable
// above). Files of at most 8 MiB go 4 at a time, bigger ones one by one after
// them.
//
// It returns the artifacts in path order (byte order of their paths, as
// ListArtifacts lists them). On the first failure no further upload starts,
// those running are waited for, and that failure is returned, naming the
// file; its status code is kept (see Code). The same holds when ctx ends.
func (c *Client) UploadArtifacts(ctx context.Context, runID, localDir, dir string) ([]*cairnv1.Artifact, error) {
	info, err := os.Stat(localDir)
	if err != nil {
		return nil, fmt.Errorf("cairn: upload artifacts: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("cairn: upload artifacts: %s is not a directory", localDir)
	}
	prefix := strings.Trim(dir, "/")
	type file struct {
		local, path string
		size        int64
	}
	var files []file
	err = filepath.WalkDir(localDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() { // directories walked, symlinks and others skipped
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(localDir, p)
		if err != nil {
			return err
		}
		target := filepath.ToSlash(rel)
		if prefix != "" {
			target = prefix + "/" + target
		}
		files = append(files, file{p, target, info.Size()})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("cairn: upload artifacts: %w", err)
	}
	slices.SortFunc(files, func(a, b file) int { return strings.Compare(a.path, b.path) })
	sizes := make([]int64, len(files))
	for i, f := range files {
		sizes[i] = f.size
	}
	artifacts := make([]*cairnv1.Artifact, len(files))
	err = transferAll(ctx, sizes, func(i int) error {
		art, err := c.uploadFile(ctx, runID, files[i].local, files[i].path)
		if err != nil {
			return fmt.Errorf("cairn: upload %s as %q: %w", files[i].local, files[i].path, err)
		}
		artifacts[i] = art
		return nil
	})
	if err != nil {
		return nil, err
	}
	return artifacts, nil
}

// DownloadArtifacts downloads a file or a whole directory of run runID into
// the directory dest (created if needed) and returns the local path of what
// path names, as the Python SDK's download_artifacts:
//
//   - path "" (after trimming "/"): all of the run's artifacts, each at
//     dest/<its path>; it returns dest.
//   - a directory (ListArtifacts finds files under it): each file under it at
//     dest/<base name of path>/<path relative to it>; it returns
//     dest/<base name of path>.
//   - otherwise a single file, downloaded to dest/<base name of path>, which
//     it returns (NOT_FOUND if there is no such artifact).
//
// Each file is downloaded as by DownloadArtifact (verified and resumed; a
// failure leaves nothing at its destination). Files of at most 8 MiB go 4 at
// a time, bigger ones one by one after them. On the first failure no further
// download starts, those running are waited for, and that failure is
// returned, naming the artifact. An artifact path that is unsafe locally
// (empty, ".", ".." or with a backslash or NUL in a component, or resolving
// outside its directory, e.g. through a symlink) is refused before any file
// is written. opts apply to each file's download (e.g. Direct(true): the
// bytes come from the object store through presigned URLs).
func (c *Client) DownloadArtifacts(ctx context.Context, runID, path, dest string, opts ...DownloadOption) (string, error) {
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return "", fmt.Errorf("cairn: download artifacts: %w", err)
	}
	path = strings.Trim(path, "/")
	files, err := c.listFiles(ctx, runID, path)
	if err != nil {
		return "", err
	}
	root := dest
	if path != "" {
		base := path[strings.LastIndex(path, "/")+1:]
		if root, err = localTarget(dest, base); err != nil {
			return "", err
		}
		if len(files) == 0 { // not a directory: a single file
			if _, err := c.DownloadArtifact(ctx, runID, path, root, opts...); err != nil {
				return "", err
			}
			return root, nil
		}
	}
	targets := make([]string, len(files))
	sizes := make([]int64, len(files))
	for i, a := range files {
		rel := a.GetPath()
		if path != "" {
			var ok bool
			if rel, ok = strings.CutPrefix(rel, path+"/"); !ok {
				return "", fmt.Errorf("cairn: download artifacts: the server listed %q under %q", a.GetPath(), path)
			}
		}
		if targets[i], err = localTarget(root, rel); err != nil {
			return "", err
		}
		sizes[i] = a.GetSizeBytes()
	}
	err = transferAll(ctx, sizes, func(i int) error {
		if _, err := c.DownloadArtifact(ctx, runID, files[i].GetPath(), targets[i], opts...); err != nil {
			return fmt.Errorf("cairn: download artifact %q: %w", files[i].GetPath(), err)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return root, nil
}

// listFiles lists every file under directory dir of run runID ("" for the
// whole run), in path order, reading all pages.
func (c *Client) listFiles(ctx context.Context, runID, dir string) ([]*cairnv1.Artifact, error) {
	req := &cairnv1.ListArtifactsRequest{RunId: runID, Path: dir, Recursive: true, PageSize: 1000}
	var files []*cairnv1.Artifact
	for {
		resp, err := c.artifacts.ListArtifacts(ctx, req)
		if err != nil {
			return nil, err
		}
		files = append(files, resp.GetArtifacts()...)
		if req.PageToken = resp.GetNextPageToken(); req.PageToken == "" {
			return files, nil
		}
	}
}

// localTarget is where the "/"-separated artifact path rel lands under the
// local directory root, refusing anything that could escape it (a defence in
// depth: the server validates paths too).
func localTarget(root, rel string) (string, error) {
	parts := strings.Split(rel, "/")
	for _, p := range parts {
		if p == "" || p == "." || p == ".." || strings.ContainsAny(p, "\\\x00") {
			return "", fmt.Errorf("cairn: refusing to write unsafe artifact path %q", rel)
		}
	}
	target := filepath.Join(append([]string{root}, parts...)...)
	realRoot, err := resolve(root)
	if err != nil {
		return "", fmt.Errorf("cairn: download artifacts: %w", err)
	}
	realTarget, err := resolve(target)
	if err != nil {
		return "", fmt.Errorf("cairn: download artifacts: %w", err)
	}
	if inside, err := filepath.Rel(realRoot, realTarget); err != nil || inside == "." || inside == ".." ||
		strings.HasPrefix(inside, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("cairn: refusing to write %q outside %s", rel, root)
	}
	return target, nil
}

// resolve is the absolute path p with the symlinks of its longest resolvable
// ancestor resolved. The rest does not exist, or is a dangling symlink, which
// a download cannot write through: creating a directory there fails, and a
// file is renamed over the link.
func resolve(p string) (string, error) {
	p, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for {
		real, err := filepath.EvalSymlinks(p)
		if err == nil {
			return filepath.Join(real, rest), nil
		}
		parent := filepath.Dir(p)
		if !errors.Is(err, fs.ErrNotExist) || parent == p {
			return "", err
		}
		rest = filepath.Join(filepath.Base(p), rest)
		p = parent
	}
}

// transferAll runs transfer(i) for each file of a tree, sizes[i] being the
// file's size. Small files (at most singleCallMax bytes), whose cost is a
// call's latency rather than bandwidth, go parallelFiles at a time; bigger
// ones go one by one after them. Once a transfer fails, or ctx ends, no
// further one starts: those running are waited for and the first failure (or
// ctx's status) is returned.
func transferAll(ctx context.Context, sizes []int64, transfer func(i int) error) error {
	var (
		mu    sync.Mutex
		first error
	)
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if first == nil {
			first = err
		}
	}
	failed := func() error {
		mu.Lock()
		defer mu.Unlock()
		return first
	}
	phase := func(small bool, limit int) error {
		var wg sync.WaitGroup
		slots := make(chan struct{}, limit)
		for i, size := range sizes {
			if (size <= singleCallMax) != small {
				continue
			}
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
			}
			if ctx.Err() != nil {
				fail(status.FromContextError(ctx.Err()).Err())
			}
			if failed() != nil {
				break
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := transfer(i); err != nil {
					fail(err)
				}
				<-slots // after fail: the loop sees the failure before starting another
			}()
		}
		wg.Wait()
		return failed()
	}
	if err := phase(true, parallelFiles); err != nil {
		return err
	}
	return phase(false, 1)
}
