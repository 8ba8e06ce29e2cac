package attribution

import (
	"fmt"
	"slices"
	"time"

	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/productlist"
)

// Line is the persisted state of one order line: its attribution, the set of
// its events in canonical order, and the ledger derived from them. All
// fields are exported and plain so a backend stores and reloads a Line
// exactly. The zero Line is a line no event has reached yet.
type Line struct {
	Key     LineKey
	Creator productlist.CreatorID
	// Attribution is fixed by the first event applied (K3).
	Attribution Attribution
	// Events is the set of applied events, sorted by time, kind and id;
	// never by arrival (A1).
	Events []Event
	// Ledger is derived from Events and Attribution; see [Derive].
	Ledger Ledger
}

// Change is what applying an event did, for the storage layer to record in
// the same transaction (A2).
type Change struct {
	// Duplicate is true when the event was already applied with the same
	// content: a no-op, not an error (A1).
	Duplicate bool
	// Delta is what to add to the line's campaign and product metrics; zero
	// for duplicates and unattributed lines.
	Delta Delta
}

// Apply returns l with event ev applied, as attributed by attr, and the
// change to record. now is the caller's clock; it only decides whether a
// settlement window has passed (A6). l is not modified.
//
// The resulting ledger depends only on the set of events, the attribution
// and now, never on arrival order (A1): applying the same events in any
// order, with duplicates, gives the same Line.
//
// Apply returns an error, and no new state, if:
//   - ev or attr is malformed (wrapping [ErrInvalid]);
//   - ev is about another line than l, or attr's terms name another
//     creator than ev (a *FieldError wrapping [ErrInvalid]);
//   - an event with ev.ID was applied with different content (wrapping
//     [ErrConflict], A1);
//   - attr differs from the line's attribution, ev names another creator
//     than the line's events, or ev is a second payment of the line under
//     another id (wrapping [ErrConflict], K3: the first stands);
//   - ev names another Entry than the line's events, or a Placed time
//     other than theirs (a *FieldError wrapping [ErrConflict]): these
//     decided the line's attribution, and had ev come first it would
//     have been attributed otherwise. An event that names no Entry, or
//     has no Placed, says nothing against them and is taken; one that
//     names the Entry a line's events all left out brings it (see
//     [Line.NeedsEntry]);
//   - ev's amount is in another currency than the line's
//     ([ErrCurrencyMismatch]).
//
// A refund is never refused for its size: refunds above the payment take
// the net base to zero (K5), in any arrival order.
func Apply(l Line, ev Event, attr Attribution, now time.Time) (Line, Change, error) {
	if err := ev.Validate(); err != nil {
		return l, Change{}, fmt.Errorf("attribution: event %q: %w", ev.ID, err)
	}
	fresh := len(l.Events) == 0
	if !fresh && ev.Key() != l.Key {
		return l, Change{}, errdef.Field("line", ev.Key().String(), ErrInvalid, "attribution: event for another line than "+l.Key.String())
	}
	for i := range l.Events {
		old := &l.Events[i] // no copy of every event
		if old.ID != ev.ID {
			continue
		}
		if old.Equal(ev) {
			return l, Change{Duplicate: true}, nil
		}
		return l, Change{}, fmt.Errorf("attribution: event %q reused with different content: %w", ev.ID, ErrConflict)
	}
	// A second creator on a stored line is the K3 conflict, whatever attr
	// says: checked before attr, which a caller passes as the line's own.
	if !fresh && ev.Creator != l.Creator {
		return l, Change{}, errdef.Field("creator", string(ev.Creator), ErrConflict,
			fmt.Sprintf("attribution: line %v came through creator %q", l.Key, l.Creator))
	}
	if err := attr.Validate(); err != nil {
		return l, Change{}, fmt.Errorf("attribution: line %v: %w", ev.Key(), err)
	}
	if attr.OK() && attr.Terms.Creator != ev.Creator {
		return l, Change{}, errdef.Field("creator", string(ev.Creator), ErrInvalid,
			"attribution: terms resolved for creator "+string(attr.Terms.Creator))
	}
	if !fresh {
		if attr != l.Attribution && !l.NeedsEntry(ev) {
			return l, Change{}, fmt.Errorf("attribution: line %v is attributed to campaign %q (%v), not %q (%v): %w",
				l.Key, l.Attribution.Terms.Campaign, l.Attribution.Reason, attr.Terms.Campaign, attr.Reason, ErrConflict)
		}
		// The entry and the placing time decide the attribution (K3, P6),
		// and the line was attributed with the first event's: an event
		// that says otherwise would, had it come first, have attributed
		// the line differently, so it is refused rather than let the
		// ledger depend on arrival order (A1).
		if entry := entryOf(l.Events); ev.Entry != "" && entry != "" && ev.Entry != entry {
			return l, Change{}, errdef.Field("entry", string(ev.Entry), ErrConflict,
				fmt.Sprintf("attribution: line %v came through entry %q", l.Key, entry))
		}
		if placed, ok := placedOf(l.Events); ok && !ev.Placed.IsZero() && !ev.Placed.Equal(placed) {
			return l, Change{}, errdef.Field("placed", ev.Placed, ErrConflict,
				fmt.Sprintf("attribution: line %v was placed at %v", l.Key, placed.UTC().Format(time.RFC3339Nano)))
		}
	}
	if err := checkAmounts(l.Events, ev); err != nil {
		return l, Change{}, err
	}

	// One allocation: l.Events is shared with the caller and stays as it is.
	events := make([]Event, len(l.Events)+1)
	i, _ := slices.BinarySearchFunc(l.Events, ev, before)
	copy(events, l.Events[:i])
	events[i] = ev
	copy(events[i+1:], l.Events[i:])
	var prev *Ledger
	if !fresh {
		prev = &l.Ledger
	}
	ledger, err := derive(attr, events, now, prev)
	if err != nil {
		return l, Change{}, err
	}
	next := Line{Key: ev.Key(), Creator: ev.Creator, Attribution: attr, Events: events, Ledger: ledger}
	return next, Change{Delta: diff(&l, &next)}, nil
}

