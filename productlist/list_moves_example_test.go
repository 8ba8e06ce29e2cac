package productlist_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/partnerkit/partnerkit/productlist"
)

// A rate change is a new version taking effect at its time (P6): an order
// placed before it keeps the old rate, so replaying history pays the same.
// A change may be scheduled, never backdated.
func ExampleRateHistory_Change() {
	start := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	h := productlist.NewRateHistory(1500, start)
	h, v, err := h.Change(1200, start.Add(48*time.Hour), start.Add(time.Hour)) // scheduled
	fmt.Println(v.Version, v.Rate, err)
	before, _ := h.At(start.Add(47 * time.Hour))
	after, _ := h.At(start.Add(48 * time.Hour))
	fmt.Println(before.Rate, after.Rate, len(h.Scheduled(start.Add(time.Hour))))
	_, _, err = h.Change(1000, start, start.Add(time.Hour))
	fmt.Println("backdated:", errors.Is(err, productlist.ErrInvalid))
	// Output:
	// 2 12% <nil>
	// 15% 12% 1
	// backdated: true
}

// A duplicate copies the entries and their rate histories, not the
// followers, and obeys the per-agency limit (P2); renaming and removing
// return new lists and leave the original as it was.
func ExampleList_Duplicate() {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	l, _ := productlist.NewList("list-1", "agency-a", "Spring picks", 0, now)
	l, _ = l.Add(exampleProduct(), 1500, now)
	l, _ = l.Follow("creator-1")
	d, err := l.Duplicate("list-2", "Spring picks (copy)", 1, now)
	fmt.Println(d.Name, len(d.Entries), len(d.Followers), err)
	_, err = l.Duplicate("list-3", "One too many", productlist.MaxLists, now)
	fmt.Println("limit:", errors.Is(err, productlist.ErrLimit))

	r, _ := d.Rename("Summer picks", now)
	e, _ := d.Remove("reg-1", now)
	fmt.Println(r.Name, len(e.Entries), d.Name, len(d.Entries))
	// Output:
	// Spring picks (copy) 1 0 <nil>
	// limit: true
	// Summer picks 0 Spring picks (copy) 1
}
