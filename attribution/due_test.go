package attribution_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/attribution"
	"pgregory.net/rapid"
)

// A6: DueAt says exactly when the settlement window changes a line. For
// lines of any events applied in any order at a clock c, Advance at any
// later time changes the ledger if and only if the line is due by then;
// once advanced past it, the line is due no more. So a store indexing lines
// by DueAt hands a settlement sweep every line it must change, and no
// other.
func TestPropertyDueAtIsWhenTheWindowChangesTheLine(t *testing.T) {
	dueBy := map[attribution.Status]int{} // due lines seen, by status
	rapid.Check(t, func(t *rapid.T) {
		w := genWorld(t)
		// Often a clock behind most events' dates: the lines a window
		// can still change.
		hours := rapid.OneOf(rapid.IntRange(0, 5*24), rapid.IntRange(0, 50*24)).Draw(t, "clockHours")
		clock := day0.Add(time.Duration(hours) * time.Hour)
		lines := map[attribution.LineKey]attribution.Line{}
		for _, e := range w.stream(t, "order") {
			l, _, err := attribution.Apply(lines[e.Key()], e, w.attr[e.Key()], clock)
			if err != nil {
				t.Fatalf("Apply(%v): %v", e.ID, err)
			}
			lines[e.Key()] = l
		}
		for k, l := range lines {
			due, isDue := l.DueAt()
			times := []time.Time{clock, clock.Add(90 * 24 * time.Hour)}
			if isDue {
				dueBy[l.Ledger.Status]++
				if due.Before(clock) && l.Ledger.Status == attribution.StatusPending {
					t.Fatalf("%v: pending at %v, but due at %v", k, clock, due)
				}
				times = append(times, due.Add(-time.Nanosecond), due, due.Add(time.Duration(rapid.IntRange(0, 1000).Draw(t, "afterHours"))*time.Hour))
			}
			for _, at := range times {
				if at.Before(clock) {
					continue
				}
				adv, _, err := attribution.Advance(l, at)
				if err != nil {
					t.Fatalf("Advance(%v, %v): %v", k, at, err)
				}
				changed := cmp.Diff(l.Ledger, adv.Ledger, cmpOpts) != ""
				if want := isDue && !at.Before(due); changed != want {
					t.Fatalf("%v (%v, derived at %v): DueAt = %v, %v; Advance at %v changed it: %v\n%s",
						k, l.Ledger.Status, clock, due, isDue, at, changed, cmp.Diff(l.Ledger, adv.Ledger, cmpOpts))
				}
				if changed {
					if again, ok := adv.DueAt(); ok {
						t.Fatalf("%v: advanced to %v, still due at %v", k, at, again)
					}
				}
			}
		}
	})
	// The property says something only if due lines of every kind came up.
	t.Logf("due lines seen, by status: %v", dueBy)
	for _, s := range []attribution.Status{attribution.StatusPending, attribution.StatusSettled, attribution.StatusVoid} {
		if dueBy[s] == 0 {
			t.Errorf("no %v line was due: the generator no longer exercises DueAt", s)
		}
	}
}
