package partnerkit_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	_ "modernc.org/sqlite"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/sqlite"
)

// listedStore counts the campaigns its transactions' Campaigns().List
// return: what a caller read of the campaigns table through listings.
type listedStore struct {
	storage.Store
	listed atomic.Int64
}

func (s *listedStore) Update(ctx context.Context, fn func(storage.Tx) error) error {
	return s.Store.Update(ctx, func(tx storage.Tx) error { return fn(listedTx{tx, s}) })
}

func (s *listedStore) View(ctx context.Context, fn func(storage.Tx) error) error {
	return s.Store.View(ctx, func(tx storage.Tx) error { return fn(listedTx{tx, s}) })
}

type listedTx struct {
	storage.Tx
	s *listedStore
}

func (t listedTx) Campaigns() storage.Campaigns { return listedCampaigns{t.Tx.Campaigns(), t.s} }

type listedCampaigns struct {
	storage.Campaigns
	s *listedStore
}

func (c listedCampaigns) List(q storage.CampaignQuery, p storage.Page) ([]campaign.Campaign, string, error) {
	cs, next, err := c.Campaigns.List(q, p)
	c.s.listed.Add(int64(len(cs)))
	return cs, next, err
}

// sweepEdits runs one whole ApplyDueEdits sweep by pages of limit and
// returns how many pages it read.
func (w *world) sweepEdits(limit int) int {
	w.t.Helper()
	pages := 1
	for p := (partnerkit.Page{Limit: limit}); ; pages++ {
		next, err := w.svc.ApplyDueEdits(w.ctx, w.host, p)
		if err != nil {
			w.t.Fatalf("ApplyDueEdits(%+v): %v", p, err)
		}
		if next == "" {
			return pages
		}
		p.After = next
	}
}

// editsApplied returns the keys of the "campaign.edit_applied" messages
// after seq, sorted.
func (w *world) editsApplied(seq int64) []string {
	w.t.Helper()
	ms, err := w.svc.Outbox(w.ctx, w.host, seq, 1000)
	if err != nil {
		w.t.Fatalf("Outbox: %v", err)
	}
	var keys []string
	for _, m := range ms {
		if m.Kind == "campaign.edit_applied" {
			keys = append(keys, m.Key)
		}
	}
	slices.Sort(keys)
	return keys
}

// stored returns the campaign as stored, without a read applying its edit.
func (w *world) stored(id campaign.ID) campaign.Campaign {
	w.t.Helper()
	var c campaign.Campaign
	if err := w.store.View(w.ctx, func(tx storage.Tx) error {
		var err error
		c, err = tx.Campaigns().Get(id)
		return err
	}); err != nil {
		w.t.Fatalf("Get(%s): %v", id, err)
	}
	return c
}

// C5: an ApplyDueEdits sweep stores and announces every edit that is due,
// across pages, applying edits as it goes without skipping one, and reads
// only the campaigns with an edit due: the store lists none of the others,
// however many campaigns it holds, nor an edit not due yet; a second sweep
// lists nothing.
func TestApplyDueEditsReadsOnlyTheCampaignsWithAnEditDue(t *testing.T) {
	stores := storyStores(t)
	for _, name := range []string{"memory", "sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			store := &listedStore{Store: stores[name](t)}
			t.Cleanup(func() { store.Close() })
			w := newWorldOn(t, store, partnerkit.Options{})
			var ids []campaign.ID
			for i := range 14 {
				d := springDetails(t)
				d.Name = fmt.Sprintf("Quiet %02d", i)
				ids = append(ids, w.publish(w.agency, d).ID)
			}
			edited := map[campaign.ID]string{}
			edit := func(id campaign.ID, name string) {
				t.Helper()
				if _, err := w.svc.EditCampaign(w.ctx, w.agency, id, campaign.Patch{Name: &name}); err != nil {
					t.Fatalf("EditCampaign(%s): %v", id, err)
				}
				edited[id] = name
			}
			for i := 0; i < len(ids); i += 3 { // five of them, in id order and not
				edit(ids[i], fmt.Sprintf("Edited %02d", i))
			}
			edit(w.camp.ID, "Spring Glow Plus")
			w.clock.Advance(campaign.EditDelay)
			notYet := ids[1]
			if _, err := w.svc.EditCampaign(w.ctx, w.agency, notYet, campaign.Patch{Name: new("Not yet")}); err != nil {
				t.Fatal(err)
			}
			seq := w.lastSeq()
			var want []string
			for id := range edited {
				want = append(want, string(id))
			}
			slices.Sort(want)

			store.listed.Store(0)
			if pages := w.sweepEdits(2); pages < 3 {
				t.Errorf("the sweep read %d pages of 2, want 3 or more for %d edits due", pages, len(want))
			}
			if got := store.listed.Load(); got != int64(len(want)) {
				t.Errorf("the sweep listed %d campaigns of %d, want the %d with an edit due", got, len(ids)+2, len(want))
			}
			if diff := cmp.Diff(want, w.editsApplied(seq)); diff != "" {
				t.Errorf("edits announced by the sweep (-want +got):\n%s", diff)
			}
			for id, name := range edited {
				if c := w.stored(id); c.Pending != nil || c.Details.Name != name {
					t.Errorf("after the sweep %s is stored as %q, pending %v; want %q applied", id, c.Details.Name, c.Pending, name)
				}
			}
			if c := w.stored(notYet); c.Pending == nil {
				t.Errorf("the sweep applied the edit of %s, due in %v", notYet, campaign.EditDelay)
			}

			store.listed.Store(0)
			seq = w.lastSeq()
			w.sweepEdits(2)
			if got := store.listed.Load(); got != 0 {
				t.Errorf("a second sweep listed %d campaigns, want none", got)
			}
			if got := w.editsApplied(seq); len(got) != 0 {
				t.Errorf("a second sweep announced %v", got)
			}
		})
	}
}

