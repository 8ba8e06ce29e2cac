package attribution_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/partnerkit/partnerkit/attribution"
)

// A1: a bad row of an events CSV is a *FieldError naming the row and the
// field, as ReadEventsCSV's doc says.
func TestReadEventsCSVNamesRowAndField(t *testing.T) {
	in := strings.Join(attribution.EventsCSVHeader(), ",") + "\n" +
		"ev1,paid,o1,1,alice,e1,19.99,USD,2026-03-01T12:00:00Z,\n" +
		"ev2,refunded,o1,1,alice,e1,1.999,USD,2026-03-02T12:00:00Z,\n"
	_, err := attribution.ReadEventsCSV(strings.NewReader(in))
	var fe *attribution.FieldError
	if !errors.Is(err, attribution.ErrInvalid) || !errors.As(err, &fe) || fe.Field != "rows[1].amount" {
		t.Errorf("ReadEventsCSV(bad amount in the second row) = %v (field %v), want a FieldError for rows[1].amount", err, fe)
	}
}
