package partnerkit_test

import (
	"errors"
	"testing"

	"github.com/partnerkit/partnerkit"
)

// R1, P3, P4: a product id is the platform's, unique across shops, so a
// campaign holds it once: a second shop registering the same product id is
// refused, and a product link names exactly that one registration.
func TestProductIDOncePerCampaign(t *testing.T) {
	w := newWorld(t)
	camp := w.rivalCamp.ID // open: any shop may register
	trail := w.approve(w.rival, w.register(w.trail, camp, "dup-balm", "Trail lip balm", "6%").ID)
	_, err := w.svc.RegisterProduct(w.ctx, w.glow, partnerkit.RegisterInput{
		Campaign: camp, Product: "dup-balm", ProductTitle: "Glow lip balm", Rate: rate(t, "20%")})
	if !errors.Is(err, partnerkit.ErrConflict) {
		t.Fatalf("RegisterProduct(second shop, same product id) = %v, want ErrConflict", err)
	}

	link, err := w.svc.ShareProduct(w.ctx, w.rival, trail.ID, rate(t, "5%"))
	if err != nil {
		t.Fatalf("ShareProduct: %v", err)
	}
	res, err := w.svc.ResolveLinks(w.ctx, w.maya, []string{string(link)})
	if err != nil {
		t.Fatalf("ResolveLinks: %v", err)
	}
	if len(res.Offers) != 1 {
		t.Fatalf("ResolveLinks = %d offers, want 1: %+v", len(res.Offers), res.Offers)
	}
	if o := res.Offers[0]; o.Registration != trail.ID || o.Shop != trail.Shop || o.CreatorRate != rate(t, "5%") {
		t.Errorf("ResolveLinks offers %s's %s at %v, want %s's %s at 5%%", o.Shop, o.Registration, o.CreatorRate, trail.Shop, trail.ID)
	}
}
