package attribution_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
)

var (
	usd = commission.MustParseCurrency("USD")
	// day0 is the start of the test calendar.
	day0 = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
)

// cmpOpts compares money by currency and value (19.9 == 19.90) and
// currencies with ==.
var cmpOpts = cmp.Options{
	cmp.Comparer(func(a, b commission.Money) bool { return a.Currency == b.Currency && a.Amount.Equal(b.Amount) }),
	cmp.Comparer(func(a, b commission.Currency) bool { return a == b }),
}

func day(n int) time.Time { return day0.Add(time.Duration(n) * 24 * time.Hour) }

func money(t testing.TB, amount string) commission.Money {
	t.Helper()
	m, err := commission.NewMoney(amount, "USD")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func line(t testing.TB, base, total, creator, agency string) commission.Line {
	t.Helper()
	return commission.Line{Base: money(t, base), Total: money(t, total), Creator: money(t, creator), Agency: money(t, agency)}
}

// terms returns terms for campaign c1 of agency ag1, shop US1, product p1,
// creator alice, split 12.5% / 10%, no settlement window.
func terms() attribution.Terms {
	return attribution.Terms{
		Campaign: "c1", Agency: "ag1", Shop: "USSHOP01", Registration: "r1", Product: "p1", List: "l1",
		Entry: "e1", Creator: "alice", RateVersion: 1, Split: commission.Split{Total: 1250, Creator: 1000},
	}
}

// event builds an event on order o line 1 of alice through entry e1.
func event(id string, k attribution.Kind, o string, at time.Time, amount commission.Money) attribution.Event {
	return attribution.Event{ID: attribution.EventID(id), Kind: k, Order: attribution.OrderID(o), Line: "1",
		Creator: "alice", Entry: "e1", Amount: amount, At: at}
}

func by(e attribution.Event, c productlist.CreatorID) attribution.Event {
	e.Creator = c
	return e
}

// applyAll applies evs in order to fresh lines keyed by line, failing on
// any error.
func applyAll(t testing.TB, attr func(attribution.Event) attribution.Attribution, now time.Time, evs ...attribution.Event) map[attribution.LineKey]attribution.Line {
	t.Helper()
	lines := map[attribution.LineKey]attribution.Line{}
	for _, e := range evs {
		l, _, err := attribution.Apply(lines[e.Key()], e, attr(e), now)
		if err != nil {
			t.Fatalf("Apply(%v %v) = %v", e.ID, e.Kind, err)
		}
		lines[e.Key()] = l
	}
	return lines
}
