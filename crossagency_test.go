package partnerkit_test

import (
	"testing"
	"time"

	"github.com/partnerkit/partnerkit/attribution"
)

// K4: a creator managed by another agency earns the creator rate and the
// campaign's agency the rest, exactly as for its own creators; the line
// records the creator's agency.
func TestCrossAgencyCreator(t *testing.T) {
	w := newWorld(t)
	w.accept(w.leo, w.listLink)  // leo is managed by agency-northstar
	w.accept(w.maya, w.listLink) // maya by no agency
	at := start.Add(time.Hour)
	rs := w.ingest(
		w.event("e-leo", attribution.Paid, "o-leo", w.leo, w.serum, "39.98", at, at),
		w.event("e-maya", attribution.Paid, "o-maya", w.maya, w.serum, "39.98", at, at),
	)
	leo, maya := rs[0].Line, rs[1].Line
	if got := leo.Attribution.Terms; got.CreatorAgency != "agency-northstar" || !got.CrossAgency() {
		t.Errorf("leo's terms = %+v, want CreatorAgency agency-northstar, cross-agency", got)
	}
	if maya.Attribution.Terms.CrossAgency() {
		t.Errorf("maya's terms %+v are cross-agency, want not", maya.Attribution.Terms)
	}
	// 39.98 at 15% total, 10% creator: 6.00 = 4.00 + 2.00 for both.
	for _, l := range []attribution.Line{leo, maya} {
		o := l.Ledger.Owed
		if o.Total.String() != "6.00 USD" || o.Creator.String() != "4.00 USD" || o.Agency.String() != "2.00 USD" {
			t.Errorf("%v owed %v, want 6.00 = 4.00 + 2.00 USD", l.Key, o)
		}
	}
}
