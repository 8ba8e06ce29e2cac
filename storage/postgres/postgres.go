package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// ErrSchemaTooNew is returned by Open for a database written by a newer
// partnerkit (its schema version is past the newest this code knows). The
// database is left untouched.
var ErrSchemaTooNew = sqlstore.ErrSchemaTooNew

// Options configures a Store. The zero value is the default.
type Options struct {
	// Logger receives migration and retry messages; nil discards them.
	Logger *slog.Logger
	// Schema, if set, is the schema the store's tables live in: it is
	// created if missing and made the connections' search_path. Empty
	// means the DSN's own search_path (usually "public").
	Schema string
	// MaxConns is the most connections the store opens; 0 or less means 10.
	MaxConns int
	// MaxAttempts bounds how many times Update and View run fn when the
	// database reports a serialization failure (40001) or a deadlock
	// (40P01); 0 or less means 30. Writes that touch the same rows (a
	// campaign's metrics, the outbox head) conflict whenever they overlap,
	// and within a Store an Update that has failed twice runs alone; but
	// several Stores on one database (several hosts) contend with nothing
	// to order them, and 10 attempts left 3 to 5 writes in 600 giving up
	// with four hosts ingesting at once. When every attempt fails, the
	// error wraps storage.ErrBusy and nothing was written.
	MaxAttempts int
	// BaseDelay and MaxDelay bound the jittered exponential backoff
	// between attempts; 0 or less means 2ms and 200ms.
	BaseDelay, MaxDelay time.Duration

	// version, if set, is the schema version to migrate to instead of the
	// newest (for tests of upgrades).
	version int
}

// Store is a storage.Store in a PostgreSQL database. It is safe for
// concurrent use, and several Stores (in one process or many) may share a
// database: every guarantee is enforced by SERIALIZABLE transactions.
type Store struct {
	pool *pgxpool.Pool
	log  *slog.Logger
	opts Options

	// gate lets Update attempts run together (read-locked) until one has
	// failed escalateAfter times; then it runs alone (write-locked), so a
	// hot row cannot starve it of its bounded attempts within a process.
	gate sync.RWMutex

	mu     sync.Mutex
	closed bool
	active sync.WaitGroup
}

// escalateAfter is how many serialization failures an Update suffers
// before its next attempt runs alone among this Store's Updates.
const escalateAfter = 2

var _ storage.Store = (*Store)(nil)

// Open connects to the database dsn names (a postgres:// URL or key=value
// string), migrates its schema to the newest version, and returns a Store.
//
// Open returns an error if the dsn is malformed, the database cannot be
// reached or migrated, or ErrSchemaTooNew (wrapped) if a newer partnerkit
// wrote it.
func Open(ctx context.Context, dsn string, opts Options) (*Store, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.MaxConns <= 0 {
		opts.MaxConns = 10
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 30
	}
	if opts.BaseDelay <= 0 {
		opts.BaseDelay = 2 * time.Millisecond
	}
	if opts.MaxDelay <= 0 {
		opts.MaxDelay = 200 * time.Millisecond
	}
	ms, err := sqlstore.LoadMigrations(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	if opts.version > 0 {
		ms = ms[:opts.version]
	}
	pcfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: parsing the dsn: %w", err)
	}
	pcfg.MaxConns = int32(opts.MaxConns)
	cfg := pcfg.ConnConfig
	if opts.Schema != "" {
		if err := createSchema(ctx, cfg, opts.Schema); err != nil {
			return nil, err
		}
		cfg.RuntimeParams["search_path"] = pgx.Identifier{opts.Schema}.Sanitize()
	}
	pool, err := pgxpool.NewWithConfig(ctx, pcfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: connecting: %w", err)
	}
	s := &Store{pool: pool, log: opts.Logger, opts: opts}
	if err := s.migrate(ctx, ms); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

const (
	tableExists = `SELECT count(*) FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_name = $1`
	createMigrations = `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    BIGINT PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TIMESTAMPTZ NOT NULL
	)`
)

// Storage contract: concurrent Open. Opens of one database and schema,
// fresh or older, may run at once, in one process or many; all succeed and
// agree on the migrations applied. PostgreSQL checks DDL names against its
// catalogs outside SERIALIZABLE isolation, so a concurrent Open that got
// there first shows up not as 40001 but as one of the codes below, raised
// only once its transaction has committed. Without advisory locks (see
// doc.go), the loser re-checks from a fresh snapshot and goes on.

// createSchemaAttempts bounds the runs of CREATE SCHEMA IF NOT EXISTS: a
// run that lost the race to create it sees it, committed, on the next.
const createSchemaAttempts = 3

// createSchema creates schema if it does not exist.
func createSchema(ctx context.Context, cfg *pgx.ConnConfig, schema string) error {
	c, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("postgres: connecting: %w", err)
	}
	defer c.Close(ctx)
	for n := 1; ; n++ {
		_, err = c.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+pgx.Identifier{schema}.Sanitize())
		if err == nil || !nameTaken(err) || n >= createSchemaAttempts || ctx.Err() != nil {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("postgres: creating schema %q: %w", schema, err)
	}
	return nil
}

