package cairn

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"sync"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	cairnv1 "github.com/cairn-ml/cairn/client/go/gen/cairn/v1"
)

// StreamerOptions tune a Streamer. Zero values take the defaults shown.
type StreamerOptions struct {
	// StreamID names the stream on the server (1-128 of letters, digits,
	// `_ - . :`). Default: "go-" plus 32 random hex digits. Reusing an id
	// continues its sequence numbers; two live writers with one id fence
	// each other (the older one fails with ABORTED).
	StreamID string
	// MaxMessagePoints: a message is cut once it holds this many points
	// (default 50,000; at most 2,000,000 so a message stays under 64 MiB).
	MaxMessagePoints int
	// FlushInterval: no point waits longer than this before its message is
	// cut (default 1s).
	FlushInterval time.Duration
	// MaxInFlight is the window of sent, unacknowledged messages (default 16).
	MaxInFlight int
	// MaxBufferedPoints bounds points logged but not yet sent; Log blocks
	// above it (default 2,000,000; at least MaxMessagePoints).
	MaxBufferedPoints int
	// InitialBackoff and MaxBackoff shape reconnect delays: exponential with
	// jitter (defaults 100ms and 10s).
	InitialBackoff time.Duration
	MaxBackoff     time.Duration
	// RetryTimeout: the streamer fails when it cannot make progress (get an
	// ack) for this long while reconnecting (default 60s).
	RetryTimeout time.Duration
	// SpoolDir, when set, is a local spool directory (see Spool; the format
	// is the Python SDK's): every message is numbered when it is cut and
	// appended there before it is sent, and acknowledgements are recorded as
	// they arrive. If the directory already holds a spool, its meta.json's
	// stream id replaces StreamID and its unacknowledged messages are resent
	// first, so a process killed mid-run resumes where it stopped (the
	// server's dedup makes that exactly-once). Close deletes the spool when
	// nothing is left unacknowledged, and keeps it otherwise, for a new
	// streamer on the same directory or `cairn sync DIR`.
	SpoolDir string
	// SpoolFsync syncs every spooled message to disk before it is sent, so
	// the spool survives a machine crash, not only a process crash (slower).
	SpoolFsync bool
	// Offline only writes the spool and never contacts the server: Flush
	// returns once everything logged so far is spooled, and Close keeps the
	// spool for `cairn sync` to upload later. Without SpoolDir the spool is
	// DefaultSpoolDir(StreamID).
	Offline bool

	address string // recorded in a new spool's meta.json (set by Client.NewStreamer)
}

func (o StreamerOptions) withDefaults() StreamerOptions {
	if o.StreamID == "" {
		var b [16]byte
		_, _ = rand.Read(b[:])
		o.StreamID = "go-" + hex.EncodeToString(b[:])
	}
	if o.MaxMessagePoints <= 0 {
		o.MaxMessagePoints = 50_000
	}
	if o.MaxMessagePoints > 2_000_000 {
		o.MaxMessagePoints = 2_000_000
	}
	if o.FlushInterval <= 0 {
		o.FlushInterval = time.Second
	}
	if o.MaxInFlight <= 0 {
		o.MaxInFlight = 16
	}
	if o.MaxBufferedPoints <= 0 {
		o.MaxBufferedPoints = 2_000_000
	}
	if o.MaxBufferedPoints < o.MaxMessagePoints {
		o.MaxBufferedPoints = o.MaxMessagePoints
	}
	if o.InitialBackoff <= 0 {
		o.InitialBackoff = 100 * time.Millisecond
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 10 * time.Second
	}
	if o.RetryTimeout <= 0 {
		o.RetryTimeout = 60 * time.Second
	}
	return o
}

// StreamerStats are counters of a Streamer's life so far.
type StreamerStats struct {
	StreamID string
	// Epoch of the current (or last) connection, as reported by the server.
	Epoch            int64
	MessagesSent     int64 // including resends
	MessagesAcked    int64
	PointsAcked      int64 // points in acknowledged messages
	PointsWritten    int64 // points the server reports as newly stored
	DuplicateAcks    int64
	Reconnects       int64
	LastCommittedSeq int64
}

