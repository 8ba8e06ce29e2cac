package attribution_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
)

var none = commission.Money{}

// A1 A6 K5: what each event kind does to a line, given the events before it.
func TestApplyEachKind(t *testing.T) {
	windowed := terms()
	windowed.SettlementWindow = 7 * 24 * time.Hour
	paid := event("paid", attribution.Paid, "o1", day(1), money(t, "100.00"))
	tests := []struct {
		name       string
		terms      attribution.Terms
		before     []attribution.Event
		ev         attribution.Event
		now        time.Time
		wantStatus attribution.Status
		wantOwed   commission.Line
		wantPosted commission.Line
		wantKinds  []attribution.EntryKind
	}{
		{name: "placed: nothing owed", ev: event("placed", attribution.Placed, "o1", day(0), none),
			wantStatus: attribution.StatusUnpaid},
		{name: "paid: estimated, pending", ev: paid,
			wantStatus: attribution.StatusPending, wantOwed: line(t, "100.00", "12.50", "10.00", "2.50"), wantPosted: line(t, "0", "0", "0", "0")},
		{name: "shipped: no change", before: []attribution.Event{paid}, ev: event("shipped", attribution.Shipped, "o1", day(2), none),
			wantStatus: attribution.StatusPending, wantOwed: line(t, "100.00", "12.50", "10.00", "2.50"), wantPosted: line(t, "0", "0", "0", "0")},
		{name: "delivered, no window: still pending", before: []attribution.Event{paid}, ev: event("delivered", attribution.Delivered, "o1", day(3), none), now: day(30),
			wantStatus: attribution.StatusPending, wantOwed: line(t, "100.00", "12.50", "10.00", "2.50"), wantPosted: line(t, "0", "0", "0", "0")},
		{name: "delivered, window not passed: pending", terms: windowed, before: []attribution.Event{paid}, ev: event("delivered", attribution.Delivered, "o1", day(3), none), now: day(9),
			wantStatus: attribution.StatusPending, wantOwed: line(t, "100.00", "12.50", "10.00", "2.50"), wantPosted: line(t, "0", "0", "0", "0")},
		{name: "delivered, window passed: settled", terms: windowed, before: []attribution.Event{paid}, ev: event("delivered", attribution.Delivered, "o1", day(3), none), now: day(10),
			wantStatus: attribution.StatusSettled, wantOwed: line(t, "100.00", "12.50", "10.00", "2.50"), wantPosted: line(t, "100.00", "12.50", "10.00", "2.50"),
			wantKinds: []attribution.EntryKind{attribution.Settlement}},
		{name: "refund while pending: reduced, no entry", before: []attribution.Event{paid}, ev: event("refund", attribution.Refunded, "o1", day(2), money(t, "33.33")),
			wantStatus: attribution.StatusPending, wantOwed: line(t, "66.67", "8.33", "6.67", "1.66"), wantPosted: line(t, "0", "0", "0", "0")},
		// A6: a refund while pending "reduces or voids it".
		{name: "whole refund while pending: void, no entry", before: []attribution.Event{paid}, ev: event("refund", attribution.Refunded, "o1", day(2), money(t, "100.00")),
			wantStatus: attribution.StatusVoid, wantOwed: line(t, "0", "0", "0", "0"), wantPosted: line(t, "0", "0", "0", "0")},
		{name: "refunds adding up to the payment while pending: void", before: []attribution.Event{paid, event("refund1", attribution.Refunded, "o1", day(2), money(t, "60.00"))},
			ev:         event("refund2", attribution.Refunded, "o1", day(3), money(t, "40.00")),
			wantStatus: attribution.StatusVoid, wantOwed: line(t, "0", "0", "0", "0"), wantPosted: line(t, "0", "0", "0", "0")},
		{name: "whole refund, then settled: stays void, nothing posted", before: []attribution.Event{paid, event("refund", attribution.Refunded, "o1", day(2), money(t, "100.00"))},
			ev:         event("settled", attribution.Settled, "o1", day(5), none),
			wantStatus: attribution.StatusVoid, wantOwed: line(t, "0", "0", "0", "0"), wantPosted: line(t, "0", "0", "0", "0")},
		{name: "whole refund after settlement: reversed in full, still settled (K5)", before: []attribution.Event{paid, event("settled", attribution.Settled, "o1", day(5), none)},
			ev:         event("refund", attribution.Refunded, "o1", day(6), money(t, "100.00")),
			wantStatus: attribution.StatusSettled, wantOwed: line(t, "0", "0", "0", "0"), wantPosted: line(t, "0", "0", "0", "0"),
			wantKinds: []attribution.EntryKind{attribution.Settlement, attribution.Reversal}},
		{name: "settled: posted", before: []attribution.Event{paid}, ev: event("settled", attribution.Settled, "o1", day(5), none),
			wantStatus: attribution.StatusSettled, wantOwed: line(t, "100.00", "12.50", "10.00", "2.50"), wantPosted: line(t, "100.00", "12.50", "10.00", "2.50"),
			wantKinds: []attribution.EntryKind{attribution.Settlement}},
		{name: "refund after settlement: reversal", before: []attribution.Event{paid, event("settled", attribution.Settled, "o1", day(5), none)},
			ev:         event("refund", attribution.Refunded, "o1", day(6), money(t, "33.33")),
			wantStatus: attribution.StatusSettled, wantOwed: line(t, "66.67", "8.33", "6.67", "1.66"), wantPosted: line(t, "66.67", "8.33", "6.67", "1.66"),
			wantKinds: []attribution.EntryKind{attribution.Settlement, attribution.Reversal}},
		{name: "refund arriving late but made before settlement: in the settlement", before: []attribution.Event{paid, event("settled", attribution.Settled, "o1", day(5), none)},
			ev:         event("refund", attribution.Refunded, "o1", day(4), money(t, "33.33")),
			wantStatus: attribution.StatusSettled, wantOwed: line(t, "66.67", "8.33", "6.67", "1.66"), wantPosted: line(t, "66.67", "8.33", "6.67", "1.66"),
			wantKinds: []attribution.EntryKind{attribution.Settlement}},
		// A1: refunds above a payment that arrives after them cannot be
		// refused any more; the payment is taken, not lost, and voids.
		{name: "payment below the refunds that came before it: taken, void", before: []attribution.Event{event("refund", attribution.Refunded, "o1", day(2), money(t, "150.00"))},
			ev: paid, wantStatus: attribution.StatusVoid, wantOwed: line(t, "0", "0", "0", "0"), wantPosted: line(t, "0", "0", "0", "0")},
		{name: "refund before payment arrives: kept, nothing owed", ev: event("refund", attribution.Refunded, "o1", day(2), money(t, "5.00")),
			wantStatus: attribution.StatusUnpaid},
		{name: "cancelled before paid: void", before: []attribution.Event{event("placed", attribution.Placed, "o1", day(0), none)},
			ev: event("cancel", attribution.Cancelled, "o1", day(1), none), wantStatus: attribution.StatusVoid},
		{name: "cancelled while pending: void, nothing owed", before: []attribution.Event{paid}, ev: event("cancel", attribution.Cancelled, "o1", day(2), none),
			wantStatus: attribution.StatusVoid, wantOwed: line(t, "0", "0", "0", "0"), wantPosted: line(t, "0", "0", "0", "0")},
		{name: "cancelled after settlement: reversed in full", before: []attribution.Event{paid, event("settled", attribution.Settled, "o1", day(5), none)},
			ev:         event("cancel", attribution.Cancelled, "o1", day(6), none),
			wantStatus: attribution.StatusVoid, wantOwed: line(t, "0", "0", "0", "0"), wantPosted: line(t, "0", "0", "0", "0"),
			wantKinds: []attribution.EntryKind{attribution.Settlement, attribution.Reversal}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tm := tt.terms
			if tm == (attribution.Terms{}) {
				tm = terms()
			}
			now := tt.now
			if now.IsZero() {
				now = day(1)
			}
			attr := func(attribution.Event) attribution.Attribution { return attribution.Attributed(tm) }
			l := applyAll(t, attr, now, append(tt.before, tt.ev)...)[tt.ev.Key()]
			if l.Ledger.Status != tt.wantStatus {
				t.Errorf("status = %v, want %v", l.Ledger.Status, tt.wantStatus)
			}
			if diff := cmp.Diff(tt.wantOwed, l.Ledger.Owed, cmpOpts); diff != "" {
				t.Errorf("owed (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantPosted, l.Ledger.Posted, cmpOpts); diff != "" {
				t.Errorf("posted (-want +got):\n%s", diff)
			}
			var kinds []attribution.EntryKind
			for _, e := range l.Ledger.Entries {
				kinds = append(kinds, e.Kind)
			}
			if diff := cmp.Diff(tt.wantKinds, kinds); diff != "" {
				t.Errorf("entry kinds (-want +got):\n%s", diff)
			}
		})
	}
}

