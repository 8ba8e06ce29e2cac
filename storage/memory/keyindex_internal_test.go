package memory

import (
	"context"
	"testing"

	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/storage"
)

// A list made and deleted again and again, never listed, leaves the
// index about as big as the table, not one key per list it ever held.
func TestKeyIndexStaysNearTheTable(t *testing.T) {
	s := New()
	defer s.Close()
	ctx := context.Background()
	for range 10_000 {
		if err := s.Update(ctx, func(tx storage.Tx) error {
			return tx.Lists().Create(productlist.List{ID: "only", Agency: "ag", Name: "n"})
		}); err != nil {
			t.Fatal(err)
		}
		if err := s.Update(ctx, func(tx storage.Tx) error { return tx.Lists().Delete("only") }); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(s.data.listKeys.keys.items); n > 200 {
		t.Errorf("index holds %d keys for an empty table, want a few dozen at most", n)
	}
}
