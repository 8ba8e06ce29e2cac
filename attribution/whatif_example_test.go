package attribution_test

import (
	"fmt"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/registration"
)

func ExampleWhatIf() {
	// What if mug's creators got 12% instead of 10% (of mug's 12.5%)?
	sc, err := attribution.WhatIf(rcCampaign(), map[registration.ProductID]commission.Rate{"mug": 1200}, rcAt(20))
	if err != nil {
		panic(err)
	}
	for _, p := range sc.Products {
		fmt.Printf("%s: creator %v -> %v, agency %v -> %v\n", p.Product, p.Now.Creator, p.Alternative.Creator, p.Now.Agency, p.Alternative.Agency)
	}
	fmt.Println("difference: creator", sc.Difference.Creator, "agency", sc.Difference.Agency, "total", sc.Difference.Total)
	// Output:
	// cap: creator 2.00 USD -> 2.00 USD, agency 6.00 USD -> 6.00 USD
	// mug: creator 9.50 USD -> 11.40 USD, agency 2.38 USD -> 0.48 USD
	// difference: creator 1.90 USD agency -1.90 USD total 0.00 USD
}
