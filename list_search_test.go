package partnerkit_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/productlist"
)

// P2: the Service's list search finds what productlist.SearchLists finds,
// surrounding spaces of the query ignored, across pages, on every backend.
func TestListsSearchLikeSearchLists(t *testing.T) {
	for name, open := range backends() {
		t.Run(name, func(t *testing.T) {
			w := open(t)
			all := []productlist.List{w.list}
			for i := range 20 {
				n := fmt.Sprintf("Other %d", i)
				if i%3 == 0 {
					n = fmt.Sprintf("Summer %d", i)
				}
				l, err := w.svc.CreateList(w.ctx, w.agency, n)
				if err != nil {
					t.Fatal(err)
				}
				all = append(all, l)
			}
			for _, q := range []string{"summer", " summer", "SUMMER\t", " Summer 1 ", "  ", "nothing"} {
				var got []string
				p := partnerkit.Page{Limit: 3}
				for {
					ls, next, err := w.svc.Lists(w.ctx, w.agency, q, p)
					if err != nil {
						t.Fatalf("Lists(%q): %v", q, err)
					}
					for _, l := range ls {
						got = append(got, l.Name)
					}
					if next == "" {
						break
					}
					p.After = next
				}
				var want []string
				for _, l := range productlist.SearchLists(all, q) {
					want = append(want, l.Name)
				}
				// Pages come in list id order, SearchLists in the order given.
				slices.Sort(got)
				slices.Sort(want)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("Lists(%q) names (-SearchLists +Lists):\n%s", q, diff)
				}
			}
		})
	}
}
