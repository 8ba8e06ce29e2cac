package attribution_test

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
)

// moreLines are rcCampaign (agency acme's campaign spring, shop USSHOP01)
// and one paid hat line of agency zenith's campaign summer, shop USSHOP02.
func moreLines() []attribution.Line {
	hat := rcTerms("hat", "carol", 1000, 800)
	hat.Campaign, hat.Agency, hat.Shop = "summer", "zenith", "USSHOP02"
	return append(rcCampaign(), rcLine(hat, rcAt(20), rcEvent(hat, "ev7", "o4", attribution.Paid, rcAt(4), rcUSD("50.00"))))
}

// moreMetrics are the metrics of moreLines, sorted by key as a store lists
// them. The mug has two videos, one of them made with a sample.
func moreMetrics() ([]attribution.CampaignMetrics, []attribution.ProductMetrics) {
	tot, err := attribution.Recompute(moreLines())
	if err != nil {
		panic(err)
	}
	cs := slices.SortedFunc(maps.Values(tot.Campaigns), func(a, b attribution.CampaignMetrics) int {
		return cmp.Compare(a.Campaign, b.Campaign)
	})
	ps := slices.SortedFunc(maps.Values(tot.Products), func(a, b attribution.ProductMetrics) int {
		return cmp.Or(cmp.Compare(a.Campaign, b.Campaign), cmp.Compare(a.Product, b.Product))
	})
	for i := range ps {
		if ps[i].Product == "mug" {
			ps[i].Content = attribution.ContentCounts{Videos: 2, VideosWithSample: 1}
		}
	}
	return cs, ps
}

// Attributed is the caller's decision that a line earns under terms it
// resolved (P6). Attributions compare with ==, and Validate reports the
// terms' problems.
func ExampleAttributed() {
	t := rcTerms("mug", "alice", 1250, 1000)
	a := attribution.Attributed(t)
	fmt.Println(a.OK(), a.Reason, a.Validate(), a == attribution.Attributed(t))

	t.Creator = ""
	var fe *attribution.FieldError
	err := attribution.Attributed(t).Validate()
	fmt.Println(errors.As(err, &fe), fe.Field, errors.Is(err, attribution.ErrInvalid))
	// Output:
	// true attributed <nil> true
	// true terms.creator true
}

// Unattributed is the decision that a line earns nothing, and why. Its
// payment is recorded, but it owes no commission and moves no metrics; the
// creator still sees the order, with the reason.
func ExampleUnattributed() {
	mug := rcTerms("mug", "alice", 1250, 1000)
	ev := rcEvent(mug, "ev8", "o8", attribution.Paid, rcAt(2), rcUSD("10.00"))
	l, change, err := attribution.Apply(attribution.Line{}, ev, attribution.Unattributed(attribution.NotOngoing), rcAt(3))
	fmt.Println(l.Ledger.Status, l.Ledger.Paid, l.Ledger.Owed.Total, change.Delta.IsZero(), err)
	for _, o := range attribution.CreatorOrders("alice", []attribution.Line{l}) {
		fmt.Println(o.Key, o.Status, o.Reason, o.Commission)
	}
	// Output:
	// unattributed 10.00 USD 0.00 USD true <nil>
	// o8/1 unattributed not_ongoing 0.00 USD
}

// EventsCSVHeader is the first row of an events file; the header alone,
// as a host offers for download as a template, reads as no events. Each
// call returns a fresh copy.
func ExampleEventsCSVHeader() {
	var b strings.Builder
	w := csv.NewWriter(&b)
	_ = w.Write(attribution.EventsCSVHeader())
	w.Flush()
	fmt.Print(b.String())
	events, err := attribution.ReadEventsCSV(strings.NewReader(b.String()))
	fmt.Println(len(events), err)

	h := attribution.EventsCSVHeader()
	h[0] = "event_id"
	fmt.Println(attribution.EventsCSVHeader()[0])
	// Output:
	// id,kind,order_id,line_id,creator_id,entry_id,amount,currency,at,placed_at
	// 0 <nil>
	// id
}

// SellerCSVHeader is the first row WriteSellerCSV writes: a seller's
// export has no creator column (A4).
func ExampleSellerCSVHeader() {
	h := attribution.SellerCSVHeader()
	fmt.Println(strings.Join(h, ","))
	fmt.Println("creator column:", slices.Contains(h, "creator_id"))
	// Output:
	// order_id,line_id,campaign_id,product_id,status,paid_at,base,commission,currency
	// creator column: false
}

