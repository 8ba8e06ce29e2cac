package productlist_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
	"pgregory.net/rapid"
)

// P2: no sequence of list operations yields a list over 100 products, a
// creator rate above the product's total, or more than 1000 lists for an
// agency. The model starts close to both limits so they are hit often.
func TestListOperationsKeepLimits(t *testing.T) {
	pool := make([]productlist.Product, 110)
	for i := range pool {
		pool[i] = product(agencyA, i)
		pool[i].Total = commission.Rate(i * 50) // 0% .. 54.5%
	}
	rapid.Check(t, func(rt *rapid.T) {
		others := rapid.IntRange(990, 1000).Draw(rt, "other lists") // lists held elsewhere
		var lists []productlist.List
		now := t0
		next := 0
		count := func() int { return others + len(lists) }
		create := func(rt *rapid.T, dup bool) {
			next++
			id := productlist.ListID(fmt.Sprintf("l%d", next))
			var l productlist.List
			var err error
			if dup && len(lists) > 0 {
				src := lists[rapid.IntRange(0, len(lists)-1).Draw(rt, "src")]
				l, err = src.Duplicate(id, "copy", count(), now)
			} else {
				l, err = productlist.NewList(id, agencyA, "list", count(), now)
			}
			if count() >= productlist.MaxLists {
				if !errors.Is(err, productlist.ErrLimit) {
					rt.Fatalf("list %d of the agency: error %v, want ErrLimit", count()+1, err)
				}
				return
			}
			if err != nil {
				rt.Fatalf("create: %v", err)
			}
			lists = append(lists, l)
		}
		pick := func(rt *rapid.T) int { return rapid.IntRange(0, len(lists)-1).Draw(rt, "list") }
		ops := map[string]func(*rapid.T){
			"create": func(rt *rapid.T) { create(rt, false) },
			"create near full": func(rt *rapid.T) {
				create(rt, false)
				if count() >= productlist.MaxLists || len(lists) == 0 {
					return
				}
				l := lists[len(lists)-1]
				for i := range rapid.IntRange(95, 100).Draw(rt, "fill") {
					l, _ = l.Add(pool[i], pool[i].Total, now)
				}
				lists[len(lists)-1] = l
			},
			"duplicate": func(rt *rapid.T) { create(rt, true) },
			"delete": func(rt *rapid.T) {
				if len(lists) == 0 {
					rt.Skip()
				}
				i := pick(rt)
				lists = append(lists[:i], lists[i+1:]...)
			},
			"add": func(rt *rapid.T) {
				if len(lists) == 0 {
					rt.Skip()
				}
				i := pick(rt)
				n := rapid.IntRange(1, 30).Draw(rt, "batch")
				for range n {
					p := pool[rapid.IntRange(0, len(pool)-1).Draw(rt, "product")]
					r := commission.Rate(rapid.IntRange(0, int(p.Total)+100).Draw(rt, "rate"))
					if l, err := lists[i].Add(p, r, now); err == nil {
						lists[i] = l
					}
				}
			},
			"remove": func(rt *rapid.T) {
				if len(lists) == 0 {
					rt.Skip()
				}
				i := pick(rt)
				if len(lists[i].Entries) == 0 {
					rt.Skip()
				}
				e := lists[i].Entries[rapid.IntRange(0, len(lists[i].Entries)-1).Draw(rt, "entry")]
				l, err := lists[i].Remove(e.Product.Registration, now)
				if err != nil {
					rt.Fatalf("Remove: %v", err)
				}
				lists[i] = l
			},
			"set rate": func(rt *rapid.T) {
				if len(lists) == 0 {
					rt.Skip()
				}
				i := pick(rt)
				if len(lists[i].Entries) == 0 {
					rt.Skip()
				}
				e := lists[i].Entries[rapid.IntRange(0, len(lists[i].Entries)-1).Draw(rt, "entry")]
				r := commission.Rate(rapid.IntRange(-10, int(e.Product.Total)+100).Draw(rt, "rate"))
				now = now.Add(time.Duration(rapid.IntRange(0, 3).Draw(rt, "tick")) * time.Hour)
				if l, _, err := lists[i].SetCreatorRate(e.Product.Registration, r, now, now); err == nil {
					lists[i] = l
				}
			},
			"": func(rt *rapid.T) {
				if count() > productlist.MaxLists {
					rt.Fatalf("%d lists", count())
				}
				for _, l := range lists {
					if len(l.Entries) > productlist.MaxProducts {
						rt.Fatalf("list %s has %d products", l.ID, len(l.Entries))
					}
					for _, e := range l.Entries {
						for _, v := range e.Rates {
							if v.Rate < 0 || v.Rate > e.Product.Total {
								rt.Fatalf("list %s entry %s: creator rate %v above total %v", l.ID, e.Product.Registration, v.Rate, e.Product.Total)
							}
						}
					}
					if err := l.Validate(); err != nil {
						rt.Fatalf("list %s invalid: %v", l.ID, err)
					}
				}
			},
		}
		rt.Repeat(ops)
	})
}
