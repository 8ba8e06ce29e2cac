package memory_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
	"pgregory.net/rapid"
)

// TestListScopesAgreeWithModel runs Updates that put lines, new ones and
// ones moving to another campaign, agency, shop or creator, some rolled
// back, and after each pages through Orders().List for a random scope and
// page size, inside the Update (the overlay over the committed lines) and
// in a View, checking the pages against a model: every line the query
// selects, in key order, once (A4's views and the statements read lines
// this way). The memory store reads a scope through its own index, so
// this is what keeps that index honest.
func TestListScopesAgreeWithModel(t *testing.T) {
	orders := []attribution.OrderID{"o-1", "o-10", "o-1a", "o-1-1"}
	lineIDs := []attribution.LineID{"1", "10"}
	campaigns := []campaign.ID{"c-0", "c-1", "c-2"}
	agencies := []campaign.AgencyID{"ag-0", "ag-1"}
	shops := []campaign.ShopCode{"USSHOP001", "USSHOP002"}
	creators := []productlist.CreatorID{"cr-0", "cr-1", "cr-2"}
	rapid.Check(t, func(t *rapid.T) {
		s := memory.New()
		defer s.Close()
		ctx := context.Background()
		model := map[attribution.LineKey]attribution.Line{}
		drawLine := func() attribution.Line {
			k := attribution.LineKey{Order: rapid.SampledFrom(orders).Draw(t, "order"), Line: rapid.SampledFrom(lineIDs).Draw(t, "line")}
			cr := rapid.SampledFrom(creators).Draw(t, "creator")
			tm := attribution.Terms{Campaign: rapid.SampledFrom(campaigns).Draw(t, "campaign"), Agency: rapid.SampledFrom(agencies).Draw(t, "agency"),
				Shop: rapid.SampledFrom(shops).Draw(t, "shop"), Creator: cr}
			return attribution.Line{Key: k, Creator: cr, Attribution: attribution.Attributed(tm)}
		}
		drawQuery := func() storage.LineQuery {
			var q storage.LineQuery
			if rapid.Bool().Draw(t, "by campaign") {
				q.Campaign = rapid.SampledFrom(append(campaigns, "c-none")).Draw(t, "campaign")
			}
			if rapid.Bool().Draw(t, "by agency") {
				q.Agency = rapid.SampledFrom(agencies).Draw(t, "agency")
			}
			if rapid.Bool().Draw(t, "by shop") {
				q.Shop = rapid.SampledFrom(shops).Draw(t, "shop")
			}
			if rapid.Bool().Draw(t, "by creator") {
				q.Creator = rapid.SampledFrom(creators).Draw(t, "creator")
			}
			return q
		}
		check := func(tx storage.Tx, lines map[attribution.LineKey]attribution.Line) {
			q := drawQuery()
			limit := rapid.IntRange(1, 5).Draw(t, "page size")
			var want []attribution.LineKey
			for k, l := range lines {
				tm := l.Attribution.Terms
				if (q.Campaign == "" || tm.Campaign == q.Campaign) && (q.Agency == "" || tm.Agency == q.Agency) &&
					(q.Shop == "" || tm.Shop == q.Shop) && (q.Creator == "" || l.Creator == q.Creator) {
					want = append(want, k)
				}
			}
			slices.SortFunc(want, func(a, b attribution.LineKey) int {
				return cmp.Or(cmp.Compare(a.Order, b.Order), cmp.Compare(a.Line, b.Line))
			})
			var got []attribution.LineKey
			p := storage.Page{Limit: limit}
			for pages := 0; ; pages++ {
				if pages > len(lines)+1 {
					t.Fatalf("List(%+v) by %d: no end after %d pages", q, limit, pages)
				}
				ls, next, err := tx.Orders().List(q, p)
				if err != nil {
					t.Fatalf("List(%+v): %v", q, err)
				}
				if len(ls) > limit {
					t.Fatalf("List(%+v) by %d: a page of %d", q, limit, len(ls))
				}
				for _, l := range ls {
					got = append(got, l.Key)
				}
				if next == "" {
					break
				}
				p.After = next
			}
			if d := gocmp.Diff(want, got); d != "" {
				t.Fatalf("List(%+v) by %d mismatch (-want +got):\n%s", q, limit, d)
			}
		}
		for range rapid.IntRange(1, 20).Draw(t, "updates") {
			next := map[attribution.LineKey]attribution.Line{}
			for k, l := range model {
				next[k] = l
			}
			rollback := rapid.Bool().Draw(t, "rollback")
			err := s.Update(ctx, func(tx storage.Tx) error {
				for range rapid.IntRange(1, 6).Draw(t, "puts") {
					l := drawLine()
					if err := tx.Orders().Put(l); err != nil {
						t.Fatalf("Put(%v): %v", l.Key, err)
					}
					next[l.Key] = l
					if rapid.Bool().Draw(t, "list in the Update") {
						check(tx, next)
					}
				}
				if rollback {
					return errRollback
				}
				return nil
			})
			if !rollback {
				if err != nil {
					t.Fatalf("Update: %v", err)
				}
				model = next
			}
			for range rapid.IntRange(1, 3).Draw(t, "views") {
				if err := s.View(ctx, func(tx storage.Tx) error { check(tx, model); return nil }); err != nil {
					t.Fatalf("View: %v", err)
				}
			}
		}
	})
}

