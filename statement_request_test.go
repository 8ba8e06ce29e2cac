package partnerkit_test

import (
	"context"
	"errors"
	"testing"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
)

// viewCountingStore counts the read transactions a Service opens.
type viewCountingStore struct {
	storage.Store
	views int
}

func (s *viewCountingStore) View(ctx context.Context, fn func(storage.Tx) error) error {
	s.views++
	return s.Store.View(ctx, fn)
}

// A5: a statement request with no currency and an empty period reports
// both problems (a validation returns every problem joined), and is
// refused before the Service reads the party's lines: a statement reads
// them all.
func TestBadStatementRequestIsRefusedWholeAndBeforeReading(t *testing.T) {
	st := &viewCountingStore{Store: memory.New()}
	w := newWorldOn(t, st, partnerkit.Options{})
	calls := map[string]func() error{
		"AgencyStatement": func() error {
			_, err := w.svc.AgencyStatement(w.ctx, w.agency, commission.Currency{}, start, start)
			return err
		},
		"SellerStatement": func() error {
			_, err := w.svc.SellerStatement(w.ctx, w.glow, commission.Currency{}, start, start)
			return err
		},
		"CreatorStatement": func() error {
			_, err := w.svc.CreatorStatement(w.ctx, w.maya, commission.Currency{}, start, start)
			return err
		},
	}
	for name, call := range calls {
		st.views = 0
		err := call()
		if got := fieldsOf(err); len(got) != 2 || got[0] != "currency" || !errors.Is(err, partnerkit.ErrInvalid) {
			t.Errorf("%s(no currency, from == to) = %v: fields %q, want currency and the period, wrapping ErrInvalid", name, err, got)
		}
		if st.views != 0 {
			t.Errorf("%s(no currency, from == to) opened %d read transactions before refusing", name, st.views)
		}
	}
}
