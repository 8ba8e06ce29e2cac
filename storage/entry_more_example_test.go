package storage_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
)

// exampleAt is a day of March 2026 at noon UTC.
func exampleAt(d int) time.Time { return time.Date(2026, 3, d, 12, 0, 0, 0, time.UTC) }

// exampleEvent is an event of exampleLine: its id, its kind, its day of
// March, and its amount in USD ("" for the kinds that carry none).
type exampleEvent struct {
	id     string
	kind   attribution.Kind
	day    int
	amount string
}

// exampleLine is line 1 of order o, alice's sale of the mug in agency
// acme's campaign spring, with evs applied in order.
func exampleLine(o string, evs ...exampleEvent) attribution.Line {
	attr := attribution.Attributed(attribution.Terms{
		Campaign: "spring", Agency: "acme", Shop: "USSHOP01", Registration: "reg-1", Product: "mug",
		List: "list-1", Entry: "entry-1", Creator: "alice", RateVersion: 1,
		Split: commission.Split{Total: 1250, Creator: 1000},
	})
	var l attribution.Line
	for _, e := range evs {
		var amount commission.Money
		if e.amount != "" {
			amount, _ = commission.NewMoney(e.amount, "USD")
		}
		ev := attribution.Event{ID: attribution.EventID(e.id), Kind: e.kind, Order: attribution.OrderID(o), Line: "1",
			Creator: "alice", Entry: "entry-1", Amount: amount, At: exampleAt(e.day), Placed: exampleAt(1)}
		var err error
		if l, _, err = attribution.Apply(l, ev, attr, exampleAt(20)); err != nil {
			panic(err)
		}
	}
	return l
}

// exampleStore is a memory store holding the lines of orders o1 (event
// ev1) and o2 (ev2), both paid.
func exampleStore() storage.Store {
	store := memory.New()
	err := store.Update(context.Background(), func(tx storage.Tx) error {
		return storage.PutMany(tx.Orders(), []attribution.Line{
			exampleLine("o1", exampleEvent{"ev1", attribution.Paid, 1, "19.99"}),
			exampleLine("o2", exampleEvent{"ev2", attribution.Paid, 2, "40.00"}),
		})
	})
	if err != nil {
		panic(err)
	}
	return store
}

// EncodeCursor makes the opaque, URL-safe cursor of a listing's last
// record from its sort key; DecodeCursor gives the key back. A cursor
// with another number of parts (one of another listing) or one that is
// not a cursor at all is ErrInvalid.
func ExampleEncodeCursor() {
	c := storage.EncodeCursor("o/1", "2")
	fmt.Println(c)
	parts, err := storage.DecodeCursor(c, 2)
	fmt.Printf("%q %v\n", parts, err)

	_, err = storage.DecodeCursor(c, 1)
	fmt.Println(errors.Is(err, storage.ErrInvalid))
	_, err = storage.DecodeCursor("o1", 1)
	fmt.Println(errors.Is(err, storage.ErrInvalid))
	// Output:
	// WyJvLzEiLCIyIl0
	// ["o/1" "2"] <nil>
	// true
	// true
}

// PutMany stores a batch of lines in one call, as ingest does after
// applying a batch of events; a backend without BulkOrders gets one Put
// per line. A key given twice is ErrInvalid, and an event id stored on
// another line is ErrConflict (A1): the caller abandons the transaction.
func ExamplePutMany() {
	ctx := context.Background()
	store := exampleStore()
	defer store.Close()
	o3 := exampleLine("o3", exampleEvent{"ev3", attribution.Paid, 3, "10.00"})

	err := store.Update(ctx, func(tx storage.Tx) error {
		return storage.PutMany(tx.Orders(), []attribution.Line{o3, o3})
	})
	fmt.Println("o3 twice:", errors.Is(err, storage.ErrInvalid))

	o4 := exampleLine("o4", exampleEvent{"ev1", attribution.Paid, 4, "10.00"}) // o1's event id
	err = store.Update(ctx, func(tx storage.Tx) error {
		return storage.PutMany(tx.Orders(), []attribution.Line{o3, o4})
	})
	fmt.Println("ev1 on o4:", errors.Is(err, storage.ErrConflict))

	err = store.Update(ctx, func(tx storage.Tx) error {
		return storage.PutMany(tx.Orders(), []attribution.Line{o3})
	})
	fmt.Println("o3:", err)
	// Output:
	// o3 twice: true
	// ev1 on o4: true
	// o3: <nil>
}