// Advance returns l re-derived at now, and the change to record. The service
// calls it for delivered lines whose settlement window may have passed (A6);
// it is a no-op (zero Delta) when nothing changed.
//
// Advance, like Apply, never takes back a settlement the window made: if
// l's window settled it at a time after now (the caller's clock reads
// earlier than the one that settled it), it is derived as of that time.
func Advance(l Line, now time.Time) (Line, Change, error) {
	if len(l.Events) == 0 {
		return l, Change{}, nil
	}
	ledger, err := derive(l.Attribution, l.Events, now, &l.Ledger)
	if err != nil {
		return l, Change{}, err
	}
	next := l
	next.Ledger = ledger
	return next, Change{Delta: diff(&l, &next)}, nil
}

// checkAmounts refuses ev if it pays an already paid line or its amount
// is in another currency than the line's. Refunds are never refused for
// their size (K5): above the payment they take the net base to zero.
func checkAmounts(events []Event, ev Event) error {
	if !ev.Kind.hasAmount() {
		return nil
	}
	for i := range events {
		e := &events[i]
		if !e.Kind.hasAmount() {
			continue
		}
		if e.Amount.Currency != ev.Amount.Currency {
			return fmt.Errorf("attribution: event %q amount %v on a line in %v: %w", ev.ID, ev.Amount, e.Amount.Currency, ErrCurrencyMismatch)
		}
		if e.Kind == Paid && ev.Kind == Paid {
			return fmt.Errorf("attribution: line %v already paid by event %q, not %q: %w", ev.Key(), e.ID, ev.ID, ErrConflict)
		}
	}
	return nil
}

// Derive returns the ledger of a line with the given attribution and set of
// events, sorted in canonical order, at now. It is the single definition of
// a line's money (A1, A6, K2, K5):
//
//   - without a paid event the line is unpaid (void if cancelled) and owes
//     nothing; an unattributed paid line owes nothing either;
//   - the net base is the paid base less the refunds, in time order, and
//     stops at zero: refunds above the payment leave nothing (K5);
//   - the line settles at the earliest of its settled events and, with a
//     settlement window, delivery plus the window if that is not after now
//     (the window on a tie);
//   - until then it is pending and owes commission.Compute of the net
//     base, with no entries; refunds that take the whole
//     payment back, or a cancellation, void it and it owes nothing;
//   - at settlement one Settlement entry posts Compute of the net base
//     after the refunds made before the settlement time; a cancellation
//     before it, or refunds before it of the whole payment, void the line
//     and nothing is posted;
//   - each refund at or after the settlement time, and a cancellation,
//     posts a Reversal entry (commission.Reversal) from the amounts settled
//     so far to those owed.
//
// Derive returns an error only for a set that [Apply] refuses (amounts in
// mixed currencies).
func Derive(attr Attribution, events []Event, now time.Time) (Ledger, error) {
	return derive(attr, events, now, nil)
}