// C5: a database upgraded to the index of pending edits has every older
// campaign marked due (the migration cannot read their edits): the store
// lists those with no edit and those with an edit due, and the first
// sweep puts back the former, which changes nothing and announces
// nothing, and applies the latter; the edit due later is listed, and
// applied, when its time comes, and only it.
func TestApplyDueEditsAfterTheUpgradeMarkedEveryCampaign(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "upgraded.db")
	s, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	store := &listedStore{Store: s}
	t.Cleanup(func() { store.Close() })
	w := newWorldOn(t, store, partnerkit.Options{})
	for i := range 3 {
		d := springDetails(t)
		d.Name = fmt.Sprintf("Quiet %02d", i)
		w.publish(w.agency, d)
	}
	name := "Spring Glow Plus"
	if _, err := w.svc.EditCampaign(w.ctx, w.agency, w.camp.ID, campaign.Patch{Name: &name}); err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(campaign.EditDelay)
	rivalName := "Rival Sale Plus"
	if _, err := w.svc.EditCampaign(w.ctx, w.rival, w.rivalCamp.ID, campaign.Patch{Name: &rivalName}); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// What the migration to the index does to the campaigns before it.
	if _, err := db.Exec(`UPDATE campaigns SET edit_due_at = '0001-01-01T00:00:00.000000000Z'`); err != nil {
		t.Fatal(err)
	}
	marked := func() (n int) {
		t.Helper()
		if err := db.QueryRow(`SELECT count(*) FROM campaigns WHERE edit_due_at < '1000'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	var all []campaign.ID
	if err := s.View(ctx, func(tx storage.Tx) error {
		cs, _, err := tx.Campaigns().List(storage.CampaignQuery{}, storage.Page{})
		for _, c := range cs {
			all = append(all, c.ID)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if n := marked(); n != len(all) || n != 5 {
		t.Fatalf("%d campaigns marked due, want all %d", n, len(all))
	}
	before := map[campaign.ID]campaign.Campaign{}
	for _, id := range all {
		before[id] = w.stored(id)
	}
	seq := w.lastSeq()

	store.listed.Store(0)
	w.sweepEdits(1)
	if got := store.listed.Load(); got != int64(len(all)-1) {
		t.Errorf("the first sweep listed %d campaigns, want every marked one but %s (its edit is not due), %d", got, w.rivalCamp.ID, len(all)-1)
	}
	if n := marked(); n != 1 {
		t.Errorf("after the first sweep, %d campaigns still marked, want 1 (%s, due later)", n, w.rivalCamp.ID)
	}
	if diff := cmp.Diff([]string{string(w.camp.ID)}, w.editsApplied(seq)); diff != "" {
		t.Errorf("edits announced by the first sweep (-want +got):\n%s", diff)
	}
	for _, id := range all {
		if id == w.camp.ID {
			continue
		}
		if diff := cmp.Diff(before[id], w.stored(id)); diff != "" {
			t.Errorf("the first sweep changed %s (-before +after):\n%s", id, diff)
		}
	}

	store.listed.Store(0)
	w.sweepEdits(1)
	if got := store.listed.Load(); got != 0 {
		t.Errorf("a sweep before the rival's edit is due listed %d campaigns, want none", got)
	}
	w.clock.Advance(campaign.EditDelay)
	seq = w.lastSeq()
	store.listed.Store(0)
	w.sweepEdits(1)
	if got := store.listed.Load(); got != 1 {
		t.Errorf("the sweep when the rival's edit is due listed %d campaigns, want 1", got)
	}
	if diff := cmp.Diff([]string{string(w.rivalCamp.ID)}, w.editsApplied(seq)); diff != "" {
		t.Errorf("edits announced when the rival's is due (-want +got):\n%s", diff)
	}
	if n := marked(); n != 0 {
		t.Errorf("after every edit applied, %d campaigns still marked", n)
	}
}
