// Package bulktest checks what the SQL backends' set-based order writes
// remember within a transaction, beyond the shared conformance suite
// (storagetest), which runs each bulk call in a transaction of its own.
package bulktest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/storage"
)

// Run checks, on a fresh store, that PutMany after a GetMany in the same
// transaction (which found the lines missing, so PutMany skips looking
// them up) indexes every event, and still refuses an event stored on
// another line with ErrConflict.
func Run(t *testing.T, s storage.Store) {
	t.Helper()
	ctx := context.Background()
	at := time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC)
	line := func(order string, ids ...string) attribution.Line {
		l := attribution.Line{Key: attribution.LineKey{Order: attribution.OrderID(order), Line: "1"}}
		for _, id := range ids {
			l.Events = append(l.Events, attribution.Event{ID: attribution.EventID(id), Kind: attribution.Settled,
				Order: l.Key.Order, Line: "1", At: at})
		}
		return l
	}
	var ls []attribution.Line
	var keys []attribution.LineKey
	for i := range 100 { // past COPY's threshold on Postgres
		ls = append(ls, line(fmt.Sprintf("o-%03d", i), fmt.Sprintf("e-%03d-a", i), fmt.Sprintf("e-%03d-b", i)))
		keys = append(keys, ls[i].Key)
	}
	err := s.Update(ctx, func(tx storage.Tx) error {
		got, err := storage.GetMany(tx.Orders(), keys)
		if err != nil || len(got) != 0 {
			return fmt.Errorf("GetMany of new lines = %d lines, %v; want none", len(got), err)
		}
		if err := storage.PutMany(tx.Orders(), ls[:50]); err != nil {
			return err
		}
		// Put twice in one transaction: the second is a replacement.
		ls[0] = line("o-000", "e-000-a")
		return storage.PutMany(tx.Orders(), ls)
	})
	if err != nil {
		t.Fatalf("GetMany then PutMany: %v", err)
	}
	err = s.View(ctx, func(tx storage.Tx) error {
		of, err := storage.LinesOf(tx.Orders(), []attribution.EventID{"e-000-a", "e-000-b", "e-099-b"})
		if err != nil {
			return err
		}
		want := map[attribution.EventID]attribution.LineKey{"e-000-a": ls[0].Key, "e-099-b": ls[99].Key}
		if fmt.Sprint(of) != fmt.Sprint(want) {
			t.Errorf("LinesOf after PutMany = %v, want %v", of, want)
		}
		got, err := storage.GetMany(tx.Orders(), keys)
		if err == nil && len(got) != len(keys) {
			t.Errorf("GetMany after PutMany: %d lines, want %d", len(got), len(keys))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// A new line known missing, with an event another line holds.
	var moved []attribution.Line
	var movedKeys []attribution.LineKey
	for i := range 100 {
		moved = append(moved, line(fmt.Sprintf("p-%03d", i), fmt.Sprintf("f-%03d", i)))
		movedKeys = append(movedKeys, moved[i].Key)
	}
	moved[70] = line("p-070", "e-070-b")
	err = s.Update(ctx, func(tx storage.Tx) error {
		if _, err := storage.GetMany(tx.Orders(), movedKeys); err != nil {
			return err
		}
		return storage.PutMany(tx.Orders(), moved)
	})
	if !errors.Is(err, storage.ErrConflict) {
		t.Fatalf("PutMany of a stored event on a line GetMany found missing: %v, want ErrConflict", err)
	}
}
