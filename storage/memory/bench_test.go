package memory_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
)

// benchBatch is the ingest batch size the issue 10 targets name.
const benchBatch = 1000

var benchStart = time.Date(2026, 4, 2, 10, 0, 0, 0, time.UTC)

// paidLines returns n paid, attributed lines from order i0 on, shaped like
// examples/bench's: ids of a few dozen bytes, 8 creators, 20 products.
func paidLines(tb testing.TB, i0, n int) []attribution.Line {
	tb.Helper()
	amount, err := commission.NewMoney("19.99", "USD")
	if err != nil {
		tb.Fatal(err)
	}
	ls := make([]attribution.Line, n)
	for j := range ls {
		i := i0 + j
		product := fmt.Sprintf("p-%04d", i%20)
		tm := attribution.Terms{Campaign: "c-bench", Agency: "ag-bench", Shop: "USSHOP000001",
			Registration: registration.ID("reg-" + product), Product: registration.ProductID(product),
			List: "list-1", Entry: "entry-1", Creator: productlist.CreatorID(fmt.Sprintf("creator-%03d", i%8)),
			RateVersion: 1, Split: commission.Split{Total: 1500, Creator: 1000}}
		order := attribution.OrderID(fmt.Sprintf("r1764046000000000000-o%d", i))
		at := benchStart.Add(time.Duration(i) * time.Second)
		ev := attribution.Event{ID: attribution.EventID(string(order) + "-paid"), Kind: attribution.Paid, Order: order, Line: "1",
			Creator: tm.Creator, Entry: attribution.EntryID("USSHOP000001/" + product), Amount: amount, At: at, Placed: at.Add(-time.Minute)}
		ls[j], _, err = attribution.Apply(attribution.Line{}, ev, attribution.Attributed(tm), at)
		if err != nil {
			tb.Fatal(err)
		}
	}
	return ls
}

// BenchmarkPutMany writes batches of 1000 paid lines, one Update each:
// new lines into a store of up to 64,000 ("new"), or the same lines again
// ("replace").
func BenchmarkPutMany(b *testing.B) {
	ctx := context.Background()
	batches := make([][]attribution.Line, 64)
	for i := range batches {
		batches[i] = paidLines(b, i*benchBatch, benchBatch)
	}
	put := func(b *testing.B, s *memory.Store, ls []attribution.Line) {
		if err := s.Update(ctx, func(tx storage.Tx) error { return storage.PutMany(tx.Orders(), ls) }); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("new", func(b *testing.B) {
		s := memory.New()
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if i%len(batches) == 0 && i > 0 {
				b.StopTimer()
				s.Close()
				s = memory.New()
				b.StartTimer()
			}
			put(b, s, batches[i%len(batches)])
		}
		s.Close()
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchBatch), "ns/line")
	})
	b.Run("replace", func(b *testing.B) {
		s := memory.New()
		defer s.Close()
		for _, ls := range batches {
			put(b, s, ls)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; b.Loop(); i++ {
			put(b, s, batches[i%len(batches)])
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchBatch), "ns/line")
	})
}

// BenchmarkPutLongLine stores again a line of n events (a payment, its
// settlement and refunds after it, each with a reversal entry naming its
// event), as ingest does for each event added to a line: its cost should
// grow linearly with n, up to attribution's MaxLineEvents.
func BenchmarkPutLongLine(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{250, 1000} {
		b.Run(fmt.Sprintf("events=%d", n), func(b *testing.B) {
			l := paidLines(b, 0, 1)[0]
			ev := l.Events[0]
			evs := []attribution.Event{{ID: ev.ID + "-settled", Kind: attribution.Settled, Order: ev.Order, Line: ev.Line, Creator: ev.Creator, Entry: ev.Entry, At: ev.At.Add(time.Hour)}}
			for i := range n - 2 {
				evs = append(evs, attribution.Event{ID: attribution.EventID(fmt.Sprintf("%s-refund-%d", ev.Order, i)), Kind: attribution.Refunded,
					Order: ev.Order, Line: ev.Line, Creator: ev.Creator, Entry: ev.Entry, Amount: commission.FromMinor(1, ev.Amount.Currency), At: ev.At.Add(2 * time.Hour)})
			}
			for _, e := range evs {
				var err error
				if l, _, err = attribution.Apply(l, e, l.Attribution, e.At); err != nil {
					b.Fatal(err)
				}
			}
			s := memory.New()
			defer s.Close()
			put := func() {
				if err := s.Update(ctx, func(tx storage.Tx) error { return tx.Orders().Put(l) }); err != nil {
					b.Fatal(err)
				}
			}
			put()
			b.ReportAllocs()
			for b.Loop() {
				put()
			}
		})
	}
}