// A1 K3 K5: every refusal of Apply, matched by sentinel, leaves the line as
// it was.
func TestApplyErrors(t *testing.T) {
	paid := event("paid", attribution.Paid, "o1", day(1), money(t, "10.00"))
	other := terms()
	other.Campaign = "c2"
	badSplit := terms()
	badSplit.Split = commission.Split{Total: 1000, Creator: 2000}
	jpy := paid
	jpy.ID, jpy.Kind, jpy.Amount = "refund-jpy", attribution.Refunded, commission.FromMinor(5, commission.MustParseCurrency("JPY"))
	changed := paid
	changed.Amount = money(t, "11.00")
	otherEntry := event("x", attribution.Shipped, "o1", day(2), none)
	otherEntry.Entry = "e2"
	tests := []struct {
		name      string
		ev        attribution.Event
		attr      attribution.Attribution
		want      error
		wantField string
	}{
		{name: "no id", ev: event("", attribution.Shipped, "o1", day(2), none), want: attribution.ErrInvalid, wantField: "id"},
		// A CSV export reads "\r\n" back as "\n": an id with a control
		// character would not match itself after the round trip.
		{name: "id with a line break", ev: event("x\r\ny", attribution.Shipped, "o1", day(2), none), want: attribution.ErrInvalid, wantField: "id"},
		{name: "unknown kind", ev: event("x", attribution.Kind(42), "o1", day(2), none), want: attribution.ErrInvalid, wantField: "kind"},
		{name: "no time", ev: event("x", attribution.Shipped, "o1", time.Time{}, none), want: attribution.ErrInvalid, wantField: "at"},
		// The events CSV writes UTC: year 10000 there would not read back.
		{name: "after year 9999 in UTC", ev: event("x", attribution.Shipped, "o1", time.Date(9999, 12, 31, 23, 30, 0, 0, time.FixedZone("", -3600)), none), want: attribution.ErrInvalid, wantField: "at"},
		{name: "zero refund", ev: event("x", attribution.Refunded, "o1", day(2), money(t, "0")), want: attribution.ErrInvalid, wantField: "amount"},
		{name: "shipped with an amount", ev: event("x", attribution.Shipped, "o1", day(2), money(t, "1.00")), want: attribution.ErrInvalid, wantField: "amount"},
		{name: "another line", ev: event("x", attribution.Shipped, "o2", day(2), none), want: attribution.ErrInvalid, wantField: "line"},
		// The line's own terms are passed, as the Service does: a second
		// creator is the conflict, not a caller's mistake.
		{name: "K3 another creator", ev: by(event("x", attribution.Shipped, "o1", day(2), none), "bob"), want: attribution.ErrConflict, wantField: "creator"},
		{name: "K3 another creator, paid under another id", ev: by(event("paid2", attribution.Paid, "o1", day(2), money(t, "10.00")), "bob"), want: attribution.ErrConflict, wantField: "creator"},
		{name: "invalid terms", ev: event("x", attribution.Shipped, "o1", day(2), none), attr: attribution.Attributed(badSplit), want: attribution.ErrInvalid},
		{name: "A1 same id, different content", ev: changed, want: attribution.ErrConflict},
		{name: "K3 another campaign", ev: event("x", attribution.Shipped, "o1", day(2), none), attr: attribution.Attributed(other), want: attribution.ErrConflict},
		{name: "K3 unattributed after attributed", ev: event("x", attribution.Shipped, "o1", day(2), none), attr: attribution.Unattributed(attribution.NotOngoing), want: attribution.ErrConflict},
		{name: "K3 paid again under another id", ev: event("paid2", attribution.Paid, "o1", day(2), money(t, "10.00")), want: attribution.ErrConflict},
		{name: "A1 K3 through another entry", ev: otherEntry, want: attribution.ErrConflict, wantField: "entry"},
		{name: "another currency", ev: jpy, want: attribution.ErrCurrencyMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			attr := tt.attr
			if attr == (attribution.Attribution{}) {
				attr = attribution.Attributed(terms())
			}
			l := applyAll(t, func(attribution.Event) attribution.Attribution { return attribution.Attributed(terms()) }, day(3), paid)[paid.Key()]
			got, c, err := attribution.Apply(l, tt.ev, attr, day(3))
			if !errors.Is(err, tt.want) {
				t.Fatalf("Apply(%s) = %v, want %v", tt.name, err, tt.want)
			}
			if tt.wantField != "" {
				var fe *attribution.FieldError
				if !errors.As(err, &fe) || fe.Field != tt.wantField {
					t.Fatalf("Apply(%s) = %v, want a FieldError for %q", tt.name, err, tt.wantField)
				}
			}
			if diff := cmp.Diff(l, got, cmpOpts); diff != "" || !c.Delta.IsZero() {
				t.Fatalf("Apply(%s) changed the line or metrics (-want +got):\n%s", tt.name, diff)
			}
		})
	}
}

