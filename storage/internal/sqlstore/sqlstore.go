// Package sqlstore implements the storage.Tx repositories once, in SQL,
// for the SQL backends (storage/sqlite and storage/postgres).
//
// A backend adapts its transaction (a *sql.Tx, a pgx.Tx) to Querier, picks
// a Dialect for the few differences (how a time is stored, which errors
// mean "unique violation"), and hands both to NewTx. The SQL is the subset
// SQLite, PostgreSQL, CockroachDB and YugabyteDB all run: $n parameters
// (bulk statements write ? on a Dialect that is Anonymous), INSERT ... ON
// CONFLICT, UPDATE ... RETURNING, row-value comparison; no
// advisory locks, triggers, sequences or LISTEN/NOTIFY.
//
// Every table holds its record's identity and query columns as typed
// columns, plus body: the whole domain value as JSON, which is what reads
// decode (encoding/json's form, but with every time and decimal reading
// back exactly, see bodyjson.go; order lines in a compact form of their
// own, see linebody.go, and read in either).
//
// Bulk calls (storage.BulkOrders, storage.BulkMetrics, Outbox.Append of
// many messages) are set-based: multi-row statements cut to the dialect's
// parameter budget, or one text[] parameter a column on engines that take
// arrays, and COPY through an optional Copier for rows known to be new.
// Identity and limit checks run inside the caller's transaction, so they
// hold as far as the backend's isolation does (serializable on both).
package sqlstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/storage"
)

// Rows is the part of *sql.Rows and pgx.Rows the repositories use.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// Querier runs statements inside one transaction.
type Querier interface {
	// Exec runs a statement and returns the number of rows it affected.
	Exec(ctx context.Context, sql string, args ...any) (int64, error)
	// Query runs a query; the caller closes the rows.
	Query(ctx context.Context, sql string, args ...any) (Rows, error)
}

// Dialect is what differs between the SQL engines.
type Dialect struct {
	// Name is the backend's name, used as the prefix of its errors.
	Name string
	// Time returns the parameter value that stores t in a time column.
	Time func(t time.Time) any
	// IsUnique reports whether err is a unique-constraint violation.
	IsUnique func(err error) bool
	// MaxParams is the most parameters one statement may bind (SQLite's
	// SQLITE_MAX_VARIABLE_NUMBER); bulk statements are cut to fit. 0 means
	// no limit below the bulk chunk size.
	MaxParams int
	// Arrays reports that the engine binds a whole column as one text[]
	// parameter expanded by unnest (PostgreSQL): a bulk statement then
	// takes one parameter a column, however many rows.
	Arrays bool
	// Anonymous reports that bulk statements write their parameters "?"
	// rather than "$n": SQLite treats "$n" as a name and looks each one up
	// in a list, quadratic in the parameters of a many-row statement.
	Anonymous bool
	// IndexedBy reports that a listing names the index it must read
	// through as "table INDEXED BY index" (SQLite): with no statistics,
	// SQLite's planner would walk the key index from a page's cursor, past
	// every row after it, rather than a small partial index.
	IndexedBy bool
}

// Tx is one transaction of a SQL backend. It implements storage.Tx.
type Tx struct {
	ctx      context.Context
	q        Querier
	d        *Dialect
	writable bool
	done     bool
	buf      []byte // encode's scratch
	// absent holds the order lines GetMany found missing in this
	// transaction, until one is put: PutMany need not look them (or
	// their events, which are written only with their line) up again.
	absent map[attribution.LineKey]bool
	// free holds the event ids LinesOf found on no line in this
	// transaction, until PutMany indexes one: PutMany need not look them
	// up again before indexing them (ingest asks LinesOf of every id of a
	// batch first).
	free map[attribution.EventID]bool
}

var _ storage.Tx = (*Tx)(nil)

// NewTx returns the storage.Tx of a transaction run by q. A Tx that is not
// writable refuses writes with storage.ErrReadOnly before reaching q.
func NewTx(ctx context.Context, q Querier, d *Dialect, writable bool) *Tx {
	return &Tx{ctx: ctx, q: q, d: d, writable: writable}
}

// End marks t finished: using it afterwards fails with an error wrapping
// storage.ErrClosed.
func (t *Tx) End() { t.done = true }

// Agencies returns the Agencies repository of t.
func (t *Tx) Agencies() storage.Agencies { return agencies{t} }

// Campaigns returns the Campaigns repository of t.
func (t *Tx) Campaigns() storage.Campaigns { return campaigns{t} }

// Registrations returns the Registrations repository of t.
func (t *Tx) Registrations() storage.Registrations { return registrations{t} }

// Lists returns the Lists repository of t.
func (t *Tx) Lists() storage.Lists { return lists{t} }

// Bookmarks returns the Bookmarks repository of t.
func (t *Tx) Bookmarks() storage.Bookmarks { return bookmarks{t} }

