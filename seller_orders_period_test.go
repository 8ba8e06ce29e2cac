package partnerkit_test

import (
	"errors"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit"
)

// A5: SellerOrdersCSV refuses a period [from, to) that holds no instant
// (to at or before from) as SellerStatement does, a *FieldError for "to"
// wrapping ErrInvalid; a zero end still leaves that end open.
func TestSellerOrdersCSVRefusesPeriodAsStatementsDo(t *testing.T) {
	w := newWorld(t)
	from := day(3, 10)
	for _, tc := range []struct {
		name string
		to   time.Time
	}{
		{"to before from", day(3, 9)},
		{"to == from", from},
	} {
		_, csvErr := w.svc.SellerOrdersCSV(w.ctx, w.glow, from, tc.to)
		_, stErr := w.svc.SellerStatement(w.ctx, w.glow, usd, from, tc.to)
		for _, got := range []struct {
			name string
			err  error
		}{{"SellerOrdersCSV", csvErr}, {"SellerStatement", stErr}} {
			var fe *partnerkit.FieldError
			if !errors.Is(got.err, partnerkit.ErrInvalid) || !errors.As(got.err, &fe) || fe.Field != "to" {
				t.Errorf("%s(%s) = %v, want a FieldError for to wrapping ErrInvalid", got.name, tc.name, got.err)
			}
		}
	}
	for _, p := range []struct{ from, to time.Time }{{from, day(3, 11)}, {time.Time{}, from}, {from, time.Time{}}, {}} {
		if _, err := w.svc.SellerOrdersCSV(w.ctx, w.glow, p.from, p.to); err != nil {
			t.Errorf("SellerOrdersCSV(%v, %v) = %v, want nil", p.from, p.to, err)
		}
	}
}
