package registration_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/registration"
)

// action is one move of the state machine, as the rapid model knows it too.
type action struct {
	name string
	to   registration.State
	from []registration.State
	do   func(r registration.Registration, end, now time.Time) (registration.Registration, error)
}

func actions() []action {
	P, A, R, PC := registration.Pending, registration.Approved, registration.Rejected, registration.PendingClose
	return []action{
		{"Approve", A, []registration.State{P, R}, func(r registration.Registration, _, now time.Time) (registration.Registration, error) {
			return r.Approve(now)
		}},
		{"Reject", R, []registration.State{P, R}, func(r registration.Registration, _, now time.Time) (registration.Registration, error) {
			return r.Reject(registration.Rejection{Reason: registration.HardToPromote}, now)
		}},
		{"RequestCancel", PC, []registration.State{A}, func(r registration.Registration, _, now time.Time) (registration.Registration, error) {
			return r.RequestCancel(now)
		}},
		{"ApproveCancel", registration.Closed, []registration.State{PC}, func(r registration.Registration, _, now time.Time) (registration.Registration, error) {
			return r.ApproveCancel(now)
		}},
		{"DeclineCancel", A, []registration.State{PC}, func(r registration.Registration, _, now time.Time) (registration.Registration, error) {
			return r.DeclineCancel(now)
		}},
		{"CloseAtEnd", registration.Closed, []registration.State{A, PC}, func(r registration.Registration, end, now time.Time) (registration.Registration, error) {
			return r.CloseAtEnd(end, now)
		}},
	}
}

var allStates = []registration.State{registration.Pending, registration.Approved, registration.Rejected, registration.PendingClose, registration.Closed}

// R2, R4: every action from every state: allowed moves land in their
// state, every other one is a *TransitionError naming from and to.
func TestTransitions(t *testing.T) {
	r, c := pending(t)
	end := c.Details.Period.End
	for _, from := range allStates {
		for _, a := range actions() {
			in := r
			in.State = from
			got, err := a.do(in, end, end)
			allowed := false
			for _, f := range a.from {
				allowed = allowed || f == from
			}
			if allowed != registration.Allowed(from, a.to) && allowed {
				t.Errorf("Allowed(%v, %v) = false, but %s allows it", from, a.to, a.name)
			}
			if allowed {
				if err != nil || got.State != a.to {
					t.Errorf("%s from %v = %v, %v; want %v", a.name, from, got.State, err, a.to)
				}
				continue
			}
			var te *registration.TransitionError
			if !errors.As(err, &te) || !errors.Is(err, registration.ErrTransition) || !errors.Is(err, registration.ErrForbidden) {
				t.Fatalf("%s from %v = %v, want a *TransitionError matching ErrTransition and ErrForbidden", a.name, from, err)
			}
			if diff := cmp.Diff(registration.TransitionError{From: from, To: a.to}, *te); diff != "" {
				t.Errorf("%s from %v (-want +got):\n%s", a.name, from, diff)
			}
		}
	}
	for _, to := range allStates {
		if registration.Allowed(registration.Closed, to) {
			t.Errorf("Allowed(closed, %v) = true, want closed final", to)
		}
	}
}

// R2: a registration rejected for good is never re-decided; one rejected
// otherwise may be approved, which clears the rejection.
func TestRejectedForGood(t *testing.T) {
	r, _ := pending(t)
	at := t0.Add(time.Hour)
	soft, err := r.Reject(registration.Rejection{Reason: registration.CommissionTooLow}, at)
	if err != nil {
		t.Fatal(err)
	}
	approved, err := soft.Approve(at)
	if err != nil {
		t.Fatalf("Approve after a rejection: %v", err)
	}
	if diff := cmp.Diff(registration.Rejection{}, approved.Rejection); diff != "" {
		t.Errorf("Rejection after approval (-want +got):\n%s", diff)
	}

	hard, err := r.Reject(registration.Rejection{Reason: registration.Other, Text: "counterfeit risk", ForGood: true}, at)
	if err != nil {
		t.Fatal(err)
	}
	for name, do := range map[string]func() (registration.Registration, error){
		"Approve": func() (registration.Registration, error) { return hard.Approve(at) },
		"Reject": func() (registration.Registration, error) {
			return hard.Reject(registration.Rejection{Reason: registration.TooExpensive}, at)
		},
	} {
		_, err := do()
		var te *registration.TransitionError
		if !errors.As(err, &te) || !te.ForGood {
			t.Errorf("%s after rejection for good = %v, want *TransitionError{ForGood}", name, err)
		}
	}
}

