package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"sync"
	"time"

	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// ErrSchemaTooNew is returned by Open for a file written by a newer
// partnerkit (its schema version is past the newest this code knows). The
// file is left untouched.
var ErrSchemaTooNew = sqlstore.ErrSchemaTooNew

// Options configures a Store. The zero value is the default.
type Options struct {
	// Logger receives migration and retry messages; nil discards them.
	Logger *slog.Logger
	// BusyTimeout is how long a statement waits for another process's lock
	// before SQLite reports it busy; 0 or less means 5s.
	BusyTimeout time.Duration
	// Readers is the most connections View uses at once; 0 or less means 4.
	Readers int
	// MaxAttempts bounds how many times Update and View run fn when the
	// database stays busy or locked (another process holds it); 0 or less
	// means 10. When every attempt finds it busy, the error wraps
	// storage.ErrBusy and nothing was written.
	MaxAttempts int

	// version, if set, is the schema version to migrate to instead of the
	// newest (for tests of upgrades).
	version int
}

// Store is a storage.Store in one SQLite file. It is safe for concurrent
// use within a process; see the package doc for several processes.
type Store struct {
	w, r *sql.DB
	log  *slog.Logger
	max  int

	// writer is the Go-side writer lock (a 1-slot semaphore, so waiting
	// for it honours ctx): Updates never meet each other inside SQLite.
	writer chan struct{}

	// stmts holds the writer's prepared statements by SQL text: modernc
	// prepares a statement on every Exec otherwise, and a bulk insert's
	// text is long. Only Update (under writer) reads or adds to it.
	stmts map[string]*sql.Stmt

	mu     sync.Mutex
	closed bool
	active sync.WaitGroup
}

// maxStmts bounds the writer's statement cache. The statement shapes are
// few (each repository's, and each bulk statement's at a handful of
// sizes), so it is never reached in practice.
const maxStmts = 512

var _ storage.Store = (*Store)(nil)

