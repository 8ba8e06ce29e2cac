package postgres

import (
	"context"

	"github.com/partnerkit/partnerkit/storage/internal/sqlstore"
)

// OpenVersion opens the store migrated only up to schema version v, as an
// older partnerkit would have left it.
func OpenVersion(ctx context.Context, dsn string, opts Options, v int) (*Store, error) {
	opts.version = v
	return Open(ctx, dsn, opts)
}

// LatestVersion is the schema version Open migrates to.
func LatestVersion() int {
	ms, err := sqlstore.LoadMigrations(migrationFiles, "migrations")
	if err != nil {
		panic(err)
	}
	return sqlstore.Latest(ms)
}
