package sqlite_test

import (
	"context"
	"errors"
	"testing"

	"github.com/partnerkit/partnerkit/storage"
)

// A call cancelled midway reports the cancellation, whatever error the
// driver or fn made of it, and the error fn returned still matches.
func TestCancelledMidwayMatchesContextError(t *testing.T) {
	s := open(t)
	failure := errors.New("sql: statement is closed")
	for name, call := range map[string]func(context.Context, func(storage.Tx) error) error{"Update": s.Update, "View": s.View} {
		ctx, cancel := context.WithCancel(context.Background())
		err := call(ctx, func(storage.Tx) error { cancel(); return failure })
		if !errors.Is(err, context.Canceled) || !errors.Is(err, failure) {
			t.Errorf("%s cancelled midway = %v; want it to match context.Canceled and fn's error", name, err)
		}
	}
}
