package benchwork

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
)

// RawSQLite is the ceiling of SQLite ingest: one writer connection to a
// file in WAL mode with the store's durability (synchronous FULL), and a
// prepared INSERT of one row per event, one transaction per batch.
type RawSQLite struct {
	db   *sql.DB
	stmt *sql.Stmt
}

// OpenRawSQLite creates the ceiling's database at path.
func OpenRawSQLite(ctx context.Context, path string) (*RawSQLite, error) {
	v := url.Values{}
	for _, p := range []string{"busy_timeout(5000)", "journal_mode(WAL)", "synchronous(FULL)"} {
		v.Add("_pragma", p)
	}
	v.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+v.Encode())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, EventsTable); err != nil {
		db.Close()
		return nil, err
	}
	stmt, err := db.PrepareContext(ctx, `INSERT INTO bench_events (event_id, order_id, line_id, kind, creator, entry, amount, currency, at, placed)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`)
	if err != nil {
		db.Close()
		return nil, err
	}
	return &RawSQLite{db: db, stmt: stmt}, nil
}

// EventsTable is the ceilings' table: one row per event, keyed by its id.
const EventsTable = `CREATE TABLE IF NOT EXISTS bench_events (
	event_id TEXT PRIMARY KEY, order_id TEXT NOT NULL, line_id TEXT NOT NULL, kind TEXT NOT NULL,
	creator TEXT NOT NULL, entry TEXT NOT NULL, amount TEXT, currency TEXT, at TEXT NOT NULL, placed TEXT)`

// Row returns the ceilings' row of ev.
func Row(ev attribution.Event) []any {
	var amount, currency any
	if !ev.Amount.Currency.IsZero() {
		amount, currency = ev.Amount.Amount.String(), ev.Amount.Currency.Code()
	}
	return []any{string(ev.ID), string(ev.Order), string(ev.Line), ev.Kind.String(), string(ev.Creator), string(ev.Entry),
		amount, currency, ev.At.UTC().Format(time.RFC3339Nano), ev.Placed.UTC().Format(time.RFC3339Nano)}
}

// Insert writes evs' rows in transactions of batch rows and returns how
// long it took.
func (r *RawSQLite) Insert(ctx context.Context, evs []attribution.Event, batch int) (time.Duration, error) {
	start := time.Now()
	for from := 0; from < len(evs); from += batch {
		tx, err := r.db.BeginTx(ctx, nil)
		if err != nil {
			return 0, err
		}
		st := tx.StmtContext(ctx, r.stmt)
		for _, ev := range evs[from:min(from+batch, len(evs))] {
			if _, err := st.ExecContext(ctx, Row(ev)...); err != nil {
				tx.Rollback()
				return 0, err
			}
		}
		if err := tx.Commit(); err != nil {
			return 0, err
		}
	}
	return time.Since(start), nil
}

// Close closes the database.
func (r *RawSQLite) Close() error { return errors.Join(r.stmt.Close(), r.db.Close()) }

// IsBusy reports whether err is SQLite's SQLITE_BUSY or SQLITE_LOCKED.
func IsBusy(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	c := se.Code() & 0xff
	return c == sqlite3.SQLITE_BUSY || c == sqlite3.SQLITE_LOCKED
}

// IngestConcurrent has callers goroutines hand evs to w's Service one
// event per IngestEvent call, each caller its own contiguous share (so a
// line's events stay with one caller, in order). It returns how long it
// took and how many calls failed with SQLITE_BUSY; any other failure is an
// error.
func IngestConcurrent(ctx context.Context, w *World, evs []attribution.Event, callers int) (time.Duration, int64, error) {
	var busy atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, callers)
	gate := make(chan struct{})
	for c := range callers {
		share := evs[c*len(evs)/callers : (c+1)*len(evs)/callers]
		wg.Go(func() {
			<-gate
			for _, ev := range share {
				if _, err := w.Svc.IngestEvent(ctx, partnerkit.Host{}, ev); err != nil {
					if IsBusy(err) {
						busy.Add(1)
						continue
					}
					errs[c] = fmt.Errorf("event %s: %w", ev.ID, err)
					return
				}
			}
		})
	}
	start := time.Now()
	close(gate)
	wg.Wait()
	return time.Since(start), busy.Load(), errors.Join(errs...)
}
