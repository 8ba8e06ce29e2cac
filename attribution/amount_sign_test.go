package attribution_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/partnerkit/partnerkit/attribution"
)

// K2, A6: a Paid event's base may be zero (a line discounted to nothing)
// but not negative; a Refunded event's amount must be above zero. The
// error says the rule Validate enforces for the event's kind, not a
// "positive" a paid zero would not need.
func TestValidateAmountSignSaysTheRuleOfItsKind(t *testing.T) {
	for _, tc := range []struct {
		kind   attribution.Kind
		amount string
		ok     bool
		says   string
	}{
		{attribution.Paid, "0.00", true, ""},
		{attribution.Paid, "19.99", true, ""},
		{attribution.Paid, "-0.01", false, "zero or more"},
		{attribution.Refunded, "0.01", true, ""},
		{attribution.Refunded, "0.00", false, "above zero"},
		{attribution.Refunded, "-0.01", false, "above zero"},
	} {
		ev := attribution.Event{ID: "ev1", Kind: tc.kind, Order: "o1", Line: "1", Creator: "alice", Amount: money(t, tc.amount), At: day0}
		err := ev.Validate()
		if tc.ok {
			if err != nil {
				t.Errorf("Validate(%v %s) = %v, want nil", tc.kind, tc.amount, err)
			}
			continue
		}
		var fe *attribution.FieldError
		if !errors.As(err, &fe) || fe.Field != "amount" || !errors.Is(err, attribution.ErrInvalid) {
			t.Errorf("Validate(%v %s) = %v, want a FieldError for amount wrapping ErrInvalid", tc.kind, tc.amount, err)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, tc.says) || strings.Contains(msg, "positive") {
			t.Errorf("Validate(%v %s) = %q, want it to say %q", tc.kind, tc.amount, msg, tc.says)
		}
	}
}
