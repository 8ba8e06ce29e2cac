package campaign

import (
	"fmt"
	"time"

	"github.com/partnerkit/partnerkit/internal/errdef"
)

// The shared sentinels, the same values in every partnerkit package.
var (
	// ErrInvalid is wrapped by every error about malformed or out-of-range
	// input.
	ErrInvalid = errdef.ErrInvalid
	// ErrNotFound is returned when a market or other named thing is unknown.
	ErrNotFound = errdef.ErrNotFound
	// ErrForbidden is returned when an actor may not do what it asks.
	ErrForbidden = errdef.ErrForbidden
	// ErrLimit is returned when a count limit would be exceeded (more than
	// MaxShopCodes shop codes).
	ErrLimit = errdef.ErrLimit
	// ErrConflict is returned when a step was already done.
	ErrConflict = errdef.ErrConflict
)

// FieldError reports a problem with one named field of an input. It is the
// same type in every partnerkit package.
type FieldError = errdef.FieldError

// ErrEditLocked is matched (errors.Is) by an *EditLockedError: a published
// campaign already has an edit waiting to apply (C5). It matches
// ErrForbidden, as the errors that match it do.
var ErrEditLocked = fmt.Errorf("campaign: edit locked: %w", ErrForbidden)

// ErrEnded is wrapped by the *FieldError for "period.end" that Edit
// returns for a published campaign that has ended; it matches
// ErrForbidden too.
var ErrEnded = fmt.Errorf("campaign: ended: %w", ErrForbidden)

// ErrTransition is matched by a *TransitionError: the lifecycle move is not
// allowed from the campaign's status (C4). It matches ErrForbidden.
var ErrTransition = fmt.Errorf("campaign: transition not allowed: %w", ErrForbidden)

// ErrOnboarding is matched by an *OnboardingError: an onboarding step that
// must come first is missing (C1). It matches ErrForbidden.
var ErrOnboarding = fmt.Errorf("campaign: onboarding incomplete: %w", ErrForbidden)

// EditLockedError says a campaign cannot be edited until Until, the instant
// its pending edit applies and editing reopens (C5).
type EditLockedError struct {
	// Until is when the pending edit applies, in UTC.
	Until time.Time
}

// Error says when editing reopens.
func (e *EditLockedError) Error() string {
	return fmt.Sprintf("campaign: edit locked until %s", e.Until.UTC().Format(time.RFC3339Nano))
}

// Is reports whether target is ErrEditLocked.
// It matches ErrForbidden too: the rules do not allow the edit now.
func (e *EditLockedError) Is(target error) bool {
	return target == ErrEditLocked || target == ErrForbidden
}

// TransitionError says a lifecycle move from From to To is not allowed.
type TransitionError struct {
	From, To Status
}

// Error names both statuses.
func (e *TransitionError) Error() string {
	return fmt.Sprintf("campaign: transition not allowed: %v -> %v", e.From, e.To)
}

// Is reports whether target is ErrTransition or ErrForbidden: a refused
// move is a well-formed request the rules do not allow now.
func (e *TransitionError) Is(target error) bool {
	return target == ErrTransition || target == ErrForbidden
}

// OnboardingError says which onboarding step must be done first.
type OnboardingError struct {
	// Missing is the next step the agency has to complete.
	Missing Step
}

// Error names the missing step.
func (e *OnboardingError) Error() string {
	return fmt.Sprintf("campaign: onboarding incomplete: %v needed first", e.Missing)
}

// Is reports whether target is ErrOnboarding.
// It matches ErrForbidden too: the agency may not do this yet.
func (e *OnboardingError) Is(target error) bool {
	return target == ErrOnboarding || target == ErrForbidden
}
