package storagetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/storage"
)

// manyNewEvents is how many new event ids the large case of
// OrderRefusedPutChangesNothing puts on a line: past the 64 rows from
// which the SQL backends write the event index with COPY where they can.
const manyNewEvents = 100

// orderRefusedPutChangesNothing: Orders().Put either writes or refuses and
// changes nothing. A Put refused with ErrConflict (A1) leaves the lines
// and the event index as they were, and the transaction goes on: fn may
// ignore the error, write more and commit, and A1 still holds after.
func orderRefusedPutChangesNothing(t *testing.T, s storage.Store) {
	for _, n := range []int{1, manyNewEvents} {
		t.Run(fmt.Sprintf("%dNewEvents", n), func(t *testing.T) {
			refusedPutChangesNothing(t, s, n)
		})
	}
}

// refusedPutChangesNothing runs OrderRefusedPutChangesNothing with Puts of
// n new event ids beside one that another line holds.
func refusedPutChangesNothing(t *testing.T, s storage.Store, n int) {
	p := fmt.Sprintf("n%d-", n)
	key := func(o string) attribution.LineKey { return lineKey(p + o) }
	id := func(s string) attribution.EventID { return attribution.EventID(p + s) }
	ids := func(prefix string) []attribution.EventID {
		out := make([]attribution.EventID, n)
		for i := range out {
			out[i] = id(fmt.Sprintf("%s%03d", prefix, i))
		}
		return out
	}
	o1 := heldLine(t, key("o1"), id("a"))
	o2 := heldLine(t, key("o2"), id("b"))
	update(t, s, func(tx storage.Tx) error {
		if err := tx.Orders().Put(o1); err != nil {
			return err
		}
		return tx.Orders().Put(o2)
	})

	newOnO1, newOnO3 := ids("c"), ids("d")
	// o1 with new ids and o2's b, in place of its a; a new line o3 alike.
	refused := []attribution.Line{
		heldLine(t, o1.Key, append(newOnO1, id("b"))...),
		heldLine(t, key("o3"), append(newOnO3, id("b"))...),
	}
	allIDs := append([]attribution.EventID{id("a"), id("b")}, newOnO1...)
	allIDs = append(allIDs, newOnO3...)
	// unchanged fails t unless the lines and the index are as the first
	// Update left them.
	unchanged := func(tx storage.Tx, when string) {
		t.Helper()
		for _, want := range []struct {
			id   attribution.EventID
			line attribution.LineKey
		}{{id("a"), o1.Key}, {id("b"), o2.Key}} {
			at, err := tx.Orders().LineOf(want.id)
			wantErr(t, fmt.Sprintf("LineOf(%s) %s", want.id, when), err, nil)
			diff(t, fmt.Sprintf("LineOf(%s) %s", want.id, when), want.line, at)
		}
		for _, fresh := range [][]attribution.EventID{newOnO1, newOnO3} {
			_, err := tx.Orders().LineOf(fresh[0])
			wantErr(t, fmt.Sprintf("LineOf(%s) %s", fresh[0], when), err, storage.ErrNotFound)
		}
		of, err := storage.LinesOf(tx.Orders(), allIDs)
		wantErr(t, "LinesOf "+when, err, nil)
		diff(t, "LinesOf "+when, map[attribution.EventID]attribution.LineKey{id("a"): o1.Key, id("b"): o2.Key}, of)
		for _, want := range []attribution.Line{o1, o2} {
			got, err := tx.Orders().Get(want.Key)
			wantErr(t, fmt.Sprintf("Get(%v) %s", want.Key, when), err, nil)
			diff(t, fmt.Sprintf("Get(%v) %s", want.Key, when), want, got)
		}
		_, err = tx.Orders().Get(key("o3"))
		wantErr(t, fmt.Sprintf("Get(%v) %s", key("o3"), when), err, storage.ErrNotFound)
	}

	o4 := heldLine(t, key("o4"), id("e"))
	err := s.Update(context.Background(), func(tx storage.Tx) error {
		unchanged(tx, "before the refused Puts")
		for _, l := range refused {
			err := tx.Orders().Put(l)
			wantErr(t, fmt.Sprintf("Put(%v) holding %s, on %v", l.Key, id("b"), o2.Key), err, storage.ErrConflict)
			unchanged(tx, fmt.Sprintf("after the refused Put(%v)", l.Key))
		}
		// The transaction goes on: its other writes commit.
		return tx.Orders().Put(o4)
	})
	wantErr(t, "Update going on after refused Puts", err, nil)
	view(t, s, func(tx storage.Tx) error {
		unchanged(tx, "after the commit")
		at, err := tx.Orders().LineOf(id("e"))
		wantErr(t, "LineOf of a write after the refused Puts", err, nil)
		diff(t, "LineOf of a write after the refused Puts", o4.Key, at)
		got, err := tx.Orders().Get(o4.Key)
		wantErr(t, "Get of a write after the refused Puts", err, nil)
		diff(t, "Get of a write after the refused Puts", o4, got)
		return nil
	})
	// A1 holds: a stays o1's, and the ids refused are free.
	err = s.Update(context.Background(), func(tx storage.Tx) error { return tx.Orders().Put(heldLine(t, key("o5"), id("a"))) })
	wantErr(t, "Put of another line holding o1's a", err, storage.ErrConflict)
	update(t, s, func(tx storage.Tx) error { return tx.Orders().Put(heldLine(t, key("o5"), newOnO1...)) })
}

