package partnerkit_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/storage"
)

// K4: a creator managed by another agency earns the creator rate and the
// campaign's agency the rest, exactly as for its own creators; the line
// records the creator's agency.
func TestCrossAgencyCreator(t *testing.T) {
	w := newWorld(t)
	w.accept(w.leo, w.listLink)  // leo is managed by agency-northstar
	w.accept(w.maya, w.listLink) // maya by no agency
	at := start.Add(time.Hour)
	rs := w.ingest(
		w.event("e-leo", attribution.Paid, "o-leo", w.leo, w.serum, "39.98", at, at),
		w.event("e-maya", attribution.Paid, "o-maya", w.maya, w.serum, "39.98", at, at),
	)
	leo, maya := rs[0].Line, rs[1].Line
	if got := leo.Attribution.Terms; got.CreatorAgency != "agency-northstar" || !got.CrossAgency() {
		t.Errorf("leo's terms = %+v, want CreatorAgency agency-northstar, cross-agency", got)
	}
	if maya.Attribution.Terms.CrossAgency() {
		t.Errorf("maya's terms %+v are cross-agency, want not", maya.Attribution.Terms)
	}
	// 39.98 at 15% total, 10% creator: 6.00 = 4.00 + 2.00 for both.
	for _, l := range []attribution.Line{leo, maya} {
		o := l.Ledger.Owed
		if o.Total.String() != "6.00 USD" || o.Creator.String() != "4.00 USD" || o.Agency.String() != "2.00 USD" {
			t.Errorf("%v owed %v, want 6.00 = 4.00 + 2.00 USD", l.Key, o)
		}
	}
}

// P6, C5: an order is judged by the campaign as it was when the order was
// placed, even when a later edit of the campaign's dates has been applied
// (and folded into the stored campaign) before the order's events arrive.
func TestOrderJudgedByCampaignAtPlacement(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	placed := start.Add(2 * time.Hour) // Mar 1, 11:00: the campaign runs
	w.clock.Set(start.Add(3 * time.Hour))
	reg, run := campaign.Period{Start: day(3, 2), End: day(3, 15)}, campaign.Period{Start: day(3, 2), End: day(6, 1)}
	if _, err := w.svc.EditCampaign(w.ctx, w.agency, w.camp.ID, campaign.Patch{Registration: &reg, Period: &run}); err != nil {
		t.Fatalf("EditCampaign(dates): %v", err)
	}
	w.clock.Advance(campaign.EditDelay + time.Minute)
	name := "Spring Glow 2027, renamed"
	if _, err := w.svc.EditCampaign(w.ctx, w.agency, w.camp.ID, campaign.Patch{Name: &name}); err != nil {
		t.Fatalf("EditCampaign(name), which folds the date edit in: %v", err)
	}
	rs := w.ingest(w.event("e-1", attribution.Paid, "o-1", w.maya, w.serum, "39.98", placed, placed))
	l := rs[0].Line
	if !l.Attribution.OK() || l.Ledger.Owed.Total.String() != "6.00 USD" {
		t.Errorf("order placed while the campaign ran: %v (%v), owed %v; want attributed, 6.00 USD", l.Ledger.Status, l.Attribution.Reason, l.Ledger.Owed.Total)
	}
}

// K3, A1: an order line earns through one showcase entry. An event of the
// line naming another entry (another campaign's product, here) is refused
// with ErrConflict, whether it comes in the same batch or later, and the
// first attribution stands: it could not say otherwise had it come first.
func TestLineEventThroughAnotherEntryConflicts(t *testing.T) {
	at := start.Add(time.Hour)
	for _, batched := range []bool{true, false} {
		w := newWorld(t)
		w.accept(w.maya, w.listLink, w.rivalLink)
		paid := w.event("e-paid", attribution.Paid, "o-1", w.maya, w.serum, "100.00", at, at)
		shipped := w.event("e-shipped", attribution.Shipped, "o-1", w.maya, w.cream, "", at.Add(time.Hour), at)
		var rs []partnerkit.IngestResult
		if batched {
			var err error
			if rs, err = w.svc.IngestEvents(w.ctx, w.host, []attribution.Event{paid, shipped}); err != nil {
				t.Fatal(err)
			}
		} else {
			rs = w.ingest(paid)
			more, err := w.svc.IngestEvents(w.ctx, w.host, []attribution.Event{shipped})
			if err != nil {
				t.Fatal(err)
			}
			rs = append(rs, more...)
		}
		if rs[0].Err != nil || !errors.Is(rs[1].Err, partnerkit.ErrConflict) {
			t.Fatalf("batched %v: results %v, %v; want the paid event taken and the other entry's refused with ErrConflict", batched, rs[0].Err, rs[1].Err)
		}
		l := rs[0].Line
		if got := l.Attribution.Terms.Campaign; got != w.camp.ID || len(l.Events) != 1 || l.Ledger.Owed.Total.String() != "15.00 USD" {
			t.Errorf("batched %v: line in %s with %d events owing %v, want %s, 1 event, 15.00 USD", batched, got, len(l.Events), l.Ledger.Owed.Total, w.camp.ID)
		}
	}
}

