package partnerkit_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/benchwork"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
	"github.com/partnerkit/partnerkit/storage/sqlite"
)

// The benchmarks of issue 10's targets on the memory store, each beside
// its ceiling; examples/bench prints them as one table.

func benchWorld(b *testing.B) *benchwork.World {
	b.Helper()
	w, err := benchwork.NewWorld(context.Background(), memory.New(), partnerkit.Options{}, "", 20, 8)
	if err != nil {
		b.Fatal(err)
	}
	return w
}

// BenchmarkIngestMemory: paid, refund and settled events with metrics in
// batches of 1000, beside a bare map insert and counter increment per event
// (target: ≥ 0.25× its events/s).
func BenchmarkIngestMemory(b *testing.B) {
	ctx := context.Background()
	const lines = 1000
	b.Run("partnerkit", func(b *testing.B) {
		w := benchWorld(b)
		benchwork.Rounds(b, "events", func() (int, time.Duration, error) {
			evs := w.Lines(lines, benchwork.PaidRefundSettle)
			d, err := benchwork.Ingest(ctx, w, evs, 1000)
			return len(evs), d, err
		})
	})
	b.Run("ceiling", func(b *testing.B) {
		w := benchWorld(b)
		m := benchwork.NewMapSink()
		benchwork.Rounds(b, "events", func() (int, time.Duration, error) {
			evs := w.Lines(lines, benchwork.PaidRefundSettle)
			return len(evs), m.Ingest(evs), nil
		})
	})
}

// BenchmarkLimitsRace: 64 writers racing an agency's 1000 lists and a
// list's 100 products, beside the same successful writes with no limit
// reached (target: ≥ 0.7× its writes/s, never over a limit).
func BenchmarkLimitsRace(b *testing.B) {
	for _, race := range []bool{true, false} {
		name := map[bool]string{true: "partnerkit", false: "ceiling"}[race]
		b.Run(name, func(b *testing.B) {
			benchwork.Rounds(b, "writes", func() (int, time.Duration, error) {
				r, err := benchwork.RaceLimits(context.Background(), 64, race)
				if err == nil && r.Over() {
					err = fmt.Errorf("over a limit: %d lists, %d products", r.Lists, r.Products)
				}
				return r.Writes, r.Elapsed, err
			})
		})
	}
}

// BenchmarkReplay: a shuffled stream with 10% duplicates beside the same
// stream sorted and de-duplicated (target: ≥ 0.8× its distinct events/s,
// identical ledger).
func BenchmarkReplay(b *testing.B) {
	var res []benchwork.ReplayResult
	for i := 0; i < b.N; i++ {
		r, err := benchwork.Replay(context.Background(), 2000, 1000, uint64(i+1))
		if err != nil {
			b.Fatal(err)
		}
		if !r.Identical {
			b.Fatal("replay: the shuffled stream's ledger differs from the sorted one's")
		}
		res = append(res, r)
	}
	var events int
	var shuffled, sorted time.Duration
	for _, r := range res {
		events, shuffled, sorted = events+r.Events, shuffled+r.Shuffled, sorted+r.Sorted
	}
	b.ReportMetric(float64(events)/shuffled.Seconds(), "partnerkit-events/s")
	b.ReportMetric(float64(events)/sorted.Seconds(), "ceiling-events/s")
}

