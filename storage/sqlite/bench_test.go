package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/internal/benchwork"
	"github.com/partnerkit/partnerkit/storage/internal/sqlstore/bulkbench"
	"github.com/partnerkit/partnerkit/storage/sqlite"
)

func benchWorld(b *testing.B) *benchwork.World {
	b.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"), sqlite.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	w, err := benchwork.NewWorld(ctx, st, partnerkit.Options{}, "", 20, 8)
	if err != nil {
		b.Fatal(err)
	}
	return w
}

// BenchmarkIngest: Service.IngestEvents in batches of 1000 beside a raw
// prepared INSERT of one row per event in the same batches, one writer
// (target: ≥ 0.5× its rows/s). "concurrent" is 16 callers of IngestEvent,
// one event a call (target: ≥ 0.8× "partnerkit", no SQLITE_BUSY).
func BenchmarkIngest(b *testing.B) {
	ctx := context.Background()
	const lines = 1000
	b.Run("partnerkit", func(b *testing.B) {
		w := benchWorld(b)
		benchwork.Rounds(b, "rows", func() (int, time.Duration, error) {
			evs := w.Lines(lines, benchwork.PaidRefundSettle)
			d, err := benchwork.Ingest(ctx, w, evs, 1000)
			return len(evs), d, err
		})
	})
	b.Run("ceiling", func(b *testing.B) {
		w := benchWorld(b) // only to make up the events
		raw, err := benchwork.OpenRawSQLite(ctx, filepath.Join(b.TempDir(), "raw.db"))
		if err != nil {
			b.Fatal(err)
		}
		defer raw.Close()
		benchwork.Rounds(b, "rows", func() (int, time.Duration, error) {
			evs := w.Lines(lines, benchwork.PaidRefundSettle)
			d, err := raw.Insert(ctx, evs, 1000)
			return len(evs), d, err
		})
	})
	b.Run("concurrent", func(b *testing.B) {
		w := benchWorld(b)
		benchwork.Rounds(b, "rows", func() (int, time.Duration, error) {
			evs := w.Lines(lines/4, benchwork.PaidRefundSettle)
			d, busy, err := benchwork.IngestConcurrent(ctx, w, evs, 16)
			if err == nil && busy > 0 {
				b.Fatalf("%d callers saw SQLITE_BUSY", busy)
			}
			return len(evs), d, err
		})
	})
}

// BenchmarkBulkWrite: the store's share of one IngestEvents batch of 1000
// events (LinesOf, GetMany, PutMany, metrics, Outbox.Append), alone.
func BenchmarkBulkWrite(b *testing.B) {
	st, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bulk.db"), sqlite.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	bulkbench.Run(b, 1000, st)
}
