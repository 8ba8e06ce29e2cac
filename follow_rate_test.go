package partnerkit_test

import (
	"errors"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
)

// P6: a creator who accepted a list entry since removed from the list and
// added again does not follow the new entry's rate changes, even when the
// old entry had a change scheduled after the new entry was added: orders
// keep paying the terms of the entry the creator accepted.
func TestRemovedEntryRateChangesNotFollowed(t *testing.T) {
	for name, open := range backends() {
		t.Run(name, func(t *testing.T) {
			w := open(t)
			t0 := w.clock.Now()
			day10 := t0.Add(10 * 24 * time.Hour)
			w.accept(w.maya, w.listLink) // entry E1, version 1: 10%
			if _, err := w.svc.SetCreatorRate(w.ctx, w.agency, w.list.ID, w.serum.ID, rate(t, "8%"), day10); err != nil {
				t.Fatal(err) // E1 version 2, scheduled
			}
			w.clock.Advance(time.Hour)
			if _, err := w.svc.RemoveFromList(w.ctx, w.agency, w.list.ID, w.serum.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := w.svc.AddToList(w.ctx, w.agency, w.list.ID, w.serum.ID, rate(t, "10%")); err != nil {
				t.Fatal(err) // entry E2, version 1
			}
			for _, r := range []string{"8%", "15%"} { // E2 versions 2 and 3
				w.clock.Advance(time.Hour)
				if _, err := w.svc.SetCreatorRate(w.ctx, w.agency, w.list.ID, w.serum.ID, rate(t, r), w.clock.Now()); err != nil {
					t.Fatal(err)
				}
			}
			sc, err := w.svc.Showcase(w.ctx, w.maya)
			if err != nil {
				t.Fatal(err)
			}
			e, _ := sc.Entry(w.glow.Shop, w.serum.Product)
			if len(e.Terms) != 2 {
				t.Errorf("showcase terms = %+v, want E1's versions 1 and 2 only", e.Terms)
			}
			day11 := day10.Add(24 * time.Hour)
			w.clock.Set(day11.Add(time.Hour))
			w.ingest(w.event("e1", attribution.Paid, "o1", w.maya, w.serum, "100.00", day11, day11))
			orders, err := w.svc.CreatorOrders(w.ctx, w.maya, time.Time{}, time.Time{})
			if err != nil || len(orders) != 1 {
				t.Fatalf("CreatorOrders = %v, %v; want one order", orders, err)
			}
			if got, want := orders[0].Rate, rate(t, "8%"); got != want {
				t.Errorf("order on day 11 paid %v, want %v (E1 version 2)", got, want)
			}
		})
	}
}

// P6: a rate change may take effect up to the end of year 9999 in UTC,
// whatever the zone it is given in (there, east of Greenwich, it is year
// 10000 on its own clock, which once failed to encode in the outbox); a
// later one is refused, naming "effective", on every backend.
func TestRateChangeAtTheEndOf9999(t *testing.T) {
	last := time.Date(9999, 12, 31, 23, 0, 0, 0, time.UTC).In(time.FixedZone("IST", 5*3600+30*60))
	for name, open := range backends() {
		t.Run(name, func(t *testing.T) {
			w := open(t)
			w.accept(w.maya, w.listLink) // a follower, told of the lower rate
			if _, err := w.svc.SetCreatorRate(w.ctx, w.agency, w.list.ID, w.serum.ID, rate(t, "9%"), last); err != nil {
				t.Fatalf("SetCreatorRate(%v) = %v", last, err)
			}
			_, err := w.svc.SetCreatorRate(w.ctx, w.agency, w.list.ID, w.serum.ID, rate(t, "8%"), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))
			var fe *partnerkit.FieldError
			if !errors.As(err, &fe) || fe.Field != "effective" || !errors.Is(err, partnerkit.ErrInvalid) {
				t.Errorf("SetCreatorRate(year 10000) = %v, want a *FieldError for \"effective\" wrapping ErrInvalid", err)
			}
		})
	}
}
