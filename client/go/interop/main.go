// Command interop runs the shared interop scenario (tests/interop/scenario.json)
// against a live Cairn server:
//
//	CAIRN_ADDR=127.0.0.1:50051 go run ./interop [-scenario path/to/scenario.json]
//
// It prints one line per step and exits non-zero if any step fails.
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/cairn-ml/cairn/client/go/cairn"
	cairnv1 "github.com/cairn-ml/cairn/client/go/gen/cairn/v1"
)

const lang = "go"

type runner struct {
	addr   string
	client *cairn.Client
	// clients for steps that name their own API token, by token
	byToken map[string]*cairn.Client
	vars    map[string]string
}

func main() {
	path := flag.String("scenario", defaultScenario(), "scenario file")
	list := flag.String("steps", "steps", "which list of steps in the scenario file to run")
	flag.Parse()
	addr := os.Getenv("CAIRN_ADDR")
	if addr == "" {
		fmt.Fprintln(os.Stderr, "CAIRN_ADDR is not set")
		os.Exit(2)
	}
	raw, err := os.ReadFile(*path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var sc map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&sc); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", *path, err)
		os.Exit(2)
	}
	steps, ok := sc[*list].([]any)
	if !ok {
		fmt.Fprintf(os.Stderr, "%s: no list of steps named %q\n", *path, *list)
		os.Exit(2)
	}
	// The API token and TLS settings come from CAIRN_TOKEN and CAIRN_TLS*.
	client, err := cairn.Dial(addr, cairn.WithUser("interop-"+lang))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	defer client.Close()
	r := &runner{addr: addr, client: client, byToken: map[string]*cairn.Client{}, vars: map[string]string{
		"lang":  lang,
		"nonce": fmt.Sprintf("%d-%04d", time.Now().UnixMilli(), rand.IntN(10000)),
		"actor": actor(client),
	}}
	defer func() {
		for _, c := range r.byToken {
			_ = c.Close()
		}
	}()
	passed, failed, skipped := 0, 0, 0
	skipGroups := map[string]bool{}
	for _, raw := range steps {
		step, _ := raw.(map[string]any)
		name, _ := step["name"].(string)
		group, _ := step["optional_group"].(string)
		if group != "" && skipGroups[group] {
			fmt.Printf("SKIP %s (group %s not implemented by the server)\n", name, group)
			skipped++
			continue
		}
		start := time.Now()
		err := r.runStep(step)
		elapsed := time.Since(start).Round(time.Millisecond)
		switch {
		case err == nil:
			fmt.Printf("PASS %s (%v)\n", name, elapsed)
			passed++
		case group != "" && status.Code(err) == codes.Unimplemented:
			fmt.Printf("SKIP %s: %v\n", name, err)
			skipGroups[group] = true
			skipped++
		default:
			fmt.Printf("FAIL %s: %v\n", name, err)
			failed++
		}
	}
	fmt.Printf("INTEROP %s passed=%d failed=%d skipped=%d\n", lang, passed, failed, skipped)
	if failed > 0 {
		os.Exit(1)
	}
}

// actor is the user the server records for this runner's calls: the token's
// user, or the x-cairn-user header for anonymous calls.
func actor(client *cairn.Client) string {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	me, err := client.CurrentUser(ctx)
	if err != nil || me.GetAnonymous() || me.GetUser().GetName() == "" {
		return "interop-" + lang
	}
	return me.GetUser().GetName()
}

// clientFor returns the client for a step: the runner's own, or one that
// sends the step's `token` instead.
func (r *runner) clientFor(step map[string]any) (*cairn.Client, error) {
	token, ok := step["token"].(string)
	if !ok {
		return r.client, nil
	}
	if c, ok := r.byToken[token]; ok {
		return c, nil
	}
	c, err := cairn.Dial(r.addr, cairn.WithUser("interop-"+lang), cairn.WithBearerToken(token))
	if err != nil {
		return nil, err
	}
	r.byToken[token] = c
	return c, nil
}

