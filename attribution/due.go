package attribution

import (
	"slices"
	"time"
)

// DueAt returns the time from which the passing of l's settlement window
// changes its ledger (A6), and false if it never will. It is l's first
// delivery plus its Terms.SettlementWindow, when l was derived before then
// and the window then changes it: it settles a pending delivered line, and
// settles earlier, or voids otherwise, a line whose platform Settled
// event, cancellation or refunds decided it. Advance(l, now) changes l's
// ledger for every now at or after it, and for none before it (nor for
// any, when l is never due), so a store can index lines by DueAt and a
// settlement sweep read only the lines that are due
// (storage.LineQuery.DueBy) instead of every line it holds.
//
// A line with no settlement window, no delivery or no payment, or one its
// window has settled already, is never due.
func (l Line) DueAt() (time.Time, bool) {
	due, ok := windowDue(&l)
	if !ok || l.Ledger.Paid.Currency.IsZero() {
		return time.Time{}, false
	}
	switch {
	case l.Ledger.Status == StatusPending:
		// Not settled, not cancelled, not refunded in full: at due the
		// window settles it, or voids it for refunds before then.
		return due, true
	case l.Ledger.Status == StatusSettled && windowSettled(&l.Ledger, l.Events):
		return time.Time{}, false
	}
	// Void, or settled by a Settled event: whether the window changes it
	// depends on the dates of its events and on the clock it was derived
	// at, so derive it as the window passes and compare.
	adv, err := derive(l.Attribution, l.Events, due, &l.Ledger)
	if err != nil || sameLedger(&l.Ledger, &adv) {
		return time.Time{}, false
	}
	return due, true
}

// windowDue returns when l's settlement window passes: its first delivery
// plus its terms' window, if it has both.
func windowDue(l *Line) (time.Time, bool) {
	w := l.Attribution.Terms.SettlementWindow
	if !l.Attribution.OK() || w <= 0 {
		return time.Time{}, false
	}
	i := slices.IndexFunc(l.Events, func(e Event) bool { return e.Kind == Delivered })
	if i < 0 {
		return time.Time{}, false
	}
	return l.Events[i].At.Add(w), true
}

// sameLedger reports whether a and b say the same: status, amounts,
// settlement time and every entry.
func sameLedger(a, b *Ledger) bool {
	if a.Status != b.Status || !a.SettledAt.Equal(b.SettledAt) || len(a.Entries) != len(b.Entries) ||
		!a.Owed.Equal(b.Owed) || !a.Posted.Equal(b.Posted) {
		return false
	}
	for i := range a.Entries {
		x, y := &a.Entries[i], &b.Entries[i]
		if x.Kind != y.Kind || !x.At.Equal(y.At) || !x.Amounts.Equal(y.Amounts) || !slices.Equal(x.Events, y.Events) {
			return false
		}
	}
	return true
}