type message struct {
	ord    int64 // local order of the message, from 1
	seq    int64 // 0 until assigned when first sent
	points int
	req    *cairnv1.StreamMetricsRequest
}

type batchKey struct{ runID, key string }

type batchBuilder struct {
	runID, key string
	steps      []int64
	values     []float64
	timestamps []int64
}

// Streamer sends metric points over TrackingService.StreamMetrics in the
// background with exactly-once effect:
//   - points are grouped per (run, key) into columnar batches and cut into
//     messages by size (MaxMessagePoints) and age (FlushInterval);
//   - at most MaxInFlight messages are unacknowledged at once, and Log blocks
//     once MaxBufferedPoints are waiting (backpressure);
//   - on a retryable failure (UNAVAILABLE and transport errors) it reconnects
//     with exponential backoff and jitter, reopens the same stream_id, drops
//     what the server reports committed and resends the rest unchanged;
//   - ABORTED (fenced by a newer writer), OUT_OF_RANGE, content errors and
//     access errors (UNAUTHENTICATED, PERMISSION_DENIED: see IsUnauthenticated)
//     are final: the streamer fails and Log, Flush and Close return the error;
//   - with SpoolDir, every message is also written to a local spool before it
//     is sent, so a killed process can resume (a new streamer on the same
//     directory resends what was not acknowledged); with Offline, messages
//     only go to the spool, for `cairn sync` to upload later. A spool that
//     cannot be opened or written fails the streamer.
//
// Every connection, reconnects included, carries the client's API token.
//
// A Streamer is safe for concurrent use.
type Streamer struct {
	tracking cairnv1.TrackingServiceClient
	opts     StreamerOptions

	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}

	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every state change

	builders  map[batchKey]*batchBuilder
	order     []*batchBuilder
	last      *batchBuilder
	curPoints int
	curSince  time.Time

	queue        []*message // cut, not yet sequenced
	queuedPoints int
	nextOrd      int64

	inflight []*message // sequenced, unacknowledged, in seq order
	sent     int        // how many of inflight were sent on the current connection
	started  bool
	nextSeq  int64
	ackedSeq int64
	ackedOrd int64
	progress bool

	closing bool
	err     error
	stats   StreamerStats

	// With SpoolDir or Offline: messages are numbered when cut (nextSeq is
	// then the next seq to cut) and appended to spool before they are sent.
	spooling  bool
	spoolDir  string
	spool     *Spool // nil once closed
	spoolLast int64  // the last seq in the spool when it was opened
}

// NewStreamer starts a streamer on this client's connection. Close it when
// done; Close waits for every point to be acknowledged. A spool it creates
// records the client's address.
func (c *Client) NewStreamer(opts StreamerOptions) *Streamer {
	opts.address = c.address
	return NewStreamer(c.tracking, opts)
}

// NewStreamer starts a streamer on any TrackingService client. If its spool
// (SpoolDir, Offline) cannot be opened, the streamer starts failed: Err, Log,
// Flush and Close return the error.
func NewStreamer(tracking cairnv1.TrackingServiceClient, opts StreamerOptions) *Streamer {
	opts = opts.withDefaults()
	ctx, cancel := context.WithCancel(context.Background())
	s := &Streamer{
		tracking: tracking,
		opts:     opts,
		ctx:      ctx,
		cancel:   cancel,
		done:     make(chan struct{}),
		changed:  make(chan struct{}),
		builders: map[batchKey]*batchBuilder{},
		nextOrd:  1,
	}
	s.stats.StreamID = opts.StreamID
	if opts.SpoolDir != "" || opts.Offline {
		if err := s.openSpool(); err != nil {
			s.err = fmt.Errorf("cairn: stream %s failed: %w", s.opts.StreamID, err)
		}
	}
	go s.loop()
	go s.ticker()
	return s
}