// GetMany reads a batch's lines in one call: keys may repeat, and a key
// with no line is absent from the map, not an error.
func ExampleGetMany() {
	store := exampleStore()
	defer store.Close()
	_ = store.View(context.Background(), func(tx storage.Tx) error {
		keys := []attribution.LineKey{{Order: "o2", Line: "1"}, {Order: "o9", Line: "1"}, {Order: "o2", Line: "1"}}
		lines, err := storage.GetMany(tx.Orders(), keys)
		fmt.Println(len(lines), err)
		for _, k := range keys {
			if l, ok := lines[k]; ok {
				fmt.Println(k, "paid", l.Ledger.Paid)
			} else {
				fmt.Println(k, "not stored")
			}
		}
		return nil
	})
	// Output:
	// 1 <nil>
	// o2/1 paid 40.00 USD
	// o9/1 not stored
	// o2/1 paid 40.00 USD
}

// LinesOf finds which stored lines already hold a batch's event ids, so
// ingest can tell a replayed event (A1) from a new one; an id no line
// holds is absent from the map.
func ExampleLinesOf() {
	store := exampleStore()
	defer store.Close()
	_ = store.View(context.Background(), func(tx storage.Tx) error {
		ids := []attribution.EventID{"ev2", "ev7", "ev1"}
		of, err := storage.LinesOf(tx.Orders(), ids)
		fmt.Println(len(of), err)
		for _, id := range ids {
			if k, ok := of[id]; ok {
				fmt.Println(id, "is on", k)
			} else {
				fmt.Println(id, "is new")
			}
		}
		return nil
	})
	// Output:
	// 2 <nil>
	// ev2 is on o2/1
	// ev7 is new
	// ev1 is on o1/1
}

// PutMetrics writes a batch's metrics records in one call; Recompute's
// maps have the same shape. A record under another key than its own is
// ErrInvalid, and a creator tally of 0 removes it.
func ExamplePutMetrics() {
	ctx := context.Background()
	store := memory.New()
	defer store.Close()
	tot, _ := attribution.Recompute([]attribution.Line{exampleLine("o1", exampleEvent{"ev1", attribution.Paid, 1, "19.99"})})
	set := storage.MetricsSet{Campaigns: tot.Campaigns, Products: tot.Products,
		CreatorLines: map[storage.CreatorTally]int64{{Scope: "spring", Creator: "alice"}: 1}}
	err := store.Update(ctx, func(tx storage.Tx) error { return storage.PutMetrics(tx.Metrics(), set) })
	fmt.Println("put:", err)

	spring := tot.Campaigns["spring"]
	err = store.Update(ctx, func(tx storage.Tx) error {
		return storage.PutMetrics(tx.Metrics(), storage.MetricsSet{
			Campaigns: map[campaign.ID]attribution.CampaignMetrics{"summer": spring}})
	})
	fmt.Println("under another key:", errors.Is(err, storage.ErrInvalid))

	_ = store.View(ctx, func(tx storage.Tx) error {
		m, err := tx.Metrics().Campaign("spring")
		n, _ := tx.Metrics().CreatorLines("spring", "alice")
		fmt.Println(m.PaidOrders, m.GMV, m.EstimatedCreator, n, err)
		return nil
	})
	// Output:
	// put: <nil>
	// under another key: true
	// 1 19.99 USD 2.00 USD 1 <nil>
}