// derive is Derive. prev, if not nil, is an earlier ledger of the line:
// derive reuses its amounts, entries and event id lists where they are
// exactly what it computes (checked, never trusted), which spares their
// allocation and never changes the result.
func derive(attr Attribution, events []Event, now time.Time, prev *Ledger) (Ledger, error) {
	if prev != nil && now.Before(prev.SettledAt) && windowSettled(prev, events) {
		// A line the settlement window settled stays settled: a caller
		// whose clock reads earlier than the one that settled it
		// (another host's, or one read before a concurrent SettleDue)
		// must not take the settlement back and have the line settle,
		// and be announced, twice. With one clock this never applies: a
		// window settles a line only once now has reached SettledAt.
		now = prev.SettledAt
	}
	var paid, cancel, settled, delivered *Event
	refunds := 0
	for i := range events {
		e := &events[i]
		switch e.Kind {
		case Paid:
			paid = e
		case Refunded:
			refunds++
		case Cancelled:
			cancel = first(cancel, e)
		case Settled:
			settled = first(settled, e)
		case Delivered:
			delivered = first(delivered, e)
		}
	}
	var prevRefunded commission.Money
	var prevEntries []Entry
	if prev != nil {
		prevRefunded, prevEntries = prev.Refunded, prev.Entries
	}
	led := Ledger{Status: StatusUnpaid, Refunded: sumRefunds(events, refunds, prevRefunded)}
	if paid == nil {
		if cancel != nil {
			led.Status = StatusVoid
		}
		return led, nil
	}
	cur := paid.Amount.Currency
	zero := commission.Line{Base: commission.Zero(cur), Total: commission.Zero(cur), Creator: commission.Zero(cur), Agency: commission.Zero(cur)}
	led.Paid, led.Owed, led.Posted = paid.Amount, zero, zero
	if led.Refunded.Currency.IsZero() {
		led.Refunded = commission.Zero(cur)
	}
	if !attr.OK() {
		led.Status = StatusUnattributed
		return led, nil
	}
	terms := &attr.Terms

	settleBy := settled
	var settleAt time.Time
	if settled != nil {
		settleAt = settled.At
	}
	if w := terms.SettlementWindow; w > 0 && delivered != nil {
		if due := delivered.At.Add(w); !now.Before(due) && (settleBy == nil || !due.After(settleAt)) {
			settleBy, settleAt = delivered, due
		}
	}

	net := newNetCalc(paid.Amount, terms.Split, events, prev)
	if settleBy == nil {
		if cancel != nil {
			led.Status = StatusVoid
			return led, nil
		}
		for i := range events {
			if events[i].Kind == Refunded {
				net.refund(events[i].Amount)
			}
		}
		owed, err := net.owed()
		if err != nil {
			return Ledger{}, fmt.Errorf("attribution: estimating line %v: %w", paid.Key(), err)
		}
		led.Status, led.Owed = StatusPending, owed
		if refundedAway(&net, owed) {
			led.Status = StatusVoid // A6: refunded in full while pending
		}
		return led, nil
	}

	led.SettledAt = settleAt
	if cancel != nil && cancel.At.Before(settleAt) {
		led.Status = StatusVoid
		return led, nil
	}
	var idBuf [8]EventID
	ids := append(idBuf[:0], paid.ID)
	for i := range events {
		if e := &events[i]; e.Kind == Refunded && e.At.Before(settleAt) {
			net.refund(e.Amount)
			ids = append(ids, e.ID)
		}
	}
	ids = append(ids, settleBy.ID)
	current, err := net.owed()
	if err != nil {
		return Ledger{}, fmt.Errorf("attribution: settling line %v: %w", paid.Key(), err)
	}
	if refundedAway(&net, current) {
		// A6: refunded in full before it settled, so it was void by
		// then and the settlement posts nothing.
		led.Status = StatusVoid
		return led, nil
	}
	led.Status = StatusSettled
	entries := entryList{prev: prevEntries, max: 1}
	for i := range events {
		if e := &events[i]; !e.At.Before(settleAt) && (e.Kind == Refunded || e == cancel) {
			entries.max++ // one reversal each
			if e == cancel {
				break
			}
		}
	}
	settlement := Entry{Seq: 1, Kind: Settlement, At: settleAt, Amounts: current, Terms: *terms}
	if len(prevEntries) > 0 && slices.Equal(prevEntries[0].Events, ids) {
		settlement.Events = prevEntries[0].Events
	} else if entries.max == 1 && len(ids) <= len(settlementBlock{}.ids) {
		// A line's first settlement, the common case: one allocation.
		b := new(settlementBlock)
		settlement.Events = b.ids[:copy(b.ids[:], ids):len(ids)]
		b.entries[0] = settlement
		led.Entries, led.Owed, led.Posted = b.entries[:], current, current
		return led, nil
	} else {
		settlement.Events = slices.Clone(ids)
	}
	entries.add(settlement)
	for i := range events {
		e := &events[i]
		if e.At.Before(settleAt) || (e.Kind != Refunded && (cancel == nil || e.ID != cancel.ID)) {
			continue
		}
		owed := zero
		if e.Kind == Refunded {
			net.refund(e.Amount)
			if owed, err = net.owed(); err != nil {
				return Ledger{}, fmt.Errorf("attribution: refund %q on line %v: %w", e.ID, paid.Key(), err)
			}
		}
		var like commission.Line
		if entries.n < len(prevEntries) {
			like = prevEntries[entries.n].Amounts
		}
		rev, err := reversal(current, owed, like)
		if err != nil {
			return Ledger{}, fmt.Errorf("attribution: reversing line %v: %w", paid.Key(), err)
		}
		idBuf[0] = e.ID
		entries.add(Entry{Seq: entries.n + 1, Kind: Reversal, At: e.At, Amounts: rev, Terms: *terms,
			Events: reuseIDs(idBuf[:1], prevEntries, entries.n)})
		current = owed
		if e.Kind == Cancelled {
			led.Status = StatusVoid
			break
		}
	}
	led.Entries = entries.list()
	led.Owed, led.Posted = current, current
	return led, nil
}

