// Package errdef holds the error values every partnerkit package shares.
//
// Each public package re-exports these under its own name (the way os
// re-exports io/fs's ErrNotExist), so errors.Is(err, campaign.ErrInvalid)
// and errors.Is(err, commission.ErrInvalid) match the same value.
package errdef

import (
	"errors"
	"fmt"
	"time"
	"unicode/utf8"
)

// The shared sentinels. Messages are deliberately short: callers wrap them
// with the package, operation and operands.
var (
	ErrInvalid   = errors.New("invalid")
	ErrNotFound  = errors.New("not found")
	ErrForbidden = errors.New("forbidden")
	ErrLimit     = errors.New("limit reached")
	ErrConflict  = errors.New("conflict")
)

// FieldError reports a problem with one named field of an input.
type FieldError struct {
	// Field names the offending field, as a dotted path with indexes
	// ("sellers.shop_codes[3]").
	Field string
	// Value is the offending value as it was given.
	Value any
	// Err says what is wrong; it wraps a sentinel such as ErrInvalid.
	Err error
}

// maxShown bounds how much of a value an error message repeats, so a 10 MB
// input does not become a 10 MB log line.
const maxShown = 64

// Error formats the field, a bounded rendering of its value, and the cause.
func (e *FieldError) Error() string {
	return fmt.Sprintf("%s %q: %v", e.Field, Shown(e.Value), e.Err)
}

// Shown renders v for an error message, cut to a bounded length (with the
// full size noted), so an oversized input never becomes an oversized
// error or log line.
func Shown(v any) string {
	s, ok := v.(string)
	if !ok {
		s = fmt.Sprint(v)
	}
	if len(s) <= maxShown {
		return s
	}
	cut := maxShown
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes)", s[:cut], len(s))
}

// Unwrap returns the cause, so errors.Is sees the sentinel.
func (e *FieldError) Unwrap() error { return e.Err }

// Field returns a *FieldError for field with value, whose cause is the
// sentinel err described by reason (reason may be empty).
func Field(field string, value any, err error, reason string) *FieldError {
	if reason != "" {
		err = fmt.Errorf("%s: %w", reason, err)
	}
	return &FieldError{Field: field, Value: value, Err: err}
}

// Under returns err with every *FieldError in it, alone or among joined
// errors, naming its field under prefix: "amount" becomes "rows[3].amount".
// Other errors are kept as they are.
func Under(prefix string, err error) error {
	switch e := err.(type) {
	case *FieldError:
		return &FieldError{Field: prefix + "." + e.Field, Value: e.Value, Err: e.Err}
	case interface{ Unwrap() []error }:
		var errs []error
		for _, c := range e.Unwrap() {
			errs = append(errs, Under(prefix, c))
		}
		return errors.Join(errs...)
	}
	return err
}

// Period returns a *FieldError for "to" wrapping ErrInvalid unless the
// period [from, to) holds an instant: to == from is an empty period, to
// before from one that ends before it starts. pkg prefixes the reason
// ("attribution", "partnerkit").
func Period(pkg string, from, to time.Time) error {
	what := "period ends before it starts"
	switch c := to.Compare(from); {
	case c > 0:
		return nil
	case c == 0:
		what = "empty period"
	}
	// Round(0) drops a monotonic reading, which is no part of the instant.
	start := from.Round(0)
	return Field("to", to.Round(0), ErrInvalid, fmt.Sprintf("%s: %s: to must be after the start, %v", pkg, what, start))
}

// Fields returns the Field of every *FieldError in err's tree, in order:
// each error of a join is walked, and a chain of wrapping errors gives the
// first *FieldError on it. Tests use it to check that every problem was
// reported.
func Fields(err error) []string {
	var out []string
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case nil:
		case *FieldError:
			out = append(out, e.Field)
		case interface{ Unwrap() []error }:
			for _, x := range e.Unwrap() {
				walk(x)
			}
		case interface{ Unwrap() error }:
			walk(e.Unwrap())
		}
	}
	walk(err)
	return out
}
