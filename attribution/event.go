package attribution

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
)

// Kind is what happened to an order line. The zero Kind is invalid.
type Kind int

// The order event kinds. Their order is also the tie-break of the canonical
// event order for events with the same time.
const (
	// Placed: the buyer placed the order; no money yet.
	Placed Kind = iota + 1
	// Paid: the buyer paid; Amount is the line's base (K2). Commission is
	// estimated from here on (A6).
	Paid
	// Shipped: the seller shipped the line.
	Shipped
	// Delivered: the line was delivered; with a settlement window it starts
	// the countdown to settlement (A6).
	Delivered
	// Refunded: part or all of the line was refunded or returned; Amount is
	// the amount given back (K5).
	Refunded
	// Settled: the platform settled the line (A6).
	Settled
	// Cancelled: the line was cancelled; it earns nothing.
	Cancelled
)

var kindNames = [...]string{Placed: "placed", Paid: "paid", Shipped: "shipped", Delivered: "delivered",
	Refunded: "refunded", Settled: "settled", Cancelled: "cancelled"}

// String returns the kind's code, such as "paid", or "invalid".
func (k Kind) String() string {
	if k < Placed || k > Cancelled {
		return "invalid"
	}
	return kindNames[k]
}

// ParseKind returns the Kind whose code is s ("paid", "refunded" …).
// "returned" is accepted as Refunded: a return is a refund of the returned
// amount. ParseKind returns a *FieldError wrapping [ErrInvalid] for any other
// string.
func ParseKind(s string) (Kind, error) {
	if s == "returned" {
		return Refunded, nil
	}
	for k := Placed; k <= Cancelled; k++ {
		if kindNames[k] == s {
			return k, nil
		}
	}
	return 0, errdef.Field("kind", s, ErrInvalid, "attribution: unknown event kind")
}

// hasAmount reports whether events of kind k carry an amount.
func (k Kind) hasAmount() bool { return k == Paid || k == Refunded }

// Event is one order event about one order line (A1). Events are values;
// two events are the same event when [Event.Equal] says so.
type Event struct {
	// ID is the idempotency key.
	ID EventID
	// Kind says what happened.
	Kind Kind
	// Order and Line name the order line.
	Order OrderID
	Line  LineID
	// Creator is the creator whose showcase the order came through.
	Creator productlist.CreatorID
	// Entry is the showcase entry or share link the order came through;
	// every event of a line that names one names the same one (Apply
	// refuses another). A platform that sends it with the first event only
	// may leave it empty on the others.
	Entry EntryID
	// Amount is the base paid (Paid) or the amount refunded (Refunded), and
	// the zero Money for every other kind.
	Amount commission.Money
	// At is when it happened on the platform. The ledger orders events by
	// At, never by arrival.
	At time.Time
	// Placed is when the order was placed. Every event of a line carries
	// the same Placed (platforms send the order's creation time with each
	// status change), so the line is attributed at the same instant (P6)
	// whichever of its events arrives first; Apply refuses an event whose
	// Placed differs from the line's. Zero means unknown: callers then fall
	// back to At, which is only order-independent for lines whose
	// first-arriving event is the earliest, so a host that knows the
	// placing time should always send it.
	Placed time.Time
}

// Key returns the order line the event is about.
func (e Event) Key() LineKey { return LineKey{Order: e.Order, Line: e.Line} }

// Equal reports whether e and o have the same content: same id, kind, line,
// creator, entry, amount (by value and currency) and instants.
func (e Event) Equal(o Event) bool {
	return e.ID == o.ID && e.Kind == o.Kind && e.Order == o.Order && e.Line == o.Line &&
		e.Creator == o.Creator && e.Entry == o.Entry &&
		e.Amount.Currency == o.Amount.Currency && e.Amount.Amount.Equal(o.Amount.Amount) &&
		e.At.Equal(o.At) && e.Placed.Equal(o.Placed)
}

