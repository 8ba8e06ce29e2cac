package registration_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/shopspring/decimal"
)

// R1: a seller may state the product's price; Register keeps a good one
// exactly and refuses a bad one as a *FieldError "price" wrapping
// ErrInvalid, joined with every other problem.
func TestRegisterPrice(t *testing.T) {
	c := openCampaign(t)
	usd := commission.MustParseCurrency("USD")
	money := func(amount, cur string) commission.Money {
		t.Helper()
		m, err := commission.NewMoney(amount, cur)
		if err != nil {
			t.Fatalf("NewMoney(%q, %q): %v", amount, cur, err)
		}
		return m
	}
	tests := []struct {
		name   string
		price  commission.Money
		cur    commission.Currency
		edit   func(*registration.Request)
		fields []string
	}{
		{name: "none", cur: usd},
		{name: "none, market unknown"},
		{name: "good", price: money("12.50", "USD"), cur: usd},
		{name: "one cent", price: money("0.01", "USD"), cur: usd},
		{name: "negative", price: money("-1.00", "USD"), cur: usd, fields: []string{"price"}},
		{name: "zero", price: money("0.00", "USD"), cur: usd, fields: []string{"price"}},
		{name: "wrong currency", price: money("12.50", "EUR"), cur: usd, fields: []string{"price"}},
		{name: "market currency unknown", price: money("12.50", "USD"), fields: []string{"price"}},
		{name: "too many decimals", price: commission.Money{Amount: decimal.New(12505, -3), Currency: usd}, cur: usd, fields: []string{"price"}},
		{name: "amount without currency", price: commission.Money{Amount: decimal.New(1250, -2)}, cur: usd, fields: []string{"price"}},
		{name: "absurd exponent", price: commission.Money{Amount: decimal.New(1, 1_000_000_000), Currency: usd}, cur: usd, fields: []string{"price"}},
		{name: "joined with the others", price: money("-1.00", "USD"), cur: usd,
			edit:   func(r *registration.Request) { r.Rate, r.ProductTitle = 5, "" },
			fields: []string{"price", "product_title", "rate"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := request("r1")
			req.Price, req.MarketCurrency = tt.price, tt.cur
			if tt.edit != nil {
				tt.edit(&req)
			}
			got, err := registration.Register(req, c, nil, during(c))
			if diff := cmp.Diff(tt.fields, fieldNames(err)); diff != "" {
				t.Fatalf("Register(price %s) fields (-want +got):\n%s\nerr: %v", tt.name, diff, err)
			}
			if tt.fields != nil {
				var fe *registration.FieldError
				if !errors.Is(err, registration.ErrInvalid) || !errors.As(err, &fe) {
					t.Fatalf("Register(price %s) = %v, want a *FieldError wrapping ErrInvalid", tt.name, err)
				}
				return
			}
			at := during(c).UTC()
			want := registration.Registration{
				ID: "r1", Campaign: "c1", Agency: "agency-1", Shop: req.Shop, Product: req.Product,
				ProductTitle: req.ProductTitle, Price: tt.price, Rate: req.Rate, State: registration.Pending,
				CreatedAt: at, UpdatedAt: at,
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Register(price %v) (-want +got):\n%s", tt.price, diff)
			}
			// Exactly as given, exponent included (Money.Equal, which
			// cmp uses, holds 12.5 and 12.50 equal): 12.50 stays 12.50.
			if !got.Price.Amount.Equal(tt.price.Amount) || got.Price.Amount.Exponent() != tt.price.Amount.Exponent() ||
				got.Price.Currency != tt.price.Currency {
				t.Errorf("Register(price %v).Price = %#v, want %#v", tt.price, got.Price, tt.price)
			}
		})
	}
}
