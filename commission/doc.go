// Package commission decides who is owed how much for an order line.
//
// # Representation
//
// A [Rate] is an exact number of basis points (1 bp = 0.01%, 10000 = 100%),
// never a float. A [Money] is a shopspring decimal amount with its
// [Currency]; the currency's scale (number of minor-unit digits) is the
// standard rounding of CLDR's currency data via golang.org/x/text/currency:
// USD 2, JPY 0, KWD 3, IDR 0, VND 0. Amounts are kept at exactly that scale.
// Store amounts as NUMERIC or TEXT, never REAL or DOUBLE.
//
// # Rules
//
//   - K1: the seller sets the total rate T; the agency sets the creator rate C
//     with 0 <= C <= T; the agency's rate is A = T - C ([Split]). Creators see
//     C only ([CreatorView]).
//   - K2: for a line whose buyer paid base, total = round(base × T) and
//     creator = round(base × C) in the currency's minor unit, rounding half to
//     even; agency = total - creator. So creator + agency == total exactly and
//     each is >= 0 ([Compute]).
//   - K3: the agency is paid only from A; Compute never takes the agency's
//     share out of the creator's.
//   - K5: after refunds a line is recomputed from its net base
//     ([ComputeNet]), never by subtracting rounded pieces; a settled line's
//     correction is a new, signed entry ([Reversal]).
//
// # Hot paths
//
// Compute, ComputeNet and Reversal work in int64 minor units and basis
// points (the kernel in internal/minor) whenever every amount is at its
// currency's scale and fits; anything else (other exponents, amounts
// beyond 18 digits, every error case) takes the exact decimal and big.Int
// path, which gives the same results, exponents included, as the property
// tests check. Equal amounts in a result may share one decimal, and every
// zero amount of a scale shares one: decimals are never modified in place,
// so sharing is safe, also across goroutines.
//
// # Errors
//
// Bad input is reported as a *[FieldError] naming the field and value and
// wrapping a sentinel ([ErrInvalid], [ErrCurrencyMismatch],
// [ErrRefundExceedsPaid]); validations return every problem joined with
// errors.Join. Match errors with errors.Is and errors.As, never by text.
//
// The package is pure: no I/O, no clock, no mutable globals (only
// read-only constants such as the shared zeros), and it never changes
// shopspring/decimal's package-level settings.
package commission
