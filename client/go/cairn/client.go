// Package cairn is a thin, idiomatic Go client for the Cairn ML metadata
// service. It wraps the generated gRPC stubs in
// github.com/cairn-ml/cairn/client/go/gen/cairn/v1 with connection options
// (TLS, bearer token, acting user), run helpers, a background metric
// Streamer with exactly-once delivery over StreamMetrics, and verified,
// resumable artifact transfers (Client.UploadArtifact, Client.DownloadArtifact),
// through the server or directly from the object store (Client.PresignedURL,
// Direct).
//
// The generated clients stay available through Client.Tracking,
// Client.Registry and Client.Artifacts for anything the helpers do not cover.
package cairn

import (
	"context"
	"errors"
	"fmt"
	"os"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	cairnv1 "github.com/cairn-ml/cairn/client/go/gen/cairn/v1"
)

// UserHeader is the request metadata key naming the acting user.
const UserHeader = "x-cairn-user"

// maxMessageBytes matches the server's 64 MiB receive limit.
const maxMessageBytes = 64 << 20

type options struct {
	tls      tlsChoice
	token    string
	tokenSet bool
	user     string
	dialOpts []grpc.DialOption
}

// Option configures Dial.
type Option func(*options)

// WithBearerToken sends "authorization: Bearer <token>" with every call,
// unary and streaming (metric streamers and their reconnects included).
// Without it the token is $CAIRN_TOKEN when set; WithBearerToken("") sends
// no token even then. Over plaintext connections the token is sent as well
// (the caller chose plaintext); use TLS for anything but loopback.
func WithBearerToken(token string) Option {
	return func(o *options) {
		o.token = token
		o.tokenSet = true
	}
}

// WithUser sets the x-cairn-user header, the acting user recorded by the
// server (e.g. in the model registry's audit trail) for anonymous calls; a
// server that authenticates the call by its token records the token's user.
func WithUser(user string) Option {
	return func(o *options) { o.user = user }
}

// WithDialOptions appends raw grpc.DialOptions.
func WithDialOptions(opts ...grpc.DialOption) Option {
	return func(o *options) { o.dialOpts = append(o.dialOpts, opts...) }
}

// Client is a connection to a Cairn server. It is safe for concurrent use.
type Client struct {
	address   string
	conn      *grpc.ClientConn
	tracking  cairnv1.TrackingServiceClient
	registry  cairnv1.ModelRegistryServiceClient
	artifacts cairnv1.ArtifactServiceClient
	access    cairnv1.AccessServiceClient
}

// Dial creates a client for address ("host:port"). The connection is made
// lazily, on the first call. If address is empty, $CAIRN_ADDRESS is used
// (as by the Python SDK), then $CAIRN_ADDR, then "127.0.0.1:50051". Without
// WithUser, the acting user is $CAIRN_USER when set. Like the Python SDK, the
// API token defaults to $CAIRN_TOKEN and TLS to $CAIRN_TLS, $CAIRN_TLS_CA,
// $CAIRN_TLS_CLIENT_CERT, $CAIRN_TLS_CLIENT_KEY and $CAIRN_TLS_SERVER_NAME (see
// WithBearerToken, WithTLS, WithTLSFiles and WithPlaintext).
func Dial(address string, opts ...Option) (*Client, error) {
	if address == "" {
		address = os.Getenv("CAIRN_ADDRESS")
	}
	if address == "" {
		address = os.Getenv("CAIRN_ADDR")
	}
	if address == "" {
		address = "127.0.0.1:50051"
	}
	o := options{user: os.Getenv("CAIRN_USER")}
	for _, opt := range opts {
		opt(&o)
	}
	if !o.tokenSet {
		o.token = os.Getenv("CAIRN_TOKEN")
	}
	cfg, err := o.tls.resolve()
	if err != nil {
		return nil, err
	}
	dial := []grpc.DialOption{
		grpc.WithDefaultCallOptions(
			grpc.MaxCallRecvMsgSize(maxMessageBytes),
			grpc.MaxCallSendMsgSize(maxMessageBytes),
		),
	}
	if cfg != nil {
		dial = append(dial, grpc.WithTransportCredentials(credentials.NewTLS(cfg)))
	} else {
		dial = append(dial, grpc.WithTransportCredentials(insecure.NewCredentials()))
	}
	if o.token != "" {
		dial = append(dial, grpc.WithPerRPCCredentials(bearerToken{token: o.token, secure: cfg != nil}))
	}
	if o.user != "" {
		md := metadata.Pairs(UserHeader, o.user)
		dial = append(dial,
			grpc.WithChainUnaryInterceptor(func(ctx context.Context, method string, req, reply any,
				cc *grpc.ClientConn, invoker grpc.UnaryInvoker, callOpts ...grpc.CallOption) error {
				return invoker(metadata.NewOutgoingContext(ctx, joinMD(ctx, md)), method, req, reply, cc, callOpts...)
			}),
			grpc.WithChainStreamInterceptor(func(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn,
				method string, streamer grpc.Streamer, callOpts ...grpc.CallOption) (grpc.ClientStream, error) {
				return streamer(metadata.NewOutgoingContext(ctx, joinMD(ctx, md)), desc, cc, method, callOpts...)
			}),
		)
	}
	dial = append(dial, o.dialOpts...)
	conn, err := grpc.NewClient(address, dial...)
	if err != nil {
		return nil, fmt.Errorf("cairn: dial %s: %w", address, err)
	}
	return &Client{
		address:   address,
		conn:      conn,
		tracking:  cairnv1.NewTrackingServiceClient(conn),
		registry:  cairnv1.NewModelRegistryServiceClient(conn),
		artifacts: cairnv1.NewArtifactServiceClient(conn),
		access:    cairnv1.NewAccessServiceClient(conn),
	}, nil
}

