package sqlstore

import (
	"context"
	"errors"
	"fmt"
)

// ContextErr returns err, wrapping ctx's error too if ctx is done and err
// does not already match it. A call cancelled midway fails with whatever
// the driver makes of the cancellation ("statement is closed", "conn
// closed"); the storage contract promises callers an error matching
// context.Canceled or context.DeadlineExceeded then.
func ContextErr(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return fmt.Errorf("%w: %w", cerr, err)
	}
	return err
}
