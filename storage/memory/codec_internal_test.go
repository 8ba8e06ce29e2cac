package memory

import (
	"fmt"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit/attribution"
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
