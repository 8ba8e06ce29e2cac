package commission_test

import (
	"errors"
	"math/big"
	"testing"

	"github.com/partnerkit/partnerkit/commission"
	"pgregory.net/rapid"
)

var propertyCurrencies = []string{"JPY", "USD", "KWD"} // scales 0, 2, 3

func genCurrency() *rapid.Generator[commission.Currency] {
	return rapid.Custom(func(t *rapid.T) commission.Currency {
		return commission.MustParseCurrency(rapid.SampledFrom(propertyCurrencies).Draw(t, "currency"))
	})
}

// genMinor draws amounts in minor units biased to small values and to the
// int64 fast-path boundary.
func genMinor(t *rapid.T, label string) int64 {
	return rapid.OneOf(
		rapid.Int64Range(0, 1000),
		rapid.Int64Range(0, 10_000_000_000),
		rapid.Int64Range(922337203685477-1000, 922337203685477+1000),
		rapid.Int64Range(0, 1<<62),
	).Draw(t, label)
}

func genSplit() *rapid.Generator[commission.Split] {
	return rapid.Custom(func(t *rapid.T) commission.Split {
		total := commission.Rate(rapid.Int32Range(0, int32(commission.MaxRate)).Draw(t, "total"))
		creator := commission.Rate(rapid.Int32Range(0, int32(total)).Draw(t, "creator"))
		return commission.Split{Total: total, Creator: creator}
	})
}

// K1, K2, K3: for any base and valid split, total and creator equal the
// exact half-even oracle, creator + agency == total, nothing is negative,
// and the creator never gets more than the total (the agency is paid only
// from its own rate).
func TestPropertyComputeMatchesOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cur := genCurrency().Draw(t, "cur")
		base := commission.FromMinor(genMinor(t, "base"), cur)
		split := genSplit().Draw(t, "split")
		line, err := commission.Compute(base, split)
		if err != nil {
			t.Fatalf("Compute(%v, %v) error = %v", base, split, err)
		}
		checkAgainstOracle(t, base, split, line)
	})
}

// K5: for any sequence of partial refunds, each step's amounts equal
// Compute of the net base, never go negative, and a refund beyond what was
// paid is refused leaving the line as it was.
func TestPropertyRefundsRecomputeFromNet(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cur := genCurrency().Draw(t, "cur")
		paidMinor := rapid.Int64Range(0, 10_000_000).Draw(t, "paid")
		paid := commission.FromMinor(paidMinor, cur)
		split := genSplit().Draw(t, "split")
		var refunds []commission.Money
		left := paidMinor
		steps := rapid.IntRange(0, 8).Draw(t, "steps")
		for i := 0; i < steps; i++ {
			r := rapid.Int64Range(0, left+2).Draw(t, "refund")
			got, err := commission.ComputeNet(paid, append(refunds, commission.FromMinor(r, cur)), split)
			if r > left {
				if !errors.Is(err, commission.ErrRefundExceedsPaid) {
					t.Fatalf("refunding %d of %d left: error = %v, want ErrRefundExceedsPaid", r, left, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("ComputeNet error = %v", err)
			}
			refunds = append(refunds, commission.FromMinor(r, cur))
			left -= r
			net := commission.FromMinor(left, cur)
			want, _ := commission.Compute(net, split)
			if got.String() != want.String() {
				t.Fatalf("after refunds %v: ComputeNet = %v, Compute(net %v) = %v", refunds, got, net, want)
			}
			checkAgainstOracle(t, net, split, got)
		}
	})
}

// K5: a settled line plus its reversal entry is exactly what is owed after
// the refund, and the reversal never increases the total.
func TestPropertyReversalReconciles(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cur := genCurrency().Draw(t, "cur")
		paidMinor := rapid.Int64Range(0, 10_000_000).Draw(t, "paid")
		split := genSplit().Draw(t, "split")
		refund := rapid.Int64Range(0, paidMinor).Draw(t, "refund")
		paid := commission.FromMinor(paidMinor, cur)
		settled, err := commission.Compute(paid, split)
		if err != nil {
			t.Fatal(err)
		}
		owed, err := commission.ComputeNet(paid, []commission.Money{commission.FromMinor(refund, cur)}, split)
		if err != nil {
			t.Fatal(err)
		}
		rev, err := commission.Reversal(settled, owed)
		if err != nil {
			t.Fatalf("Reversal(%v, %v) error = %v", settled, owed, err)
		}
		for _, p := range []struct {
			name            string
			settled, rev, w commission.Money
		}{
			{"base", settled.Base, rev.Base, owed.Base},
			{"total", settled.Total, rev.Total, owed.Total},
			{"creator", settled.Creator, rev.Creator, owed.Creator},
			{"agency", settled.Agency, rev.Agency, owed.Agency},
		} {
			sum, _ := p.settled.Add(p.rev)
			if !sum.Equal(p.w) {
				t.Fatalf("%s: settled %v + reversal %v = %v, owed %v", p.name, p.settled, p.rev, sum, p.w)
			}
		}
		if rev.Total.Sign() > 0 || rev.Creator.Sign() > 0 {
			t.Fatalf("Reversal = %v: total or creator increased after a refund", rev)
		}
		r, c, a := minorOf(t, rev.Total), minorOf(t, rev.Creator), minorOf(t, rev.Agency)
		if new(big.Int).Add(c, a).Cmp(r) != 0 {
			t.Fatalf("Reversal = %v: creator + agency != total", rev)
		}
	})
}

// K2: the int64 fast path and the big.Int path agree on the boundary
// between them (bases just below and above 2^63/10000 minor units).
func TestPropertyFastAndWidePathsAgree(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cur := genCurrency().Draw(t, "cur")
		minor := rapid.Int64Range(1<<62, 1<<63-1).Draw(t, "minor")
		base := commission.FromMinor(minor, cur)
		split := genSplit().Draw(t, "split")
		line, err := commission.Compute(base, split)
		if err != nil {
			t.Fatal(err)
		}
		checkAgainstOracle(t, base, split, line)
	})
}
