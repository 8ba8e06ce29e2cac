package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/postgres"
)

// Storage contract: concurrent Open. Any number of Opens of one database
// and schema, fresh or at an older version, may run at once; all succeed
// and agree on the migrations applied, each recorded once.

const (
	concurrentOpens = 8
	openRounds      = 5
)

func TestOpenConcurrentFreshSchema(t *testing.T) {
	dsn(t)
	for round := range openRounds {
		t.Run(fmt.Sprintf("round%d", round), func(t *testing.T) {
			schema := unusedSchema(t)
			openAtOnce(t, schema)
			checkMigrations(t, schema)
		})
	}
}

func TestOpenConcurrentOlderSchema(t *testing.T) {
	dsn(t)
	for round := range openRounds {
		t.Run(fmt.Sprintf("round%d", round), func(t *testing.T) {
			schema := unusedSchema(t)
			old, err := postgres.OpenVersion(context.Background(), dsn(t), postgres.Options{Schema: schema}, 1)
			if err != nil {
				t.Fatalf("OpenVersion(1): %v", err)
			}
			old.Close()
			openAtOnce(t, schema)
			checkMigrations(t, schema)
		})
	}
}

// openAtOnce runs concurrentOpens Opens of schema released together by a
// barrier, fails the test for each that fails, and checks every store it
// opened can be read.
func openAtOnce(t *testing.T, schema string) {
	t.Helper()
	ctx := context.Background()
	d := dsn(t)
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	stores := make([]*postgres.Store, concurrentOpens)
	errs := make([]error, concurrentOpens)
	for i := range concurrentOpens {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			stores[i], errs[i] = postgres.Open(ctx, d, postgres.Options{Schema: schema, MaxConns: 2})
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
	for i, s := range stores {
		if errs[i] != nil {
			t.Errorf("Open %d of %d: %v", i+1, concurrentOpens, errs[i])
			continue
		}
		if err := s.View(ctx, func(tx storage.Tx) error {
			_, err := tx.Lists().Get("absent")
			return err
		}); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("store %d: Get of an absent list: err = %v, want ErrNotFound", i+1, err)
		}
		s.Close()
	}
}

// checkMigrations fails the test unless schema_migrations in schema holds
// versions 1 to the newest, each once.
func checkMigrations(t *testing.T, schema string) {
	t.Helper()
	var want []int
	for v := 1; v <= postgres.LatestVersion(); v++ {
		want = append(want, v)
	}
	inSchema(t, schema, func(c *pgx.Conn) {
		rows, err := c.Query(context.Background(), `SELECT version FROM schema_migrations ORDER BY version`)
		if err != nil {
			t.Fatal(err)
		}
		got, err := pgx.CollectRows(rows, pgx.RowTo[int])
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("schema_migrations versions (-want +got):\n%s", diff)
		}
	})
}

// TestOpenNameTakenByAnotherTableFails: a name taken by something that is
// not a partnerkit migration is a real failure, reported as it is, not
// retried until the attempts run out.
func TestOpenNameTakenByAnotherTableFails(t *testing.T) {
	ctx := context.Background()
	schema := freshSchema(t)
	inSchema(t, schema, func(c *pgx.Conn) {
		if _, err := c.Exec(ctx, `CREATE TABLE agencies (x INT)`); err != nil {
			t.Fatal(err)
		}
	})
	var logs strings.Builder
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s, err := postgres.Open(ctx, dsn(t), postgres.Options{Schema: schema, Logger: log})
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "42P07" {
		if s != nil {
			s.Close()
		}
		t.Fatalf("Open over a foreign agencies table: err = %v, want SQLSTATE 42P07", err)
	}
	if n := strings.Count(logs.String(), "postgres: retrying"); n > 1 {
		t.Errorf("Open retried %d times, want at most 1:\n%s", n, logs.String())
	}
}