// checkCode compares a failure with the code a step expects; for access
// errors the helper's own predicates must recognise it too.
func checkCode(err error, want string) error {
	got := codeName(status.Code(err))
	if got != want {
		if err != nil {
			return stepError{fmt.Errorf("want %s, got %w", want, err)}
		}
		return fmt.Errorf("want %s, got OK", want)
	}
	if want == "UNAUTHENTICATED" && !cairn.IsUnauthenticated(err) {
		return fmt.Errorf("cairn.IsUnauthenticated(%v) = false", err)
	}
	if want == "PERMISSION_DENIED" && !cairn.IsPermissionDenied(err) {
		return fmt.Errorf("cairn.IsPermissionDenied(%v) = false", err)
	}
	return nil
}

func defaultScenario() string {
	_, file, _, ok := runtime.Caller(0)
	if ok {
		p := filepath.Join(filepath.Dir(file), "..", "..", "..", "tests", "interop", "scenario.json")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return "tests/interop/scenario.json"
}

var varRE = regexp.MustCompile(`\$\{([A-Za-z0-9_]+)\}`)

func (r *runner) subst(v any) (any, error) {
	switch x := v.(type) {
	case string:
		var missing string
		out := varRE.ReplaceAllStringFunc(x, func(m string) string {
			name := m[2 : len(m)-1]
			val, ok := r.vars[name]
			if !ok {
				missing = name
			}
			return val
		})
		if missing != "" {
			return nil, fmt.Errorf("unknown variable ${%s}", missing)
		}
		return out, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			s, err := r.subst(e)
			if err != nil {
				return nil, err
			}
			out[i] = s
		}
		return out, nil
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			s, err := r.subst(e)
			if err != nil {
				return nil, err
			}
			out[k] = s
		}
		return out, nil
	default:
		return v, nil
	}
}

func (r *runner) runStep(raw map[string]any) error {
	v, err := r.subst(raw)
	if err != nil {
		return err
	}
	step := v.(map[string]any)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if call, ok := step["call"].(string); ok {
		return r.call(ctx, call, step)
	}
	switch op, _ := step["op"].(string); op {
	case "stream_metrics":
		return r.streamMetrics(ctx, step)
	case "metric_history":
		return r.metricHistory(ctx, step)
	case "upload_artifact":
		return r.uploadArtifact(ctx, step)
	case "download_artifact":
		return r.downloadArtifact(ctx, step)
	case "upload_artifacts":
		return r.uploadArtifacts(ctx, step)
	case "download_artifacts":
		return r.downloadArtifacts(ctx, step)
	case "presigned_url":
		return r.presignedURL(ctx, step)
	default:
		return fmt.Errorf("unknown step kind %q", op)
	}
}

// stepError wraps an RPC error so that main can see its status code.
type stepError struct{ err error }

func (e stepError) Error() string { return e.err.Error() }
func (e stepError) Unwrap() error { return e.err }

func (r *runner) call(ctx context.Context, call string, step map[string]any) error {
	service, method, ok := strings.Cut(call, "/")
	if !ok {
		return fmt.Errorf("bad call %q", call)
	}
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName("cairn.v1." + service))
	if err != nil {
		return fmt.Errorf("unknown service %s: %w", service, err)
	}
	sd, ok := d.(protoreflect.ServiceDescriptor)
	if !ok {
		return fmt.Errorf("%s is not a service", service)
	}
	md := sd.Methods().ByName(protoreflect.Name(method))
	if md == nil || md.IsStreamingClient() || md.IsStreamingServer() {
		return fmt.Errorf("unknown unary method %s", call)
	}
	req, err := newMessage(md.Input().FullName())
	if err != nil {
		return err
	}
	resp, err := newMessage(md.Output().FullName())
	if err != nil {
		return err
	}
	body, err := json.Marshal(step["request"])
	if err != nil {
		return err
	}
	if err := protojson.Unmarshal(body, req); err != nil {
		return fmt.Errorf("request: %w", err)
	}
	expect, _ := step["expect"].(map[string]any)
	wantCode := "OK"
	if c, ok := expect["code"].(string); ok {
		wantCode = c
	}
	client, err := r.clientFor(step)
	if err != nil {
		return err
	}
	callErr := client.Conn().Invoke(ctx, "/cairn.v1."+service+"/"+method, req, resp)
	if err := checkCode(callErr, wantCode); err != nil {
		return err
	}
	if callErr != nil {
		return nil
	}
	out, err := protojson.MarshalOptions{UseProtoNames: true, EmitUnpopulated: true}.Marshal(resp)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return err
	}
	if err := check(doc, expect); err != nil {
		return err
	}
	if save, ok := step["save"].(map[string]any); ok {
		for name, p := range save {
			val, found := lookup(doc, p.(string))
			if !found {
				return fmt.Errorf("save %s: no %s in response", name, p)
			}
			r.vars[name] = scalar(val)
		}
	}
	return nil
}

