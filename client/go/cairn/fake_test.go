package cairn

import (
	"context"
	"fmt"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	cairnv1 "github.com/cairn-ml/cairn/client/go/gen/cairn/v1"
)

// fakeTracking is an in-process TrackingService that follows the
// StreamMetrics contract (open/opened, seq dedup, fencing, cumulative acks)
// and lets tests inject failures.
type fakeTracking struct {
	cairnv1.UnimplementedTrackingServiceServer

	mu      sync.Mutex
	streams map[string]*fakeStream
	points  map[string][]float64 // run/key -> values in arrival order
	steps   map[string][]int64
	// onData is called (under mu) for every in-order data message before it
	// is committed; it returns what to do with it.
	onData func(streamID string, seq int64) action
	// ackDelay delays every ack.
	ackDelay time.Duration
	// track the largest number of received-but-unacked messages.
	outstanding, maxOutstanding int
	opens                       int
	headers                     []metadata.MD
	runs                        map[string]*cairnv1.Run
	experiments                 map[string]*cairnv1.Experiment
}

type action int

const (
	commitAndAck action = iota
	failBeforeCommit
	commitThenFail
	neverAck
)

type fakeStream struct {
	committed int64
	epoch     int64
}

func newFakeTracking() *fakeTracking {
	return &fakeTracking{
		streams:     map[string]*fakeStream{},
		points:      map[string][]float64{},
		steps:       map[string][]int64{},
		runs:        map[string]*cairnv1.Run{},
		experiments: map[string]*cairnv1.Experiment{},
	}
}

func (f *fakeTracking) totalPoints() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, v := range f.points {
		n += len(v)
	}
	return n
}

func (f *fakeTracking) StreamMetrics(stream grpc.BidiStreamingServer[cairnv1.StreamMetricsRequest, cairnv1.StreamMetricsResponse]) error {
	if md, ok := metadata.FromIncomingContext(stream.Context()); ok {
		f.mu.Lock()
		f.headers = append(f.headers, md)
		f.mu.Unlock()
	}
	req, err := stream.Recv()
	if err != nil {
		return err
	}
	open := req.GetOpen()
	if open == nil || open.GetStreamId() == "" {
		return status.Error(codes.InvalidArgument, "first message must be open")
	}
	id := open.GetStreamId()
	f.mu.Lock()
	st, ok := f.streams[id]
	if !ok {
		st = &fakeStream{}
		f.streams[id] = st
	}
	st.epoch++
	epoch := st.epoch
	f.opens++
	opened := &cairnv1.StreamOpened{StreamId: id, LastCommittedSeq: st.committed, Epoch: epoch}
	f.mu.Unlock()
	if err := stream.Send(&cairnv1.StreamMetricsResponse{Message: &cairnv1.StreamMetricsResponse_Opened{Opened: opened}}); err != nil {
		return err
	}
	// Acks go out in order from one goroutine, each ackDelay after its message.
	type pendingAck struct {
		ack *cairnv1.StreamAck
		due time.Time
	}
	acks := make(chan pendingAck, 1024)
	ackerDone := make(chan struct{})
	go func() {
		defer close(ackerDone)
		for p := range acks {
			time.Sleep(time.Until(p.due))
			f.mu.Lock()
			f.outstanding--
			f.mu.Unlock()
			if stream.Send(&cairnv1.StreamMetricsResponse{Message: &cairnv1.StreamMetricsResponse_Ack{Ack: p.ack}}) != nil {
				for range acks {
				}
				return
			}
		}
	}()
	defer func() {
		close(acks)
		<-ackerDone
	}()
	ack := func(a *cairnv1.StreamAck) error {
		acks <- pendingAck{a, time.Now().Add(f.ackDelay)}
		return nil
	}
	for {
		req, err := stream.Recv()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		data := req.GetData()
		if data == nil {
			return status.Error(codes.InvalidArgument, "expected data")
		}
		f.mu.Lock()
		f.outstanding++
		f.maxOutstanding = max(f.maxOutstanding, f.outstanding)
		if st.epoch != epoch {
			f.mu.Unlock()
			return status.Error(codes.Aborted, "STREAM_FENCED: a newer connection opened this stream")
		}
		if data.GetSeq() <= st.committed {
			f.mu.Unlock()
			if err := ack(&cairnv1.StreamAck{AckedSeq: data.GetSeq(), Duplicate: true}); err != nil {
				return err
			}
			continue
		}
		if data.GetSeq() != st.committed+1 {
			f.mu.Unlock()
			return status.Errorf(codes.OutOfRange, "seq %d after %d", data.GetSeq(), st.committed)
		}
		act := commitAndAck
		if f.onData != nil {
			act = f.onData(id, data.GetSeq())
		}
		if act == failBeforeCommit {
			f.mu.Unlock()
			return status.Error(codes.Unavailable, "injected failure before commit")
		}
		var written int64
		for _, b := range data.GetBatches() {
			if b.GetRunId() == "missing" {
				f.mu.Unlock()
				return status.Errorf(codes.NotFound, "run %q not found", b.GetRunId())
			}
			if len(b.GetSteps()) != len(b.GetValues()) {
				f.mu.Unlock()
				return status.Error(codes.InvalidArgument, "mismatched columns")
			}
			k := b.GetRunId() + "/" + b.GetKey()
			f.points[k] = append(f.points[k], b.GetValues()...)
			f.steps[k] = append(f.steps[k], b.GetSteps()...)
			written += int64(len(b.GetSteps()))
		}
		st.committed = data.GetSeq()
		f.mu.Unlock()
		switch act {
		case commitThenFail:
			return status.Error(codes.Unavailable, "injected failure after commit")
		case neverAck:
			continue
		}
		if err := ack(&cairnv1.StreamAck{AckedSeq: data.GetSeq(), PointsWritten: written}); err != nil {
			return err
		}
	}
}

