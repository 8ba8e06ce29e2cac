package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Copier is an optional capability of a Querier: writing many new rows
// into a table at once, outside the statement protocol (PostgreSQL's
// COPY). The repositories use it only for rows whose keys no other
// transaction can hold (outbox rows under a Seq just taken from the
// outbox_head row), so it never meets a unique violation.
type Copier interface {
	// CopyFrom writes n rows into table and returns how many it wrote.
	// row returns row i (one value per column, nil for NULL); CopyFrom
	// calls it for i = 0 … n-1 in order, possibly on another goroutine
	// while it sends the rows before, and fails with its error.
	CopyFrom(ctx context.Context, table string, columns []string, n int, row func(i int) ([]any, error)) (int64, error)
}

// col is one column of a bulk statement.
type col struct {
	name string
	// cast is the column's type on engines that bind arrays (text values
	// are cast to it); "" for text.
	cast string
	// null: a nil value stores NULL. On array engines a NULL travels as
	// "", so "" must never be a value of such a column.
	null bool
}

// maxChunk bounds the rows of one statement on engines that bind each
// value (see chunks).
const maxChunk = 512

// chunks splits n rows of width values each into statement sizes: powers
// of two no larger than maxChunk or the dialect's parameter budget, so a
// statement cache holds a handful of texts per statement shape. Engines
// that bind arrays take all the rows at once.
func (t *Tx) chunks(n, width int) []int {
	if n == 0 {
		return nil
	}
	if t.d.Arrays {
		return []int{n}
	}
	limit := maxChunk
	if t.d.MaxParams > 0 {
		for limit*width > t.d.MaxParams {
			limit /= 2
		}
	}
	var out []int
	for n > 0 {
		c := limit
		for c > n {
			c /= 2
		}
		out = append(out, c)
		n -= c
	}
	return out
}

// sqlCache holds the SQL texts bulk statements build, by dialect, shape
// and size.
var sqlCache sync.Map // string -> string

// cached returns the SQL text of a statement shape named key, building it
// once per dialect.
func (t *Tx) cached(key string, build func() string) string {
	key = t.d.Name + " " + key
	if s, ok := sqlCache.Load(key); ok {
		return s.(string)
	}
	s := build()
	sqlCache.Store(key, s)
	return s
}

// rows returns the SQL that yields n rows of cols from parameters $from
// onwards: "VALUES ($1, $2), ($3, $4)" where each value is a parameter,
// or, on array engines, "SELECT ... FROM unnest($1::text[], ...)" where
// each column is one.
func (t *Tx) rows(cols []col, n, from int) string {
	var b strings.Builder
	if t.d.Arrays {
		b.WriteString("SELECT ")
		for i, c := range cols {
			if i > 0 {
				b.WriteString(", ")
			}
			v := "u." + c.name
			if c.null {
				v = "NULLIF(" + v + ", '')"
			}
			if c.cast != "" {
				v = "CAST(" + v + " AS " + c.cast + ")"
			}
			b.WriteString(v)
		}
		b.WriteString(" FROM unnest(")
		for i := range cols {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "$%d::text[]", from+i)
		}
		b.WriteString(") AS u(")
		for i, c := range cols {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(c.name)
		}
		b.WriteString(")")
		return b.String()
	}
	b.WriteString("VALUES ")
	p := from
	for r := range n {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for i := range cols {
			if i > 0 {
				b.WriteString(", ")
			}
			if t.d.Anonymous {
				b.WriteByte('?')
			} else {
				b.WriteByte('$')
				b.WriteString(strconv.Itoa(p))
			}
			p++
		}
		b.WriteByte(')')
	}
	return b.String()
}

// rowArgs returns the parameters of rows (row-major, len(cols) values a
// row) as rows expects them: the values themselves, or on array engines
// one []string a column.
func (t *Tx) rowArgs(cols []col, vals []any) []any {
	if !t.d.Arrays {
		return vals
	}
	n := len(vals) / len(cols)
	out := make([]any, len(cols))
	for i := range cols {
		a := make([]string, n)
		for r := range n {
			a[r] = text(vals[r*len(cols)+i])
		}
		out[i] = a
	}
	return out
}

// text returns the text form of a bulk value: "" for NULL.
func text(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case int64:
		return strconv.FormatInt(v, 10)
	case time.Time:
		// Postgres keeps microseconds and rounds finer text, where the
		// binary path (single statements, COPY) truncates: truncate here
		// too, so a time is stored alike whichever path wrote it.
		return v.Truncate(time.Microsecond).Format(time.RFC3339Nano)
	}
	panic(fmt.Sprintf("sqlstore: no text form for %T", v))
}

// colNames returns "a, b, c".
func colNames(cols []col) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

