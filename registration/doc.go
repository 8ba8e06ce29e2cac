// Package registration holds the rules of sellers' product registrations
// into campaigns: registering (R1), the Pending/Approved/Rejected/
// PendingClose/Closed state machine (R2), the frozen seller rate (R3),
// cancellation requests (R4) and filters (R5).
//
// # Purity
//
// The package does no I/O, reads no clock and has no globals: time comes
// in as a now argument and the campaign as a campaign.Campaign value, read
// as in force at now. Functions return new values; none changes its
// receiver or arguments.
//
// # Invariants
//
//   - R1: Register succeeds only if the campaign is published, now is in
//     its registration period (start inclusive, end exclusive), the
//     campaign is open or lists the shop, the rate is at least the
//     campaign's minimum, and the product is not registered in the
//     campaign already (by any shop: a product id is the platform's).
//     Every failed precondition is reported.
//   - R2: moves follow the table documented on Allowed; a registration
//     rejected for good is never re-decided; Approved and PendingClose
//     close at campaign end (CloseAtEnd records it, StateAt reads it from
//     the clock).
//   - R3: Rate never changes once ApprovedAt is set.
//   - R4: RequestCancel (seller) moves Approved to PendingClose;
//     ApproveCancel (agency) closes it; DeclineCancel (agency) returns it to
//     Approved.
//   - R5: Filter.Match selects by state, shop, product and text.
//
// # Storage
//
// Registration is a plain value with exported fields and UTC times (zero
// meaning "not yet"); State and Reason are stored as the lower-case codes
// their String methods return and read back with ParseState and
// ParseReason. A store should also hold (campaign, product) unique.
//
// # Errors
//
// Input and precondition problems are *FieldError values naming the field
// and wrapping a sentinel: ErrInvalid, ErrConflict, or one of
// ErrNotPublished, ErrRegistrationClosed, ErrNotEligible, ErrRateTooLow,
// ErrRateFrozen, ErrNotEnded, each of which itself wraps ErrForbidden or
// ErrInvalid. Refused moves are *TransitionError values matching
// ErrTransition. Preconditions are joined with errors.Join. Match errors
// with errors.Is and errors.As, never by text.
package registration