// R2: a rejection carries a known reason; text comes with Other only.
func TestRejectionValidate(t *testing.T) {
	tests := []struct {
		rej    registration.Rejection
		fields []string
	}{
		{registration.Rejection{Reason: registration.NoSuitableCreator}, nil},
		{registration.Rejection{Reason: registration.Other, Text: "why"}, nil},
		{registration.Rejection{}, []string{"rejection.reason"}},
		{registration.Rejection{Reason: registration.Other}, []string{"rejection.text"}},
		{registration.Rejection{Reason: registration.Other, Text: strings.Repeat("x", 501)}, []string{"rejection.text"}},
		{registration.Rejection{Reason: registration.TooExpensive, Text: "why"}, []string{"rejection.text"}},
	}
	r, _ := pending(t)
	for _, tt := range tests {
		_, err := r.Reject(tt.rej, t0)
		if diff := cmp.Diff(tt.fields, fieldNames(err)); diff != "" {
			t.Errorf("Reject(%+v) fields (-want +got):\n%s", tt.rej, diff)
		}
		if tt.fields != nil && !errors.Is(err, registration.ErrInvalid) {
			t.Errorf("Reject(%+v) = %v, want ErrInvalid", tt.rej, err)
		}
	}
}

// R2: Approved closes at campaign end, read from the clock (StateAt) and
// recorded by CloseAtEnd, not before.
func TestCloseAtEnd(t *testing.T) {
	r, c := pending(t)
	end := c.Details.Period.End
	r, _ = r.Approve(during(c))
	if got := r.StateAt(end, end.Add(-time.Nanosecond)); got != registration.Approved {
		t.Errorf("StateAt(end-1ns) = %v, want approved", got)
	}
	if got := r.StateAt(end, end); got != registration.Closed {
		t.Errorf("StateAt(end) = %v, want closed", got)
	}
	if _, err := r.CloseAtEnd(end, end.Add(-time.Nanosecond)); !errors.Is(err, registration.ErrNotEnded) {
		t.Errorf("CloseAtEnd before the end = %v, want ErrNotEnded", err)
	}
	for _, at := range []time.Time{end, end.Add(time.Hour), end.AddDate(0, 0, 2)} {
		closed, err := r.CloseAtEnd(end, at)
		if err != nil || closed.State != registration.Closed || !closed.ClosedAt.Equal(end) || !closed.UpdatedAt.Equal(end) {
			t.Errorf("CloseAtEnd at %v = %+v, %v; want closed at the end, %v", at, closed, err, end)
		}
	}
}

// R3: the seller's rate changes while pending or rejected, never once
// approved (also after a cancellation is declined or the registration
// closes).
func TestRateFrozen(t *testing.T) {
	r, c := pending(t)
	at := during(c)
	r, err := r.ChangeRate(2000, c, at)
	if err != nil || r.Rate != 2000 {
		t.Fatalf("ChangeRate while pending = %v, %v", r.Rate, err)
	}
	if _, err := r.ChangeRate(999, c, at); !errors.Is(err, registration.ErrRateTooLow) {
		t.Errorf("ChangeRate below the minimum = %v, want ErrRateTooLow", err)
	}
	approved, _ := r.Approve(at)
	cancelling, _ := approved.RequestCancel(at)
	declined, _ := cancelling.DeclineCancel(at)
	closed, _ := cancelling.ApproveCancel(at)
	for _, x := range []registration.Registration{approved, cancelling, declined, closed} {
		if _, err := x.ChangeRate(3000, c, at); !errors.Is(err, registration.ErrRateFrozen) {
			t.Errorf("ChangeRate when %v = %v, want ErrRateFrozen", x.State, err)
		}
		if x.Rate != 2000 {
			t.Errorf("rate when %v = %v, want 20%%", x.State, x.Rate)
		}
	}
}

