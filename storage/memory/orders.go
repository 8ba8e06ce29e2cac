package memory

import (
	"container/heap"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/storage"
)

// orderState is the committed order lines, kept compact: one record (see
// linecodec.go) per line, found by handle (its position in recs) through
// two pointer-free hash indexes, whose keys (the line key, the event ids)
// are read from the records themselves.
type orderState struct {
	recs   []string // handle -> record
	lines  index    // line key -> handle
	events index    // event id -> handle of its line
	scopes scopes   // listing scope -> handles, for List
	// due indexes the DueAt of the lines that have one: the lines a
	// LineQuery with DueBy may select, and only those.
	due dueIndex[uint32]
}

func newOrderState() *orderState { return &orderState{} }

// line returns the handle of the line with table key k, whose hash is
// hash.
func (b *orderState) line(k string, hash uint32) (uint32, bool) {
	return b.lines.find(hash, func(h uint32) bool { return recordKey(b.recs[h]) == k })
}

// lineOf returns the handle of the line holding event id, whose hash is
// hash.
func (b *orderState) lineOf(id string, hash uint32) (uint32, bool) {
	return b.events.find(hash, func(h uint32) bool { return hasEvent(b.recs[h], id) })
}

// orderTx is the order lines seen through a transaction: the committed
// state under an overlay of this transaction's writes (nil maps in a View).
type orderTx struct {
	base   *orderState
	lines  map[string]lineWrite // table key -> line written
	events map[attribution.EventID]eventChange
	// batch numbers the PutMany calls, to find a key given twice in one.
	batch uint32
	// reserved is set once the overlay is sized (see reserve).
	reserved bool
	// key and found are scratch space: a table key looked up, not
	// stored, and what is known of a line's events (see put).
	key   []byte
	found []eventChange
}

// lineWrite is one overlay write of a line: its new record, and its
// handle if the line was committed before; or, with no record, a line
// GetMany found absent (the committed state does not change while the tx
// runs).
type lineWrite struct {
	rec    string
	h      uint32
	hash   uint32 // of the table key
	inBase bool
	batch  uint32 // the PutMany that wrote it, 0 for Put
	// due and isDue are the line's DueAt.
	due   time.Time
	isDue bool
}

// eventChange is one overlay write of the event index: the table key of
// the event's line, or its removal; and, for the commit, the id's hash and
// whether the committed index holds it (the committed state does not
// change while the tx runs).
type eventChange struct {
	key     string
	deleted bool
	inBase  bool
	hash    uint32
}

func newOrderTx(base *orderState, writable bool) *orderTx {
	o := &orderTx{base: base}
	if writable {
		o.lines = map[string]lineWrite{}
		o.events = map[attribution.EventID]eventChange{}
	}
	return o
}

// reserve sizes the overlay of an Update for about n lines and events,
// once: the first bulk call tells the batch's size.
func (o *orderTx) reserve(n int) {
	if o.reserved || o.lines == nil {
		return
	}
	o.reserved = true
	if len(o.lines) == 0 {
		o.lines = make(map[string]lineWrite, n)
	}
	if len(o.events) == 0 {
		o.events = make(map[attribution.EventID]eventChange, n)
	}
}

// rec returns the record of the line with table key k.
func (o *orderTx) rec(k string) (string, bool) {
	if w, ok := o.lines[k]; ok {
		return w.rec, w.rec != "" // "": known to be absent
	}
	h, ok := o.base.line(k, hashString(k))
	if !ok {
		return "", false
	}
	return o.base.recs[h], true
}

// lineOf returns the table key of the line holding event id.
func (o *orderTx) lineOf(id attribution.EventID) (string, bool) {
	c := o.event(id)
	return c.key, !c.deleted
}

// event returns what the tx knows of event id: the key of its line, or
// deleted if no line holds it.
func (o *orderTx) event(id attribution.EventID) eventChange {
	if c, ok := o.events[id]; ok {
		return c
	}
	hash := hashString(string(id))
	h, ok := o.base.lineOf(string(id), hash)
	if !ok {
		return eventChange{deleted: true, hash: hash}
	}
	return eventChange{key: recordKey(o.base.recs[h]), inBase: true, hash: hash}
}

