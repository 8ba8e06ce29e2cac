package memory

import (
	"strings"
	"time"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
)

// An order line's record, in order (see codec.go for the field encodings):
//
//	key        its table key, "order" NUL "line", as a string
//	attr       the Attribution's number (attributions are few and shared
//	           by thousands of lines)
//	creator    0 if it is the attribution terms' creator, else its
//	           length+1 and bytes
//	events     count+1 (0 for nil), then each event:
//	             id (0 and a string, or n for the line's order followed
//	             by the n-1 bytes after: hosts often make event ids so),
//	             kind, a flags byte saying which of order, line and
//	             creator repeat the line's (those are left out), the
//	             others as strings, entry (0 and a string, or k for the
//	             k-th interned entry id), amount, at, placed (relative to
//	             at)
//	ledger     status, paid, refunded, owed and posted (four amounts
//	           each), settled at, entries count+1, then each entry:
//	             seq, kind, at, amounts, terms (0 for the line's own, else
//	             the number+1 of Attribution{Terms: terms}), events
//	             count+1, each 0 and a string or k for the line's k-th
//	             event's id
const (
	sameOrder   = 1 << iota // the event's order is the line key's
	sameLine                // the event's line is the line key's
	sameCreator             // the event's creator is the line's
)

// encodeLine returns l's record; k is l's table key (lineKey).
func (c *codec) encodeLine(k []byte, l *attribution.Line) string {
	e := &c.buf
	e.uint(uint64(len(k)))
	e.b = append(e.b, k...)
	e.uint(c.attrs.id(l.Attribution))
	if l.Creator == l.Attribution.Terms.Creator {
		e.uint(0)
	} else {
		e.uint(uint64(len(l.Creator)) + 1)
		e.b = append(e.b, l.Creator...)
	}
	c.count(len(l.Events), l.Events == nil)
	for i := range l.Events {
		ev := &l.Events[i]
		if order := string(l.Key.Order); order != "" && strings.HasPrefix(string(ev.ID), order) {
			e.uint(uint64(len(ev.ID)-len(order)) + 1)
			e.b = append(e.b, ev.ID[len(order):]...)
		} else {
			e.uint(0)
			e.str(string(ev.ID))
		}
		e.int(int64(ev.Kind))
		var flags byte
		if ev.Order == l.Key.Order {
			flags |= sameOrder
		}
		if ev.Line == l.Key.Line {
			flags |= sameLine
		}
		if ev.Creator == l.Creator {
			flags |= sameCreator
		}
		e.byte(flags)
		if flags&sameOrder == 0 {
			e.str(string(ev.Order))
		}
		if flags&sameLine == 0 {
			e.str(string(ev.Line))
		}
		if flags&sameCreator == 0 {
			e.str(string(ev.Creator))
		}
		if n, ok := c.entries.idCapped(string(ev.Entry)); ok {
			e.uint(n + 1)
		} else {
			e.uint(0)
			e.str(string(ev.Entry))
		}
		c.money(ev.Amount)
		c.time(ev.At)
		c.timeAfter(ev.Placed, ev.At)
	}
	led := &l.Ledger
	e.int(int64(led.Status))
	c.money(led.Paid)
	c.money(led.Refunded)
	c.line(led.Owed)
	c.line(led.Posted)
	c.time(led.SettledAt)
	c.count(len(led.Entries), led.Entries == nil)
	var ix *idIndex // the events by id, once an entry names one
	for i := range led.Entries {
		en := &led.Entries[i]
		e.int(int64(en.Seq))
		e.int(int64(en.Kind))
		c.time(en.At)
		c.line(en.Amounts)
		if en.Terms == l.Attribution.Terms {
			e.uint(0)
		} else {
			e.uint(c.attrs.id(attribution.Attribution{Terms: en.Terms}) + 1)
		}
		c.count(len(en.Events), en.Events == nil)
		if len(en.Events) > 0 && ix == nil {
			ix = newIDIndex(l.Events)
		}
		for _, id := range en.Events {
			j := ix.find("", string(id))
			e.uint(uint64(j + 1))
			if j < 0 {
				e.str(string(id))
			}
		}
	}
	return c.record()
}

// count writes a slice's length, keeping nil apart from empty.
func (c *codec) count(n int, isNil bool) {
	if isNil {
		c.buf.uint(0)
		return
	}
	c.buf.uint(uint64(n) + 1)
}

func (c *codec) line(l commission.Line) {
	c.money(l.Base)
	c.money(l.Total)
	c.money(l.Creator)
	c.money(l.Agency)
}

// recordKey returns the table key a record starts with: a substring of
// the record.
func recordKey(rec string) string {
	d := dec{s: rec}
	return d.str()
}

// splitKey returns the line key of a table key.
func splitKey(k string) attribution.LineKey {
	order, line, _ := strings.Cut(k, sep)
	return attribution.LineKey{Order: attribution.OrderID(order), Line: attribution.LineID(line)}
}

