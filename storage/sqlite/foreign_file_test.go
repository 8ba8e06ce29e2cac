package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/sqlite"
)

// Open refuses another application's database, as a *storage.FieldError
// for "path" wrapping storage.ErrInvalid, and leaves the file as it was.
// It used to switch the file to WAL before its first migration failed on
// a clashing table.
func TestOpenLeavesAForeignDatabaseAlone(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "foreign.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"PRAGMA journal_mode=DELETE", "CREATE TABLE campaigns (x INTEGER)", "INSERT INTO campaigns VALUES (1)"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	s, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err == nil {
		s.Close()
		t.Fatal("Open of another application's database = nil error")
	}
	var fe *storage.FieldError
	if !errors.Is(err, storage.ErrInvalid) || !errors.As(err, &fe) || fe.Field != "path" {
		t.Errorf("Open of another application's database = %v, want a \"path\" FieldError wrapping ErrInvalid", err)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(after) != string(before) {
		t.Error("the refused Open changed the file")
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(path + suffix); err == nil {
			t.Errorf("the refused Open left %s", filepath.Base(path+suffix))
		}
	}
}
