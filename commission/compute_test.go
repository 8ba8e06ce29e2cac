package commission_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
)

// K2: each amount rounds half to even at the currency's minor unit.
func TestComputeHalfEven(t *testing.T) {
	tests := []struct {
		base, cur              string
		total, creator         commission.Rate
		wantTotal, wantCreator string
	}{
		// 1.00 × 0.5% = 0.005 → 0.00; 3.00 × 0.5% = 0.015 → 0.02.
		{"1.00", "USD", 50, 50, "0.00", "0.00"},
		{"3.00", "USD", 50, 50, "0.02", "0.02"},
		{"5.00", "USD", 50, 50, "0.02", "0.02"},
		{"7.00", "USD", 50, 50, "0.04", "0.04"},
		{"1.00", "USD", 150, 50, "0.02", "0.00"},  // 0.015 → 0.02, 0.005 → 0.00
		{"0.10", "USD", 500, 500, "0.00", "0.00"}, // 0.5 cent → 0
		{"0.30", "USD", 500, 500, "0.02", "0.02"}, // 1.5 cents → 2
		{"0.01", "USD", 10000, 5000, "0.01", "0.00"},
		{"0.03", "USD", 10000, 5000, "0.03", "0.02"},
		{"100", "JPY", 50, 0, "0", "0"},           // 0.5 yen → 0
		{"300", "JPY", 50, 50, "2", "2"},          // 1.5 yen → 2
		{"1999", "JPY", 1250, 1000, "250", "200"}, // 249.875 → 250, 199.9 → 200
		{"1.000", "KWD", 5, 5, "0.000", "0.000"},  // 0.0005 → 0.000
		{"3.000", "KWD", 5, 5, "0.002", "0.002"},  // 0.0015 → 0.002
		{"19.99", "USD", 1250, 1000, "2.50", "2.00"},
		{"0", "USD", 1250, 1000, "0.00", "0.00"},
	}
	for _, tt := range tests {
		base := mustMoney(t, tt.base, tt.cur)
		split := mustSplit(t, tt.total, tt.creator)
		got, err := commission.Compute(base, split)
		if err != nil {
			t.Errorf("Compute(%v, %v) error = %v", base, split, err)
			continue
		}
		want := commission.Line{
			Base:    base,
			Total:   mustMoney(t, tt.wantTotal, tt.cur),
			Creator: mustMoney(t, tt.wantCreator, tt.cur),
		}
		want.Agency, _ = want.Total.Sub(want.Creator)
		if diff := cmp.Diff(want.String(), got.String()); diff != "" {
			t.Errorf("Compute(%v, %v) mismatch (-want +got):\n%s", base, split, diff)
		}
	}
}

// K2: amounts come back at exactly the currency's scale.
func TestComputeScale(t *testing.T) {
	got, err := commission.Compute(mustMoney(t, "10", "KWD"), mustSplit(t, 1000, 400))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []commission.Money{got.Base, got.Total, got.Creator, got.Agency} {
		if m.Amount.Exponent() != -3 {
			t.Errorf("Compute(10 KWD) amount %v has exponent %d, want -3", m, m.Amount.Exponent())
		}
	}
}

func TestComputeErrors(t *testing.T) {
	usd := commission.MustParseCurrency("USD")
	tests := []struct {
		name   string
		base   commission.Money
		split  commission.Split
		fields []string
	}{
		{"negative base", mustMoney(t, "-1", "USD"), commission.Split{Total: 100}, []string{"base.amount"}},
		{"no currency", commission.Money{}, commission.Split{Total: 100}, []string{"base.currency"}},
		{"finer than cents", commission.Money{Amount: mustMoney(t, "1", "KWD").Amount.Div(mustMoney(t, "1000", "KWD").Amount), Currency: usd}, commission.Split{Total: 100}, []string{"base.amount"}},
		{"creator above total", mustMoney(t, "1", "USD"), commission.Split{Total: 100, Creator: 200}, []string{"creator"}},
		{"total above 100%", mustMoney(t, "1", "USD"), commission.Split{Total: 10001}, []string{"total"}},
		{"everything wrong", mustMoney(t, "-1", "USD"), commission.Split{Total: -1, Creator: -1}, []string{"base.amount", "total", "creator"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := commission.Compute(tt.base, tt.split)
			if !errors.Is(err, commission.ErrInvalid) {
				t.Fatalf("Compute(%v, %+v) error = %v, want ErrInvalid", tt.base, tt.split, err)
			}
			if got := errdef.Fields(err); !equalStrings(got, tt.fields) {
				t.Errorf("Compute(%v, %+v) fields = %v, want %v", tt.base, tt.split, got, tt.fields)
			}
		})
	}
}

// K2: bases too large for int64 arithmetic take the exact wide path and
// agree with the oracle.
func TestComputeHugeBase(t *testing.T) {
	for _, amount := range []string{
		"92233720368547.75", "92233720368547.76", "9223372036854775807.00",
		"123456789012345678901234567890.99",
	} {
		base := mustMoney(t, amount, "USD")
		split := mustSplit(t, 1250, 333)
		got, err := commission.Compute(base, split)
		if err != nil {
			t.Fatalf("Compute(%v) error = %v", base, err)
		}
		checkAgainstOracle(t, base, split, got)
	}
}

func mustSplit(t testing.TB, total, creator commission.Rate) commission.Split {
	t.Helper()
	s, err := commission.NewSplit(total, creator)
	if err != nil {
		t.Fatalf("NewSplit(%d, %d): %v", total, creator, err)
	}
	return s
}
