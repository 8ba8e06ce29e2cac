package attribution_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
)

// Advance settles a delivered line once its settlement window has passed
// without a platform event (A6). The service runs it for delivered lines;
// before the window ends it changes nothing, and at the end it posts the
// settlement and returns the metrics change to record.
func ExampleAdvance() {
	terms := rcTerms("mug", "alice", 1250, 1000) // 12.5%, of which 10% the creator's
	terms.SettlementWindow = 15 * 24 * time.Hour
	l := rcLine(terms, rcAt(3),
		rcEvent(terms, "ev1", "o1", attribution.Paid, rcAt(1), rcUSD("39.98")),
		rcEvent(terms, "ev2", "o1", attribution.Delivered, rcAt(3), commission.Money{}))
	fmt.Println(l.Ledger.Status, "owes creator", l.Ledger.Owed.Creator, "agency", l.Ledger.Owed.Agency)

	for _, now := range []time.Time{rcAt(18).Add(-time.Second), rcAt(18)} {
		next, change, err := attribution.Advance(l, now)
		if err != nil {
			panic(err)
		}
		fmt.Println(now.Format(time.RFC3339), next.Ledger.Status, "no-op:", change.Delta.IsZero())
		if next.Ledger.Status == attribution.StatusSettled {
			e := next.Ledger.Entries[0]
			fmt.Println(e.Kind, e.At.Format(time.RFC3339), e.Amounts)
			fmt.Println("settled creator", change.Delta.SettledCreator, "agency", change.Delta.SettledAgency)
		}
	}
	// Output:
	// pending owes creator 4.00 USD agency 1.00 USD
	// 2026-03-18T11:59:59Z pending no-op: true
	// 2026-03-18T12:00:00Z settled no-op: false
	// settlement 2026-03-18T12:00:00Z base 39.98 USD: total 5.00 USD = creator 4.00 USD + agency 1.00 USD
	// settled creator 4.00 USD agency 1.00 USD
}

// A delivered line in a market with a 15-day settlement window is due
// when the window passes; once settled by it, it is due no more. A store
// indexes this time so a settlement sweep reads only the due lines.
func ExampleLine_DueAt() {
	terms := rcTerms("mug", "alice", 1250, 1000)
	terms.SettlementWindow = 15 * 24 * time.Hour
	l := rcLine(terms, rcAt(3),
		rcEvent(terms, "ev1", "o1", attribution.Paid, rcAt(1), rcUSD("39.98")),
		rcEvent(terms, "ev2", "o1", attribution.Delivered, rcAt(3), commission.Money{}))
	due, ok := l.DueAt()
	fmt.Println(l.Ledger.Status, "due:", ok, due.Format(time.RFC3339))

	settled, _, err := attribution.Advance(l, due)
	if err != nil {
		panic(err)
	}
	_, ok = settled.DueAt()
	fmt.Println(settled.Ledger.Status, "due:", ok)
	// Output:
	// pending due: true 2026-03-18T12:00:00Z
	// settled due: false
}

// WriteEventsCSV writes order events in the file format ReadEventsCSV
// reads (A1): times in UTC, a settled event with no amount, and a creator
// handle such as @alice escaped so a spreadsheet does not take it for a
// formula.
func ExampleWriteEventsCSV() {
	la, _ := time.LoadLocation("America/Los_Angeles")
	placed := time.Date(2026, 3, 1, 9, 0, 0, 0, la)
	ev := func(id string, k attribution.Kind, amount string, at time.Time) attribution.Event {
		var m commission.Money
		if amount != "" {
			m = rcUSD(amount)
		}
		return attribution.Event{ID: attribution.EventID(id), Kind: k, Order: "o1", Line: "1",
			Creator: "@alice", Entry: "USSHOP01/mug", Amount: m, At: at, Placed: placed}
	}
	events := []attribution.Event{
		ev("ev1", attribution.Paid, "39.98", placed),
		ev("ev2", attribution.Refunded, "10.00", placed.AddDate(0, 0, 4)),
		ev("ev3", attribution.Settled, "", time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)),
	}
	if err := attribution.WriteEventsCSV(os.Stdout, events); err != nil {
		panic(err)
	}
	// Output:
	// id,kind,order_id,line_id,creator_id,entry_id,amount,currency,at,placed_at
	// ev1,paid,o1,1,'@alice,USSHOP01/mug,39.98,USD,2026-03-01T17:00:00Z,2026-03-01T17:00:00Z
	// ev2,refunded,o1,1,'@alice,USSHOP01/mug,10.00,USD,2026-03-05T17:00:00Z,2026-03-01T17:00:00Z
	// ev3,settled,o1,1,'@alice,USSHOP01/mug,,,2026-03-20T12:00:00Z,2026-03-01T17:00:00Z
}

// A shop's statement lists the ledger entries posted in the period (A4,
// A5): settlements and, after a refund of a settled line, the signed
// reversal, with the total commission the shop pays and no split between
// creator and agency. Of the shop's three lines, o2/1 is still pending,
// so it has posted nothing and is not in the statement. The o3/1 refund
// of 25.00 reverses what the line owes from its net base (K5): 75.00 owes
// 9.38, so 12.50 - 9.38 = 3.12 is taken back.
func ExampleNewSellerStatement() {
	usd := commission.MustParseCurrency("USD")
	from, to := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	st, err := attribution.NewSellerStatement("USSHOP01", usd, from, to, rcCampaign())
	if err != nil {
		panic(err)
	}
	for _, l := range st.Lines {
		fmt.Println(l.Key, l.Product, l.Kind, l.At.Format(time.DateOnly), l.Base, l.Commission)
	}
	fmt.Println("total", st.Base, st.Commission)

	_, err = attribution.NewSellerStatement("USSHOP01", usd, to, from, rcCampaign())
	fmt.Println("from after to:", errors.Is(err, attribution.ErrInvalid))
	// Output:
	// o1/1 mug settlement 2026-03-10 19.99 USD 2.50 USD
	// o3/1 mug settlement 2026-03-11 100.00 USD 12.50 USD
	// o3/1 mug reversal 2026-03-12 -25.00 USD -3.12 USD
	// total 94.99 USD 11.88 USD
	// from after to: true
}

// SourceOf makes a LedgerSource of lines already in memory, such as one
// creator's lines of a campaign, for Reconcile: a line outside the scope
// is not found, so a report row naming it is flagged in_report_only.
func ExampleSourceOf() {
	var alices []attribution.Line
	for _, l := range rcCampaign() {
		if l.Creator == "alice" {
			alices = append(alices, l)
		}
	}
	src := attribution.SourceOf(alices)
	_ = src.Keys(func(k attribution.LineKey) bool {
		l, _, _ := src.Line(k)
		fmt.Println(k, l.Ledger.Status, "creator", l.Ledger.Owed.Creator)
		return true
	})
	_, found, _ := src.Line(attribution.LineKey{Order: "o2", Line: "1"})
	fmt.Println("o2/1 (bob's) in scope:", found)

	// The platform's report of alice's lines agrees with the ledger.
	var report strings.Builder
	m := attribution.TikTokPartnerOrders()
	if err := attribution.WriteReport(&report, m, alices); err != nil {
		panic(err)
	}
	rec, err := attribution.Reconcile(strings.NewReader(report.String()), m, src, attribution.ReconcileOptions{})
	fmt.Println("rows", rec.Rows, "agreed", rec.Agreed, "ok", rec.OK(), err)
	// Output:
	// o1/1 settled creator 2.00 USD
	// o3/1 settled creator 7.50 USD
	// o2/1 (bob's) in scope: false
	// rows 2 agreed 2 ok true <nil>
}
