// Package campaign holds the rules an agency follows to set up a campaign:
// onboarding (C1), markets and campaign fields (C2), open or select sellers
// (C3), the draft/submit/publish lifecycle and phases (C4), and the edit
// lock of published campaigns (C5).
//
// # Purity
//
// The package does no I/O, reads no clock and has no mutable globals: time
// comes in as a now argument, and host choices (market table, shop code
// check) come in a Policy whose zero value is the default. Functions take
// values and return new values; none changes its receiver or arguments.
//
// # Invariants
//
//   - C1: New refuses an agency whose Onboarding is not complete, naming the
//     missing step; LinkBank is refused before the tax information is
//     approved.
//   - C2: a Campaign's Details pass Validate: name 1-50 characters,
//     description up to 1000, contact channel used in the market,
//     registration and campaign starting on the same calendar date in the
//     market's zone, each period ending after it starts, registration ending
//     no later than the campaign, and the campaign at most 360 days.
//     Markets carry region, currency, IANA zone (time/tzdata is embedded),
//     channels and a settlement window; Markets ships a table and
//     NewMarketTable builds a host's own.
//   - C3: open campaigns list no shop codes; select ones list 1 to 100
//     distinct codes, each accepted by Policy.ShopCode (DefaultShopCode by
//     default). 101 codes is ErrLimit.
//   - C4: Draft -> Submitted -> Published <-> Unpublished; every other move
//     is a *TransitionError. Phase is derived from now; sellers see only
//     published campaigns they are eligible for (Filter.Match).
//   - C5: once a campaign has been published, an edit is held in Pending
//     for exactly EditDelay (30 minutes of absolute time, so DST does not
//     matter); Current returns the old details before AppliesAt and the new
//     ones from AppliesAt on; another edit meanwhile is an *EditLockedError
//     carrying AppliesAt. A published campaign that has ended, or would
//     end before an edit applies, is not edited at all (ErrEnded,
//     ErrForbidden): its collaborations closed at its end (R2).
//
// Periods are half-open: a start is inclusive, an end exclusive.
//
// # Storage
//
// Campaign, Details, PendingEdit and Onboarding are plain values with
// exported fields and UTC times; enums are stored as the lower-case codes
// their String methods return and read back with their Parse functions.
// Shop codes are nil for open campaigns.
//
// # Errors
//
// Field problems are *FieldError values naming the field
// ("sellers.shop_codes[3]") and wrapping a sentinel (ErrInvalid, ErrLimit,
// ErrNotFound); validation returns every problem joined with errors.Join.
// Lifecycle, onboarding and edit-lock refusals are the typed errors
// *TransitionError, *OnboardingError and *EditLockedError, which match
// ErrTransition, ErrOnboarding and ErrEditLocked. The shared sentinels are
// the same values in every partnerkit package. Match errors with errors.Is
// and errors.As, never by text.
package campaign
