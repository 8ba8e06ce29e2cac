package memory_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
)

// A6: Orders().List with DueBy pages through exactly the due lines, in key
// order, whether few lines are due (read through the due index) or many
// (past a few pages' worth, read in key order instead), with a scope, and
// inside an Update whose own writes made lines due or not.
func TestListDueAgreesWithModel(t *testing.T) {
	t0 := time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC)
	usd := commission.MustParseCurrency("USD")
	// line i is delivered at t0+i minutes with a 10-day window, so due at
	// t0+10d+i min, unless i%4 == 3: no window, never due.
	line := func(i int, c campaign.ID) attribution.Line {
		k := attribution.LineKey{Order: attribution.OrderID(fmt.Sprintf("o-%04d", (i*7919)%1000)), Line: "1"}
		tm := attribution.Terms{Campaign: c, Agency: "ag-1", Shop: "USSHOP01", Creator: "cr"}
		if i%4 != 3 {
			tm.SettlementWindow = 10 * 24 * time.Hour
		}
		return attribution.Line{Key: k, Creator: "cr", Attribution: attribution.Attributed(tm),
			Events: []attribution.Event{{ID: attribution.EventID(string(k.Order) + "-d"), Kind: attribution.Delivered, Order: k.Order, Line: "1",
				Creator: "cr", At: t0.Add(time.Duration(i) * time.Minute)}},
			Ledger: attribution.Ledger{Status: attribution.StatusPending, Paid: commission.FromMinor(100, usd)}}
	}
	s := memory.New()
	defer s.Close()
	ctx := context.Background()
	model := map[attribution.LineKey]attribution.Line{}
	put := func(tx storage.Tx, l attribution.Line) {
		if err := tx.Orders().Put(l); err != nil {
			t.Fatal(err)
		}
		model[l.Key] = l
	}
	if err := s.Update(ctx, func(tx storage.Tx) error {
		for i := range 400 {
			put(tx, line(i, campaign.ID(fmt.Sprintf("c-%d", i%2))))
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	check := func(tx storage.Tx, q storage.LineQuery, limit int) {
		t.Helper()
		var want []attribution.LineKey
		for k, l := range model {
			if at, ok := l.DueAt(); ok && !at.After(q.DueBy) && (q.Campaign == "" || l.Attribution.Terms.Campaign == q.Campaign) {
				want = append(want, k)
			}
		}
		slices.SortFunc(want, func(a, b attribution.LineKey) int {
			return cmp.Or(cmp.Compare(a.Order, b.Order), cmp.Compare(a.Line, b.Line))
		})
		var got []attribution.LineKey
		for p := (storage.Page{Limit: limit}); ; {
			ls, next, err := tx.Orders().List(q, p)
			if err != nil {
				t.Fatal(err)
			}
			if len(ls) > limit {
				t.Fatalf("a page of %d by %d", len(ls), limit)
			}
			for _, l := range ls {
				got = append(got, l.Key)
			}
			if next == "" {
				break
			}
			p.After = next
		}
		if d := gocmp.Diff(want, got, gocmp.Comparer(func(a, b attribution.LineKey) bool { return a == b })); d != "" || len(want) == 0 {
			t.Errorf("List(DueBy %v, campaign %q) by %d: %d due (-want +got):\n%s", q.DueBy, q.Campaign, limit, len(want), d)
		}
	}
	queries := []storage.LineQuery{
		{DueBy: t0.Add(10*24*time.Hour + 5*time.Minute)},   // 5 due: through the index
		{DueBy: t0.Add(10*24*time.Hour + 399*time.Minute)}, // 300 due: in key order for small pages
		{DueBy: t0.Add(10*24*time.Hour + 399*time.Minute), Campaign: "c-1"},
	}
	for _, limit := range []int{1, 2, 7, 100} {
		for _, q := range queries {
			if err := s.View(ctx, func(tx storage.Tx) error { check(tx, q, limit); return nil }); err != nil {
				t.Fatal(err)
			}
		}
	}
	// In an Update: some lines settled (due no more), others newly due.
	if err := s.Update(ctx, func(tx storage.Tx) error {
		for i := 0; i < 400; i += 3 {
			l := model[line(i, "").Key]
			l.Ledger.Status = attribution.StatusSettled
			l.Ledger.Entries = []attribution.Entry{{Seq: 1, Kind: attribution.Settlement, Events: []attribution.EventID{l.Events[0].ID}}}
			put(tx, l)
		}
		for _, limit := range []int{1, 2, 100} {
			for _, q := range queries {
				check(tx, q, limit)
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
