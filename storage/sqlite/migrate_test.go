package sqlite_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"

	_ "modernc.org/sqlite"

	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/internal/sqlstore/migratetest"
	"github.com/partnerkit/partnerkit/storage/sqlite"
)

// raw runs fn on a plain database/sql handle of path, then closes it (which
// checkpoints the WAL into the file).
func raw(t *testing.T, path string, fn func(db *sql.DB)) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}()
	fn(db)
}

func schemaVersion(t *testing.T, db *sql.DB) (v int, indexes int) {
	t.Helper()
	if err := db.QueryRow(`SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'lists_agency'`).Scan(&indexes); err != nil {
		t.Fatal(err)
	}
	return v, indexes
}

func TestMigrateOlderFileIsUpgraded(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := sqlite.OpenVersion(ctx, path, 1)
	if err != nil {
		t.Fatalf("OpenVersion(1): %v", err)
	}
	want := productlist.List{ID: "l1", Agency: "a1", Name: "Kept"}
	if err := old.Update(ctx, func(tx storage.Tx) error { return tx.Lists().Create(want) }); err != nil {
		t.Fatal(err)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	raw(t, path, func(db *sql.DB) {
		if v, n := schemaVersion(t, db); v != 1 || n != 0 {
			t.Fatalf("after OpenVersion(1): version %d, lists_agency indexes %d; want 1, 0", v, n)
		}
	})

	s, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatalf("Open of a version 1 file: %v", err)
	}
	err = s.View(ctx, func(tx storage.Tx) error {
		got, err := tx.Lists().Get("l1")
		if err == nil && got.Name != want.Name {
			t.Errorf("list after upgrade = %+v, want %+v", got, want)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	raw(t, path, func(db *sql.DB) {
		if v, n := schemaVersion(t, db); v != 5 || n != 1 {
			t.Fatalf("after Open: version %d, lists_agency indexes %d; want 5, 1", v, n)
		}
	})
}

func TestMigrateNewerFileIsRefusedUntouched(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "new.db")
	s, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	raw(t, path, func(db *sql.DB) {
		if _, err := db.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, '0099_future', 'later')`); err != nil {
			t.Fatal(err)
		}
	})
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	s, err = sqlite.Open(ctx, path, sqlite.Options{})
	if !errors.Is(err, sqlite.ErrSchemaTooNew) {
		if s != nil {
			s.Close()
		}
		t.Fatalf("Open of a version 99 file: err = %v, want ErrSchemaTooNew", err)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Errorf("Open changed the refused file (%d bytes before, %d after)", len(before), len(after))
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		if fi, _ := os.Stat(path + "-wal"); fi.Size() > 0 {
			t.Errorf("Open left a non-empty WAL beside the refused file")
		}
	}
}

// A6: lines stored before version 4 are marked due, then re-indexed.
func TestMigrateMarksOlderLinesDue(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v3.db")
	migratetest.OlderLinesMarkedDue(t, func(t *testing.T) storage.Store {
		s, err := sqlite.Open(context.Background(), path, sqlite.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}, func(t *testing.T) {
		raw(t, path, func(db *sql.DB) {
			for _, q := range migratetest.ToVersion3 {
				if _, err := db.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
		})
	})
}

// C5: campaigns stored before version 5 are marked due, then re-indexed.
func TestMigrateMarksOlderCampaignsDue(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v4.db")
	migratetest.OlderCampaignsMarkedDue(t, func(t *testing.T) storage.Store {
		s, err := sqlite.Open(context.Background(), path, sqlite.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}, func(t *testing.T) {
		raw(t, path, func(db *sql.DB) {
			for _, q := range migratetest.ToVersion4 {
				if _, err := db.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
		})
	})
}
