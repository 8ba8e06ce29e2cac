package attribution_test

import (
	"fmt"

	"github.com/partnerkit/partnerkit/attribution"
)

// explained returns the explanation of line o3/1: paid, settled, then
// partly refunded after settlement (K5).
func explained() attribution.Explanation {
	e, err := attribution.Explain(rcCampaign()[2], rcAt(20))
	if err != nil {
		panic(err)
	}
	return e
}

func ExampleExplain() {
	fmt.Print(explained())
	// Output:
	// line o3/1 of creator alice: settled
	//   campaign spring of agency acme, shop USSHOP01
	//   registration r-mug of product mug: total rate 12.5%
	//   list l1, entry e-mug: creator rate 10% (version 1), agency rate 2.5%
	//   placed 2026-03-01T12:00:00Z
	//   events:
	//     2026-03-03T12:00:00Z paid 100.00 USD (ev4) -> pending, owed base 100.00 USD: total 12.50 USD = creator 10.00 USD + agency 2.50 USD
	//     2026-03-11T12:00:00Z settled (ev5) -> settled, owed base 100.00 USD: total 12.50 USD = creator 10.00 USD + agency 2.50 USD
	//     2026-03-12T12:00:00Z refunded 25.00 USD (ev6) -> settled, owed base 75.00 USD: total 9.38 USD = creator 7.50 USD + agency 1.88 USD
	//   entries:
	//     #1 settlement 2026-03-11T12:00:00Z from ev4, ev5: base 100.00 USD: total 12.50 USD = creator 10.00 USD + agency 2.50 USD
	//     #2 reversal 2026-03-12T12:00:00Z from ev6: base -25.00 USD: total -3.12 USD = creator -2.50 USD + agency -0.62 USD
	//   owed base 75.00 USD: total 9.38 USD = creator 7.50 USD + agency 1.88 USD
	//   posted base 75.00 USD: total 9.38 USD = creator 7.50 USD + agency 1.88 USD
}

func ExampleExplanation_ForCreator() {
	fmt.Print(explained().ForCreator())
	// Output:
	// line o3/1: settled
	//   campaign spring, product mug
	//   list l1, entry e-mug: your rate 10% (version 1)
	//   placed 2026-03-01T12:00:00Z
	//   events:
	//     2026-03-03T12:00:00Z paid 100.00 USD (ev4) -> pending, base 100.00 USD: commission 10.00 USD
	//     2026-03-11T12:00:00Z settled (ev5) -> settled, base 100.00 USD: commission 10.00 USD
	//     2026-03-12T12:00:00Z refunded 25.00 USD (ev6) -> settled, base 75.00 USD: commission 7.50 USD
	//   entries:
	//     #1 settlement 2026-03-11T12:00:00Z from ev4, ev5: base 100.00 USD: commission 10.00 USD
	//     #2 reversal 2026-03-12T12:00:00Z from ev6: base -25.00 USD: commission -2.50 USD
	//   owed: base 75.00 USD: commission 7.50 USD
	//   settled: commission 7.50 USD
}

func ExampleExplanation_ForSeller() {
	fmt.Print(explained().ForSeller())
	// Output:
	// line o3/1: settled
	//   campaign spring, registration r-mug of product mug: total rate 12.5%
	//   placed 2026-03-01T12:00:00Z
	//   events:
	//     2026-03-03T12:00:00Z paid 100.00 USD (ev4) -> pending, base 100.00 USD: commission 12.50 USD
	//     2026-03-11T12:00:00Z settled (ev5) -> settled, base 100.00 USD: commission 12.50 USD
	//     2026-03-12T12:00:00Z refunded 25.00 USD (ev6) -> settled, base 75.00 USD: commission 9.38 USD
	//   entries:
	//     #1 settlement 2026-03-11T12:00:00Z from ev4, ev5: base 100.00 USD: commission 12.50 USD
	//     #2 reversal 2026-03-12T12:00:00Z from ev6: base -25.00 USD: commission -3.12 USD
	//   owed: base 75.00 USD: commission 9.38 USD
	//   settled: commission 9.38 USD
}
