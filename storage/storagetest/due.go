package storagetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/storage"
)

// A6: Orders().List with DueBy selects exactly the lines whose DueAt is at
// or before it, in key order and by pages, with the other fields of the
// query; a line put again once settled leaves the selection, and a line
// put in the same Update is selected in it.
func orderListDue(t *testing.T, s storage.Store) {
	const window = 10 * 24 * time.Hour
	var all []attribution.Line
	update(t, s, func(tx storage.Tx) error {
		for i := range 16 {
			k := lineKey(fmt.Sprintf("o-due-%02d", (i*5)%16))
			creator := productlist.CreatorID(fmt.Sprintf("creator-%d", i%3))
			tm := terms(campaign.ID(fmt.Sprintf("c-%d", i%2)), "ag-1", shopCode(1), creator)
			if i%4 != 3 {
				tm.SettlementWindow = window
			}
			ev := func(id string, kind attribution.Kind, at time.Duration) attribution.Event {
				return attribution.Event{ID: attribution.EventID(fmt.Sprintf("ev-due-%d-%s", i, id)), Kind: kind,
					Order: k.Order, Line: k.Line, Creator: creator, Entry: "entry-1", At: now.Add(at)}
			}
			evs := []attribution.Event{paid(attribution.EventID(fmt.Sprintf("ev-due-%d-paid", i)), k, creator, now, "9.99")}
			switch i % 4 {
			case 0, 3: // delivered: due at delivery + window, if it has one
				evs = append(evs, ev("delivered", attribution.Delivered, time.Duration(i)*time.Hour))
			case 2: // delivered, and settled by the platform before the window
				evs = append(evs, ev("delivered", attribution.Delivered, time.Hour), ev("settled", attribution.Settled, 2*time.Hour))
			}
			l := newLine(t, tm, evs...) // derived at now, before every window's end
			all = append(all, l)
			if err := tx.Orders().Put(l); err != nil {
				return err
			}
		}
		return nil
	})
	sortLines(all)
	due := func(q storage.LineQuery) []attribution.Line {
		var want []attribution.Line
		for _, l := range all {
			at, ok := l.DueAt()
			if ok && !at.After(q.DueBy) && (q.Campaign == "" || l.Attribution.Terms.Campaign == q.Campaign) {
				want = append(want, l)
			}
		}
		return want
	}
	check := func(q storage.LineQuery, wantN int) {
		t.Helper()
		want := due(q)
		if len(want) != wantN {
			t.Fatalf("%d of the lines are due by %v, want %d: the fixture is off", len(want), q.DueBy, wantN)
		}
		for _, limit := range []int{0, 2} {
			got := pages(t, s, fmt.Sprintf("Orders().List(%+v)", q), limit, func(tx storage.Tx, p storage.Page) ([]attribution.Line, string, error) {
				return tx.Orders().List(q, p)
			})
			diff(t, fmt.Sprintf("Orders().List(DueBy %v, campaign %q) by %d", q.DueBy, q.Campaign, limit), want, got)
		}
	}
	check(storage.LineQuery{DueBy: now.Add(window - time.Second)}, 0)
	check(storage.LineQuery{DueBy: now.Add(window)}, 1)                 // delivered at now: due exactly then
	check(storage.LineQuery{DueBy: now.Add(window + 8*time.Hour)}, 3)   // i = 0, 4, 8
	check(storage.LineQuery{DueBy: now.Add(window + 100*time.Hour)}, 4) // and 12
	check(storage.LineQuery{DueBy: now.Add(window + 100*time.Hour), Campaign: "c-1"}, 0)

	// Settled by its window, a line is due no more; one put in the same
	// Update is listed in it.
	late := now.Add(window + 100*time.Hour)
	first := due(storage.LineQuery{DueBy: late})[0]
	settled, _, err := attribution.Advance(first, late)
	if err != nil {
		t.Fatal(err)
	}
	if settled.Ledger.Status != attribution.StatusSettled {
		t.Fatalf("Advance past the window: %v, want settled", settled.Ledger.Status)
	}
	update(t, s, func(tx storage.Tx) error {
		if err := tx.Orders().Put(settled); err != nil {
			return err
		}
		got, _, err := tx.Orders().List(storage.LineQuery{DueBy: late}, storage.Page{})
		if err != nil {
			return err
		}
		if len(got) != 3 || got[0].Key == first.Key {
			t.Errorf("in the Update that settled %v, List(DueBy) = %d lines starting at %v, want 3 without it", first.Key, len(got), got[0].Key)
		}
		return nil
	})
	for i, l := range all {
		if l.Key == first.Key {
			all[i] = settled
		}
	}
	check(storage.LineQuery{DueBy: late}, 3)
}

// sortLines sorts ls by key, the order of Orders().List.
func sortLines(ls []attribution.Line) {
	slices.SortFunc(ls, func(a, b attribution.Line) int {
		if c := compareStrings(string(a.Key.Order), string(b.Key.Order)); c != 0 {
			return c
		}
		return compareStrings(string(a.Key.Line), string(b.Key.Line))
	})
}

// A6: List with DueBy is exact to the nanosecond, whatever the backend
// keeps of a time (Postgres: microseconds), and a line due after year 9999
// (a delivery late in 9999 plus its window) is due then, not before.
func orderListDueEdges(t *testing.T, s storage.Store) {
	line := func(o string, delivered time.Time) attribution.Line {
		k := lineKey(o)
		tm := terms("c-1", "ag-1", shopCode(1), "alice")
		tm.SettlementWindow = 15 * 24 * time.Hour
		return newLine(t, tm, paid(attribution.EventID(o+"-paid"), k, "alice", now, "9.99"),
			attribution.Event{ID: attribution.EventID(o + "-delivered"), Kind: attribution.Delivered, Order: k.Order, Line: k.Line,
				Creator: "alice", Entry: "entry-1", At: delivered})
	}
	ns := line("o-edge-ns", now.Add(time.Hour+999*time.Nanosecond))
	far := line("o-edge-far", time.Date(9999, 12, 25, 0, 0, 0, 0, time.UTC))
	update(t, s, func(tx storage.Tx) error { return storage.PutMany(tx.Orders(), []attribution.Line{ns, far}) })
	nsDue, _ := ns.DueAt()
	farDue, ok := far.DueAt()
	if !ok || farDue.Year() != 10000 {
		t.Fatalf("the far line is due at %v, %v; the check wants year 10000", farDue, ok)
	}
	for _, c := range []struct {
		by   time.Time
		want []attribution.Line
	}{
		{nsDue.Add(-time.Nanosecond), nil},
		{nsDue.Add(-998 * time.Nanosecond), nil},
		{nsDue, []attribution.Line{ns}},
		{time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC), []attribution.Line{ns}},
		{farDue.Add(-time.Nanosecond), []attribution.Line{ns}},
		{farDue, []attribution.Line{far, ns}},
	} {
		view(t, s, func(tx storage.Tx) error {
			got, _, err := tx.Orders().List(storage.LineQuery{DueBy: c.by}, storage.Page{})
			wantErr(t, "Orders().List(DueBy)", err, nil)
			diff(t, fmt.Sprintf("Orders().List(DueBy %s)", c.by.Format(time.RFC3339Nano)), c.want, got)
			return nil
		})
	}
}
