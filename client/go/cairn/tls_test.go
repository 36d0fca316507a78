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
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/testdata"

	cairnv1 "github.com/cairn-ml/cairn/client/go/gen/cairn/v1"
)

func TestTLSWithBearerToken(t *testing.T) {
	creds, err := credentials.NewServerTLSFromFile(testdata.Path("x509/server1_cert.pem"), testdata.Path("x509/server1_key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	fake := newFakeTracking()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer(grpc.Creds(creds))
	cairnv1.RegisterTrackingServiceServer(srv, fake)
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)

	pem, err := os.ReadFile(testdata.Path("x509/server_ca_cert.pem"))
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	c := dialFake(t, lis.Addr().String(),
		WithTLS(&tls.Config{RootCAs: pool, ServerName: "x.test.example.com", MinVersion: tls.VersionTLS12}),
		WithBearerToken("tok"), WithUser("bob"))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := c.GetOrCreateExperiment(ctx, "tls"); err != nil {
		t.Fatal(err)
	}
	s := c.NewStreamer(StreamerOptions{})
	if err := s.Log(ctx, "r1", "loss", 0, 0); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}
	checkSeries(t, fake, "r1/loss", 1)
	fake.mu.Lock()
	defer fake.mu.Unlock()
	for _, md := range fake.headers {
		if got := md.Get("authorization"); len(got) != 1 || got[0] != "Bearer tok" {
			t.Fatalf("authorization = %v", got)
		}
		if got := md.Get(UserHeader); len(got) != 1 || got[0] != "bob" {
			t.Fatalf("user = %v", got)
		}
	}
}
