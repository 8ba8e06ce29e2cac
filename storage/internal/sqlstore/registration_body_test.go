package sqlstore

import (
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/registration"
)

// TestRegistrationBodyPrice: a registration body keeps its price exactly
// (12.50 stays 12.50), and a body written before registrations had a price
// reads back with none (the zero Money).
func TestRegistrationBodyPrice(t *testing.T) {
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	priced := registration.Registration{ID: "r-1", Campaign: "c-1", Product: "p-1", ProductTitle: "Serum", Rate: 1500,
		State: registration.Pending, CreatedAt: at, UpdatedAt: at,
		Price: commission.Money{Amount: decimal.New(1250, -2), Currency: commission.MustParseCurrency("USD")}}
	var j jsonBuf
	if err := j.value(reflect.ValueOf(priced)); err != nil {
		t.Fatalf("value: %v", err)
	}
	old := `{"ID":"r-1","Campaign":"c-1","Agency":"","Shop":"","Product":"p-1","ProductTitle":"Serum","Rate":1500,"State":"pending",` +
		`"Rejection":{"Reason":"","Text":"","ForGood":false},"CreatedAt":"2026-03-02T10:00:00Z","UpdatedAt":"2026-03-02T10:00:00Z",` +
		`"DecidedAt":"0001-01-01T00:00:00Z","ApprovedAt":"0001-01-01T00:00:00Z","CancelRequestedAt":"0001-01-01T00:00:00Z","ClosedAt":"0001-01-01T00:00:00Z"}`
	unpriced := priced
	unpriced.Price = commission.Money{}
	for _, c := range []struct {
		name, body string
		want       registration.Registration
	}{
		{"priced", string(j.b), priced},
		{"written before prices", old, unpriced},
	} {
		var got registration.Registration
		if err := decode(c.body, &got); err != nil {
			t.Fatalf("%s: decode(%s): %v", c.name, c.body, err)
		}
		if diff := cmp.Diff(c.want, got, exact); diff != "" {
			t.Errorf("%s: decode(%s) (-want +got):\n%s", c.name, c.body, diff)
		}
	}
}