// BenchmarkIngestBatch is the store's share of one 1000-event ingest
// batch as the Service runs it: LinesOf and GetMany over the batch, then
// PutMany of the changed lines and one Append of a message per line.
func BenchmarkIngestBatch(b *testing.B) {
	s := memory.New()
	defer s.Close()
	ctx := context.Background()
	const stored = 64 * benchBatch
	all := paidLines(b, 0, stored)
	for i := 0; i < stored; i += benchBatch {
		if err := s.Update(ctx, func(tx storage.Tx) error { return storage.PutMany(tx.Orders(), all[i:i+benchBatch]) }); err != nil {
			b.Fatal(err)
		}
	}
	payload := make([]byte, 120)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		ls := all[(i%64)*benchBatch : (i%64+1)*benchBatch]
		ids := make([]attribution.EventID, len(ls))
		keys := make([]attribution.LineKey, len(ls))
		msgs := make([]storage.Message, len(ls))
		for j, l := range ls {
			ids[j], keys[j] = l.Events[0].ID, l.Key
			msgs[j] = storage.Message{Kind: "order.attributed", Key: l.Key.String(), Payload: payload, At: benchStart}
		}
		err := s.Update(ctx, func(tx storage.Tx) error {
			if _, err := storage.LinesOf(tx.Orders(), ids); err != nil {
				return err
			}
			got, err := storage.GetMany(tx.Orders(), keys)
			if err != nil {
				return err
			}
			changed := make([]attribution.Line, 0, len(got))
			for _, k := range keys {
				changed = append(changed, got[k])
			}
			if err := storage.PutMany(tx.Orders(), changed); err != nil {
				return err
			}
			_, err = tx.Outbox().Append(msgs...)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchBatch), "ns/event")
}

// BenchmarkHeapPerLine reports the live heap the store keeps per paid
// line (heap-B/line), and per outbox message beyond its payload
// (heap-B/msg), after a GC: 100,000 of each, written in batches of 1000.
func BenchmarkHeapPerLine(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		lines := paidLines(b, 0, n)
		payload := make([]byte, 100)
		s := memory.New()
		b.StartTimer()
		before := liveHeap()
		for i := 0; i < n; i += benchBatch {
			err := s.Update(ctx, func(tx storage.Tx) error { return storage.PutMany(tx.Orders(), lines[i:i+benchBatch]) })
			if err != nil {
				b.Fatal(err)
			}
		}
		afterLines := liveHeap()
		for i := 0; i < n; i += benchBatch {
			msgs := make([]storage.Message, benchBatch)
			for j := range msgs {
				msgs[j] = storage.Message{Kind: "order.attributed", Key: lines[i+j].Key.String(), Payload: payload, At: benchStart}
			}
			err := s.Update(ctx, func(tx storage.Tx) error { _, err := tx.Outbox().Append(msgs...); return err })
			if err != nil {
				b.Fatal(err)
			}
		}
		afterMsgs := liveHeap()
		runtime.KeepAlive(lines)
		runtime.KeepAlive(s)
		b.ReportMetric(float64(afterLines-before)/n, "heap-B/line")
		b.ReportMetric(float64(afterMsgs-afterLines)/n-float64(len(payload)), "heap-B/msg")
	}
}

