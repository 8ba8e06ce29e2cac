package registration_test

import (
	"errors"
	"fmt"

	"github.com/partnerkit/partnerkit/registration"
)

// ParseState reads back the code State.String stores. Codes are lower
// snake case and matched exactly; anything else, "" included, returns the
// zero State (printed "state(0)") and an error wrapping ErrInvalid.
func ExampleParseState() {
	s, err := registration.ParseState("pending_close")
	fmt.Println(s == registration.PendingClose, s, err)
	for _, in := range []string{"PendingClose", ""} {
		s, err := registration.ParseState(in)
		fmt.Printf("%q: %v %v\n", in, s, errors.Is(err, registration.ErrInvalid))
	}
	// Output:
	// true pending_close <nil>
	// "PendingClose": state(0) true
	// "": state(0) true
}

// ParseReason reads back the code Reason.String stores. The zero Reason
// (no rejection) has no code: "" is refused like any unknown code.
func ExampleParseReason() {
	r, err := registration.ParseReason("commission_too_low")
	fmt.Println(r == registration.CommissionTooLow, r, err)
	for _, in := range []string{"commission too low", ""} {
		r, err := registration.ParseReason(in)
		fmt.Printf("%q: %v %v\n", in, r, errors.Is(err, registration.ErrInvalid))
	}
	// Output:
	// true commission_too_low <nil>
	// "commission too low": reason(0) true
	// "": reason(0) true
}
