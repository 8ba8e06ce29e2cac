package sqlstore

import (
	"fmt"
	"time"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/storage"
)

var _ storage.BulkOrders = orders{}

// The columns of the order tables' bulk statements.
var (
	eventIDCols = []col{{name: "event_id"}}
	lineKeyCols = []col{{name: "order_id"}, {name: "line_id"}}
	eventCols   = []col{{name: "event_id"}, {name: "order_id"}, {name: "line_id"}}
	lineCols    = []col{{name: "order_id"}, {name: "line_id"}, {name: "creator"}, {name: "campaign"}, {name: "agency"},
		{name: "shop"}, {name: "product"}, {name: "status"}, {name: "paid_at", cast: "timestamptz", null: true},
		{name: "paid_amount", cast: "numeric", null: true}, {name: "currency", null: true}, {name: "body"},
		{name: "due_at", cast: "timestamptz", null: true}}
)

// upsertLine is the conflict clause of order line writes.
const upsertLine = `ON CONFLICT (order_id, line_id) DO UPDATE SET creator = excluded.creator, campaign = excluded.campaign,
	agency = excluded.agency, shop = excluded.shop, product = excluded.product, status = excluded.status,
	paid_at = excluded.paid_at, paid_amount = excluded.paid_amount, currency = excluded.currency, body = excluded.body,
	due_at = excluded.due_at`

// GetMany returns the stored lines among keys, by key, with one query per
// chunk of keys.
func (r orders) GetMany(keys []attribution.LineKey) (map[attribution.LineKey]attribution.Line, error) {
	const op = "get order lines"
	if err := r.t.read(); err != nil {
		return nil, err
	}
	args := make([]any, 0, 2*len(keys))
	seen := make(map[attribution.LineKey]bool, len(keys))
	for _, k := range keys {
		if err := r.t.key("order line", string(k.Order), string(k.Line)); err != nil {
			return nil, err
		}
		if !seen[k] {
			seen[k] = true
			args = append(args, string(k.Order), string(k.Line))
		}
	}
	out := make(map[attribution.LineKey]attribution.Line, len(seen))
	err := r.t.selectIn(op, "order_id, line_id, body", "order_lines", lineKeyCols, args, func(rows Rows) error {
		var o, ln, body string
		if err := rows.Scan(&o, &ln, &body); err != nil {
			return r.t.fail(op, err)
		}
		var l attribution.Line
		if err := decode(body, &l); err != nil {
			return fmt.Errorf("%s: %s: decoding body: %w", r.t.d.Name, op, err)
		}
		out[attribution.LineKey{Order: attribution.OrderID(o), Line: attribution.LineID(ln)}] = l
		return nil
	})
	if err != nil {
		return nil, err
	}
	if r.t.writable {
		if r.t.absent == nil {
			r.t.absent = make(map[attribution.LineKey]bool, len(seen)-len(out))
		}
		for k := range seen {
			if _, ok := out[k]; !ok {
				r.t.absent[k] = true
			}
		}
	}
	return out, nil
}

