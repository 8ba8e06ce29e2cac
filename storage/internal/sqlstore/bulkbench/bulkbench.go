// Package bulkbench measures the SQL backends' share of bulk ingest at the
// storage level: the reads and writes one Service.IngestEvents batch makes
// (LinesOf, GetMany, PutMany, the metrics rows and one Outbox.Append),
// without the Service's own work, so a backend change is measured alone.
package bulkbench

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/internal/benchwork"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
)

// Batch is what one IngestEvents batch writes: its events' ids, the lines
// they touch as they stand after the batch, the metrics it moves and the
// outbox messages it appends.
type Batch struct {
	Events    []attribution.EventID
	Keys      []attribution.LineKey
	Lines     []attribution.Line
	Campaigns []attribution.CampaignMetrics
	Products  []attribution.ProductMetrics
	Messages  []storage.Message
}

// Batches ingests n batches of size events into a memory store through
// the Service and returns what each wrote, as a SQL backend would have to.
func Batches(ctx context.Context, n, size int) ([]Batch, error) {
	st := memory.New()
	w, err := benchwork.NewWorld(ctx, st, partnerkit.Options{}, "", 20, 8)
	if err != nil {
		return nil, err
	}
	w.Clock.Set(benchwork.Ingesting)
	var seq int64
	if err := st.View(ctx, func(tx storage.Tx) error {
		ms, err := tx.Outbox().Read(0, storage.MaxLimit)
		if len(ms) > 0 {
			seq = ms[len(ms)-1].Seq
		}
		return err
	}); err != nil {
		return nil, err
	}
	lines := size * 4 / 9 // PaidRefundSettle: 9 events per 4 lines
	var out []Batch
	for range n {
		evs := w.Lines(lines, benchwork.PaidRefundSettle)
		rs, err := w.Svc.IngestEvents(ctx, partnerkit.Host{}, evs)
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			if r.Err != nil {
				return nil, fmt.Errorf("event %s: %w", r.Event, r.Err)
			}
		}
		var b Batch
		seen := map[attribution.LineKey]bool{}
		for _, ev := range evs {
			b.Events = append(b.Events, ev.ID)
			if !seen[ev.Key()] {
				seen[ev.Key()] = true
				b.Keys = append(b.Keys, ev.Key())
			}
		}
		err = st.View(ctx, func(tx storage.Tx) error {
			got, err := storage.GetMany(tx.Orders(), b.Keys)
			if err != nil {
				return err
			}
			products := map[attribution.ProductKey]bool{}
			for _, k := range b.Keys {
				l := got[k]
				b.Lines = append(b.Lines, l)
				t := l.Attribution.Terms
				products[attribution.ProductKey{Campaign: t.Campaign, Product: t.Product}] = true
			}
			cm, err := tx.Metrics().Campaign(w.Campaign)
			if err != nil {
				return err
			}
			b.Campaigns = append(b.Campaigns, cm)
			for k := range products {
				pm, err := tx.Metrics().Product(k)
				if err != nil {
					return err
				}
				b.Products = append(b.Products, pm)
			}
			for {
				ms, err := tx.Outbox().Read(seq, storage.MaxLimit)
				if err != nil {
					return err
				}
				if len(ms) == 0 {
					return nil
				}
				b.Messages = append(b.Messages, ms...)
				seq = ms[len(ms)-1].Seq
			}
		})
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// Write does in one Update of st what b's IngestEvents batch asks of the
// store: look up its events and lines, then write its lines, metrics and
// messages.
func Write(ctx context.Context, st storage.Store, b Batch) error {
	return st.Update(ctx, func(tx storage.Tx) error {
		if _, err := storage.LinesOf(tx.Orders(), b.Events); err != nil {
			return err
		}
		if _, err := storage.GetMany(tx.Orders(), b.Keys); err != nil {
			return err
		}
		if err := storage.PutMany(tx.Orders(), b.Lines); err != nil {
			return err
		}
		for _, m := range b.Campaigns {
			if err := tx.Metrics().PutCampaign(m); err != nil {
				return err
			}
		}
		for _, m := range b.Products {
			if err := tx.Metrics().PutProduct(m); err != nil {
				return err
			}
		}
		_, err := tx.Outbox().Append(b.Messages...)
		return err
	})
}

// Renamed returns b with its order and event ids suffixed by tag, so
// one Batch made up once can be written many times as new orders.
func (b Batch) Renamed(tag string) Batch {
	out := b
	out.Events = make([]attribution.EventID, len(b.Events))
	for i, id := range b.Events {
		out.Events[i] = id + attribution.EventID(tag)
	}
	out.Keys = make([]attribution.LineKey, len(b.Keys))
	for i, k := range b.Keys {
		out.Keys[i] = attribution.LineKey{Order: k.Order + attribution.OrderID(tag), Line: k.Line}
	}
	out.Lines = make([]attribution.Line, len(b.Lines))
	for i, l := range b.Lines {
		l.Key.Order += attribution.OrderID(tag)
		evs := make([]attribution.Event, len(l.Events))
		for j, e := range l.Events {
			e.ID += attribution.EventID(tag)
			e.Order += attribution.OrderID(tag)
			evs[j] = e
		}
		l.Events = evs
		out.Lines[i] = l
	}
	return out
}

// Run benchmarks Write of batches of size events into st, reporting
// events/s. Every round writes lines not written before, as ingest of new
// orders does.
func Run(b *testing.B, size int, st storage.Store) {
	ctx := context.Background()
	const pool = 4
	batches, err := Batches(ctx, pool, size)
	if err != nil {
		b.Fatal(err)
	}
	tag := fmt.Sprintf("~%d", time.Now().UnixNano())
	events := 0
	var d time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		bt := batches[i%pool].Renamed(fmt.Sprintf("%s-%d", tag, i))
		b.StartTimer()
		start := time.Now()
		if err := Write(ctx, st, bt); err != nil {
			b.Fatal(err)
		}
		d += time.Since(start)
		events += len(bt.Events)
	}
	b.ReportMetric(float64(events)/d.Seconds(), "events/s")
}
