package memory

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/storage"
)

// TestEntriesPastTheCapStayWhole fills the entry id table to maxInterned
// and checks that a line whose entry id is new past that keeps it in full.
func TestEntriesPastTheCapStayWhole(t *testing.T) {
	c := newCodec()
	for i := range maxInterned {
		if _, ok := c.entries.idCapped(fmt.Sprint(i)); !ok {
			t.Fatalf("idCapped(%d) = false before the cap", i)
		}
	}
	if n, ok := c.entries.idCapped("7"); !ok || n != 7 {
		t.Errorf("idCapped(7) past the cap = %d, %v; want 7, true", n, ok)
	}
	if _, ok := c.entries.idCapped("new"); ok {
		t.Errorf("idCapped(new) past the cap = true, want false")
	}
	at := time.Unix(1_700_000_000, 0).UTC()
	l := attribution.Line{Key: attribution.LineKey{Order: "o", Line: "1"}, Events: []attribution.Event{
		{ID: "o-paid", Kind: attribution.Paid, Order: "o", Line: "1", Entry: "new", At: at},
		{ID: "ev", Kind: attribution.Shipped, Order: "o", Line: "1", Entry: "7", At: at},
	}}
	v := c.view()
	got := v.decodeLine(c.encodeLine([]byte("o"+sep+"1"), &l))
	if got.Events[0].Entry != "new" || got.Events[1].Entry != "7" {
		t.Errorf("entries read back = %q, %q; want new, 7", got.Events[0].Entry, got.Events[1].Entry)
	}
}

// TestParsedOffsetsShareZones: times parsed from numeric offsets, each in
// a new unnamed zone of time.Parse's making, do not grow the location
// table, and read back at the same instant and offset.
func TestParsedOffsetsShareZones(t *testing.T) {
	c := newCodec()
	before := len(c.locs.values())
	for i := range 500 {
		at, err := time.Parse(time.RFC3339, fmt.Sprintf("2027-04-01T10:%02d:00+05:30", i%60))
		if err != nil {
			t.Fatal(err)
		}
		l := attribution.Line{Key: attribution.LineKey{Order: "o", Line: "1"}, Events: []attribution.Event{
			{ID: "o-paid", Kind: attribution.Paid, Order: "o", Line: "1", Entry: "e", At: at},
		}}
		rec := c.encodeLine([]byte("o"+sep+"1"), &l)
		c.locs.publish()
		v := c.view()
		got := v.decodeLine(rec).Events[0].At
		if !got.Equal(at) {
			t.Fatalf("time %v read back as %v", at, got)
		}
		if _, off := got.Zone(); off != 5*3600+1800 {
			t.Fatalf("time %v read back with offset %d", at, off)
		}
	}
	c.locs.publish()
	if n := len(c.locs.values()) - before; n > 1 {
		t.Errorf("500 parsed times added %d zones, want at most 1", n)
	}
}

// TestEventIndexKeepsCollidingIDs: two event ids of one line whose 32-bit
// hashes collide share an index slot; dropping one from the line must not
// drop the other from the index (A1).
func TestEventIndexKeepsCollidingIDs(t *testing.T) {
	seen := map[uint32]string{}
	var a, b string
	for i := 0; a == ""; i++ {
		id := fmt.Sprintf("o-%d", i)
		if other, ok := seen[hashString(id)]; ok {
			a, b = other, id
		}
		seen[hashString(id)] = id
	}
	ctx := t.Context()
	s := New()
	at := time.Unix(1_700_000_000, 0).UTC()
	ev := func(id string, k attribution.Kind) attribution.Event {
		return attribution.Event{ID: attribution.EventID(id), Kind: k, Order: "o", Line: "1", Creator: "alice", Entry: "e", At: at}
	}
	both := attribution.Line{Key: attribution.LineKey{Order: "o", Line: "1"}, Creator: "alice", Events: []attribution.Event{ev(a, attribution.Placed), ev(b, attribution.Shipped)}}
	only := both
	only.Events = both.Events[1:]
	for _, l := range []attribution.Line{both, only} {
		if err := s.Update(ctx, func(tx storage.Tx) error { return tx.Orders().Put(l) }); err != nil {
			t.Fatal(err)
		}
	}
	err := s.View(ctx, func(tx storage.Tx) error {
		k, err := tx.Orders().LineOf(attribution.EventID(b))
		if err != nil || k != both.Key {
			t.Errorf("LineOf(%q) = %v, %v; want %v (it collides with the dropped %q)", b, k, err, both.Key, a)
		}
		if _, err := tx.Orders().LineOf(attribution.EventID(a)); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("LineOf(%q), dropped = %v, want ErrNotFound", a, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestKindsPastTheCapStayWhole: past the interning cap, a message's kind
// is written out whole.
func TestKindsPastTheCapStayWhole(t *testing.T) {
	c := newCodec()
	for i := range maxInterned {
		c.kinds.idCapped(fmt.Sprint(i))
	}
	at := time.Unix(1_700_000_000, 0).UTC()
	for _, kind := range []string{"7", "order.settled"} {
		rec := c.encodeMessage(9, &storage.Message{Kind: kind, Key: "k", Payload: []byte("{}"), At: at})
		c.kinds.publish()
		c.locs.publish()
		v := c.view()
		if got := v.decodeMessage(rec); got.Kind != kind || got.Seq != 9 || got.Key != "k" || !got.At.Equal(at) {
			t.Errorf("message of kind %q read back as %+v", kind, got)
		}
	}
	if n := len(c.kinds.values()); n != maxInterned {
		t.Errorf("kinds table holds %d, want the cap %d", n, maxInterned)
	}
}
