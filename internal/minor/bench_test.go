package minor_test

import (
	"testing"

	"github.com/partnerkit/partnerkit/internal/benchwork"
)

// BenchmarkRoundRate is the int64 kernel inside commission.Compute beside
// its ceiling, a hand-written half-even (units*bp + 5000) / 10000
// (target: ≤ 2× its time, 0 allocs).
func BenchmarkRoundRate(b *testing.B) {
	b.Run("partnerkit", benchwork.Kernel)
	b.Run("ceiling", benchwork.KernelHand)
}
