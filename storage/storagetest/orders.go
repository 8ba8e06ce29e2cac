package storagetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
)

func bookmarksGetPut(t *testing.T, s storage.Store) {
	view(t, s, func(tx storage.Tx) error {
		got, err := tx.Bookmarks().Get("ag-1")
		wantErr(t, "Get before Put", err, nil)
		diff(t, "Get before Put", productlist.Bookmarks{Agency: "ag-1"}, got)
		return nil
	})
	b := productlist.Bookmarks{Agency: "ag-1", Registrations: []registration.ID{"r-3", "r-1", "r-2"}}
	update(t, s, func(tx storage.Tx) error { return tx.Bookmarks().Put(b) })
	b2 := productlist.Bookmarks{Agency: "ag-1", Registrations: []registration.ID{"r-1"}}
	view(t, s, func(tx storage.Tx) error {
		got, err := tx.Bookmarks().Get("ag-1")
		wantErr(t, "Get", err, nil)
		diff(t, "Get keeps the bookmark order", b, got)
		return nil
	})
	update(t, s, func(tx storage.Tx) error { return tx.Bookmarks().Put(b2) })
	view(t, s, func(tx storage.Tx) error {
		got, err := tx.Bookmarks().Get("ag-1")
		wantErr(t, "Get after replace", err, nil)
		diff(t, "Get after replace", b2, got)
		other, err := tx.Bookmarks().Get("ag-2")
		wantErr(t, "Get of another agency", err, nil)
		diff(t, "Get of another agency", productlist.Bookmarks{Agency: "ag-2"}, other)
		return nil
	})
}

func showcaseGetPut(t *testing.T, s storage.Store) {
	view(t, s, func(tx storage.Tx) error {
		got, err := tx.Showcases().Get("alice")
		wantErr(t, "Get before Put", err, nil)
		diff(t, "Get before Put", productlist.Showcase{Creator: "alice"}, got)
		return nil
	})
	sc := productlist.Showcase{Creator: "alice", Entries: []productlist.ShowcaseEntry{{
		Shop: shopCode(1), Product: "p-1", Title: "Serum",
		Terms: []productlist.Terms{
			{Effective: now, Agency: "ag-1", Campaign: "c-1", Registration: "r-1", Via: productlist.LinkList, List: "l-1", RateVersion: 1, Rate: 1000},
			{Effective: now.Add(24 * time.Hour), Agency: "ag-1", Campaign: "c-1", Registration: "r-1", Via: productlist.LinkList, List: "l-1", RateVersion: 2, Rate: 800},
		},
	}}}
	update(t, s, func(tx storage.Tx) error { return tx.Showcases().Put(sc) })
	view(t, s, func(tx storage.Tx) error {
		got, err := tx.Showcases().Get("alice")
		wantErr(t, "Get", err, nil)
		diff(t, "Get", sc, got)
		return nil
	})
}

// lineKey returns the key of order o's line 1.
func lineKey(o string) attribution.LineKey {
	return attribution.LineKey{Order: attribution.OrderID(o), Line: "1"}
}

func orderPutGet(t *testing.T, s storage.Store) {
	k := lineKey("o-1")
	tm := terms("c-1", "ag-1", shopCode(1), "alice")
	l1 := newLine(t, tm, paid("ev-paid", k, "alice", now, "20.00"))
	update(t, s, func(tx storage.Tx) error {
		_, err := tx.Orders().Get(k)
		wantErr(t, "Get before Put", err, storage.ErrNotFound)
		return tx.Orders().Put(l1)
	})
	refund := attribution.Event{ID: "ev-refund", Kind: attribution.Refunded, Order: k.Order, Line: k.Line,
		Creator: "alice", Entry: "entry-1", Amount: money("5.00"), At: now.Add(time.Hour)}
	settle := attribution.Event{ID: "ev-settled", Kind: attribution.Settled, Order: k.Order, Line: k.Line,
		Creator: "alice", Entry: "entry-1", At: now.Add(2 * time.Hour)}
	l2 := newLine(t, tm, paid("ev-paid", k, "alice", now, "20.00"), refund, settle)
	update(t, s, func(tx storage.Tx) error { return tx.Orders().Put(l2) })
	view(t, s, func(tx storage.Tx) error {
		got, err := tx.Orders().Get(k)
		wantErr(t, "Get", err, nil)
		diff(t, "Get after replace", l2, got)
		for _, id := range []attribution.EventID{"ev-paid", "ev-refund", "ev-settled"} {
			at, err := tx.Orders().LineOf(id)
			wantErr(t, "LineOf "+string(id), err, nil)
			diff(t, "LineOf "+string(id), k, at)
		}
		_, err = tx.Orders().LineOf("ev-none")
		wantErr(t, "LineOf an unknown event", err, storage.ErrNotFound)
		return nil
	})
	// Unattributed lines are stored too.
	u := attribution.Line{Key: lineKey("o-2"), Creator: "bob", Attribution: attribution.Unattributed(attribution.NoShowcaseEntry)}
	var err error
	u, _, err = attribution.Apply(u, paid("ev-u", lineKey("o-2"), "bob", now, "3.00"), u.Attribution, now)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	update(t, s, func(tx storage.Tx) error { return tx.Orders().Put(u) })
	view(t, s, func(tx storage.Tx) error {
		got, err := tx.Orders().Get(u.Key)
		wantErr(t, "Get unattributed", err, nil)
		diff(t, "Get unattributed", u, got)
		return nil
	})
}

