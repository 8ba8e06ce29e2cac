// Package enum holds the helpers partnerkit's enumerations share: parsing a
// stored code back into its value, and the text encoding that keeps enums
// as codes (never numbers) in storage. Every enum is a small integer whose
// zero value is invalid and whose String is its lower-case code.
package enum

import "github.com/partnerkit/partnerkit/internal/errdef"

// Enum is an enumeration type.
type Enum interface {
	~uint8 | ~int
	String() string
}

// maxCode bounds the input Parse reads, so oversized input is refused
// before any comparison.
const maxCode = 32

// Parse returns the value in first..last whose code is s, or a
// *errdef.FieldError for field wrapping errdef.ErrInvalid, its message
// prefixed by pkg ("campaign").
func Parse[E Enum](s string, first, last E, pkg, field string) (E, error) {
	if len(s) <= maxCode {
		for v := first; v <= last; v++ {
			if v.String() == s {
				return v, nil
			}
		}
	}
	return 0, errdef.Field(field, s, errdef.ErrInvalid, pkg+": unknown "+field)
}

// MarshalText encodes v as its code, and the zero value as "". A value
// outside its type's constants has no code (its String is a placeholder
// such as "status(9)"): MarshalText returns parse's error for it, so such
// a value is refused where it is written rather than stored in a form
// UnmarshalText cannot read back.
func MarshalText[E Enum](v E, parse func(string) (E, error)) ([]byte, error) {
	if v == 0 {
		return nil, nil
	}
	s := v.String()
	if _, err := parse(s); err != nil {
		return nil, err
	}
	return []byte(s), nil
}

// UnmarshalText decodes a code written by MarshalText into *v with parse;
// "" is the zero value.
func UnmarshalText[E Enum](b []byte, v *E, parse func(string) (E, error)) error {
	if len(b) == 0 {
		*v = 0
		return nil
	}
	x, err := parse(string(b))
	if err != nil {
		return err
	}
	*v = x
	return nil
}
