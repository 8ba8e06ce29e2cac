package commission_test

import (
	"fmt"

	"github.com/partnerkit/partnerkit/commission"
)

func ExampleParseRate() {
	r, err := commission.ParseRate("12.5%")
	fmt.Println(int32(r), r, err)
	_, err = commission.ParseRate("12.345%")
	fmt.Println(err)
	// Output:
	// 1250 12.5% <nil>
	// rate "12.345%": commission: more than two decimal places: invalid
}

func ExampleNewMoney() {
	for _, in := range [][2]string{{"19.99", "USD"}, {"1500", "JPY"}, {"1.25", "KWD"}, {"19.999", "USD"}} {
		m, err := commission.NewMoney(in[0], in[1])
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(m)
	}
	// Output:
	// 19.99 USD
	// 1500 JPY
	// 1.250 KWD
	// amount "19.999": commission: finer than the USD minor unit (2 decimal places): invalid
}

func ExampleNewSplit() {
	s, err := commission.NewSplit(1500, 1000) // seller pays 15%, creators get 10%
	fmt.Println(s, err)
	_, err = commission.NewSplit(1000, 1500)
	fmt.Println(err)
	// Output:
	// total 15% = creator 10% + agency 5% <nil>
	// creator "15%": commission: creator rate above total rate 10%: invalid
}

func ExampleCompute() {
	base, _ := commission.NewMoney("39.98", "USD") // 2 × 19.99 after discounts
	split, _ := commission.NewSplit(1250, 1000)
	line, _ := commission.Compute(base, split)
	fmt.Println(line)
	// Output:
	// base 39.98 USD: total 5.00 USD = creator 4.00 USD + agency 1.00 USD
}

func ExampleComputeNet() {
	paid, _ := commission.NewMoney("100.00", "USD")
	refund, _ := commission.NewMoney("25.00", "USD")
	split, _ := commission.NewSplit(2000, 1500)
	line, _ := commission.ComputeNet(paid, []commission.Money{refund}, split)
	fmt.Println(line)
	// Output:
	// base 75.00 USD: total 15.00 USD = creator 11.25 USD + agency 3.75 USD
}

func ExampleReversal() {
	paid, _ := commission.NewMoney("100.00", "USD")
	refund, _ := commission.NewMoney("25.00", "USD")
	split, _ := commission.NewSplit(2000, 1500)
	settled, _ := commission.Compute(paid, split)
	owed, _ := commission.ComputeNet(paid, []commission.Money{refund}, split)
	rev, _ := commission.Reversal(settled, owed)
	fmt.Println("settled: ", settled)
	fmt.Println("reversal:", rev)
	// Output:
	// settled:  base 100.00 USD: total 20.00 USD = creator 15.00 USD + agency 5.00 USD
	// reversal: base -25.00 USD: total -5.00 USD = creator -3.75 USD + agency -1.25 USD
}

func ExampleForCreator() {
	base, _ := commission.NewMoney("50", "USD")
	split, _ := commission.NewSplit(2000, 1200)
	line, _ := commission.Compute(base, split)
	v := commission.ForCreator(split, line)
	fmt.Println(v.Rate, v.Commission)
	// Output:
	// 12% 6.00 USD
}

// The agency's rate is what is left of the seller's total once the
// creators' rate is taken (K1); creators see only theirs.
func ExampleSplit_Agency() {
	s, _ := commission.NewSplit(1500, 1000)
	fmt.Println(s.Total, s.Creator, s.Agency())
	// Output:
	// 15% 10% 5%
}
