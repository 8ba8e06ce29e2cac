package partnerkit_test

import "testing"

// P3, P4: a product link names exactly one registration. Two shops that
// register the same product id into one campaign are never confused: a
// creator accepting either shop's link gets that shop's product, at the
// rate the link was checked against, and nothing of the other shop's.
func TestProductLinkNamesOneShop(t *testing.T) {
	w := newWorld(t)
	camp := w.rivalCamp.ID // open: any shop may register
	trail := w.approve(w.rival, w.register(w.trail, camp, "dup-balm", "Trail lip balm", "6%").ID)
	glow := w.approve(w.rival, w.register(w.glow, camp, "dup-balm", "Glow lip balm", "20%").ID)

	for _, tc := range []struct {
		name  string
		reg   string
		rate  string
		shop  string
		title string
	}{
		{"second registered", string(glow.ID), "18%", string(glow.Shop), "Glow lip balm"},
		{"first registered", string(trail.ID), "5%", string(trail.Shop), "Trail lip balm"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := trail
			if string(glow.ID) == tc.reg {
				r = glow
			}
			link, err := w.svc.ShareProduct(w.ctx, w.rival, r.ID, rate(t, tc.rate))
			if err != nil {
				t.Fatalf("ShareProduct(%s): %v", r.ID, err)
			}
			res, err := w.svc.ResolveLinks(w.ctx, w.maya, []string{string(link)})
			if err != nil {
				t.Fatalf("ResolveLinks(link to %s): %v", r.ID, err)
			}
			if len(res.Offers) != 1 {
				t.Fatalf("ResolveLinks(link to %s) = %d offers, want 1: %+v", r.ID, len(res.Offers), res.Offers)
			}
			o := res.Offers[0]
			if string(o.Registration) != tc.reg || string(o.Shop) != tc.shop || o.Title != tc.title || o.CreatorRate != rate(t, tc.rate) {
				t.Errorf("ResolveLinks(link to %s) offers %s's %s (%s) at %v, want %s's %q at %s",
					r.ID, o.Shop, o.Registration, o.Title, o.CreatorRate, tc.shop, tc.title, tc.rate)
			}
			sc, err := w.svc.AcceptLinks(w.ctx, w.maya, []string{string(link)})
			if err != nil {
				t.Fatalf("AcceptLinks(link to %s): %v", r.ID, err)
			}
			found := false
			for _, e := range sc.Entries {
				if string(e.Shop) == tc.shop && e.Product == "dup-balm" {
					found = true
				}
			}
			if !found {
				t.Errorf("after AcceptLinks the showcase has no %s entry for dup-balm: %+v", tc.shop, sc.Entries)
			}
		})
	}
}