// Open opens (creating it if needed) the database file at path, migrates
// it to the newest schema version, and returns a Store over it.
//
// Open returns an error if:
//   - path is "" or ":memory:" (a *storage.FieldError for "path" wrapping
//     storage.ErrInvalid): SQLite gives each connection its own private
//     database for those names, which the Store's writer and readers
//     cannot share and which has no write-ahead log; storage/memory is
//     the store in memory ("./:memory:" is a file of that name);
//   - the file cannot be opened or migrated; while another process or
//     Store is opening or migrating it, Open waits for it, up to
//     Options.BusyTimeout;
//   - the file holds another application's tables and no partnerkit
//     schema (a *storage.FieldError for "path" wrapping
//     storage.ErrInvalid); the file is left as it was;
//   - a newer partnerkit wrote it (ErrSchemaTooNew, wrapped).
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	switch path {
	case "":
		return nil, errdef.Field("path", path, storage.ErrInvalid, "sqlite: no database file path")
	case ":memory:":
		return nil, errdef.Field("path", path, storage.ErrInvalid,
			"sqlite: an in-memory database is private to one connection; want a database file path (storage/memory keeps a store in memory)")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.BusyTimeout <= 0 {
		opts.BusyTimeout = 5 * time.Second
	}
	if opts.Readers <= 0 {
		opts.Readers = 4
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 10
	}
	ms, err := sqlstore.LoadMigrations(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	if opts.version > 0 {
		ms = ms[:opts.version]
	}

	// busy_timeout comes first so the other pragmas wait for locks too.
	pragmas := []string{
		fmt.Sprintf("busy_timeout(%d)", opts.BusyTimeout.Milliseconds()),
		"foreign_keys(1)",
		"synchronous(FULL)",
	}
	w, err := sql.Open("sqlite", dsn(path, pragmas, "immediate"))
	if err != nil {
		return nil, fmt.Errorf("sqlite: opening %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	s := &Store{w: w, log: opts.Logger, max: opts.MaxAttempts, writer: make(chan struct{}, 1), stmts: map[string]*sql.Stmt{}}
	if err := s.migrateWaiting(ctx, path, ms, opts.BusyTimeout); err != nil {
		w.Close()
		return nil, err
	}
	r, err := sql.Open("sqlite", dsn(path, append(pragmas, "query_only(1)"), "deferred"))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: opening %s: %w", path, err)
	}
	r.SetMaxOpenConns(opts.Readers)
	r.SetMaxIdleConns(opts.Readers)
	s.r = r
	return s, nil
}

// dsn returns the modernc DSN of path with pragmas and the BEGIN mode.
func dsn(path string, pragmas []string, txlock string) string {
	v := url.Values{}
	for _, p := range pragmas {
		v.Add("_pragma", p)
	}
	v.Set("_txlock", txlock)
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + v.Encode()
}

// migrateWaiting runs migrate, again while another connection keeps the
// file busy, for up to wait. Several processes (or Stores) opening one new
// file at once race to switch it to WAL, which takes an exclusive lock;
// SQLite may refuse that at once, without waiting on busy_timeout, to the
// losers. They try again, a little later each time, once the first has
// switched and migrated the file.
func (s *Store) migrateWaiting(ctx context.Context, path string, ms []sqlstore.Migration, wait time.Duration) error {
	deadline := time.Now().Add(wait)
	for attempt := 1; ; attempt++ {
		err := s.migrate(ctx, path, ms)
		if err == nil || !busy(err) || ctx.Err() != nil || time.Now().After(deadline) {
			return err
		}
		s.log.LogAttrs(ctx, slog.LevelDebug, "sqlite: busy while opening, retrying", slog.Int("attempt", attempt), slog.Any("err", err))
		pause := time.Duration(min(attempt, 10)) * 5 * time.Millisecond
		pause += time.Duration(rand.Int64N(int64(pause))) // jitter, so racing openers fall apart
		select {
		case <-time.After(pause):
		case <-ctx.Done():
			return err
		}
	}
}

// migrate checks the file's schema version and applies the missing
// migrations in one write transaction. A file whose version is too new,
// or that holds tables but no partnerkit schema (another application's
// database), is only read: nothing is written to it, not even the WAL
// journal mode.
func (s *Store) migrate(ctx context.Context, path string, ms []sqlstore.Migration) error {
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlite: opening %s: %w", path, err)
	}
	defer conn.Close()
	v, err := sqlstore.Version(ctx, connQuerier{conn}, tableExists)
	if err != nil {
		return fmt.Errorf("sqlite: %s: %w", path, err)
	}
	if v > sqlstore.Latest(ms) {
		return fmt.Errorf("sqlite: %s is at schema version %d, this code knows up to %d: %w", path, v, sqlstore.Latest(ms), ErrSchemaTooNew)
	}
	if v == 0 {
		// One statement, so one snapshot: another Store that migrated the
		// file meanwhile shows both its tables and schema_migrations.
		var tables, ours int
		err := conn.QueryRowContext(ctx, `SELECT
			(SELECT count(*) FROM sqlite_master WHERE type = 'table'),
			(SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations')`).Scan(&tables, &ours)
		if err != nil {
			return fmt.Errorf("sqlite: %s: %w", path, err)
		}
		if tables > 0 && ours == 0 {
			return errdef.Field("path", path, storage.ErrInvalid,
				fmt.Sprintf("sqlite: the file holds %d tables and no partnerkit schema: not a partnerkit database (left unchanged)", tables))
		}
	}
	var mode string
	if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode=WAL").Scan(&mode); err != nil {
		return fmt.Errorf("sqlite: %s: setting WAL mode: %w", path, err)
	}
	if mode != "wal" {
		return fmt.Errorf("sqlite: %s: journal mode is %q, want wal", path, mode)
	}
	if v == sqlstore.Latest(ms) {
		return nil
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: %s: %w", path, err)
	}
	defer tx.Rollback()
	from, to, err := sqlstore.Migrate(ctx, txQuerier{tx: tx}, ms, tableExists, createMigrations, formatTime(time.Now()))
	if err != nil {
		return fmt.Errorf("sqlite: %s: %w", path, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: %s: committing migrations: %w", path, err)
	}
	s.log.LogAttrs(ctx, slog.LevelInfo, "sqlite: migrated", slog.String("path", path), slog.Int("from", from), slog.Int("to", to))
	return nil
}

const (
	tableExists      = `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $1`
	createMigrations = `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL
	) STRICT`
)

// timeLayout stores times as fixed-width UTC text, so they sort as times.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

func formatTime(t time.Time) any { return t.UTC().Format(timeLayout) }

// dialect is SQLite's.
var dialect = &sqlstore.Dialect{
	Name: "sqlite",
	Time: formatTime,
	IsUnique: func(err error) bool {
		var se *sqlite.Error
		return errors.As(err, &se) && (se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)
	},
	MaxParams: sqlite3.SQLITE_MAX_VARIABLE_NUMBER,
	Anonymous: true,
	IndexedBy: true,
}

// busy reports whether err is SQLite's "database is busy or locked", which
// another process's lock causes and which retrying cures.
func busy(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
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

// Update runs fn in one write transaction (BEGIN IMMEDIATE on the single
// writer connection): Updates run one at a time, so fn sees and leaves a
// serializable state. It retries, a bounded number of times, only when
// another process keeps the file busy.
func (s *Store) Update(ctx context.Context, fn func(storage.Tx) error) error {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.active.Done()
	select {
	case s.writer <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s.writer }()
	return sqlstore.ContextErr(ctx, s.run(ctx, s.w, true, fn))
}

// prepare adds the statements a writer transaction prepared for itself
// to the cache, now that the writer connection is free again: the next
// transactions reuse them (database/sql re-prepares one on a new
// connection if the writer's is ever replaced).
func (s *Store) prepare(ctx context.Context, texts []string) {
	for _, text := range texts {
		if _, ok := s.stmts[text]; ok || len(s.stmts) >= maxStmts {
			continue
		}
		st, err := s.w.PrepareContext(ctx, text)
		if err != nil {
			continue // not cached; the next use prepares it again
		}
		s.stmts[text] = st
	}
}

// View runs fn in a read transaction on a read-only connection: a
// consistent snapshot of the last commit, taken at its first read.
func (s *Store) View(ctx context.Context, fn func(storage.Tx) error) error {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.active.Done()
	return sqlstore.ContextErr(ctx, s.run(ctx, s.r, false, fn))
}

// run runs fn in a transaction of db, retrying on busy.
func (s *Store) run(ctx context.Context, db *sql.DB, writable bool, fn func(storage.Tx) error) error {
	var err error
	for attempt := 1; ; attempt++ {
		err = s.once(ctx, db, writable, fn)
		if err == nil || !busy(err) || ctx.Err() != nil {
			return err
		}
		if attempt >= s.max {
			return fmt.Errorf("sqlite: %d attempts, another process kept the database busy: %w: %w", attempt, storage.ErrBusy, err)
		}
		s.log.LogAttrs(ctx, slog.LevelDebug, "sqlite: busy, retrying", slog.Int("attempt", attempt), slog.Any("err", err))
		select {
		case <-time.After(time.Duration(attempt) * 10 * time.Millisecond):
		case <-ctx.Done():
			return err
		}
	}
}

// once runs fn in one transaction: commit if it returns nil, roll back if
// it returns an error or panics (re-raising the panic).
func (s *Store) once(ctx context.Context, db *sql.DB, writable bool, fn func(storage.Tx) error) (err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: begin: %w", err)
	}
	q := txQuerier{tx: tx}
	if writable {
		q.cache = &stmtCache{shared: s.stmts, local: map[string]*sql.Stmt{}}
		defer func() { s.prepare(context.WithoutCancel(ctx), q.cache.missed) }()
	}
	t := sqlstore.NewTx(ctx, q, dialect, writable)
	committed := false
	defer func() {
		t.End()
		if !committed {
			tx.Rollback()
		}
	}()
	if err := fn(t); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		committed = true // database/sql's Tx is done either way
		return fmt.Errorf("sqlite: commit: %w", err)
	}
	committed = true
	return nil
}