// decodeLine returns the line rec holds.
func (v *view) decodeLine(rec string) attribution.Line {
	d := dec{s: rec}
	var l attribution.Line
	l.Key = splitKey(d.str())
	l.Attribution = v.attrs[d.uint()]
	l.Creator = v.creator(&d, &l.Attribution.Terms)
	if n := d.uint(); n > 0 {
		l.Events = make([]attribution.Event, n-1)
	}
	for i := range l.Events {
		ev := &l.Events[i]
		ev.ID = attribution.EventID(eventID(&d, string(l.Key.Order)))
		ev.Kind = attribution.Kind(d.int())
		flags := d.byte()
		ev.Order, ev.Line, ev.Creator = l.Key.Order, l.Key.Line, l.Creator
		if flags&sameOrder == 0 {
			ev.Order = attribution.OrderID(d.str())
		}
		if flags&sameLine == 0 {
			ev.Line = attribution.LineID(d.str())
		}
		if flags&sameCreator == 0 {
			ev.Creator = productlist.CreatorID(d.str())
		}
		ev.Entry = attribution.EntryID(v.entry(&d))
		ev.Amount = v.money(&d)
		ev.At = v.time(&d)
		ev.Placed = v.timeAfter(&d, ev.At)
	}
	led := &l.Ledger
	led.Status = attribution.Status(d.int())
	led.Paid = v.money(&d)
	led.Refunded = v.money(&d)
	led.Owed = v.line(&d)
	led.Posted = v.line(&d)
	led.SettledAt = v.time(&d)
	if n := d.uint(); n > 0 {
		led.Entries = make([]attribution.Entry, n-1)
	}
	for i := range led.Entries {
		en := &led.Entries[i]
		en.Seq = int(d.int())
		en.Kind = attribution.EntryKind(d.int())
		en.At = v.time(&d)
		en.Amounts = v.line(&d)
		if t := d.uint(); t == 0 {
			en.Terms = l.Attribution.Terms
		} else {
			en.Terms = v.attrs[t-1].Terms
		}
		if n := d.uint(); n > 0 {
			en.Events = make([]attribution.EventID, n-1)
		}
		for j := range en.Events {
			if ref := d.uint(); ref > 0 {
				en.Events[j] = l.Events[ref-1].ID
			} else {
				en.Events[j] = attribution.EventID(d.str())
			}
		}
	}
	return l
}

func (v *view) line(d *dec) commission.Line {
	return commission.Line{Base: v.money(d), Total: v.money(d), Creator: v.money(d), Agency: v.money(d)}
}

// lineHead is what listings filter lines by, read without decoding the
// whole record.
type lineHead struct {
	creator productlist.CreatorID
	terms   *attribution.Terms
	// events is a decoder positioned at the events' count.
	events dec
}

func (v *view) head(rec string) lineHead {
	d := dec{s: rec}
	d.skipStr()
	h := lineHead{terms: &v.attrs[d.uint()].Terms}
	h.creator = v.creator(&d, h.terms)
	h.events = d
	return h
}

// creator reads a line's creator, given its attribution's terms.
func (v *view) creator(d *dec, t *attribution.Terms) productlist.CreatorID {
	n := d.uint()
	if n == 0 {
		return t.Creator
	}
	c := d.s[d.i : d.i+int(n-1)]
	d.i += int(n - 1)
	return productlist.CreatorID(c)
}

// entry reads an event's entry id.
func (v *view) entry(d *dec) string {
	if n := d.uint(); n > 0 {
		return v.entries[n-1]
	}
	return d.str()
}

// skipEvent skips the rest of an event, after its id and kind.
func skipEvent(d *dec) {
	flags := d.byte()
	if flags&sameOrder == 0 {
		d.skipStr()
	}
	if flags&sameLine == 0 {
		d.skipStr()
	}
	if flags&sameCreator == 0 {
		d.skipStr()
	}
	if d.uint() == 0 {
		d.skipStr()
	}
	skipMoney(d)
}

// firstPaid returns the earliest At of the line's Paid events, as
// storage.FirstPaid does, reading only the events.
func (v *view) firstPaid(h lineHead) (time.Time, bool) {
	d := h.events
	var first time.Time
	found := false
	n := d.uint()
	for i := uint64(1); i < n; i++ {
		eventIDParts(&d, "")
		kind := attribution.Kind(d.int())
		skipEvent(&d)
		at := v.time(&d)
		skipTime(&d)
		if kind == attribution.Paid && (!found || at.Before(first)) {
			first, found = at, true
		}
	}
	return first, found
}

// eventID reads an event's id, given its line's order.
func eventID(d *dec, order string) string {
	prefix, suffix := eventIDParts(d, order)
	if suffix == "" {
		return prefix
	}
	if prefix == "" {
		return suffix
	}
	return prefix + suffix
}

// eventIDParts reads an event's id as two parts: the line's order or "",
// and the rest, a substring of the record.
func eventIDParts(d *dec, order string) (string, string) {
	n := int(d.uint())
	if n == 0 {
		return "", d.str()
	}
	suffix := d.s[d.i : d.i+n-1]
	d.i += n - 1
	return order, suffix
}

// eventIDs calls fn with the id of each of rec's events, in two parts
// (see eventIDParts).
func eventIDs(rec string, fn func(prefix, suffix string)) {
	d := dec{s: rec}
	order, _, _ := strings.Cut(d.str(), sep)
	d.uint()
	if n := d.uint(); n > 0 {
		d.i += int(n - 1)
	}
	n := d.uint()
	for i := uint64(1); i < n; i++ {
		fn(eventIDParts(&d, order))
		d.int()
		skipEvent(&d)
		skipTime(&d)
		skipTime(&d)
	}
}

// isID reports whether id is prefix followed by suffix.
func isID(id, prefix, suffix string) bool {
	return len(id) == len(prefix)+len(suffix) && id[:len(prefix)] == prefix && id[len(prefix):] == suffix
}

// hasEvent reports whether rec holds an event with id.
func hasEvent(rec, id string) bool {
	found := false
	eventIDs(rec, func(prefix, suffix string) { found = found || isID(id, prefix, suffix) })
	return found
}
