package attribution

import (
	"math"

	"github.com/shopspring/decimal"

	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/minor"
)

// This file holds the int64 hot paths of Apply, Derive and the metrics:
// amounts at their currency's scale are worked in minor units, and
// anything else (amounts of another exponent or beyond 18 digits, mixed
// currencies, every error case) falls back to the exact decimal code,
// which decides. A hot path only ever returns what the exact path would,
// exponent included; the property tests compare the two.

// units returns m in minor units when m is at its currency's scale and
// fits the int64 hot paths (see minor.Units).
func units(m commission.Money) (int64, bool) {
	return minor.Units(m.Amount, m.Currency.Scale())
}

// unitsIn is units for an amount that must be in currency cur.
func unitsIn(m commission.Money, cur commission.Currency) (int64, bool) {
	if m.Currency != cur {
		return 0, false
	}
	return minor.Units(m.Amount, cur.Scale())
}

// sumRefunds returns the sum of the n refunds among events: the zero Money
// without any, else in the first refund's currency. like is a Money to
// reuse when it equals the sum (the previous ledger's), or the zero Money.
func sumRefunds(events []Event, n int, like commission.Money) commission.Money {
	if n == 0 {
		return commission.Money{}
	}
	var cur commission.Currency
	var sum int64
	var one commission.Money
	fast := true
	for i := range events {
		e := &events[i]
		if e.Kind != Refunded {
			continue
		}
		if cur.IsZero() {
			cur, one = e.Amount.Currency, e.Amount
		}
		u, ok := unitsIn(e.Amount, cur)
		if !ok || cur.IsZero() || u < 0 || sum > math.MaxInt64-u {
			fast = false
			break
		}
		sum += u
	}
	switch {
	case fast && n == 1:
		return one
	case fast:
		if u, ok := unitsIn(like, cur); ok && u == sum {
			return like
		}
		return commission.FromMinor(sum, cur)
	}
	var refunded commission.Money
	for i := range events {
		e := &events[i]
		if e.Kind != Refunded {
			continue
		}
		if refunded.Currency.IsZero() {
			refunded = commission.Zero(e.Amount.Currency)
		}
		refunded.Amount = refunded.Amount.Add(e.Amount.Amount)
	}
	return refunded
}

// netCalc works out what a paid line owes as refunds are taken into
// account: in int64 minor units with the commission kernel while every
// amount allows, else with commission.ComputeNet. Lines of the previous
// ledger are reused when they hold exactly the amounts computed, sparing
// their allocation; they are checked, never trusted.
type netCalc struct {
	paid   commission.Money
	split  commission.Split
	events []Event
	// taken counts the refunds taken into account: always the first ones
	// of events, which are in canonical order (time first).
	taken int
	// paidUnits and net are the payment and the net base in minor units,
	// meaningful while fast.
	paidUnits, net int64
	fast           bool
	// reuse are the previous ledger's lines: its settlement first (a
	// settlement entry sharing it is reused whole), then Owed and Posted.
	reuse [3]commission.Line
	// sum is exact's running total of the refunds taken into account, so
	// that a call adds only those taken since the one before: a line
	// settled then refunded many times calls owed once per refund.
	sum runningRefunds
}

// runningRefunds is the sum of the first refunds of a netCalc's events,
// each capped at what the payment had left, as exactEach caps them.
type runningRefunds struct {
	started bool
	// odd: a refund the sum cannot stand for (another currency, negative
	// or malformed): exact passes every refund, and ComputeNet decides.
	odd bool
	// n refunds are summed; next is the index in the events after the
	// last of them.
	n, next   int
	sum, left decimal.Decimal
}

func newNetCalc(paid commission.Money, split commission.Split, events []Event, prev *Ledger) netCalc {
	n := netCalc{paid: paid, split: split, events: events}
	n.paidUnits, n.fast = units(paid)
	n.fast = n.fast && n.paidUnits >= 0
	n.net = n.paidUnits
	if prev != nil {
		if len(prev.Entries) > 0 {
			n.reuse[0] = prev.Entries[0].Amounts
		}
		n.reuse[1], n.reuse[2] = prev.Owed, prev.Posted
	}
	return n
}

// refund takes refund r, the next refund of the events, into account.
func (n *netCalc) refund(r commission.Money) {
	n.taken++
	if !n.fast {
		return
	}
	u, ok := unitsIn(r, n.paid.Currency)
	if !ok || u < 0 {
		n.fast = false // the exact path decides
		return
	}
	n.net = max(0, n.net-u) // K5: refunds above the payment leave nothing
}

// owed returns what the line owes on the payment less the refunds taken
// into account, the net base stopping at zero (K5): commission.Compute of
// the net base, as exact computes it.
func (n *netCalc) owed() (commission.Line, error) {
	if !n.fast {
		return n.exact()
	}
	t, c, a, ok := minor.Line(n.net, int64(n.split.Total), int64(n.split.Creator))
	if !ok {
		return n.exact()
	}
	cur := n.paid.Currency
	for _, l := range n.reuse {
		if lineIs(l, cur, n.net, t, c, a) {
			return l, nil
		}
	}
	base := n.paid
	if n.net != n.paidUnits {
		base = commission.FromMinor(n.net, cur)
	}
	return commission.Compute(base, n.split)
}

