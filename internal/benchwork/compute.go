package benchwork

import (
	"math/big"
	"testing"

	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/minor"
)

var (
	sinkLine  commission.Line
	sinkInt   *big.Int
	sinkMinor int64
)

// computeBase and computeSplit are the order line of the Compute pair.
var (
	computeBase  = commission.FromMinor(3998, usd)
	computeSplit = commission.Split{Total: 1250, Creator: 1000}
)

// Compute times commission.Compute on one order line.
func Compute(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkLine, _ = commission.Compute(computeBase, computeSplit)
	}
}

// ComputeOracle times the ceiling of Compute: the same split by exact
// big.Rat arithmetic with rounding code of its own (the property tests'
// oracle): total and creator rounded half to even, agency their difference.
func ComputeOracle(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		total := oracleRound(computeBase, computeSplit.Total)
		creator := oracleRound(computeBase, computeSplit.Creator)
		sinkInt = new(big.Int).Sub(total, creator)
	}
}

// oracleRound returns base × rate rounded half to even at the currency's
// minor unit, in minor units, with exact rationals.
func oracleRound(base commission.Money, rate commission.Rate) *big.Int {
	scale := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(base.Currency.Scale())), nil))
	x := new(big.Rat).Mul(base.Amount.Rat(), big.NewRat(int64(rate), 10000))
	x.Mul(x, scale)
	num, den := x.Num(), x.Denom()
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	twice := new(big.Int).Lsh(r, 1)
	switch twice.Cmp(den) {
	case 1:
		q.Add(q, big.NewInt(1))
	case 0:
		if q.Bit(0) == 1 {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}

// kernelInputs are varied (units, bp) pairs, so neither side of the kernel
// pair is constant-folded or branch-predicted into nothing.
var kernelInputs = func() [][2]int64 {
	in := make([][2]int64, 1024)
	x := uint64(0x9e3779b97f4a7c15)
	for i := range in {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		in[i] = [2]int64{int64(x % 10_000_000), int64((x >> 32) % 10001)}
	}
	return in
}()

// Kernel times the int64 kernel inside Compute (internal/minor.RoundRate)
// over kernelInputs; one op is one product.
func Kernel(b *testing.B) {
	b.ReportAllocs()
	var s int64
	i := 0
	for b.Loop() {
		in := kernelInputs[i&1023]
		s += minor.RoundRate(in[0], in[1])
		i++
	}
	sinkMinor = s
}

// KernelHand times the ceiling of the kernel: hand-written
// (units*bp + 5000) / 10000 with a half-even fix-up.
func KernelHand(b *testing.B) {
	b.ReportAllocs()
	var s int64
	i := 0
	for b.Loop() {
		in := kernelInputs[i&1023]
		n := in[0]*in[1] + 5000
		q := n / 10000
		if n%10000 == 0 && q&1 == 1 {
			q-- // exactly half: round to even
		}
		s += q
		i++
	}
	sinkMinor = s
}