// settlementBlock holds a ledger's only entry, its settlement, with the
// ids of the events that produced it, in one allocation.
type settlementBlock struct {
	entries [1]Entry
	ids     [4]EventID
}

// reuseIDs returns the event ids of entry i: prev[i]'s when equal to ids,
// else a copy of ids (which may be on the caller's stack).
func reuseIDs(ids []EventID, prev []Entry, i int) []EventID {
	if i < len(prev) && slices.Equal(prev[i].Events, ids) {
		return prev[i].Events
	}
	return slices.Clone(ids)
}

// entryList builds a ledger's entries, reusing an earlier ledger's while
// they are the same: entries are append-only (K5), so a new event mostly
// leaves them as they were, and then costs no allocation.
type entryList struct {
	prev []Entry
	n    int     // entries added
	out  []Entry // nil while every entry added is prev's
	max  int     // capacity to allocate: the number of entries
}

// add appends e.
func (l *entryList) add(e Entry) {
	if l.out == nil && l.n < len(l.prev) && sameEntry(&e, &l.prev[l.n]) {
		l.n++
		return
	}
	if l.out == nil {
		l.out = make([]Entry, l.n, max(l.max, l.n+1))
		copy(l.out, l.prev[:l.n])
	}
	l.out = append(l.out, e)
	l.n++
}

// list returns the entries added.
func (l *entryList) list() []Entry {
	switch {
	case l.out != nil:
		return l.out
	case l.n == len(l.prev):
		return l.prev
	}
	return l.prev[:l.n:l.n]
}

// sameEntry reports whether a and b are the same entry sharing their
// amounts and event ids, so one can stand for the other.
func sameEntry(a, b *Entry) bool {
	return a.Seq == b.Seq && a.Kind == b.Kind && a.At == b.At && a.Amounts == b.Amounts && a.Terms == b.Terms &&
		len(a.Events) == len(b.Events) && (len(a.Events) == 0 || &a.Events[0] == &b.Events[0])
}

// first returns the earlier of a (possibly nil) and b in canonical order;
// events are visited in that order, so the first seen wins.
func first(a, b *Event) *Event {
	if a != nil {
		return a
	}
	return b
}

// NeedsEntry reports whether ev brings l the entry it was missing: l's
// events named none, so it earns nothing (NoShowcaseEntry), and ev names
// one. The caller then works out the attribution ev's entry gives and
// passes it to Apply, which re-derives the whole line under it: the line
// comes out as if ev had come first (A1), and nothing was attributed
// before, so no attribution is overturned (K3).
func (l Line) NeedsEntry(ev Event) bool {
	return len(l.Events) > 0 && ev.Entry != "" && l.Attribution.Reason == NoShowcaseEntry && entryOf(l.Events) == ""
}

// entryOf returns the Entry of events, the first that is set, or "".
func entryOf(events []Event) EntryID {
	for i := range events {
		if events[i].Entry != "" {
			return events[i].Entry
		}
	}
	return ""
}

// placedOf returns the Placed of events, the first that is set, and false
// if none is.
func placedOf(events []Event) (time.Time, bool) {
	for i := range events {
		if !events[i].Placed.IsZero() {
			return events[i].Placed, true
		}
	}
	return time.Time{}, false
}

// windowSettled reports whether ledger led, derived earlier from events
// (or a subset of them), was settled by its settlement window: its
// settlement entry names a Delivered event as what settled it.
func windowSettled(led *Ledger, events []Event) bool {
	if len(led.Entries) == 0 || len(led.Entries[0].Events) == 0 {
		return false
	}
	ids := led.Entries[0].Events
	by := ids[len(ids)-1]
	for i := range events {
		if events[i].ID == by {
			return events[i].Kind == Delivered
		}
	}
	return false
}
