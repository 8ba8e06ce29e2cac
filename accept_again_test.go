package partnerkit_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// P4: accepting the same link again leaves the showcase as it is (it does
// not grow by a copy of the terms each time); each acceptance is still
// recorded as "showcase.accepted", and nothing else.
func TestAcceptSameLinkAgain(t *testing.T) {
	for name, open := range backends() {
		t.Run(name, func(t *testing.T) {
			w := open(t)
			first := w.accept(w.maya, w.listLink)
			for range 5 {
				w.clock.Advance(time.Hour)
				seq := w.lastSeq()
				if diff := cmp.Diff(first, w.accept(w.maya, w.listLink)); diff != "" {
					t.Fatalf("AcceptLinks again changed the showcase (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff([]string{"showcase.accepted"}, w.outbox(seq)); diff != "" {
					t.Errorf("outbox after accepting again (-want +got):\n%s", diff)
				}
			}
			l, err := w.svc.List(w.ctx, w.agency, w.list.ID)
			if err != nil || len(l.Followers) != 1 {
				t.Errorf("list followers = %v, %v; want maya once", l.Followers, err)
			}
		})
	}
}

// P5: accepting the list again after a better product link is not a
// repeat: the lower rate is recorded and takes over.
func TestAcceptListAgainBelowProductLink(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink) // serum at 10%
	pl, err := w.svc.ShareProduct(w.ctx, w.agency, w.serum.ID, rate(t, "12%"))
	if err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(time.Hour)
	w.accept(w.maya, pl)
	w.clock.Advance(time.Hour)
	seq := w.lastSeq()
	sc := w.accept(w.maya, w.listLink)
	if diff := cmp.Diff([]string{"showcase.lower_rate_accepted", "showcase.accepted"}, w.outbox(seq)); diff != "" {
		t.Errorf("outbox (-want +got):\n%s", diff)
	}
	if got, err := sc.RateAt(w.glow.Shop, w.serum.Product, w.clock.Now()); err != nil || got.Rate != rate(t, "10%") {
		t.Errorf("RateAt(now) = %+v, %v; want the list's 10%%", got, err)
	}
	if e, _ := sc.Entry(w.glow.Shop, w.serum.Product); len(e.Terms) != 3 {
		t.Errorf("terms = %+v, want list, product link, list", e.Terms)
	}
}
