package storagetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
)

func agencyPutGet(t *testing.T, s storage.Store) {
	o := campaign.NewOnboarding("ag-1", now)
	update(t, s, func(tx storage.Tx) error {
		_, err := tx.Agencies().Get("ag-1")
		wantErr(t, "Get before Put", err, storage.ErrNotFound)
		return tx.Agencies().Put(o)
	})
	o2 := o
	o2.Stage = campaign.CategoryChosen
	o2.UpdatedAt = now.Add(1)
	view(t, s, func(tx storage.Tx) error {
		got, err := tx.Agencies().Get("ag-1")
		wantErr(t, "Get", err, nil)
		diff(t, "Get", o, got)
		return nil
	})
	update(t, s, func(tx storage.Tx) error { return tx.Agencies().Put(o2) })
	view(t, s, func(tx storage.Tx) error {
		got, err := tx.Agencies().Get("ag-1")
		wantErr(t, "Get after replace", err, nil)
		diff(t, "Get after replace", o2, got)
		return nil
	})
}

func campaignCreateGet(t *testing.T, s storage.Store) {
	open := newCampaign("c-open", "ag-1", 0)
	sel := withPending(newCampaign("c-select", "ag-1", 100), 100) // C3: 100 is allowed
	update(t, s, func(tx storage.Tx) error {
		_, err := tx.Campaigns().Get("c-open")
		wantErr(t, "Get before Create", err, storage.ErrNotFound)
		wantErr(t, "Create open", tx.Campaigns().Create(open), nil)
		wantErr(t, "Create select with 100 codes and a pending edit", tx.Campaigns().Create(sel), nil)
		return nil
	})
	view(t, s, func(tx storage.Tx) error {
		for _, want := range []campaign.Campaign{open, sel} {
			got, err := tx.Campaigns().Get(want.ID)
			wantErr(t, "Get "+string(want.ID), err, nil)
			diff(t, "Get "+string(want.ID), want, got)
		}
		return nil
	})
}

func campaignCreateConflict(t *testing.T, s storage.Store) {
	first := newCampaign("c-1", "ag-1", 1)
	update(t, s, func(tx storage.Tx) error { return tx.Campaigns().Create(first) })
	second := newCampaign("c-1", "ag-2", 2)
	err := s.Update(context.Background(), func(tx storage.Tx) error { return tx.Campaigns().Create(second) })
	wantErr(t, "Create with a taken id", err, storage.ErrConflict)
	view(t, s, func(tx storage.Tx) error {
		got, err := tx.Campaigns().Get("c-1")
		wantErr(t, "Get", err, nil)
		diff(t, "the first campaign stands", first, got)
		return nil
	})
}

func campaignUpdate(t *testing.T, s storage.Store) {
	c := newCampaign("c-1", "ag-1", 1)
	err := s.Update(context.Background(), func(tx storage.Tx) error { return tx.Campaigns().Update(c) })
	wantErr(t, "Update of a missing campaign", err, storage.ErrNotFound)
	update(t, s, func(tx storage.Tx) error { return tx.Campaigns().Create(c) })
	c2 := withPending(c, 5)
	c2.UpdatedAt = now.Add(3)
	update(t, s, func(tx storage.Tx) error { return tx.Campaigns().Update(c2) })
	view(t, s, func(tx storage.Tx) error {
		got, err := tx.Campaigns().Get("c-1")
		wantErr(t, "Get after Update", err, nil)
		diff(t, "Get after Update", c2, got)
		return nil
	})
}

