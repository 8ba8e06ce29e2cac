package memory

import (
	"context"
	"fmt"
	"testing"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
)

// A page of one scope (an agency's campaigns, the published ones, a
// campaign's, an agency's or a shop's registrations, an agency's lists)
// reads the committed keys of that scope only, however many records of
// other scopes the store holds: the work a page does is bounded by its
// scope, not by the table (C4, R5, P2 listings).
func TestScopedPagesReadTheirScope(t *testing.T) {
	s := New()
	defer s.Close()
	ctx := context.Background()
	const in, others = 20, 2_000
	err := s.Update(ctx, func(tx storage.Tx) error {
		for i := range in + others {
			agency, c, shop, status := campaign.AgencyID("ag-other"), campaign.ID("c-other"), campaign.ShopCode("USOTHER001"), campaign.Draft
			if i%((in+others)/in) == 0 { // every 101st: ids interleaved

				agency, c, shop, status = "ag-1", "c-1", "USSHOP001", campaign.Published
			}
			id := fmt.Sprintf("%05d", i)
			if err := tx.Campaigns().Create(campaign.Campaign{ID: campaign.ID("c-" + id), Agency: agency, Status: status}); err != nil {
				return err
			}
			if err := tx.Registrations().Create(registration.Registration{ID: registration.ID("r-" + id), Campaign: c, Agency: agency,
				Shop: shop, Product: registration.ProductID("p-" + id), State: registration.Pending}); err != nil {
				return err
			}
			if i < 500 || agency == "ag-1" {
				if err := tx.Lists().Create(productlist.List{ID: productlist.ListID("l-" + id), Agency: agency, Name: "Picks"}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		list func(tx *tx) (read, listed int, err error)
	}{
		{"Campaigns(agency)", func(tx *tx) (int, int, error) {
			q := storage.CampaignQuery{Agency: "ag-1"}
			cs, _, err := tx.Campaigns().List(q, storage.Page{})
			return len(tx.campaigns.committed(campaigns{tx}.scope(q))), len(cs), err
		}},
		{"Campaigns(published)", func(tx *tx) (int, int, error) {
			q := storage.CampaignQuery{Status: campaign.Published}
			cs, _, err := tx.Campaigns().List(q, storage.Page{})
			return len(tx.campaigns.committed(campaigns{tx}.scope(q))), len(cs), err
		}},
		{"CampaignRegistrations", func(tx *tx) (int, int, error) {
			q := storage.RegistrationQuery{Campaign: "c-1", Agency: "ag-1"}
			gs, _, err := tx.Registrations().List(q, storage.Page{})
			return len(tx.registrations.committed(registrations{tx}.scope(q))), len(gs), err
		}},
		{"Products", func(tx *tx) (int, int, error) {
			q := storage.RegistrationQuery{Agency: "ag-1"}
			gs, _, err := tx.Registrations().List(q, storage.Page{})
			return len(tx.registrations.committed(registrations{tx}.scope(q))), len(gs), err
		}},
		{"Registrations(seller)", func(tx *tx) (int, int, error) {
			q := storage.RegistrationQuery{Filter: registration.Filter{Shop: "USSHOP001"}}
			gs, _, err := tx.Registrations().List(q, storage.Page{})
			return len(tx.registrations.committed(registrations{tx}.scope(q))), len(gs), err
		}},
		{"Lists", func(tx *tx) (int, int, error) {
			q := storage.ListQuery{Agency: "ag-1"}
			ls, _, err := tx.Lists().List(q, storage.Page{})
			return len(tx.lists.committed(lists{tx}.scope(q))), len(ls), err
		}},
	} {
		err := s.View(ctx, func(stx storage.Tx) error {
			read, listed, err := tc.list(stx.(*tx))
			if err != nil {
				return err
			}
			if listed != in || read != in {
				t.Errorf("%s: listed %d, reading %d committed keys among %d records, want %d and %d", tc.name, listed, read, in+others, in, in)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
	}
}

// A campaign published and unpublished again and again, never listed,
// leaves each status scope about as big as the campaigns in it, and an
// agency whose lists all went leaves no scope behind.
func TestScopeIndexStaysNearTheTable(t *testing.T) {
	s := New()
	defer s.Close()
	ctx := context.Background()
	update := func(fn func(tx storage.Tx) error) {
		t.Helper()
		if err := s.Update(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
	update(func(tx storage.Tx) error {
		return tx.Campaigns().Create(campaign.Campaign{ID: "c-1", Agency: "ag", Status: campaign.Published})
	})
	for i := range 10_000 {
		status := campaign.Unpublished
		if i%2 == 1 {
			status = campaign.Published
		}
		update(func(tx storage.Tx) error {
			return tx.Campaigns().Update(campaign.Campaign{ID: "c-1", Agency: "ag", Status: status})
		})
	}
	for sk, l := range s.data.campaignScopes.by {
		if n := len(l.keys.items); n > 4 {
			t.Errorf("scope %+v holds %d keys for one campaign, want a few at most", sk, n)
		}
	}
	for i := range 1_000 {
		agency := campaign.AgencyID(fmt.Sprintf("ag-%d", i))
		update(func(tx storage.Tx) error {
			return tx.Lists().Create(productlist.List{ID: "only", Agency: agency, Name: "n"})
		})
		update(func(tx storage.Tx) error { return tx.Lists().Delete("only") })
	}
	if n := len(s.data.listScopes.by); n != 0 {
		t.Errorf("%d agency scopes left for no list, want none", n)
	}
}
