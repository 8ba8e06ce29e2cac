package partnerkit_test

import (
	"errors"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
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