// openSpool opens the spool before the streamer's goroutines start; a
// resumed spool's unacknowledged messages become in-flight messages, to be
// sent on the first connection.
func (s *Streamer) openSpool() error {
	s.spooling = true
	s.spoolDir = s.opts.SpoolDir
	if s.spoolDir == "" {
		var err error
		if s.spoolDir, err = DefaultSpoolDir(s.opts.StreamID); err != nil {
			return err
		}
	}
	sp, err := OpenSpool(s.spoolDir, s.opts.StreamID, s.opts.address, s.opts.SpoolFsync)
	if err != nil {
		return err
	}
	s.spool = sp
	s.opts.StreamID = sp.StreamID()
	s.stats.StreamID = sp.StreamID()
	if s.ackedSeq, err = sp.AckedSeq(); err != nil {
		return err
	}
	s.spoolLast = s.ackedSeq
	if s.opts.Offline {
		// Nothing is sent offline: only the numbering continues.
		if s.spoolLast, err = sp.LastSeq(); err != nil {
			return err
		}
	} else {
		err = sp.Pending(func(seq int64, body []byte) error {
			data := &cairnv1.StreamData{}
			if err := proto.Unmarshal(body, data); err != nil {
				return fmt.Errorf("cairn: spool %s: message %d: %w", sp.Dir(), seq, err)
			}
			points := 0
			for _, b := range data.GetBatches() {
				points += len(b.GetSteps())
			}
			s.inflight = append(s.inflight, &message{
				ord: s.nextOrd, seq: seq, points: points,
				req: &cairnv1.StreamMetricsRequest{Message: &cairnv1.StreamMetricsRequest_Data{Data: data}},
			})
			s.nextOrd++
			s.spoolLast = seq
			return nil
		})
		if err != nil {
			return err
		}
	}
	s.nextSeq = s.spoolLast + 1
	return nil
}

// StreamID returns the stream's id (with a spool that already existed, the
// one in its meta.json).
func (s *Streamer) StreamID() string { return s.opts.StreamID }

// SpoolDir returns the spool's directory, or "" without a spool.
func (s *Streamer) SpoolDir() string { return s.spoolDir }

// LastSeq returns the highest seq given to a message so far (0 if none).
// With a spool, messages are numbered as they are cut, and a resumed
// spool's messages count.
func (s *Streamer) LastSeq() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return max(s.nextSeq-1, 0)
}

// Stats returns a snapshot of the counters.
func (s *Streamer) Stats() StreamerStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// Err returns the error that stopped the streamer, if any.
func (s *Streamer) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Log queues one point stamped with the current time.
func (s *Streamer) Log(ctx context.Context, runID, key string, step int64, value float64) error {
	return s.LogAt(ctx, runID, key, step, value, time.Now().UnixMilli())
}

// LogAt queues one point with an explicit timestamp in Unix milliseconds.
// It blocks while the buffer is full, and returns the streamer's error once
// it has failed, or ErrStreamerClosed after Close.
func (s *Streamer) LogAt(ctx context.Context, runID, key string, step int64, value float64, timestampMillis int64) error {
	s.mu.Lock()
	if err := s.waitRoomLocked(ctx); err != nil {
		s.mu.Unlock()
		return err
	}
	b := s.builderLocked(runID, key)
	b.steps = append(b.steps, step)
	b.values = append(b.values, value)
	b.timestamps = append(b.timestamps, timestampMillis)
	s.addedLocked(1)
	err := s.err // a message this point completed may have failed to spool
	s.mu.Unlock()
	return err
}

