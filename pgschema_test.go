package partnerkit_test

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"testing"

	"github.com/jackc/pgx/v5"
)

// schemaName returns a fresh PostgreSQL schema name starting with prefix,
// for a test's own schema (postgres.Options.Schema creates it).
func schemaName(prefix string) string {
	b := make([]byte, 6)
	crand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// dropSchema drops schema and everything in it from the database dsn
// names, reporting a failure on t.
func dropSchema(t testing.TB, dsn, schema string) {
	t.Helper()
	ctx := context.Background()
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Errorf("connecting to drop schema %s: %v", schema, err)
		return
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{schema}.Sanitize()+" CASCADE"); err != nil {
		t.Errorf("dropping schema %s: %v", schema, err)
	}
}
