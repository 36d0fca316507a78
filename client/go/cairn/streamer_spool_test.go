package cairn

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"

	cairnv1 "github.com/cairn-ml/cairn/client/go/gen/cairn/v1"
)

// noServer is a TrackingServiceClient that fails the test if it is called.
type noServer struct {
	cairnv1.TrackingServiceClient
	t *testing.T
}

func (n noServer) StreamMetrics(context.Context, ...grpc.CallOption) (grpc.BidiStreamingClient[cairnv1.StreamMetricsRequest, cairnv1.StreamMetricsResponse], error) {
	n.t.Error("an offline streamer called StreamMetrics")
	return nil, errors.New("offline")
}

func logPoints(t *testing.T, s *Streamer, from, to int) {
	t.Helper()
	ctx := ctxTimeout(t, 20*time.Second)
	for i := from; i < to; i++ {
		if err := s.Log(ctx, "r1", "loss", int64(i), float64(i)*0.5); err != nil {
			t.Fatal(err)
		}
	}
}

func assertGone(t *testing.T, dir string) {
	t.Helper()
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("spool %s still exists (%v)", dir, err)
	}
}

// spooledPoints returns the pending seqs of the spool in dir and how many
// points their StreamData bodies hold, checking each body's seq.
func spooledPoints(t *testing.T, dir string) ([]int64, int) {
	t.Helper()
	sp := mustOpenSpool(t, dir, "unused", "")
	defer func() { _ = sp.Close(false) }()
	var seqs []int64
	points := 0
	for _, r := range readPending(t, sp) {
		var data cairnv1.StreamData
		if err := proto.Unmarshal(r.Body, &data); err != nil {
			t.Fatal(err)
		}
		if data.GetSeq() != r.Seq {
			t.Fatalf("record %d holds StreamData seq %d", r.Seq, data.GetSeq())
		}
		for _, b := range data.GetBatches() {
			points += len(b.GetSteps())
		}
		seqs = append(seqs, r.Seq)
	}
	return seqs, points
}

func seqRange(from, to int64) []int64 {
	var out []int64
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}

func TestStreamerSpoolIsRemovedOnCleanClose(t *testing.T) {
	fake := newFakeTracking()
	fs := startFake(t, fake, "")
	c := dialFake(t, fs.addr)
	dir := filepath.Join(t.TempDir(), "spool")
	s := c.NewStreamer(StreamerOptions{StreamID: "spooled", MaxMessagePoints: 100, SpoolDir: dir, SpoolFsync: true})
	if s.SpoolDir() != dir {
		t.Fatalf("SpoolDir() = %q", s.SpoolDir())
	}
	logPoints(t, s, 0, 1000)
	if err := s.Flush(ctxTimeout(t, 20*time.Second)); err != nil {
		t.Fatal(err)
	}
	// While open: meta.json records the stream and the client's address, and
	// acked the last seq; the fully acknowledged segments are gone.
	raw, err := os.ReadFile(filepath.Join(dir, "meta.json"))
	if err != nil {
		t.Fatal(err)
	}
	var meta map[string]string
	if err := json.Unmarshal(raw, &meta); err != nil {
		t.Fatal(err)
	}
	if meta["stream_id"] != "spooled" || meta["address"] != fs.addr {
		t.Fatalf("meta.json = %s", raw)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "acked")); string(b) != "10" {
		t.Fatalf("acked = %q, want 10", b)
	}
	if seqs, _ := spooledPoints(t, dir); len(seqs) != 0 {
		t.Fatalf("pending after flush: %v", seqs)
	}
	if err := s.Close(ctxTimeout(t, 20*time.Second)); err != nil {
		t.Fatal(err)
	}
	checkSeries(t, fake, "r1/loss", 1000)
	assertGone(t, dir)
}

func TestStreamerReplaysTheSpoolOfAFailedStreamer(t *testing.T) {
	fake := newFakeTracking()
	// The first server commits seq 4 onwards but never acks them, then dies:
	// the replay resends messages the server holds (deduplicated) and
	// messages it never saw.
	fake.onData = func(_ string, seq int64) action {
		if seq >= 4 {
			return neverAck
		}
		return commitAndAck
	}
	fs := startFake(t, fake, "")
	c := dialFake(t, fs.addr)
	dir := filepath.Join(t.TempDir(), "spool")
	first := c.NewStreamer(StreamerOptions{
		MaxMessagePoints: 100, SpoolDir: dir,
		InitialBackoff: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond,
	})
	streamID := first.StreamID()
	logPoints(t, first, 0, 600)
	deadline := time.Now().Add(10 * time.Second)
	for fake.totalPoints() < 600 {
		if time.Now().After(deadline) {
			t.Fatalf("server holds %d points", fake.totalPoints())
		}
		time.Sleep(5 * time.Millisecond)
	}
	fs.srv.Stop()
	logPoints(t, first, 600, 1000)
	if err := first.Close(ctxTimeout(t, 300*time.Millisecond)); err == nil {
		t.Fatal("Close succeeded without a server")
	}
	seqs, points := spooledPoints(t, dir)
	if !reflect.DeepEqual(seqs, seqRange(4, 10)) || points != 700 {
		t.Fatalf("spool holds seqs %v with %d points, want 4..10 with 700", seqs, points)
	}

	fake.mu.Lock()
	fake.onData = nil
	fake.mu.Unlock()
	fs2 := startFake(t, fake, "")
	c2 := dialFake(t, fs2.addr)
	second := c2.NewStreamer(StreamerOptions{SpoolDir: dir, MaxMessagePoints: 100})
	if second.StreamID() != streamID {
		t.Fatalf("resumed stream id %q, want %q from meta.json", second.StreamID(), streamID)
	}
	if got := second.LastSeq(); got != 10 {
		t.Fatalf("resumed LastSeq = %d, want 10", got)
	}
	logPoints(t, second, 1000, 1200) // new points continue after the spool's
	if err := second.Close(ctxTimeout(t, 20*time.Second)); err != nil {
		t.Fatal(err)
	}
	checkSeries(t, fake, "r1/loss", 1200) // every point exactly once, in order
	if got := fake.streams[streamID].committed; got != 12 {
		t.Fatalf("server committed seq %d, want 12", got)
	}
	assertGone(t, dir)
}

