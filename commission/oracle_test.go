package commission_test

import (
	"math/big"

	"github.com/partnerkit/partnerkit/commission"
)

// oracleRound returns base × rate rounded half to even at the currency's
// minor unit, in minor units, computed with exact rationals and rounding
// code of its own (not the package's).
func oracleRound(base commission.Money, rate commission.Rate) *big.Int {
	scale := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(base.Currency.Scale())), nil))
	x := new(big.Rat).Mul(base.Amount.Rat(), big.NewRat(int64(rate), 10000))
	x.Mul(x, scale) // in minor units
	num, den := x.Num(), x.Denom()
	q, r := new(big.Int).QuoRem(num, den, new(big.Int)) // num >= 0, so floor
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

// minorOf returns m in minor units as a big.Int, failing the test if m is
// not a whole number of minor units.
func minorOf(t fataler, m commission.Money) *big.Int {
	t.Helper()
	r := new(big.Rat).Mul(m.Amount.Rat(), new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(m.Currency.Scale())), nil)))
	if !r.IsInt() {
		t.Fatalf("%v is not a whole number of minor units", m)
	}
	return r.Num()
}

// checkAgainstOracle asserts every K2 invariant of line computed from base
// and split.
func checkAgainstOracle(t fataler, base commission.Money, split commission.Split, line commission.Line) {
	t.Helper()
	total, creator, agency := minorOf(t, line.Total), minorOf(t, line.Creator), minorOf(t, line.Agency)
	if want := oracleRound(base, split.Total); total.Cmp(want) != 0 {
		t.Fatalf("Compute(%v, %v).Total = %v minor, oracle %v", base, split, total, want)
	}
	if want := oracleRound(base, split.Creator); creator.Cmp(want) != 0 {
		t.Fatalf("Compute(%v, %v).Creator = %v minor, oracle %v", base, split, creator, want)
	}
	if sum := new(big.Int).Add(creator, agency); sum.Cmp(total) != 0 {
		t.Fatalf("Compute(%v, %v): creator %v + agency %v != total %v", base, split, creator, agency, total)
	}
	if creator.Sign() < 0 || agency.Sign() < 0 || total.Sign() < 0 {
		t.Fatalf("Compute(%v, %v) = %v: negative amount", base, split, line)
	}
	if creator.Cmp(total) > 0 {
		t.Fatalf("Compute(%v, %v): creator %v above total %v", base, split, creator, total)
	}
	if !line.Base.Equal(base) {
		t.Fatalf("Compute(%v, %v).Base = %v", base, split, line.Base)
	}
	for _, m := range []commission.Money{line.Base, line.Total, line.Creator, line.Agency} {
		if m.Currency != base.Currency {
			t.Fatalf("Compute(%v, %v) = %v: currency changed", base, split, line)
		}
	}
}

// fataler is what the oracle checks need of *testing.T and *rapid.T.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}