func (f *fakeTracking) recordHeaders(ctx context.Context) {
	if md, ok := metadata.FromIncomingContext(ctx); ok {
		f.mu.Lock()
		f.headers = append(f.headers, md)
		f.mu.Unlock()
	}
}

func (f *fakeTracking) GetExperimentByName(ctx context.Context, req *cairnv1.GetExperimentByNameRequest) (*cairnv1.GetExperimentByNameResponse, error) {
	f.recordHeaders(ctx)
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, e := range f.experiments {
		if e.GetName() == req.GetName() {
			return &cairnv1.GetExperimentByNameResponse{Experiment: e}, nil
		}
	}
	return nil, status.Errorf(codes.NotFound, "no experiment is named %q", req.GetName())
}

func (f *fakeTracking) CreateExperiment(ctx context.Context, req *cairnv1.CreateExperimentRequest) (*cairnv1.CreateExperimentResponse, error) {
	f.recordHeaders(ctx)
	f.mu.Lock()
	defer f.mu.Unlock()
	e := &cairnv1.Experiment{ExperimentId: fmt.Sprintf("exp%d", len(f.experiments)+1), Name: req.GetName()}
	f.experiments[e.GetExperimentId()] = e
	return &cairnv1.CreateExperimentResponse{Experiment: e}, nil
}

func (f *fakeTracking) CreateRun(ctx context.Context, req *cairnv1.CreateRunRequest) (*cairnv1.CreateRunResponse, error) {
	f.recordHeaders(ctx)
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.experiments[req.GetExperimentId()]; !ok {
		return nil, status.Error(codes.NotFound, "experiment")
	}
	r := &cairnv1.Run{
		RunId: fmt.Sprintf("run%d", len(f.runs)+1), ExperimentId: req.GetExperimentId(),
		RunName: req.GetRunName(), Status: cairnv1.RunStatus_RUN_STATUS_RUNNING,
		Params: req.GetParams(), Tags: req.GetTags(),
	}
	f.runs[r.GetRunId()] = r
	return &cairnv1.CreateRunResponse{Run: r}, nil
}

func (f *fakeTracking) LogParams(ctx context.Context, req *cairnv1.LogParamsRequest) (*cairnv1.LogParamsResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.runs[req.GetRunId()]
	if !ok {
		return nil, status.Error(codes.NotFound, "run")
	}
	for _, p := range req.GetParams() {
		for _, old := range r.Params {
			if old.GetKey() == p.GetKey() && old.GetValue() != p.GetValue() {
				return nil, status.Errorf(codes.InvalidArgument, "param %q is immutable", p.GetKey())
			}
		}
	}
	r.Params = append(r.Params, req.GetParams()...)
	return &cairnv1.LogParamsResponse{}, nil
}

func (f *fakeTracking) SetTags(ctx context.Context, req *cairnv1.SetTagsRequest) (*cairnv1.SetTagsResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.runs[req.GetRunId()]
	if !ok {
		return nil, status.Error(codes.NotFound, "run")
	}
	r.Tags = append(r.Tags, req.GetTags()...)
	return &cairnv1.SetTagsResponse{}, nil
}

func (f *fakeTracking) UpdateRun(ctx context.Context, req *cairnv1.UpdateRunRequest) (*cairnv1.UpdateRunResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.runs[req.GetRun().GetRunId()]
	if !ok {
		return nil, status.Error(codes.NotFound, "run")
	}
	r.Status = req.GetRun().GetStatus()
	return &cairnv1.UpdateRunResponse{Run: r}, nil
}

// fakeServer serves a fakeTracking on a loopback port.
type fakeServer struct {
	fake *fakeTracking
	srv  *grpc.Server
	addr string
}

func startFake(t *testing.T, fake *fakeTracking, addr string) *fakeServer {
	t.Helper()
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	var lis net.Listener
	var err error
	for i := 0; i < 50; i++ { // a restarted server may wait for its old port
		lis, err = net.Listen("tcp", addr)
		if err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	srv := grpc.NewServer(grpc.MaxRecvMsgSize(64 << 20))
	cairnv1.RegisterTrackingServiceServer(srv, fake)
	go func() { _ = srv.Serve(lis) }()
	fs := &fakeServer{fake: fake, srv: srv, addr: lis.Addr().String()}
	t.Cleanup(srv.Stop)
	return fs
}

func dialFake(t *testing.T, addr string, opts ...Option) *Client {
	t.Helper()
	c, err := Dial(addr, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}
