package attribution

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/registration"
)

// Scenario is the money of a set of lines under their current splits and
// under alternative creator rates ([WhatIf]). Now, Alternative and
// Difference are sums of the products' figures, in one currency.
type Scenario struct {
	// Products are the products with attributed lines, by campaign then
	// product.
	Products []ProductScenario
	// Lines is how many attributed lines were recomputed.
	Lines int
	// Now is what the lines owe under their own terms; Alternative under
	// the alternative creator rates; Difference is Alternative - Now. The
	// base and total never change, so Difference.Base and Difference.Total
	// are zero and Difference.Creator == -Difference.Agency.
	Now, Alternative, Difference commission.Line
}

// ProductScenario is one product's figures in a Scenario.
type ProductScenario struct {
	ProductKey
	// TotalRate is the product's total rate (fixed once approved, R3).
	TotalRate commission.Rate
	// CreatorRates are the distinct creator rates its lines were paid at
	// (one per rate version in force, P6), ascending.
	CreatorRates []commission.Rate
	// AlternativeRate is the creator rate tried; with Changed false no
	// rate was given and the lines' own rates were kept.
	AlternativeRate commission.Rate
	Changed         bool
	Lines           int
	// Now, Alternative and Difference are as in Scenario.
	Now, Alternative, Difference commission.Line
}

// WhatIf recomputes every attributed line of lines from its events (with
// Derive, at now) twice: under its own terms, and with its creator rate
// replaced by rates[product], if set, for every campaign the product is
// in. It returns, per product and in total, the commission owed now and
// under the alternative, and the difference. Nothing is written; lines is
// not modified. Unattributed lines earn nothing either way and are
// skipped; a product of rates without lines is ignored.
//
// A creator rate moves money only between creator and agency: the total of
// every line is the seller's and is unchanged (K1, K2). Every amount is
// commission.ComputeNet's, so creator + agency == total in each line and
// in the sums.
//
// WhatIf returns an error if:
//   - a rate is out of range (whether or not its product has lines), or
//     above the total rate of its product in a campaign (a *FieldError for
//     "rates[product]" wrapping ErrInvalid; every such problem joined);
//   - the lines are in more than one currency (ErrCurrencyMismatch);
//   - a line's events are inconsistent (Derive's errors).
func WhatIf(lines []Line, rates map[registration.ProductID]commission.Rate, now time.Time) (Scenario, error) {
	type acc struct {
		ps    ProductScenario
		rates map[commission.Rate]bool
	}
	products := map[ProductKey]*acc{}
	var errs []error
	bad := map[registration.ProductID]bool{}
	for _, p := range slices.Sorted(maps.Keys(rates)) {
		if err := rates[p].Validate(); err != nil {
			bad[p] = true
			errs = append(errs, errdef.Field(fmt.Sprintf("rates[%s]", errdef.Shown(string(p))), rates[p], ErrInvalid, "attribution: want a creator rate from 0% to 100%"))
		}
	}
	for _, l := range lines {
		if !l.Attribution.OK() {
			continue
		}
		t := l.Attribution.Terms
		key := ProductKey{Campaign: t.Campaign, Product: t.Product}
		a := products[key]
		if a == nil {
			a = &acc{ps: ProductScenario{ProductKey: key, TotalRate: t.Split.Total}, rates: map[commission.Rate]bool{}}
			products[key] = a
		}
		a.rates[t.Split.Creator] = true
		if r, ok := rates[t.Product]; ok && !bad[t.Product] {
			a.ps.AlternativeRate, a.ps.Changed = r, true
			if _, err := commission.NewSplit(t.Split.Total, r); err != nil {
				bad[t.Product] = true
				errs = append(errs, errdef.Field(fmt.Sprintf("rates[%s]", t.Product), r, ErrInvalid,
					fmt.Sprintf("attribution: want a creator rate from 0%% to the total %v of %s in campaign %s", t.Split.Total, t.Product, t.Campaign)))
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return Scenario{}, err
	}
	var sc Scenario
	for _, l := range lines {
		if !l.Attribution.OK() {
			continue
		}
		t := l.Attribution.Terms
		a := products[ProductKey{Campaign: t.Campaign, Product: t.Product}]
		now1, err := Derive(l.Attribution, l.Events, now)
		if err != nil {
			return Scenario{}, fmt.Errorf("attribution: what-if of line %v: %w", l.Key, err)
		}
		alt := now1
		if a.ps.Changed {
			t.Split.Creator = a.ps.AlternativeRate
			if alt, err = Derive(Attributed(t), l.Events, now); err != nil {
				return Scenario{}, fmt.Errorf("attribution: what-if of line %v: %w", l.Key, err)
			}
		}
		if now1.Owed.Base.Currency.IsZero() {
			continue // never paid: owes nothing either way
		}
		a.ps.Lines++
		sc.Lines++
		if a.ps.Now, err = addLine(a.ps.Now, now1.Owed); err == nil {
			a.ps.Alternative, err = addLine(a.ps.Alternative, alt.Owed)
		}
		if err != nil {
			return Scenario{}, fmt.Errorf("attribution: what-if of line %v: %w", l.Key, err)
		}
	}
	keys := slices.SortedFunc(maps.Keys(products), func(a, b ProductKey) int {
		return cmp.Or(cmp.Compare(a.Campaign, b.Campaign), cmp.Compare(a.Product, b.Product))
	})
	for _, k := range keys {
		a := products[k]
		if a.ps.Lines == 0 {
			continue
		}
		a.ps.CreatorRates = slices.Sorted(maps.Keys(a.rates))
		var err error
		if a.ps.Difference, err = subLine(a.ps.Alternative, a.ps.Now); err != nil {
			return Scenario{}, err
		}
		if sc.Now, err = addLine(sc.Now, a.ps.Now); err != nil {
			return Scenario{}, fmt.Errorf("attribution: what-if of product %v: %w", k.Product, err)
		}
		if sc.Alternative, err = addLine(sc.Alternative, a.ps.Alternative); err != nil {
			return Scenario{}, err
		}
		sc.Products = append(sc.Products, a.ps)
	}
	if len(sc.Products) > 0 {
		var err error
		if sc.Difference, err = subLine(sc.Alternative, sc.Now); err != nil {
			return Scenario{}, err
		}
	}
	return sc, nil
}

// addLine adds b to a component by component; a zero a (no currency)
// takes b's. It returns ErrCurrencyMismatch for lines in two currencies.
func addLine(a, b commission.Line) (commission.Line, error) {
	if a.Base.Currency.IsZero() {
		return b, nil
	}
	var out commission.Line
	var errs [4]error
	out.Base, errs[0] = a.Base.Add(b.Base)
	out.Total, errs[1] = a.Total.Add(b.Total)
	out.Creator, errs[2] = a.Creator.Add(b.Creator)
	out.Agency, errs[3] = a.Agency.Add(b.Agency)
	return out, errors.Join(errs[:]...)
}

// subLine returns a - b component by component.
func subLine(a, b commission.Line) (commission.Line, error) {
	var out commission.Line
	var errs [4]error
	out.Base, errs[0] = a.Base.Sub(b.Base)
	out.Total, errs[1] = a.Total.Sub(b.Total)
	out.Creator, errs[2] = a.Creator.Sub(b.Creator)
	out.Agency, errs[3] = a.Agency.Sub(b.Agency)
	return out, errors.Join(errs[:]...)
}
