package commission_test

import (
	"errors"
	"testing"

	"github.com/partnerkit/partnerkit/commission"
)

// K5: a reversal only takes back. A line now owing more than was settled,
// even by one minor unit, is no reversal and is refused; owing exactly
// what was settled is a zero reversal.
func TestReversalRefusesOwingMore(t *testing.T) {
	line := func(base, total, creator, agency string) commission.Line {
		return commission.Line{Base: mustMoney(t, base, "USD"), Total: mustMoney(t, total, "USD"),
			Creator: mustMoney(t, creator, "USD"), Agency: mustMoney(t, agency, "USD")}
	}
	settled := line("19.99", "2.50", "2.00", "0.50")
	for _, owed := range []commission.Line{
		line("19.99", "2.51", "2.00", "0.51"), // total one cent up
		line("20.07", "2.51", "2.01", "0.50"), // every amount up
	} {
		rev, err := commission.Reversal(settled, owed)
		if !errors.Is(err, commission.ErrInvalid) {
			t.Errorf("Reversal(%v, %v) = %v, %v; want ErrInvalid", settled, owed, rev, err)
		}
	}
	rev, err := commission.Reversal(settled, settled)
	if err != nil || !rev.Total.IsZero() || !rev.Creator.IsZero() || !rev.Agency.IsZero() {
		t.Errorf("Reversal(settled, settled) = %v, %v; want a zero reversal", rev, err)
	}
}
