package partnerkit_test

import (
	"errors"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/commission"
)

// A5: a statement takes a period that ends, and a currency: a zero end,
// an empty period or no currency is refused as ErrInvalid by all three,
// as their docs say; a zero start is the beginning of time. The outbox
// refuses a negative position, on every backend.
func TestStatementsAndOutboxRefuseOpenInput(t *testing.T) {
	w := newWorld(t)
	from := day(3, 1)
	statements := map[string]func(cur commission.Currency, from, to time.Time) error{
		"AgencyStatement": func(cur commission.Currency, from, to time.Time) error {
			_, err := w.svc.AgencyStatement(w.ctx, w.agency, cur, from, to)
			return err
		},
		"SellerStatement": func(cur commission.Currency, from, to time.Time) error {
			_, err := w.svc.SellerStatement(w.ctx, w.glow, cur, from, to)
			return err
		},
		"CreatorStatement": func(cur commission.Currency, from, to time.Time) error {
			_, err := w.svc.CreatorStatement(w.ctx, w.maya, cur, from, to)
			return err
		},
	}
	for name, st := range statements {
		for _, c := range []struct {
			what     string
			cur      commission.Currency
			from, to time.Time
		}{
			{"no period", usd, time.Time{}, time.Time{}},
			{"open end", usd, from, time.Time{}},
			{"empty period", usd, from, from},
			{"no currency", commission.Currency{}, from, day(4, 1)},
		} {
			if err := st(c.cur, c.from, c.to); !errors.Is(err, partnerkit.ErrInvalid) {
				t.Errorf("%s, %s: %v, want ErrInvalid", name, c.what, err)
			}
		}
		for _, start := range []time.Time{from, {}} {
			if err := st(usd, start, day(4, 1)); err != nil {
				t.Errorf("%s from %v: %v", name, start, err)
			}
		}
	}
	for name, open := range backends() {
		t.Run(name, func(t *testing.T) {
			w := open(t)
			if _, err := w.svc.Outbox(w.ctx, w.host, -5, 0); !errors.Is(err, partnerkit.ErrInvalid) {
				t.Errorf("Outbox after -5: %v, want ErrInvalid", err)
			}
		})
	}
}
