package cairn

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"strings"
)

// TLSFiles names PEM files for a TLS connection, as the Python SDK's Tls does.
type TLSFiles struct {
	// CA verifies the server's certificate; empty means the system roots.
	CA string
	// Cert and Key present a client certificate, for servers that require
	// mutual TLS. Give both or neither.
	Cert, Key string
	// ServerName is the name expected in the server's certificate when it
	// differs from the host in the address.
	ServerName string
}

// Config loads the files into a tls.Config (TLS 1.2 or later).
func (f TLSFiles) Config() (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: f.ServerName}
	if f.CA != "" {
		pem, err := os.ReadFile(f.CA)
		if err != nil {
			return nil, fmt.Errorf("cairn: TLS CA: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("cairn: TLS CA %s holds no PEM certificate", f.CA)
		}
		cfg.RootCAs = pool
	}
	if (f.Cert == "") != (f.Key == "") {
		return nil, errors.New("cairn: a TLS client certificate needs both Cert and Key")
	}
	if f.Cert != "" {
		pair, err := tls.LoadX509KeyPair(f.Cert, f.Key)
		if err != nil {
			return nil, fmt.Errorf("cairn: TLS client certificate: %w", err)
		}
		cfg.Certificates = []tls.Certificate{pair}
	}
	return cfg, nil
}

// TLSFilesFromEnv reads $CAIRN_TLS_CA, $CAIRN_TLS_CLIENT_CERT,
// $CAIRN_TLS_CLIENT_KEY and $CAIRN_TLS_SERVER_NAME. ok is false, meaning
// plaintext, unless $CAIRN_TLS is 1, true or yes or $CAIRN_TLS_CA or
// $CAIRN_TLS_CLIENT_CERT is set (the Python SDK's rule). The client
// certificate is not read from $CAIRN_TLS_CERT/$CAIRN_TLS_KEY: those name the
// server's own certificate, which a client run beside the server must not
// present as its identity.
func TLSFilesFromEnv() (files TLSFiles, ok bool) {
	switch strings.ToLower(os.Getenv("CAIRN_TLS")) {
	case "1", "true", "yes":
		ok = true
	}
	files = TLSFiles{
		CA:         os.Getenv("CAIRN_TLS_CA"),
		Cert:       os.Getenv("CAIRN_TLS_CLIENT_CERT"),
		Key:        os.Getenv("CAIRN_TLS_CLIENT_KEY"),
		ServerName: os.Getenv("CAIRN_TLS_SERVER_NAME"),
	}
	return files, ok || files.CA != "" || files.Cert != ""
}

// tlsChoice is what the options asked for: nothing (the environment
// decides), plaintext, a tls.Config, or files to load.
type tlsChoice struct {
	set       bool
	plaintext bool
	config    *tls.Config
	files     *TLSFiles
}

// resolve returns the TLS configuration to use, nil for plaintext.
func (c tlsChoice) resolve() (*tls.Config, error) {
	if !c.set {
		files, ok := TLSFilesFromEnv()
		if !ok {
			return nil, nil
		}
		c = tlsChoice{set: true, files: &files}
	}
	switch {
	case c.plaintext:
		return nil, nil
	case c.files != nil:
		return c.files.Config()
	case c.config != nil:
		return c.config, nil
	default:
		return &tls.Config{MinVersion: tls.VersionTLS12}, nil
	}
}

// WithTLS connects over TLS with the given configuration (nil means the
// system roots). Without WithTLS, WithTLSFiles or WithPlaintext, TLS is
// configured from $CAIRN_TLS* (see TLSFilesFromEnv), else plaintext.
func WithTLS(cfg *tls.Config) Option {
	return func(o *options) { o.tls = tlsChoice{set: true, config: cfg} }
}

// WithTLSFiles connects over TLS with a CA file (empty: system roots) and,
// for mutual TLS, a client certificate and key. A file that cannot be read
// makes Dial fail.
func WithTLSFiles(files TLSFiles) Option {
	return func(o *options) { o.tls = tlsChoice{set: true, files: &files} }
}

// WithPlaintext connects without TLS even when $CAIRN_TLS* is set.
func WithPlaintext() Option {
	return func(o *options) { o.tls = tlsChoice{set: true, plaintext: true} }
}

// bearerToken is the per-RPC credential behind WithBearerToken: gRPC adds it
// to every call, streams and their reconnects included.
type bearerToken struct {
	token  string
	secure bool
}

func (b bearerToken) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + b.token}, nil
}

func (b bearerToken) RequireTransportSecurity() bool { return b.secure }