func joinMD(ctx context.Context, md metadata.MD) metadata.MD {
	if existing, ok := metadata.FromOutgoingContext(ctx); ok {
		return metadata.Join(existing, md)
	}
	return md
}

// Close closes the connection. Close streamers first.
func (c *Client) Close() error { return c.conn.Close() }

// Conn returns the underlying connection.
func (c *Client) Conn() *grpc.ClientConn { return c.conn }

// Tracking returns the generated TrackingService client.
func (c *Client) Tracking() cairnv1.TrackingServiceClient { return c.tracking }

// Registry returns the generated ModelRegistryService client.
func (c *Client) Registry() cairnv1.ModelRegistryServiceClient { return c.registry }

// Artifacts returns the generated ArtifactService client.
func (c *Client) Artifacts() cairnv1.ArtifactServiceClient { return c.artifacts }

// Access returns the generated AccessService client (users, API tokens,
// permissions).
func (c *Client) Access() cairnv1.AccessServiceClient { return c.access }

// CurrentUser returns who the server takes the caller to be: the token's user,
// or Anonymous set when the call carried no token and the server allows that.
// A missing, wrong, expired or revoked token fails with UNAUTHENTICATED (see
// IsUnauthenticated).
func (c *Client) CurrentUser(ctx context.Context) (*cairnv1.GetCurrentUserResponse, error) {
	return c.access.GetCurrentUser(ctx, &cairnv1.GetCurrentUserRequest{})
}

// GetOrCreateExperiment returns the experiment named name, creating it if it
// does not exist.
func (c *Client) GetOrCreateExperiment(ctx context.Context, name string) (*cairnv1.Experiment, error) {
	got, err := c.tracking.GetExperimentByName(ctx, &cairnv1.GetExperimentByNameRequest{Name: name})
	if err == nil {
		return got.GetExperiment(), nil
	}
	if !IsNotFound(err) {
		return nil, err
	}
	created, err := c.tracking.CreateExperiment(ctx, &cairnv1.CreateExperimentRequest{Name: name})
	if IsAlreadyExists(err) { // created concurrently by someone else
		got, err = c.tracking.GetExperimentByName(ctx, &cairnv1.GetExperimentByNameRequest{Name: name})
		if err != nil {
			return nil, err
		}
		return got.GetExperiment(), nil
	}
	if err != nil {
		return nil, err
	}
	return created.GetExperiment(), nil
}

// RunOptions describe a run to start.
type RunOptions struct {
	// Experiment is the experiment's name; it is created if missing.
	// Ignored when ExperimentID is set.
	Experiment   string
	ExperimentID string
	Name         string
	ParentRunID  string
	User         string
	Params       map[string]string
	Tags         map[string]string
	// Streamer options for this run's metrics (zero values take defaults).
	Streamer StreamerOptions
}

