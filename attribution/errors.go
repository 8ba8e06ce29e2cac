package attribution

import (
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
)

// ErrInvalid is wrapped by every error about malformed or out-of-range
// input. It is the same value in every partnerkit package.
var ErrInvalid = errdef.ErrInvalid

// ErrConflict is returned when an input contradicts what a line already
// holds: an event id reused with different content (A1), a second,
// different attribution or payment of the same line (K3). The line is left
// as it was. It is the same value in every partnerkit package.
var ErrConflict = errdef.ErrConflict

// ErrNotFound is returned when an operation names something that does not
// exist, such as an unknown sample request. It is the same value in every
// partnerkit package.
var ErrNotFound = errdef.ErrNotFound

// ErrLimit is returned when a count limit would be exceeded, such as
// MaxSamples sample requests of one collaboration. It is the same value in
// every partnerkit package.
var ErrLimit = errdef.ErrLimit

// ErrCurrencyMismatch is returned when amounts of one line, metric or
// statement are in different currencies. It is
// commission.ErrCurrencyMismatch, a kind of ErrInvalid.
var ErrCurrencyMismatch = commission.ErrCurrencyMismatch

// FieldError reports a problem with one named field of an input. It is the
// same type in every partnerkit package.
type FieldError = errdef.FieldError