// commit applies the overlay to the committed state; v decodes its
// records. The caller holds the store's write lock.
func (o *orderTx) commit(v *view) {
	b := o.base
	// Every committed event the overlay moved leaves the index while the
	// records that hold it are still the committed ones; the moved events
	// on a line now come back below, with their line's handle. The others
	// are indexed already.
	for id, c := range o.events {
		if c.inBase {
			b.events.remove(c.hash, func(h uint32) bool {
				if !hasEvent(b.recs[h], string(id)) {
					return false
				}
				// A slot stands for every id of its line with its hash:
				// keep it if the line's new record holds another such id.
				w, ok := o.lines[recordKey(b.recs[h])]
				return !ok || w.rec == "" || !holdsOtherWithHash(w.rec, string(id), c.hash)
			})
		}
	}
	for k, w := range o.lines {
		switch {
		case w.rec == "": // only looked up
		case w.inBase:
			b.scopes.moved(v, w.h, b.recs[w.h], w.rec)
			b.recs[w.h] = w.rec
			b.setDue(w)
		default:
			w.h = uint32(len(b.recs))
			b.recs = append(b.recs, w.rec)
			b.lines.add(w.hash, w.h)
			b.scopes.add(v, w.h, w.rec)
			b.setDue(w)
			o.lines[k] = w // for the events below
		}
	}
	for _, c := range o.events {
		if !c.deleted {
			b.events.add(c.hash, o.lines[c.key].h)
		}
	}
}

// setDue indexes the DueAt of w, a line written at handle w.h.
func (b *orderState) setDue(w lineWrite) { b.due.set(w.h, w.due, w.isDue) }

// orders is the Orders repository of a tx.
//
// It implements storage.BulkOrders.
type orders struct{ t *tx }

var _ storage.BulkOrders = orders{}

// lookupKey returns the table key of k in the tx's scratch buffer, for a
// lookup that does not keep it.
func (r orders) lookupKey(k attribution.LineKey) ([]byte, error) {
	if !keyPart(string(k.Order)) || !keyPart(string(k.Line)) {
		return nil, invalid("order line", join(string(k.Order), string(k.Line)))
	}
	o := r.t.orders
	o.key = append(append(append(o.key[:0], k.Order...), sep...), k.Line...)
	return o.key, nil
}

// keyPart reports whether p may be part of a key: see key.
func keyPart(p string) bool { return p != "" && !containsSep(p) && utf8.ValidString(p) }

// Get returns the line, or ErrNotFound.
func (r orders) Get(k attribution.LineKey) (attribution.Line, error) {
	if err := r.t.read(); err != nil {
		return attribution.Line{}, err
	}
	lk, err := r.lookupKey(k)
	if err != nil {
		return attribution.Line{}, err
	}
	rec, ok := r.t.orders.rec(string(lk))
	if !ok {
		return attribution.Line{}, notFound("order line", k)
	}
	v := r.t.s.codec.view()
	return v.decodeLine(rec), nil
}

// Put creates or replaces the line: ErrConflict if one of its event ids
// lives on another line (A1).
func (r orders) Put(l attribution.Line) error {
	if err := r.t.write(); err != nil {
		return err
	}
	lk, err := r.lookupKey(l.Key)
	if err != nil {
		return err
	}
	return r.put(lk, &l, 0)
}