// orderLongLine: a line of many events whose entries name them (refunds
// after settlement, each a reversal entry, K5) reads back exactly, and a
// new version that drops some events and adds others moves the index
// with it (A1): the dropped ids are free, the kept and added ones on the
// line.
func orderLongLine(t *testing.T, s storage.Store) {
	k := lineKey("o-long")
	tm := terms("c-1", "ag-1", shopCode(1), "alice")
	settle := attribution.Event{ID: "ev-settled", Kind: attribution.Settled, Order: k.Order, Line: k.Line,
		Creator: "alice", Entry: "entry-1", At: now.Add(time.Hour)}
	refund := func(i int) attribution.Event {
		return attribution.Event{ID: attribution.EventID(fmt.Sprintf("ev-refund-%03d", i)), Kind: attribution.Refunded,
			Order: k.Order, Line: k.Line, Creator: "alice", Entry: "entry-1", Amount: money("0.01"),
			At: now.Add(2*time.Hour + time.Duration(i)*time.Minute)}
	}
	version := func(from, to int) attribution.Line {
		evs := []attribution.Event{paid("ev-paid", k, "alice", now, "1000.00"), settle}
		for i := from; i < to; i++ {
			evs = append(evs, refund(i))
		}
		return newLine(t, tm, evs...)
	}
	check := func(what string, want attribution.Line, free []attribution.EventID) {
		t.Helper()
		view(t, s, func(tx storage.Tx) error {
			got, err := tx.Orders().Get(k)
			wantErr(t, what+": Get", err, nil)
			diff(t, what+": Get", want, got)
			for _, ev := range want.Events {
				at, err := tx.Orders().LineOf(ev.ID)
				wantErr(t, what+": LineOf "+string(ev.ID), err, nil)
				diff(t, what+": LineOf "+string(ev.ID), k, at)
			}
			for _, id := range free {
				_, err := tx.Orders().LineOf(id)
				wantErr(t, what+": LineOf dropped "+string(id), err, storage.ErrNotFound)
			}
			return nil
		})
	}
	first := version(0, 60)
	if n := len(first.Ledger.Entries); n < 60 {
		t.Fatalf("fixture: %d ledger entries, want a reversal entry per refund", n)
	}
	update(t, s, func(tx storage.Tx) error { return tx.Orders().Put(first) })
	check("first version", first, nil)
	second := version(30, 90)
	var dropped []attribution.EventID
	for i := range 30 {
		dropped = append(dropped, refund(i).ID)
	}
	update(t, s, func(tx storage.Tx) error { return tx.Orders().Put(second) })
	check("second version", second, dropped)
}

// orderEventOnOtherLineConflict: A1, an event id lives on one line only.
func orderEventOnOtherLineConflict(t *testing.T, s storage.Store) {
	tm := terms("c-1", "ag-1", shopCode(1), "alice")
	a := newLine(t, tm, paid("ev-1", lineKey("o-a"), "alice", now, "10.00"))
	update(t, s, func(tx storage.Tx) error { return tx.Orders().Put(a) })
	b := a
	b.Key = lineKey("o-b")
	b.Events = slices.Clone(a.Events)
	b.Events[0].Order = "o-b"
	err := s.Update(context.Background(), func(tx storage.Tx) error { return tx.Orders().Put(b) })
	wantErr(t, "Put of another line holding ev-1", err, storage.ErrConflict) // A1
	view(t, s, func(tx storage.Tx) error {
		_, err := tx.Orders().Get(b.Key)
		wantErr(t, "Get of the refused line", err, storage.ErrNotFound)
		at, err := tx.Orders().LineOf("ev-1")
		wantErr(t, "LineOf", err, nil)
		diff(t, "LineOf", a.Key, at)
		return nil
	})
}