// LogBatch queues many points of one (run, key). timestampsMillis is either
// nil (every point is stamped with the current time) or as long as steps.
func (s *Streamer) LogBatch(ctx context.Context, runID, key string, steps []int64, values []float64, timestampsMillis []int64) error {
	if len(steps) != len(values) || (timestampsMillis != nil && len(timestampsMillis) != len(steps)) {
		return status.Errorf(codes.InvalidArgument, "cairn: LogBatch got %d steps, %d values and %d timestamps",
			len(steps), len(values), len(timestampsMillis))
	}
	now := time.Now().UnixMilli()
	for len(steps) > 0 {
		s.mu.Lock()
		if err := s.waitRoomLocked(ctx); err != nil {
			s.mu.Unlock()
			return err
		}
		n := min(len(steps), s.opts.MaxMessagePoints-s.curPoints)
		b := s.builderLocked(runID, key)
		b.steps = append(b.steps, steps[:n]...)
		b.values = append(b.values, values[:n]...)
		if timestampsMillis != nil {
			b.timestamps = append(b.timestamps, timestampsMillis[:n]...)
			timestampsMillis = timestampsMillis[n:]
		} else {
			for range n {
				b.timestamps = append(b.timestamps, now)
			}
		}
		steps, values = steps[n:], values[n:]
		s.addedLocked(n)
		err := s.err
		s.mu.Unlock()
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *Streamer) waitRoomLocked(ctx context.Context) error {
	for {
		if s.err != nil {
			return s.err
		}
		if s.closing {
			return ErrStreamerClosed
		}
		if s.curPoints+s.queuedPoints < s.opts.MaxBufferedPoints {
			return nil
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			s.mu.Lock()
			return ctx.Err()
		}
		s.mu.Lock()
	}
}

func (s *Streamer) builderLocked(runID, key string) *batchBuilder {
	if b := s.last; b != nil && b.runID == runID && b.key == key {
		return b
	}
	k := batchKey{runID, key}
	b, ok := s.builders[k]
	if !ok {
		capacity := min(s.opts.MaxMessagePoints, 4096)
		b = &batchBuilder{
			runID: runID, key: key,
			steps:      make([]int64, 0, capacity),
			values:     make([]float64, 0, capacity),
			timestamps: make([]int64, 0, capacity),
		}
		s.builders[k] = b
		s.order = append(s.order, b)
	}
	s.last = b
	return b
}

func (s *Streamer) addedLocked(n int) {
	if s.curPoints == 0 {
		s.curSince = time.Now()
	}
	s.curPoints += n
	if s.curPoints >= s.opts.MaxMessagePoints {
		s.cutLocked()
	}
}

// cutLocked turns the points being built into a queued message.
func (s *Streamer) cutLocked() {
	if s.curPoints == 0 {
		return
	}
	batches := make([]*cairnv1.MetricBatch, 0, len(s.order))
	for _, b := range s.order {
		batches = append(batches, &cairnv1.MetricBatch{
			RunId: b.runID, Key: b.key,
			Steps: b.steps, Values: b.values, TimestampsMillis: b.timestamps,
		})
	}
	m := &message{
		ord:    s.nextOrd,
		points: s.curPoints,
		req: &cairnv1.StreamMetricsRequest{Message: &cairnv1.StreamMetricsRequest_Data{
			Data: &cairnv1.StreamData{Batches: batches},
		}},
	}
	s.nextOrd++
	s.builders = map[batchKey]*batchBuilder{}
	s.order = s.order[:0]
	s.last = nil
	s.curPoints = 0
	defer s.signalLocked()
	if s.spooling {
		if err := s.spoolLocked(m); err != nil {
			s.failLocked(err)
			return
		}
		if s.opts.Offline {
			s.ackedOrd = m.ord // done: it is on disk, for `cairn sync`
			return
		}
	}
	s.queue = append(s.queue, m)
	s.queuedPoints += m.points
}

// spoolLocked numbers a message just cut and appends it to the spool.
func (s *Streamer) spoolLocked(m *message) error {
	if s.spool == nil {
		return ErrStreamerClosed
	}
	m.seq = s.nextSeq
	s.nextSeq++
	data := m.req.GetData()
	data.Seq = m.seq
	body, err := proto.Marshal(data)
	if err != nil {
		return err
	}
	return s.spool.Append(m.seq, body)
}

func (s *Streamer) signalLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// Flush cuts the points logged so far into a message and waits until the
// server has acknowledged all of them (Offline: until they are spooled), the
// context ends, or the streamer fails. With a spool, what is not yet
// acknowledged when the context ends stays spooled.
func (s *Streamer) Flush(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cutLocked()
	target := s.nextOrd - 1
	for s.ackedOrd < target {
		if s.err != nil {
			return s.err
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
			s.mu.Lock()
		case <-ctx.Done():
			s.mu.Lock()
			return fmt.Errorf("cairn: flush of stream %s: %d messages unacknowledged: %w",
				s.opts.StreamID, target-s.ackedOrd, ctx.Err())
		}
	}
	return nil
}

// Close flushes, waits for every acknowledgement, and ends the stream. If the
// context ends first, the stream is abandoned and an error says how many
// messages were not acknowledged. Close returns the streamer's failure, if any.
//
// With a spool, Close deletes it when every message was acknowledged and
// keeps it otherwise (Offline: always), for a new streamer on the same
// directory or `cairn sync DIR` to send.
func (s *Streamer) Close(ctx context.Context) error {
	s.mu.Lock()
	if !s.closing {
		s.closing = true
		s.cutLocked()
		s.signalLocked()
	}
	s.mu.Unlock()
	var err error
	select {
	case <-s.done:
		s.cancel()
		err = s.Err()
	case <-ctx.Done():
		s.cancel()
		<-s.done
		s.mu.Lock()
		unacked := s.nextOrd - 1 - s.ackedOrd
		if unacked > 0 {
			err = fmt.Errorf("cairn: close of stream %s: %d messages unacknowledged: %w",
				s.opts.StreamID, unacked, ctx.Err())
		} else {
			err = s.err
		}
		s.mu.Unlock()
	}
	if serr := s.closeSpool(); err == nil {
		err = serr
	}
	return err
}

// closeSpool closes the spool once the streamer's goroutines are done,
// deleting it when nothing in it is left to send.
func (s *Streamer) closeSpool() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.spool == nil {
		return nil
	}
	done := !s.opts.Offline && len(s.inflight) == 0 && len(s.queue) == 0 && s.curPoints == 0
	err := s.spool.Close(done)
	s.spool = nil
	if err != nil {
		return fmt.Errorf("cairn: close of stream %s: %w", s.opts.StreamID, err)
	}
	return nil
}

