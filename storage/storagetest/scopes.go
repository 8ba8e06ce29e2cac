package storagetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
)

// scopedListingsFollowWrites: a listing of one scope (an agency's or a
// status's campaigns, a campaign's, an agency's or a shop's
// registrations, an agency's lists) lists what the transaction sees: a
// campaign published or unpublished, or handed to another agency, moves
// between the listings; a deleted list leaves its agency's; the
// transaction's own uncommitted writes are listed in it, and a rolled
// back one never. Backends may index scopes; these are the changes such
// an index must follow.
func scopedListingsFollowWrites(t *testing.T, s storage.Store) {
	published := func(id campaign.ID, agency campaign.AgencyID) campaign.Campaign {
		c := newCampaign(id, agency, 0)
		c.Status = campaign.Published
		return c
	}
	update(t, s, func(tx storage.Tx) error {
		for _, c := range []campaign.Campaign{published("c-1", "ag-1"), newCampaign("c-2", "ag-1", 0), published("c-3", "ag-2"), newCampaign("c-4", "ag-2", 0)} {
			if err := tx.Campaigns().Create(c); err != nil {
				return err
			}
		}
		for _, g := range []registration.Registration{
			newRegistration("r-1", "c-1", "ag-1", shopCode(1), "p-1"),
			newRegistration("r-2", "c-1", "ag-1", shopCode(2), "p-2"),
			newRegistration("r-3", "c-3", "ag-2", shopCode(1), "p-3"),
		} {
			if err := tx.Registrations().Create(g); err != nil {
				return err
			}
		}
		for _, l := range []productlist.List{newList("l-1", "ag-1", "A", 0), newList("l-2", "ag-1", "B", 0), newList("l-3", "ag-2", "C", 0)} {
			if err := tx.Lists().Create(l); err != nil {
				return err
			}
		}
		return nil
	})
	type listing struct {
		name string
		list func(storage.Tx, storage.Page) ([]string, string, error)
	}
	campaignsOf := func(q storage.CampaignQuery) listing {
		return listing{fmt.Sprintf("Campaigns().List(%+v)", q), func(tx storage.Tx, p storage.Page) ([]string, string, error) {
			cs, next, err := tx.Campaigns().List(q, p)
			ids := make([]string, len(cs))
			for i, c := range cs {
				ids[i] = string(c.ID)
			}
			return ids, next, err
		}}
	}
	registrationsOf := func(q storage.RegistrationQuery) listing {
		return listing{fmt.Sprintf("Registrations().List(%+v)", q), func(tx storage.Tx, p storage.Page) ([]string, string, error) {
			gs, next, err := tx.Registrations().List(q, p)
			ids := make([]string, len(gs))
			for i, g := range gs {
				ids[i] = string(g.ID)
			}
			return ids, next, err
		}}
	}
	listsOf := func(q storage.ListQuery) listing {
		return listing{fmt.Sprintf("Lists().List(%+v)", q), func(tx storage.Tx, p storage.Page) ([]string, string, error) {
			ls, next, err := tx.Lists().List(q, p)
			ids := make([]string, len(ls))
			for i, l := range ls {
				ids[i] = string(l.ID)
			}
			return ids, next, err
		}}
	}
	// inTx reads a whole listing in pages of one inside tx, checking that
	// only the last page has no cursor.
	inTx := func(tx storage.Tx, l listing) []string {
		t.Helper()
		var all []string
		p := storage.Page{Limit: 1}
		for n := 0; ; n++ {
			if n > 100 {
				t.Fatalf("%s: no end after %d pages", l.name, n)
			}
			ids, next, err := l.list(tx, p)
			if err != nil {
				t.Fatalf("%s: %v", l.name, err)
			}
			all = append(all, ids...)
			if next == "" {
				return all
			}
			if len(ids) == 0 {
				t.Fatalf("%s: empty page with a cursor", l.name)
			}
			p.After = next
		}
	}
	type want struct {
		l   listing
		ids []string
	}
	// The writes below, uncommitted: c-1 unpublished, c-4 handed to ag-1
	// and published, c-5 new; r-4 new in c-4; l-1 deleted, l-4 new.
	after := []want{
		{campaignsOf(storage.CampaignQuery{Agency: "ag-1"}), []string{"c-1", "c-2", "c-4", "c-5"}},
		{campaignsOf(storage.CampaignQuery{Agency: "ag-2"}), []string{"c-3"}},
		{campaignsOf(storage.CampaignQuery{Status: campaign.Published}), []string{"c-3", "c-4", "c-5"}},
		{campaignsOf(storage.CampaignQuery{Status: campaign.Unpublished}), []string{"c-1"}},
		{campaignsOf(storage.CampaignQuery{Agency: "ag-1", Status: campaign.Published}), []string{"c-4", "c-5"}},
		{registrationsOf(storage.RegistrationQuery{Campaign: "c-4"}), []string{"r-4"}},
		{registrationsOf(storage.RegistrationQuery{Agency: "ag-1"}), []string{"r-1", "r-2", "r-4"}},
		{registrationsOf(storage.RegistrationQuery{Filter: registration.Filter{Shop: shopCode(1)}}), []string{"r-1", "r-3", "r-4"}},
		{registrationsOf(storage.RegistrationQuery{Agency: "ag-1", Filter: registration.Filter{Status: registration.Approved}}), []string{"r-2"}},
		{listsOf(storage.ListQuery{Agency: "ag-1"}), []string{"l-2", "l-4"}},
		{listsOf(storage.ListQuery{Agency: "ag-2"}), []string{"l-3"}},
	}
	writes := func(tx storage.Tx) error {
		c1 := published("c-1", "ag-1")
		c1.Status = campaign.Unpublished
		for _, c := range []campaign.Campaign{c1, published("c-4", "ag-1")} {
			if err := tx.Campaigns().Update(c); err != nil {
				return err
			}
		}
		if err := tx.Campaigns().Create(published("c-5", "ag-1")); err != nil {
			return err
		}
		if err := tx.Registrations().Create(newRegistration("r-4", "c-4", "ag-1", shopCode(1), "p-4")); err != nil {
			return err
		}
		r2 := newRegistration("r-2", "c-1", "ag-1", shopCode(2), "p-2")
		r2.State, r2.DecidedAt, r2.ApprovedAt = registration.Approved, now, now
		if err := tx.Registrations().Update(r2); err != nil {
			return err
		}
		if err := tx.Lists().Delete("l-1"); err != nil {
			return err
		}
		return tx.Lists().Create(newList("l-4", "ag-1", "D", 0))
	}
	// Rolled back, the writes are never listed.
	before := map[string][]string{}
	view(t, s, func(tx storage.Tx) error {
		for _, w := range after {
			before[w.l.name] = inTx(tx, w.l)
		}
		return nil
	})
	err := s.Update(context.Background(), func(tx storage.Tx) error {
		if err := writes(tx); err != nil {
			return err
		}
		return errBoom
	})
	wantErr(t, "Update rolled back", err, errBoom)
	for _, w := range after {
		got := pages(t, s, w.l.name+" after a rollback", 1, w.l.list)
		diff(t, w.l.name+" after a rollback", before[w.l.name], got)
	}
	// In the Update, and committed.
	update(t, s, func(tx storage.Tx) error {
		if err := writes(tx); err != nil {
			return err
		}
		for _, w := range after {
			diff(t, w.l.name+" in the Update", w.ids, inTx(tx, w.l))
		}
		return nil
	})
	for _, w := range after {
		for _, limit := range []int{1, 2, len(w.ids)} {
			got := pages(t, s, w.l.name, limit, w.l.list)
			diff(t, fmt.Sprintf("%s by %d", w.l.name, limit), w.ids, got)
		}
		// A cursor past the scope's last record, and past every record,
		// reads an empty last page.
		for _, past := range []string{w.ids[len(w.ids)-1], "z"} {
			view(t, s, func(tx storage.Tx) error {
				ids, next, err := w.l.list(tx, storage.Page{After: storage.EncodeCursor(past)})
				if err != nil || len(ids) != 0 || next != "" {
					t.Errorf("%s after %q = %v, %q, %v; want an empty last page", w.l.name, past, ids, next, err)
				}
				return nil
			})
		}
	}
}
