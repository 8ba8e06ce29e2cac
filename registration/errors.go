package registration

import (
	"fmt"

	"github.com/partnerkit/partnerkit/internal/errdef"
)

// The shared sentinels, the same values in every partnerkit package.
var (
	// ErrInvalid is wrapped by every error about malformed or out-of-range
	// input.
	ErrInvalid = errdef.ErrInvalid
	// ErrNotFound is returned when something named does not exist.
	ErrNotFound = errdef.ErrNotFound
	// ErrForbidden is wrapped by every refusal of a well-formed request the
	// rules do not allow now.
	ErrForbidden = errdef.ErrForbidden
	// ErrLimit is returned when a count limit would be exceeded.
	ErrLimit = errdef.ErrLimit
	// ErrConflict is returned when the product is already registered in the
	// campaign, by this shop or another (a product id is the platform's,
	// unique across shops).
	ErrConflict = errdef.ErrConflict
)

// FieldError reports a problem with one named field of an input. It is the
// same type in every partnerkit package.
type FieldError = errdef.FieldError

// Refusals of Register and ChangeRate (R1, R3). Each wraps a shared
// sentinel, so errors.Is(ErrNotEligible, ErrForbidden) is true.
var (
	// ErrNotPublished: the campaign is not published.
	ErrNotPublished = fmt.Errorf("registration: campaign not published: %w", ErrForbidden)
	// ErrRegistrationClosed: now is outside the campaign's registration
	// period [start, end).
	ErrRegistrationClosed = fmt.Errorf("registration: outside the registration period: %w", ErrForbidden)
	// ErrNotEligible: the campaign is select and does not list the shop.
	ErrNotEligible = fmt.Errorf("registration: shop not eligible: %w", ErrForbidden)
	// ErrRateTooLow: the rate is below the campaign's minimum.
	ErrRateTooLow = fmt.Errorf("registration: rate below the campaign minimum: %w", ErrInvalid)
	// ErrRateFrozen: the rate cannot change once the registration has been
	// approved (R3).
	ErrRateFrozen = fmt.Errorf("registration: rate frozen after approval: %w", ErrForbidden)
	// ErrNotEnded: the campaign has not ended, so it cannot close
	// registrations yet.
	ErrNotEnded = fmt.Errorf("registration: campaign has not ended: %w", ErrForbidden)
)

// ErrTransition is matched (errors.Is) by a *TransitionError: the state
// machine does not allow the move (R2, R4). It matches ErrForbidden.
var ErrTransition = fmt.Errorf("registration: transition not allowed: %w", ErrForbidden)

// TransitionError names a refused move from From to To.
type TransitionError struct {
	From, To State
	// ForGood is true when the move was refused because the registration was
	// rejected for good.
	ForGood bool
}

// Error names both states.
func (e *TransitionError) Error() string {
	if e.ForGood {
		return fmt.Sprintf("registration: transition not allowed: %v -> %v: rejected for good", e.From, e.To)
	}
	return fmt.Sprintf("registration: transition not allowed: %v -> %v", e.From, e.To)
}

// Is reports whether target is ErrTransition or ErrForbidden: a refused
// move is a well-formed request the rules do not allow now.
func (e *TransitionError) Is(target error) bool {
	return target == ErrTransition || target == ErrForbidden
}
