package attribution_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/shopspring/decimal"
)

// A1: an event with a bad amount is a *FieldError for "amount" wrapping
// ErrInvalid (commission's too, the same value), and its message says the
// field, the rule and the sentinel once each: no "money.amount" nested in
// "amount", no "invalid: invalid".
func TestValidateAmountErrorSaysEachThingOnce(t *testing.T) {
	for _, tc := range []struct {
		name   string
		amount commission.Money
	}{
		{"finer than a cent", commission.Money{Amount: decimal.RequireFromString("19.999"), Currency: usd}},
		{"no currency", commission.Money{Amount: decimal.RequireFromString("19.99")}},
		{"too many digits", commission.Money{Amount: decimal.New(1, 1_000_000_000), Currency: usd}},
	} {
		ev := attribution.Event{ID: "ev1", Kind: attribution.Paid, Order: "o1", Line: "1", Creator: "alice", Amount: tc.amount, At: day0}
		err := ev.Validate()
		var fe *attribution.FieldError
		if !errors.As(err, &fe) || fe.Field != "amount" || !errors.Is(err, attribution.ErrInvalid) || !errors.Is(err, commission.ErrInvalid) {
			t.Errorf("Validate(%s) = %v, want a FieldError for amount wrapping ErrInvalid", tc.name, err)
			continue
		}
		if msg := err.Error(); strings.Count(msg, attribution.ErrInvalid.Error()) != 1 || strings.Contains(msg, "money.") || strings.Count(msg, "amount") != 1 {
			t.Errorf("Validate(%s) = %q, want the field, the rule and %q once each", tc.name, msg, attribution.ErrInvalid)
		}
	}
}

// A1: ReadEventsCSV reports a bad amount or currency cell under its
// column, saying each thing once.
func TestReadEventsCSVAmountErrorSaysEachThingOnce(t *testing.T) {
	head := strings.Join(attribution.EventsCSVHeader(), ",") + "\n"
	for _, tc := range []struct{ amount, currency, field string }{
		{"19.999", "USD", "rows[0].amount"},
		{"19.99", "ZZZ", "rows[0].currency"},
		{"1e3", "USD", "rows[0].amount"},
	} {
		in := head + "ev1,paid,o1,1,alice,e1," + tc.amount + "," + tc.currency + ",2026-03-01T12:00:00Z,\n"
		_, err := attribution.ReadEventsCSV(strings.NewReader(in))
		var fe *attribution.FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || !errors.Is(err, attribution.ErrInvalid) {
			t.Errorf("ReadEventsCSV(%s %s) = %v, want a FieldError for %s wrapping ErrInvalid", tc.amount, tc.currency, err, tc.field)
			continue
		}
		if msg := err.Error(); strings.Count(msg, attribution.ErrInvalid.Error()) != 1 || strings.Count(msg, tc.amount) > 1 {
			t.Errorf("ReadEventsCSV(%s %s) = %q, want the value and %q once each", tc.amount, tc.currency, msg, attribution.ErrInvalid)
		}
	}
}