// campaignShopCodeLimit: C3, 101 shop codes is ErrLimit, in the details or
// in a pending edit, on Create and on Update.
func campaignShopCodeLimit(t *testing.T, s storage.Store) {
	ok := newCampaign("c-ok", "ag-1", campaign.MaxShopCodes)
	update(t, s, func(tx storage.Tx) error { return tx.Campaigns().Create(ok) })
	for _, tc := range []struct {
		name string
		fn   func(storage.Tx) error
	}{
		{"Create with 101 codes", func(tx storage.Tx) error {
			return tx.Campaigns().Create(newCampaign("c-101", "ag-1", campaign.MaxShopCodes+1))
		}},
		{"Create with a pending edit of 101 codes", func(tx storage.Tx) error {
			return tx.Campaigns().Create(withPending(newCampaign("c-101", "ag-1", 1), campaign.MaxShopCodes+1))
		}},
		{"Update to 101 codes", func(tx storage.Tx) error {
			return tx.Campaigns().Update(newCampaign("c-ok", "ag-1", campaign.MaxShopCodes+1))
		}},
		{"Update with a pending edit of 101 codes", func(tx storage.Tx) error {
			return tx.Campaigns().Update(withPending(ok, campaign.MaxShopCodes+1))
		}},
	} {
		wantErr(t, tc.name, s.Update(context.Background(), tc.fn), storage.ErrLimit) // C3
	}
	view(t, s, func(tx storage.Tx) error {
		_, err := tx.Campaigns().Get("c-101")
		wantErr(t, "Get of the refused campaign", err, storage.ErrNotFound)
		got, err := tx.Campaigns().Get("c-ok")
		wantErr(t, "Get", err, nil)
		diff(t, "campaign after refused updates", ok, got)
		return nil
	})
}

func campaignListFiltersAndPages(t *testing.T, s storage.Store) {
	var all []campaign.Campaign
	update(t, s, func(tx storage.Tx) error {
		for i := range 23 {
			c := newCampaign(campaign.ID(fmt.Sprintf("c-%02d", 22-i)), campaign.AgencyID(fmt.Sprintf("ag-%d", i%2)), i%3)
			if i%4 == 0 {
				c.Status = campaign.Published
			}
			all = append(all, c)
			if err := tx.Campaigns().Create(c); err != nil {
				return err
			}
		}
		return nil
	})
	slices.SortFunc(all, func(a, b campaign.Campaign) int { return compareStrings(string(a.ID), string(b.ID)) })
	for _, q := range []storage.CampaignQuery{
		{}, {Agency: "ag-1"}, {Status: campaign.Published}, {Agency: "ag-0", Status: campaign.Published}, {Agency: "nobody"},
	} {
		var want []campaign.Campaign
		for _, c := range all {
			if (q.Agency == "" || c.Agency == q.Agency) && (q.Status == 0 || c.Status == q.Status) {
				want = append(want, c)
			}
		}
		for _, limit := range []int{0, 1, 5, 23} {
			got := pages(t, s, fmt.Sprintf("Campaigns().List(%+v)", q), limit, func(tx storage.Tx, p storage.Page) ([]campaign.Campaign, string, error) {
				return tx.Campaigns().List(q, p)
			})
			diff(t, fmt.Sprintf("Campaigns().List(%+v) by pages of %d", q, limit), want, got)
		}
	}
}

// pagingStableUnderWrites: a cursor is the last record's key, so records
// created or deleted between pages neither repeat nor shift the others.
func pagingStableUnderWrites(t *testing.T, s storage.Store) {
	update(t, s, func(tx storage.Tx) error {
		for i := range 10 {
			if err := tx.Campaigns().Create(newCampaign(campaign.ID(fmt.Sprintf("c-%02d", i*2)), "ag-1", 1)); err != nil {
				return err
			}
		}
		return nil
	})
	var got []campaign.ID
	p := storage.Page{Limit: 4}
	for n := 0; ; n++ {
		var cs []campaign.Campaign
		var next string
		view(t, s, func(tx storage.Tx) error {
			var err error
			cs, next, err = tx.Campaigns().List(storage.CampaignQuery{}, p)
			return err
		})
		for _, c := range cs {
			got = append(got, c.ID)
		}
		if next == "" {
			break
		}
		p.After = next
		if n == 0 { // after c-00..c-06: write behind and ahead of the cursor
			update(t, s, func(tx storage.Tx) error {
				for _, id := range []campaign.ID{"c-01", "c-09"} {
					if err := tx.Campaigns().Create(newCampaign(id, "ag-1", 1)); err != nil {
						return err
					}
				}
				return nil
			})
		}
	}
	want := []campaign.ID{"c-00", "c-02", "c-04", "c-06", "c-08", "c-09", "c-10", "c-12", "c-14", "c-16", "c-18"}
	diff(t, "ids read by pages with writes between them", want, got)
}