func newMessage(name protoreflect.FullName) (proto.Message, error) {
	mt, err := protoregistry.GlobalTypes.FindMessageByName(name)
	if err != nil {
		return nil, err
	}
	return mt.New().Interface(), nil
}

func codeName(c codes.Code) string {
	// codes.Code.String gives "NotFound"; the scenario uses the canonical
	// upper-case names.
	names := map[codes.Code]string{
		codes.OK: "OK", codes.Canceled: "CANCELLED", codes.Unknown: "UNKNOWN",
		codes.InvalidArgument: "INVALID_ARGUMENT", codes.DeadlineExceeded: "DEADLINE_EXCEEDED",
		codes.NotFound: "NOT_FOUND", codes.AlreadyExists: "ALREADY_EXISTS",
		codes.PermissionDenied: "PERMISSION_DENIED", codes.ResourceExhausted: "RESOURCE_EXHAUSTED",
		codes.FailedPrecondition: "FAILED_PRECONDITION", codes.Aborted: "ABORTED",
		codes.OutOfRange: "OUT_OF_RANGE", codes.Unimplemented: "UNIMPLEMENTED",
		codes.Internal: "INTERNAL", codes.Unavailable: "UNAVAILABLE", codes.DataLoss: "DATA_LOSS",
		codes.Unauthenticated: "UNAUTHENTICATED",
	}
	if n, ok := names[c]; ok {
		return n
	}
	return c.String()
}

func check(doc any, expect map[string]any) error {
	if eq, ok := expect["equals"].(map[string]any); ok {
		for p, want := range eq {
			got, found := lookup(doc, p)
			if !found {
				return fmt.Errorf("%s: missing, want %v", p, want)
			}
			if !sameScalar(got, want) {
				return fmt.Errorf("%s = %v, want %v", p, scalar(got), scalar(want))
			}
		}
	}
	if lengths, ok := expect["length"].(map[string]any); ok {
		for p, want := range lengths {
			got, _ := lookup(doc, p)
			list, _ := got.([]any)
			if !sameScalar(json.Number(strconv.Itoa(len(list))), want) {
				return fmt.Errorf("len(%s) = %d, want %v", p, len(list), want)
			}
		}
	}
	if kvs, ok := expect["kv"].(map[string]any); ok {
		for p, want := range kvs {
			got, _ := lookup(doc, p)
			list, _ := got.([]any)
			have := map[string]string{}
			for _, e := range list {
				if m, ok := e.(map[string]any); ok {
					have[scalar(m["key"])] = scalar(m["value"])
				}
			}
			for k, v := range want.(map[string]any) {
				if hv, ok := have[k]; !ok || hv != scalar(v) {
					return fmt.Errorf("%s[%s] = %q (present: %v), want %q", p, k, hv, ok, scalar(v))
				}
			}
		}
	}
	return nil
}

