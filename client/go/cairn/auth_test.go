package cairn

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"os"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/testdata"

	cairnv1 "github.com/cairn-ml/cairn/client/go/gen/cairn/v1"
)

// clearAuthEnv makes a test independent of the caller's CAIRN_TOKEN and CAIRN_TLS*.
func clearAuthEnv(t *testing.T) {
	t.Helper()
	for _, k := range []string{"CAIRN_TOKEN", "CAIRN_TLS", "CAIRN_TLS_CA", "CAIRN_TLS_CLIENT_CERT", "CAIRN_TLS_CLIENT_KEY", "CAIRN_TLS_SERVER_NAME", "CAIRN_TLS_CERT", "CAIRN_TLS_KEY"} {
		t.Setenv(k, "")
	}
}

// tokenGate answers every call whose token is not "Bearer <want>" with code.
func tokenGate(want string, code codes.Code) []grpc.ServerOption {
	ok := func(ctx context.Context) error {
		md, _ := metadata.FromIncomingContext(ctx)
		if got := md.Get("authorization"); len(got) != 1 || got[0] != "Bearer "+want {
			return status.Errorf(code, "token %v refused", got)
		}
		return nil
	}
	return []grpc.ServerOption{
		grpc.UnaryInterceptor(func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
			if err := ok(ctx); err != nil {
				return nil, err
			}
			return h(ctx, req)
		}),
		grpc.StreamInterceptor(func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, h grpc.StreamHandler) error {
			if err := ok(ss.Context()); err != nil {
				return err
			}
			return h(srv, ss)
		}),
	}
}

func serve(t *testing.T, fake *fakeTracking, opts ...grpc.ServerOption) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer(opts...)
	cairnv1.RegisterTrackingServiceServer(srv, fake)
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	return lis.Addr().String()
}

func TestTokenDefaultsToEnvironment(t *testing.T) {
	clearAuthEnv(t)
	t.Setenv("CAIRN_TOKEN", "from-env")
	fake := newFakeTracking()
	addr := serve(t, fake, tokenGate("from-env", codes.Unauthenticated)...)
	ctx := ctxTimeout(t, 10*time.Second)
	if _, err := dialFake(t, addr).GetOrCreateExperiment(ctx, "env"); err != nil {
		t.Fatal(err)
	}
	// An explicit option wins over the environment, and "" sends no token.
	_, err := dialFake(t, addr, WithBearerToken("")).GetOrCreateExperiment(ctx, "env")
	if !IsUnauthenticated(err) || IsPermissionDenied(err) {
		t.Fatalf("without a token: %v", err)
	}
}

func TestStreamerFailsAtOnceOnAccessErrors(t *testing.T) {
	clearAuthEnv(t)
	for _, code := range []codes.Code{codes.Unauthenticated, codes.PermissionDenied} {
		t.Run(code.String(), func(t *testing.T) {
			fake := newFakeTracking()
			addr := serve(t, fake, tokenGate("good", code)...)
			c := dialFake(t, addr, WithBearerToken("bad"))
			ctx := ctxTimeout(t, 10*time.Second)
			s := c.NewStreamer(StreamerOptions{InitialBackoff: time.Millisecond, RetryTimeout: time.Minute})
			start := time.Now()
			_ = s.Log(ctx, "r1", "loss", 0, 0)
			err := s.Flush(ctx)
			if Code(err) != code {
				t.Fatalf("Flush = %v", err)
			}
			if code == codes.Unauthenticated && !IsUnauthenticated(err) || code == codes.PermissionDenied && !IsPermissionDenied(err) {
				t.Fatalf("not recognised: %v", err)
			}
			if s.Stats().Reconnects != 0 || time.Since(start) > 5*time.Second {
				t.Fatalf("an access error was retried: %+v", s.Stats())
			}
			if err := s.Log(ctx, "r1", "loss", 1, 0); Code(err) != code {
				t.Fatalf("Log after failure = %v", err)
			}
			if err := s.Close(ctx); Code(err) != code {
				t.Fatalf("Close = %v", err)
			}
			if fake.totalPoints() != 0 {
				t.Fatal("points were stored")
			}
		})
	}
}

func TestReconnectsCarryTheToken(t *testing.T) {
	clearAuthEnv(t)
	fake := newFakeTracking()
	failed := map[int64]bool{}
	fake.onData = func(_ string, seq int64) action {
		if seq%3 == 0 && !failed[seq] {
			failed[seq] = true
			return failBeforeCommit
		}
		return commitAndAck
	}
	addr := serve(t, fake, tokenGate("tok", codes.Unauthenticated)...)
	c := dialFake(t, addr, WithBearerToken("tok"))
	ctx := ctxTimeout(t, 20*time.Second)
	s := c.NewStreamer(StreamerOptions{MaxMessagePoints: 100, InitialBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond})
	for i := range 1000 {
		if err := s.Log(ctx, "r1", "loss", int64(i), float64(i)*0.5); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}
	checkSeries(t, fake, "r1/loss", 1000)
	if s.Stats().Reconnects == 0 {
		t.Fatal("the streamer never reconnected")
	}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if len(fake.headers) < 2 {
		t.Fatalf("%d stream opens recorded", len(fake.headers))
	}
	for _, md := range fake.headers {
		if got := md.Get("authorization"); len(got) != 1 || got[0] != "Bearer tok" {
			t.Fatalf("authorization = %v", got)
		}
	}
}

