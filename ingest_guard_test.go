package partnerkit_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
)

// A1, A2: an event the rules refuse (an amount in another currency than
// its campaign's, an id that is not valid UTF-8) is refused on its own,
// before anything is written, on every backend: the rest of its batch is
// applied, and a resend of an applied event is a no-op.
func TestIngestRefusesBadEventsAlone(t *testing.T) {
	for name, open := range backends() {
		t.Run(name, func(t *testing.T) {
			w := open(t)
			w.accept(w.maya, w.listLink)
			at := start.Add(time.Hour)
			eur, err := commission.NewMoney("50.00", "EUR")
			if err != nil {
				t.Fatal(err)
			}
			inEUR := w.event("e-eur", attribution.Paid, "o-eur", w.maya, w.serum, "", at, at)
			inEUR.Amount = eur
			events := []attribution.Event{
				w.event("e-1", attribution.Paid, "o-1", w.maya, w.serum, "39.98", at, at),
				inEUR,
				w.event("e-\xff", attribution.Paid, "o-utf8", w.maya, w.serum, "10.00", at, at),
				w.event("e-4", attribution.Paid, "o-4", w.maya, w.serum, "10.00", at, at),
			}
			rs, err := w.svc.IngestEvents(w.ctx, w.host, events)
			if err != nil {
				t.Fatalf("IngestEvents: the batch failed: %v", err)
			}
			for i, want := range []error{nil, commission.ErrCurrencyMismatch, partnerkit.ErrInvalid, nil} {
				if got := rs[i].Err; (want == nil) != (got == nil) || (want != nil && !errors.Is(got, want)) {
					t.Errorf("event %q: error %v, want %v", events[i].ID, got, want)
				}
			}
			again, err := w.svc.IngestEvents(w.ctx, w.host, events[:1])
			if err != nil || again[0].Err != nil || !again[0].Duplicate {
				t.Errorf("resending e-1 = %+v, %v; want a duplicate no-op", again, err)
			}
			m, err := w.svc.CampaignMetrics(w.ctx, w.agency, w.camp.ID)
			if err != nil {
				t.Fatal(err)
			}
			if m.PaidOrders != 2 || m.GMV.String() != "49.98 USD" {
				t.Errorf("metrics = %d paid orders, GMV %v; want 2 and 49.98 USD", m.PaidOrders, m.GMV)
			}
		})
	}
}

// A1: a line keeps at most MaxLineEvents events; one more is refused with
// ErrLimit, while a resend of one it has is still a no-op.
func TestIngestBoundsEventsPerLine(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	at := start.Add(time.Hour)
	evs := []attribution.Event{w.event("paid", attribution.Paid, "o-1", w.maya, w.serum, "10.00", at, at)}
	for i := 1; i < partnerkit.MaxLineEvents; i++ {
		evs = append(evs, w.event(fmt.Sprintf("ship-%04d", i), attribution.Shipped, "o-1", w.maya, w.serum, "", at.Add(time.Duration(i)*time.Second), at))
	}
	w.ingest(evs...)
	over := w.event("ship-over", attribution.Shipped, "o-1", w.maya, w.serum, "", at.Add(time.Hour), at)
	if _, err := w.svc.IngestEvent(w.ctx, w.host, over); !errors.Is(err, partnerkit.ErrLimit) {
		t.Errorf("event %d of a line: error %v, want ErrLimit", partnerkit.MaxLineEvents+1, err)
	}
	if _, err := w.svc.IngestEvent(w.ctx, w.host, evs[5]); err != nil {
		t.Errorf("resending an event the full line has: %v, want a no-op", err)
	}
}

// P4: accepting, like resolving, refuses more pasted links than
// productlist.MaxPastedLinks before verifying any; a malformed actor id is
// ErrInvalid, an empty one ErrForbidden.
func TestPasteAndActorBounds(t *testing.T) {
	w := newWorld(t)
	links := strings.Split(strings.Repeat(string(w.listLink)+" ", productlist.MaxPastedLinks+1), " ")
	links = links[:productlist.MaxPastedLinks+1]
	if _, err := w.svc.AcceptLinks(w.ctx, w.maya, links); !errors.Is(err, partnerkit.ErrLimit) {
		t.Errorf("AcceptLinks(%d links) = %v, want ErrLimit", len(links), err)
	}
	if _, _, err := w.svc.Campaigns(w.ctx, partnerkit.Agency{ID: "agency-\xff"}, partnerkit.Page{}); !errors.Is(err, partnerkit.ErrInvalid) {
		t.Errorf("Campaigns(agency with invalid UTF-8) = %v, want ErrInvalid", err)
	}
	if _, _, err := w.svc.Campaigns(w.ctx, partnerkit.Agency{}, partnerkit.Page{}); !errors.Is(err, partnerkit.ErrForbidden) {
		t.Errorf("Campaigns(no agency) = %v, want ErrForbidden", err)
	}
}