func lookup(doc any, path string) (any, bool) {
	cur := doc
	for _, part := range strings.Split(path, ".") {
		switch x := cur.(type) {
		case map[string]any:
			v, ok := x[part]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			cur = x[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

func scalar(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	default:
		b, _ := json.Marshal(x)
		return string(b)
	}
}

func sameScalar(got, want any) bool {
	g, w := scalar(got), scalar(want)
	if g == w {
		return true
	}
	gf, err1 := strconv.ParseFloat(g, 64)
	wf, err2 := strconv.ParseFloat(w, 64)
	return err1 == nil && err2 == nil && gf == wf
}

func num(step map[string]any, key string) (float64, bool) {
	v, ok := step[key]
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(scalar(v), 64)
	return f, err == nil
}

func (r *runner) streamMetrics(ctx context.Context, step map[string]any) error {
	runID, key := scalar(step["run_id"]), scalar(step["key"])
	points, _ := num(step, "points")
	mod, _ := num(step, "value_mod")
	scale, _ := num(step, "value_scale")
	opts := cairn.StreamerOptions{StreamID: scalar(step["stream_id"])}
	if cfg, ok := step["streamer"].(map[string]any); ok {
		if v, ok := num(cfg, "max_message_points"); ok {
			opts.MaxMessagePoints = int(v)
		}
		if v, ok := num(cfg, "max_in_flight"); ok {
			opts.MaxInFlight = int(v)
		}
		if v, ok := num(cfg, "max_backoff_ms"); ok {
			opts.MaxBackoff = time.Duration(v) * time.Millisecond
		}
	}
	n, m := int64(points), int64(mod)
	announce, _ := step["announce_halfway"].(bool)
	client, err := r.clientFor(step)
	if err != nil {
		return err
	}
	s := client.NewStreamer(opts)
	if expect, ok := step["expect"].(map[string]any); ok {
		return expectStreamFailure(ctx, s, runID, key, n, scalar(expect["code"]))
	}
	start := time.Now()
	for i := int64(0); i < n; i++ {
		if announce && i == n/2 {
			fmt.Printf("INTEROP %s stream_halfway\n", lang)
		}
		if err := s.Log(ctx, runID, key, i, float64(i%m)*scale); err != nil {
			_ = s.Close(ctx)
			return stepError{err}
		}
	}
	if err := s.Close(ctx); err != nil {
		return stepError{err}
	}
	elapsed := time.Since(start)
	st := s.Stats()
	fmt.Printf("INTEROP %s stream_points_per_sec=%.0f points=%d seconds=%.3f messages=%d reconnects=%d\n",
		lang, float64(n)/elapsed.Seconds(), n, elapsed.Seconds(), st.MessagesAcked, st.Reconnects)
	if st.PointsAcked != n {
		return fmt.Errorf("acknowledged %d points, want %d", st.PointsAcked, n)
	}
	// Without reconnects every ack reports its points; after one, the points of
	// messages committed before a lost ack are reported by no ack (the reopened
	// stream's last_committed_seq covers them), so the history check counts them.
	if st.Reconnects == 0 && st.PointsWritten != n {
		return fmt.Errorf("server reports %d points written, want %d", st.PointsWritten, n)
	}
	return nil
}

// expectStreamFailure logs n points on a streamer that must fail with code
// want (e.g. UNAUTHENTICATED) without retrying, and without ever succeeding.
func expectStreamFailure(ctx context.Context, s *cairn.Streamer, runID, key string, n int64, want string) error {
	var err error
	for i := int64(0); i < n && err == nil; i++ {
		err = s.Log(ctx, runID, key, i, 0)
	}
	if closeErr := s.Close(ctx); err == nil {
		err = closeErr
	}
	if err := checkCode(err, want); err != nil {
		return err
	}
	if st := s.Stats(); st.Reconnects != 0 || st.PointsAcked != 0 {
		return fmt.Errorf("a stream failing with %s must stop at once: %d reconnects, %d points acked", want, st.Reconnects, st.PointsAcked)
	}
	return nil
}

func (r *runner) metricHistory(ctx context.Context, step map[string]any) error {
	runID, key := scalar(step["run_id"]), scalar(step["key"])
	mod, hasFormula := num(step, "value_mod")
	scale, _ := num(step, "value_scale")
	wantCode, want := expectation(step)
	client, err := r.clientFor(step)
	if err != nil {
		return err
	}
	stream, err := client.Tracking().GetMetricHistory(ctx, &cairnv1.GetMetricHistoryRequest{RunId: runID, Key: key})
	if err != nil {
		return checkCode(err, wantCode)
	}
	var count, sumSteps int64
	var sumValues float64
	first, last := int64(-1), int64(-1)
	for {
		resp, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return checkCode(err, wantCode)
		}
		p := resp.GetPoints()
		steps, values := p.GetSteps(), p.GetValues()
		if len(steps) != len(values) {
			return fmt.Errorf("chunk has %d steps and %d values", len(steps), len(values))
		}
		for i, s := range steps {
			if count == 0 {
				first = s
			} else if s <= last {
				return fmt.Errorf("steps out of order: %d after %d", s, last)
			}
			if hasFormula {
				if want := float64(s%int64(mod)) * scale; values[i] != want {
					return fmt.Errorf("value at step %d = %v, want %v", s, values[i], want)
				}
			}
			last = s
			count++
			sumSteps += s
			sumValues += values[i]
		}
	}
	if wantCode != "OK" {
		return fmt.Errorf("want %s, got OK", wantCode)
	}
	got := map[string]string{
		"count":      strconv.FormatInt(count, 10),
		"first_step": strconv.FormatInt(first, 10),
		"last_step":  strconv.FormatInt(last, 10),
		"sum_steps":  strconv.FormatInt(sumSteps, 10),
		"sum_values": strconv.FormatFloat(sumValues, 'f', -1, 64),
	}
	return compareValues(got, want)
}

// boolField is a step's boolean field, false when it is absent.
func boolField(step map[string]any, key string) bool {
	b, _ := step[key].(bool)
	return b
}

// str is a step's string field, or "" when it is absent.
func str(step map[string]any, key string) string {
	if v, ok := step[key]; ok && v != nil {
		return scalar(v)
	}
	return ""
}

// expectation splits a step's `expect` into the wanted code (default OK) and
// the wanted values.
func expectation(step map[string]any) (string, map[string]any) {
	expect, _ := step["expect"].(map[string]any)
	wantCode := "OK"
	values := map[string]any{}
	for k, v := range expect {
		if k == "code" {
			wantCode = scalar(v)
		} else {
			values[k] = v
		}
	}
	return wantCode, values
}

// compareValues checks every wanted value against what the step got.
func compareValues(got map[string]string, want map[string]any) error {
	for k, w := range want {
		g, ok := got[k]
		if !ok {
			return fmt.Errorf("unknown expectation %q", k)
		}
		if !sameScalar(g, w) {
			return fmt.Errorf("%s = %s, want %s", k, g, scalar(w))
		}
	}
	return nil
}

// uploadArtifact writes a file of size_bytes bytes (byte i = i % 251) named
// file_name and uploads it with the client's UploadArtifact into dir.
func (r *runner) uploadArtifact(ctx context.Context, step map[string]any) error {
	runID, dir, name := str(step, "run_id"), str(step, "dir"), str(step, "file_name")
	size, ok := num(step, "size_bytes")
	if !ok || name == "" {
		return fmt.Errorf("upload_artifact needs file_name and size_bytes")
	}
	wantCode, want := expectation(step)
	tmp, err := os.MkdirTemp("", "cairn-interop-upload-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	local := filepath.Join(tmp, name)
	if err := writePattern(local, int64(size)); err != nil {
		return err
	}
	client, err := r.clientFor(step)
	if err != nil {
		return err
	}
	art, upErr := client.UploadArtifact(ctx, runID, local, dir)
	if err := checkCode(upErr, wantCode); err != nil {
		return err
	}
	if upErr != nil {
		return nil
	}
	return compareValues(map[string]string{
		"path":       art.GetPath(),
		"size_bytes": strconv.FormatInt(art.GetSizeBytes(), 10),
		"sha256":     art.GetSha256(),
	}, want)
}

// writePattern writes size bytes to path, byte i being i % 251.
func writePattern(path string, size int64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	for i := int64(0); i < size; i++ {
		if err := w.WriteByte(byte(i % 251)); err != nil {
			_ = f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// downloadArtifact downloads path with the client's DownloadArtifact into a
// temporary directory and checks the file's own size and SHA-256; a failure
// must leave no file at the destination. With `direct`, the bytes come from
// the object store through a presigned URL (cairn.Direct).
func (r *runner) downloadArtifact(ctx context.Context, step map[string]any) error {
	runID, path := str(step, "run_id"), str(step, "path")
	wantCode, want := expectation(step)
	tmp, err := os.MkdirTemp("", "cairn-interop-download-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	dest := filepath.Join(tmp, "out", "artifact.bin")
	client, err := r.clientFor(step)
	if err != nil {
		return err
	}
	_, downErr := client.DownloadArtifact(ctx, runID, path, dest, cairn.Direct(boolField(step, "direct")))
	if err := checkCode(downErr, wantCode); err != nil {
		return err
	}
	if downErr != nil {
		return noFilesLeft(tmp)
	}
	got, err := fileDigest(dest)
	if err != nil {
		return err
	}
	return compareValues(got, want)
}

// noFilesLeft fails if a failed download left any file under dir.
func noFilesLeft(dir string) error {
	var left []string
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			left = append(left, p)
		}
		return nil
	})
	if len(left) > 0 {
		return fmt.Errorf("a failed download left %v", left)
	}
	return nil
}

// fileDigest is the size_bytes and sha256 of the file at path, computed from
// its bytes.
func fileDigest(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return nil, err
	}
	return map[string]string{"size_bytes": strconv.FormatInt(n, 10), "sha256": hex.EncodeToString(h.Sum(nil))}, nil
}

// uploadArtifacts writes the step's files (each a "/"-separated path of
// size_bytes bytes, byte i being i % 251) under a temporary directory and
// uploads it with the client's UploadArtifacts into dir; on OK the returned
// artifacts must equal expect.artifacts, in order.
func (r *runner) uploadArtifacts(ctx context.Context, step map[string]any) error {
	runID, dir := str(step, "run_id"), str(step, "dir")
	wantCode, want := expectation(step)
	wantArtifacts := want["artifacts"]
	delete(want, "artifacts")
	tmp, err := os.MkdirTemp("", "cairn-interop-upload-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	files, _ := step["files"].([]any)
	for _, f := range files {
		file, _ := f.(map[string]any)
		rel := str(file, "path")
		size, ok := num(file, "size_bytes")
		if rel == "" || !ok {
			return fmt.Errorf("upload_artifacts: every file needs path and size_bytes")
		}
		local := filepath.Join(tmp, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(local), 0o755); err != nil {
			return err
		}
		if err := writePattern(local, int64(size)); err != nil {
			return err
		}
	}
	client, err := r.clientFor(step)
	if err != nil {
		return err
	}
	arts, upErr := client.UploadArtifacts(ctx, runID, tmp, dir)
	if err := checkCode(upErr, wantCode); err != nil {
		return err
	}
	if upErr != nil {
		return nil
	}
	got := make([]map[string]string, len(arts))
	for i, a := range arts {
		got[i] = map[string]string{
			"path":       a.GetPath(),
			"size_bytes": strconv.FormatInt(a.GetSizeBytes(), 10),
			"sha256":     a.GetSha256(),
		}
	}
	if err := compareValues(map[string]string{}, want); err != nil {
		return err
	}
	return compareList("artifacts", got, wantArtifacts)
}

// downloadArtifacts downloads path with the client's DownloadArtifacts into a
// new temporary directory; on OK the returned root, relative to it ("" for
// the directory itself), must equal expect.root, and the files under the root
// (path, size_bytes and sha256 from their bytes, in path order) expect.files.
// A failure must leave no file. With `direct`, as for downloadArtifact.
func (r *runner) downloadArtifacts(ctx context.Context, step map[string]any) error {
	runID, path := str(step, "run_id"), str(step, "path")
	wantCode, want := expectation(step)
	wantFiles := want["files"]
	delete(want, "files")
	tmp, err := os.MkdirTemp("", "cairn-interop-download-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	client, err := r.clientFor(step)
	if err != nil {
		return err
	}
	root, downErr := client.DownloadArtifacts(ctx, runID, path, tmp, cairn.Direct(boolField(step, "direct")))
	if err := checkCode(downErr, wantCode); err != nil {
		return err
	}
	if downErr != nil {
		return noFilesLeft(tmp)
	}
	rel, err := slashRel(tmp, root)
	if err != nil {
		return err
	}
	if err := compareValues(map[string]string{"root": rel}, want); err != nil {
		return err
	}
	var got []map[string]string
	err = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s is not a regular file", p)
		}
		file, err := fileDigest(p)
		if err == nil {
			file["path"], err = slashRel(root, p)
			got = append(got, file)
		}
		return err
	})
	if err != nil {
		return err
	}
	slices.SortFunc(got, func(a, b map[string]string) int { return strings.Compare(a["path"], b["path"]) })
	return compareList("files", got, wantFiles)
}

// slashRel is target relative to base, "/"-separated, "" for base itself.
func slashRel(base, target string) (string, error) {
	rel, err := filepath.Rel(base, target)
	if err != nil || rel == "." {
		return "", err
	}
	return filepath.ToSlash(rel), nil
}

// compareList checks a list of values, in order, against the expected list
// of objects (each compared as by compareValues).
func compareList(what string, got []map[string]string, want any) error {
	list, _ := want.([]any)
	if len(got) != len(list) {
		return fmt.Errorf("%d %s, want %d: got %v", len(got), what, len(list), got)
	}
	for i, w := range list {
		values, _ := w.(map[string]any)
		if err := compareValues(got[i], values); err != nil {
			return fmt.Errorf("%s[%d]: %w", what, i, err)
		}
	}
	return nil
}

// presignedURL asks the client's PresignedURL for a URL (method GET or PUT,
// expires_seconds); for GET on OK it fetches the URL with a plain HTTP GET,
// and the body's size and SHA-256, and the artifact the helper returned,
// must equal expect.size_bytes and expect.sha256.
func (r *runner) presignedURL(ctx context.Context, step map[string]any) error {
	runID, path, method := str(step, "run_id"), str(step, "path"), str(step, "method")
	expires, _ := num(step, "expires_seconds")
	wantCode, want := expectation(step)
	client, err := r.clientFor(step)
	if err != nil {
		return err
	}
	p, urlErr := client.PresignedURL(ctx, runID, path, method, time.Duration(expires)*time.Second)
	if err := checkCode(urlErr, wantCode); err != nil {
		return err
	}
	if urlErr != nil {
		return nil
	}
	if p.URL == "" {
		return fmt.Errorf("the helper returned no URL")
	}
	if !strings.EqualFold(method, "GET") {
		if p.Artifact != nil {
			return fmt.Errorf("a %s URL came with an artifact record", method)
		}
		return compareValues(map[string]string{}, want)
	}
	if p.Artifact == nil {
		return fmt.Errorf("the GET URL came without the artifact's record")
	}
	art := map[string]string{
		"size_bytes": strconv.FormatInt(p.Artifact.GetSizeBytes(), 10),
		"sha256":     p.Artifact.GetSha256(),
	}
	if err := compareValues(art, want); err != nil {
		return fmt.Errorf("the helper's artifact: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.URL, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET of the presigned URL answered HTTP %d", resp.StatusCode)
	}
	h := sha256.New()
	n, err := io.Copy(h, resp.Body)
	if err != nil {
		return err
	}
	body := map[string]string{"size_bytes": strconv.FormatInt(n, 10), "sha256": hex.EncodeToString(h.Sum(nil))}
	if err := compareValues(body, want); err != nil {
		return fmt.Errorf("the URL's body: %w", err)
	}
	return nil
}