// A1 K3: a line's events name its one entry, or leave it out. An event
// that leaves it out is taken; and when the first to arrive left it out
// (the line earns nothing: NoShowcaseEntry), the event that brings it
// re-derives the line under the attribution it gives: the same line as
// had it come first, whichever order.
func TestApplyEntryMayBeLeftOut(t *testing.T) {
	attr := attribution.Attributed(terms())
	paid := event("paid", attribution.Paid, "o1", day(2), money(t, "10.00"))
	bare := event("shipped", attribution.Shipped, "o1", day(3), none)
	bare.Entry = ""
	l, _, err := attribution.Apply(attribution.Line{}, paid, attr, day(4))
	if err != nil {
		t.Fatal(err)
	}
	paidFirst, _, err := attribution.Apply(l, bare, attr, day(4))
	if err != nil {
		t.Fatalf("Apply(no entry) on a line through e1 = %v, want it taken", err)
	}
	unattr := attribution.Unattributed(attribution.NoShowcaseEntry)
	u, _, err := attribution.Apply(attribution.Line{}, bare, unattr, day(4))
	if err != nil {
		t.Fatal(err)
	}
	if !u.NeedsEntry(paid) || l.NeedsEntry(bare) || paidFirst.NeedsEntry(paid) {
		t.Fatalf("NeedsEntry: %v for the bare line and paid, %v for an entered line; want true, false",
			u.NeedsEntry(paid), l.NeedsEntry(bare))
	}
	bareFirst, c, err := attribution.Apply(u, paid, attr, day(4))
	if err != nil {
		t.Fatalf("Apply(through e1) on a line that lacked it = %v, want it re-derived", err)
	}
	if diff := cmp.Diff(paidFirst, bareFirst, cmpOpts); diff != "" {
		t.Errorf("the order of arrival changed the line (-paid first +bare first):\n%s", diff)
	}
	if c.Delta.PaidOrders != 1 {
		t.Errorf("delta of the re-derived line = %+v, want it counted as a paid order now", c.Delta)
	}
	other := bare
	other.ID, other.Entry = "shipped-2", "e2"
	var fe *attribution.FieldError
	if _, _, err := attribution.Apply(paidFirst, other, attr, day(4)); !errors.Is(err, attribution.ErrConflict) || !errors.As(err, &fe) || fe.Field != "entry" {
		t.Errorf("Apply(through e2) on a line through e1 = %v, want ErrConflict", err)
	}
}