// Validate returns nil if e is well formed, and otherwise every problem
// joined, each a *FieldError wrapping [ErrInvalid]:
//   - id, order, line or creator is empty, longer than 128 bytes, not
//     valid UTF-8, holds a control character (NUL, tab, newline …) or
//     starts or ends with a space;
//   - entry is longer than 129 bytes (the longest "SHOP/PRODUCT" a
//     registration can make: two ids of registration.MaxProductIDLen and
//     the slash), not valid UTF-8 or holds a control character; it may be
//     empty, and may start or end with a space, as a product id may;
//   - kind is not a known Kind;
//   - at is the zero time, or placed is after at;
//   - a Paid event's amount is not a valid amount >= 0, or a Refunded
//     event's not a valid amount > 0 ("amount");
//   - any other kind carries an amount ("amount").
func (e Event) Validate() error {
	var errs []error
	for _, f := range []struct{ name, v string }{
		{"id", string(e.ID)}, {"order", string(e.Order)}, {"line", string(e.Line)}, {"creator", string(e.Creator)},
	} {
		if !cleanID(f.v) {
			errs = append(errs, errdef.Field(f.name, f.v, ErrInvalid, "attribution: want 1 to 128 bytes of UTF-8, no control character, no surrounding space"))
		}
	}
	if len(e.Entry) > maxEntryLen || !cleanText(string(e.Entry)) {
		errs = append(errs, errdef.Field("entry", string(e.Entry), ErrInvalid,
			fmt.Sprintf("attribution: want up to %d bytes of UTF-8, no control character", maxEntryLen)))
	}
	if e.Kind < Placed || e.Kind > Cancelled {
		errs = append(errs, errdef.Field("kind", int(e.Kind), ErrInvalid, "attribution: unknown event kind"))
	}
	if e.At.IsZero() {
		errs = append(errs, errdef.Field("at", e.At, ErrInvalid, "attribution: no time"))
	}
	// Years 1 to 9999 in UTC: what RFC 3339, and so the events CSV and
	// the SQL backends, can write and read back.
	for _, t := range []struct {
		field string
		at    time.Time
	}{{"at", e.At}, {"placed", e.Placed}} {
		if y := t.at.UTC().Year(); !t.at.IsZero() && (y < 1 || y > 9999) {
			errs = append(errs, errdef.Field(t.field, t.at, ErrInvalid, "attribution: outside the years 1 to 9999 in UTC"))
		}
	}
	if !e.Placed.IsZero() && !e.At.IsZero() && e.Placed.After(e.At) {
		errs = append(errs, errdef.Field("placed", e.Placed, ErrInvalid, "attribution: placed after the event"))
	}
	switch {
	case e.Kind.hasAmount():
		if err := e.Amount.Validate(); err != nil {
			errs = append(errs, amountError(err))
		} else if s := e.Amount.Sign(); e.Kind == Paid && s < 0 {
			// Zero is a paid base (K2: a line discounted to nothing); it
			// earns nothing but is a payment all the same (A6).
			errs = append(errs, errdef.Field("amount", e.Amount.String(), ErrInvalid, "attribution: a paid amount cannot be negative; want zero or more"))
		} else if e.Kind == Refunded && s <= 0 {
			errs = append(errs, errdef.Field("amount", e.Amount.String(), ErrInvalid, "attribution: a refunded amount must be above zero"))
		}
	case e.Kind >= Placed && e.Kind <= Cancelled:
		if !e.Amount.Currency.IsZero() || !e.Amount.Amount.IsZero() {
			errs = append(errs, errdef.Field("amount", e.Amount.String(), ErrInvalid, "attribution: a "+e.Kind.String()+" event has no amount"))
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errors.Join(errs...)
}

// amountError is err, commission's *FieldError about an event's Money,
// as a *FieldError for the event's "amount" with commission's value and
// cause: the cause already says what is wrong and wraps ErrInvalid, so the
// message names the field, the value and the sentinel once each. The value
// is the one Validate names: an amount too big to check is too big to
// print.
func amountError(err error) *errdef.FieldError {
	var value any
	cause := err
	var fe *errdef.FieldError
	if errors.As(err, &fe) {
		value, cause = fe.Value, fe.Err
	}
	if !errors.Is(cause, ErrInvalid) {
		cause = fmt.Errorf("%w: %w", cause, ErrInvalid)
	}
	return &errdef.FieldError{Field: "amount", Value: value, Err: cause}
}

// cleanID reports whether s is a well-formed id: 1 to maxIDLen bytes of
// clean text with no surrounding space (as strings.TrimSpace sees it).
func cleanID(s string) bool {
	if s == "" || len(s) > maxIDLen {
		return false
	}
	if first, last := s[0], s[len(s)-1]; first >= utf8.RuneSelf || last >= utf8.RuneSelf {
		if strings.TrimSpace(s) != s { // a Unicode space may start or end s
			return false
		}
	} else if asciiSpace(first) || asciiSpace(last) {
		return false
	}
	return cleanText(s)
}

// asciiSpace reports whether c is an ASCII space as unicode.IsSpace sees it.
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// cleanText reports whether s is valid UTF-8 without control characters
// (C0 and DEL, NUL among them): what every backend can store and every
// encoder, CSV included, round-trips unchanged (A1: an id rewritten on the
// way through storage or an export would stop matching itself).
func cleanText(s string) bool {
	ascii := true
	for i := 0; i < len(s); i++ {
		// A multi-byte UTF-8 sequence has no byte below 0x80, so a byte
		// test finds every control character.
		switch c := s[i]; {
		case c < 0x20 || c == 0x7f:
			return false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return ascii || utf8.ValidString(s)
}

// maxIDLen bounds ids from outside input.
const maxIDLen = 128

// maxEntryLen bounds an event's entry: a shop code and a product id, each
// up to registration.MaxProductIDLen bytes, and the slash between them,
// so every product that can be registered can be paid.
const maxEntryLen = 2*registration.MaxProductIDLen + 1

// before is the canonical event order: by time, then kind, then id. It
// never looks at arrival, so a set of events has one order (A1).
func before(a, b Event) int {
	if c := a.At.Compare(b.At); c != 0 {
		return c
	}
	if a.Kind != b.Kind {
		return int(a.Kind) - int(b.Kind)
	}
	return strings.Compare(string(a.ID), string(b.ID))
}