func (s *Streamer) fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failLocked(err)
}

func (s *Streamer) failLocked(err error) {
	if s.err == nil {
		s.err = fmt.Errorf("cairn: stream %s failed: %w", s.opts.StreamID, err)
	}
	s.signalLocked()
}

// ticker cuts messages whose first point is older than FlushInterval.
func (s *Streamer) ticker() {
	period := min(max(s.opts.FlushInterval/4, 5*time.Millisecond), time.Second)
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-t.C:
			s.mu.Lock()
			if s.curPoints > 0 && time.Since(s.curSince) >= s.opts.FlushInterval {
				s.cutLocked()
			}
			s.mu.Unlock()
		}
	}
}

// loop runs connections one after another until the streamer is closed and
// drained, or fails.
func (s *Streamer) loop() {
	defer close(s.done)
	if s.opts.Offline {
		return // messages only go to the spool, as they are cut
	}
	attempt := 0
	var failingSince time.Time
	for {
		if !s.waitForWork() {
			return
		}
		err := s.session()
		if err == nil {
			return
		}
		if s.ctx.Err() != nil {
			s.fail(s.ctx.Err())
			return
		}
		if !retryable(err) {
			s.fail(err)
			return
		}
		s.mu.Lock()
		progressed := s.progress
		s.progress = false
		idle := len(s.inflight) == 0 && len(s.queue) == 0
		s.stats.Reconnects++
		s.mu.Unlock()
		if progressed || idle {
			attempt = 0
			failingSince = time.Time{}
		}
		if failingSince.IsZero() {
			failingSince = time.Now()
		} else if time.Since(failingSince) > s.opts.RetryTimeout {
			s.fail(fmt.Errorf("no progress for %v: %w", s.opts.RetryTimeout, err))
			return
		}
		delay := s.backoff(attempt)
		attempt++
		select {
		case <-time.After(delay):
		case <-s.ctx.Done():
			s.fail(s.ctx.Err())
			return
		}
	}
}

