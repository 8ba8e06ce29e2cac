package attribution_test

import (
	"fmt"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
)

// A batch adds many deltas to a campaign's stored metrics and stores the
// result once.
func ExampleCampaignSum() {
	usd := func(s string) commission.Money { m, _ := commission.NewMoney(s, "USD"); return m }
	stored := attribution.CampaignMetrics{Campaign: "spring", Agency: "acme"}
	sum := stored.Sum()
	tally := int64(0) // alice's counted lines in the campaign
	for _, d := range []attribution.Delta{
		{Campaign: "spring", Agency: "acme", Creator: "alice", PaidOrders: 1, CreatorLines: 1,
			GMV: usd("100.00"), EstimatedCreator: usd("10.00"), EstimatedAgency: usd("2.50")},
		{Campaign: "spring", Agency: "acme", Creator: "alice",
			GMV: usd("-20.00"), EstimatedCreator: usd("-2.00"), EstimatedAgency: usd("-0.50")},
	} {
		var err error
		if tally, err = sum.Add(d, tally); err != nil {
			panic(err)
		}
	}
	m := sum.Metrics()
	fmt.Println(m.PaidOrders, m.Creators, m.GMV, m.EstimatedCreator, m.EstimatedAgency, tally)
	// Output: 1 1 80.00 USD 8.00 USD 2.00 USD 1
}

// ProductSum is CampaignSum for a product's metrics.
func ExampleProductSum() {
	usd := func(s string) commission.Money { m, _ := commission.NewMoney(s, "USD"); return m }
	sum := attribution.ProductMetrics{}.Sum()
	d := attribution.Delta{Campaign: "spring", Agency: "acme", Shop: "USSHOP01", Product: "mug", Creator: "alice", TotalRate: 1250,
		PaidOrders: 1, CreatorLines: 1, GMV: usd("19.99"), EstimatedCreator: usd("2.00"), EstimatedAgency: usd("0.50")}
	if _, err := sum.Add(d, 0); err != nil {
		panic(err)
	}
	m := sum.Metrics()
	fmt.Println(m.Key(), m.TotalRate, m.PaidOrders, m.GMV)
	// Output: {spring mug} 12.5% 1 19.99 USD
}