// pages reads a whole listing page by page, each page in its own View,
// checking that a page is never longer than asked and that only the last
// has no cursor.
func pages[V any](t *testing.T, s storage.Store, what string, limit int, list func(storage.Tx, storage.Page) ([]V, string, error)) []V {
	t.Helper()
	var all []V
	p := storage.Page{Limit: limit}
	for n := 0; ; n++ {
		if n > 10000 {
			t.Fatalf("%s: no end after %d pages", what, n)
		}
		var got []V
		var next string
		view(t, s, func(tx storage.Tx) error {
			var err error
			got, next, err = list(tx, p)
			return err
		})
		if len(got) > p.Size() {
			t.Fatalf("%s: page of %d records, asked for %d", what, len(got), p.Size())
		}
		all = append(all, got...)
		if next == "" {
			return all
		}
		if len(got) == 0 {
			t.Fatalf("%s: empty page with a cursor", what)
		}
		p.After = next
	}
}

// compareStrings orders strings as bytes, the order listings use.
func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// campaignShopCodeLimitHoldsUnderRace: C3 under concurrent writers. Racers
// goroutines each add shop codes to one campaign, one per Update (read,
// append, write), until ErrLimit: exactly MaxShopCodes are stored.
func campaignShopCodeLimitHoldsUnderRace(t *testing.T, s storage.Store) {
	update(t, s, func(tx storage.Tx) error { return tx.Campaigns().Create(newCampaign("c-race", "ag-1", 1)) })
	var added atomic.Int64
	var next atomic.Int64
	next.Store(1000)
	race(t, Racers, func(int) error {
		for {
			code := shopCode(int(next.Add(1)))
			err := s.Update(context.Background(), func(tx storage.Tx) error {
				c, err := tx.Campaigns().Get("c-race")
				if err != nil {
					return err
				}
				if n := len(c.Details.Sellers.ShopCodes); n > campaign.MaxShopCodes {
					return fmt.Errorf("read %d shop codes, over the limit", n) // C3
				}
				c.Details.Sellers.ShopCodes = append(c.Details.Sellers.ShopCodes, code)
				return tx.Campaigns().Update(c)
			})
			if err != nil {
				return err
			}
			added.Add(1)
		}
	}, func(i int, err error) {
		if !errors.Is(err, storage.ErrLimit) {
			t.Errorf("racer %d ended with %v, want ErrLimit", i, err) // C3
		}
	})
	if got, want := added.Load(), int64(campaign.MaxShopCodes-1); got != want {
		t.Errorf("%d shop codes added under race, want %d", got, want) // C3
	}
	view(t, s, func(tx storage.Tx) error {
		c, err := tx.Campaigns().Get("c-race")
		wantErr(t, "Get", err, nil)
		codes := c.Details.Sellers.ShopCodes
		if len(codes) != campaign.MaxShopCodes {
			t.Errorf("stored %d shop codes, want %d", len(codes), campaign.MaxShopCodes) // C3
		}
		seen := map[campaign.ShopCode]bool{}
		for _, code := range codes {
			if seen[code] {
				t.Errorf("shop code %s stored twice", code)
			}
			seen[code] = true
		}
		return nil
	})
	t.Logf("C3 race: %d racers, %d codes added, %d refused with ErrLimit", Racers, added.Load(), Racers)
}