func orderListFiltersAndPages(t *testing.T, s storage.Store) {
	var all []attribution.Line
	update(t, s, func(tx storage.Tx) error {
		for i := range 20 {
			creator := productlist.CreatorID(fmt.Sprintf("creator-%d", i%3))
			tm := terms(campaign.ID(fmt.Sprintf("c-%d", i%2)), campaign.AgencyID(fmt.Sprintf("ag-%d", i%4/2)), shopCode(i%5), creator)
			for j := range 1 + i%2 {
				k := attribution.LineKey{Order: attribution.OrderID(fmt.Sprintf("o-%02d", (i*3)%20)), Line: attribution.LineID(fmt.Sprintf("%d", j+1))}
				var l attribution.Line
				if i%7 == 6 { // placed, never paid
					l = newLine(t, tm, attribution.Event{ID: attribution.EventID(fmt.Sprintf("ev-%d-%d", i, j)), Kind: attribution.Placed,
						Order: k.Order, Line: k.Line, Creator: creator, Entry: "entry-1", At: now.Add(time.Duration(i) * time.Hour)})
				} else {
					l = newLine(t, tm, paid(attribution.EventID(fmt.Sprintf("ev-%d-%d", i, j)), k, creator, now.Add(time.Duration(i)*time.Hour), "9.99"))
				}
				all = append(all, l)
				if err := tx.Orders().Put(l); err != nil {
					return err
				}
			}
		}
		return nil
	})
	sortLines(all)
	for _, q := range []storage.LineQuery{
		{},
		{Campaign: "c-1"},
		{Agency: "ag-0"},
		{Shop: shopCode(2)},
		{Creator: "creator-1"},
		{From: now.Add(5 * time.Hour)},
		{To: now.Add(5 * time.Hour)},
		{From: now.Add(3 * time.Hour), To: now.Add(12 * time.Hour), Campaign: "c-0"},
		// Bounds beyond the years a SQL column holds (SQLite: 1 to 9999).
		{To: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
		{To: time.Date(300000, 1, 1, 0, 0, 0, 0, time.UTC)},
		{From: time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(300000, 1, 1, 0, 0, 0, 0, time.UTC)},
		{From: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		var want []attribution.Line
		for _, l := range all {
			tm := l.Attribution.Terms
			if (q.Campaign != "" && tm.Campaign != q.Campaign) || (q.Agency != "" && tm.Agency != q.Agency) ||
				(q.Shop != "" && tm.Shop != q.Shop) || (q.Creator != "" && l.Creator != q.Creator) {
				continue
			}
			if !q.From.IsZero() || !q.To.IsZero() {
				at, ok := storage.FirstPaid(l)
				if !ok || (!q.From.IsZero() && at.Before(q.From)) || (!q.To.IsZero() && !at.Before(q.To)) {
					continue
				}
			}
			want = append(want, l)
		}
		for _, limit := range []int{0, 4} {
			got := pages(t, s, fmt.Sprintf("Orders().List(%+v)", q), limit, func(tx storage.Tx, p storage.Page) ([]attribution.Line, string, error) {
				return tx.Orders().List(q, p)
			})
			diff(t, fmt.Sprintf("Orders().List(%+v) by %d", q, limit), want, got)
		}
	}
}

// applyEvent is the service's use of the store for one order event (A1,
// A2): find the line, apply, store the line and move the metrics, all in
// one Update. It reports whether the event changed anything.
func applyEvent(ctx context.Context, s storage.Store, ev attribution.Event, attr attribution.Attribution) (applied bool, err error) {
	err = s.Update(ctx, func(tx storage.Tx) error {
		applied = false
		l, err := tx.Orders().Get(ev.Key())
		switch {
		case errors.Is(err, storage.ErrNotFound):
			l = attribution.Line{}
		case err != nil:
			return err
		}
		l, ch, err := attribution.Apply(l, ev, attr, now)
		if err != nil {
			return err
		}
		if ch.Duplicate {
			return nil
		}
		if err := tx.Orders().Put(l); err != nil {
			return err
		}
		if !ch.Delta.IsZero() {
			m, err := tx.Metrics().Campaign(ch.Delta.Campaign)
			if errors.Is(err, storage.ErrNotFound) {
				m, err = attribution.CampaignMetrics{Campaign: ch.Delta.Campaign, Agency: ch.Delta.Agency}, nil
			}
			if err != nil {
				return err
			}
			scope := string(ch.Delta.Campaign)
			n, err := tx.Metrics().CreatorLines(scope, ch.Delta.Creator)
			if err != nil {
				return err
			}
			m, n, err = m.Add(ch.Delta, n)
			if err != nil {
				return err
			}
			if err := tx.Metrics().PutCampaign(m); err != nil {
				return err
			}
			if err := tx.Metrics().SetCreatorLines(scope, ch.Delta.Creator, n); err != nil {
				return err
			}
		}
		applied = true
		return nil
	})
	return applied, err
}

// orderEventAppliedOnceUnderRace: A1 under concurrent writers. Racers
// goroutines deliver the same paid event at once, half of them for the
// line it belongs to and half as if it were about another line: it is
// applied exactly once, to one line, and counted once.
func orderEventAppliedOnceUnderRace(t *testing.T, s storage.Store) {
	tm := terms("c-1", "ag-1", shopCode(1), "alice")
	attr := attribution.Attributed(tm)
	ev := paid("ev-race", lineKey("o-race"), "alice", now, "25.00")
	other := ev
	other.Order = "o-other"
	var applied atomic.Int64
	race(t, Racers, func(i int) error {
		e := ev
		if i%2 == 1 {
			e = other
		}
		ok, err := applyEvent(context.Background(), s, e, attr)
		if ok {
			applied.Add(1)
		}
		return err
	}, func(i int, err error) {
		if err != nil && !errors.Is(err, storage.ErrConflict) {
			t.Errorf("racer %d: %v, want nil or ErrConflict", i, err) // A1
		}
	})
	if applied.Load() != 1 {
		t.Errorf("event applied %d times, want once", applied.Load()) // A1
	}
	view(t, s, func(tx storage.Tx) error {
		at, err := tx.Orders().LineOf("ev-race")
		wantErr(t, "LineOf", err, nil)
		l, err := tx.Orders().Get(at)
		wantErr(t, "Get", err, nil)
		if len(l.Events) != 1 {
			t.Errorf("line holds %d events, want 1", len(l.Events)) // A1
		}
		for _, k := range []attribution.LineKey{ev.Key(), other.Key()} {
			if k == at {
				continue
			}
			_, err := tx.Orders().Get(k)
			wantErr(t, "Get of the line that lost", err, storage.ErrNotFound) // A1
		}
		m, err := tx.Metrics().Campaign("c-1")
		wantErr(t, "Metrics().Campaign", err, nil)
		if m.PaidOrders != 1 || m.Creators != 1 {
			t.Errorf("metrics count %d paid orders and %d creators, want 1 and 1", m.PaidOrders, m.Creators)
		}
		diff(t, "GMV", money("25.00"), m.GMV)
		return nil
	})
	t.Logf("A1 race: %d racers, event applied %d time(s)", Racers, applied.Load())
}

func metricsCampaignAndProducts(t *testing.T, s storage.Store) {
	cm := attribution.CampaignMetrics{Campaign: "c-1", Agency: "ag-1", Metrics: attribution.Metrics{
		PaidOrders: 3, Creators: 2, GMV: money("59.97"), EstimatedCreator: money("6.00"), EstimatedAgency: money("3.00"),
		SettledCreator: money("2.00"), SettledAgency: money("1.00"),
	}}
	var products []attribution.ProductMetrics
	for i := range 12 {
		products = append(products, attribution.ProductMetrics{
			Campaign: campaign.ID(fmt.Sprintf("c-%d", i%2)), Agency: "ag-1", Shop: shopCode(i),
			Product: registration.ProductID(fmt.Sprintf("p-%02d", 11-i)), TotalRate: 1500,
			Metrics: attribution.Metrics{PaidOrders: int64(i), GMV: money(fmt.Sprintf("%d.50", i))},
			Content: attribution.ContentCounts{Videos: int64(i % 3), Lives: 1},
		})
	}
	update(t, s, func(tx storage.Tx) error {
		_, err := tx.Metrics().Campaign("c-1")
		wantErr(t, "Campaign before Put", err, storage.ErrNotFound)
		_, err = tx.Metrics().Product(products[0].Key())
		wantErr(t, "Product before Put", err, storage.ErrNotFound)
		if err := tx.Metrics().PutCampaign(cm); err != nil {
			return err
		}
		for _, p := range products {
			if err := tx.Metrics().PutProduct(p); err != nil {
				return err
			}
		}
		return nil
	})
	cm.PaidOrders++
	products[3].Content.VideosWithSample = 4
	update(t, s, func(tx storage.Tx) error {
		if err := tx.Metrics().PutCampaign(cm); err != nil {
			return err
		}
		return tx.Metrics().PutProduct(products[3])
	})
	view(t, s, func(tx storage.Tx) error {
		got, err := tx.Metrics().Campaign("c-1")
		wantErr(t, "Campaign", err, nil)
		diff(t, "Campaign", cm, got)
		for _, p := range products {
			got, err := tx.Metrics().Product(p.Key())
			wantErr(t, "Product", err, nil)
			diff(t, "Product", p, got)
		}
		return nil
	})
	for _, c := range []campaign.ID{"c-0", "c-1", "c-none"} {
		var want []attribution.ProductMetrics
		for _, p := range products {
			if p.Campaign == c {
				want = append(want, p)
			}
		}
		slices.SortFunc(want, func(a, b attribution.ProductMetrics) int { return compareStrings(string(a.Product), string(b.Product)) })
		for _, limit := range []int{0, 2} {
			got := pages(t, s, "Products("+string(c)+")", limit, func(tx storage.Tx, p storage.Page) ([]attribution.ProductMetrics, string, error) {
				return tx.Metrics().Products(c, p)
			})
			diff(t, fmt.Sprintf("Products(%s) by %d", c, limit), want, got)
		}
	}
}

func metricsCreatorLines(t *testing.T, s storage.Store) {
	update(t, s, func(tx storage.Tx) error {
		if n, err := tx.Metrics().CreatorLines("c-1", "alice"); err != nil || n != 0 {
			t.Errorf("CreatorLines before Set = %d, %v; want 0, nil", n, err)
		}
		if err := tx.Metrics().SetCreatorLines("c-1", "alice", 3); err != nil {
			return err
		}
		if err := tx.Metrics().SetCreatorLines("c-1/p-1", "alice", 2); err != nil {
			return err
		}
		return tx.Metrics().SetCreatorLines("c-1", "bob", 1)
	})
	update(t, s, func(tx storage.Tx) error { return tx.Metrics().SetCreatorLines("c-1", "bob", 0) })
	view(t, s, func(tx storage.Tx) error {
		for _, c := range []struct {
			scope   string
			creator productlist.CreatorID
			want    int64
		}{{"c-1", "alice", 3}, {"c-1/p-1", "alice", 2}, {"c-1", "bob", 0}, {"c-2", "alice", 0}} {
			if n, err := tx.Metrics().CreatorLines(c.scope, c.creator); err != nil || n != c.want {
				t.Errorf("CreatorLines(%s, %s) = %d, %v; want %d", c.scope, c.creator, n, err, c.want)
			}
		}
		return nil
	})
}

func progressGetPutList(t *testing.T, s storage.Store) {
	view(t, s, func(tx storage.Tx) error {
		got, err := tx.Progress().Get("c-1", "p-1", "alice")
		wantErr(t, "Get before Put", err, nil)
		diff(t, "Get before Put", attribution.Progress{Campaign: "c-1", Product: "p-1", Creator: "alice"}, got)
		return nil
	})
	var all []attribution.Progress
	update(t, s, func(tx storage.Tx) error {
		for i := range 14 {
			p := attribution.Progress{Campaign: campaign.ID(fmt.Sprintf("c-%d", i%2)),
				Product: registration.ProductID(fmt.Sprintf("p-%d", i%3)), Creator: productlist.CreatorID(fmt.Sprintf("creator-%02d", 13-i))}
			var err error
			if p, err = p.RequestSample("s-1", 1+i%2); err != nil {
				return err
			}
			if p, _, err = p.AddContent(attribution.ContentID(fmt.Sprintf("v-%d", i)), attribution.Video); err != nil {
				return err
			}
			all = append(all, p)
			if err := tx.Progress().Put(p); err != nil {
				return err
			}
		}
		return nil
	})
	changed, err := all[4].SetSampleStatus("s-1", attribution.SampleApproved)
	if err != nil {
		t.Fatalf("SetSampleStatus: %v", err)
	}
	all[4] = changed
	update(t, s, func(tx storage.Tx) error { return tx.Progress().Put(changed) })
	view(t, s, func(tx storage.Tx) error {
		got, err := tx.Progress().Get(changed.Campaign, changed.Product, changed.Creator)
		wantErr(t, "Get", err, nil)
		diff(t, "Get after replace", changed, got)
		return nil
	})
	slices.SortFunc(all, func(a, b attribution.Progress) int {
		if c := compareStrings(string(a.Product), string(b.Product)); c != 0 {
			return c
		}
		return compareStrings(string(a.Creator), string(b.Creator))
	})
	for _, c := range []campaign.ID{"c-0", "c-1", "c-none"} {
		var want []attribution.Progress
		for _, p := range all {
			if p.Campaign == c {
				want = append(want, p)
			}
		}
		for _, limit := range []int{0, 2} {
			got := pages(t, s, "Progress().List("+string(c)+")", limit, func(tx storage.Tx, p storage.Page) ([]attribution.Progress, string, error) {
				return tx.Progress().List(c, p)
			})
			diff(t, fmt.Sprintf("Progress().List(%s) by %d", c, limit), want, got)
		}
	}
}

// orderSetBased: storage.GetMany, LinesOf and PutMany (through the
// backend's BulkOrders, if it has one) do what Get, LineOf and Put do for
// each element, with A1's one-line-per-event rule across the set.
func orderSetBased(t *testing.T, s storage.Store) {
	tm := terms("c-1", "ag-1", shopCode(1), "alice")
	var ls []attribution.Line
	for i := range 250 { // past any one statement's parameter budget
		k := lineKey(fmt.Sprintf("o-%03d", i))
		ls = append(ls, newLine(t, tm, paid(attribution.EventID(fmt.Sprintf("ev-%03d", i)), k, "alice", now.Add(time.Duration(i)*time.Minute), "12.34")))
	}
	update(t, s, func(tx storage.Tx) error { return storage.PutMany(tx.Orders(), ls[:200]) })
	// Replace some, add others, in one call.
	refund := attribution.Event{ID: "ev-refund-7", Kind: attribution.Refunded, Order: ls[7].Key.Order, Line: "1",
		Creator: "alice", Entry: "entry-1", Amount: money("1.00"), At: now.Add(time.Hour)}
	ls[7] = newLine(t, tm, ls[7].Events[0], refund)
	update(t, s, func(tx storage.Tx) error {
		return storage.PutMany(tx.Orders(), append([]attribution.Line{ls[7]}, ls[200:]...))
	})

	keys := []attribution.LineKey{lineKey("o-none"), ls[7].Key, ls[7].Key}
	ids := []attribution.EventID{"ev-none", "ev-refund-7", "ev-refund-7"}
	want := map[attribution.LineKey]attribution.Line{ls[7].Key: ls[7]}
	wantOf := map[attribution.EventID]attribution.LineKey{"ev-refund-7": ls[7].Key}
	for _, l := range ls {
		keys = append(keys, l.Key)
		ids = append(ids, l.Events[0].ID)
		want[l.Key] = l
		wantOf[l.Events[0].ID] = l.Key
	}
	view(t, s, func(tx storage.Tx) error {
		got, err := storage.GetMany(tx.Orders(), keys)
		wantErr(t, "GetMany", err, nil)
		diff(t, "GetMany", want, got)
		gotOf, err := storage.LinesOf(tx.Orders(), ids)
		wantErr(t, "LinesOf", err, nil)
		diff(t, "LinesOf", wantOf, gotOf)
		for _, id := range []attribution.EventID{"ev-000", "ev-249", "ev-refund-7"} {
			one, err := tx.Orders().LineOf(id)
			wantErr(t, "LineOf "+string(id), err, nil)
			diff(t, "LineOf "+string(id), wantOf[id], one)
		}
		none, err := storage.GetMany(tx.Orders(), nil)
		wantErr(t, "GetMany(nil)", err, nil)
		diff(t, "GetMany(nil)", 0, len(none))
		_, err = storage.GetMany(tx.Orders(), []attribution.LineKey{{Order: "", Line: "1"}})
		wantErr(t, "GetMany of an empty key", err, storage.ErrInvalid)
		_, err = storage.LinesOf(tx.Orders(), []attribution.EventID{""})
		wantErr(t, "LinesOf of an empty id", err, storage.ErrInvalid)
		return nil
	})

	// A1: an event id on another line, stored or in the same call, is a
	// conflict; a key given twice is invalid; nothing is committed.
	moved := newLine(t, tm, paid("ev-003", lineKey("o-new-1"), "alice", now, "1.00"))
	err := s.Update(context.Background(), func(tx storage.Tx) error { return storage.PutMany(tx.Orders(), []attribution.Line{moved}) })
	wantErr(t, "PutMany of a stored event on another line", err, storage.ErrConflict)
	a := newLine(t, tm, paid("ev-twin", lineKey("o-new-2"), "alice", now, "1.00"))
	b := newLine(t, tm, paid("ev-twin", lineKey("o-new-3"), "alice", now, "1.00"))
	err = s.Update(context.Background(), func(tx storage.Tx) error { return storage.PutMany(tx.Orders(), []attribution.Line{a, b}) })
	wantErr(t, "PutMany of one event on two lines", err, storage.ErrConflict)
	err = s.Update(context.Background(), func(tx storage.Tx) error { return storage.PutMany(tx.Orders(), []attribution.Line{a, a}) })
	wantErr(t, "PutMany of one key twice", err, storage.ErrInvalid)

	// As Put line by line: an id leaves a line put first and joins one put
	// after it; the other way round it is still on its line: ErrConflict.
	ma := newLine(t, tm, paid("mv-1", lineKey("m-a"), "alice", now, "5.00"), shipped("mv-2", lineKey("m-a"), "alice", now))
	update(t, s, func(tx storage.Tx) error { return storage.PutMany(tx.Orders(), []attribution.Line{ma}) })
	maLess := newLine(t, tm, paid("mv-1", lineKey("m-a"), "alice", now, "5.00"))
	mb := newLine(t, tm, shipped("mv-2", lineKey("m-b"), "alice", now))
	err = s.Update(context.Background(), func(tx storage.Tx) error {
		return storage.PutMany(tx.Orders(), []attribution.Line{mb, maLess})
	})
	wantErr(t, "PutMany moving an id to a line put before the one it leaves", err, storage.ErrConflict)
	update(t, s, func(tx storage.Tx) error { return storage.PutMany(tx.Orders(), []attribution.Line{maLess, mb}) })
	view(t, s, func(tx storage.Tx) error {
		at, err := tx.Orders().LineOf("mv-2")
		wantErr(t, "LineOf a moved id", err, nil)
		diff(t, "LineOf a moved id", mb.Key, at)
		of, err := storage.LinesOf(tx.Orders(), []attribution.EventID{"mv-1", "mv-2"})
		wantErr(t, "LinesOf after a move", err, nil)
		diff(t, "LinesOf after a move", map[attribution.EventID]attribution.LineKey{"mv-1": maLess.Key, "mv-2": mb.Key}, of)
		got, err := storage.GetMany(tx.Orders(), []attribution.LineKey{maLess.Key, mb.Key})
		wantErr(t, "GetMany after a move", err, nil)
		diff(t, "GetMany after a move", map[attribution.LineKey]attribution.Line{maLess.Key: maLess, mb.Key: mb}, got)
		return nil
	})
	view(t, s, func(tx storage.Tx) error {
		got, err := storage.GetMany(tx.Orders(), []attribution.LineKey{moved.Key, a.Key, b.Key})
		wantErr(t, "GetMany of refused lines", err, nil)
		diff(t, "GetMany of refused lines", 0, len(got))
		at, err := tx.Orders().LineOf("ev-003")
		wantErr(t, "LineOf ev-003", err, nil)
		diff(t, "LineOf ev-003", ls[3].Key, at)
		return nil
	})
}

// shipped is a line's shipping event, for lines that need a second event
// (a line holds one payment).
func shipped(id attribution.EventID, key attribution.LineKey, creator productlist.CreatorID, at time.Time) attribution.Event {
	return attribution.Event{ID: id, Kind: attribution.Shipped, Order: key.Order, Line: key.Line, Creator: creator, Entry: "entry-1", At: at.Add(time.Hour)}
}