// nameTaken reports whether err is DDL refused because an object of that
// name exists: unique_violation in a catalog (23505), duplicate_table
// (42P07), duplicate_object (42710) or duplicate_schema (42P06).
func nameTaken(err error) bool {
	switch sqlState(err) {
	case "23505", "42P07", "42710", "42P06":
		return true
	}
	return false
}

// otherMigrated marks a migration attempt whose DDL found its names taken
// at a version it had not seen taken before: another Open has most likely
// committed the migrations, which the next attempt will see.
type otherMigrated struct{ err error }

func (e otherMigrated) Error() string { return e.err.Error() }
func (e otherMigrated) Unwrap() error { return e.err }

// migrate applies the missing migrations in one serializable transaction,
// retried like an Update, so concurrent Opens of one database agree. An
// attempt whose DDL finds a name taken is retried once per version it
// started from: if the next attempt starts from the same version, nobody
// else migrated, and the name belongs to something else: a real failure.
func (s *Store) migrate(ctx context.Context, ms []sqlstore.Migration) error {
	var from, to int
	taken := -1 // the version the last attempt that found a name taken started from
	err := s.retry(ctx, func() error {
		err := s.inTx(ctx, pgx.TxOptions{IsoLevel: pgx.Serializable}, func(tx pgx.Tx) error {
			var err error
			from, to, err = sqlstore.Migrate(ctx, &pgxQuerier{tx: tx}, ms, tableExists, createMigrations, time.Now().UTC())
			return err
		})
		if nameTaken(err) && from != taken {
			taken = from
			return otherMigrated{err}
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: migrating: %w", err)
	}
	if from != to {
		s.log.LogAttrs(ctx, slog.LevelInfo, "postgres: migrated", slog.Int("from", from), slog.Int("to", to))
	}
	return nil
}

// dialect is PostgreSQL's.
var dialect = &sqlstore.Dialect{
	Name:     "postgres",
	Time:     func(t time.Time) any { return t },
	IsUnique: func(err error) bool { return sqlState(err) == "23505" },
	Arrays:   true,
}

// sqlState returns the SQLSTATE of err, or "".
func sqlState(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// beginFailed marks an error from BEGIN: nothing of the transaction ran,
// so running it again is always safe. (A pooled connection that the
// server terminated while idle fails this way, SQLSTATE 57P01; the pool
// drops it and the next attempt gets a live one.)
type beginFailed struct{ err error }

func (e beginFailed) Error() string { return e.err.Error() }
func (e beginFailed) Unwrap() error { return e.err }

// retryable reports whether err is a serialization failure or a deadlock,
// happened at BEGIN on a connection the pool had (one the server may have
// closed since), or is a migration's lost race (otherMigrated), after
// which running the transaction again may succeed. A failure to open a
// new connection (server unreachable, authentication refused, no such
// database) is not: trying again at once would not cure it, and a host
// should hear of it now rather than after MaxAttempts backoffs.
func retryable(err error) bool {
	if errors.As(err, new(*pgconn.ConnectError)) {
		return false
	}
	if errors.As(err, new(beginFailed)) && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	if errors.As(err, new(otherMigrated)) {
		return true
	}
	switch sqlState(err) {
	case "40001", "40P01":
		return true
	}
	return false
}

// enter registers an operation, or returns storage.ErrClosed.
func (s *Store) enter() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return storage.ErrClosed
	}
	s.active.Add(1)
	return nil
}

// Update runs fn in one SERIALIZABLE read-write transaction, retrying it
// with jittered exponential backoff, up to Options.MaxAttempts times, on a
// serialization failure or deadlock.
func (s *Store) Update(ctx context.Context, fn func(storage.Tx) error) error {
	return s.do(ctx, pgx.TxOptions{IsoLevel: pgx.Serializable, AccessMode: pgx.ReadWrite}, true, fn)
}

// View runs fn in a REPEATABLE READ, READ ONLY transaction: one snapshot.
func (s *Store) View(ctx context.Context, fn func(storage.Tx) error) error {
	return s.do(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, false, fn)
}

func (s *Store) do(ctx context.Context, o pgx.TxOptions, writable bool, fn func(storage.Tx) error) error {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.active.Done()
	n := 0
	err := s.retry(ctx, func() error {
		if n++; writable {
			if n > escalateAfter {
				s.gate.Lock()
				defer s.gate.Unlock()
			} else {
				s.gate.RLock()
				defer s.gate.RUnlock()
			}
		}
		return s.inTx(ctx, o, func(tx pgx.Tx) error {
			q := &pgxQuerier{tx: tx}
			t := sqlstore.NewTx(ctx, q, dialect, writable)
			defer t.End()
			err := fn(t)
			if q.failed != nil {
				// A statement met a serialization failure, so the
				// transaction is aborted whatever fn made of it: run it
				// again rather than report a consequence.
				return q.failed
			}
			return err
		})
	})
	return sqlstore.ContextErr(ctx, err)
}

// retry runs attempt until it succeeds, fails with a non-retryable error,
// or has run MaxAttempts times, sleeping a jittered, growing delay between
// runs.
func (s *Store) retry(ctx context.Context, attempt func() error) error {
	delay := s.opts.BaseDelay
	for n := 1; ; n++ {
		err := attempt()
		if err == nil || !retryable(err) || ctx.Err() != nil {
			return err
		}
		if n >= s.opts.MaxAttempts {
			if c := sqlState(err); c == "40001" || c == "40P01" {
				return fmt.Errorf("postgres: %d attempts, each ended by a serialization failure or deadlock: %w: %w", n, storage.ErrBusy, err)
			}
			return err
		}
		s.log.LogAttrs(ctx, slog.LevelDebug, "postgres: retrying", slog.Int("attempt", n), slog.Any("err", err))
		sleep := delay/2 + rand.N(delay/2+1) // full jitter on the upper half
		select {
		case <-time.After(sleep):
		case <-ctx.Done():
			return err
		}
		delay = min(delay*2, s.opts.MaxDelay)
	}
}

// inTx runs fn in one transaction on a pooled connection: commit if it
// returns nil, roll back if it returns an error or panics (re-raising the
// panic).
func (s *Store) inTx(ctx context.Context, o pgx.TxOptions, fn func(pgx.Tx) error) error {
	// The pool hands the connection back when the transaction ends, and
	// discards it if the transaction could not be ended cleanly.
	tx, err := s.pool.BeginTx(ctx, o)
	if err != nil {
		return beginFailed{fmt.Errorf("postgres: begin: %w", err)}
	}
	done := false
	defer func() {
		if !done {
			// A fresh context: roll back even if ctx was canceled.
			rctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = tx.Rollback(rctx)
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	done = true
	// Once fn has succeeded and ctx was still live, the commit is not
	// abandoned half-way because ctx ends during it: pgx would close the
	// connection with the COMMIT possibly applied, and the caller would see
	// an error for a write that happened. A bounded context of its own
	// keeps "error means nothing was written" true.
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), commitTimeout)
	defer cancel()
	if err := tx.Commit(cctx); err != nil {
		return fmt.Errorf("postgres: commit: %w", err)
	}
	return nil
}

// commitTimeout bounds a COMMIT once it has been sent (see inTx).
const commitTimeout = 30 * time.Second

// Close waits for the Updates and Views in flight, then closes every
// connection. Afterwards every method returns storage.ErrClosed.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return storage.ErrClosed
	}
	s.closed = true
	s.mu.Unlock()
	s.active.Wait()
	s.pool.Close()
	return nil
}