// Showcases returns the Showcases repository of t.
func (t *Tx) Showcases() storage.Showcases { return showcases{t} }

// Orders returns the Orders repository of t.
func (t *Tx) Orders() storage.Orders { return orders{t} }

// Metrics returns the Metrics repository of t.
func (t *Tx) Metrics() storage.Metrics { return metrics{t} }

// Progress returns the Progress repository of t.
func (t *Tx) Progress() storage.Progress { return progress{t} }

// Outbox returns the Outbox repository of t.
func (t *Tx) Outbox() storage.Outbox { return outbox{t} }

// read checks that t may still be used.
func (t *Tx) read() error {
	if t.done {
		return fmt.Errorf("%s: transaction finished: %w", t.d.Name, storage.ErrClosed)
	}
	return nil
}

// write checks that t may still be used, and for writing.
func (t *Tx) write() error {
	if err := t.read(); err != nil {
		return err
	}
	if !t.writable {
		return storage.ErrReadOnly
	}
	return nil
}

// exec runs a statement, wrapping a failure with op.
func (t *Tx) exec(op, sql string, args ...any) (int64, error) {
	n, err := t.q.Exec(t.ctx, sql, args...)
	if err != nil {
		return 0, t.fail(op, err)
	}
	return n, nil
}

// fail wraps a database error with op, keeping the driver error reachable
// through errors.As so the backend can tell a retryable one. A unique
// violation becomes storage.ErrConflict.
func (t *Tx) fail(op string, err error) error {
	if t.d.IsUnique != nil && t.d.IsUnique(err) {
		return fmt.Errorf("%s: %s: %w", t.d.Name, op, errors.Join(storage.ErrConflict, err))
	}
	return fmt.Errorf("%s: %s: %w", t.d.Name, op, err)
}

// one runs a query expected to return at most one row and scans it into
// dest; it reports whether there was a row.
func (t *Tx) one(op, sql string, args []any, dest ...any) (bool, error) {
	rows, err := t.q.Query(t.ctx, sql, args...)
	if err != nil {
		return false, t.fail(op, err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return false, t.fail(op, err)
		}
		return false, nil
	}
	if err := rows.Scan(dest...); err != nil {
		return false, t.fail(op, err)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, t.fail(op, err)
	}
	return true, nil
}

// getBody loads and decodes the body of the row sql selects into v; it
// reports whether there was one.
func getBody[T any](t *Tx, op, sql string, args []any, v *T) (bool, error) {
	var body string
	ok, err := t.one(op, sql, args, &body)
	if err != nil || !ok {
		return false, err
	}
	if err := decodeCached(body, v); err != nil {
		return false, fmt.Errorf("%s: %s: decoding body: %w", t.d.Name, op, err)
	}
	return true, nil
}

// encode returns the body of v: its encoding/json form with times and
// decimals written exactly (see bodyjson.go), written by hand for the
// bodies bulk ingest writes most (see linejson.go).
func (t *Tx) encode(op string, v any) (string, error) {
	var err error
	j := jsonBuf{b: t.buf[:0]}
	switch v := v.(type) {
	case attribution.Line:
		err = j.lineV2(&v)
	case storage.Message:
		err = j.message(&v)
	default:
		err = j.value(reflect.ValueOf(v))
	}
	if err != nil {
		return "", fmt.Errorf("%s: %s: encoding body: %w", t.d.Name, op, err)
	}
	t.buf = j.b
	return string(j.b), nil
}

// time returns the stored form of tm, or nil for the zero time.
func (t *Tx) time(tm time.Time) any {
	if tm.IsZero() {
		return nil
	}
	return t.d.Time(tm.UTC())
}

// listing describes one paged query: rows of table, with keys as their
// sort key (ascending), selected by where.
type listing[T any] struct {
	table string
	keys  []string
	where []string
	args  []any
	// keep, if set, filters decoded rows in Go (case-insensitive text
	// search, exact time bounds) after where selected them in SQL.
	keep func(T) bool
	// index, if set, is the index to read through where the planner may
	// not choose it (see Dialect.IndexedBy); where must imply its WHERE.
	index string
}

// arg adds a parameter to l and returns its placeholder.
func (l *listing[T]) arg(v any) string {
	l.args = append(l.args, v)
	return fmt.Sprintf("$%d", len(l.args))
}

// eq adds "col = v" to l's where clause.
func (l *listing[T]) eq(col string, v any) {
	l.where = append(l.where, col+" = "+l.arg(v))
}

