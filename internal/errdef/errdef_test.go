package errdef_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/partnerkit/partnerkit/internal/errdef"
)

func TestUnder(t *testing.T) {
	other := fmt.Errorf("plain")
	err := errdef.Under("rows[3]", errors.Join(errdef.Field("amount", "1.999 USD", errdef.ErrInvalid, ""),
		errors.Join(errdef.Field("at", "x", errdef.ErrInvalid, "")), other))
	var fields []string
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, c := range j.Unwrap() {
				walk(c)
			}
			return
		}
		var fe *errdef.FieldError
		if errors.As(e, &fe) {
			fields = append(fields, fe.Field)
		}
	}
	walk(err)
	if fmt.Sprint(fields) != "[rows[3].amount rows[3].at]" || !errors.Is(err, errdef.ErrInvalid) || !errors.Is(err, other) {
		t.Errorf("Under = %v (fields %v), want rows[3].amount and rows[3].at, ErrInvalid and the plain error kept", err, fields)
	}
}

// Fields walks joins in order and stops at the first FieldError of a
// chain (a FieldError wrapping another names only itself).
func TestFields(t *testing.T) {
	inner := errdef.Field("inner", 1, errdef.ErrInvalid, "")
	err := fmt.Errorf("outer: %w", errors.Join(
		errdef.Field("a", 1, errdef.ErrInvalid, ""),
		errors.New("not a field"),
		fmt.Errorf("wrapped: %w", errors.Join(errdef.Field("b", 2, errdef.ErrInvalid, ""), errdef.Field("c", 3, inner, ""))),
	))
	got := errdef.Fields(err)
	if want := []string{"a", "b", "c"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Fields = %v, want %v", got, want)
	}
	if got := errdef.Fields(nil); got != nil {
		t.Errorf("Fields(nil) = %v, want nil", got)
	}
}