func TestStreamerOfflineWritesTheSpoolForALaterSync(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "spool")
	s := NewStreamer(noServer{t: t}, StreamerOptions{StreamID: "offline-run", Offline: true, SpoolDir: dir, MaxMessagePoints: 100})
	logPoints(t, s, 0, 250)
	if err := s.Flush(ctxTimeout(t, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
	if seqs, points := spooledPoints(t, dir); !reflect.DeepEqual(seqs, seqRange(1, 3)) || points != 250 {
		t.Fatalf("after Flush the spool holds %v with %d points", seqs, points)
	}
	if err := s.Close(ctxTimeout(t, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
	// A second offline session on the spool continues its numbering.
	s = NewStreamer(noServer{t: t}, StreamerOptions{Offline: true, SpoolDir: dir, MaxMessagePoints: 100})
	if s.StreamID() != "offline-run" || s.LastSeq() != 3 {
		t.Fatalf("reopened offline: stream %q, last seq %d", s.StreamID(), s.LastSeq())
	}
	logPoints(t, s, 250, 300)
	if err := s.Close(ctxTimeout(t, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
	if seqs, points := spooledPoints(t, dir); !reflect.DeepEqual(seqs, seqRange(1, 4)) || points != 300 {
		t.Fatalf("spool holds %v with %d points", seqs, points)
	}
	if _, err := os.Stat(filepath.Join(dir, "acked")); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("an offline streamer wrote acks")
	}

	// The sync: an online streamer on the spool sends it all, then removes it.
	fake := newFakeTracking()
	fs := startFake(t, fake, "")
	c := dialFake(t, fs.addr)
	sync := c.NewStreamer(StreamerOptions{SpoolDir: dir})
	if err := sync.Close(ctxTimeout(t, 20*time.Second)); err != nil {
		t.Fatal(err)
	}
	checkSeries(t, fake, "r1/loss", 300)
	if st := sync.Stats(); st.StreamID != "offline-run" || st.PointsAcked != 300 || st.LastCommittedSeq != 4 {
		t.Fatalf("sync stats %+v", st)
	}
	assertGone(t, dir)
}

func TestStreamerOfflineDefaultsToTheDefaultSpoolDir(t *testing.T) {
	base := t.TempDir()
	t.Setenv("XDG_DATA_HOME", base)
	s := NewStreamer(noServer{t: t}, StreamerOptions{StreamID: "abc", Offline: true})
	logPoints(t, s, 0, 10)
	if err := s.Close(ctxTimeout(t, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(base, "cairn", "spool", "abc")
	if s.SpoolDir() != dir {
		t.Fatalf("SpoolDir() = %q", s.SpoolDir())
	}
	if seqs, points := spooledPoints(t, dir); !reflect.DeepEqual(seqs, []int64{1}) || points != 10 {
		t.Fatalf("spool holds %v with %d points", seqs, points)
	}
}

func TestStreamerSpoolRenumbersAfterAUsedStreamID(t *testing.T) {
	fake := newFakeTracking()
	fake.streams["used"] = &fakeStream{committed: 41, epoch: 3}
	fs := startFake(t, fake, "")
	c := dialFake(t, fs.addr)
	dir := filepath.Join(t.TempDir(), "spool")
	s := c.NewStreamer(StreamerOptions{StreamID: "used", SpoolDir: dir, MaxMessagePoints: 10})
	// The first message is numbered 1 when cut, before the first connection
	// reports seq 41 committed.
	logPoints(t, s, 0, 50)
	if err := s.Flush(ctxTimeout(t, 20*time.Second)); err != nil {
		t.Fatal(err)
	}
	if got := dirNames(t, dir); !reflect.DeepEqual(got, []string{"000000000042.log", "acked", "meta.json"}) {
		t.Fatalf("spool files = %v (the rebased log starts at seq 42)", got)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "acked")); string(b) != "46" {
		t.Fatalf("acked = %q, want 46", b)
	}
	if err := s.Close(ctxTimeout(t, 20*time.Second)); err != nil {
		t.Fatal(err)
	}
	checkSeries(t, fake, "r1/loss", 50)
	if st := s.Stats(); st.LastCommittedSeq != 46 || st.PointsAcked != 50 {
		t.Fatalf("stats %+v", st)
	}
	assertGone(t, dir)
}

func TestStreamerFailsWhenItsSpoolCannotBeOpened(t *testing.T) {
	file := filepath.Join(t.TempDir(), "not-a-dir")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s := NewStreamer(noServer{t: t}, StreamerOptions{SpoolDir: file})
	if s.Err() == nil {
		t.Fatal("no error")
	}
	if err := s.Log(context.Background(), "r1", "loss", 0, 0); err == nil {
		t.Fatal("Log succeeded")
	}
	if err := s.Close(ctxTimeout(t, 5*time.Second)); err == nil {
		t.Fatal("Close succeeded")
	}
}
