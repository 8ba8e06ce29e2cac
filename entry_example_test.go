package partnerkit_test

import (
	"fmt"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
)

// EntryOf names the creator's showcase entry an order came through, as the
// host puts it in each order event; the Service attributes the line to the
// terms in force on that entry when the order was placed (P6). An order
// through an entry the creator does not have earns nothing.
func ExampleEntryOf() {
	w := exampleWorld()
	w.accept(w.maya, w.listLink)
	entry := partnerkit.EntryOf(w.serum.Shop, w.serum.Product)
	fmt.Println("entry:", entry)

	paid := attribution.Event{
		ID: "ev-1", Kind: attribution.Paid, Order: "o-1", Line: "1", Creator: w.maya.ID, Entry: entry,
		Amount: money(mustT{}, "39.98"), At: exHour(1), Placed: exHour(1),
	}
	l, err := w.svc.IngestEvent(w.ctx, w.host, paid)
	check(err)
	t := l.Attribution.Terms
	fmt.Println(l.Key, t.Campaign, t.List, "creator", t.Split.Creator, "version", t.RateVersion)

	paid.ID, paid.Order, paid.Creator = "ev-2", "o-2", w.leo.ID
	l, err = w.svc.IngestEvent(w.ctx, w.host, paid)
	check(err)
	fmt.Println(l.Key, "attributed:", l.Attribution.OK(), l.Attribution.Reason)
	// Output:
	// entry: USGLOW001/serum-30ml
	// o-1/1 campaign-1 list-1 creator 10% version 1
	// o-2/1 attributed: false no_showcase_entry
}