// A1 P6: the events of a line carry the order's one placing time, which
// picked its rate version; one that says another is refused, and one that
// does not say is taken.
func TestApplyPlacedMustAgree(t *testing.T) {
	attr := attribution.Attributed(terms())
	paid := event("paid", attribution.Paid, "o1", day(2), money(t, "10.00"))
	paid.Placed = day(1)
	l, _, err := attribution.Apply(attribution.Line{}, paid, attr, day(3))
	if err != nil {
		t.Fatal(err)
	}
	moved := event("shipped", attribution.Shipped, "o1", day(3), none)
	moved.Placed = day(1).Add(time.Second)
	got, _, err := attribution.Apply(l, moved, attr, day(3))
	var fe *attribution.FieldError
	if !errors.Is(err, attribution.ErrConflict) || !errors.As(err, &fe) || fe.Field != "placed" {
		t.Fatalf("Apply(placed a second later) = %v, want a FieldError for placed wrapping ErrConflict", err)
	}
	if diff := cmp.Diff(l, got, cmpOpts); diff != "" {
		t.Fatalf("the refused event changed the line (-want +got):\n%s", diff)
	}
	for _, placed := range []time.Time{day(1), {}, day(1).In(time.FixedZone("UTC+7", 7*3600))} {
		ev := moved
		ev.Placed = placed
		if _, _, err := attribution.Apply(l, ev, attr, day(3)); err != nil {
			t.Errorf("Apply(placed %v) = %v, want it taken", placed, err)
		}
	}
}

