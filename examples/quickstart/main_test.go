package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
	"github.com/partnerkit/partnerkit/storage/postgres"
	"github.com/partnerkit/partnerkit/storage/sqlite"
)

var update = flag.Bool("update", false, "rewrite testdata/story.golden from the memory store's run")

// The whole quickstart story gives the same figures, to the cent, on every
// backend; the figures themselves are checked by hand in story.golden
// (K2, K5, A2, A5, A6, P5, P6).
func TestStoryOnEveryBackend(t *testing.T) {
	ctx := context.Background()
	golden := filepath.Join("testdata", "story.golden")
	backends := []struct {
		name string
		open func(t *testing.T) storage.Store
	}{
		{"memory", func(*testing.T) storage.Store { return memory.New() }},
		{"sqlite", func(t *testing.T) storage.Store {
			s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "story.db"), sqlite.Options{})
			if err != nil {
				t.Fatal(err)
			}
			return s
		}},
		{"postgres", func(t *testing.T) storage.Store {
			dsn := os.Getenv("PARTNERKIT_POSTGRES_DSN")
			if dsn == "" {
				t.Skip("PARTNERKIT_POSTGRES_DSN is unset; run `eval \"$(scripts/postgres-up)\"` to include PostgreSQL")
			}
			b := make([]byte, 6)
			_, _ = rand.Read(b)
			schema := "quickstart_" + hex.EncodeToString(b)
			s, err := postgres.Open(ctx, dsn, postgres.Options{Schema: schema})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { dropSchema(t, dsn, schema) })
			return s
		}},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			store := b.open(t)
			defer store.Close()
			var out bytes.Buffer
			if err := Run(ctx, &out, store, bytes.Repeat([]byte{7}, 32)); err != nil {
				t.Fatalf("Run: %v\n%s", err, out.String())
			}
			if *update && b.name == "memory" {
				if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(out.String(), "\n")); diff != "" {
				t.Errorf("story on %s differs from %s (-want +got):\n%s", b.name, golden, diff)
			}
		})
	}
}

// dropSchema removes a test's schema, so runs leave nothing behind.
func dropSchema(t *testing.T, dsn, schema string) {
	ctx := context.Background()
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Errorf("dropping schema %s: %v", schema, err)
		return
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE"); err != nil {
		t.Errorf("dropping schema %s: %v", schema, err)
	}
}
