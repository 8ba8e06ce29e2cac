package commission_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/commission"
)

// K5: amounts after a refund come from the net base, not from subtracting
// the refund's rounded commission. 0.03 USD at 50%/50%: subtracting the
// 0.01 refund's pieces would give creator 0.02-0.00 = 0.02, but the net
// 0.02 earns creator exactly 0.01.
func TestComputeNetFromNetBase(t *testing.T) {
	paid := mustMoney(t, "0.03", "USD")
	split := mustSplit(t, 10000, 5000)
	got, err := commission.ComputeNet(paid, []commission.Money{mustMoney(t, "0.01", "USD")}, split)
	if err != nil {
		t.Fatal(err)
	}
	want := "base 0.02 USD: total 0.02 USD = creator 0.01 USD + agency 0.01 USD"
	if diff := cmp.Diff(want, got.String()); diff != "" {
		t.Errorf("ComputeNet mismatch (-want +got):\n%s", diff)
	}

	full, err := commission.ComputeNet(paid, []commission.Money{mustMoney(t, "0.01", "USD"), mustMoney(t, "0.02", "USD")}, split)
	if err != nil {
		t.Fatal(err)
	}
	if !full.Total.IsZero() || !full.Creator.IsZero() || !full.Agency.IsZero() {
		t.Errorf("fully refunded line = %v, want all zero", full)
	}
}

func TestComputeNetErrors(t *testing.T) {
	split := mustSplit(t, 1000, 500)
	usd := func(s string) commission.Money { return mustMoney(t, s, "USD") }
	tests := []struct {
		name    string
		paid    commission.Money
		refunds []commission.Money
		want    error
	}{
		{"refund exceeds paid", usd("10"), []commission.Money{usd("10.01")}, commission.ErrRefundExceedsPaid},
		{"refunds add up past paid", usd("10"), []commission.Money{usd("6"), usd("4.01")}, commission.ErrRefundExceedsPaid},
		{"negative refund", usd("10"), []commission.Money{usd("-1")}, commission.ErrInvalid},
		{"negative paid", usd("-10"), nil, commission.ErrInvalid},
		{"refund in another currency", usd("10"), []commission.Money{mustMoney(t, "1", "JPY")}, commission.ErrCurrencyMismatch},
		{"no currency", commission.Money{}, nil, commission.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := commission.ComputeNet(tt.paid, tt.refunds, split)
			if !errors.Is(err, tt.want) {
				t.Errorf("ComputeNet(%v, %v) error = %v, want %v", tt.paid, tt.refunds, err, tt.want)
			}
		})
	}
	_, err := commission.ComputeNet(usd("10"), []commission.Money{usd("11")}, split)
	var fe *commission.FieldError
	if !errors.As(err, &fe) || fe.Field != "refunds" {
		t.Errorf("over-refund error = %v, want a FieldError for refunds", err)
	}
}

// K5: a refund after settlement posts a signed reversal entry.
func TestReversal(t *testing.T) {
	split := mustSplit(t, 2000, 1500)
	paid := mustMoney(t, "100", "USD")
	settled, _ := commission.Compute(paid, split)
	owed, _ := commission.ComputeNet(paid, []commission.Money{mustMoney(t, "40", "USD")}, split)
	rev, err := commission.Reversal(settled, owed)
	if err != nil {
		t.Fatal(err)
	}
	want := "base -40.00 USD: total -8.00 USD = creator -6.00 USD + agency -2.00 USD"
	if diff := cmp.Diff(want, rev.String()); diff != "" {
		t.Errorf("Reversal mismatch (-want +got):\n%s", diff)
	}

	if _, err := commission.Reversal(owed, settled); !errors.Is(err, commission.ErrInvalid) {
		t.Errorf("Reversal that increases the total: error = %v, want ErrInvalid", err)
	}
	jpy, _ := commission.Compute(mustMoney(t, "100", "JPY"), split)
	if _, err := commission.Reversal(settled, jpy); !errors.Is(err, commission.ErrCurrencyMismatch) {
		t.Errorf("Reversal across currencies: error = %v, want ErrCurrencyMismatch", err)
	}
}

// K1: the creator's view carries C and the creator amount only.
func TestForCreator(t *testing.T) {
	split := mustSplit(t, 2000, 1500)
	line, _ := commission.Compute(mustMoney(t, "10", "USD"), split)
	got := commission.ForCreator(split, line)
	want := commission.CreatorView{Rate: 1500, Base: line.Base, Commission: line.Creator}
	if got.Rate != want.Rate || !got.Base.Equal(want.Base) || !got.Commission.Equal(want.Commission) {
		t.Errorf("ForCreator = %+v, want %+v", got, want)
	}
}
