package sqlite

import "context"

// OpenVersion opens path migrated only up to schema version v, as an older
// partnerkit would have left it.
func OpenVersion(ctx context.Context, path string, v int) (*Store, error) {
	return Open(ctx, path, Options{version: v})
}
