package attribution_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
)

// A6: a line settles at the earliest of the platform's settled event and
// delivery plus the settlement window; on a tie the window settles it, and
// its settlement entry says so by naming the delivery, not the settled
// event, as what settled it.
func TestSettlementTieGoesToWindow(t *testing.T) {
	tm := terms()
	tm.SettlementWindow = 10 * 24 * time.Hour
	attr := attribution.Attributed(tm)
	paid := event("paid", attribution.Paid, "o1", day(1), money(t, "20.00"))
	var none commission.Money // deliveries and settlements carry no amount
	delivered := event("delivered", attribution.Delivered, "o1", day(2), none)
	for _, tc := range []struct {
		name      string
		settledAt time.Time
	}{
		{"tie", day(12)}, // delivery + window
		{"window first", day(13)},
	} {
		name, settledAt := tc.name, tc.settledAt
		settled := event("settled", attribution.Settled, "o1", settledAt, none)
		led, err := attribution.Derive(attr, []attribution.Event{paid, delivered, settled}, day(30))
		if err != nil {
			t.Fatalf("%s: Derive: %v", name, err)
		}
		if led.Status != attribution.StatusSettled || !led.SettledAt.Equal(day(12)) {
			t.Errorf("%s: status %v settled at %v, want settled at %v", name, led.Status, led.SettledAt, day(12))
		}
		if len(led.Entries) != 1 {
			t.Fatalf("%s: entries %+v, want one settlement", name, led.Entries)
		}
		want := []attribution.EventID{"paid", "delivered"}
		if diff := cmp.Diff(want, led.Entries[0].Events); diff != "" {
			t.Errorf("%s: settlement events (-want +got):\n%s", name, diff)
		}
	}
}
