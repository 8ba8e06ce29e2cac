package attribution_test

import (
	"fmt"
	"os"
	"time"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
)

// exampleLines pays and settles one line of alice's, then refunds part of
// it after settlement.
func exampleLines() []attribution.Line {
	at := func(d int) time.Time { return time.Date(2026, 3, d, 12, 0, 0, 0, time.UTC) }
	paid, _ := commission.NewMoney("19.99", "USD")
	refund, _ := commission.NewMoney("5.00", "USD")
	attr := attribution.Attributed(attribution.Terms{
		Campaign: "spring", Agency: "acme", Shop: "USSHOP01", Registration: "r1", Product: "mug", List: "l1",
		Entry: "e1", Creator: "alice", RateVersion: 1, Split: commission.Split{Total: 1250, Creator: 1000},
	})
	var l attribution.Line
	for _, ev := range []attribution.Event{
		{ID: "ev1", Kind: attribution.Paid, Order: "o1", Line: "1", Creator: "alice", Entry: "e1", Amount: paid, At: at(1)},
		{ID: "ev2", Kind: attribution.Settled, Order: "o1", Line: "1", Creator: "alice", Entry: "e1", At: at(10)},
		{ID: "ev3", Kind: attribution.Refunded, Order: "o1", Line: "1", Creator: "alice", Entry: "e1", Amount: refund, At: at(12)},
	} {
		var err error
		if l, _, err = attribution.Apply(l, ev, attr, at(20)); err != nil {
			panic(err)
		}
	}
	return []attribution.Line{l}
}

func ExampleApply() {
	paid, _ := commission.NewMoney("100.00", "USD")
	attr := attribution.Attributed(attribution.Terms{
		Campaign: "spring", Agency: "acme", Shop: "USSHOP01", Product: "mug", Creator: "alice",
		Split: commission.Split{Total: 1250, Creator: 1000},
	})
	ev := attribution.Event{ID: "ev1", Kind: attribution.Paid, Order: "o1", Line: "1", Creator: "alice",
		Amount: paid, At: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
	now := ev.At
	l, change, err := attribution.Apply(attribution.Line{}, ev, attr, now)
	if err != nil {
		panic(err)
	}
	fmt.Println(l.Ledger.Status, l.Ledger.Owed)
	fmt.Println("paid orders", change.Delta.PaidOrders, "estimated creator", change.Delta.EstimatedCreator)
	_, again, _ := attribution.Apply(l, ev, attr, now)
	fmt.Println("duplicate:", again.Duplicate)
	// Output:
	// pending base 100.00 USD: total 12.50 USD = creator 10.00 USD + agency 2.50 USD
	// paid orders 1 estimated creator 10.00 USD
	// duplicate: true
}

func ExampleDerive() {
	l := exampleLines()[0]
	for _, e := range l.Ledger.Entries {
		fmt.Println(e.Seq, e.Kind, e.Amounts, "campaign", e.Terms.Campaign, "rate version", e.Terms.RateVersion, e.Events)
	}
	// Output:
	// 1 settlement base 19.99 USD: total 2.50 USD = creator 2.00 USD + agency 0.50 USD campaign spring rate version 1 [ev1 ev2]
	// 2 reversal base -5.00 USD: total -0.63 USD = creator -0.50 USD + agency -0.13 USD campaign spring rate version 1 [ev3]
}

func ExampleSellerOrders() {
	for _, o := range attribution.SellerOrders("USSHOP01", exampleLines()) {
		fmt.Println(o.Key, o.Product, o.Status, o.Base, o.Commission)
	}
	// Output:
	// o1/1 mug settled 14.99 USD 1.87 USD
}

func ExampleWriteSellerCSV() {
	if err := attribution.WriteSellerCSV(os.Stdout, attribution.SellerOrders("USSHOP01", exampleLines())); err != nil {
		panic(err)
	}
	// Output:
	// order_id,line_id,campaign_id,product_id,status,paid_at,base,commission,currency
	// o1,1,spring,mug,settled,2026-03-01T12:00:00Z,14.99,1.87,USD
}

func ExampleCreatorOrders() {
	for _, o := range attribution.CreatorOrders("alice", exampleLines()) {
		fmt.Println(o.Key, o.Rate, o.Commission, o.Settled)
	}
	// Output:
	// o1/1 10% 1.50 USD 1.50 USD
}

func ExampleAgencyOrders() {
	for _, o := range attribution.AgencyOrders("acme", exampleLines()) {
		fmt.Println(o.Key, o.Creator, o.Terms.Split, o.Ledger.Posted.Agency)
	}
	fmt.Println(len(attribution.AgencyOrders("other", exampleLines())))
	// Output:
	// o1/1 alice total 12.5% = creator 10% + agency 2.5% 0.37 USD
	// 0
}

func ExampleNewCreatorStatement() {
	usd := commission.MustParseCurrency("USD")
	from, to := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	st, err := attribution.NewCreatorStatement("alice", usd, from, to, exampleLines())
	if err != nil {
		panic(err)
	}
	for _, l := range st.Lines {
		fmt.Println(l.Key, l.Kind, l.Rate, l.Base, l.Commission)
	}
	fmt.Println("total", st.Base, st.Commission)
	// Output:
	// o1/1 settlement 10% 19.99 USD 2.00 USD
	// o1/1 reversal 10% -5.00 USD -0.50 USD
	// total 14.99 USD 1.50 USD
}

func ExampleNewAgencyStatement() {
	usd := commission.MustParseCurrency("USD")
	from, to := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	st, err := attribution.NewAgencyStatement("acme", usd, from, to, exampleLines())
	if err != nil {
		panic(err)
	}
	fmt.Println(len(st.Lines), "lines;", st.Totals)
	// Output:
	// 2 lines; base 14.99 USD: total 1.87 USD = creator 1.50 USD + agency 0.37 USD
}

func ExampleCampaignMetrics_Add() {
	var m attribution.CampaignMetrics
	tally := map[string]int64{} // per (campaign, creator), kept by the storage
	for _, l := range exampleLines() {
		// Replaying a line's events from scratch gives deltas that sum to its contribution.
		var fresh attribution.Line
		for _, ev := range l.Events {
			var c attribution.Change
			fresh, c, _ = attribution.Apply(fresh, ev, l.Attribution, time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC))
			key := string(c.Delta.Campaign) + "/" + string(c.Delta.Creator)
			m, tally[key], _ = m.Add(c.Delta, tally[key])
		}
	}
	fmt.Println(m.Campaign, m.PaidOrders, m.Creators, m.GMV, m.SettledCreator, m.SettledAgency)
	// Output:
	// spring 1 1 14.99 USD 1.50 USD 0.37 USD
}

func ExampleProgress_SetSampleQuantity() {
	p := attribution.Progress{Campaign: "spring", Product: "mug", Creator: "alice"}
	p, _ = p.RequestSample("s1", 2)
	p, _ = p.SetSampleStatus("s1", attribution.SampleApproved)
	p, _ = p.SetSampleQuantity("s1", 3)
	_, err := p.SetSampleQuantity("s1", 1)
	fmt.Println(p.Samples[0].Quantity)
	fmt.Println(err)
	// Output:
	// 3
	// quantity "1": attribution: approved for 3; the quantity may be raised, never lowered: invalid
}