// P6: a creator rate change of a list entry pays, from its effective time
// on, every creator who accepted the entry, before the change or after it:
// an order placed before the change earns the old rate, one placed after
// it the new one, whichever creator and whenever its events arrive. The
// change is announced in the outbox.
func TestListRateChangeReachesCreatorsWhoAccepted(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink) // serum at 10% of 15%
	seq := w.lastSeq()
	change := start.Add(72 * time.Hour)
	if _, err := w.svc.SetCreatorRate(w.ctx, w.agency, w.list.ID, w.serum.ID, rate(t, "5%"), change); err != nil {
		t.Fatal(err)
	}
	if got := w.outbox(seq); !slices.Equal(got, []string{"showcase.rate_lowered", "list.rate_changed"}) {
		t.Errorf("outbox after SetCreatorRate = %v, want [showcase.rate_lowered list.rate_changed]", got)
	}
	// The creator's showcase shows the change as it will pay.
	sc, err := w.svc.Showcase(w.ctx, w.maya)
	if err != nil {
		t.Fatal(err)
	}
	e, _ := sc.Entry(w.serum.Shop, w.serum.Product)
	if n := len(e.Terms); n < 2 || e.Terms[n-1].Rate != rate(t, "5%") || !e.Terms[n-1].Effective.Equal(change) || e.Terms[n-2].Rate != rate(t, "10%") {
		t.Errorf("maya's serum terms = %+v, want 10%% then 5%% from %v", e.Terms, change)
	}
	w.clock.Set(change.Add(2 * time.Hour))
	w.accept(w.leo, w.listLink) // after the change
	// The agency then drops the product and the list: the orders placed
	// while they stood are paid as they stood, whenever they arrive.
	if _, err := w.svc.RemoveFromList(w.ctx, w.agency, w.list.ID, w.serum.ID); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.DeleteList(w.ctx, w.agency, w.list.ID); err != nil {
		t.Fatal(err)
	}
	before, after := change.Add(-time.Hour), change.Add(3*time.Hour)
	rs := w.ingest(
		// Newest first: arrival order decides nothing.
		w.event("leo-after", attribution.Paid, "o-leo", w.leo, w.serum, "100.00", after, after),
		w.event("maya-after", attribution.Paid, "o-maya-2", w.maya, w.serum, "100.00", after, after),
		w.event("maya-before", attribution.Paid, "o-maya-1", w.maya, w.serum, "100.00", before.Add(time.Minute), before),
	)
	for i, want := range []struct {
		creator string
		version int
	}{{"5.00 USD", 2}, {"5.00 USD", 2}, {"10.00 USD", 1}} {
		l := rs[i].Line
		if got := l.Ledger.Owed.Creator.String(); got != want.creator || l.Attribution.Terms.RateVersion != want.version || l.Ledger.Owed.Total.String() != "15.00 USD" {
			t.Errorf("%s: creator owed %s at rate version %d (total %v), want %s at version %d of 15.00 USD",
				rs[i].Event, got, l.Attribution.Terms.RateVersion, l.Ledger.Owed.Total, want.creator, want.version)
		}
	}
	// The line explains itself with the version's effective time (A6).
	e2, err := w.svc.Explain(w.ctx, w.agency, rs[1].Line.Key)
	if err != nil || !e2.RateEffective.Equal(change) {
		t.Errorf("Explain(maya-after).RateEffective = %v, %v; want %v", e2.RateEffective, err, change)
	}
}

