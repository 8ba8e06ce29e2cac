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
