package commission

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/partnerkit/partnerkit/internal/errdef"
	kernel "github.com/partnerkit/partnerkit/internal/minor"
)

// ComputeNet returns a line's commission after refunds (K5): the amounts are
// recomputed by [Compute] from the net base, paid minus the sum of refunds,
// never by subtracting rounded pieces, so they are exactly what an order of
// the net amount would have earned and never negative.
//
// ComputeNet returns an error if:
//   - paid or a refund has no currency, is finer than its minor unit, or is
//     negative (a *FieldError wrapping [ErrInvalid]: "paid", "refunds[i]");
//   - a refund is in another currency ([ErrCurrencyMismatch]);
//   - the refunds add up to more than paid (a *FieldError for "refunds"
//     wrapping [ErrRefundExceedsPaid]);
//   - s is not a valid split (see [NewSplit]).
func ComputeNet(paid Money, refunds []Money, s Split) (Line, error) {
	if l, ok := computeNetMinor(paid, refunds, s); ok {
		return l, nil
	}
	return computeNetExact(paid, refunds, s)
}

// computeNetExact is ComputeNet in decimal arithmetic, for every input.
func computeNetExact(paid Money, refunds []Money, s Split) (Line, error) {
	if err := nonNegative(paid, "paid"); err != nil {
		return Line{}, err
	}
	refunded := Zero(paid.Currency)
	for i, r := range refunds {
		field := "refunds[" + strconv.Itoa(i) + "]"
		if err := nonNegative(r, field); err != nil {
			return Line{}, err
		}
		if r.Currency != paid.Currency {
			return Line{}, fmt.Errorf("commission: %s %v on a line paid in %v: %w", field, r, paid.Currency, ErrCurrencyMismatch)
		}
		refunded.Amount = refunded.Amount.Add(r.Amount)
	}
	net, _ := paid.Sub(refunded) // same currency, checked above
	if net.Sign() < 0 {
		return Line{}, errdef.Field("refunds", refunded.String(), ErrRefundExceedsPaid,
			"commission: refunded more than paid "+paid.String())
	}
	return Compute(net, s)
}

// computeNetMinor is ComputeNet's hot path: amounts at their currency's
// scale, in int64 minor units, with no decimal arithmetic. It returns false
// for anything else (including every error case), leaving the exact path
// to decide; when it returns true its Line is the one the exact path gives.
func computeNetMinor(paid Money, refunds []Money, s Split) (Line, bool) {
	cur := paid.Currency
	if cur.IsZero() {
		return Line{}, false
	}
	units, ok := kernel.Units(paid.Amount, cur.scale)
	if !ok || units < 0 {
		return Line{}, false
	}
	net := units
	for _, r := range refunds {
		u, ok := kernel.Units(r.Amount, cur.scale)
		if !ok || r.Currency != cur || u < 0 || u > net {
			return Line{}, false
		}
		net -= u
	}
	total, creator, agency, ok := kernel.Line(net, int64(s.Total), int64(s.Creator))
	if !ok {
		return Line{}, false
	}
	base := paid
	if net != units {
		base = FromMinor(net, cur)
	}
	return lineFromMinor(base, net, total, creator, agency), true
}

func nonNegative(m Money, field string) error {
	if err := m.validate(field); err != nil {
		return err
	}
	if m.Sign() < 0 {
		return errdef.Field(field+".amount", m.Amount.String(), ErrInvalid, "commission: negative amount")
	}
	return nil
}

// Reversal returns the entry that corrects a settled line to what is owed
// now (K5): owed - settled, component by component, so that settled plus
// the reversal equals owed exactly. After a refund its Base, Total and
// Creator are <= 0. Because creator and total are each rounded from the net
// base, the agency's component can, in rare half-cent cases, be positive
// by one minor unit while the total still falls; it is reported as it is
// rather than hidden.
//
// Reversal returns an error if:
//   - the two lines are in different currencies ([ErrCurrencyMismatch]);
//   - owed's total exceeds settled's: that is not a reversal (a *FieldError
//     for "owed.total" wrapping [ErrInvalid]).
func Reversal(settled, owed Line) (Line, error) {
	if rev, ok := reversalMinor(settled, owed); ok {
		return rev, nil
	}
	return reversalExact(settled, owed)
}

// reversalExact is Reversal in decimal arithmetic, for every input.
func reversalExact(settled, owed Line) (Line, error) {
	if settled.Total.Currency != owed.Total.Currency {
		return Line{}, fmt.Errorf("commission: reversing a %v line with a %v one: %w",
			settled.Total.Currency, owed.Total.Currency, ErrCurrencyMismatch)
	}
	var errs []error
	sub := func(a, b Money) Money {
		d, err := a.Sub(b)
		if err != nil {
			errs = append(errs, err)
		}
		return d
	}
	rev := Line{
		Base:    sub(owed.Base, settled.Base),
		Total:   sub(owed.Total, settled.Total),
		Creator: sub(owed.Creator, settled.Creator),
		Agency:  sub(owed.Agency, settled.Agency),
	}
	if err := errors.Join(errs...); err != nil {
		return Line{}, err
	}
	if rev.Total.Sign() > 0 {
		return Line{}, errdef.Field("owed.total", owed.Total.String(), ErrInvalid,
			"commission: owed more than settled "+settled.Total.String()+"; that is not a reversal")
	}
	return rev, nil
}

// reversalMinor is Reversal's hot path: every amount at the scale of one
// currency, in int64 minor units. It returns false for anything else
// (including every error case), leaving the exact path to decide; when it
// returns true its Line is the one the exact path gives.
func reversalMinor(settled, owed Line) (Line, bool) {
	cur := owed.Total.Currency
	if cur.IsZero() {
		return Line{}, false
	}
	var d [4]int64
	for i, p := range [4][2]Money{
		{owed.Base, settled.Base}, {owed.Total, settled.Total}, {owed.Creator, settled.Creator}, {owed.Agency, settled.Agency},
	} {
		a, okA := kernel.Units(p[0].Amount, cur.scale)
		b, okB := kernel.Units(p[1].Amount, cur.scale)
		if !okA || !okB || p[0].Currency != cur || p[1].Currency != cur {
			return Line{}, false
		}
		d[i] = a - b // |a|, |b| < 10^18: no overflow
	}
	if d[1] > 0 {
		return Line{}, false
	}
	return Line{Base: FromMinor(d[0], cur), Total: FromMinor(d[1], cur), Creator: FromMinor(d[2], cur), Agency: FromMinor(d[3], cur)}, true
}

// CreatorView is what a creator may see of a line (K1): its own rate and
// commission, never the total or agency rates or amounts.
type CreatorView struct {
	Rate       Rate
	Base       Money
	Commission Money
}

// ForCreator returns the creator's view of line l computed with split s.
func ForCreator(s Split, l Line) CreatorView {
	return CreatorView{Rate: s.Creator, Base: l.Base, Commission: l.Creator}
}