// put writes l under table key lk (scratch space), for PutMany call batch
// (0 for Put): ErrInvalid if that call already wrote the key.
func (r orders) put(lk []byte, l *attribution.Line, batch uint32) error {
	o := r.t.orders
	w, over := o.lines[string(lk)]
	if over && batch != 0 && w.batch == batch {
		return invalid("order line given twice", l.Key)
	}
	old := w.rec
	if !over {
		w.hash = hashString(string(lk))
		w.h, w.inBase = o.base.line(string(lk), w.hash)
		if w.inBase {
			old = o.base.recs[w.h]
		}
	}
	// found[i] is what is known of l's i-th event: on this line already
	// (a key; on another line is a conflict), or on none (deleted, with
	// the hash and whereabouts the commit needs). Those on the line's
	// current record are on it, without a look in the index.
	found := o.found[:0]
	for range l.Events {
		found = append(found, eventChange{})
	}
	o.found = found
	dropped := false
	ix := newIDIndex(l.Events)
	if old != "" {
		eventIDs(old, func(prefix, suffix string) {
			if i := ix.find(prefix, suffix); i >= 0 {
				found[i].key = recordKey(old)
			} else {
				dropped = true
			}
		})
	}
	for i := range l.Events {
		id := l.Events[i].ID
		if !validKey(string(id)) {
			return invalid("event", id)
		}
		if found[i].key != "" {
			continue
		}
		c := o.event(id)
		if !c.deleted && c.key != string(lk) {
			return fmt.Errorf("memory: event %q already on line %v, not %v: %w", id, splitKey(c.key), l.Key, storage.ErrConflict)
		}
		found[i] = c
	}
	// Only now that nothing can fail: a refused Put leaves the tx as it
	// was.
	if dropped {
		eventIDs(old, func(prefix, suffix string) {
			if ix.find(prefix, suffix) >= 0 {
				return
			}
			// On the line's record, so in the committed index unless
			// this tx put it there.
			id := attribution.EventID(prefix + suffix)
			c, ok := o.events[id]
			if !ok {
				c = eventChange{inBase: true, hash: hashString(string(id))}
			}
			c.key, c.deleted = "", true
			o.events[id] = c
		})
	}
	w.rec, w.batch = r.t.s.codec.encodeLine(lk, l), batch
	w.due, w.isDue = l.DueAt()
	k := recordKey(w.rec)
	for i := range l.Events {
		if c := found[i]; c.deleted {
			c.key, c.deleted = k, false
			o.events[l.Events[i].ID] = c
		}
	}
	o.lines[k] = w
	return nil
}

// idIndex finds a line's events by id, given as the prefix and suffix
// eventIDs yields: by a scan for a short line, by a map for a long one, so
// that matching a stored line's ids against its new version's costs time
// linear, not quadratic, in its events (up to MaxLineEvents).
type idIndex struct {
	events []attribution.Event
	byID   map[string]int
	buf    []byte
}

// scanEvents is the most events idIndex finds by a scan.
const scanEvents = 16

func newIDIndex(events []attribution.Event) *idIndex {
	x := &idIndex{events: events}
	if len(events) > scanEvents {
		x.byID = make(map[string]int, len(events))
		for i := len(events) - 1; i >= 0; i-- {
			x.byID[string(events[i].ID)] = i // the first of equal ids, as the scan
		}
	}
	return x
}

// find returns the index of the event whose id is prefix+suffix, or -1.
func (x *idIndex) find(prefix, suffix string) int {
	if x.byID == nil {
		for i := range x.events {
			if isID(string(x.events[i].ID), prefix, suffix) {
				return i
			}
		}
		return -1
	}
	x.buf = append(append(x.buf[:0], prefix...), suffix...)
	if i, ok := x.byID[string(x.buf)]; ok {
		return i
	}
	return -1
}

// LineOf returns the key of the line that holds the event, or ErrNotFound.
func (r orders) LineOf(id attribution.EventID) (attribution.LineKey, error) {
	if err := r.t.read(); err != nil {
		return attribution.LineKey{}, err
	}
	if !validKey(string(id)) {
		return attribution.LineKey{}, invalid("event", id)
	}
	k, ok := r.t.orders.lineOf(id)
	if !ok {
		return attribution.LineKey{}, notFound("event", id)
	}
	return splitKey(k), nil
}