// A1: the same event twice is a no-op reported as a duplicate, with no
// metrics change.
func TestApplyDuplicateIsNoOp(t *testing.T) {
	paid := event("paid", attribution.Paid, "o1", day(1), money(t, "10.00"))
	attr := attribution.Attributed(terms())
	l, first, err := attribution.Apply(attribution.Line{}, paid, attr, day(1))
	if err != nil || first.Duplicate || first.Delta.PaidOrders != 1 {
		t.Fatalf("first Apply = %+v, %v", first, err)
	}
	again, c, err := attribution.Apply(l, paid, attr, day(1))
	if err != nil || !c.Duplicate || !c.Delta.IsZero() {
		t.Fatalf("second Apply = %+v, %v; want a duplicate with no delta", c, err)
	}
	if diff := cmp.Diff(l, again, cmpOpts); diff != "" {
		t.Errorf("duplicate changed the line (-want +got):\n%s", diff)
	}
}

// K3: an unattributed line records its events, earns nothing and says why.
func TestUnattributedLineSaysWhy(t *testing.T) {
	attr := attribution.Unattributed(attribution.NotApproved)
	l := applyAll(t, func(attribution.Event) attribution.Attribution { return attr }, day(5),
		event("paid", attribution.Paid, "o1", day(1), money(t, "10.00")),
		event("settled", attribution.Settled, "o1", day(2), none))[attribution.LineKey{Order: "o1", Line: "1"}]
	if l.Ledger.Status != attribution.StatusUnattributed || l.Attribution.Reason != attribution.NotApproved ||
		!l.Ledger.Owed.Total.IsZero() || len(l.Ledger.Entries) != 0 {
		t.Errorf("unattributed line = %+v", l.Ledger)
	}
	orders := attribution.CreatorOrders("alice", []attribution.Line{l})
	if len(orders) != 1 || orders[0].Reason != attribution.NotApproved {
		t.Errorf("CreatorOrders = %+v, want the line with reason not_approved", orders)
	}
}

