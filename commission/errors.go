package commission

import (
	"errors"

	"github.com/partnerkit/partnerkit/internal/errdef"
)

// ErrInvalid is wrapped by every error about malformed or out-of-range input.
// It is the same value in every partnerkit package.
var ErrInvalid = errdef.ErrInvalid

// ErrCurrencyMismatch is returned when an operation mixes two currencies.
var ErrCurrencyMismatch = errors.New("commission: currency mismatch")

// ErrRefundExceedsPaid is returned when refunds add up to more than the
// amount the buyer paid for the line.
var ErrRefundExceedsPaid = errors.New("commission: refunds exceed the amount paid")

// FieldError reports a problem with one named field of an input. It is the
// same type in every partnerkit package.
type FieldError = errdef.FieldError
