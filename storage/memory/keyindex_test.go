package memory_test

import (
	"context"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
	"pgregory.net/rapid"
)

// TestTableListingsAgreeWithModel runs Updates that create, rename and
// delete lists (some deleted and made again, some rolled back) and after
// each pages through Lists().List, by agency or not, inside the Update
// and in Views, checking the pages against a model: the memory store
// reads a listed table's keys through its own ordered index, kept
// lazily across commits, so this is what keeps it honest (P2 listings).
func TestTableListingsAgreeWithModel(t *testing.T) {
	ids := []productlist.ListID{"l-1", "l-10", "l-2", "l-3", "m-1", "l-1x"}
	agencies := []campaign.AgencyID{"ag-a", "ag-b"}
	at := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	rapid.Check(t, func(t *rapid.T) {
		s := memory.New()
		defer s.Close()
		ctx := context.Background()
		model := map[productlist.ListID]campaign.AgencyID{}
		check := func(tx storage.Tx, lists map[productlist.ListID]campaign.AgencyID) {
			var q storage.ListQuery
			if rapid.Bool().Draw(t, "by agency") {
				q.Agency = rapid.SampledFrom(agencies).Draw(t, "agency")
			}
			limit := rapid.IntRange(1, 4).Draw(t, "page size")
			var want []productlist.ListID
			for id, ag := range lists {
				if q.Agency == "" || ag == q.Agency {
					want = append(want, id)
				}
			}
			slices.Sort(want)
			var got []productlist.ListID
			p := storage.Page{Limit: limit}
			for pages := 0; ; pages++ {
				if pages > len(ids)+1 {
					t.Fatalf("List(%+v) by %d: no end", q, limit)
				}
				ls, next, err := tx.Lists().List(q, p)
				if err != nil {
					t.Fatalf("List: %v", err)
				}
				for _, l := range ls {
					got = append(got, l.ID)
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
		for range rapid.IntRange(1, 15).Draw(t, "updates") {
			next := map[productlist.ListID]campaign.AgencyID{}
			for k, v := range model {
				next[k] = v
			}
			rollback := rapid.Bool().Draw(t, "rollback")
			err := s.Update(ctx, func(tx storage.Tx) error {
				for range rapid.IntRange(1, 4).Draw(t, "writes") {
					id := rapid.SampledFrom(ids).Draw(t, "id")
					if ag, ok := next[id]; ok {
						if rapid.Bool().Draw(t, "delete") {
							if err := tx.Lists().Delete(id); err != nil {
								t.Fatalf("Delete(%s): %v", id, err)
							}
							delete(next, id)
						} else if err := tx.Lists().Update(productlist.List{ID: id, Agency: ag, Name: "Renamed", Created: at, Updated: at}); err != nil {
							t.Fatalf("Update(%s): %v", id, err)
						}
					} else {
						ag := rapid.SampledFrom(agencies).Draw(t, "agency")
						if err := tx.Lists().Create(productlist.List{ID: id, Agency: ag, Name: "List", Created: at, Updated: at}); err != nil {
							t.Fatalf("Create(%s): %v", id, err)
						}
						next[id] = ag
					}
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
			for range rapid.IntRange(1, 2).Draw(t, "views") {
				if err := s.View(ctx, func(tx storage.Tx) error { check(tx, model); return nil }); err != nil {
					t.Fatalf("View: %v", err)
				}
			}
		}
	})
}
