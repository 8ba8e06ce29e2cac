package partnerkit_test

import (
	"testing"
	"time"

	"github.com/partnerkit/partnerkit/attribution"
)

// R4: once the agency approves a seller's cancellation the collaboration
// has ended: an order placed after that, even through a showcase entry the
// creator still holds, earns nothing (NotApproved); one placed before it
// still earns, whenever its events arrive.
func TestOrderAfterApprovedCancellationEarnsNothing(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	w.clock.Set(start.Add(time.Hour))
	if _, err := w.svc.RequestCancellation(w.ctx, w.glow, w.serum.ID); err != nil {
		t.Fatalf("RequestCancellation: %v", err)
	}
	w.clock.Set(start.Add(2 * time.Hour))
	closed, err := w.svc.DecideCancellation(w.ctx, w.agency, w.serum.ID, true)
	if err != nil {
		t.Fatalf("DecideCancellation(approve): %v", err)
	}
	before, after := closed.ClosedAt.Add(-time.Minute), closed.ClosedAt.Add(time.Minute)
	w.clock.Set(after.Add(time.Hour))
	rs := w.ingest(
		w.event("e-before", attribution.Paid, "o-before", w.maya, w.serum, "39.98", after, before),
		w.event("e-after", attribution.Paid, "o-after", w.maya, w.serum, "39.98", after, after),
	)
	if got := rs[0].Line; !got.Attribution.OK() || got.Ledger.Owed.Total.String() != "6.00 USD" {
		t.Errorf("order placed before the cancellation: attribution %+v, owed %v; want attributed, 6.00 USD",
			got.Attribution, got.Ledger.Owed)
	}
	got := rs[1].Line
	if got.Attribution != attribution.Unattributed(attribution.NotApproved) {
		t.Errorf("order placed after the cancellation: attribution %+v, want Unattributed(NotApproved)", got.Attribution)
	}
	if !got.Ledger.Owed.Total.IsZero() || !got.Ledger.Owed.Creator.IsZero() {
		t.Errorf("order placed after the cancellation owes %v, want nothing", got.Ledger.Owed)
	}
}
