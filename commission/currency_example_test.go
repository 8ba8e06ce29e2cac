package commission_test

import (
	"errors"
	"fmt"

	"github.com/partnerkit/partnerkit/commission"
)

// ParseCurrency takes an ISO 4217 code in either case and returns the
// currency whose minor unit K2 rounds to; currencies compare with ==. An
// unknown code is a *FieldError wrapping ErrInvalid.
func ExampleParseCurrency() {
	c, err := commission.ParseCurrency("usd")
	fmt.Println(c, err, c == commission.MustParseCurrency("USD"))

	_, err = commission.ParseCurrency("XYZ")
	var fe *commission.FieldError
	fmt.Println(errors.As(err, &fe), fe.Field, errors.Is(err, commission.ErrInvalid))
	fmt.Println(err)
	// Output:
	// USD <nil> true
	// true currency true
	// currency "XYZ": commission: not an ISO 4217 code: invalid
}

// Currency.Scale is the number of minor-unit digits every Money in that
// currency carries (K2 rounds to it): 2 for USD, 0 for JPY, 3 for KWD.
func ExampleCurrency_Scale() {
	for _, code := range []string{"USD", "JPY", "KWD"} {
		c := commission.MustParseCurrency(code)
		fmt.Println(c.Code(), c.Scale(), commission.Zero(c))
	}
	// Output:
	// USD 2 0.00 USD
	// JPY 0 0 JPY
	// KWD 3 0.000 KWD
}

// FromMinor turns integer minor units, as platforms send amounts and as the
// hot path computes (K2), into Money at the currency's scale; Minor goes
// back.
func ExampleFromMinor() {
	usd := commission.MustParseCurrency("USD")
	m := commission.FromMinor(1999, usd)
	units, exact := m.Minor()
	fmt.Println(m, units, exact)
	fmt.Println(commission.FromMinor(1500, commission.MustParseCurrency("JPY")))
	fmt.Println(commission.FromMinor(-250, usd))
	// Output:
	// 19.99 USD 1999 true
	// 1500 JPY
	// -2.50 USD
}
