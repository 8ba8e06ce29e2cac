package attribution_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/registration"
	"pgregory.net/rapid"
)

// TestWhatIfCurrentRates: trying the rates the lines were paid at changes
// nothing, for every product (P6, K2: recomputed from the events).
func TestWhatIfCurrentRates(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rates := map[registration.ProductID]commission.Rate{}
		lines, now := rcGenLinesRates(t, rates)
		sc, err := attribution.WhatIf(lines, rates, now)
		if err != nil {
			t.Fatalf("WhatIf(current rates) = %v", err)
		}
		for _, p := range sc.Products {
			if !p.Changed || !p.Difference.Creator.IsZero() || !p.Difference.Agency.IsZero() || !p.Difference.Total.IsZero() {
				t.Fatalf("WhatIf(current rates) product %v = %+v, want changed with zero difference", p.Product, p)
			}
			if diff := cmp.Diff(p.Now, p.Alternative, rcOpts); diff != "" {
				t.Fatalf("WhatIf(current rates) product %v (-now +alternative):\n%s", p.Product, diff)
			}
		}
		if !sc.Difference.Creator.IsZero() || !sc.Difference.Agency.IsZero() {
			t.Fatalf("WhatIf(current rates) difference = %v, want zero", sc.Difference)
		}
	})
}

// TestWhatIfKeepsTheTotal: under any alternative creator rates, creator +
// agency == total in every product and in all, and the total is the
// campaign's total commission owed (K1: a creator rate only moves money
// between creator and agency; K2: creator + agency == total).
func TestWhatIfKeepsTheTotal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		lines, now := rcGenLines(t)
		rates := map[registration.ProductID]commission.Rate{}
		for _, p := range rcProducts {
			if rapid.Bool().Draw(t, "change") {
				rates[p.id] = commission.Rate(rapid.Int32Range(0, int32(p.total)).Draw(t, "alternative"))
			}
		}
		sc, err := attribution.WhatIf(lines, rates, now)
		if err != nil {
			t.Fatalf("WhatIf() = %v", err)
		}
		total := commission.Zero(lines[0].Ledger.Paid.Currency)
		for _, l := range lines {
			total = mustAdd(total, l.Ledger.Owed.Total)
		}
		check := func(what string, l commission.Line) {
			if !mustAdd(l.Creator, l.Agency).Equal(l.Total) {
				t.Fatalf("%s: creator %v + agency %v != total %v", what, l.Creator, l.Agency, l.Total)
			}
		}
		for _, p := range sc.Products {
			check(string(p.Product)+" now", p.Now)
			check(string(p.Product)+" alternative", p.Alternative)
			if !p.Alternative.Total.Equal(p.Now.Total) || !mustAdd(p.Difference.Creator, p.Difference.Agency).IsZero() {
				t.Fatalf("product %v: total %v -> %v, difference %v; want the same total", p.Product, p.Now.Total, p.Alternative.Total, p.Difference)
			}
		}
		check("now", sc.Now)
		check("alternative", sc.Alternative)
		if !sc.Alternative.Total.Equal(total) || !sc.Now.Total.Equal(total) {
			t.Fatalf("WhatIf() totals %v / %v, want the campaign's total commission %v", sc.Now.Total, sc.Alternative.Total, total)
		}
	})
}

// TestWhatIfRefuses: an alternative above the product's total rate, or
// out of range (also for a product without lines), is a *FieldError
// wrapping ErrInvalid, every problem joined (K1: 0 <= C <= T).
func TestWhatIfRefuses(t *testing.T) {
	rates := map[registration.ProductID]commission.Rate{"mug": 1251, "cap": -1, "hat": 99999}
	_, err := attribution.WhatIf(rcCampaign(), rates, rcAt(20))
	if !errors.Is(err, attribution.ErrInvalid) {
		t.Fatalf("WhatIf(mug 12.51%%, cap -0.01%%) = %v, want ErrInvalid", err)
	}
	var fields []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var fe *attribution.FieldError
		if errors.As(e, &fe) {
			fields = append(fields, fe.Field)
		}
	}
	if diff := cmp.Diff([]string{"rates[cap]", "rates[hat]", "rates[mug]"}, fields); diff != "" {
		t.Fatalf("WhatIf() field errors (-want +got):\n%s", diff)
	}
	if _, err := attribution.WhatIf(rcCampaign(), map[registration.ProductID]commission.Rate{"mug": 1250}, rcAt(20)); err != nil {
		t.Fatalf("WhatIf(mug at its total) = %v, want nil", err)
	}
}

// K3: an unattributed line earns nothing under any split.
func TestWhatIfSkipsUnattributed(t *testing.T) {
	lines := rcCampaign()
	var u attribution.Line
	ev := attribution.Event{ID: "u1", Kind: attribution.Paid, Order: "u", Line: "1", Creator: "zed", Amount: rcUSD("5.00"), At: rcAt(2)}
	u, _, err := attribution.Apply(u, ev, attribution.Unattributed(attribution.NoShowcaseEntry), rcAt(20))
	if err != nil {
		t.Fatal(err)
	}
	sc, err := attribution.WhatIf(append(lines, u), nil, rcAt(20))
	if err != nil || sc.Lines != 3 || len(sc.Products) != 2 {
		t.Fatalf("WhatIf(with an unattributed line) = %d lines, %d products, %v; want 3, 2, nil", sc.Lines, len(sc.Products), err)
	}
}