// StartRun creates a RUNNING run with its params and tags, and a Streamer for
// its metrics. End the run with Run.End (or Run.Finish / Run.Fail), which
// flushes the metrics first.
func (c *Client) StartRun(ctx context.Context, opts RunOptions) (*Run, error) {
	expID := opts.ExperimentID
	if expID == "" {
		if opts.Experiment == "" {
			return nil, errors.New("cairn: RunOptions needs Experiment or ExperimentID")
		}
		exp, err := c.GetOrCreateExperiment(ctx, opts.Experiment)
		if err != nil {
			return nil, err
		}
		expID = exp.GetExperimentId()
	}
	resp, err := c.tracking.CreateRun(ctx, &cairnv1.CreateRunRequest{
		ExperimentId: expID,
		RunName:      opts.Name,
		ParentRunId:  opts.ParentRunID,
		User:         opts.User,
		Params:       paramsOf(opts.Params),
		Tags:         keyValues(opts.Tags),
	})
	if err != nil {
		return nil, err
	}
	return &Run{client: c, run: resp.GetRun(), streamer: c.NewStreamer(opts.Streamer)}, nil
}

// Run is a started run with helpers to log to it.
type Run struct {
	client   *Client
	run      *cairnv1.Run
	streamer *Streamer
}

// ID returns the server-assigned run id.
func (r *Run) ID() string { return r.run.GetRunId() }

// Proto returns the run as created.
func (r *Run) Proto() *cairnv1.Run { return r.run }

// Streamer returns the run's metric streamer.
func (r *Run) Streamer() *Streamer { return r.streamer }

// LogParams logs immutable params. Re-logging a different value fails with
// INVALID_ARGUMENT.
func (r *Run) LogParams(ctx context.Context, params map[string]string) error {
	_, err := r.client.tracking.LogParams(ctx, &cairnv1.LogParamsRequest{RunId: r.ID(), Params: paramsOf(params)})
	return err
}

// SetTags sets (inserts or overwrites) tags.
func (r *Run) SetTags(ctx context.Context, tags map[string]string) error {
	_, err := r.client.tracking.SetTags(ctx, &cairnv1.SetTagsRequest{RunId: r.ID(), Tags: keyValues(tags)})
	return err
}

// LogMetric queues one point on the run's streamer (stamped with the current
// time). It blocks only when the streamer's buffer is full.
func (r *Run) LogMetric(ctx context.Context, key string, value float64, step int64) error {
	return r.streamer.Log(ctx, r.ID(), key, step, value)
}

// Flush waits until every metric point logged so far is acknowledged.
func (r *Run) Flush(ctx context.Context) error { return r.streamer.Flush(ctx) }

// End closes the metric streamer (waiting for acks) and sets the run's
// terminal status. If the streamer failed, the run is marked FAILED and the
// streamer's error is returned.
func (r *Run) End(ctx context.Context, status cairnv1.RunStatus) error {
	streamErr := r.streamer.Close(ctx)
	if streamErr != nil {
		status = cairnv1.RunStatus_RUN_STATUS_FAILED
	}
	_, err := r.client.tracking.UpdateRun(ctx, &cairnv1.UpdateRunRequest{
		Run:        &cairnv1.Run{RunId: r.ID(), Status: status},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"status"}},
	})
	return errors.Join(streamErr, err)
}

// Finish ends the run as FINISHED.
func (r *Run) Finish(ctx context.Context) error {
	return r.End(ctx, cairnv1.RunStatus_RUN_STATUS_FINISHED)
}

// Fail ends the run as FAILED.
func (r *Run) Fail(ctx context.Context) error {
	return r.End(ctx, cairnv1.RunStatus_RUN_STATUS_FAILED)
}

func paramsOf(m map[string]string) []*cairnv1.Param {
	out := make([]*cairnv1.Param, 0, len(m))
	for _, k := range sortedKeys(m) {
		out = append(out, &cairnv1.Param{Key: k, Value: m[k]})
	}
	return out
}

func keyValues(m map[string]string) []*cairnv1.KeyValue {
	out := make([]*cairnv1.KeyValue, 0, len(m))
	for _, k := range sortedKeys(m) {
		out = append(out, &cairnv1.KeyValue{Key: k, Value: m[k]})
	}
	return out
}

// WithRun starts a run, calls body, and ends the run FINISHED when body
// returns nil or FAILED when it returns an error (or panics), like the Python
// SDK's `with cairn.start_run(...)`. It returns body's error joined with any
// error from ending the run.
func (c *Client) WithRun(ctx context.Context, opts RunOptions, body func(*Run) error) (err error) {
	run, err := c.StartRun(ctx, opts)
	if err != nil {
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			_ = run.Fail(ctx)
			panic(p)
		}
	}()
	if bodyErr := body(run); bodyErr != nil {
		return errors.Join(bodyErr, run.Fail(ctx))
	}
	return run.Finish(ctx)
}
