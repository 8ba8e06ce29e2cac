package memory_test

import (
	"context"
	"maps"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
)

// TestScopedListingsAgreeWithModel runs Updates that create campaigns and
// registrations and move them between scopes (a campaign published and
// unpublished, or handed to another agency; a registration's agency or
// state changed), some rolled back, and after each pages through
// Campaigns().List and Registrations().List for a random query and page
// size, inside the Update (the overlay over the committed rows) and in
// Views, checking the pages against a model. The memory store reads a
// scoped page through its own per-scope key index, kept exact across
// commits, so this is what keeps it honest (C4 and R5 listings).
func TestScopedListingsAgreeWithModel(t *testing.T) {
	campaignIDs := []campaign.ID{"c-1", "c-10", "c-2", "c-3", "d-1"}
	regIDs := []registration.ID{"r-1", "r-10", "r-2", "r-3", "r-4", "s-1"}
	agencies := []campaign.AgencyID{"ag-a", "ag-b"}
	statuses := []campaign.Status{campaign.Draft, campaign.Published, campaign.Unpublished}
	shops := []campaign.ShopCode{"USSHOP001", "USSHOP002"}
	states := []registration.State{registration.Pending, registration.Approved}
	rapid.Check(t, func(t *rapid.T) {
		s := memory.New()
		defer s.Close()
		ctx := context.Background()
		type model struct {
			campaigns     map[campaign.ID]campaign.Campaign
			registrations map[registration.ID]registration.Registration
		}
		m := model{map[campaign.ID]campaign.Campaign{}, map[registration.ID]registration.Registration{}}
		check := func(tx storage.Tx, m model) {
			limit := rapid.IntRange(1, 4).Draw(t, "page size")
			if rapid.Bool().Draw(t, "campaigns") {
				var q storage.CampaignQuery
				if rapid.Bool().Draw(t, "by agency") {
					q.Agency = rapid.SampledFrom(append(agencies, "ag-none")).Draw(t, "agency")
				}
				if rapid.Bool().Draw(t, "by status") {
					q.Status = rapid.SampledFrom(statuses).Draw(t, "status")
				}
				var want []campaign.ID
				for id, c := range m.campaigns {
					if (q.Agency == "" || c.Agency == q.Agency) && (q.Status == 0 || c.Status == q.Status) {
						want = append(want, id)
					}
				}
				got := listAll(t, limit, len(campaignIDs), func(p storage.Page) ([]campaign.ID, string, error) {
					cs, next, err := tx.Campaigns().List(q, p)
					ids := make([]campaign.ID, len(cs))
					for i, c := range cs {
						ids[i] = c.ID
					}
					return ids, next, err
				})
				slices.Sort(want)
				if d := gocmp.Diff(want, got); d != "" {
					t.Fatalf("Campaigns().List(%+v) by %d mismatch (-want +got):\n%s", q, limit, d)
				}
				return
			}
			var q storage.RegistrationQuery
			if rapid.Bool().Draw(t, "by campaign") {
				q.Campaign = rapid.SampledFrom(campaignIDs).Draw(t, "campaign")
			}
			if rapid.Bool().Draw(t, "by agency") {
				q.Agency = rapid.SampledFrom(agencies).Draw(t, "agency")
			}
			if rapid.Bool().Draw(t, "by shop") {
				q.Filter.Shop = rapid.SampledFrom(append(shops, "USNONE001")).Draw(t, "shop")
			}
			if rapid.Bool().Draw(t, "by state") {
				q.Filter.Status = rapid.SampledFrom(states).Draw(t, "state")
			}
			var want []registration.ID
			for id, g := range m.registrations {
				if (q.Campaign == "" || g.Campaign == q.Campaign) && (q.Agency == "" || g.Agency == q.Agency) && q.Filter.Match(g) {
					want = append(want, id)
				}
			}
			got := listAll(t, limit, len(regIDs), func(p storage.Page) ([]registration.ID, string, error) {
				gs, next, err := tx.Registrations().List(q, p)
				ids := make([]registration.ID, len(gs))
				for i, g := range gs {
					ids[i] = g.ID
				}
				return ids, next, err
			})
			slices.Sort(want)
			if d := gocmp.Diff(want, got); d != "" {
				t.Fatalf("Registrations().List(%+v) by %d mismatch (-want +got):\n%s", q, limit, d)
			}
		}
		for range rapid.IntRange(1, 15).Draw(t, "updates") {
			next := model{maps.Clone(m.campaigns), maps.Clone(m.registrations)}
			rollback := rapid.Bool().Draw(t, "rollback")
			err := s.Update(ctx, func(tx storage.Tx) error {
				for range rapid.IntRange(1, 4).Draw(t, "writes") {
					if rapid.Bool().Draw(t, "campaign") {
						id := rapid.SampledFrom(campaignIDs).Draw(t, "id")
						c := campaign.Campaign{ID: id, Agency: rapid.SampledFrom(agencies).Draw(t, "agency"), Status: rapid.SampledFrom(statuses).Draw(t, "status")}
						write := tx.Campaigns().Create
						if _, ok := next.campaigns[id]; ok {
							write = tx.Campaigns().Update
						}
						if err := write(c); err != nil {
							t.Fatalf("writing campaign %s: %v", id, err)
						}
						next.campaigns[id] = c
					} else {
						id := rapid.SampledFrom(regIDs).Draw(t, "id")
						g, ok := next.registrations[id]
						if !ok {
							g = registration.Registration{ID: id, Campaign: rapid.SampledFrom(campaignIDs).Draw(t, "campaign"),
								Shop: rapid.SampledFrom(shops).Draw(t, "shop"), Product: registration.ProductID("p-" + id)}
						}
						g.Agency, g.State = rapid.SampledFrom(agencies).Draw(t, "agency"), rapid.SampledFrom(states).Draw(t, "state")
						write := tx.Registrations().Update
						if !ok {
							write = tx.Registrations().Create
						}
						if err := write(g); err != nil {
							t.Fatalf("writing registration %s: %v", id, err)
						}
						next.registrations[id] = g
					}
					if rapid.Bool().Draw(t, "list in the Update") {
						check(tx, next)
					}
				}
				if rollback {
					return errRollback
				}
				return nil
			})
			if !rollback {
				if err != nil {
					t.Fatalf("Update: %v", err)
				}
				m = next
			}
			for range rapid.IntRange(1, 2).Draw(t, "views") {
				if err := s.View(ctx, func(tx storage.Tx) error { check(tx, m); return nil }); err != nil {
					t.Fatalf("View: %v", err)
				}
			}
		}
	})
}

// listAll pages through a listing by limit, failing past more pages than
// n records could fill, and returns every id listed.
func listAll[ID any](t *rapid.T, limit, n int, list func(storage.Page) ([]ID, string, error)) []ID {
	var all []ID
	p := storage.Page{Limit: limit}
	for pages := 0; ; pages++ {
		if pages > n+1 {
			t.Fatalf("listing by %d: no end after %d pages", limit, pages)
		}
		ids, next, err := list(p)
		if err != nil {
			t.Fatalf("listing: %v", err)
		}
		if len(ids) > limit {
			t.Fatalf("listing by %d: a page of %d", limit, len(ids))
		}
		all = append(all, ids...)
		if next == "" {
			return all
		}
		p.After = next
	}
}