// BenchmarkCampaignMetrics reads a campaign's metrics at 1,000 orders (the
// ceiling) and at 100,000 (examples/bench goes to 1,000,000; target: ≤ 2×).
func BenchmarkCampaignMetrics(b *testing.B) {
	ctx := context.Background()
	for _, lines := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("orders=%d", lines), func(b *testing.B) {
			w := benchWorld(b)
			if _, err := benchwork.Fill(ctx, w, lines); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				if _, err := w.Svc.CampaignMetrics(ctx, w.Agency, w.Campaign); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkHeapPerLine reports the memory store's live heap per attributed
// order line (target: ≤ 512 B at 1,000,000 lines; here 100,000 a round).
func BenchmarkHeapPerLine(b *testing.B) {
	const lines = 100_000
	var total uint64
	for i := 0; i < b.N; i++ {
		w := benchWorld(b)
		heap, err := benchwork.Fill(context.Background(), w, lines)
		if err != nil {
			b.Fatal(err)
		}
		total += heap
	}
	b.ReportMetric(float64(total)/float64(b.N*lines), "B/line")
}

// BenchmarkSettleDue: one whole SettleDue sweep with no line due, at 1,000
// and at 100,000 stored lines (pending, not delivered), and with 100,000
// delivered lines waiting for their settlement window. The sweep reads
// the store's index of due lines, not every line, nor every line waiting
// (A6), so it costs the same at every size.
func BenchmarkSettleDue(b *testing.B) {
	ctx := context.Background()
	for _, c := range []struct {
		lines   int
		waiting bool
	}{{1_000, false}, {100_000, false}, {100_000, true}} {
		name := fmt.Sprintf("lines=%d", c.lines)
		if c.waiting {
			name = fmt.Sprintf("waiting=%d", c.lines)
		}
		b.Run(name, func(b *testing.B) {
			w := benchWorld(b)
			if !c.waiting {
				if _, err := benchwork.Fill(ctx, w, c.lines); err != nil {
					b.Fatal(err)
				}
			} else {
				// Delivered an hour after payment, the day the orders
				// come in: the window passes two weeks later.
				evs := w.Lines(c.lines, benchwork.PaidOnly)
				for _, ev := range evs[:len(evs):len(evs)] {
					ev.ID, ev.Kind, ev.Amount, ev.At = ev.ID+"-delivered", attribution.Delivered, commission.Money{}, ev.At.Add(time.Hour)
					evs = append(evs, ev)
				}
				w.Clock.Set(evs[len(evs)-1].At.Add(time.Hour))
				if _, err := benchwork.Ingest(ctx, w, evs, 1000); err != nil {
					b.Fatal(err)
				}
				m, err := w.Svc.CampaignMetrics(ctx, w.Agency, w.Campaign)
				if err != nil || m.PaidOrders != int64(c.lines) || !m.SettledCreator.IsZero() {
					b.Fatalf("%d paid orders, %v settled, %v; want %d waiting", m.PaidOrders, m.SettledCreator, err, c.lines)
				}
			}
			b.ResetTimer()
			for b.Loop() {
				if err := benchwork.SettleAll(ctx, w.Svc, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkApplyDueEdits: a whole sweep of due campaign edits with none
// due, over a store holding a few campaigns or thousands (C5). It reads
// the campaigns with an edit due, so the two should cost the same.
func BenchmarkApplyDueEdits(b *testing.B) {
	ctx := context.Background()
	stores := []struct {
		name string
		open func(b *testing.B) storage.Store
	}{
		{"memory", func(*testing.B) storage.Store { return memory.New() }},
		{"sqlite", func(b *testing.B) storage.Store {
			s, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"), sqlite.Options{})
			if err != nil {
				b.Fatal(err)
			}
			return s
		}},
	}
	for _, st := range stores {
		for _, n := range []int{1, 2_000} {
			b.Run(fmt.Sprintf("%s/campaigns=%d", st.name, n), func(b *testing.B) {
				s := st.open(b)
				defer s.Close()
				w, err := benchwork.NewWorld(ctx, s, partnerkit.Options{}, "", 0, 0)
				if err != nil {
					b.Fatal(err)
				}
				// More published campaigns like the world's, with no edit
				// pending, written straight to the store.
				if err := s.Update(ctx, func(tx storage.Tx) error {
					c, err := tx.Campaigns().Get(w.Campaign)
					if err != nil {
						return err
					}
					for i := range n - 1 {
						c.ID = campaign.ID(fmt.Sprintf("%s-more-%05d", w.Campaign, i))
						if err := tx.Campaigns().Create(c); err != nil {
							return err
						}
					}
					return nil
				}); err != nil {
					b.Fatal(err)
				}
				h := partnerkit.Host{}
				for b.Loop() {
					for p := (partnerkit.Page{}); ; {
						next, err := w.Svc.ApplyDueEdits(ctx, h, p)
						if err != nil {
							b.Fatal(err)
						}
						if next == "" {
							break
						}
						p.After = next
					}
				}
			})
		}
	}
}
