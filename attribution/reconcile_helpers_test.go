package attribution_test

import (
	"fmt"
	"time"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
)

// rcAt is a day of March 2026 at noon UTC.
func rcAt(d int) time.Time { return time.Date(2026, 3, d, 12, 0, 0, 0, time.UTC) }

// rcTerms are the terms of product p in campaign "spring" of agency acme,
// shop USSHOP01, for creator c, split total/creator in basis points.
func rcTerms(p registration.ProductID, c productlist.CreatorID, total, creator commission.Rate) attribution.Terms {
	return attribution.Terms{
		Campaign: "spring", Agency: "acme", Shop: "USSHOP01", Registration: registration.ID("r-" + p), Product: p,
		List: "l1", Entry: attribution.EntryID("e-" + p), Creator: c, RateVersion: 1,
		Split: commission.Split{Total: total, Creator: creator},
	}
}

// rcEvent is an event of line "1" of order o through t's entry.
func rcEvent(t attribution.Terms, id, o string, k attribution.Kind, at time.Time, amount commission.Money) attribution.Event {
	return attribution.Event{ID: attribution.EventID(id), Kind: k, Order: attribution.OrderID(o), Line: "1",
		Creator: t.Creator, Entry: t.Entry, Amount: amount, At: at, Placed: rcAt(1)}
}

// rcLine applies evs, in order, to a fresh line attributed by t, at now.
func rcLine(t attribution.Terms, now time.Time, evs ...attribution.Event) attribution.Line {
	var l attribution.Line
	for _, ev := range evs {
		var err error
		if l, _, err = attribution.Apply(l, ev, attribution.Attributed(t), now); err != nil {
			panic(fmt.Sprintf("Apply(%v) = %v", ev.ID, err))
		}
	}
	return l
}

func rcUSD(amount string) commission.Money {
	m, err := commission.NewMoney(amount, "USD")
	if err != nil {
		panic(err)
	}
	return m
}

// rcCampaign returns three lines of campaign spring: o1 paid and settled,
// o2 paid and pending, o3 paid, settled, then partly refunded.
func rcCampaign() []attribution.Line {
	mug := rcTerms("mug", "alice", 1250, 1000)
	cap := rcTerms("cap", "bob", 2000, 500)
	now := rcAt(20)
	return []attribution.Line{
		rcLine(mug, now, rcEvent(mug, "ev1", "o1", attribution.Paid, rcAt(1), rcUSD("19.99")),
			rcEvent(mug, "ev2", "o1", attribution.Settled, rcAt(10), commission.Money{})),
		rcLine(cap, now, rcEvent(cap, "ev3", "o2", attribution.Paid, rcAt(2), rcUSD("40.00"))),
		rcLine(mug, now, rcEvent(mug, "ev4", "o3", attribution.Paid, rcAt(3), rcUSD("100.00")),
			rcEvent(mug, "ev5", "o3", attribution.Settled, rcAt(11), commission.Money{}),
			rcEvent(mug, "ev6", "o3", attribution.Refunded, rcAt(12), rcUSD("25.00"))),
	}
}