func registrationCreateGet(t *testing.T, s storage.Store) {
	r := newRegistration("r-1", "c-1", "ag-1", shopCode(1), "p-1")
	update(t, s, func(tx storage.Tx) error {
		_, err := tx.Registrations().Get("r-1")
		wantErr(t, "Get before Create", err, storage.ErrNotFound)
		return tx.Registrations().Create(r)
	})
	view(t, s, func(tx storage.Tx) error {
		got, err := tx.Registrations().Get("r-1")
		wantErr(t, "Get", err, nil)
		diff(t, "Get", r, got)
		return nil
	})
}

func registrationCreateConflict(t *testing.T, s storage.Store) {
	r := newRegistration("r-1", "c-1", "ag-1", shopCode(1), "p-1")
	update(t, s, func(tx storage.Tx) error { return tx.Registrations().Create(r) })
	for _, tc := range []struct {
		name string
		r    registration.Registration
	}{
		{"same id", newRegistration("r-1", "c-2", "ag-1", shopCode(2), "p-2")},
		{"same campaign, shop and product", newRegistration("r-2", "c-1", "ag-1", shopCode(1), "p-1")},
	} {
		err := s.Update(context.Background(), func(tx storage.Tx) error { return tx.Registrations().Create(tc.r) })
		wantErr(t, "Create with "+tc.name, err, storage.ErrConflict)
	}
	// Differing in any one of campaign, shop or product is another
	// registration.
	update(t, s, func(tx storage.Tx) error {
		for i, r := range []registration.Registration{
			newRegistration("r-3", "c-2", "ag-1", shopCode(1), "p-1"),
			newRegistration("r-4", "c-1", "ag-1", shopCode(2), "p-1"),
			newRegistration("r-5", "c-1", "ag-1", shopCode(1), "p-2"),
		} {
			if err := tx.Registrations().Create(r); err != nil {
				return fmt.Errorf("registration %d: %w", i, err)
			}
		}
		return nil
	})
	view(t, s, func(tx storage.Tx) error {
		got, err := tx.Registrations().Get("r-1")
		wantErr(t, "Get", err, nil)
		diff(t, "the first registration stands", r, got)
		_, err = tx.Registrations().Get("r-2")
		wantErr(t, "Get of the refused registration", err, storage.ErrNotFound)
		return nil
	})
}

// registrationUniqueUnderRace: Racers sellers' requests register the same
// product of the same shop in one campaign at once; one wins.
func registrationUniqueUnderRace(t *testing.T, s storage.Store) {
	var won atomic.Int64
	race(t, Racers, func(i int) error {
		return s.Update(context.Background(), func(tx storage.Tx) error {
			return tx.Registrations().Create(newRegistration(registration.ID(fmt.Sprintf("r-%02d", i)), "c-1", "ag-1", shopCode(1), "p-1"))
		})
	}, func(i int, err error) {
		switch {
		case err == nil:
			won.Add(1)
		case !errors.Is(err, storage.ErrConflict):
			t.Errorf("racer %d: %v, want nil or ErrConflict", i, err)
		}
	})
	if won.Load() != 1 {
		t.Errorf("%d registrations of one product stored, want 1", won.Load())
	}
	got := pages(t, s, "Registrations().List", 0, func(tx storage.Tx, p storage.Page) ([]registration.Registration, string, error) {
		return tx.Registrations().List(storage.RegistrationQuery{Campaign: "c-1"}, p)
	})
	if len(got) != 1 {
		t.Errorf("Registrations().List = %d registrations, want 1", len(got))
	}
}