// exact is owed by commission.ComputeNet, with the refunds taken into
// account capped at the payment (K5: the net base is never below zero).
// While every refund is well-formed and in the payment's currency it
// passes their running sum as one refund: ComputeNet works from the net
// base, so the sum gives the same Line, exponents included (decimal
// addition is exact, and the sum's exponent is the least of its terms').
func (n *netCalc) exact() (commission.Line, error) {
	r := &n.sum
	if !r.started {
		r.started, r.left = true, n.paid.Amount
	}
	for ; !r.odd && r.n < n.taken && r.next < len(n.events); r.next++ {
		e := &n.events[r.next]
		if e.Kind != Refunded {
			continue
		}
		a := e.Amount
		if a.Currency != n.paid.Currency || a.Validate() != nil || a.Amount.Sign() < 0 {
			r.odd = true
			break
		}
		if a.Amount.GreaterThan(r.left) {
			a.Amount = r.left
		}
		r.left = r.left.Sub(a.Amount)
		r.sum = r.sum.Add(a.Amount)
		r.n++
	}
	if r.odd {
		return n.exactEach()
	}
	var refunds []commission.Money
	if r.n > 0 {
		refunds = []commission.Money{{Amount: r.sum, Currency: n.paid.Currency}}
	}
	return commission.ComputeNet(n.paid, refunds, n.split)
}

// exactEach is exact with each refund passed on its own, so that
// ComputeNet names the one it refuses.
func (n *netCalc) exactEach() (commission.Line, error) {
	refunds := make([]commission.Money, 0, n.taken)
	left := n.paid.Amount
	for i := 0; i < len(n.events) && len(refunds) < n.taken; i++ {
		if n.events[i].Kind != Refunded {
			continue
		}
		r := n.events[i].Amount
		if r.Currency == n.paid.Currency && r.Amount.GreaterThan(left) {
			r.Amount = left // ComputeNet checks everything else
		}
		left = left.Sub(r.Amount)
		refunds = append(refunds, r)
	}
	return commission.ComputeNet(n.paid, refunds, n.split)
}

// lineIs reports whether l holds exactly base, total, creator and agency
// minor units of cur, each at cur's scale.
func lineIs(l commission.Line, cur commission.Currency, base, total, creator, agency int64) bool {
	for _, p := range [4]struct {
		m commission.Money
		u int64
	}{{l.Base, base}, {l.Total, total}, {l.Creator, creator}, {l.Agency, agency}} {
		if u, ok := unitsIn(p.m, cur); !ok || u != p.u {
			return false
		}
	}
	return true
}

// atScale reports whether a and b are both in a's currency and carry
// exactly its scale, so that adding zero to either leaves it as it is.
func atScale(a, b commission.Money) bool {
	e := -a.Currency.Scale()
	return a.Currency == b.Currency && a.Amount.Exponent() == e && b.Amount.Exponent() == e
}

// minus returns a - b where the zero Money counts as zero; b is either zero
// Money or in a's currency (a line keeps its currency).
func minus(a, b commission.Money) commission.Money {
	if b.Currency.IsZero() {
		return a
	}
	if atScale(a, b) {
		switch {
		case b.Amount.IsZero():
			return a
		case a == b: // one decimal, shared
			return commission.Zero(a.Currency)
		}
		if x, ok := units(a); ok {
			if y, ok := units(b); ok {
				return commission.FromMinor(x-y, a.Currency) // |x|, |y| < 10^18
			}
		}
	}
	d, _ := a.Sub(b)
	return d
}

// plus returns a + b where the zero Money counts as zero in the other's
// currency.
func plus(a, b commission.Money) (commission.Money, error) {
	switch {
	case b.Currency.IsZero():
		return a, nil
	case a.Currency.IsZero():
		a = commission.Zero(b.Currency)
	}
	if atScale(a, b) {
		switch {
		case b.Amount.IsZero():
			return a, nil
		case a.Amount.IsZero():
			return b, nil
		}
		if x, ok := units(a); ok {
			if y, ok := units(b); ok {
				return commission.FromMinor(x+y, a.Currency), nil // |x|, |y| < 10^18
			}
		}
	}
	return a.Add(b)
}

// reversal returns commission.Reversal(settled, owed), or like when it
// holds exactly those amounts (like is the previous ledger's entry in the
// same place, or the zero Line).
func reversal(settled, owed, like commission.Line) (commission.Line, error) {
	cur := owed.Total.Currency
	var d [4]int64
	for i, p := range [4][2]commission.Money{
		{owed.Base, settled.Base}, {owed.Total, settled.Total}, {owed.Creator, settled.Creator}, {owed.Agency, settled.Agency},
	} {
		a, okA := unitsIn(p[0], cur)
		b, okB := unitsIn(p[1], cur)
		if !okA || !okB {
			return commission.Reversal(settled, owed)
		}
		d[i] = a - b // |a|, |b| < 10^18
	}
	if !cur.IsZero() && d[1] <= 0 && lineIs(like, cur, d[0], d[1], d[2], d[3]) {
		return like, nil
	}
	return commission.Reversal(settled, owed)
}

// refundedAway reports whether the refunds n has taken into account, at
// least one, leave owed, the line's amounts, with a net base of zero: the
// buyer got the whole payment back (A6).
func refundedAway(n *netCalc, owed commission.Line) bool {
	return n.taken > 0 && owed.Base.Amount.IsZero()
}
