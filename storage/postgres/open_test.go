package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/partnerkit/partnerkit/storage/postgres"
)

// dsn returns the test database's DSN, or skips the test.
func dsn(t *testing.T) string {
	t.Helper()
	d := os.Getenv("PARTNERKIT_POSTGRES_DSN")
	if d == "" {
		t.Skip(`PARTNERKIT_POSTGRES_DSN is unset; run eval "$(scripts/postgres-up)" (as root) to start PostgreSQL and export it`)
	}
	return d
}

// freshSchema returns the name of a new, empty schema, dropped with
// everything in it when the test ends, so runs never collide.
func freshSchema(t *testing.T) string {
	t.Helper()
	name := unusedSchema(t)
	ctx := context.Background()
	c, err := pgx.Connect(ctx, dsn(t))
	if err != nil {
		t.Fatalf("connecting: %v", err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, "CREATE SCHEMA "+pgx.Identifier{name}.Sanitize()); err != nil {
		t.Fatalf("creating schema: %v", err)
	}
	return name
}

// unusedSchema returns the name of a schema that does not exist yet, for
// Open to create; whatever is made under it is dropped when the test ends.
func unusedSchema(t *testing.T) string {
	t.Helper()
	d := dsn(t)
	b := make([]byte, 8)
	rand.Read(b)
	name := "partnerkit_test_" + hex.EncodeToString(b)
	t.Cleanup(func() {
		ctx := context.Background()
		c, err := pgx.Connect(ctx, d)
		if err != nil {
			t.Errorf("connecting: %v", err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{name}.Sanitize()+" CASCADE"); err != nil {
			t.Errorf("dropping schema: %v", err)
		}
	})
	return name
}

// openSchema opens a store on schema, closed when the test ends.
func openSchema(t *testing.T, schema string, opts postgres.Options) *postgres.Store {
	t.Helper()
	opts.Schema = schema
	s, err := postgres.Open(context.Background(), dsn(t), opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}
