package registration_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/registration"
	"pgregory.net/rapid"
)

// modelReg is what the model knows of one registration.
type modelReg struct {
	state        registration.State
	forGood      bool
	rate         commission.Rate
	everApproved bool
}

// modelMoves is the model's own transition table (R2, R4): action -> from
// -> to. It is written out here, not taken from the package.
func modelMoves() map[string]map[registration.State]registration.State {
	P, A, R, PC, C := registration.Pending, registration.Approved, registration.Rejected, registration.PendingClose, registration.Closed
	return map[string]map[registration.State]registration.State{
		"Approve":       {P: A, R: A},
		"Reject":        {P: R, R: R},
		"RequestCancel": {A: PC},
		"ApproveCancel": {PC: C},
		"DeclineCancel": {PC: A},
		"CloseAtEnd":    {A: C, PC: C},
	}
}

// R1, R2, R3, R4: random registrations, decisions, cancellations, rate
// changes and clock ticks against a map model with its own transition
// table.
func TestLifecycleStateMachine(t *testing.T) {
	c := openCampaign(t)
	reg, end := c.Details.Registration, c.Details.Period.End
	moves := modelMoves()
	rapid.Check(t, func(t *rapid.T) {
		now := reg.Start
		real := map[registration.ID]registration.Registration{}
		model := map[registration.ID]modelReg{}
		var ids []registration.ID

		pick := func(t *rapid.T) (registration.ID, bool) {
			if len(ids) == 0 {
				return "", false
			}
			return rapid.SampledFrom(ids).Draw(t, "id"), true
		}
		// move applies one state-machine action and checks it against the
		// model.
		move := func(name string, do func(registration.Registration) (registration.Registration, error)) func(*rapid.T) {
			return func(t *rapid.T) {
				id, ok := pick(t)
				if !ok {
					t.Skip("no registrations yet")
				}
				m := model[id]
				to, allowed := moves[name][m.state]
				allowed = allowed && !(m.forGood && m.state == registration.Rejected)
				got, err := do(real[id])
				if name == "CloseAtEnd" && now.Before(end) {
					if !errors.Is(err, registration.ErrNotEnded) {
						t.Fatalf("CloseAtEnd before the end = %v, want ErrNotEnded", err)
					}
					return
				}
				if !allowed {
					if !errors.Is(err, registration.ErrTransition) {
						t.Fatalf("%s from %v (for good %v) = %v, want ErrTransition", name, m.state, m.forGood, err)
					}
					return
				}
				if err != nil {
					t.Fatalf("%s from %v: %v", name, m.state, err)
				}
				m.state = to
				m.everApproved = m.everApproved || to == registration.Approved
				if name == "Reject" {
					m.forGood = got.Rejection.ForGood
				}
				model[id], real[id] = m, got
			}
		}

		t.Repeat(map[string]func(*rapid.T){
			"Register": func(t *rapid.T) {
				id := registration.ID(fmt.Sprintf("r%d", len(ids)+1))
				req := registration.Request{ID: id, Shop: "USSHOP0001", Product: registration.ProductID(id), ProductTitle: "product " + string(id),
					Rate: commission.Rate(rapid.IntRange(1000, 10000).Draw(t, "rate"))}
				r, err := registration.Register(req, c, nil, now)
				if !reg.Contains(now) {
					if !errors.Is(err, registration.ErrRegistrationClosed) {
						t.Fatalf("Register at %v outside the period = %v, want ErrRegistrationClosed", now, err)
					}
					return
				}
				if err != nil {
					t.Fatalf("Register: %v", err)
				}
				ids = append(ids, id)
				real[id], model[id] = r, modelReg{state: registration.Pending, rate: req.Rate}
			},
			"Tick": func(t *rapid.T) {
				now = now.Add(time.Duration(rapid.IntRange(1, 20*24*60).Draw(t, "minutes")) * time.Minute)
			},
			"Approve": move("Approve", func(r registration.Registration) (registration.Registration, error) { return r.Approve(now) }),
			"Reject": func(t *rapid.T) {
				rej := registration.Rejection{
					Reason:  rapid.SampledFrom([]registration.Reason{registration.CommissionTooLow, registration.HardToPromote, registration.TooExpensive, registration.NoSuitableCreator}).Draw(t, "reason"),
					ForGood: rapid.IntRange(0, 4).Draw(t, "forGood") == 0,
				}
				move("Reject", func(r registration.Registration) (registration.Registration, error) { return r.Reject(rej, now) })(t)
			},
			"RequestCancel": move("RequestCancel", func(r registration.Registration) (registration.Registration, error) { return r.RequestCancel(now) }),
			"ApproveCancel": move("ApproveCancel", func(r registration.Registration) (registration.Registration, error) { return r.ApproveCancel(now) }),
			"DeclineCancel": move("DeclineCancel", func(r registration.Registration) (registration.Registration, error) { return r.DeclineCancel(now) }),
			"CloseAtEnd":    move("CloseAtEnd", func(r registration.Registration) (registration.Registration, error) { return r.CloseAtEnd(end, now) }),
			"ChangeRate": func(t *rapid.T) {
				id, ok := pick(t)
				if !ok {
					t.Skip("no registrations yet")
				}
				m := model[id]
				rate := commission.Rate(rapid.IntRange(1000, 10000).Draw(t, "newRate"))
				got, err := real[id].ChangeRate(rate, c, now)
				frozen := m.everApproved || !slices.Contains([]registration.State{registration.Pending, registration.Rejected}, m.state)
				if frozen {
					if !errors.Is(err, registration.ErrRateFrozen) {
						t.Fatalf("ChangeRate when %v (ever approved %v) = %v, want ErrRateFrozen", m.state, m.everApproved, err)
					}
					return
				}
				if err != nil {
					t.Fatalf("ChangeRate when %v: %v", m.state, err)
				}
				m.rate = rate
				model[id], real[id] = m, got
			},
			"": func(t *rapid.T) {
				for id, m := range model {
					r := real[id]
					if r.State != m.state || r.Rate != m.rate || r.Rejection.ForGood != (m.forGood && m.state == registration.Rejected) {
						t.Fatalf("%s: real %v rate %v forGood %v; model %+v", id, r.State, r.Rate, r.Rejection.ForGood, m)
					}
					if m.everApproved != !r.ApprovedAt.IsZero() {
						t.Fatalf("%s: ApprovedAt %v, model ever approved %v", id, r.ApprovedAt, m.everApproved)
					}
				}
			},
		})
	})
}