// heldLine returns a line of key holding the event ids, paid by the first.
func heldLine(t *testing.T, key attribution.LineKey, ids ...attribution.EventID) attribution.Line {
	t.Helper()
	l := newLine(t, terms("c-1", "ag-1", shopCode(1), "alice"), paid(ids[0], key, "alice", now, "10.00"))
	for _, id := range ids[1:] {
		l.Events = append(l.Events, shipped(id, key, "alice", now))
	}
	return l
}

// orderIDTakenAfterLookupConflicts: bulk ingest looks its event ids up
// (LinesOf) before it puts lines; an id found on no line, then put on one
// line in the same transaction, is that line's: a later Put of another
// line holding it is refused with ErrConflict (A1) and changes nothing,
// in the transaction and after it commits.
func orderIDTakenAfterLookupConflicts(t *testing.T, s storage.Store) {
	x := attribution.EventID("taken-x")
	a := heldLine(t, lineKey("taken-a"), x)
	b := heldLine(t, lineKey("taken-b"), "taken-y", x)
	check := func(tx storage.Tx, when string) {
		t.Helper()
		of, err := storage.LinesOf(tx.Orders(), []attribution.EventID{x, "taken-y"})
		wantErr(t, "LinesOf "+when, err, nil)
		diff(t, "LinesOf "+when, map[attribution.EventID]attribution.LineKey{x: a.Key}, of)
		_, err = tx.Orders().Get(b.Key)
		wantErr(t, "Get(b) "+when, err, storage.ErrNotFound)
	}
	update(t, s, func(tx storage.Tx) error {
		of, err := storage.LinesOf(tx.Orders(), []attribution.EventID{x, "taken-y"})
		wantErr(t, "LinesOf before any Put", err, nil)
		diff(t, "LinesOf before any Put", map[attribution.EventID]attribution.LineKey{}, of)
		if err := storage.PutMany(tx.Orders(), []attribution.Line{a}); err != nil {
			return err
		}
		err = storage.PutMany(tx.Orders(), []attribution.Line{b})
		wantErr(t, "PutMany of another line holding an id just put", err, storage.ErrConflict)
		check(tx, "in the transaction")
		return nil
	})
	view(t, s, func(tx storage.Tx) error { check(tx, "after the commit"); return nil })
}