// GetMany returns the stored lines among keys, by key.
func (r orders) GetMany(keys []attribution.LineKey) (map[attribution.LineKey]attribution.Line, error) {
	if err := r.t.read(); err != nil {
		return nil, err
	}
	o := r.t.orders
	o.reserve(len(keys))
	v := r.t.s.codec.view()
	out := make(map[attribution.LineKey]attribution.Line, len(keys))
	for _, k := range keys {
		lk, err := r.lookupKey(k)
		if err != nil {
			return nil, err
		}
		// A key given twice is decoded twice: rarer than a lookup per key
		// is dear.
		if w, ok := o.lines[string(lk)]; ok {
			if w.rec != "" {
				out[k] = v.decodeLine(w.rec)
			}
			continue
		}
		hash := hashString(string(lk))
		if h, ok := o.base.line(string(lk), hash); ok {
			out[k] = v.decodeLine(o.base.recs[h])
		} else if o.lines != nil {
			// In an Update, remember that no line has the key: ingest
			// puts the lines it just looked up, and the Put of a new one
			// then finds it here, not by a miss in the index.
			o.lines[string(lk)] = lineWrite{hash: hash}
		}
	}
	return out, nil
}

// LinesOf returns the keys of the lines that hold the event ids, by id.
func (r orders) LinesOf(ids []attribution.EventID) (map[attribution.EventID]attribution.LineKey, error) {
	if err := r.t.read(); err != nil {
		return nil, err
	}
	o := r.t.orders
	o.reserve(len(ids))
	out := make(map[attribution.EventID]attribution.LineKey, len(ids))
	for _, id := range ids {
		if !keyPart(string(id)) {
			return nil, invalid("event", id)
		}
		c := o.event(id)
		if !c.deleted {
			out[id] = splitKey(c.key)
		} else if o.events != nil && !c.inBase {
			// In an Update, remember that no line holds it: ingest puts
			// the lines of the ids it just looked up, and the Put of a new
			// one then finds it here, not by a miss in the index.
			o.events[id] = c
		}
	}
	return out, nil
}

// PutMany creates or replaces each line, as Put does.
func (r orders) PutMany(lines []attribution.Line) error {
	if err := r.t.write(); err != nil {
		return err
	}
	o := r.t.orders
	o.batch++
	o.reserve(len(lines))
	for i := range lines {
		lk, err := r.lookupKey(lines[i].Key)
		if err != nil {
			return err
		}
		if err := r.put(lk, &lines[i], o.batch); err != nil {
			return err
		}
	}
	return nil
}

// List returns the lines q selects, by key.
func (r orders) List(q storage.LineQuery, p storage.Page) ([]attribution.Line, string, error) {
	if err := r.t.read(); err != nil {
		return nil, "", err
	}
	if err := checkQuery("campaign", string(q.Campaign), "agency", string(q.Agency),
		"shop", string(q.Shop), "creator", string(q.Creator)); err != nil {
		return nil, "", err
	}
	var after string
	if p.After != "" {
		ps, err := storage.DecodeCursor(p.After, 2)
		if err != nil {
			return nil, "", err
		}
		after = join(ps...)
	}
	v := r.t.s.codec.view()
	keep := func(rec string) bool {
		h := v.head(rec)
		t := h.terms
		if (q.Campaign != "" && t.Campaign != q.Campaign) || (q.Agency != "" && t.Agency != q.Agency) ||
			(q.Shop != "" && t.Shop != q.Shop) || (q.Creator != "" && h.creator != q.Creator) {
			return false
		}
		if q.From.IsZero() && q.To.IsZero() {
			return true
		}
		at, ok := v.firstPaid(h)
		return ok && (q.From.IsZero() || !at.Before(q.From)) && (q.To.IsZero() || at.Before(q.To))
	}
	// The page is the smallest limit keys after the cursor, and one more
	// (which says more follow): the first limit+1 committed lines of q's
	// scope that the overlay did not write and q keeps, with the overlay's
	// own lines q keeps.
	limit := p.Size()
	var recs []string
	o := r.t.orders
	base := o.base.recs
	// dueBy reports whether a line due at at (if ok) is due by q.DueBy.
	dueBy := func(at time.Time, ok bool) bool { return ok && !at.After(q.DueBy) }
	if !q.DueBy.IsZero() {
		// The lines due by then, from the due index. It has no key order,
		// so a page keeps the limit+1 first by key of the due lines past
		// the cursor. With more than a few pages of them (a sweep after a
		// long pause), visiting them all for every page would make a sweep
		// quadratic: then the page walks the lines in key order from the
		// cursor instead, as any listing does, and keeps the due ones.
		first := firstKeys{n: limit + 1}
		visited := 0
		few := o.base.due.upTo(q.DueBy, func(h uint32) bool {
			if visited++; visited > dueVisitPages*(limit+1) {
				return false
			}
			rec := base[h]
			k := recordKey(rec)
			if _, over := o.lines[k]; !over && k > after && first.wants(k) && keep(rec) {
				first.add(rec)
			}
			return true
		})
		if few {
			for k, w := range o.lines {
				if k > after && w.rec != "" && dueBy(w.due, w.isDue) && first.wants(k) && keep(w.rec) {
					first.add(w.rec)
				}
			}
			return r.page(v, first.recs, limit)
		}
	}
	hs := o.base.scopes.of(q, base)
	i, _ := slices.BinarySearchFunc(hs, after, func(h uint32, after string) int {
		if recordKey(base[h]) <= after {
			return -1
		}
		return 1
	})
	for _, h := range hs[i:] {
		if len(recs) > limit {
			break
		}
		rec := base[h]
		if _, over := o.lines[recordKey(rec)]; !over && (q.DueBy.IsZero() || dueBy(o.base.due.at(h))) && keep(rec) {
			recs = append(recs, rec)
		}
	}
	for k, w := range o.lines {
		if k > after && w.rec != "" && (q.DueBy.IsZero() || dueBy(w.due, w.isDue)) && keep(w.rec) {
			recs = append(recs, w.rec)
		}
	}
	return r.page(v, recs, limit)
}

