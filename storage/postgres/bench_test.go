package postgres_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/internal/benchwork"
	"github.com/partnerkit/partnerkit/storage/internal/sqlstore/bulkbench"
)

// BenchmarkIngest: Service.IngestEvents in batches of 10,000 beside a raw
// pgx.CopyFrom of one row per event in the same batches (target: ≥ 0.35×
// its rows/s). It skips without PARTNERKIT_POSTGRES_DSN.
func BenchmarkIngest(b *testing.B) {
	dsn := os.Getenv("PARTNERKIT_POSTGRES_DSN")
	if dsn == "" {
		b.Skip("PARTNERKIT_POSTGRES_DSN is not set")
	}
	ctx := context.Background()
	pg, err := benchwork.OpenPostgres(ctx, dsn, "ingest")
	if err != nil {
		b.Fatal(err)
	}
	defer pg.Drop(ctx)
	w, err := benchwork.NewWorld(ctx, pg.Store, partnerkit.Options{}, "", 20, 8)
	if err != nil {
		b.Fatal(err)
	}
	const lines = 4_445 // 10,001 events
	b.Run("partnerkit", func(b *testing.B) {
		benchwork.Rounds(b, "rows", func() (int, time.Duration, error) {
			evs := w.Lines(lines, benchwork.PaidRefundSettle)
			d, err := benchwork.Ingest(ctx, w, evs, 10_000)
			return len(evs), d, err
		})
	})
	b.Run("ceiling", func(b *testing.B) {
		raw, err := pg.OpenRawCopy(ctx)
		if err != nil {
			b.Fatal(err)
		}
		defer raw.Close(ctx)
		benchwork.Rounds(b, "rows", func() (int, time.Duration, error) {
			evs := w.Lines(lines, benchwork.PaidRefundSettle)
			d, err := raw.Copy(ctx, evs, 10_000)
			return len(evs), d, err
		})
	})
}

// BenchmarkBulkWrite: the store's share of one IngestEvents batch of
// 10,000 events (LinesOf, GetMany, PutMany, metrics, Outbox.Append), alone.
func BenchmarkBulkWrite(b *testing.B) {
	dsn := os.Getenv("PARTNERKIT_POSTGRES_DSN")
	if dsn == "" {
		b.Skip("PARTNERKIT_POSTGRES_DSN is not set")
	}
	pg, err := benchwork.OpenPostgres(context.Background(), dsn, "bulk")
	if err != nil {
		b.Fatal(err)
	}
	defer pg.Drop(context.Background())
	bulkbench.Run(b, 10_000, pg.Store)
}
