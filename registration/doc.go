// Package registration holds the rules of sellers' product registrations
// into campaigns: registering (R1), the Pending/Approved/Rejected/
// PendingClose/Closed state machine (R2), the frozen seller rate (R3),
// cancellation requests (R4) and filters (R5). It is pure: no I/O, no clock.
package registration