// TestListScopeAtScale lists one creator's lines among many, page by page,
// after commits of new lines between the pages: each page must carry on
// from the cursor, in key order, whatever was committed meanwhile.
func TestListScopeAtScale(t *testing.T) {
	s := memory.New()
	defer s.Close()
	ctx := context.Background()
	put := func(from, to int) {
		t.Helper()
		err := s.Update(ctx, func(tx storage.Tx) error {
			for i := from; i < to; i++ {
				cr := productlist.CreatorID(fmt.Sprintf("cr-%d", i%10))
				tm := attribution.Terms{Campaign: "c-1", Agency: "ag-1", Shop: "USSHOP001", Creator: cr}
				// Keys arrive out of key order, as order ids from many
				// shops do.
				k := attribution.LineKey{Order: attribution.OrderID(fmt.Sprintf("o-%d", (i*7919)%100_000)), Line: "1"}
				if err := tx.Orders().Put(attribution.Line{Key: k, Creator: cr, Attribution: attribution.Attributed(tm)}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("Update: %v", err)
		}
	}
	put(0, 20_000)
	var got []attribution.LineKey
	p := storage.Page{Limit: 100}
	for n := 20_000; ; n += 500 {
		var ls []attribution.Line
		err := s.View(ctx, func(tx storage.Tx) error {
			var err error
			ls, p.After, err = tx.Orders().List(storage.LineQuery{Creator: "cr-3"}, p)
			return err
		})
		if err != nil {
			t.Fatalf("List: %v", err)
		}
		for _, l := range ls {
			got = append(got, l.Key)
		}
		if p.After == "" {
			break
		}
		if n < 40_000 {
			put(n, n+500) // lines of every creator, cr-3's among them
		}
	}
	// cr-3's lines are those with i%10 == 3 among the 40,000 put, some
	// committed behind the cursor: those are not on a later page.
	if !slices.IsSortedFunc(got, func(a, b attribution.LineKey) int { return cmp.Compare(a.Order, b.Order) }) {
		t.Fatal("pages are not in key order")
	}
	if len(got) < 2_000 || len(got) > 4_000 {
		t.Fatalf("listed %d of cr-3's lines, want between 2,000 (before the puts) and 4,000 (all)", len(got))
	}
	if d := len(slices.Compact(slices.Clone(got))); d != len(got) {
		t.Fatalf("a line listed twice: %d distinct of %d", d, len(got))
	}
}
