package attribution_test

import (
	"fmt"
	"strings"

	"github.com/partnerkit/partnerkit/attribution"
)

func ExampleReconcile() {
	lines := rcCampaign()
	// The platform's export, as WriteReport would write it from the
	// ledger, with two discrepancies planted: the creator commission of o2
	// and an order the ledger does not know.
	var report strings.Builder
	m := attribution.TikTokPartnerOrders()
	if err := attribution.WriteReport(&report, m, lines); err != nil {
		panic(err)
	}
	csv := strings.Replace(report.String(), "o2,1,cap,bob,40.00,USD,20%,5%,8.00,2.00,6.00", "o2,1,cap,bob,40.00,USD,20%,5%,8.00,2.40,5.60", 1)
	csv += "o9,1,mug,carol,10.00,USD,12.5%,10%,1.25,1.00,0.25,,,,Pending\n"

	rec, err := attribution.Reconcile(strings.NewReader(csv), m, attribution.SourceOf(lines), attribution.ReconcileOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Println("rows", rec.Rows, "agreed", rec.Agreed, "malformed", rec.Malformed)
	for _, d := range rec.Discrepancies {
		fmt.Println(d)
	}
	fmt.Println("creator difference", rec.Difference.Creator, "agency difference", rec.Difference.Agency)
	// Output:
	// rows 4 agreed 2 malformed 0
	// row 3 o2/1 amount_differs estimated: creator report 2.40 USD, ledger 2.00 USD, difference 0.40 USD; agency report 5.60 USD, ledger 6.00 USD, difference -0.40 USD
	// row 5 o9/1 in_report_only: paid report 10.00 USD, ledger none, difference 10.00 USD; total report 1.25 USD, ledger none, difference 1.25 USD; creator report 1.00 USD, ledger none, difference 1.00 USD; agency report 0.25 USD, ledger none, difference 0.25 USD
	// creator difference 1.40 USD agency difference -0.15 USD
}

func ExampleTikTokPartnerOrders() {
	var b strings.Builder
	if err := attribution.WriteReport(&b, attribution.TikTokPartnerOrders(), rcCampaign()[:1]); err != nil {
		panic(err)
	}
	fmt.Print(b.String())
	// Output:
	// Order ID,SKU Order ID,Product ID,Creator ID,Payment Amount,Currency,Total Commission Rate,Creator Commission Rate,Est. Total Commission,Est. Creator Commission,Est. Partner Commission,Actual Total Commission,Actual Creator Commission,Actual Partner Commission,Settlement Status
	// o1,1,mug,alice,19.99,USD,12.5%,10%,2.50,2.00,0.50,2.50,2.00,0.50,settled
}
