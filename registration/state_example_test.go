package registration_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/partnerkit/partnerkit/registration"
)

// An agency rejects a pending registration with a reason (R2); "other"
// needs its text. A rejection not for good may be decided again.
func ExampleRegistration_Reject() {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	r := registration.Registration{ID: "r1", State: registration.Pending}
	_, err := r.Reject(registration.Rejection{Reason: registration.Other}, at)
	var fe *registration.FieldError
	fmt.Println(errors.As(err, &fe), fe.Field)

	r, err = r.Reject(registration.Rejection{Reason: registration.CommissionTooLow}, at)
	fmt.Println(r.State, r.Rejection.Reason, err)
	r, err = r.Approve(at.Add(time.Hour))
	fmt.Println(r.State, err)
	// Output:
	// true rejection.text
	// rejected commission_too_low <nil>
	// approved <nil>
}

// A seller asks to end an approved collaboration (R4); it ends only when
// the agency approves the request, and declining it returns the
// registration to approved.
func ExampleRegistration_RequestCancel() {
	at := time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC)
	r := registration.Registration{ID: "r1", State: registration.Approved, ApprovedAt: at}
	r, _ = r.RequestCancel(at.Add(time.Hour))
	fmt.Println(r.State)
	declined, _ := r.DeclineCancel(at.Add(2 * time.Hour))
	fmt.Println(declined.State)
	closed, _ := r.ApproveCancel(at.Add(2 * time.Hour))
	fmt.Println(closed.State)
	_, err := closed.RequestCancel(at.Add(3 * time.Hour))
	fmt.Println(errors.Is(err, registration.ErrTransition))
	// Output:
	// pending_close
	// approved
	// closed
	// true
}

// An approved registration closes when its campaign ends (R2): StateAt
// reads it so without a write, and CloseAtEnd stores the move, refused
// before the end.
func ExampleRegistration_CloseAtEnd() {
	end := time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
	r := registration.Registration{ID: "r1", State: registration.Approved, ApprovedAt: end.Add(-720 * time.Hour)}
	fmt.Println(r.StateAt(end, end.Add(-time.Minute)), r.StateAt(end, end))
	_, err := r.CloseAtEnd(end, end.Add(-time.Minute))
	fmt.Println(errors.Is(err, registration.ErrNotEnded))
	r, err = r.CloseAtEnd(end, end)
	fmt.Println(r.State, err)
	// Output:
	// approved closed
	// true
	// closed <nil>
}
