// Package minor is the int64 kernel of commission.Compute: an amount in
// minor units times a rate in basis points, rounded half to even. It lives
// here, not in package commission, so the benchmark report
// (examples/bench) can measure the very code Compute runs, and so package
// attribution can run the same kernel on its int64 fast paths.
package minor

import (
	"math"

	"github.com/shopspring/decimal"
)

// BasisPoints is 100%, in basis points.
const BasisPoints = 10000

// MaxUnits is the largest amount, in minor units, whose product with any
// rate up to BasisPoints fits in an int64.
const MaxUnits = math.MaxInt64 / BasisPoints

// RoundRate returns units × bp / 10000 rounded half to even. units × bp
// must not overflow an int64 and both must be >= 0; commission.Compute
// checks that before it calls RoundRate.
func RoundRate(units, bp int64) int64 {
	n := units * bp
	q, rem := n/BasisPoints, n%BasisPoints
	if twice := 2 * rem; twice > BasisPoints || (twice == BasisPoints && q&1 == 1) {
		q++
	}
	return q
}

// Line returns the commission of a line (rule K2) whose base is units
// minor units, split into total and creator rates in basis points: total =
// round(units × total), creator = round(units × creator), agency = total -
// creator. ok is false, and the amounts zero, when the int64 kernel does
// not apply: units outside 0..MaxUnits, or not 0 <= creator <= total <=
// BasisPoints. Callers then take their exact path.
func Line(units, total, creator int64) (t, c, a int64, ok bool) {
	if units < 0 || units > MaxUnits || creator < 0 || creator > total || total > BasisPoints {
		return 0, 0, 0, false
	}
	t, c = RoundRate(units, total), RoundRate(units, creator)
	return t, c, t - c, true
}

// Units returns d in minor units of a currency with scale decimal places,
// and true, when d carries exactly that scale (its exponent is -scale) and
// its coefficient has at most 18 digits, so it and any sum or difference
// of two such values fit in an int64. Otherwise it returns false without
// allocating; callers then take their exact decimal path, which also keeps
// the exponent of their results what the decimal arithmetic gives.
func Units(d decimal.Decimal, scale int32) (int64, bool) {
	switch {
	case d.Exponent() != -scale:
		return 0, false
	case d.Sign() == 0: // shared zeros are common; spare NumDigits
		return 0, true
	case d.NumDigits() > 18:
		return 0, false
	}
	return d.CoefficientInt64(), true
}