// mutualTLS serves fake over TLS that requires a client certificate signed by
// grpc's test client CA.
func mutualTLS(t *testing.T, fake *fakeTracking) string {
	t.Helper()
	cert, err := tls.LoadX509KeyPair(testdata.Path("x509/server1_cert.pem"), testdata.Path("x509/server1_key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	pem, err := os.ReadFile(testdata.Path("x509/client_ca_cert.pem"))
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	creds := credentials.NewTLS(&tls.Config{
		Certificates: []tls.Certificate{cert},
		ClientAuth:   tls.RequireAndVerifyClientCert,
		ClientCAs:    pool,
		MinVersion:   tls.VersionTLS12,
	})
	opts := append(tokenGate("tok", codes.Unauthenticated), grpc.Creds(creds))
	return serve(t, fake, opts...)
}

func TestMutualTLSFromFilesAndEnvironment(t *testing.T) {
	clearAuthEnv(t)
	fake := newFakeTracking()
	addr := mutualTLS(t, fake)
	files := TLSFiles{
		CA:         testdata.Path("x509/server_ca_cert.pem"),
		Cert:       testdata.Path("x509/client1_cert.pem"),
		Key:        testdata.Path("x509/client1_key.pem"),
		ServerName: "x.test.example.com",
	}
	ctx := ctxTimeout(t, 10*time.Second)
	c := dialFake(t, addr, WithTLSFiles(files), WithBearerToken("tok"))
	if _, err := c.GetOrCreateExperiment(ctx, "mtls"); err != nil {
		t.Fatal(err)
	}
	s := c.NewStreamer(StreamerOptions{})
	_ = s.Log(ctx, "r1", "loss", 0, 0)
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}
	checkSeries(t, fake, "r1/loss", 1)

	// The same from the environment alone.
	t.Setenv("CAIRN_TOKEN", "tok")
	t.Setenv("CAIRN_TLS_CA", files.CA)
	t.Setenv("CAIRN_TLS_CLIENT_CERT", files.Cert)
	t.Setenv("CAIRN_TLS_CLIENT_KEY", files.Key)
	t.Setenv("CAIRN_TLS_SERVER_NAME", files.ServerName)
	if _, err := dialFake(t, addr).GetOrCreateExperiment(ctx, "mtls"); err != nil {
		t.Fatal(err)
	}

	// Without the client certificate the handshake fails.
	noCert := files
	noCert.Cert, noCert.Key = "", ""
	_, err := dialFake(t, addr, WithTLSFiles(noCert)).GetOrCreateExperiment(ctx, "mtls")
	if Code(err) != codes.Unavailable {
		t.Fatalf("without a client certificate: %v", err)
	}
	// A server certificate from an unknown CA is refused.
	wrongCA := files
	wrongCA.CA = testdata.Path("x509/client_ca_cert.pem")
	_, err = dialFake(t, addr, WithTLSFiles(wrongCA)).GetOrCreateExperiment(ctx, "mtls")
	if Code(err) != codes.Unavailable {
		t.Fatalf("with the wrong CA: %v", err)
	}
}

func TestTLSFilesErrors(t *testing.T) {
	clearAuthEnv(t)
	if _, err := Dial("127.0.0.1:1", WithTLSFiles(TLSFiles{CA: "/no/such/ca.pem"})); err == nil {
		t.Fatal("a missing CA file must fail Dial")
	}
	if _, err := Dial("127.0.0.1:1", WithTLSFiles(TLSFiles{Cert: testdata.Path("x509/client1_cert.pem")})); err == nil {
		t.Fatal("a certificate without a key must fail Dial")
	}
	t.Setenv("CAIRN_TLS", "yes")
	if files, ok := TLSFilesFromEnv(); !ok || files.CA != "" {
		t.Fatalf("CAIRN_TLS=yes: %+v %v", files, ok)
	}
	t.Setenv("CAIRN_TLS", "")
	if _, ok := TLSFilesFromEnv(); ok {
		t.Fatal("no CAIRN_TLS*: want plaintext")
	}
	// The server's own certificate variables do not make a client certificate.
	t.Setenv("CAIRN_TLS_CERT", "server.pem")
	t.Setenv("CAIRN_TLS_KEY", "server.key")
	if _, ok := TLSFilesFromEnv(); ok {
		t.Fatal("CAIRN_TLS_CERT/KEY are the server's: want plaintext")
	}
	t.Setenv("CAIRN_TLS_CLIENT_CERT", "client.pem")
	if files, ok := TLSFilesFromEnv(); !ok || files.Cert != "client.pem" {
		t.Fatalf("CAIRN_TLS_CLIENT_CERT: %+v %v", files, ok)
	}
}
