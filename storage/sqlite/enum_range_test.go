package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/sqlite"
)

// A campaign whose Status is none of the constants is either refused by
// Create or read back as it was stored (the memory backend reads it back):
// never stored in a form Get cannot decode.
func TestCreateOutOfRangeStatusReadsBack(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "enum.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	c := campaign.Campaign{ID: "c1", Agency: "a1", Status: campaign.Status(9), CreatedAt: now, UpdatedAt: now}
	if err := st.Update(ctx, func(tx storage.Tx) error { return tx.Campaigns().Create(c) }); err != nil {
		return // refused at write: fine
	}
	var got campaign.Campaign
	err = st.View(ctx, func(tx storage.Tx) error {
		var err error
		got, err = tx.Campaigns().Get(c.ID)
		return err
	})
	if err != nil || got.Status != c.Status {
		t.Errorf("Create(Status %d) = nil; Get = Status %d, %v; want it refused at Create or read back", c.Status, got.Status, err)
	}
}