// Close waits for the Updates and Views in flight, then closes the
// database. Afterwards every method returns storage.ErrClosed.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return storage.ErrClosed
	}
	s.closed = true
	s.mu.Unlock()
	s.active.Wait()
	for _, st := range s.stmts {
		st.Close()
	}
	return errors.Join(s.r.Close(), s.w.Close())
}

// txQuerier adapts a *sql.Tx to sqlstore.Querier. A writer's runs its
// statements through a statement cache.
type txQuerier struct {
	tx    *sql.Tx
	cache *stmtCache
}

// stmtCache is a writer transaction's view of Store.stmts.
type stmtCache struct {
	shared map[string]*sql.Stmt // the Store's, read-only here
	local  map[string]*sql.Stmt // bound to this transaction
	missed []string             // texts prepared here, for Store.prepare
}

// stmt returns the transaction's prepared statement of text.
func (q txQuerier) stmt(ctx context.Context, text string) (*sql.Stmt, error) {
	c := q.cache
	if st, ok := c.local[text]; ok {
		return st, nil
	}
	var st *sql.Stmt
	if shared, ok := c.shared[text]; ok {
		st = q.tx.StmtContext(ctx, shared)
	} else {
		var err error
		if st, err = q.tx.PrepareContext(ctx, text); err != nil {
			return nil, err
		}
		c.missed = append(c.missed, text)
	}
	c.local[text] = st
	return st, nil
}

func (q txQuerier) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	var res sql.Result
	var err error
	if q.cache != nil {
		var st *sql.Stmt
		if st, err = q.stmt(ctx, query); err == nil {
			res, err = st.ExecContext(ctx, args...)
		}
	} else {
		res, err = q.tx.ExecContext(ctx, query, args...)
	}
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (q txQuerier) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	var rows *sql.Rows
	var err error
	if q.cache != nil {
		var st *sql.Stmt
		if st, err = q.stmt(ctx, query); err == nil {
			rows, err = st.QueryContext(ctx, args...)
		}
	} else {
		rows, err = q.tx.QueryContext(ctx, query, args...)
	}
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

// connQuerier adapts a *sql.Conn to sqlstore.Querier.
type connQuerier struct{ c *sql.Conn }

func (q connQuerier) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := q.c.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (q connQuerier) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	rows, err := q.c.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

// sqlRows adapts *sql.Rows to sqlstore.Rows.
type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { r.Rows.Close() }
