package attribution_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/partnerkit/partnerkit/attribution"
)

// ReadEventsCSV loads order events from a platform export (A1): a paid
// event carries its amount and currency, a settled one neither, and times
// may carry any offset. WriteEventsCSV writes them back in UTC, escaping a
// creator handle such as @alice against spreadsheet formulas, and
// ReadEventsCSV reads that file back to equal events. A bad cell is a
// *FieldError wrapping ErrInvalid.
func ExampleReadEventsCSV() {
	in := `id,kind,order_id,line_id,creator_id,entry_id,amount,currency,at,placed_at
ev1,paid,o1,1,@alice,USSHOP01/mug,19.99,USD,2026-03-01T09:00:00-08:00,2026-03-01T09:00:00-08:00
ev2,settled,o1,1,@alice,USSHOP01/mug,,,2026-03-10T12:00:00Z,2026-03-01T17:00:00Z
`
	events, err := attribution.ReadEventsCSV(strings.NewReader(in))
	if err != nil {
		panic(err)
	}
	var out strings.Builder
	if err := attribution.WriteEventsCSV(&out, events); err != nil {
		panic(err)
	}
	fmt.Print(out.String())
	back, err := attribution.ReadEventsCSV(strings.NewReader(out.String()))
	fmt.Println("round trip:", err, len(back), back[0].Equal(events[0]), back[1].Equal(events[1]))

	_, err = attribution.ReadEventsCSV(strings.NewReader(strings.Replace(in, "19.99", "19.999", 1)))
	var fe *attribution.FieldError
	fmt.Println("finer than a cent:", errors.As(err, &fe), errors.Is(err, attribution.ErrInvalid))
	// Output:
	// id,kind,order_id,line_id,creator_id,entry_id,amount,currency,at,placed_at
	// ev1,paid,o1,1,'@alice,USSHOP01/mug,19.99,USD,2026-03-01T17:00:00Z,2026-03-01T17:00:00Z
	// ev2,settled,o1,1,'@alice,USSHOP01/mug,,,2026-03-10T12:00:00Z,2026-03-01T17:00:00Z
	// round trip: <nil> 2 true true
	// finer than a cent: true true
}
