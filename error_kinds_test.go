package partnerkit_test

import (
	"errors"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
)

// K5, A1: an order event refused for its amount (a refund above the
// payment, an amount in another currency than the line's) matches its own
// sentinel and, being bad input, ErrInvalid too, so a host that only tells
// bad input from the rest needs no case for either; it matches no other
// shared sentinel.
func TestAmountRefusalsAreInvalidInput(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	h := func(n int) time.Time { return start.Add(time.Duration(n) * time.Hour) }
	w.clock.Set(h(100))
	w.ingest(w.event("paid", attribution.Paid, "o-1", w.maya, w.serum, "10.00", h(1), h(1)))
	yen := w.event("yen", attribution.Refunded, "o-1", w.maya, w.serum, "", h(2), h(1))
	var err error
	if yen.Amount, err = commission.NewMoney("1", "JPY"); err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		ev   attribution.Event
		kind error
	}{
		"refund above the payment":   {w.event("over", attribution.Refunded, "o-1", w.maya, w.serum, "10.01", h(2), h(1)), partnerkit.ErrRefundExceedsPaid},
		"refund in another currency": {yen, partnerkit.ErrCurrencyMismatch},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := w.svc.IngestEvent(w.ctx, w.host, tc.ev)
			if !errors.Is(err, tc.kind) || !errors.Is(err, partnerkit.ErrInvalid) {
				t.Fatalf("IngestEvent = %v; want both %v and ErrInvalid", err, tc.kind)
			}
			for _, other := range []error{partnerkit.ErrConflict, partnerkit.ErrNotFound, partnerkit.ErrLimit, partnerkit.ErrForbidden} {
				if errors.Is(err, other) {
					t.Errorf("IngestEvent = %v; also matches %v", err, other)
				}
			}
		})
	}
	// The kinds stay apart: one is not the other, nor ErrInvalid itself.
	if errors.Is(commission.ErrRefundExceedsPaid, commission.ErrCurrencyMismatch) || errors.Is(commission.ErrInvalid, commission.ErrRefundExceedsPaid) {
		t.Error("ErrRefundExceedsPaid, ErrCurrencyMismatch and ErrInvalid are not distinct")
	}
}
