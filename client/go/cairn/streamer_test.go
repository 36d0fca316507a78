package cairn

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc/codes"

	cairnv1 "github.com/cairn-ml/cairn/client/go/gen/cairn/v1"
)

func ctxTimeout(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func checkSeries(t *testing.T, fake *fakeTracking, key string, n int) {
	t.Helper()
	fake.mu.Lock()
	defer fake.mu.Unlock()
	steps, values := fake.steps[key], fake.points[key]
	if len(steps) != n {
		t.Fatalf("%s: stored %d points, want %d", key, len(steps), n)
	}
	for i := range n {
		if steps[i] != int64(i) || values[i] != float64(i)*0.5 {
			t.Fatalf("%s: point %d is (%d, %v)", key, i, steps[i], values[i])
		}
	}
}

func TestStreamerDeliversEveryPointOnce(t *testing.T) {
	fake := newFakeTracking()
	fs := startFake(t, fake, "")
	c := dialFake(t, fs.addr)
	s := c.NewStreamer(StreamerOptions{MaxMessagePoints: 1000})
	ctx := ctxTimeout(t, 20*time.Second)
	const n = 20_000
	for i := range n {
		for _, key := range []string{"loss", "acc"} {
			if err := s.Log(ctx, "r1", key, int64(i), float64(i)*0.5); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}
	checkSeries(t, fake, "r1/loss", n)
	checkSeries(t, fake, "r1/acc", n)
	st := s.Stats()
	if st.PointsAcked != 2*n || st.PointsWritten != 2*n || st.Reconnects != 0 {
		t.Fatalf("stats %+v", st)
	}
}

func TestStreamerLogBatchSplitsMessages(t *testing.T) {
	fake := newFakeTracking()
	fs := startFake(t, fake, "")
	c := dialFake(t, fs.addr)
	s := c.NewStreamer(StreamerOptions{MaxMessagePoints: 3000})
	ctx := ctxTimeout(t, 20*time.Second)
	steps := make([]int64, 10_000)
	values := make([]float64, 10_000)
	for i := range steps {
		steps[i], values[i] = int64(i), float64(i)*0.5
	}
	if err := s.LogBatch(ctx, "r1", "loss", steps, values, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	checkSeries(t, fake, "r1/loss", 10_000)
	if got := s.Stats().MessagesAcked; got != 4 {
		t.Fatalf("messages acked = %d, want 4", got)
	}
	if err := s.LogBatch(ctx, "r1", "loss", steps[:2], values[:1], nil); Code(err) != codes.InvalidArgument {
		t.Fatalf("mismatched LogBatch: %v", err)
	}
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestStreamerResendsAfterFailures(t *testing.T) {
	fake := newFakeTracking()
	// Fail twice before commit and twice after commit (lost acks).
	plan := map[int64]action{3: commitThenFail, 5: failBeforeCommit, 9: commitThenFail, 12: failBeforeCommit}
	fake.onData = func(_ string, seq int64) action {
		a := plan[seq]
		delete(plan, seq)
		return a
	}
	fs := startFake(t, fake, "")
	c := dialFake(t, fs.addr)
	s := c.NewStreamer(StreamerOptions{MaxMessagePoints: 500, InitialBackoff: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond})
	ctx := ctxTimeout(t, 20*time.Second)
	const n = 10_000
	for i := range n {
		if err := s.Log(ctx, "r1", "loss", int64(i), float64(i)*0.5); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}
	checkSeries(t, fake, "r1/loss", n)
	st := s.Stats()
	if st.Reconnects != 4 || st.PointsAcked != n {
		t.Fatalf("stats %+v", st)
	}
	if fake.opens != 5 {
		t.Fatalf("opens = %d", fake.opens)
	}
}

func TestStreamerWindowIsBounded(t *testing.T) {
	fake := newFakeTracking()
	fake.ackDelay = 20 * time.Millisecond
	fs := startFake(t, fake, "")
	c := dialFake(t, fs.addr)
	s := c.NewStreamer(StreamerOptions{MaxMessagePoints: 100, MaxInFlight: 3, MaxBufferedPoints: 300})
	ctx := ctxTimeout(t, 20*time.Second)
	for i := range 3000 {
		if err := s.Log(ctx, "r1", "loss", int64(i), float64(i)*0.5); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}
	checkSeries(t, fake, "r1/loss", 3000)
	if fake.maxOutstanding > 3 || fake.maxOutstanding < 2 {
		t.Fatalf("max outstanding = %d, want 2..3", fake.maxOutstanding)
	}
}

func TestStreamerBackpressureBlocksLog(t *testing.T) {
	fake := newFakeTracking()
	fake.onData = func(string, int64) action { return neverAck }
	fs := startFake(t, fake, "")
	c := dialFake(t, fs.addr)
	s := c.NewStreamer(StreamerOptions{MaxMessagePoints: 10, MaxInFlight: 1, MaxBufferedPoints: 20})
	ctx := ctxTimeout(t, 500*time.Millisecond)
	var logged int
	var err error
	for i := range 1000 {
		if err = s.Log(ctx, "r1", "loss", int64(i), 1); err != nil {
			break
		}
		logged++
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Log error = %v", err)
	}
	// 10 in flight + at most 20 buffered.
	if logged > 30 {
		t.Fatalf("logged %d points without acks", logged)
	}
	closeCtx := ctxTimeout(t, 100*time.Millisecond)
	if err := s.Close(closeCtx); err == nil {
		t.Fatal("Close succeeded without acks")
	}
}

func TestStreamerFlushTimesOut(t *testing.T) {
	fake := newFakeTracking()
	fake.onData = func(string, int64) action { return neverAck }
	fs := startFake(t, fake, "")
	c := dialFake(t, fs.addr)
	s := c.NewStreamer(StreamerOptions{})
	_ = s.Log(context.Background(), "r1", "loss", 1, 1)
	err := s.Flush(ctxTimeout(t, 200*time.Millisecond))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Flush error = %v", err)
	}
	_ = s.Close(ctxTimeout(t, 50*time.Millisecond))
}

func TestStreamerFailsWhenFenced(t *testing.T) {
	fake := newFakeTracking()
	fs := startFake(t, fake, "")
	c := dialFake(t, fs.addr)
	ctx := ctxTimeout(t, 10*time.Second)
	first := c.NewStreamer(StreamerOptions{StreamID: "shared"})
	if err := first.Log(ctx, "r1", "a", 0, 0); err != nil {
		t.Fatal(err)
	}
	if err := first.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	second := c.NewStreamer(StreamerOptions{StreamID: "shared"})
	if err := second.Log(ctx, "r1", "b", 0, 0); err != nil {
		t.Fatal(err)
	}
	if err := second.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	_ = first.Log(ctx, "r1", "a", 1, 1)
	err := first.Flush(ctx)
	if Code(err) != codes.Aborted {
		t.Fatalf("fenced flush error = %v", err)
	}
	if first.Stats().Reconnects != 0 {
		t.Fatal("a fenced streamer must not reconnect")
	}
	if err := first.Log(ctx, "r1", "a", 2, 2); Code(err) != codes.Aborted {
		t.Fatalf("Log after failure = %v", err)
	}
	if err := first.Close(ctx); Code(err) != codes.Aborted {
		t.Fatalf("Close after failure = %v", err)
	}
	if err := second.Close(ctx); err != nil {
		t.Fatal(err)
	}
	// The second streamer continued the sequence after the first one's seq 1.
	if got := second.Stats().LastCommittedSeq; got != 2 {
		t.Fatalf("second streamer's last seq = %d, want 2", got)
	}
}

func TestStreamerContentErrorIsFinal(t *testing.T) {
	fake := newFakeTracking()
	fs := startFake(t, fake, "")
	c := dialFake(t, fs.addr)
	ctx := ctxTimeout(t, 10*time.Second)
	s := c.NewStreamer(StreamerOptions{})
	_ = s.Log(ctx, "missing", "loss", 0, 0)
	if err := s.Flush(ctx); Code(err) != codes.NotFound {
		t.Fatalf("Flush = %v", err)
	}
	if s.Stats().Reconnects != 0 || fake.opens != 1 {
		t.Fatal("content errors must not be retried")
	}
	_ = s.Close(ctx)
}

func TestStreamerFlushesByTime(t *testing.T) {
	fake := newFakeTracking()
	fs := startFake(t, fake, "")
	c := dialFake(t, fs.addr)
	s := c.NewStreamer(StreamerOptions{FlushInterval: 30 * time.Millisecond})
	defer func() { _ = s.Close(context.Background()) }()
	for i := range 5 {
		_ = s.Log(context.Background(), "r1", "loss", int64(i), float64(i)*0.5)
	}
	deadline := time.Now().Add(5 * time.Second)
	for fake.totalPoints() < 5 {
		if time.Now().After(deadline) {
			t.Fatal("points were not sent without Flush")
		}
		time.Sleep(5 * time.Millisecond)
	}
	checkSeries(t, fake, "r1/loss", 5)
}

func TestStreamerContinuesAnExistingStreamID(t *testing.T) {
	fake := newFakeTracking()
	fake.streams["resumed"] = &fakeStream{committed: 41, epoch: 3}
	fs := startFake(t, fake, "")
	c := dialFake(t, fs.addr)
	ctx := ctxTimeout(t, 10*time.Second)
	s := c.NewStreamer(StreamerOptions{StreamID: "resumed"})
	for i := range 10 {
		_ = s.Log(ctx, "r1", "loss", int64(i), float64(i)*0.5)
	}
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}
	checkSeries(t, fake, "r1/loss", 10)
	if st := s.Stats(); st.LastCommittedSeq != 42 || st.Epoch != 4 {
		t.Fatalf("stats %+v", st)
	}
}

func TestStreamerSurvivesServerRestart(t *testing.T) {
	fake := newFakeTracking()
	var stopped atomic.Bool
	fake.onData = func(_ string, seq int64) action {
		if seq == 4 && !stopped.Load() {
			return neverAck
		}
		return commitAndAck
	}
	fs := startFake(t, fake, "")
	c := dialFake(t, fs.addr)
	s := c.NewStreamer(StreamerOptions{MaxMessagePoints: 100, InitialBackoff: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond})
	ctx := ctxTimeout(t, 20*time.Second)
	for i := range 1000 {
		if i == 500 {
			// Kill the server with messages in flight, then bring it back on the
			// same port after a pause.
			stopped.Store(true)
			fs.srv.Stop()
			time.Sleep(200 * time.Millisecond)
			startFake(t, fake, fs.addr)
		}
		if err := s.Log(ctx, "r1", "loss", int64(i), float64(i)*0.5); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}
	checkSeries(t, fake, "r1/loss", 1000)
	if s.Stats().Reconnects == 0 {
		t.Fatal("expected a reconnect")
	}
}

func TestStreamerGivesUpAfterRetryTimeout(t *testing.T) {
	fake := newFakeTracking()
	fs := startFake(t, fake, "")
	c := dialFake(t, fs.addr)
	fs.srv.Stop()
	s := c.NewStreamer(StreamerOptions{InitialBackoff: 5 * time.Millisecond, MaxBackoff: 10 * time.Millisecond, RetryTimeout: 200 * time.Millisecond})
	_ = s.Log(context.Background(), "r1", "loss", 0, 0)
	err := s.Flush(ctxTimeout(t, 10*time.Second))
	if Code(err) != codes.Unavailable {
		t.Fatalf("Flush = %v", err)
	}
	_ = s.Close(context.Background())
}

func TestClientHelpersAndHeaders(t *testing.T) {
	fake := newFakeTracking()
	fs := startFake(t, fake, "")
	c := dialFake(t, fs.addr, WithBearerToken("s3cret"), WithUser("alice"))
	ctx := ctxTimeout(t, 10*time.Second)
	run, err := c.StartRun(ctx, RunOptions{
		Experiment: "demo", Name: "first",
		Params: map[string]string{"lr": "0.1"}, Tags: map[string]string{"team": "x"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := run.LogParams(ctx, map[string]string{"lr": "0.2"}); Code(err) != codes.InvalidArgument {
		t.Fatalf("changing a param = %v", err)
	}
	if err := run.SetTags(ctx, map[string]string{"stage": "dev"}); err != nil {
		t.Fatal(err)
	}
	for i := range 100 {
		if err := run.LogMetric(ctx, "loss", float64(i)*0.5, int64(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := run.Finish(ctx); err != nil {
		t.Fatal(err)
	}
	checkSeries(t, fake, run.ID()+"/loss", 100)
	if got := fake.runs[run.ID()].GetStatus(); got != cairnv1.RunStatus_RUN_STATUS_FINISHED {
		t.Fatalf("status %v", got)
	}
	exp, err := c.GetOrCreateExperiment(ctx, "demo")
	if err != nil || exp.GetExperimentId() != run.Proto().GetExperimentId() {
		t.Fatalf("GetOrCreateExperiment = %v, %v", exp, err)
	}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if len(fake.headers) == 0 {
		t.Fatal("no headers recorded")
	}
	for _, md := range fake.headers {
		if got := md.Get("authorization"); len(got) != 1 || got[0] != "Bearer s3cret" {
			t.Fatalf("authorization = %v", got)
		}
		if got := md.Get(UserHeader); len(got) != 1 || got[0] != "alice" {
			t.Fatalf("user = %v", got)
		}
	}
}

func TestWithRunMarksFailedOnError(t *testing.T) {
	fake := newFakeTracking()
	fs := startFake(t, fake, "")
	c := dialFake(t, fs.addr)
	ctx := ctxTimeout(t, 10*time.Second)
	var id string
	boom := errors.New("boom")
	err := c.WithRun(ctx, RunOptions{Experiment: "demo"}, func(r *Run) error {
		id = r.ID()
		if err := r.LogMetric(ctx, "loss", 0, 0); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("WithRun = %v", err)
	}
	checkSeries(t, fake, id+"/loss", 1)
	if got := fake.runs[id].GetStatus(); got != cairnv1.RunStatus_RUN_STATUS_FAILED {
		t.Fatalf("status %v", got)
	}
	if err := c.WithRun(ctx, RunOptions{Experiment: "demo"}, func(r *Run) error { id = r.ID(); return nil }); err != nil {
		t.Fatal(err)
	}
	if got := fake.runs[id].GetStatus(); got != cairnv1.RunStatus_RUN_STATUS_FINISHED {
		t.Fatalf("status %v", got)
	}
}
