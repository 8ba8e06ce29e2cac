package partnerkit_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
)

// A4: an agency lists the paid lines of its own campaign, with creators
// and whole ledgers, in payment order, optionally by the period they were
// first paid in; a creator its own, likewise. Lines of another agency's
// campaign, and unpaid ones, are not among them.
func TestOrderListingsByPeriod(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink, w.rivalLink)
	w.accept(w.leo, w.listLink)
	h := func(n int) time.Time { return start.Add(time.Duration(n) * time.Hour) }
	w.clock.Set(h(100))
	w.ingest(
		w.event("o1-paid", attribution.Paid, "o-1", w.maya, w.serum, "39.98", h(5), h(5)),
		w.event("o2-paid", attribution.Paid, "o-2", w.leo, w.mask, "24.50", h(1), h(1)),
		w.event("o3-paid", attribution.Paid, "o-3", w.maya, w.serum, "10.00", h(9), h(9)),
		w.event("o3-refund", attribution.Refunded, "o-3", w.maya, w.serum, "10.00", h(10), h(9)),
		w.event("o4-placed", attribution.Placed, "o-4", w.maya, w.serum, "", h(2), h(2)),  // never paid
		w.event("o5-paid", attribution.Paid, "o-5", w.maya, w.cream, "50.00", h(3), h(3)), // the rival's campaign
	)
	keys := func(os []attribution.AgencyOrder) []string {
		var out []string
		for _, o := range os {
			out = append(out, string(o.Key.Order))
		}
		return out
	}
	all, err := w.svc.CampaignOrders(w.ctx, w.agency, w.camp.ID, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"o-2", "o-1", "o-3"}, keys(all)); diff != "" {
		t.Errorf("CampaignOrders, all time (-want +got):\n%s", diff)
	}
	for _, o := range all {
		ex, err := w.svc.Explain(w.ctx, w.agency, o.Key)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(ex.Ledger, o.Ledger); diff != "" || o.Creator != ex.Attribution.Terms.Creator || o.Terms != ex.Attribution.Terms {
			t.Errorf("CampaignOrders %v: not the line Explain shows:\n%s", o.Key, diff)
		}
	}
	some, err := w.svc.CampaignOrders(w.ctx, w.agency, w.camp.ID, h(1).Add(time.Second), h(9))
	if err != nil || cmp.Diff([]string{"o-1"}, keys(some)) != "" {
		t.Errorf("CampaignOrders paid in [h1+1s, h9) = %v, %v; want o-1", keys(some), err)
	}

	mine, err := w.svc.CreatorOrders(w.ctx, w.maya, h(4), time.Time{})
	var got []string
	for _, o := range mine {
		got = append(got, string(o.Key.Order))
	}
	if err != nil || cmp.Diff([]string{"o-1", "o-3"}, got) != "" {
		t.Errorf("maya's orders paid from h4 = %v, %v; want o-1, o-3", got, err)
	}

	for name, err := range map[string]error{
		"CampaignOrders": func() error { _, err := w.svc.CampaignOrders(w.ctx, w.agency, w.camp.ID, h(5), h(5)); return err }(),
		"CreatorOrders":  func() error { _, err := w.svc.CreatorOrders(w.ctx, w.maya, h(5), h(4)); return err }(),
	} {
		var fe *partnerkit.FieldError
		if !errors.Is(err, partnerkit.ErrInvalid) || !errors.As(err, &fe) || fe.Field != "to" {
			t.Errorf("%s with to not after from = %v, want a FieldError for to wrapping ErrInvalid", name, err)
		}
	}
}
