// Package migratetest checks, on both SQL backends, what a schema
// migration does to the rows an older version left.
package migratetest

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/storage"
)

// ToVersion4 are the statements that take a version 5 database back to
// version 4: the edit_due_at column and the indexes of version 5 gone, and
// version 5 not recorded.
var ToVersion4 = []string{
	`DROP INDEX campaigns_edit_due`,
	`DROP INDEX registrations_shop`,
	`ALTER TABLE campaigns DROP COLUMN edit_due_at`,
	`DELETE FROM schema_migrations WHERE version = 5`,
}

// ToVersion3 are the statements that take a version 5 database back to
// version 3: ToVersion4, then the due_at column and its index gone, and
// version 4 not recorded.
var ToVersion3 = append(slices.Clip(ToVersion4),
	`DROP INDEX order_lines_due`,
	`ALTER TABLE order_lines DROP COLUMN due_at`,
	`DELETE FROM schema_migrations WHERE version = 4`,
)

// OlderCampaignsMarkedDue checks C5's index of pending edits across the
// version 5 migration, which adds the edit_due_at column that
// CampaignQuery.EditDueBy reads: campaigns stored before it are marked
// due since year 1. A listing selects those with no pending edit, for the
// first sweep to put back, and those with an edit due by then; one due
// later comes when it is due. Putting a campaign back gives it its own
// time, and the marks go.
//
// open opens the database (at the latest version, migrating it), and
// downgrade runs ToVersion4 on it while it is closed.
func OlderCampaignsMarkedDue(t *testing.T, open func(*testing.T) storage.Store, downgrade func(*testing.T)) {
	t.Helper()
	ctx := context.Background()
	t0 := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	newCampaign := func(id campaign.ID, applies time.Duration) campaign.Campaign {
		c := campaign.Campaign{ID: id, Agency: "ag-1", Status: campaign.Published, CreatedAt: t0, UpdatedAt: t0, PublishedAt: t0,
			Details: campaign.Details{Market: "US", Name: "Spring " + string(id), MinRate: 1000,
				Sellers: campaign.Sellers{Mode: campaign.Open}}}
		if applies != 0 {
			d := c.Details
			d.Name += " (edited)"
			c.Pending = &campaign.PendingEdit{Details: d, RequestedAt: t0, AppliesAt: t0.Add(applies)}
		}
		return c
	}
	campaigns := []campaign.Campaign{
		newCampaign("c-due", time.Hour),
		newCampaign("c-later", 2*time.Hour),
		newCampaign("c-none", 0),
	}
	s := storedThenDowngraded(t, open, downgrade, func(tx storage.Tx) error {
		for _, c := range campaigns {
			if err := tx.Campaigns().Create(c); err != nil {
				return err
			}
		}
		return nil
	})
	defer s.Close()
	due := func(by time.Time) []campaign.ID {
		t.Helper()
		var ids []campaign.ID
		err := s.View(ctx, func(tx storage.Tx) error {
			cs, _, err := tx.Campaigns().List(storage.CampaignQuery{EditDueBy: by}, storage.Page{})
			for _, c := range cs {
				ids = append(ids, c.ID)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return ids
	}
	if diff := cmp.Diff([]campaign.ID{"c-none"}, due(t0)); diff != "" {
		t.Errorf("after the upgrade, edits due by %v (-want +got):\n%s", t0, diff)
	}
	if diff := cmp.Diff([]campaign.ID{"c-due", "c-none"}, due(t0.Add(time.Hour))); diff != "" {
		t.Errorf("after the upgrade, edits due by t0+1h (-want +got):\n%s", diff)
	}
	if err := s.Update(ctx, func(tx storage.Tx) error {
		for _, c := range campaigns {
			if err := tx.Campaigns().Update(c); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got := due(t0); len(got) != 0 {
		t.Errorf("put back, edits due by %v: %v, want none", t0, got)
	}
	if diff := cmp.Diff([]campaign.ID{"c-due", "c-later"}, due(t0.Add(2*time.Hour))); diff != "" {
		t.Errorf("put back, edits due by t0+2h (-want +got):\n%s", diff)
	}
}

// OlderLinesMarkedDue checks A6's due index across the version 4
// migration, which adds the due_at column that LineQuery.DueBy reads:
// lines stored before it are marked due since year 1. A listing selects
// those that are not due at all, for the first settlement sweep to put
// back, and those due by then; one due later comes when it is due.
// Putting a line back gives it its own due time, and the marks go.
//
// open opens the database (at the latest version, migrating it), and
// downgrade runs ToVersion3 on it while it is closed.
func OlderLinesMarkedDue(t *testing.T, open func(*testing.T) storage.Store, downgrade func(*testing.T)) {
	t.Helper()
	ctx := context.Background()
	t0 := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	const window = 10 * 24 * time.Hour
	line := func(o string, withWindow bool, kinds ...attribution.Kind) attribution.Line {
		tm := attribution.Terms{Campaign: "c-1", Agency: "ag-1", Shop: "USSHOP01", Registration: "r-1", Product: "p-1",
			List: "l-1", Entry: "e-1", Creator: "alice", RateVersion: 1, Split: commission.Split{Total: 1500, Creator: 1000}}
		if withWindow {
			tm.SettlementWindow = window
		}
		var l attribution.Line
		for i, k := range kinds {
			ev := attribution.Event{ID: attribution.EventID(fmt.Sprintf("%s-%d", o, i)), Kind: k, Order: attribution.OrderID(o), Line: "1",
				Creator: "alice", Entry: "USSHOP01/p-1", At: t0.Add(time.Duration(i) * time.Hour)}
			if k == attribution.Paid {
				ev.Amount = commission.FromMinor(1999, commission.MustParseCurrency("USD"))
			}
			var err error
			if l, _, err = attribution.Apply(l, ev, attribution.Attributed(tm), t0); err != nil {
				t.Fatal(err)
			}
		}
		return l
	}
	lines := []attribution.Line{
		line("o-due", true, attribution.Paid, attribution.Delivered),                          // pending: due at t0+1h+window
		line("o-settled", true, attribution.Paid, attribution.Delivered, attribution.Settled), // settled before the window: never due
		line("o-no-window", false, attribution.Paid, attribution.Delivered),                   // never due
		line("o-unpaid", true, attribution.Placed),                                            // unpaid: never due
	}
	s := storedThenDowngraded(t, open, downgrade, func(tx storage.Tx) error { return storage.PutMany(tx.Orders(), lines) })
	defer s.Close()
	due := func(by time.Time) []attribution.LineKey {
		t.Helper()
		var keys []attribution.LineKey
		err := s.View(ctx, func(tx storage.Tx) error {
			ls, _, err := tx.Orders().List(storage.LineQuery{DueBy: by}, storage.Page{})
			for _, l := range ls {
				keys = append(keys, l.Key)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return keys
	}
	key := func(o string) attribution.LineKey {
		return attribution.LineKey{Order: attribution.OrderID(o), Line: "1"}
	}
	if diff := cmp.Diff([]attribution.LineKey{key("o-no-window"), key("o-settled"), key("o-unpaid")}, due(t0)); diff != "" {
		t.Errorf("after the upgrade, due by %v (-want +got):\n%s", t0, diff)
	}
	if diff := cmp.Diff([]attribution.LineKey{key("o-due"), key("o-no-window"), key("o-settled"), key("o-unpaid")}, due(t0.Add(time.Hour+window))); diff != "" {
		t.Errorf("after the upgrade, due by the window's end (-want +got):\n%s", diff)
	}
	if err := s.Update(ctx, func(tx storage.Tx) error { return storage.PutMany(tx.Orders(), lines) }); err != nil {
		t.Fatal(err)
	}
	if got := due(t0); len(got) != 0 {
		t.Errorf("put back, due by %v: %v, want none", t0, got)
	}
	if diff := cmp.Diff([]attribution.LineKey{key("o-due")}, due(t0.Add(time.Hour+window))); diff != "" {
		t.Errorf("put back, due by the window's end (-want +got):\n%s", diff)
	}
}

// storedThenDowngraded opens the database, stores what put writes, closes
// it, runs downgrade on it, and returns it opened again (migrated back up
// by open).
func storedThenDowngraded(t *testing.T, open func(*testing.T) storage.Store, downgrade func(*testing.T), put func(storage.Tx) error) storage.Store {
	t.Helper()
	s := open(t)
	if err := s.Update(context.Background(), put); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	downgrade(t)
	return open(t)
}