// GetMetrics reads a batch's metrics records in one call. A campaign or
// product no event has moved yet is absent from its map, and so is a
// creator tally of 0: the caller starts those from zero.
func ExampleGetMetrics() {
	ctx := context.Background()
	store := memory.New()
	defer store.Close()
	tot, _ := attribution.Recompute([]attribution.Line{exampleLine("o1", exampleEvent{"ev1", attribution.Paid, 1, "19.99"})})
	alice := storage.CreatorTally{Scope: "spring", Creator: "alice"}
	bob := storage.CreatorTally{Scope: "spring", Creator: "bob"}
	_ = store.Update(ctx, func(tx storage.Tx) error {
		return storage.PutMetrics(tx.Metrics(), storage.MetricsSet{Campaigns: tot.Campaigns, Products: tot.Products,
			CreatorLines: map[storage.CreatorTally]int64{alice: 1}})
	})

	_ = store.View(ctx, func(tx storage.Tx) error {
		set, err := storage.GetMetrics(tx.Metrics(), storage.MetricsKeys{
			Campaigns:    []campaign.ID{"spring", "summer"},
			Products:     []attribution.ProductKey{{Campaign: "spring", Product: "mug"}, {Campaign: "spring", Product: "cap"}},
			CreatorLines: []storage.CreatorTally{alice, bob},
		})
		fmt.Println(slices.Sorted(maps.Keys(set.Campaigns)), err)
		fmt.Println(len(set.Products), set.Products[attribution.ProductKey{Campaign: "spring", Product: "mug"}].GMV)
		fmt.Println(len(set.CreatorLines), set.CreatorLines[alice])
		return nil
	})
	// Output:
	// [spring] <nil>
	// 1 19.99 USD
	// 1 1
}

// FirstPaid is the time LineQuery's From and To bound: the line's Paid
// event, not a later refund. A line not paid yet has none, and a query
// with From or To set leaves it out.
func ExampleFirstPaid() {
	l := exampleLine("o1",
		exampleEvent{"ev1", attribution.Paid, 1, "19.99"},
		exampleEvent{"ev2", attribution.Refunded, 4, "5.00"})
	at, ok := storage.FirstPaid(l)
	fmt.Println(at.Format(time.RFC3339), ok)

	unpaid := exampleLine("o2", exampleEvent{"ev3", attribution.Delivered, 2, ""})
	_, ok = storage.FirstPaid(unpaid)
	fmt.Println(ok)
	// Output:
	// 2026-03-01T12:00:00Z true
	// false
}

// ValidateReader is the rule every backend applies to outbox reader
// names: 1 to MaxReaderLen bytes of UTF-8 without a control character.
// The *FieldError's Value is the name cut short, so a huge name never
// makes a huge error.
func ExampleValidateReader() {
	fmt.Println(storage.ValidateReader("billing-export"))
	for _, name := range []string{"", "bad\tname", strings.Repeat("r", 200)} {
		err := storage.ValidateReader(name)
		var fe *storage.FieldError
		if errors.As(err, &fe) {
			fmt.Println(fe.Field, errors.Is(err, storage.ErrInvalid), len(fe.Value.(string)) < 100)
		}
	}
	// Output:
	// <nil>
	// reader true true
	// reader true true
	// reader true true
}

// A backend's listing ends each page with the cursor of its last record;
// DecodeCursor gives back the sort key it holds, and refuses anything
// else, so a crafted cursor is ErrInvalid rather than a page from nowhere.
func ExampleDecodeCursor() {
	c := storage.EncodeCursor("order-1", "line-2")
	parts, err := storage.DecodeCursor(c, 2)
	fmt.Println(parts, err)
	_, err = storage.DecodeCursor(c, 1)
	fmt.Println(errors.Is(err, storage.ErrInvalid))
	_, err = storage.DecodeCursor("not a cursor", 1)
	fmt.Println(errors.Is(err, storage.ErrInvalid))
	// Output:
	// [order-1 line-2] <nil>
	// true
	// true
}