func registrationUpdate(t *testing.T, s storage.Store) {
	r := newRegistration("r-1", "c-1", "ag-1", shopCode(1), "p-1")
	err := s.Update(context.Background(), func(tx storage.Tx) error { return tx.Registrations().Update(r) })
	wantErr(t, "Update of a missing registration", err, storage.ErrNotFound)
	update(t, s, func(tx storage.Tx) error { return tx.Registrations().Create(r) })
	approved := r
	approved.State = registration.Approved
	approved.DecidedAt, approved.ApprovedAt, approved.UpdatedAt = now.Add(5), now.Add(5), now.Add(5)
	update(t, s, func(tx storage.Tx) error { return tx.Registrations().Update(approved) })
	for _, tc := range []struct {
		name   string
		change func(*registration.Registration)
	}{
		{"campaign", func(r *registration.Registration) { r.Campaign = "c-2" }},
		{"shop", func(r *registration.Registration) { r.Shop = shopCode(2) }},
		{"product", func(r *registration.Registration) { r.Product = "p-2" }},
	} {
		moved := approved
		tc.change(&moved)
		err := s.Update(context.Background(), func(tx storage.Tx) error { return tx.Registrations().Update(moved) })
		wantErr(t, "Update changing the "+tc.name, err, storage.ErrInvalid)
	}
	view(t, s, func(tx storage.Tx) error {
		got, err := tx.Registrations().Get("r-1")
		wantErr(t, "Get after Update", err, nil)
		diff(t, "Get after Update", approved, got)
		return nil
	})
	// The (campaign, shop, product) key still belongs to r-1.
	err = s.Update(context.Background(), func(tx storage.Tx) error {
		return tx.Registrations().Create(newRegistration("r-2", "c-1", "ag-1", shopCode(1), "p-1"))
	})
	wantErr(t, "Create of r-1's product again", err, storage.ErrConflict)
}

// registrationListFiltersAndPages: R5 filters (status, shop, product,
// text) within a campaign or agency scope.
func registrationListFiltersAndPages(t *testing.T, s storage.Store) {
	var all []registration.Registration
	update(t, s, func(tx storage.Tx) error {
		for i := range 30 {
			r := newRegistration(registration.ID(fmt.Sprintf("r-%02d", (i*7)%30)),
				campaign.ID(fmt.Sprintf("c-%d", i%3)), campaign.AgencyID(fmt.Sprintf("ag-%d", i%2)),
				shopCode(i%4), registration.ProductID(fmt.Sprintf("p-%02d", i)))
			if i%5 == 0 {
				r.State = registration.Approved
			}
			if i%6 == 0 {
				r.ProductTitle = "Glow SERUM deluxe"
			}
			all = append(all, r)
			if err := tx.Registrations().Create(r); err != nil {
				return err
			}
		}
		return nil
	})
	slices.SortFunc(all, func(a, b registration.Registration) int { return compareStrings(string(a.ID), string(b.ID)) })
	for _, q := range []storage.RegistrationQuery{
		{},
		{Campaign: "c-1"},
		{Agency: "ag-0"},
		{Campaign: "c-2", Agency: "ag-1"},
		{Filter: registration.Filter{Status: registration.Approved}},
		{Filter: registration.Filter{Shop: shopCode(3)}},
		{Filter: registration.Filter{Product: "p-07"}},
		{Filter: registration.Filter{Text: "glow serum"}},
		{Campaign: "c-0", Filter: registration.Filter{Status: registration.Pending, Shop: shopCode(1)}},
	} {
		var want []registration.Registration
		for _, r := range all {
			if (q.Campaign == "" || r.Campaign == q.Campaign) && (q.Agency == "" || r.Agency == q.Agency) && q.Filter.Match(r) {
				want = append(want, r)
			}
		}
		for _, limit := range []int{0, 4} {
			got := pages(t, s, fmt.Sprintf("Registrations().List(%+v)", q), limit, func(tx storage.Tx, p storage.Page) ([]registration.Registration, string, error) {
				return tx.Registrations().List(q, p)
			})
			diff(t, fmt.Sprintf("Registrations().List(%+v) by %d", q, limit), want, got)
		}
	}
}
