// Package minor is the int64 kernel of commission.Compute: an amount in
// minor units times a rate in basis points, rounded half to even. It lives
// here, not in package commission, so the benchmark report
// (examples/bench) can measure the very code Compute runs.
package minor

// BasisPoints is 100%, in basis points.
const BasisPoints = 10000

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