// Recompute sums lines' ledgers from scratch: what the incremental metrics
// must equal, or a rebuild of them. The unattributed o8 adds nothing. Of
// spring's three orders, o2 is pending, so estimated and settled amounts
// differ.
func ExampleRecompute() {
	mug := rcTerms("mug", "alice", 1250, 1000)
	ev := rcEvent(mug, "ev8", "o8", attribution.Paid, rcAt(2), rcUSD("10.00"))
	outside, _, err := attribution.Apply(attribution.Line{}, ev, attribution.Unattributed(attribution.NotOngoing), rcAt(20))
	if err != nil {
		panic(err)
	}

	tot, err := attribution.Recompute(append(moreLines(), outside))
	if err != nil {
		panic(err)
	}
	for _, id := range slices.Sorted(maps.Keys(tot.Campaigns)) {
		m := tot.Campaigns[id]
		fmt.Println(m.Campaign, m.Agency, "orders", m.PaidOrders, "creators", m.Creators, "gmv", m.GMV,
			"estimated", m.EstimatedCreator, m.EstimatedAgency, "settled", m.SettledCreator, m.SettledAgency)
	}
	fmt.Println(len(tot.Products), "products")
	// Output:
	// spring acme orders 3 creators 2 gmv 134.99 USD estimated 11.50 USD 8.38 USD settled 9.50 USD 2.38 USD
	// summer zenith orders 1 creators 1 gmv 50.00 USD estimated 4.00 USD 1.00 USD settled 0.00 USD 0.00 USD
	// 3 products
}

// SellerProducts is a shop's view of its products' metrics (A4): the
// total commission it pays, estimated and settled, never the split
// between creator and agency; other shops' products are left out.
func ExampleSellerProducts() {
	_, ps := moreMetrics()
	for _, p := range attribution.SellerProducts("USSHOP01", ps) {
		fmt.Println(p.Campaign, p.Product, p.TotalRate, "orders", p.PaidOrders, "gmv", p.GMV,
			"commission", p.EstimatedCommission, "settled", p.SettledCommission, "videos", p.Content.Videos)
	}
	// Output:
	// spring cap 20% orders 1 gmv 40.00 USD commission 8.00 USD settled 0.00 USD videos 0
	// spring mug 12.5% orders 2 gmv 94.99 USD commission 11.88 USD settled 11.88 USD videos 2
}

// AgencyCampaigns keeps an agency's own campaigns' metrics (A4), in the
// order given: another agency's campaigns never reach its dashboard.
func ExampleAgencyCampaigns() {
	cs, _ := moreMetrics()
	for _, agency := range []campaign.AgencyID{"acme", "zenith", "nobody"} {
		fmt.Print(agency, ":")
		for _, m := range attribution.AgencyCampaigns(agency, cs) {
			fmt.Print(" ", m.Campaign, " ", m.GMV)
		}
		fmt.Println()
	}
	// Output:
	// acme: spring 134.99 USD
	// zenith: summer 50.00 USD
	// nobody:
}

// AgencyProducts keeps the product metrics of an agency's own campaigns
// (A4), in the order given.
func ExampleAgencyProducts() {
	_, ps := moreMetrics()
	for _, p := range attribution.AgencyProducts("acme", ps) {
		fmt.Println(p.Campaign, p.Product, p.Shop, "creator", p.EstimatedCreator, "agency", p.EstimatedAgency)
	}
	// Output:
	// spring cap USSHOP01 creator 2.00 USD agency 6.00 USD
	// spring mug USSHOP01 creator 9.50 USD agency 2.38 USD
}

// FilterProducts splits products by whether content was posted for them
// (A2), in the order given: the agency's "no content yet" list is where it
// chases creators.
func ExampleFilterProducts() {
	_, ps := moreMetrics()
	for _, s := range []attribution.ContentStatus{attribution.ContentPosted, attribution.NoContent} {
		fmt.Print(s == attribution.ContentPosted, ":")
		for _, p := range attribution.FilterProducts(ps, s) {
			fmt.Print(" ", p.Campaign, "/", p.Product)
		}
		fmt.Println()
	}
	// Output:
	// true: spring/mug
	// false: spring/cap summer/hat
}

// WriteReport writes the report a platform would send if it agreed with
// the ledger, in a mapping's columns: here a report in USD with only the
// settled creator commission. A pending line has no actual figure yet, a
// line not paid yet is left out, and a line in another currency than the
// report's is refused.
func ExampleWriteReport() {
	usd := commission.MustParseCurrency("USD")
	m := attribution.ReportMapping{Order: "order", Line: "line", Payment: "paid", FixedCurrency: usd,
		Actual: attribution.AmountColumns{Creator: "creator settled"}, Status: "status"}
	mug := rcTerms("mug", "alice", 1250, 1000)
	unpaid := rcLine(mug, rcAt(20), rcEvent(mug, "ev9", "o9", attribution.Delivered, rcAt(5), commission.Money{}))
	rc := rcCampaign()
	lines := []attribution.Line{rc[0], rc[1], unpaid}
	if err := attribution.WriteReport(os.Stdout, m, lines); err != nil {
		panic(err)
	}

	yen, _ := commission.NewMoney("1500", "JPY")
	jp := rcLine(mug, rcAt(20), rcEvent(mug, "ev10", "o10", attribution.Paid, rcAt(5), yen))
	err := attribution.WriteReport(&strings.Builder{}, m, []attribution.Line{jp})
	fmt.Println("JPY line:", errors.Is(err, attribution.ErrCurrencyMismatch))
	// Output:
	// order,line,paid,creator settled,status
	// o1,1,19.99,2.00,settled
	// o2,1,40.00,,pending
	// JPY line: true
}
