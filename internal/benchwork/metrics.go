package benchwork

import (
	"context"
	"runtime"
	"time"

	"github.com/partnerkit/partnerkit/attribution"
)

// Fill ingests lines paid order lines into w in batches of 1000 and
// returns the growth of the live heap it caused, in bytes (after a full
// GC each side, with the events themselves dropped).
func Fill(ctx context.Context, w *World, lines int) (uint64, error) {
	const chunk = 10_000
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for done := 0; done < lines; done += chunk {
		evs := w.Lines(min(chunk, lines-done), PaidOnly)
		if _, err := Ingest(ctx, w, evs, 1000); err != nil {
			return 0, err
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(w) // w's store is what is measured
	if after.HeapAlloc < before.HeapAlloc {
		return 0, nil
	}
	return after.HeapAlloc - before.HeapAlloc, nil
}

var sinkMetrics attribution.CampaignMetrics

// ReadMetrics reads w's campaign metrics n times through the Service and
// returns how long it took.
func ReadMetrics(ctx context.Context, w *World, n int) (time.Duration, error) {
	start := time.Now()
	for range n {
		m, err := w.Svc.CampaignMetrics(ctx, w.Agency, w.Campaign)
		if err != nil {
			return 0, err
		}
		sinkMetrics = m
	}
	return time.Since(start), nil
}
