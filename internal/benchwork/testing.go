package benchwork

import (
	"testing"
	"time"
)

// Rounds runs round b.N times and reports its units per second as the
// metric unit+"/s"; round times its own work, leaving its setup out.
func Rounds(b *testing.B, unit string, round func() (int, time.Duration, error)) {
	b.Helper()
	var units int
	var d time.Duration
	for i := 0; i < b.N; i++ {
		n, e, err := round()
		if err != nil {
			b.Fatal(err)
		}
		units, d = units+n, d+e
	}
	if d > 0 {
		b.ReportMetric(float64(units)/d.Seconds(), unit+"/s")
	}
}
