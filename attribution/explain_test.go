package attribution_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/attribution"
	"pgregory.net/rapid"
)

// TestExplainReplays: an explanation's steps replay the events in
// canonical order, and the last step owes what the ledger owes (A1, A6).
func TestExplainReplays(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		lines, now := rcGenLines(t)
		for _, l := range lines {
			e, err := attribution.Explain(l, now)
			if err != nil {
				t.Fatalf("Explain(%v) = %v", l.Key, err)
			}
			if len(e.Steps) != len(l.Events) || e.Placed.IsZero() {
				t.Fatalf("Explain(%v) = %d steps, placed %v; want %d and the order's time", l.Key, len(e.Steps), e.Placed, len(l.Events))
			}
			last := e.Steps[len(e.Steps)-1]
			if diff := cmp.Diff(l.Ledger.Owed, last.Owed, rcOpts); diff != "" || last.Status != l.Ledger.Status {
				t.Fatalf("Explain(%v) last step %v (-ledger +step):\n%s", l.Key, last.Status, diff)
			}
			c, s := e.ForCreator(), e.ForSeller()
			if !c.Commission.Equal(l.Ledger.Owed.Creator) || !s.Commission.Equal(l.Ledger.Owed.Total) {
				t.Fatalf("Explain(%v) creator %v seller %v, want %v and %v", l.Key, c.Commission, s.Commission, l.Ledger.Owed.Creator, l.Ledger.Owed.Total)
			}
		}
	})
}

// TestExplainViewsHideFigures: A4, K1: the creator's view has no total or
// agency figure, the seller's no creator; by type and in their text.
func TestExplainViewsHideFigures(t *testing.T) {
	fields := func(v any) []string {
		var out []string
		for f := range reflect.TypeOf(v).Fields() {
			out = append(out, f.Name)
		}
		return out
	}
	for _, f := range fields(attribution.CreatorExplanation{}) {
		if strings.Contains(f, "Total") || strings.Contains(f, "Agency") || f == "Shop" || f == "Registration" {
			t.Errorf("CreatorExplanation has field %s", f)
		}
	}
	for _, f := range fields(attribution.SellerExplanation{}) {
		if strings.Contains(f, "Creator") || f == "List" || f == "Entry" || f == "Rate" || strings.Contains(f, "Agency") {
			t.Errorf("SellerExplanation has field %s", f)
		}
	}
	e, err := attribution.Explain(rcCampaign()[0], rcAt(20))
	if err != nil {
		t.Fatal(err)
	}
	if c := e.ForCreator().String(); strings.Contains(c, "12.5%") || strings.Contains(c, "2.50 USD") || strings.Contains(c, "agency") {
		t.Errorf("creator text shows the total or agency:\n%s", c)
	}
	if s := e.ForSeller().String(); strings.Contains(s, "alice") || strings.Contains(s, "10%") || strings.Contains(s, "2.00 USD") {
		t.Errorf("seller text shows the creator:\n%s", s)
	}
}

// A6: an unattributed line explains why it earns nothing.
func TestExplainUnattributed(t *testing.T) {
	ev := attribution.Event{ID: "u1", Kind: attribution.Paid, Order: "u", Line: "1", Creator: "zed", Amount: rcUSD("5.00"), At: rcAt(2)}
	l, _, err := attribution.Apply(attribution.Line{}, ev, attribution.Unattributed(attribution.NotOngoing), rcAt(20))
	if err != nil {
		t.Fatal(err)
	}
	e, err := attribution.Explain(l, rcAt(20))
	if err != nil {
		t.Fatal(err)
	}
	if c := e.ForCreator(); c.Reason != attribution.NotOngoing || !strings.Contains(c.String(), "not attributed: not_ongoing") {
		t.Errorf("creator view of an unattributed line = %+v\n%s", c, c)
	}
	if !strings.Contains(e.String(), "not attributed: not_ongoing") || !e.Placed.Equal(rcAt(2)) {
		t.Errorf("Explain(unattributed) =\n%s", e)
	}
}
