package commission_test

import (
	"errors"
	"fmt"

	"github.com/partnerkit/partnerkit/commission"
)

// MustParseCurrency is for codes fixed in the source, such as a table of
// markets: it accepts either case like ParseCurrency, and panics with
// ParseCurrency's error on a code that is not ISO 4217.
func ExampleMustParseCurrency() {
	fmt.Println(commission.MustParseCurrency("jpy").Scale())

	defer func() {
		err, _ := recover().(error)
		fmt.Println("panics:", errors.Is(err, commission.ErrInvalid))
	}()
	commission.MustParseCurrency("EURO")
	// Output:
	// 0
	// panics: true
}

// Zero is the starting point of a sum in one currency. The zero Money is
// not: it has no currency, so it is invalid and adds to nothing.
func ExampleZero() {
	usd := commission.MustParseCurrency("USD")
	total := commission.Zero(usd)
	for _, units := range []int64{1999, 501} {
		total, _ = total.Add(commission.FromMinor(units, usd))
	}
	fmt.Println(total, commission.Zero(usd).Validate())

	var none commission.Money
	_, err := none.Add(commission.FromMinor(1999, usd))
	fmt.Println(errors.Is(none.Validate(), commission.ErrInvalid), errors.Is(err, commission.ErrCurrencyMismatch))
	// Output:
	// 25.00 USD <nil>
	// true true
}

// Two lines are equal when their four amounts are, whatever the trailing
// zeros: a line read back from a store equals the one computed.
func ExampleLine_Equal() {
	split, _ := commission.NewSplit(1250, 1000)
	usd := commission.MustParseCurrency("USD")
	a, _ := commission.Compute(commission.FromMinor(3998, usd), split)
	b := a
	b.Total, _ = commission.NewMoney("5.0", "USD") // 5.00, written shorter
	fmt.Println(a.Total, a.Equal(b))

	c, _ := commission.Compute(commission.FromMinor(3999, usd), split)
	fmt.Println(c.Base, a.Equal(c))
	// Output:
	// 5.00 USD true
	// 39.99 USD false
}
