package registration_test

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/partnerkit/partnerkit/registration"
)

// Allowed is the whole state table (R2, R4): a UI can offer only the moves
// it allows, and Closed is final. It knows states only: a registration
// rejected for good is still refused by Approve, with a *TransitionError
// whose ForGood is set, though Allowed(Rejected, Approved) holds.
func ExampleAllowed() {
	states := []registration.State{registration.Pending, registration.Approved, registration.Rejected,
		registration.PendingClose, registration.Closed}
	for _, from := range states {
		to := []string{}
		for _, s := range states {
			if registration.Allowed(from, s) {
				to = append(to, s.String())
			}
		}
		fmt.Printf("%s -> [%s]\n", from, strings.Join(to, " "))
	}

	r := registration.Registration{State: registration.Rejected,
		Rejection: registration.Rejection{Reason: registration.TooExpensive, ForGood: true}}
	_, err := r.Approve(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	var te *registration.TransitionError
	fmt.Println(errors.Is(err, registration.ErrTransition), errors.As(err, &te) && te.ForGood)
	// Output:
	// pending -> [approved rejected]
	// approved -> [pending_close closed]
	// rejected -> [approved rejected]
	// pending_close -> [approved closed]
	// closed -> []
	// true true
}