// liveHeap returns the live heap after a full GC.
func liveHeap() int64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// BenchmarkScopedList reads the first page of one scope's campaigns,
// registrations or lists (a default page of 100, the whole scope), alone
// in the store ("others=0") and among many records of other scopes, whose
// ids sort among the scope's: a page should cost what the scope holds,
// not what the store holds, as it does on the SQL backends' (scope, id)
// indexes.
func BenchmarkScopedList(b *testing.B) {
	ctx := context.Background()
	at := benchStart
	campaignOf := func(id string, agency campaign.AgencyID) campaign.Campaign {
		return campaign.Campaign{ID: campaign.ID(id), Agency: agency, Status: campaign.Published, CreatedAt: at, UpdatedAt: at}
	}
	registrationOf := func(id string, c campaign.ID, agency campaign.AgencyID, shop campaign.ShopCode) registration.Registration {
		return registration.Registration{ID: registration.ID(id), Campaign: c, Agency: agency, Shop: shop,
			Product: registration.ProductID("p-" + id), ProductTitle: "Serum", Rate: 1500, State: registration.Pending, CreatedAt: at, UpdatedAt: at}
	}
	// fill makes the scope's n records and others records outside it,
	// their ids interleaved.
	fill := func(b *testing.B, n, others int, put func(tx storage.Tx, i int, in bool) error) *memory.Store {
		b.Helper()
		s := memory.New()
		err := s.Update(ctx, func(tx storage.Tx) error {
			for i := range n + others {
				if err := put(tx, i, i%((n+others)/n) == 0 && i/((n+others)/n) < n); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		return s
	}
	run := func(b *testing.B, s *memory.Store, want int, list func(tx storage.Tx) (int, error)) {
		b.Helper()
		defer s.Close()
		b.ReportAllocs()
		for b.Loop() {
			var got int
			if err := s.View(ctx, func(tx storage.Tx) error {
				var err error
				got, err = list(tx)
				return err
			}); err != nil {
				b.Fatal(err)
			}
			if got != want {
				b.Fatalf("listed %d, want %d", got, want)
			}
		}
	}
	for _, others := range []int{0, 2_000} {
		b.Run(fmt.Sprintf("Campaigns(agency)/others=%d", others), func(b *testing.B) {
			s := fill(b, 20, others, func(tx storage.Tx, i int, in bool) error {
				agency := campaign.AgencyID("ag-other")
				if in {
					agency = "ag-bench"
				}
				return tx.Campaigns().Create(campaignOf(fmt.Sprintf("c-%05d", i), agency))
			})
			run(b, s, 20, func(tx storage.Tx) (int, error) {
				cs, _, err := tx.Campaigns().List(storage.CampaignQuery{Agency: "ag-bench"}, storage.Page{})
				return len(cs), err
			})
		})
	}
	for _, others := range []int{0, 11_000} {
		// The scope's registrations are one campaign's, of one agency and
		// one shop; the others are other campaigns', agencies' and shops'.
		put := func(tx storage.Tx, i int, in bool) error {
			g := registrationOf(fmt.Sprintf("r-%05d", i), "c-other", "ag-other", "USOTHER001")
			if in {
				g.Campaign, g.Agency, g.Shop = "c-bench", "ag-bench", "USSHOP000001"
			}
			return tx.Registrations().Create(g)
		}
		for _, q := range []struct {
			name string
			q    storage.RegistrationQuery
		}{
			{"CampaignRegistrations", storage.RegistrationQuery{Campaign: "c-bench", Agency: "ag-bench"}},
			{"Products", storage.RegistrationQuery{Agency: "ag-bench"}},
			{"Registrations(seller)", storage.RegistrationQuery{Filter: registration.Filter{Shop: "USSHOP000001"}}},
		} {
			b.Run(fmt.Sprintf("%s/others=%d", q.name, others), func(b *testing.B) {
				run(b, fill(b, 100, others, put), 100, func(tx storage.Tx) (int, error) {
					gs, _, err := tx.Registrations().List(q.q, storage.Page{})
					return len(gs), err
				})
			})
		}
	}
	for _, others := range []int{0, 500} {
		b.Run(fmt.Sprintf("Lists/others=%d", others), func(b *testing.B) {
			s := fill(b, 20, others, func(tx storage.Tx, i int, in bool) error {
				agency := campaign.AgencyID(fmt.Sprintf("ag-other-%d", i%3))
				if in {
					agency = "ag-bench"
				}
				return tx.Lists().Create(productlist.List{ID: productlist.ListID(fmt.Sprintf("l-%05d", i)), Agency: agency, Name: "Picks", Created: at, Updated: at})
			})
			run(b, s, 20, func(tx storage.Tx) (int, error) {
				ls, _, err := tx.Lists().List(storage.ListQuery{Agency: "ag-bench"}, storage.Page{})
				return len(ls), err
			})
		})
	}
}
