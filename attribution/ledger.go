package attribution

import (
	"time"

	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
)

// Status is where a line's commission stands. The zero Status is invalid.
type Status int

// The line statuses.
const (
	// StatusUnpaid: no paid event yet; nothing is owed.
	StatusUnpaid Status = iota + 1
	// StatusPending: paid; the commission is estimated and may still fall
	// with refunds, without reversal entries (A6).
	StatusPending
	// StatusSettled: the commission is settled and posted; later refunds
	// post reversal entries (K5), down to zero, and the line stays
	// settled.
	StatusSettled
	// StatusVoid: the line was cancelled, or refunded in full before it
	// settled (A6); it earns nothing and is not a paid order. Cancelled
	// after settlement, its settlement was reversed in full.
	StatusVoid
	// StatusUnattributed: paid, but the line earns through no campaign; the
	// attribution's Reason says why.
	StatusUnattributed
)

var statusNames = [...]string{StatusUnpaid: "unpaid", StatusPending: "pending", StatusSettled: "settled",
	StatusVoid: "void", StatusUnattributed: "unattributed"}

// String returns the status code, such as "pending", or "invalid".
func (s Status) String() string {
	if s < StatusUnpaid || s > StatusUnattributed {
		return "invalid"
	}
	return statusNames[s]
}

// ParseStatus returns the Status whose code is s. It returns a *FieldError
// wrapping [ErrInvalid] for an unknown code.
func ParseStatus(s string) (Status, error) {
	for st := StatusUnpaid; st <= StatusUnattributed; st++ {
		if statusNames[st] == s {
			return st, nil
		}
	}
	return 0, errdef.Field("status", s, ErrInvalid, "attribution: unknown status")
}

// EntryKind says what a ledger entry posts. The zero EntryKind is invalid.
type EntryKind int

// The entry kinds.
const (
	// Settlement posts a line's commission when it settles, computed from
	// the net base at that time (K5, A6).
	Settlement EntryKind = iota + 1
	// Reversal posts the signed difference a refund or cancellation after
	// settlement makes (K5).
	Reversal
)

// String returns "settlement", "reversal" or "invalid".
func (k EntryKind) String() string {
	switch k {
	case Settlement:
		return "settlement"
	case Reversal:
		return "reversal"
	}
	return "invalid"
}

// Entry is one posting of a line's ledger. Entries are append-only: a
// correction is a new Reversal, never an edit (K5). Each explains itself
// (A6): the terms it was computed under (campaign, registration, list entry,
// rate version, split) and the events that produced it.
type Entry struct {
	// Seq is the entry's 1-based position in its line's ledger.
	Seq  int
	Kind EntryKind
	// At is when the posting took effect: the settlement time, or the time
	// of the refund or cancellation reversed.
	At time.Time
	// Amounts are the posted amounts; a Reversal's are signed (<= 0 except,
	// in rare half-unit cases, the agency's; see commission.Reversal).
	Amounts commission.Line
	Terms   Terms
	// Events are the ids of the events that produced the amounts, in
	// canonical order.
	Events []EventID
}

// Ledger is a line's money, derived from its set of events, its attribution
// and the time it was derived at. Every amount but a Reversal entry's is
// >= 0, and in each commission.Line Creator + Agency == Total.
type Ledger struct {
	Status Status
	// Paid is the base the buyer paid and Refunded the sum of its refunds
	// (zero Money before any), which may exceed Paid: the net base then
	// is zero (K5).
	Paid, Refunded commission.Money
	// Owed is what the line earns now, recomputed from the net base (K5):
	// the estimate while pending, the settled amount once settled.
	Owed commission.Line
	// Posted is the sum of Entries: zero until settled, then equal to Owed.
	Posted commission.Line
	// SettledAt is when the line settled, or the zero time.
	SettledAt time.Time
	// Entries are the line's postings in order.
	Entries []Entry
}
