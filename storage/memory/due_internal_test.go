package memory

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// A6: the due index answers like a plain map of due times: upTo(by) calls
// back each line due at or before by, once, however often lines were set,
// moved to another time (earlier, later, back again) or cleared; its heap
// holds exactly the lines that are due some time, each where pos says,
// in heap order.
func TestDueIndexAgreesWithModel(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var x dueIndex[uint32]
		model := map[uint32]time.Time{}
		t0 := time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC)
		at := func(label string) time.Time {
			return t0.Add(time.Duration(rapid.IntRange(0, 50).Draw(t, label)) * time.Hour)
		}
		for range rapid.IntRange(1, 400).Draw(t, "ops") {
			h := uint32(rapid.IntRange(0, 40).Draw(t, "handle"))
			if rapid.IntRange(0, 3).Draw(t, "clear") == 0 {
				x.set(h, time.Time{}, false)
				delete(model, h)
			} else {
				due := at("due")
				x.set(h, due, true)
				model[h] = due
			}
			by := at("by")
			var got, want []uint32
			x.upTo(by, func(h uint32) bool { got = append(got, h); return true })
			for h, due := range model {
				if !due.After(by) {
					want = append(want, h)
				}
			}
			slices.Sort(got)
			slices.Sort(want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("upTo(%v) (-model +index):\n%s", by, diff)
			}
			if len(x.heap) != len(model) || len(x.pos) != len(model) {
				t.Fatalf("heap of %d entries, pos of %d, for %d lines", len(x.heap), len(x.pos), len(model))
			}
			for i, e := range x.heap {
				if x.pos[e.h] != i || !e.at.Equal(model[e.h]) || (i > 0 && e.at.Before(x.heap[(i-1)/2].at)) {
					t.Fatalf("heap[%d] = %+v: pos %d, model %v, parent %+v", i, e, x.pos[e.h], model[e.h], x.heap[(i-1)/2])
				}
			}
		}
	})
}
