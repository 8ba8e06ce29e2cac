package sqlite_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/sqlite"
)

// Open refuses up front, as a *storage.FieldError for "path" wrapping
// storage.ErrInvalid, the names SQLite reads as a private per-connection
// database ("" temporary, ":memory:" in memory): the Store's writer and
// readers could not share it, nor keep it in WAL mode. A file that is
// merely named ":memory:" is a file like any other.
func TestOpenRefusesNoFilePath(t *testing.T) {
	ctx := context.Background()
	for _, path := range []string{"", ":memory:"} {
		s, err := sqlite.Open(ctx, path, sqlite.Options{})
		if s != nil {
			_ = s.Close()
		}
		var fe *storage.FieldError
		if !errors.Is(err, storage.ErrInvalid) || !errors.As(err, &fe) || fe.Field != "path" || fe.Value != path {
			t.Errorf("Open(%q) = %v, want a FieldError for path wrapping ErrInvalid", path, err)
		}
	}
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), ":memory:"), sqlite.Options{})
	if err != nil {
		t.Fatalf("Open(a file named :memory:) = %v, want nil", err)
	}
	_ = s.Close()
}
