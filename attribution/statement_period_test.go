package attribution_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit/attribution"
)

// A5: a statement's period [from, to) must hold an instant. to == from is
// an empty period, to before from one that ends before it starts; each is
// a *FieldError for "to" wrapping ErrInvalid that says which, with from.
func TestStatementPeriodErrorSaysWhatIsWrong(t *testing.T) {
	for _, tc := range []struct {
		name string
		to   time.Time
		says string
	}{
		{"to == from", day(1), "empty period"},
		{"to before from", day(0), "ends before it starts"},
	} {
		from := day(1)
		for _, st := range []struct {
			name string
			err  error
		}{
			{"NewCreatorStatement", periodErr(attribution.NewCreatorStatement("alice", usd, from, tc.to, nil))},
			{"NewSellerStatement", periodErr(attribution.NewSellerStatement("USSHOP01", usd, from, tc.to, nil))},
			{"NewAgencyStatement", periodErr(attribution.NewAgencyStatement("agency", usd, from, tc.to, nil))},
		} {
			var fe *attribution.FieldError
			if !errors.As(st.err, &fe) || fe.Field != "to" || !errors.Is(st.err, attribution.ErrInvalid) {
				t.Errorf("%s(%s) = %v, want a FieldError for to wrapping ErrInvalid", st.name, tc.name, st.err)
				continue
			}
			if msg := st.err.Error(); !strings.Contains(msg, tc.says) || !strings.Contains(msg, from.String()) {
				t.Errorf("%s(%s) = %q, want it to say %q and name from %v", st.name, tc.name, msg, tc.says, from)
			}
		}
	}
	if _, err := attribution.NewCreatorStatement("alice", usd, day(1), day(1).Add(time.Nanosecond), nil); err != nil {
		t.Errorf("NewCreatorStatement(one nanosecond) = %v, want nil", err)
	}
}

// periodErr returns the error of a statement constructor.
func periodErr[T any](_ T, err error) error { return err }