// page runs l for page p and returns the records and the next cursor.
func page[T any](t *Tx, op string, l listing[T], p storage.Page) ([]T, string, error) {
	size := p.Size()
	var after []string
	if p.After != "" {
		var err error
		if after, err = storage.DecodeCursor(p.After, len(l.keys)); err != nil {
			return nil, "", err
		}
	}
	batch := size + 1
	if l.keep != nil {
		batch = max(batch, 256)
	}
	cols := strings.Join(l.keys, ", ")
	type row struct {
		v    T
		keys []string
	}
	var out []row
	for {
		q := l
		q.where = append([]string(nil), l.where...)
		q.args = append([]any(nil), l.args...)
		if after != nil {
			ph := make([]string, len(after))
			for i, k := range after {
				ph[i] = q.arg(k)
			}
			q.where = append(q.where, "("+cols+") > ("+strings.Join(ph, ", ")+")")
		}
		from := l.table
		if l.index != "" && t.d.IndexedBy {
			from += " INDEXED BY " + l.index
		}
		sql := "SELECT " + cols + ", body FROM " + from
		if len(q.where) > 0 {
			sql += " WHERE " + strings.Join(q.where, " AND ")
		}
		sql += fmt.Sprintf(" ORDER BY %s LIMIT %d", cols, batch)
		n, full, err := func() (int, bool, error) {
			rows, err := t.q.Query(t.ctx, sql, q.args...)
			if err != nil {
				return 0, false, t.fail(op, err)
			}
			defer rows.Close()
			n := 0
			for rows.Next() {
				n++
				keys := make([]string, len(l.keys))
				dest := make([]any, len(l.keys)+1)
				for i := range keys {
					dest[i] = &keys[i]
				}
				var body string
				dest[len(keys)] = &body
				if err := rows.Scan(dest...); err != nil {
					return n, false, t.fail(op, err)
				}
				after = keys
				var v T
				if err := decode(body, &v); err != nil {
					return n, false, fmt.Errorf("%s: %s: decoding body: %w", t.d.Name, op, err)
				}
				if l.keep != nil && !l.keep(v) {
					continue
				}
				out = append(out, row{v, keys})
				if len(out) > size {
					return n, true, nil
				}
			}
			if err := rows.Err(); err != nil {
				return n, false, t.fail(op, err)
			}
			return n, false, nil
		}()
		if err != nil {
			return nil, "", err
		}
		if full || n < batch {
			break
		}
	}
	next := ""
	if len(out) > size {
		out = out[:size]
		next = storage.EncodeCursor(out[size-1].keys...)
	}
	if len(out) == 0 {
		return nil, "", nil
	}
	vs := make([]T, len(out))
	for i, r := range out {
		vs[i] = r.v
	}
	return vs, next, nil
}

// invalid returns a *storage.FieldError wrapping storage.ErrInvalid about
// what, whose value v is cut short if long.
func (t *Tx) invalid(what string, v any) error {
	return fmt.Errorf("%s: %w", t.d.Name, &storage.FieldError{Field: what, Value: bounded(v), Err: storage.ErrInvalid})
}

// notFound returns an error wrapping storage.ErrNotFound about what.
func (t *Tx) notFound(what string, v any) error {
	return fmt.Errorf("%s: %s %q: %w", t.d.Name, what, errdef.Shown(v), storage.ErrNotFound)
}

// conflict returns an error wrapping storage.ErrConflict about what.
func (t *Tx) conflict(what string, v any) error {
	return fmt.Errorf("%s: %s %q: %w", t.d.Name, what, errdef.Shown(v), storage.ErrConflict)
}

// bounded returns v, or if it prints longer than an error may repeat, its
// shortened rendering.
func bounded(v any) any {
	if s := errdef.Shown(v); s != fmt.Sprint(v) {
		return s
	}
	return v
}

// key returns ErrInvalid unless every part of a key is set, valid UTF-8
// and free of NUL bytes: no text column holds the others (PostgreSQL
// refuses them with an error that is not ErrInvalid, and JSON bodies would
// silently rewrite them), and the memory backend refuses them too.
func (t *Tx) key(what string, parts ...string) error {
	for _, p := range parts {
		if p == "" || !keyPart(p) {
			return t.invalid(what, strings.Join(parts, "/"))
		}
	}
	return nil
}

// keyPart reports whether a set p may be part of a key: valid UTF-8 and
// free of NUL bytes.
func keyPart(p string) bool { return strings.IndexByte(p, 0) < 0 && utf8.ValidString(p) }

// checkQuery returns ErrInvalid for the first set query field that could
// be no part of a key (not valid UTF-8, or holding a NUL byte: PostgreSQL
// would refuse the parameter with an error that is not ErrInvalid), as
// the memory backend does; an empty field selects everything. fields
// alternate a field's name and its value.
func (t *Tx) checkQuery(fields ...string) error {
	for i := 0; i+1 < len(fields); i += 2 {
		if v := fields[i+1]; v != "" && !keyPart(v) {
			return t.invalid(fields[i], v)
		}
	}
	return nil
}

// decode decodes a body into v (an order line's in either of its forms;
// see linebody.go).
func decode(body string, v any) error {
	if l, ok := v.(*attribution.Line); ok {
		return decodeLine(body, l)
	}
	return json.Unmarshal([]byte(body), v)
}
