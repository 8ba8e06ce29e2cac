package partnerkit_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
)

// K1: WhatIfList refuses what WhatIf refuses, with the list in place of
// the campaign: more than storage.MaxLimit rates (ErrLimit), a product not
// in the list, and a creator rate above the product's total rate (each a
// *FieldError "rates[product]" wrapping ErrInvalid).
func TestWhatIfListRefusesAsWhatIf(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	w.ingest(w.event("o1-paid", attribution.Paid, "o-1", w.maya, w.serum, "39.98", start, start))
	many := map[registration.ProductID]commission.Rate{}
	for i := range storage.MaxLimit + 1 {
		many[registration.ProductID(fmt.Sprintf("p-%d", i))] = 100
	}
	if _, err := w.svc.WhatIf(w.ctx, w.agency, w.camp.ID, many); !errors.Is(err, partnerkit.ErrLimit) {
		t.Fatalf("WhatIf with %d rates = %v, want ErrLimit", len(many), err)
	}
	if _, err := w.svc.WhatIfList(w.ctx, w.agency, w.list.ID, many); !errors.Is(err, partnerkit.ErrLimit) {
		t.Errorf("WhatIfList with %d rates = %v, want ErrLimit as WhatIf", len(many), err)
	}
	unknown := map[registration.ProductID]commission.Rate{"no-such-product": 100}
	if _, err := w.svc.WhatIf(w.ctx, w.agency, w.camp.ID, unknown); !errors.Is(err, partnerkit.ErrInvalid) {
		t.Fatalf("WhatIf with an unknown product = %v, want ErrInvalid", err)
	}
	if _, err := w.svc.WhatIfList(w.ctx, w.agency, w.list.ID, unknown); !errors.Is(err, partnerkit.ErrInvalid) {
		t.Errorf("WhatIfList with an unknown product = %v, want ErrInvalid as WhatIf", err)
	}
	above := map[registration.ProductID]commission.Rate{w.serum.Product: w.serum.Rate + 1}
	_, err := w.svc.WhatIfList(w.ctx, w.agency, w.list.ID, above)
	var fe *partnerkit.FieldError
	if !errors.As(err, &fe) || fe.Field != "rates[serum-30ml]" || !errors.Is(err, partnerkit.ErrInvalid) {
		t.Errorf("WhatIfList above the total rate = %v, want a *FieldError for rates[serum-30ml] wrapping ErrInvalid", err)
	}
	s, err := w.svc.WhatIfList(w.ctx, w.agency, w.list.ID, map[registration.ProductID]commission.Rate{w.serum.Product: w.serum.Rate})
	if err != nil {
		t.Fatalf("WhatIfList at the total rate: %v", err)
	}
	if len(s.Products) != 1 {
		t.Errorf("WhatIfList at the total rate: %d products, want 1 (serum)", len(s.Products))
	}
}

// K1: a product removed from a list still has the lines attributed through
// it, which WhatIfList recomputes: a rate for it is one it can try.
func TestWhatIfListTakesRatesOfProductsRemovedSince(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	w.ingest(w.event("o1-paid", attribution.Paid, "o-1", w.maya, w.serum, "39.98", start, start))
	if _, err := w.svc.RemoveFromList(w.ctx, w.agency, w.list.ID, w.serum.ID); err != nil {
		t.Fatal(err)
	}
	s, err := w.svc.WhatIfList(w.ctx, w.agency, w.list.ID, map[registration.ProductID]commission.Rate{w.serum.Product: rate(t, "5%")})
	if err != nil {
		t.Fatalf("WhatIfList(serum 5%%) after serum left the list = %v", err)
	}
	if s.Lines != 1 || s.Difference.Creator.IsZero() {
		t.Errorf("WhatIfList(serum 5%%) = %d lines, creator difference %v; want serum's line at 5%% instead of 10%%", s.Lines, s.Difference.Creator)
	}
}
