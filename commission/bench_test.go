package commission_test

import (
	"math/big"
	"testing"

	"github.com/partnerkit/partnerkit/commission"
	"github.com/shopspring/decimal"
)

var sinkLine commission.Line

func BenchmarkCompute(b *testing.B) {
	base := mustMoney(b, "39.98", "USD")
	split := mustSplit(b, 1250, 1000)
	b.ReportAllocs()
	for b.Loop() {
		sinkLine, _ = commission.Compute(base, split)
	}
}

// BenchmarkComputeNaiveDecimal is the straightforward shopspring split
// (Mul, RoundBank, Sub), for comparison with Compute's int64 path.
func BenchmarkComputeNaiveDecimal(b *testing.B) {
	base := mustMoney(b, "39.98", "USD").Amount
	t, c := decimal.New(1250, -4), decimal.New(1000, -4)
	b.ReportAllocs()
	for b.Loop() {
		total := base.Mul(t).RoundBank(2)
		creator := base.Mul(c).RoundBank(2)
		_ = total.Sub(creator)
	}
}

// BenchmarkComputeOracle is the exact big.Rat computation the property
// tests check against: the ceiling Compute is measured beside.
func BenchmarkComputeOracle(b *testing.B) {
	base := mustMoney(b, "39.98", "USD")
	b.ReportAllocs()
	for b.Loop() {
		total := oracleRound(base, 1250)
		creator := oracleRound(base, 1000)
		_ = new(big.Int).Sub(total, creator)
	}
}