// A1, K3: a platform that sends a line's entry with one event only: the
// line earns the same whichever event comes first, in one batch or apart.
func TestLineEntryOnOneEventOnly(t *testing.T) {
	at := start.Add(time.Hour)
	var owed []string
	for _, order := range []string{"paid first", "shipped first", "shipped first, apart"} {
		w := newWorld(t)
		w.accept(w.maya, w.listLink)
		paid := w.event("e-paid", attribution.Paid, "o-1", w.maya, w.serum, "100.00", at, at)
		shipped := w.event("e-shipped", attribution.Shipped, "o-1", w.maya, w.serum, "", at.Add(time.Hour), at)
		shipped.Entry = ""
		var l attribution.Line
		switch order {
		case "paid first":
			l = w.ingest(paid, shipped)[1].Line
		case "shipped first":
			l = w.ingest(shipped, paid)[1].Line
		default:
			w.ingest(shipped)
			l = w.ingest(paid)[0].Line
		}
		m, err := w.svc.CampaignMetrics(w.ctx, w.agency, w.camp.ID)
		if err != nil {
			t.Fatal(err)
		}
		owed = append(owed, fmt.Sprintf("%s: %s, %d events, %d paid orders", l.Attribution.Terms.Campaign, l.Ledger.Owed.Total, len(l.Events), m.PaidOrders))
	}
	want := "campaign-1: 15.00 USD, 2 events, 1 paid orders"
	for i, got := range owed {
		if got != want {
			t.Errorf("order %d: %s, want %s", i, got, want)
		}
	}
}

// A2, A1: the event that brings a line its entry attributes the line's
// earlier amounts too: one in another currency than the campaign's market
// is refused then, as it would have been had the entry come first.
func TestLineEntryLateChecksEarlierCurrency(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	at := start.Add(time.Hour)
	paid := w.event("e-paid", attribution.Paid, "o-1", w.maya, w.serum, "", at, at)
	paid.Entry, paid.Amount = "", money(t, "100.00")
	paid.Amount.Currency = commission.MustParseCurrency("EUR")
	shipped := w.event("e-shipped", attribution.Shipped, "o-1", w.maya, w.serum, "", at.Add(time.Hour), at)
	// The product's metrics as a product approved before approval
	// started them in the market's currency would have them: no currency
	// yet, so they cannot refuse a EUR amount themselves.
	err := w.store.Update(w.ctx, func(tx storage.Tx) error {
		return tx.Metrics().PutProduct(attribution.ProductMetrics{Campaign: w.camp.ID, Agency: w.agency.ID,
			Shop: w.serum.Shop, Product: w.serum.Product, TotalRate: w.serum.Rate})
	})
	if err != nil {
		t.Fatal(err)
	}
	w.ingest(paid) // no entry: earns nothing, any currency
	rs, err := w.svc.IngestEvents(w.ctx, w.host, []attribution.Event{shipped})
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(rs[0].Err, commission.ErrCurrencyMismatch) {
		t.Errorf("the entry's event over a EUR payment in a USD campaign = %v, want ErrCurrencyMismatch", rs[0].Err)
	}
	if m, err := w.svc.CampaignMetrics(w.ctx, w.agency, w.camp.ID); err != nil || m.PaidOrders != 0 {
		t.Errorf("campaign metrics = %+v, %v; want nothing counted", m, err)
	}
}

// K3: another creator's event on a stored line is refused as the
// conflict, also when the line's events left its entry out and this one
// brings one: the line is not attributed anew through the second creator
// (which here would have failed on the EUR payment in a USD campaign).
func TestSecondCreatorOnEntrylessLineIsConflict(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	w.accept(w.leo, w.listLink)
	eur, err := commission.NewMoney("39.98", "EUR")
	if err != nil {
		t.Fatal(err)
	}
	paid := w.event("m1", attribution.Paid, "o-k3", w.maya, w.serum, "", start, start)
	paid.Entry, paid.Amount = "", eur
	before := w.ingest(paid)[0].Line
	leo := w.event("l1", attribution.Shipped, "o-k3", w.leo, w.serum, "", start.Add(time.Hour), start)
	_, err = w.svc.IngestEvent(w.ctx, w.host, leo)
	var fe *partnerkit.FieldError
	if !errors.Is(err, partnerkit.ErrConflict) || !errors.As(err, &fe) || fe.Field != "creator" {
		t.Errorf("leo's event on maya's entryless line = %v; want a FieldError for creator wrapping ErrConflict (K3)", err)
	}
	if diff := cmp.Diff(before, w.lineOf("o-k3")); diff != "" {
		t.Errorf("the refused event changed the line (-want +got):\n%s", diff)
	}
}

