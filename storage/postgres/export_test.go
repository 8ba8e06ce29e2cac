package postgres

import "context"

// OpenVersion opens the store migrated only up to schema version v, as an
// older partnerkit would have left it.
func OpenVersion(ctx context.Context, dsn string, opts Options, v int) (*Store, error) {
	opts.version = v
	return Open(ctx, dsn, opts)
}