func (s *Streamer) backoff(attempt int) time.Duration {
	d := s.opts.InitialBackoff << min(attempt, 20)
	if d <= 0 || d > s.opts.MaxBackoff {
		d = s.opts.MaxBackoff
	}
	// Equal jitter: between d/2 and d.
	return d/2 + time.Duration(mrand.Int64N(int64(d/2)+1))
}

// waitForWork blocks until there is something to send; false means stop.
func (s *Streamer) waitForWork() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		if s.err != nil {
			return false
		}
		if len(s.inflight) > 0 || len(s.queue) > 0 {
			return true
		}
		if s.closing && s.curPoints == 0 {
			return false
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
			s.mu.Lock()
		case <-s.ctx.Done():
			s.mu.Lock()
			return false
		}
	}
}

// session runs one StreamMetrics call. It returns nil after a clean close,
// or the error that ended the call.
func (s *Streamer) session() error {
	ctx, cancel := context.WithCancel(s.ctx)
	defer cancel()
	stream, err := s.tracking.StreamMetrics(ctx)
	if err != nil {
		return err
	}
	open := &cairnv1.StreamMetricsRequest{Message: &cairnv1.StreamMetricsRequest_Open{
		Open: &cairnv1.StreamOpen{StreamId: s.opts.StreamID},
	}}
	if err := stream.Send(open); err != nil {
		_, rerr := stream.Recv() // the real status comes from Recv
		return firstErr(rerr, err)
	}
	resp, err := stream.Recv()
	if err != nil {
		return eofAsUnavailable(err)
	}
	opened := resp.GetOpened()
	if opened == nil {
		return permanentError{errors.New("server answered StreamOpen without `opened`")}
	}
	s.mu.Lock()
	err = s.onOpenedLocked(opened)
	s.mu.Unlock()
	if err != nil {
		return err
	}

	// The receiver applies acks until the call ends; rerr is its final error,
	// readable once recvDone is closed. The session waits for it before
	// returning, so no ack of this connection is applied during the next one.
	var rerr error
	recvDone := make(chan struct{})
	go func() {
		defer close(recvDone)
		for {
			r, err := stream.Recv()
			if err != nil {
				rerr = err
				return
			}
			ack := r.GetAck()
			if ack == nil {
				rerr = permanentError{errors.New("server sent a non-ack message mid-stream")}
				cancel()
				return
			}
			s.onAck(ack)
		}
	}()
	defer func() {
		cancel()
		<-recvDone
	}()

	for {
		s.mu.Lock()
		if s.err != nil { // e.g. the spool could not be written
			s.mu.Unlock()
			return permanentError{s.err}
		}
		for len(s.queue) > 0 && len(s.inflight) < s.opts.MaxInFlight {
			m := s.queue[0]
			s.queue[0] = nil
			s.queue = s.queue[1:]
			s.queuedPoints -= m.points
			if m.seq == 0 { // without a spool, messages are numbered when sent
				m.seq = s.nextSeq
				s.nextSeq++
				m.req.GetData().Seq = m.seq
			}
			s.inflight = append(s.inflight, m)
			s.signalLocked() // room in the buffer for Log
		}
		if s.sent < len(s.inflight) {
			m := s.inflight[s.sent]
			s.sent++
			s.stats.MessagesSent++
			s.mu.Unlock()
			if err := stream.Send(m.req); err != nil {
				<-recvDone // the real status comes from Recv
				return eofAsUnavailable(rerr)
			}
			continue
		}
		if s.closing && len(s.inflight) == 0 && len(s.queue) == 0 && s.curPoints == 0 {
			s.mu.Unlock()
			if err := stream.CloseSend(); err != nil {
				return err
			}
			<-recvDone
			if errors.Is(rerr, io.EOF) {
				return nil
			}
			return rerr
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-recvDone:
			return eofAsUnavailable(rerr)
		}
	}
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
	}
	return status.Error(codes.Unavailable, "stream ended")
}

