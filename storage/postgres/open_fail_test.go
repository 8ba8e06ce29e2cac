package postgres_test

import (
	"context"
	"log/slog"
	"net"
	"net/url"
	"os"
	"sync/atomic"
	"testing"

	"github.com/partnerkit/partnerkit/storage/postgres"
)

// retryCounter counts a store's "postgres: retrying" log records.
type retryCounter struct{ n atomic.Int64 }

func (h *retryCounter) Enabled(context.Context, slog.Level) bool { return true }
func (h *retryCounter) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *retryCounter) WithGroup(string) slog.Handler            { return h }
func (h *retryCounter) Handle(_ context.Context, r slog.Record) error {
	if r.Message == "postgres: retrying" {
		h.n.Add(1)
	}
	return nil
}

// Open of a database it cannot connect to fails at once: nothing is
// retried that no retry cures. Without Options.Schema it used to try
// BEGIN 30 times (about 3.5 s, and 30 failed logins on the server).
func TestOpenDoesNotRetryConnectFailures(t *testing.T) {
	dsn := os.Getenv("PARTNERKIT_POSTGRES_DSN")
	if dsn == "" {
		t.Skip("PARTNERKIT_POSTGRES_DSN is unset: PostgreSQL tests skipped (scripts/postgres-up sets it)")
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := *u
	refused.Host = l.Addr().String() // nothing listens once l is closed
	l.Close()
	badPassword := *u
	badPassword.User = url.UserPassword(u.User.Username(), "not-the-password")
	noDatabase := *u
	noDatabase.Path = "/partnerkit_no_such_database"

	for name, dsn := range map[string]string{
		"nothing listening": refused.String(),
		"wrong password":    badPassword.String(),
		"no such database":  noDatabase.String(),
	} {
		for _, schema := range []string{"", "pk_open_fail"} {
			t.Run(name+"/schema="+schema, func(t *testing.T) {
				h := &retryCounter{}
				s, err := postgres.Open(context.Background(), dsn, postgres.Options{Logger: slog.New(h), Schema: schema})
				if err == nil {
					s.Close()
					t.Fatal("Open = nil error")
				}
				if n := h.n.Load(); n > 0 {
					t.Errorf("Open retried %d times: %v", n, err)
				}
			})
		}
	}
}