// K3: OK means attributed to a campaign. The zero Attribution (that of
// the zero Line an IngestResult carries for a refused event) is not, so a
// host that looks at the line before the error does not count a refused
// event as attributed.
func TestAttributionOK(t *testing.T) {
	for _, tc := range []struct {
		name string
		a    attribution.Attribution
		want bool
	}{
		{"attributed", attribution.Attributed(terms()), true},
		{"unattributed", attribution.Unattributed(attribution.NotApproved), false},
		{"zero", attribution.Attribution{}, false},
		{"Unattributed(0)", attribution.Unattributed(0), false},
		{"zero Line's", attribution.Line{}.Attribution, false},
	} {
		if got := tc.a.OK(); got != tc.want {
			t.Errorf("%s: OK() = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// The enums round-trip through their codes and reject unknown ones.
func TestEnumCodes(t *testing.T) {
	for k := attribution.Placed; k <= attribution.Cancelled; k++ {
		if got, err := attribution.ParseKind(k.String()); err != nil || got != k {
			t.Errorf("ParseKind(%q) = %v, %v", k, got, err)
		}
	}
	if got, err := attribution.ParseKind("returned"); err != nil || got != attribution.Refunded {
		t.Errorf(`ParseKind("returned") = %v, %v, want refunded`, got, err)
	}
	for s := attribution.StatusUnpaid; s <= attribution.StatusUnattributed; s++ {
		if got, err := attribution.ParseStatus(s.String()); err != nil || got != s {
			t.Errorf("ParseStatus(%q) = %v, %v", s, got, err)
		}
	}
	for r := attribution.NoShowcaseEntry; r <= attribution.NoRate; r++ {
		if got, err := attribution.ParseReason(r.String()); err != nil || got != r {
			t.Errorf("ParseReason(%q) = %v, %v", r, got, err)
		}
	}
	for _, bad := range []string{"", "Paid", "attributed", "invalid"} {
		_, e1 := attribution.ParseKind(bad)
		_, e2 := attribution.ParseStatus(bad)
		_, e3 := attribution.ParseReason(bad)
		for _, err := range []error{e1, e2, e3} {
			if !errors.Is(err, attribution.ErrInvalid) {
				t.Errorf("parsing %q = %v, want ErrInvalid", bad, err)
			}
		}
	}
}

// A6, K5: a line its settlement window settled stays settled when a later
// event is applied with a clock that reads earlier (another host's, or one
// read before a concurrent settlement sweep): its entries and status do
// not change, so it never settles twice.
func TestWindowSettlementSurvivesAnEarlierClock(t *testing.T) {
	tm := terms()
	tm.SettlementWindow = 7 * 24 * time.Hour
	attr := attribution.Attributed(tm)
	due := day(3).Add(tm.SettlementWindow)
	l := applyAll(t, func(attribution.Event) attribution.Attribution { return attr }, day(4),
		event("paid", attribution.Paid, "o1", day(1), money(t, "100.00")),
		event("delivered", attribution.Delivered, "o1", day(3), none))[attribution.LineKey{Order: "o1", Line: "1"}]
	settled, _, err := attribution.Advance(l, due.Add(time.Second))
	if err != nil || settled.Ledger.Status != attribution.StatusSettled {
		t.Fatalf("Advance past the window = %v, %v; want settled", settled.Ledger.Status, err)
	}
	for _, ev := range []attribution.Event{
		event("shipped", attribution.Shipped, "o1", day(2), none),
		event("refund", attribution.Refunded, "o1", day(20), money(t, "10.00")),
	} {
		next, change, err := attribution.Apply(settled, ev, attr, due.Add(-time.Second))
		if err != nil {
			t.Fatalf("Apply(%s) with an earlier clock: %v", ev.ID, err)
		}
		if next.Ledger.Status != attribution.StatusSettled || !next.Ledger.SettledAt.Equal(due) ||
			cmp.Diff(settled.Ledger.Entries, next.Ledger.Entries[:1], cmpOpts) != "" {
			t.Errorf("Apply(%s) with an earlier clock: %v settled at %v, %d entries; want still settled at %v, its settlement kept",
				ev.ID, next.Ledger.Status, next.Ledger.SettledAt, len(next.Ledger.Entries), due)
		}
		if ev.Kind == attribution.Shipped && !change.Delta.IsZero() {
			t.Errorf("Apply(shipped) changed the metrics by %+v", change.Delta)
		}
	}
	// Settled by the platform's event instead, the same earlier clock is
	// no reason to count the window: nothing changes either way.
	if next, _, err := attribution.Advance(settled, due.Add(-time.Hour)); err != nil || next.Ledger.Status != attribution.StatusSettled {
		t.Errorf("Advance with an earlier clock = %v, %v; want settled", next.Ledger.Status, err)
	}
}

// K5 A1: refunds that add up to more than the payment (shipping refunded
// with the item, or a platform's double refund) are taken, never refused,
// and take the net base to zero: every arrival order of the same events
// gives the same ledger, pending (void) or settled (the reversals stop at
// zero).
func TestRefundsAboveThePaymentInAnyOrder(t *testing.T) {
	paid := event("paid", attribution.Paid, "o1", day(1), money(t, "10.00"))
	r1 := event("refund-1", attribution.Refunded, "o1", day(2), money(t, "6.00"))
	r2 := event("refund-2", attribution.Refunded, "o1", day(4), money(t, "6.00"))
	settled := event("settled", attribution.Settled, "o1", day(3), commission.Money{})
	zero := line(t, "0.00", "0.00", "0.00", "0.00")
	tm := terms()
	tests := []struct {
		name   string
		events []attribution.Event
		want   attribution.Ledger
	}{
		{
			name:   "pending",
			events: []attribution.Event{paid, r1, r2},
			want:   attribution.Ledger{Status: attribution.StatusVoid, Paid: money(t, "10.00"), Refunded: money(t, "12.00"), Owed: zero, Posted: zero},
		},
		{
			// Settled at day 3 on 10.00 - 6.00; the day-4 refund of
			// 6.00 reverses what is left, 4.00, and no more.
			name:   "refund above what is left after settlement",
			events: []attribution.Event{paid, r1, r2, settled},
			want: attribution.Ledger{Status: attribution.StatusSettled, Paid: money(t, "10.00"), Refunded: money(t, "12.00"),
				Owed: zero, Posted: zero, SettledAt: day(3), Entries: []attribution.Entry{
					{Seq: 1, Kind: attribution.Settlement, At: day(3), Amounts: line(t, "4.00", "0.50", "0.40", "0.10"), Terms: tm, Events: []attribution.EventID{"paid", "refund-1", "settled"}},
					{Seq: 2, Kind: attribution.Reversal, At: day(4), Amounts: line(t, "-4.00", "-0.50", "-0.40", "-0.10"), Terms: tm, Events: []attribution.EventID{"refund-2"}},
				}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, order := range permutations(tt.events) {
				l := applyAll(t, func(attribution.Event) attribution.Attribution { return attribution.Attributed(tm) }, day(10), order...)[paid.Key()]
				if diff := cmp.Diff(tt.want, l.Ledger, cmpOpts); diff != "" {
					t.Fatalf("arrival order %v: ledger (-want +got):\n%s", ids(order), diff)
				}
			}
		})
	}
}

// permutations returns every order of evs.
func permutations(evs []attribution.Event) [][]attribution.Event {
	if len(evs) <= 1 {
		return [][]attribution.Event{evs}
	}
	var out [][]attribution.Event
	for i := range evs {
		rest := append(append([]attribution.Event{}, evs[:i]...), evs[i+1:]...)
		for _, p := range permutations(rest) {
			out = append(out, append([]attribution.Event{evs[i]}, p...))
		}
	}
	return out
}

func ids(evs []attribution.Event) []attribution.EventID {
	out := make([]attribution.EventID, len(evs))
	for i, e := range evs {
		out[i] = e.ID
	}
	return out
}