// insert writes rows of cols (vals row-major) into table with as few
// statements as the dialect allows, each "INSERT INTO table (cols) <rows>
// suffix", and returns how many rows they affected.
func (t *Tx) insert(op, table string, cols []col, vals []any, suffix string) (int64, error) {
	width := len(cols)
	n := len(vals) / width
	var total int64
	at := 0
	for _, size := range t.chunks(n, width) {
		key := fmt.Sprintf("i %s %d %s", table, size, suffix) // a cache key, not SQL
		sql := t.cached(key, func() string {
			return "INSERT INTO " + table + " (" + colNames(cols) + ") " + t.rows(cols, size, 1) + " " + suffix
		})
		k, err := t.exec(op, sql, t.rowArgs(cols, vals[at*width:(at+size)*width])...)
		if err != nil {
			return total, err
		}
		total += k
		at += size
	}
	return total, nil
}

// selectIn runs "SELECT what FROM table WHERE (cols) IN <keys>" over
// keys (row-major, len(cols) values a key) in as few statements as the
// dialect allows, calling scan for every row.
func (t *Tx) selectIn(op, what, table string, cols []col, keys []any, scan func(Rows) error) error {
	return t.selectInAs(op, what, table, "", cols, keys, scan)
}

// selectInAs is selectIn from a join: qual ("l.") qualifies the key
// columns, whose table from names with that alias.
func (t *Tx) selectInAs(op, what, from, qual string, cols []col, keys []any, scan func(Rows) error) error {
	width := len(cols)
	n := len(keys) / width
	at := 0
	for _, size := range t.chunks(n, width) {
		key := fmt.Sprintf("s %s %s %s %s %d", what, from, qual, colNames(cols), size) // a cache key, not SQL
		sql := t.cached(key, func() string { return "SELECT " + what + " FROM " + from + " WHERE " + t.in(qual, cols, size) })
		err := func() error {
			rows, err := t.q.Query(t.ctx, sql, t.rowArgs(cols, keys[at*width:(at+size)*width])...)
			if err != nil {
				return t.fail(op, err)
			}
			defer rows.Close()
			for rows.Next() {
				if err := scan(rows); err != nil {
					return err
				}
			}
			if err := rows.Err(); err != nil {
				return t.fail(op, err)
			}
			return nil
		}()
		if err != nil {
			return err
		}
		at += size
	}
	return nil
}

// deleteIn runs "DELETE FROM table WHERE (cols) IN <keys>" over keys
// (row-major) in as few statements as the dialect allows.
func (t *Tx) deleteIn(op, table string, cols []col, keys []any) error {
	width := len(cols)
	n := len(keys) / width
	at := 0
	for _, size := range t.chunks(n, width) {
		key := fmt.Sprintf("d %s %s %d", table, colNames(cols), size) // a cache key, not SQL
		sql := t.cached(key, func() string { return "DELETE FROM " + table + " WHERE " + t.in("", cols, size) })
		if _, err := t.exec(op, sql, t.rowArgs(cols, keys[at*width:(at+size)*width])...); err != nil {
			return err
		}
		at += size
	}
	return nil
}

// in returns "(cols) IN (<n rows from $1>)", each column qualified by
// qual. (On Postgres an IN over unnest lets the planner pick between index
// probes and a hash join; = ANY($1) forces probes, which measured slower
// for a batch of 10,000 ids.)
func (t *Tx) in(qual string, cols []col, n int) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = qual + c.name
	}
	lhs := strings.Join(names, ", ")
	if len(cols) > 1 {
		lhs = "(" + lhs + ")"
	}
	src := t.rows(cols, n, 1)
	if !t.d.Arrays && len(cols) == 1 {
		src = strings.NewReplacer("(", "", ")", "").Replace(strings.TrimPrefix(src, "VALUES "))
	}
	return lhs + " IN (" + src + ")"
}

// copyMin is the fewest rows insertNew hands to a Copier: below it one
// INSERT costs fewer round trips than a COPY.
const copyMin = 64

// insertNew writes rows that no other transaction can hold a key of (see
// Copier): with the Querier's CopyFrom if it has one and there are many,
// else as insert does.
func (t *Tx) insertNew(op, table string, cols []col, vals []any) error {
	_, err := t.insertOrCopy(op, table, cols, vals, "")
	return err
}

// insertOrCopy writes rows that the transaction found absent: with the
// Querier's CopyFrom if it has one and there are many (a key stored
// meanwhile fails the COPY, and the transaction, as a serialization
// failure or as a unique violation: ErrConflict), else as insert does
// with suffix (an ON CONFLICT clause that leaves the transaction usable).
// It returns how many rows it wrote.
func (t *Tx) insertOrCopy(op, table string, cols []col, vals []any, suffix string) (int64, error) {
	width := len(cols)
	n := len(vals) / width
	if _, ok := t.q.(Copier); ok && n >= copyMin {
		return t.copyRows(op, table, cols, n, func(i int) ([]any, error) { return vals[i*width : (i+1)*width], nil })
	}
	return t.insert(op, table, cols, vals, suffix)
}

// copyRows writes n rows of cols into table with the Querier's CopyFrom,
// which it must have (see Copier).
func (t *Tx) copyRows(op, table string, cols []col, n int, row func(i int) ([]any, error)) (int64, error) {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	k, err := t.q.(Copier).CopyFrom(t.ctx, table, names, n, row)
	if err != nil {
		return 0, t.fail(op, err)
	}
	return k, nil
}
