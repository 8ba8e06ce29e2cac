package sqlstore

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/partnerkit/partnerkit/commission"
)

// The amount column holds the amount's exact text, its digits after the
// point included.
func TestMoneyColumns(t *testing.T) {
	usd := commission.MustParseCurrency("USD")
	for _, c := range []struct {
		m    commission.Money
		want any
	}{
		{commission.Money{}, nil},
		{commission.Money{Amount: decimal.New(10000, -2), Currency: usd}, "100.00"},
		{commission.Money{Amount: decimal.New(-5, -3), Currency: usd}, "-0.005"},
		{commission.Money{Amount: decimal.New(0, -2), Currency: usd}, "0.00"},
		{commission.Money{Amount: decimal.New(15, 2), Currency: usd}, "1500"},
		{commission.Money{Amount: decimal.New(7, 0), Currency: usd}, "7"},
	} {
		if got, _ := money(c.m); got != c.want {
			t.Errorf("money(%v e%d) = %v, want %v", c.m.Amount.Coefficient(), c.m.Amount.Exponent(), got, c.want)
		}
	}
}
