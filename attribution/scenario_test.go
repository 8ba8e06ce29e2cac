package attribution_test

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
)

// TestWorkedScenario checks hand-computed cents for a small campaign:
//
//   - o1 (alice, p1 12.5%/10%): paid 19.99, platform-settled on day 10,
//     refunded 5.00 on day 12 (after settlement: a reversal, K5);
//   - o2 (bob, managed by agency ag2, p2 15%/9%): paid 40.00, refunded
//     10.00 on day 5 while pending (no reversal, A6), delivered on day 3
//     with a 7-day window, so settled on day 10 (A6); bob earns C and ag1
//     earns A (K4);
//   - o3 (alice, p1): paid 0.20, pending: 12.5% of 20 cents is 2.5 cents,
//     rounded half to even to 2 (K2);
//   - o4: placed, then cancelled before payment: nothing.
//
// A2 A5 A6 K2 K4 K5
func TestWorkedScenario(t *testing.T) {
	p2 := terms()
	p2.Product, p2.Registration, p2.Entry, p2.Creator = "p2", "r2", "e2", "bob"
	p2.CreatorAgency = "ag2"
	p2.Split = commission.Split{Total: 1500, Creator: 900}
	p2.SettlementWindow = 7 * 24 * time.Hour
	attr := func(e attribution.Event) attribution.Attribution {
		if e.Creator == "bob" {
			return attribution.Attributed(p2)
		}
		return attribution.Attributed(terms())
	}
	bobEv := func(id string, k attribution.Kind, at time.Time, amount commission.Money) attribution.Event {
		e := by(event(id, k, "o2", at, amount), "bob")
		e.Entry = "e2"
		return e
	}
	now := day(20)
	lines := applyAll(t, attr, now,
		event("o1-paid", attribution.Paid, "o1", day(1), money(t, "19.99")),
		event("o1-settled", attribution.Settled, "o1", day(10), commission.Money{}),
		event("o1-refund", attribution.Refunded, "o1", day(12), money(t, "5.00")),
		bobEv("o2-paid", attribution.Paid, day(1), money(t, "40.00")),
		bobEv("o2-delivered", attribution.Delivered, day(3), commission.Money{}),
		bobEv("o2-refund", attribution.Refunded, day(5), money(t, "10.00")),
		event("o3-paid", attribution.Paid, "o3", day(2), money(t, "0.20")),
		event("o4-placed", attribution.Placed, "o4", day(2), commission.Money{}),
		event("o4-cancelled", attribution.Cancelled, "o4", day(3), commission.Money{}),
	)
	key := func(o string) attribution.LineKey {
		return attribution.LineKey{Order: attribution.OrderID(o), Line: "1"}
	}

	wantLedgers := map[string]attribution.Ledger{
		"o1": {
			Status: attribution.StatusSettled, Paid: money(t, "19.99"), Refunded: money(t, "5.00"),
			Owed: line(t, "14.99", "1.87", "1.50", "0.37"), Posted: line(t, "14.99", "1.87", "1.50", "0.37"), SettledAt: day(10),
			Entries: []attribution.Entry{
				{Seq: 1, Kind: attribution.Settlement, At: day(10), Amounts: line(t, "19.99", "2.50", "2.00", "0.50"),
					Terms: terms(), Events: []attribution.EventID{"o1-paid", "o1-settled"}},
				{Seq: 2, Kind: attribution.Reversal, At: day(12), Amounts: line(t, "-5.00", "-0.63", "-0.50", "-0.13"),
					Terms: terms(), Events: []attribution.EventID{"o1-refund"}},
			},
		},
		"o2": {
			Status: attribution.StatusSettled, Paid: money(t, "40.00"), Refunded: money(t, "10.00"),
			Owed: line(t, "30.00", "4.50", "2.70", "1.80"), Posted: line(t, "30.00", "4.50", "2.70", "1.80"), SettledAt: day(10),
			Entries: []attribution.Entry{
				{Seq: 1, Kind: attribution.Settlement, At: day(10), Amounts: line(t, "30.00", "4.50", "2.70", "1.80"),
					Terms: p2, Events: []attribution.EventID{"o2-paid", "o2-refund", "o2-delivered"}},
			},
		},
		"o3": {
			Status: attribution.StatusPending, Paid: money(t, "0.20"), Refunded: money(t, "0"),
			Owed: line(t, "0.20", "0.02", "0.02", "0.00"), Posted: line(t, "0", "0", "0", "0"),
		},
		"o4": {Status: attribution.StatusVoid},
	}
	for o, want := range wantLedgers {
		if diff := cmp.Diff(want, lines[key(o)].Ledger, cmpOpts); diff != "" {
			t.Errorf("ledger of %s (-want +got):\n%s", o, diff)
		}
	}

	// Metrics maintained incrementally equal the hand totals.
	all := slices.Collect(func(yield func(attribution.Line) bool) {
		for _, o := range []string{"o1", "o2", "o3", "o4"} {
			if !yield(lines[key(o)]) {
				return
			}
		}
	})
	tot, err := attribution.Recompute(all)
	if err != nil {
		t.Fatal(err)
	}
	wantC1 := attribution.CampaignMetrics{Campaign: "c1", Agency: "ag1", Metrics: attribution.Metrics{
		PaidOrders: 3, Creators: 2, GMV: money(t, "45.19"),
		EstimatedCreator: money(t, "4.22"), EstimatedAgency: money(t, "2.17"),
		SettledCreator: money(t, "4.20"), SettledAgency: money(t, "2.17"),
	}}
	if diff := cmp.Diff(map[campaign.ID]attribution.CampaignMetrics{"c1": wantC1}, tot.Campaigns, cmpOpts); diff != "" {
		t.Errorf("Recompute campaigns (-want +got):\n%s", diff)
	}

	// Statements reconcile (A5).
	st, err := attribution.NewAgencyStatement("ag1", usd, day(0), day(30), all)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(line(t, "44.99", "6.37", "4.20", "2.17"), st.Totals, cmpOpts); diff != "" {
		t.Errorf("agency statement totals (-want +got):\n%s", diff)
	}
	var order []string
	for _, l := range st.Lines {
		order = append(order, string(l.Key.Order)+" "+l.Kind.String())
	}
	if diff := cmp.Diff([]string{"o1 settlement", "o2 settlement", "o1 reversal"}, order); diff != "" {
		t.Errorf("agency statement lines (-want +got):\n%s", diff)
	}
	cs, err := attribution.NewCreatorStatement("alice", usd, day(0), day(30), all)
	if err != nil {
		t.Fatal(err)
	}
	if !cs.Base.Equal(money(t, "14.99")) || !cs.Commission.Equal(money(t, "1.50")) || len(cs.Lines) != 2 {
		t.Errorf("alice's statement = base %v commission %v over %d lines, want 14.99 USD, 1.50 USD, 2", cs.Base, cs.Commission, len(cs.Lines))
	}
	// K4: bob earns his 9% on the net 30.00 however his own agency splits it;
	// the campaign's agency earns the remaining 6%.
	bob, err := attribution.NewCreatorStatement("bob", usd, day(0), day(30), all)
	if err != nil {
		t.Fatal(err)
	}
	if !bob.Commission.Equal(money(t, "2.70")) {
		t.Errorf("bob's commission = %v, want 2.70 USD", bob.Commission)
	}
}
