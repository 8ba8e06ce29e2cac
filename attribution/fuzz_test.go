package attribution_test

import (
	"encoding/csv"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/attribution"
)

// FuzzReadEventsCSV: outside input either decodes to valid events that
// survive a write/read round trip unchanged, written with no text cell a
// spreadsheet would run as a formula, or is refused with ErrInvalid; it
// never panics.
func FuzzReadEventsCSV(f *testing.F) {
	head := strings.Join(attribution.EventsCSVHeader(), ",") + "\n"
	f.Add(head + "ev1,paid,o1,1,alice,e1,19.99,USD,2026-03-01T12:00:00Z,\n")
	f.Add(head + "ev2,returned,o1,1,alice,e1,5,usd,2026-03-02T12:00:00.5+07:00,\n")
	f.Add(head + "ev3,settled,o1,1,alice,,,,2026-03-10T00:00:00Z,\n")
	f.Add(head + "ev4,refunded,o1,1,alice,e1,-1.00,USD,2026-03-01T12:00:00Z,\n")
	f.Add(head + "ev5,paid,o1,1,alice,e1,1.5,JPY,2026-03-01T12:00:00Z,\n")
	f.Add(head + "ev6,paid,o1,1,alice,e1,19.99,USD,9999-12-31T23:30:00-01:00,\n")
	f.Add(head + "ev7,shipped,o1,1,alice,e1,,,2026-03-02T12:00:00Z,2026-03-01T12:00:00Z\n")
	f.Add("id,kind\n")
	f.Add(head + "=1+1,paid,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-1,@alice,+e,19.99,USD,2026-03-01T12:00:00Z,\n")
	f.Add(head + "'ev,'paid,''o,',c,e,19.99,'USD,2026-03-01T12:00:00Z,\n")
	f.Fuzz(func(t *testing.T, in string) {
		evs, err := attribution.ReadEventsCSV(strings.NewReader(in))
		if err != nil {
			if !errors.Is(err, attribution.ErrInvalid) {
				t.Fatalf("ReadEventsCSV = %v, want ErrInvalid", err)
			}
			return
		}
		var b strings.Builder
		if err := attribution.WriteEventsCSV(&b, evs); err != nil {
			t.Fatal(err)
		}
		if recs, err := csv.NewReader(strings.NewReader(b.String())).ReadAll(); err == nil {
			for _, rec := range recs[1:] {
				for i, c := range rec {
					if i != 6 && readsAsFormula(c) { // 6: the amount, a number
						t.Fatalf("WriteEventsCSV cell %q of %q reads as a formula", c, b.String())
					}
				}
			}
		}
		again, err := attribution.ReadEventsCSV(strings.NewReader(b.String()))
		if err != nil {
			t.Fatalf("re-reading %q: %v", b.String(), err)
		}
		if len(again) != len(evs) {
			t.Fatalf("round trip: %d events, want %d", len(again), len(evs))
		}
		for i := range evs {
			if err := evs[i].Validate(); err != nil {
				t.Fatalf("decoded an invalid event: %v", err)
			}
			if !evs[i].Equal(again[i]) {
				t.Fatalf("round trip changed event %d (-want +got):\n%s", i, cmp.Diff(evs[i], again[i], cmpOpts))
			}
		}
	})
}