// pgxQuerier adapts a pgx.Tx to sqlstore.Querier, remembering the first
// retryable error any statement met.
type pgxQuerier struct {
	tx     pgx.Tx
	failed error
}

func (q *pgxQuerier) note(err error) error {
	if err != nil && q.failed == nil && retryable(err) {
		q.failed = err
	}
	return err
}

func (q *pgxQuerier) Exec(ctx context.Context, sql string, args ...any) (int64, error) {
	tag, err := q.tx.Exec(ctx, sql, args...)
	if err != nil {
		return 0, q.note(err)
	}
	return tag.RowsAffected(), nil
}

func (q *pgxQuerier) Query(ctx context.Context, sql string, args ...any) (sqlstore.Rows, error) {
	rows, err := q.tx.Query(ctx, sql, args...)
	if err != nil {
		return nil, q.note(err)
	}
	return &pgxRows{Rows: rows, q: q}, nil
}

// CopyFrom writes rows into table with COPY (see sqlstore.Copier).
func (q *pgxQuerier) CopyFrom(ctx context.Context, table string, columns []string, n int, row func(i int) ([]any, error)) (int64, error) {
	k, err := q.tx.CopyFrom(ctx, pgx.Identifier{table}, columns, pgx.CopyFromSlice(n, row))
	return k, q.note(err)
}

var _ sqlstore.Copier = (*pgxQuerier)(nil)

// pgxRows notes a retryable error met while reading rows.
type pgxRows struct {
	pgx.Rows
	q *pgxQuerier
}

func (r *pgxRows) Err() error { return r.q.note(r.Rows.Err()) }
