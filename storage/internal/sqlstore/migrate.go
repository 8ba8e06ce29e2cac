package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

// ErrSchemaTooNew is returned when a database records a schema version
// newer than the code knows: it was written by a newer partnerkit, and is
// left untouched.
var ErrSchemaTooNew = errors.New("storage: database schema is newer than this version of partnerkit")

// Migration is one embedded schema change.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// LoadMigrations returns the migrations in dir of fsys, files named
// "NNNN_name.sql", in version order. Versions start at 1 without gaps.
func LoadMigrations(fsys fs.FS, dir string) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: reading migrations: %w", err)
	}
	var ms []Migration
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v < 1 {
			return nil, fmt.Errorf("sqlstore: migration file %q is not named NNNN_name.sql", name)
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("sqlstore: reading migration %q: %w", name, err)
		}
		ms = append(ms, Migration{Version: v, Name: strings.TrimSuffix(name, ".sql"), SQL: string(b)})
	}
	slices.SortFunc(ms, func(a, b Migration) int { return a.Version - b.Version })
	for i, m := range ms {
		if m.Version != i+1 {
			return nil, fmt.Errorf("sqlstore: migration %q: want version %d", m.Name, i+1)
		}
	}
	return ms, nil
}

// Latest returns the version the migrations lead to.
func Latest(ms []Migration) int { return len(ms) }

// Version returns the schema version recorded in the database q reaches
// (0 for a database without the schema_migrations table). tableExists is
// the dialect's query that counts tables named $1 in the current schema.
func Version(ctx context.Context, q Querier, tableExists string) (int, error) {
	var n int64
	if err := scanOne(ctx, q, tableExists, []any{"schema_migrations"}, &n); err != nil {
		return 0, fmt.Errorf("sqlstore: looking for schema_migrations: %w", err)
	}
	if n == 0 {
		return 0, nil
	}
	var v int64
	if err := scanOne(ctx, q, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`, nil, &v); err != nil {
		return 0, fmt.Errorf("sqlstore: reading the schema version: %w", err)
	}
	return int(v), nil
}

// Migrate applies, through q (one transaction), the migrations after the
// database's version and records each in schema_migrations, created by
// createTable. It returns ErrSchemaTooNew, having changed nothing, if the
// database is at a version past the last of ms. On an error from a
// statement, from is still the version it read, so a caller retrying after
// a lost race with another migrator can tell whether the database moved on.
func Migrate(ctx context.Context, q Querier, ms []Migration, tableExists, createTable string, now any) (from, to int, err error) {
	from, err = Version(ctx, q, tableExists)
	if err != nil {
		return 0, 0, err
	}
	if from > Latest(ms) {
		return from, from, fmt.Errorf("database at schema version %d, this code knows up to %d: %w", from, Latest(ms), ErrSchemaTooNew)
	}
	if from == Latest(ms) {
		return from, from, nil
	}
	if _, err := q.Exec(ctx, createTable); err != nil {
		return from, from, fmt.Errorf("sqlstore: creating schema_migrations: %w", err)
	}
	for _, m := range ms[from:] {
		if _, err := q.Exec(ctx, m.SQL); err != nil {
			return from, from, fmt.Errorf("sqlstore: applying migration %s: %w", m.Name, err)
		}
		if _, err := q.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
			int64(m.Version), m.Name, now); err != nil {
			return from, from, fmt.Errorf("sqlstore: recording migration %s: %w", m.Name, err)
		}
	}
	return from, Latest(ms), nil
}

// scanOne scans the single row of a query into dest.
func scanOne(ctx context.Context, q Querier, sql string, args []any, dest ...any) error {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return errors.New("no row")
	}
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	rows.Close()
	return rows.Err()
}
