package memory_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
	"pgregory.net/rapid"
)

// errRollback makes an Update roll back on purpose.
var errRollback = errors.New("roll back")

// TestEventIndexAgreesWithModel runs Updates of several Puts each, some
// moving event ids between lines or dropping them within the one Update,
// some going on after a refused Put, some rolled back, and checks after each that Get, LineOf and LinesOf
// agree with a map model (A1): the event index is rebuilt at commit from
// the overlay, the path a single Put per Update does not exercise.
func TestEventIndexAgreesWithModel(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := memory.New()
		defer s.Close()
		ctx := context.Background()
		keys := []attribution.LineKey{{Order: "o-0", Line: "1"}, {Order: "o-1", Line: "1"}, {Order: "o-1", Line: "2"}}
		// Some ids start with an order, as hosts often make them.
		ids := []attribution.EventID{"ev-0", "ev-1", "o-1", "o-1-paid", "o-0-x"}
		lines := map[attribution.LineKey]attribution.Line{}
		events := map[attribution.EventID]attribution.LineKey{}
		for step := range rapid.IntRange(1, 12).Draw(t, "updates") {
			// The model's state after this Update, if it commits.
			nextLines := map[attribution.LineKey]attribution.Line{}
			nextEvents := map[attribution.EventID]attribution.LineKey{}
			for k, l := range lines {
				nextLines[k] = l
			}
			for id, k := range events {
				nextEvents[id] = k
			}
			var puts []attribution.Line
			for range rapid.IntRange(1, 4).Draw(t, "puts") {
				k := rapid.SampledFrom(keys).Draw(t, "key")
				l := attribution.Line{Key: k, Creator: "alice"}
				for i, id := range rapid.SliceOfNDistinct(rapid.SampledFrom(ids), 0, 3, func(id attribution.EventID) attribution.EventID { return id }).Draw(t, "ids") {
					l.Events = append(l.Events, attribution.Event{ID: id, Kind: attribution.Shipped, Order: k.Order, Line: k.Line,
						Creator: "alice", At: time.Unix(int64(step*10+i), 0).UTC()})
				}
				puts = append(puts, l)
			}
			rollback := rapid.Bool().Draw(t, "rollback")
			goOn := rapid.Bool().Draw(t, "go on after a conflict")
			wantConflict := false
			err := s.Update(ctx, func(tx storage.Tx) error {
				for _, l := range puts {
					// Bulk ingest looks the ids and lines up first; the
					// Puts that follow must see past what it remembered.
					if rapid.Bool().Draw(t, "LinesOf first") {
						of, err := storage.LinesOf(tx.Orders(), ids)
						if err != nil {
							return err
						}
						if d := gocmp.Diff(nextEvents, of, suiteOpts); d != "" {
							t.Fatalf("LinesOf in the Update mismatch (-want +got):\n%s", d)
						}
					}
					if rapid.Bool().Draw(t, "GetMany first") {
						got, err := storage.GetMany(tx.Orders(), keys)
						if err != nil {
							return err
						}
						if d := gocmp.Diff(nextLines, got, suiteOpts); d != "" {
							t.Fatalf("GetMany in the Update mismatch (-want +got):\n%s", d)
						}
					}
					err := tx.Orders().Put(l)
					conflict := false
					for _, e := range l.Events {
						if at, ok := nextEvents[e.ID]; ok && at != l.Key {
							conflict = true
						}
					}
					if conflict {
						if !errors.Is(err, storage.ErrConflict) {
							t.Fatalf("Put(%v) = %v, want ErrConflict", l.Key, err)
						}
						// A refused Put changes nothing: the Update
						// may go on.
						if goOn {
							continue
						}
						wantConflict = true
						return err
					}
					if err != nil {
						t.Fatalf("Put(%v) = %v", l.Key, err)
					}
					for _, e := range nextLines[l.Key].Events {
						delete(nextEvents, e.ID)
					}
					for _, e := range l.Events {
						nextEvents[e.ID] = l.Key
					}
					nextLines[l.Key] = l
				}
				if rollback {
					return errRollback
				}
				return nil
			})
			if !wantConflict && !rollback {
				if err != nil {
					t.Fatalf("Update: %v", err)
				}
				lines, events = nextLines, nextEvents
			}
			err = s.View(ctx, func(tx storage.Tx) error {
				for _, k := range keys {
					got, err := tx.Orders().Get(k)
					want, ok := lines[k]
					if !ok {
						if !errors.Is(err, storage.ErrNotFound) {
							t.Fatalf("Get(%v) = %v, want ErrNotFound", k, err)
						}
						continue
					}
					if err != nil {
						t.Fatalf("Get(%v) = %v", k, err)
					}
					if d := gocmp.Diff(want, got, suiteOpts); d != "" {
						t.Fatalf("Get(%v) mismatch (-want +got):\n%s", k, d)
					}
				}
				for _, id := range ids {
					got, err := tx.Orders().LineOf(id)
					want, ok := events[id]
					if ok != (err == nil) || got != want {
						t.Fatalf("LineOf(%s) = %v, %v; want %v, found %v", id, got, err, want, ok)
					}
				}
				of, err := storage.LinesOf(tx.Orders(), ids)
				if err != nil {
					return err
				}
				if d := gocmp.Diff(events, of, suiteOpts); d != "" {
					t.Fatalf("LinesOf mismatch (-want +got):\n%s", d)
				}
				return nil
			})
			if err != nil {
				t.Fatalf("View: %v", err)
			}
		}
	})
}

// TestIndexGrows puts enough lines to make the indexes grow several
// times, then reads every line and event back, and lists them all.
func TestIndexGrows(t *testing.T) {
	s := memory.New()
	defer s.Close()
	ctx := context.Background()
	const n = 5000
	for i := 0; i < n; i += 500 {
		err := s.Update(ctx, func(tx storage.Tx) error {
			for j := i; j < i+500; j++ {
				k := attribution.LineKey{Order: attribution.OrderID(fmt.Sprintf("o-%d", j)), Line: "1"}
				l := attribution.Line{Key: k, Events: []attribution.Event{{ID: attribution.EventID(fmt.Sprintf("ev-%d", j)), Order: k.Order, Line: k.Line}}}
				if err := tx.Orders().Put(l); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("Update: %v", err)
		}
	}
	err := s.View(ctx, func(tx storage.Tx) error {
		// Paging through every line, a few at a time, gives each once, in
		// key order.
		var listed []attribution.LineKey
		for p := (storage.Page{Limit: 7}); ; {
			ls, next, err := tx.Orders().List(storage.LineQuery{}, p)
			if err != nil {
				return err
			}
			for _, l := range ls {
				listed = append(listed, l.Key)
			}
			if next == "" {
				break
			}
			p.After = next
		}
		sorted := slices.IsSortedFunc(listed, func(a, b attribution.LineKey) int {
			return cmp.Or(cmp.Compare(a.Order, b.Order), cmp.Compare(a.Line, b.Line))
		})
		if len(listed) != n || !sorted {
			t.Errorf("List pages gave %d lines, sorted %v; want %d, sorted", len(listed), sorted, n)
		}
		for j := range n {
			k := attribution.LineKey{Order: attribution.OrderID(fmt.Sprintf("o-%d", j)), Line: "1"}
			if _, err := tx.Orders().Get(k); err != nil {
				t.Errorf("Get(%v) = %v", k, err)
			}
			id := attribution.EventID(fmt.Sprintf("ev-%d", j))
			if got, err := tx.Orders().LineOf(id); err != nil || got != k {
				t.Errorf("LineOf(%s) = %v, %v; want %v", id, got, err, k)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
