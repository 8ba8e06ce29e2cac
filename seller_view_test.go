package partnerkit_test

import (
	"errors"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
)

// A4: a seller's product view reads only its own products: a shop with no
// registration in the campaign gets ErrNotFound (it learns nothing, not
// even that the campaign has orders), and a shop that has one sees none of
// another shop's products.
func TestSellerProductsOnlyOwn(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	at := start.Add(time.Hour)
	w.ingest(
		w.event("e-1", attribution.Paid, "o-1", w.maya, w.serum, "39.98", at, at),
		w.event("e-2", attribution.Paid, "o-2", w.maya, w.mask, "24.50", at, at),
	)
	if ps, err := w.svc.SellerProducts(w.ctx, w.stranger, w.camp.ID); !errors.Is(err, partnerkit.ErrNotFound) || len(ps) != 0 {
		t.Errorf("SellerProducts(stranger) = %+v, %v; want nothing and ErrNotFound", ps, err)
	}
	if ps, err := w.svc.SellerProducts(w.ctx, w.trail, w.camp.ID); err != nil || len(ps) != 0 {
		t.Errorf("SellerProducts(trail, no orders) = %+v, %v; want none of glow's products", ps, err)
	}
	ps, err := w.svc.SellerProducts(w.ctx, w.glow, w.camp.ID)
	if err != nil || len(ps) != 2 || ps[0].Product != w.mask.Product || ps[1].Product != w.serum.Product {
		t.Fatalf("SellerProducts(glow) = %+v, %v; want mask and serum", ps, err)
	}
	if got := ps[1].EstimatedCommission.String(); got != "6.00 USD" {
		t.Errorf("serum estimated commission = %s, want 6.00 USD (39.98 at 15%%)", got)
	}
}

// C5, A4: a seller finding campaigns sees the details in force: not an
// edit still waiting to apply (its new name, its new shop list), not the
// history of earlier details, and of a select campaign's shop list only
// its own code. Once the edit applies, the seller sees it.
func TestFindCampaignsIsTheSellersView(t *testing.T) {
	w := newWorld(t)
	name := "Secret new name"
	sellers := campaign.Sellers{Mode: campaign.Select, ShopCodes: []campaign.ShopCode{"USGLOW001", "USTRAIL02", "USNEWSHOP7"}}
	if _, err := w.svc.EditCampaign(w.ctx, w.agency, w.camp.ID, campaign.Patch{Name: &name, Sellers: &sellers}); err != nil {
		t.Fatal(err)
	}
	find := func() campaign.Campaign {
		t.Helper()
		cs, _, err := w.svc.FindCampaigns(w.ctx, w.glow, campaign.Filter{Sellers: campaign.Select}, partnerkit.Page{})
		if err != nil || len(cs) != 1 {
			t.Fatalf("FindCampaigns = %d campaigns, %v; want the spring one", len(cs), err)
		}
		return cs[0]
	}
	c := find()
	if c.Pending != nil || c.Earlier != nil || c.Details.Name != "Spring Glow 2027" {
		t.Errorf("before the edit applies, seller sees name %q, pending %+v, earlier %+v; want the old name and neither", c.Details.Name, c.Pending, c.Earlier)
	}
	if got := c.Details.Sellers.ShopCodes; len(got) != 1 || got[0] != w.glow.Shop {
		t.Errorf("seller sees shop codes %v, want only its own %s", got, w.glow.Shop)
	}
	w.clock.Advance(campaign.EditDelay)
	c = find()
	if c.Details.Name != name || c.Earlier != nil || len(c.Details.Sellers.ShopCodes) != 1 {
		t.Errorf("after the edit applies, seller sees name %q, earlier %+v, codes %v; want the new name, no history, its own code", c.Details.Name, c.Earlier, c.Details.Sellers.ShopCodes)
	}
}
