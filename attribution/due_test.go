package attribution_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
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
	// The property says something only if due lines came up (about 20 a
	// run: pending most, void and settled a few; TestDueAtCases pins one
	// of each).
	t.Logf("due lines seen, by status: %v", dueBy)
	if dueBy[attribution.StatusPending]+dueBy[attribution.StatusSettled]+dueBy[attribution.StatusVoid] == 0 {
		t.Error("no line was due: the generator no longer exercises DueAt")
	}
}

// A6: DueAt of each kind of line the window can still change, and of
// those it cannot, derived at day 3 with a 5-day window from a delivery on
// day 2 (so the window passes on day 7).
func TestDueAtCases(t *testing.T) {
	tm := terms()
	tm.SettlementWindow = 5 * 24 * time.Hour
	paid := event("paid", attribution.Paid, "o1", day(1), money(t, "10.00"))
	delivered := event("delivered", attribution.Delivered, "o1", day(2), commission.Money{})
	attr := func(attribution.Event) attribution.Attribution { return attribution.Attributed(tm) }
	for _, c := range []struct {
		name   string
		events []attribution.Event
		due    bool
	}{
		{"pending, delivered", []attribution.Event{paid, delivered}, true},
		{"settled by the platform after the window", []attribution.Event{paid, delivered, event("settled", attribution.Settled, "o1", day(20), commission.Money{})}, true},
		{"void by a refund after the window", []attribution.Event{paid, delivered, event("refund", attribution.Refunded, "o1", day(10), money(t, "10.00"))}, true},
		{"cancelled after the window", []attribution.Event{paid, delivered, event("cancel", attribution.Cancelled, "o1", day(10), commission.Money{})}, true},
		{"settled by the platform before the window", []attribution.Event{paid, delivered, event("settled", attribution.Settled, "o1", day(3), commission.Money{})}, false},
		// Refunded in full before the window passes, it stays void, but
		// Derive then gives it the window's end as SettledAt.
		{"void by a refund before the window", []attribution.Event{paid, delivered, event("refund", attribution.Refunded, "o1", day(3), money(t, "10.00"))}, true},
		{"not delivered", []attribution.Event{paid}, false},
		{"not paid", []attribution.Event{delivered}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := applyAll(t, attr, day(3), c.events...)[paid.Key()]
			at, ok := l.DueAt()
			if ok != c.due || (ok && !at.Equal(day(7))) {
				t.Fatalf("%v line: DueAt = %v, %v; want due %v at %v", l.Ledger.Status, at, ok, c.due, day(7))
			}
			adv, _, err := attribution.Advance(l, day(30))
			if err != nil {
				t.Fatal(err)
			}
			if changed := cmp.Diff(l.Ledger, adv.Ledger, cmpOpts) != ""; changed != c.due {
				t.Errorf("Advance to day 30 changed the line: %v, want %v", changed, c.due)
			}
		})
	}
	// Settled by the window, it is due no more.
	l := applyAll(t, attr, day(8), paid, delivered)[paid.Key()]
	if _, ok := l.DueAt(); ok || l.Ledger.Status != attribution.StatusSettled {
		t.Errorf("settled by its window (%v): still due", l.Ledger.Status)
	}
}
