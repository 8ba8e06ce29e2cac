package partnerkit_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
)

// A1, A2: one batch reads its lines and metrics once and writes them once
// (see IngestEvents). Whatever the batch holds (a line's events one after
// another, an id reused on another line within the batch, a refund beyond
// the payment, an event on a line whose first event was refused), the
// result is the one of applying the accepted events one call at a time:
// the same refusals, lines, metrics and outbox.
func TestIngestBatchEqualsOneAtATime(t *testing.T) {
	batched, single := newWorld(t), newWorld(t)
	var evs []attribution.Event
	for _, w := range []*world{batched, single} {
		w.accept(w.maya, w.listLink)
		w.accept(w.leo, w.listLink)
		day := start.Add(24 * time.Hour)
		evs = []attribution.Event{
			w.event("a-paid", attribution.Paid, "o-a", w.maya, w.serum, "39.98", day, day),
			w.event("a-paid", attribution.Paid, "o-b", w.maya, w.serum, "39.98", day, day), // id on another line: ErrConflict
			w.event("a-refund", attribution.Refunded, "o-a", w.maya, w.serum, "10.00", day.Add(time.Hour), day),
			w.event("a-refund-2", attribution.Refunded, "o-a", w.maya, w.serum, "40.00", day.Add(2*time.Hour), day), // beyond the payment: taken, K5
			w.event("a-settled", attribution.Settled, "o-a", w.maya, w.serum, "", day.Add(20*24*time.Hour), day),
			w.event("c-paid", attribution.Paid, "o-c", partnerkit.Creator{}, w.mask, "5.00", day, day), // no creator: ErrInvalid
			w.event("c-paid-2", attribution.Paid, "o-c", w.leo, w.mask, "5.00", day, day),
			w.event("c-refund", attribution.Refunded, "o-c", w.leo, w.mask, "1.00", day.Add(time.Hour), day),
			w.event("a-paid", attribution.Paid, "o-a", w.maya, w.serum, "39.98", day, day), // a repeat: duplicate
			w.event("d-paid", attribution.Paid, "o-d", w.maya, w.mask, "7.00", day, day),   // maya's second line: still 2 creators
		}
	}
	rs, err := batched.svc.IngestEvents(batched.ctx, batched.host, evs)
	if err != nil {
		t.Fatal(err)
	}
	wantErr := []error{nil, partnerkit.ErrConflict, nil, nil, nil, partnerkit.ErrInvalid, nil, nil, nil, nil}
	for i, r := range rs {
		if !errors.Is(r.Err, wantErr[i]) || (wantErr[i] == nil) != (r.Err == nil) {
			t.Errorf("batched event %d (%s): err %v, want %v", i, r.Event, r.Err, wantErr[i])
		}
		one, err := single.svc.IngestEvents(single.ctx, single.host, evs[i:i+1])
		if err != nil {
			t.Fatal(err)
		}
		if !errors.Is(one[0].Err, wantErr[i]) || (wantErr[i] == nil) != (one[0].Err == nil) {
			t.Errorf("single event %d (%s): err %v, want %v", i, one[0].Event, one[0].Err, wantErr[i])
		}
		if diff := cmp.Diff(one[0], r, cmp.Comparer(func(a, b error) bool { return (a == nil) == (b == nil) })); diff != "" {
			t.Errorf("event %d (%s): batched result differs from one at a time (-single +batched):\n%s", i, r.Event, diff)
		}
	}
	if !rs[8].Duplicate {
		t.Errorf("the repeated payment: Duplicate = false")
	}
	for _, o := range []string{"o-a", "o-c", "o-d"} {
		if diff := cmp.Diff(single.lineOf(o), batched.lineOf(o)); diff != "" {
			t.Errorf("line %s (-single +batched):\n%s", o, diff)
		}
	}
	for _, w := range []*world{batched, single} {
		if _, err := w.svc.IngestEvents(w.ctx, w.host, nil); err != nil {
			t.Errorf("an empty batch: %v", err)
		}
	}
	bm, err := batched.svc.CampaignMetrics(batched.ctx, batched.agency, batched.camp.ID)
	if err != nil {
		t.Fatal(err)
	}
	sm, err := single.svc.CampaignMetrics(single.ctx, single.agency, single.camp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sm, bm); diff != "" {
		t.Errorf("campaign metrics (-single +batched):\n%s", diff)
	}
	// o-a's refunds exceed its payment, so it is void (K5): o-c and o-d.
	if bm.PaidOrders != 2 || bm.Creators != 2 {
		t.Errorf("campaign metrics: %d paid orders, %d creators; want 2 and 2", bm.PaidOrders, bm.Creators)
	}
	if diff := cmp.Diff(single.outbox(0), batched.outbox(0)); diff != "" {
		t.Errorf("outbox kinds (-single +batched):\n%s", diff)
	}
}

// A1, K3: two events of one batch with the same id and different content
// on new lines: the first is attributed by its own terms, the second is
// refused, exactly as one call at a time. (The batch once looked the
// precomputed attribution up by event id, so the second event's terms
// were applied to the first.)
func TestIngestBatchReusedIDKeepsEachEventsTerms(t *testing.T) {
	day := start.Add(24 * time.Hour)
	cases := map[string]func(w *world) []attribution.Event{
		"same line, another product": func(w *world) []attribution.Event {
			return []attribution.Event{
				w.event("x-paid", attribution.Paid, "o-a", w.maya, w.serum, "39.98", day, day),
				w.event("x-paid", attribution.Paid, "o-a", w.maya, w.mask, "39.98", day, day),
			}
		},
		"another new line": func(w *world) []attribution.Event {
			return []attribution.Event{
				w.event("x-paid", attribution.Paid, "o-a", w.maya, w.serum, "39.98", day, day),
				w.event("x-paid", attribution.Paid, "o-b", w.maya, w.mask, "39.98", day, day),
			}
		},
		"another creator": func(w *world) []attribution.Event {
			return []attribution.Event{
				w.event("x-paid", attribution.Paid, "o-a", w.maya, w.serum, "39.98", day, day),
				w.event("x-paid", attribution.Paid, "o-a", w.leo, w.mask, "39.98", day, day),
			}
		},
	}
	for name, events := range cases {
		t.Run(name, func(t *testing.T) {
			batched, single := newWorld(t), newWorld(t)
			for _, w := range []*world{batched, single} {
				w.accept(w.maya, w.listLink)
				w.accept(w.leo, w.listLink)
			}
			rs, err := batched.svc.IngestEvents(batched.ctx, batched.host, events(batched))
			if err != nil {
				t.Fatal(err)
			}
			for i, ev := range events(single) {
				one, err := single.svc.IngestEvents(single.ctx, single.host, []attribution.Event{ev})
				if err != nil {
					t.Fatal(err)
				}
				if (one[0].Err == nil) != (rs[i].Err == nil) {
					t.Errorf("event %d: batched err %v, one at a time %v", i, rs[i].Err, one[0].Err)
				}
			}
			if rs[0].Err != nil || !errors.Is(rs[1].Err, partnerkit.ErrConflict) {
				t.Errorf("batched: errs %v, %v; want nil, ErrConflict", rs[0].Err, rs[1].Err)
			}
			got := batched.lineOf("o-a")
			if diff := cmp.Diff(single.lineOf("o-a"), got); diff != "" {
				t.Errorf("line o-a (-one at a time +batched):\n%s", diff)
			}
			if p := got.Attribution.Terms.Product; p != batched.serum.Product {
				t.Errorf("line o-a attributed to product %s, want %s", p, batched.serum.Product)
			}
		})
	}
}