// LinesOf returns the keys of the lines that hold the event ids, by id,
// with one query per chunk of ids.
func (r orders) LinesOf(ids []attribution.EventID) (map[attribution.EventID]attribution.LineKey, error) {
	if err := r.t.read(); err != nil {
		return nil, err
	}
	args, err := r.eventArgs(ids)
	if err != nil {
		return nil, err
	}
	out := make(map[attribution.EventID]attribution.LineKey, len(args))
	err = r.eachEvent("lines of events", args, func(id, o, ln string) error {
		out[attribution.EventID(id)] = attribution.LineKey{Order: attribution.OrderID(o), Line: attribution.LineID(ln)}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if r.t.writable && len(out) < len(args) {
		if r.t.free == nil {
			r.t.free = make(map[attribution.EventID]bool, len(args)-len(out))
		}
		for _, id := range args {
			if _, ok := out[attribution.EventID(id.(string))]; !ok {
				r.t.free[attribution.EventID(id.(string))] = true
			}
		}
	}
	return out, nil
}

// eventArgs checks ids and returns them once each, as parameters.
func (r orders) eventArgs(ids []attribution.EventID) ([]any, error) {
	args := make([]any, 0, len(ids))
	seen := make(map[attribution.EventID]bool, len(ids))
	for _, id := range ids {
		if err := r.t.key("event", string(id)); err != nil {
			return nil, err
		}
		if !seen[id] {
			seen[id] = true
			args = append(args, string(id))
		}
	}
	return args, nil
}

// eachEvent calls fn with the index row of every stored event among ids.
func (r orders) eachEvent(op string, ids []any, fn func(id, order, line string) error) error {
	return r.t.selectIn(op, "event_id, order_id, line_id", "order_events", eventIDCols, ids, func(rows Rows) error {
		var id, o, ln string
		if err := rows.Scan(&id, &o, &ln); err != nil {
			return r.t.fail(op, err)
		}
		return fn(id, o, ln)
	})
}

// PutMany creates or replaces each line as Put does, set-based: one
// lookup of which lines are stored and the events they hold, one of which
// lines hold the ids it indexes anew (one outside the call: ErrConflict),
// then one delete of the ids the lines drop, one insert of the new index
// rows and one upsert of the lines (COPY for new ones where the Querier
// can), each cut into chunks only as the dialect's parameter budget
// requires. Every check comes before the first write, so a call refused
// with ErrInvalid or ErrConflict changes nothing and the transaction goes
// on, as Put's contract asks.
func (r orders) PutMany(lines []attribution.Line) error {
	const op = "put order lines"
	if err := r.t.write(); err != nil {
		return err
	}
	if len(lines) == 0 {
		return nil
	}
	at := make(map[attribution.LineKey]int, len(lines))
	keys := make([]any, 0, 2*len(lines))
	for i, l := range lines {
		if err := r.t.key("order line", string(l.Key.Order), string(l.Key.Line)); err != nil {
			return err
		}
		if _, ok := at[l.Key]; ok {
			return r.t.invalid("order line given twice", l.Key)
		}
		at[l.Key] = i
		keys = append(keys, string(l.Key.Order), string(l.Key.Line))
	}
	// Which line of the call holds each event id: one only (A1).
	owner := make(map[attribution.EventID]int, 3*len(lines))
	ids := make([]any, 0, 3*len(lines))
	for i, l := range lines {
		for _, e := range l.Events {
			if err := r.t.key("event", string(e.ID)); err != nil {
				return err
			}
			j, ok := owner[e.ID]
			switch {
			case !ok:
				owner[e.ID] = i
				ids = append(ids, string(e.ID))
			case j != i:
				return fmt.Errorf("%s: event %q given for lines %v and %v: %w", r.t.d.Name, e.ID, lines[j].Key, l.Key, storage.ErrConflict)
			}
		}
	}
	// Which lines are stored, and the events they hold now: those the call
	// keeps are stored already, the others are dropped from the index.
	// Lines this transaction's GetMany found missing need no lookup.
	have := make(map[attribution.LineKey]bool, len(lines))
	stored := make(map[string]bool, len(ids))
	var stale []any
	var moved error
	look := keys
	if len(r.t.absent) > 0 {
		look = make([]any, 0, len(keys))
		for _, l := range lines {
			if !r.t.absent[l.Key] {
				look = append(look, string(l.Key.Order), string(l.Key.Line))
			}
		}
	}
	err := r.t.selectInAs(op, "l.order_id, l.line_id, COALESCE(e.event_id, '')",
		"order_lines l LEFT JOIN order_events e ON e.order_id = l.order_id AND e.line_id = l.line_id", "l.",
		lineKeyCols, look, func(rows Rows) error {
			var o, ln, id string
			if err := rows.Scan(&o, &ln, &id); err != nil {
				return r.t.fail(op, err)
			}
			k := attribution.LineKey{Order: attribution.OrderID(o), Line: attribution.LineID(ln)}
			have[k] = true
			switch j, ok := owner[attribution.EventID(id)]; {
			case id == "": // a line without events (ids are never empty)
			case !ok:
				stale = append(stale, id)
			case lines[j].Key == k:
				stored[id] = true // on its own line: another line's id is not in this lookup
			case at[k] < j:
				// On a line of the call put before its new owner and no
				// longer holding it: moved, as Put line by line does.
				stale = append(stale, id)
			default:
				// Still on its line when its new owner is put.
				moved = fmt.Errorf("%s: event %q already on line %v, not %v: %w", r.t.d.Name, id, k, lines[j].Key, storage.ErrConflict)
			}
			return nil
		})
	if err == nil {
		err = moved
	}
	if err != nil {
		return err
	}
	// The ids the call indexes anew must be on no line outside it (A1).
	// Look them up now, not by what the insert below skips: by then the
	// dropped ids are deleted, and on Postgres a COPY that meets one fails
	// the whole transaction.
	fresh := make([]any, 0, len(ids))
	for _, id := range ids {
		if !stored[id.(string)] {
			fresh = append(fresh, id)
		}
	}
	// Those LinesOf found on no line in this transaction still are: only
	// PutMany indexes ids, and it forgets them as it does.
	unknown := fresh
	if len(r.t.free) > 0 {
		unknown = make([]any, 0, len(fresh))
		for _, id := range fresh {
			if !r.t.free[attribution.EventID(id.(string))] {
				unknown = append(unknown, id)
			}
		}
	}
	if len(unknown) > 0 {
		err := r.eachEvent(op, unknown, func(id, o, ln string) error {
			k := attribution.LineKey{Order: attribution.OrderID(o), Line: attribution.LineID(ln)}
			if _, ok := at[k]; ok {
				return nil // on a line of the call, which it leaves: the lookup above saw to it
			}
			return fmt.Errorf("%s: event %q already on line %v, not %v: %w", r.t.d.Name, id, k,
				lines[owner[attribution.EventID(id)]].Key, storage.ErrConflict)
		})
		if err != nil {
			return err
		}
	}
	// Encode the lines to upsert before the first write too: a line that
	// does not encode fails the call with nothing written. With COPY at
	// hand, the new lines are copied instead, each encoded as COPY sends
	// the ones before (the driver encodes rows on a goroutine of its own);
	// only a call of copyMin new lines or more, never a Put, goes that way.
	var added []*attribution.Line
	if _, ok := r.t.q.(Copier); ok {
		for i := range lines {
			if !have[lines[i].Key] {
				added = append(added, &lines[i])
			}
		}
		if len(added) < copyMin {
			added = nil
		}
	}
	rows := make([]any, 0, (len(lines)-len(added))*len(lineCols))
	j := jsonBuf{b: r.t.buf}
	for i := range lines {
		if len(added) > 0 && !have[lines[i].Key] {
			continue
		}
		if rows, err = r.t.lineRow(op, &j, &lines[i], rows); err != nil {
			return err
		}
	}
	r.t.buf = j.b

	for _, l := range lines {
		delete(r.t.absent, l.Key) // stored from here on (or the call fails)
	}
	if len(stale) > 0 {
		if err := r.t.deleteIn(op, "order_events", eventIDCols, stale); err != nil {
			return err
		}
	}
	// Index the new ids before writing any line. The lookup above found
	// them free, so the insert skips one only if another transaction
	// indexed it since (which SERIALIZABLE engines report as a
	// serialization failure, and the transaction runs again); should one
	// not, the call fails late and the transaction is abandoned, as
	// PutMany's doc allows.
	vals := make([]any, 0, 3*len(fresh))
	for _, id := range fresh {
		k := lines[owner[attribution.EventID(id.(string))]].Key
		vals = append(vals, id, string(k.Order), string(k.Line))
	}
	if len(vals) > 0 {
		n, err := r.t.insertOrCopy(op, "order_events", eventCols, vals, "ON CONFLICT DO NOTHING")
		if err != nil {
			return err
		}
		for _, id := range fresh {
			delete(r.t.free, attribution.EventID(id.(string)))
		}
		if want := int64(len(vals) / len(eventCols)); n != want {
			return fmt.Errorf("%s: %d of %d events already on another line: %w", r.t.d.Name, want-n, want, storage.ErrConflict)
		}
	}
	if len(rows) > 0 {
		if _, err := r.t.insert(op, "order_lines", lineCols, rows, upsertLine); err != nil {
			return err
		}
	}
	// A line another transaction adds meanwhile makes the COPY fail (see
	// insertOrCopy); under SERIALIZABLE as a serialization failure, the
	// lookup above (or GetMany's) having read the key, so the transaction
	// runs again.
	if len(added) > 0 {
		var j jsonBuf // the driver's goroutine's
		_, err := r.t.copyRows(op, "order_lines", lineCols, len(added), func(i int) ([]any, error) {
			return r.t.lineRow(op, &j, added[i], make([]any, 0, len(lineCols)))
		})
		return err
	}
	return nil
}

// The range of times the order line time columns (paid_at, due_at) and
// their bounds in a query hold: SQLite keeps times as fixed-width text,
// which sorts as time only for years 1 to 9999, and PostgreSQL refuses
// years past 294276. A due time past it (a delivery late in 9999 plus its
// window), or a query bound, is taken to the nearest end; order is kept,
// and the listings check the exact time in Go.
var (
	firstColumnTime = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	lastColumnTime  = time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC)
)

// columnTime returns t in UTC within the columns' range.
func columnTime(t time.Time) time.Time {
	switch {
	case t.Before(firstColumnTime):
		return firstColumnTime
	case t.After(lastColumnTime):
		return lastColumnTime
	}
	return t.UTC()
}

// lineRow appends to out the order_lines values of l, its body encoded
// with j.
func (t *Tx) lineRow(op string, j *jsonBuf, l *attribution.Line, out []any) ([]any, error) {
	j.b = j.b[:0]
	if err := j.lineV2(l); err != nil {
		return out, fmt.Errorf("%s: %s: encoding body: %w", t.d.Name, op, err)
	}
	terms := &l.Attribution.Terms
	var paidAt any
	if at, ok := storage.FirstPaid(*l); ok {
		paidAt = t.d.Time(columnTime(at))
	}
	var dueAt any
	if at, ok := l.DueAt(); ok {
		dueAt = t.d.Time(columnTime(at))
	}
	amount, currency := money(l.Ledger.Paid)
	return append(out, string(l.Key.Order), string(l.Key.Line), string(l.Creator), string(terms.Campaign),
		string(terms.Agency), string(terms.Shop), string(terms.Product), code(l.Ledger.Status), paidAt, amount, currency,
		string(j.b), dueAt), nil
}
