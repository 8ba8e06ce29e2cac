package attribution_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/internal/errdef"
)

// A1: ReadEventsCSV reports every problem of a bad row joined, in column
// order, each a *FieldError wrapping ErrInvalid named by the row and the
// column: a cell that does not parse, and what Event.Validate finds in the
// others (an empty id among them), each once.
func TestReadEventsCSVReportsEveryProblemOfARow(t *testing.T) {
	head := strings.Join(attribution.EventsCSVHeader(), ",") + "\n"
	good := "ev1,paid,o1,1,alice,e1,19.99,USD,2026-03-01T12:00:00Z,\n"
	for _, tc := range []struct {
		name, row string
		want      []string
	}{
		{"all empty", ",,,,,,,,,\n", []string{"rows[1].id", "rows[1].kind", "rows[1].order_id", "rows[1].line_id", "rows[1].creator_id", "rows[1].at"}},
		{"bad kind and empty ids", ",bogus,,1,,e1,,,2026-03-01T12:00:00Z,\n", []string{"rows[1].id", "rows[1].kind", "rows[1].order_id", "rows[1].creator_id"}},
		{"bad amount and time, empty line", "ev2,paid,o1,,alice,e1,1.999,USD,yesterday,\n", []string{"rows[1].line_id", "rows[1].amount", "rows[1].at"}},
		{"negative paid, placed after at", "ev2,paid,o1,1,alice,e1,-1.00,USD,2026-03-01T12:00:00Z,2026-03-02T12:00:00Z\n", []string{"rows[1].amount", "rows[1].placed_at"}},
		{"spaced entry, settled with an amount", "ev2,settled,o1,1,alice,e1\t,1.00,USD,2026-03-01T12:00:00Z,\n", []string{"rows[1].entry_id", "rows[1].amount"}},
	} {
		_, err := attribution.ReadEventsCSV(strings.NewReader(head + good + tc.row))
		if !errors.Is(err, attribution.ErrInvalid) {
			t.Errorf("ReadEventsCSV(%s) = %v, want ErrInvalid", tc.name, err)
			continue
		}
		if diff := cmp.Diff(tc.want, errdef.Fields(err)); diff != "" {
			t.Errorf("ReadEventsCSV(%s) = %v; fields (-want +got):\n%s", tc.name, err, diff)
		}
	}
}