// dueVisitPages is how many pages' worth of due lines a DueBy listing
// visits through the due index before it walks the lines in key order
// instead (see List).
const dueVisitPages = 32

// firstKeys keeps the n records with the smallest keys of those added: a
// max-heap by key, so a record past the n-th key is dropped at once.
type firstKeys struct {
	n    int
	recs []string
}

// wants reports whether a record with key k would be kept now.
func (f *firstKeys) wants(k string) bool { return len(f.recs) < f.n || k < recordKey(f.recs[0]) }

// add keeps rec, dropping the record with the largest key past n.
func (f *firstKeys) add(rec string) {
	if len(f.recs) < f.n {
		heap.Push(f, rec)
		return
	}
	f.recs[0] = rec
	heap.Fix(f, 0)
}

func (f *firstKeys) Len() int           { return len(f.recs) }
func (f *firstKeys) Less(i, j int) bool { return recordKey(f.recs[i]) > recordKey(f.recs[j]) }
func (f *firstKeys) Swap(i, j int)      { f.recs[i], f.recs[j] = f.recs[j], f.recs[i] }
func (f *firstKeys) Push(x any)         { f.recs = append(f.recs, x.(string)) }
func (f *firstKeys) Pop() any {
	x := f.recs[len(f.recs)-1]
	f.recs = f.recs[:len(f.recs)-1]
	return x
}

// page returns the first limit of recs in key order, decoded, and the
// cursor after them if more follow.
func (r orders) page(v view, recs []string, limit int) ([]attribution.Line, string, error) {
	slices.SortFunc(recs, func(a, b string) int { return strings.Compare(recordKey(a), recordKey(b)) })
	more := len(recs) > limit
	recs = recs[:min(len(recs), limit)]
	out := make([]attribution.Line, len(recs))
	for i, rec := range recs {
		out[i] = v.decodeLine(rec)
	}
	if !more {
		return out, "", nil
	}
	last := out[len(out)-1].Key
	return out, storage.EncodeCursor(string(last.Order), string(last.Line)), nil
}

// holdsOtherWithHash reports whether rec holds an event whose id is not id
// but hashes to hash (a 32-bit collision: rare, so the ids are built only
// to be hashed).
func holdsOtherWithHash(rec, id string, hash uint32) bool {
	found := false
	eventIDs(rec, func(prefix, suffix string) {
		if !found && !isID(id, prefix, suffix) {
			found = hashString(prefix+suffix) == hash
		}
	})
	return found
}
