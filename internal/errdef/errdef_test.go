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
