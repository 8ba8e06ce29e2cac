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

// A Kind is its own sentinel and a kind of the wider one: errors.Is
// matches it through any wrapping, and the wider one matches too, but not
// the other way round, and two kinds of one sentinel stay apart.
func TestKind(t *testing.T) {
	over := errdef.Kind("over", errdef.ErrInvalid)
	other := errdef.Kind("other", errdef.ErrInvalid)
	err := errdef.Field("amount", "10.01", over, "refunds 10.01")
	switch {
	case !errors.Is(err, over) || !errors.Is(err, errdef.ErrInvalid):
		t.Errorf("%v: want it to match both its kind and ErrInvalid", err)
	case errors.Is(err, other) || errors.Is(errdef.ErrInvalid, over) || errors.Is(err, errdef.ErrConflict):
		t.Errorf("%v: matches a sentinel it is no kind of", err)
	case over.Error() != "over":
		t.Errorf("Error() = %q, want the message alone", over.Error())
	}
}