// R4: cancellation is requested by the seller and takes effect only when
// the agency approves; declining returns to Approved.
func TestCancellation(t *testing.T) {
	r, c := pending(t)
	at := during(c)
	r, _ = r.Approve(at)
	req, err := r.RequestCancel(at.Add(time.Hour))
	if err != nil || req.State != registration.PendingClose || !req.CancelRequestedAt.Equal(at.Add(time.Hour)) {
		t.Fatalf("RequestCancel = %+v, %v", req, err)
	}
	if got, err := req.DeclineCancel(at); err != nil || got.State != registration.Approved {
		t.Errorf("DeclineCancel = %v, %v; want approved", got.State, err)
	}
	if got, err := req.ApproveCancel(at); err != nil || got.State != registration.Closed {
		t.Errorf("ApproveCancel = %v, %v; want closed", got.State, err)
	}
	if _, err := r.ApproveCancel(at); !errors.Is(err, registration.ErrTransition) {
		t.Errorf("ApproveCancel without a request = %v, want ErrTransition", err)
	}
}

// R5: filters by status, shop, product and text, each alone and combined.
func TestFilter(t *testing.T) {
	base := registration.Registration{ID: "r1", Shop: "USSHOP0001", Product: "SKU-42", ProductTitle: "Vitamin C Serum", State: registration.Approved}
	tests := []struct {
		name string
		f    registration.Filter
		want bool
	}{
		{"zero filter", registration.Filter{}, true},
		{"status", registration.Filter{Status: registration.Approved}, true},
		{"other status", registration.Filter{Status: registration.Pending}, false},
		{"shop", registration.Filter{Shop: "USSHOP0001"}, true},
		{"other shop", registration.Filter{Shop: "USSHOP0002"}, false},
		{"product", registration.Filter{Product: "SKU-42"}, true},
		{"other product", registration.Filter{Product: "SKU-43"}, false},
		{"title text, any case", registration.Filter{Text: "vitamin c"}, true},
		{"product id text", registration.Filter{Text: "sku-4"}, true},
		{"absent text", registration.Filter{Text: "retinol"}, false},
		{"all set", registration.Filter{Status: registration.Approved, Shop: "USSHOP0001", Product: "SKU-42", Text: "serum"}, true},
		{"all set, one off", registration.Filter{Status: registration.Approved, Shop: "USSHOP0001", Product: "SKU-42", Text: "cream"}, false},
	}
	for _, tt := range tests {
		if got := tt.f.Match(base); got != tt.want {
			t.Errorf("R5 %s: Match = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// Enums round-trip through their stored codes; zero and unknown codes are
// invalid.
func TestEnums(t *testing.T) {
	for _, s := range allStates {
		if got, err := registration.ParseState(s.String()); err != nil || got != s {
			t.Errorf("ParseState(%q) = %v, %v", s.String(), got, err)
		}
	}
	for r := registration.CommissionTooLow; r <= registration.Other; r++ {
		if got, err := registration.ParseReason(r.String()); err != nil || got != r {
			t.Errorf("ParseReason(%q) = %v, %v", r.String(), got, err)
		}
	}
	for _, s := range []string{"", registration.State(0).String(), registration.Reason(0).String(), "Pending", "closed "} {
		_, err1 := registration.ParseState(s)
		_, err2 := registration.ParseReason(s)
		if !errors.Is(err1, registration.ErrInvalid) || !errors.Is(err2, registration.ErrInvalid) {
			t.Errorf("Parse(%q) = %v, %v; want ErrInvalid", s, err1, err2)
		}
	}
}
