package storagetest_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/sqlite"
	"github.com/partnerkit/partnerkit/storage/storagetest"
)

// A backend author runs the whole storage contract, with the rules it
// enforces (C3 shop codes, P2 list limits, A1 event idempotency), from one
// test in the backend's package. The memory backend needs one line:
//
//	func TestConformance(t *testing.T) {
//		storagetest.Run(t, func(t *testing.T) storage.Store { return memory.New() })
//	}
//
// Run calls newStore once per subtest for a fresh, empty store and closes
// it when the subtest ends; a backend on disk gives each its own file. The
// example has no Output: Run needs the *testing.T of a real test.
func Example() {
	newStore := func(t *testing.T) storage.Store {
		s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "partnerkit.db"), sqlite.Options{})
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		t.Cleanup(func() { _ = s.Close() }) // after Run's Close: storage.ErrClosed, ignored
		return s
	}
	testConformance := func(t *testing.T) { storagetest.Run(t, newStore) }
	_ = testConformance // declared as func TestConformance(t *testing.T) in a _test.go file
}
