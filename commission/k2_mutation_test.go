package commission_test

import (
	"testing"

	"github.com/partnerkit/partnerkit/commission"
)

// K2: amounts round half to even on every path, not only the int64 one:
// bases too large for int64 arithmetic (above minor.MaxUnits minor units)
// take the wide big.Int path and must round a half minor unit to even
// exactly as the hot path does.
func TestComputeHalfEvenOffTheHotPath(t *testing.T) {
	tests := []struct {
		name                   string
		base                   string
		total, creator         commission.Rate
		wantTotal, wantCreator string
	}{
		// (10^15 + 50) cents × 1% = 10^13 + 0.5 cents → 10^13 (even).
		{"half down to even", "10000000000000.50", 100, 100, "100000000000.00", "100000000000.00"},
		// (10^15 + 150) cents × 1% = 10^13 + 1.5 cents → 10^13 + 2.
		{"half up to even", "10000000000001.50", 100, 100, "100000000000.02", "100000000000.02"},
		// Creator only: 10^13 + 0.5 → 10^13; total 2% = 2·10^13 + 1 exactly.
		{"creator half", "10000000000000.50", 200, 100, "200000000000.01", "100000000000.00"},
	}
	for _, tt := range tests {
		base := mustMoney(t, tt.base, "USD")
		got, err := commission.Compute(base, mustSplit(t, tt.total, tt.creator))
		if err != nil {
			t.Errorf("%s: Compute(%v) error = %v", tt.name, base, err)
			continue
		}
		if got.Total.String() != tt.wantTotal+" USD" || got.Creator.String() != tt.wantCreator+" USD" {
			t.Errorf("%s: Compute(%v, %v/%v) = %v, want total %s creator %s USD",
				tt.name, base, tt.total, tt.creator, got, tt.wantTotal, tt.wantCreator)
		}
	}
}