func eofAsUnavailable(err error) error {
	if errors.Is(err, io.EOF) {
		return status.Error(codes.Unavailable, "server ended the stream before it was closed")
	}
	return err
}

func (s *Streamer) onOpenedLocked(opened *cairnv1.StreamOpened) error {
	lc := opened.GetLastCommittedSeq()
	s.stats.Epoch = opened.GetEpoch()
	if !s.started {
		s.started = true
		switch {
		case !s.spooling:
			// A new streamer continues numbering after whatever the server
			// already holds for this stream id.
			s.nextSeq = lc + 1
			s.ackedSeq = lc
		case lc > s.spoolLast:
			// Its messages were numbered from the spool's last seq; the
			// server already holds more (a new spool on a used stream id):
			// renumber them after what it holds, as the Python SDK does.
			if err := s.rebaseLocked(lc); err != nil {
				return err
			}
		default:
			s.dropAckedLocked(lc)
		}
	} else {
		if lc >= s.nextSeq {
			return permanentError{fmt.Errorf(
				"server committed seq %d of stream %s but this streamer only sent up to %d; is another writer using this stream id?",
				lc, s.opts.StreamID, s.nextSeq-1)}
		}
		s.dropAckedLocked(lc)
	}
	s.stats.LastCommittedSeq = s.ackedSeq
	s.sent = 0
	s.signalLocked()
	return nil
}

func (s *Streamer) onAck(ack *cairnv1.StreamAck) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.PointsWritten += ack.GetPointsWritten()
	if ack.GetDuplicate() {
		s.stats.DuplicateAcks++
	}
	if ack.GetAckedSeq() > s.ackedSeq {
		s.dropAckedLocked(min(ack.GetAckedSeq(), s.nextSeq-1))
		s.progress = true
	}
	s.stats.LastCommittedSeq = s.ackedSeq
	s.signalLocked()
}

// dropAckedLocked forgets every in-flight message with seq <= seq, and
// records seq in the spool.
func (s *Streamer) dropAckedLocked(seq int64) {
	n := 0
	for n < len(s.inflight) && s.inflight[n].seq <= seq {
		m := s.inflight[n]
		s.ackedOrd = m.ord
		s.stats.MessagesAcked++
		s.stats.PointsAcked += int64(m.points)
		s.inflight[n] = nil
		n++
	}
	s.inflight = s.inflight[n:]
	s.sent = max(0, s.sent-n)
	if seq > s.ackedSeq {
		s.ackedSeq = seq
		if s.spool != nil {
			if err := s.spool.MarkAcked(seq); err != nil {
				s.failLocked(err)
			}
		}
	}
}

// rebaseLocked handles a first connection that finds lc committed, past
// everything in the spool when it was opened: the messages numbered since
// (still queued, none sent) move up by lc - spoolLast, and the spool is
// rewritten to match.
func (s *Streamer) rebaseLocked(lc int64) error {
	if s.spool == nil {
		return permanentError{ErrStreamerClosed}
	}
	shift := lc - s.spoolLast
	// Whatever was resumed from the spool is at or below spoolLast < lc.
	s.dropAckedLocked(s.spoolLast)
	records := make([]SpoolRecord, 0, len(s.queue))
	for _, m := range s.queue {
		m.seq += shift
		data := m.req.GetData()
		data.Seq = m.seq
		body, err := proto.Marshal(data)
		if err != nil {
			return permanentError{err}
		}
		records = append(records, SpoolRecord{Seq: m.seq, Body: body})
	}
	s.nextSeq += shift
	s.ackedSeq = lc
	if err := s.spool.Rebase(lc, records); err != nil {
		return permanentError{err}
	}
	return nil
}
