package postgres_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/internal/sqlstore/migratetest"
	"github.com/partnerkit/partnerkit/storage/postgres"
)

// inSchema runs fn on a plain connection whose search_path is schema.
func inSchema(t *testing.T, schema string, fn func(c *pgx.Conn)) {
	t.Helper()
	ctx := context.Background()
	cfg, err := pgx.ParseConfig(dsn(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg.RuntimeParams["search_path"] = pgx.Identifier{schema}.Sanitize()
	c, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	fn(c)
}

// state returns the recorded schema version and the number of indexes.
func state(t *testing.T, c *pgx.Conn) (version, indexes int) {
	t.Helper()
	ctx := context.Background()
	if err := c.QueryRow(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&version); err != nil {
		t.Fatal(err)
	}
	if err := c.QueryRow(ctx, `SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema()`).Scan(&indexes); err != nil {
		t.Fatal(err)
	}
	return version, indexes
}

func TestMigrateOlderSchemaIsUpgraded(t *testing.T) {
	ctx := context.Background()
	schema := freshSchema(t)
	old, err := postgres.OpenVersion(ctx, dsn(t), postgres.Options{Schema: schema}, 1)
	if err != nil {
		t.Fatalf("OpenVersion(1): %v", err)
	}
	if err := old.Update(ctx, func(tx storage.Tx) error {
		return tx.Lists().Create(productlist.List{ID: "l1", Agency: "a1", Name: "Kept"})
	}); err != nil {
		t.Fatal(err)
	}
	old.Close()
	var v1, idx1 int
	inSchema(t, schema, func(c *pgx.Conn) { v1, idx1 = state(t, c) })
	if v1 != 1 {
		t.Fatalf("version after OpenVersion(1) = %d, want 1", v1)
	}

	s := openSchema(t, schema, postgres.Options{})
	if err := s.View(ctx, func(tx storage.Tx) error {
		_, err := tx.Lists().Get("l1")
		return err
	}); err != nil {
		t.Fatalf("list written at version 1, after upgrade: %v", err)
	}
	inSchema(t, schema, func(c *pgx.Conn) {
		if v, idx := state(t, c); v != 5 || idx <= idx1 {
			t.Errorf("after Open: version %d with %d indexes, want 5 with more than %d", v, idx, idx1)
		}
	})
}

func TestMigrateNewerSchemaIsRefusedUntouched(t *testing.T) {
	ctx := context.Background()
	schema := freshSchema(t)
	s := openSchema(t, schema, postgres.Options{})
	s.Close()
	var v, idx int
	inSchema(t, schema, func(c *pgx.Conn) {
		if _, err := c.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, '0099_future', now())`); err != nil {
			t.Fatal(err)
		}
		v, idx = state(t, c)
	})
	s2, err := postgres.Open(ctx, dsn(t), postgres.Options{Schema: schema})
	if !errors.Is(err, postgres.ErrSchemaTooNew) {
		if s2 != nil {
			s2.Close()
		}
		t.Fatalf("Open of a version 99 schema: err = %v, want ErrSchemaTooNew", err)
	}
	inSchema(t, schema, func(c *pgx.Conn) {
		if v2, idx2 := state(t, c); v2 != v || idx2 != idx {
			t.Errorf("refused Open changed the schema: version %d->%d, indexes %d->%d", v, v2, idx, idx2)
		}
	})
}

// A6: lines stored before version 4 are marked due, then re-indexed.
func TestMigrateMarksOlderLinesDue(t *testing.T) {
	schema := freshSchema(t)
	migratetest.OlderLinesMarkedDue(t, func(t *testing.T) storage.Store {
		return openSchema(t, schema, postgres.Options{})
	}, func(t *testing.T) {
		inSchema(t, schema, func(c *pgx.Conn) {
			for _, q := range migratetest.ToVersion3 {
				if _, err := c.Exec(context.Background(), q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
		})
	})
}

// C5: campaigns stored before version 5 are marked due, then re-indexed.
func TestMigrateMarksOlderCampaignsDue(t *testing.T) {
	schema := freshSchema(t)
	migratetest.OlderCampaignsMarkedDue(t, func(t *testing.T) storage.Store {
		return openSchema(t, schema, postgres.Options{})
	}, func(t *testing.T) {
		inSchema(t, schema, func(c *pgx.Conn) {
			for _, q := range migratetest.ToVersion4 {
				if _, err := c.Exec(context.Background(), q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
		})
	})
}