// P6: a rate change with the zero effective time takes effect now, by the
// Service's clock; one before now is refused, naming the field, and
// changes nothing.
func TestRateChangeEffectiveNow(t *testing.T) {
	w := newWorld(t)
	now := start.Add(5 * time.Hour)
	w.clock.Set(now)
	l, err := w.svc.SetCreatorRate(w.ctx, w.agency, w.list.ID, w.serum.ID, rate(t, "8%"), time.Time{})
	if err != nil {
		t.Fatalf("SetCreatorRate with the zero time: %v", err)
	}
	e, _ := l.Entry(w.serum.ID)
	if v := e.Rates[len(e.Rates)-1]; v.Rate != rate(t, "8%") || !v.Effective.Equal(now) {
		t.Errorf("newest version %+v, want 8%% from %v", v, now)
	}
	_, err = w.svc.SetCreatorRate(w.ctx, w.agency, w.list.ID, w.serum.ID, rate(t, "7%"), now.Add(-time.Nanosecond))
	var fe *partnerkit.FieldError
	if !errors.Is(err, partnerkit.ErrInvalid) || !errors.As(err, &fe) || fe.Field != "effective" {
		t.Errorf("SetCreatorRate a nanosecond in the past = %v, want a FieldError for effective wrapping ErrInvalid", err)
	}
	got, err := w.svc.List(w.ctx, w.agency, w.list.ID)
	if after, _ := got.Entry(w.serum.ID); err != nil || len(after.Rates) != len(e.Rates) {
		t.Errorf("the refused change was written: %+v, %v", after.Rates, err)
	}
}

// P5, P6: when an agency lowers a list entry's creator rate, each creator
// whose rate it lowers is told, in an outbox message of its own, before the
// lower rate pays; a raise tells no one, and neither does a change that
// does not reach a creator (its terms for the product came through
// another link since).
func TestLoweredListRateTellsEachFollower(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink) // serum at 10% of 15%
	w.accept(w.leo, w.listLink)
	link, err := w.svc.ShareProduct(w.ctx, w.agency, w.serum.ID, rate(t, "12%"))
	if err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(time.Minute)
	w.accept(w.leo, link) // leo's serum terms now come through the product link

	change := w.clock.Now().Add(72 * time.Hour)
	for _, step := range []struct {
		rate, previous string
		at             time.Time
		told           bool
	}{
		{"5%", "10%", change, true},
		{"8%", "5%", change.Add(time.Hour), false}, // a raise
		{"6%", "8%", change.Add(2 * time.Hour), true},
	} {
		seq := w.lastSeq()
		if _, err := w.svc.SetCreatorRate(w.ctx, w.agency, w.list.ID, w.serum.ID, rate(t, step.rate), step.at); err != nil {
			t.Fatal(err)
		}
		var told []partnerkit.RateLowered
		ms, err := w.svc.Outbox(w.ctx, w.host, seq, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if m.Kind != "showcase.rate_lowered" {
				continue
			}
			var p partnerkit.RateLowered
			if err := json.Unmarshal(m.Payload, &p); err != nil {
				t.Fatal(err)
			}
			if m.Key != string(p.Creator) {
				t.Errorf("message keyed %q holds creator %q", m.Key, p.Creator)
			}
			told = append(told, p)
		}
		var want []partnerkit.RateLowered
		if step.told {
			want = []partnerkit.RateLowered{{
				Creator: w.maya.ID, List: w.list.ID, Agency: w.agency.ID, Shop: w.serum.Shop, Product: w.serum.Product,
				Rate: rate(t, step.rate), Previous: rate(t, step.previous), Effective: step.at.UTC(),
			}}
		}
		if diff := cmp.Diff(want, told, cmpopts.EquateApproxTime(0)); diff != "" {
			t.Errorf("SetCreatorRate %s from %s: showcase.rate_lowered (-want +got):\n%s", step.previous, step.rate, diff)
		}
	}
}
