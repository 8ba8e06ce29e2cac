package commission

import (
	"fmt"

	"github.com/partnerkit/partnerkit/internal/errdef"
)

// ErrInvalid is wrapped by every error about malformed or out-of-range input.
// It is the same value in every partnerkit package.
var ErrInvalid = errdef.ErrInvalid

// ErrCurrencyMismatch is returned when an operation mixes two currencies.
// It is a kind of ErrInvalid: errors.Is(ErrCurrencyMismatch, ErrInvalid)
// holds, so a caller that only tells bad input from the rest needs no
// case of its own for it.
var ErrCurrencyMismatch = fmt.Errorf("commission: currency mismatch: %w", ErrInvalid)

// ErrRefundExceedsPaid is returned when refunds add up to more than the
// amount the buyer paid for the line. Like ErrCurrencyMismatch, it is a
// kind of ErrInvalid.
var ErrRefundExceedsPaid = fmt.Errorf("commission: refunds exceed the amount paid: %w", ErrInvalid)

// FieldError reports a problem with one named field of an input. It is the
// same type in every partnerkit package.
type FieldError = errdef.FieldError
