package registration

import (
	"fmt"

	"github.com/partnerkit/partnerkit/internal/enum"
)

// State is where a registration is in its lifecycle (R2). The zero State is
// invalid.
type State uint8

// The registration states.
const (
	// Pending: waiting for the agency's decision.
	Pending State = iota + 1
	// Approved: the collaboration is ongoing.
	Approved
	// Rejected: the agency declined it, with a Rejection.
	Rejected
	// PendingClose: the seller asked to cancel; the agency has to decide.
	PendingClose
	// Closed: the campaign ended or the cancellation was approved. Final.
	Closed
)

// String returns the stored code: "pending", "approved", "rejected",
// "pending_close", "closed".
func (s State) String() string {
	switch s {
	case Pending:
		return "pending"
	case Approved:
		return "approved"
	case Rejected:
		return "rejected"
	case PendingClose:
		return "pending_close"
	case Closed:
		return "closed"
	}
	return fmt.Sprintf("state(%d)", uint8(s))
}

// ParseState returns the State whose code is s, or a *FieldError wrapping
// ErrInvalid.
func ParseState(s string) (State, error) { return enum.Parse(s, 1, Closed, "registration", "state") }

// Reason is why the agency rejected a registration (R2). The zero Reason
// means none.
type Reason uint8

// The rejection reasons.
const (
	CommissionTooLow Reason = iota + 1
	HardToPromote
	TooExpensive
	NoSuitableCreator
	// Other needs a text saying why.
	Other
)

// String returns the stored code: "commission_too_low", "hard_to_promote",
// "too_expensive", "no_suitable_creator", "other".
func (r Reason) String() string {
	switch r {
	case CommissionTooLow:
		return "commission_too_low"
	case HardToPromote:
		return "hard_to_promote"
	case TooExpensive:
		return "too_expensive"
	case NoSuitableCreator:
		return "no_suitable_creator"
	case Other:
		return "other"
	}
	return fmt.Sprintf("reason(%d)", uint8(r))
}

// ParseReason returns the Reason whose code is s, or a *FieldError wrapping
// ErrInvalid.
func ParseReason(s string) (Reason, error) { return enum.Parse(s, 1, Other, "registration", "reason") }
