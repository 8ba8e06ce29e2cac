package partnerkit_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
	"pgregory.net/rapid"
)

// refusals are the errors a use case may answer a random call with; any
// other error is a bug.
var refusals = []error{
	partnerkit.ErrInvalid, partnerkit.ErrNotFound, partnerkit.ErrForbidden, partnerkit.ErrLimit,
	partnerkit.ErrConflict, partnerkit.ErrEditLocked, partnerkit.ErrNoProducts, partnerkit.ErrBadLink,
	registration.ErrTransition, campaign.ErrTransition, productlist.ErrNoKey,
}

func refused(t *rapid.T, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	for _, r := range refusals {
		if errors.Is(err, r) {
			t.Logf("%s: refused: %v", what, err)
			return
		}
	}
	t.Fatalf("%s: unexpected error %v", what, err)
}

// order is an order line the model placed.
type order struct {
	id      string
	creator partnerkit.Creator
	reg     registration.Registration
	placed  time.Time
}

// P2, K2, K5, A2: random use-case calls by random actors (owners,
// outsiders, empty ids) keep every list within its limits, every ledger
// line reconciled and non-negative, and every campaign's metrics equal to
// a recomputation from all lines.
func TestRandomUseCasesKeepInvariants(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := newWorld(t)
		agencies := []partnerkit.Agency{w.agency, w.rival, {}}
		sellers := []partnerkit.Seller{w.glow, w.trail, w.stranger}
		creators := []partnerkit.Creator{w.maya, w.leo, {ID: "creator-zoe"}}
		campaigns := []campaign.ID{w.camp.ID, w.rivalCamp.ID}
		regs := []registration.ID{w.serum.ID, w.mask.ID, w.shoe.ID, w.cream.ID}
		lists := []productlist.ListID{w.list.ID, w.rivalList.ID}
		links := []productlist.Link{w.listLink, w.rivalLink}
		var orders []order
		events := 0

		agency := func(t *rapid.T) partnerkit.Agency { return rapid.SampledFrom(agencies).Draw(t, "agency") }
		reg := func(t *rapid.T) registration.ID { return rapid.SampledFrom(regs).Draw(t, "registration") }
		list := func(t *rapid.T) productlist.ListID { return rapid.SampledFrom(lists).Draw(t, "list") }
		creatorRate := func(t *rapid.T) commission.Rate {
			return commission.Rate(rapid.IntRange(0, 2500).Draw(t, "creator rate"))
		}

		t.Repeat(map[string]func(*rapid.T){
			"register": func(t *rapid.T) {
				sl := rapid.SampledFrom(sellers).Draw(t, "seller")
				p := rapid.IntRange(0, 5).Draw(t, "product")
				r, err := w.svc.RegisterProduct(w.ctx, sl, partnerkit.RegisterInput{
					Campaign: rapid.SampledFrom(campaigns).Draw(t, "campaign"),
					Product:  registration.ProductID(fmt.Sprintf("p%d", p)), ProductTitle: fmt.Sprintf("Product %d", p),
					Rate: commission.Rate(rapid.IntRange(0, 3000).Draw(t, "rate")),
				})
				refused(t, "RegisterProduct", err)
				if err == nil {
					regs = append(regs, r.ID)
				}
			},
			"decide": func(t *rapid.T) {
				a, id := agency(t), reg(t)
				var err error
				switch rapid.IntRange(0, 3).Draw(t, "decision") {
				case 0:
					_, err = w.svc.ApproveRegistration(w.ctx, a, id)
				case 1:
					_, err = w.svc.RejectRegistration(w.ctx, a, id, registration.Rejection{Reason: registration.HardToPromote, ForGood: rapid.Bool().Draw(t, "for good")})
				case 2:
					_, err = w.svc.DecideCancellation(w.ctx, a, id, rapid.Bool().Draw(t, "approve"))
				case 3:
					_, err = w.svc.RequestCancellation(w.ctx, rapid.SampledFrom(sellers).Draw(t, "seller"), id)
				}
				refused(t, "decide", err)
			},
			"createList": func(t *rapid.T) {
				l, err := w.svc.CreateList(w.ctx, agency(t), "List "+rapid.StringMatching(`[a-z]{1,8}`).Draw(t, "name"))
				refused(t, "CreateList", err)
				if err == nil {
					lists = append(lists, l.ID)
				}
			},
			"duplicateList": func(t *rapid.T) {
				l, err := w.svc.DuplicateList(w.ctx, agency(t), list(t), "Copy")
				refused(t, "DuplicateList", err)
				if err == nil {
					lists = append(lists, l.ID)
				}
			},
			"deleteList": func(t *rapid.T) {
				refused(t, "DeleteList", w.svc.DeleteList(w.ctx, agency(t), list(t)))
			},
			"addToList": func(t *rapid.T) {
				_, err := w.svc.AddToList(w.ctx, agency(t), list(t), reg(t), creatorRate(t))
				refused(t, "AddToList", err)
			},
			"removeFromList": func(t *rapid.T) {
				_, err := w.svc.RemoveFromList(w.ctx, agency(t), list(t), reg(t))
				refused(t, "RemoveFromList", err)
			},
			"setCreatorRate": func(t *rapid.T) {
				later := time.Duration(rapid.IntRange(0, 48).Draw(t, "hours")) * time.Hour
				_, err := w.svc.SetCreatorRate(w.ctx, agency(t), list(t), reg(t), creatorRate(t), w.clock.Now().Add(later))
				refused(t, "SetCreatorRate", err)
			},
			"share": func(t *rapid.T) {
				a := agency(t)
				var link productlist.Link
				var err error
				if rapid.Bool().Draw(t, "list link") {
					link, err = w.svc.ShareList(w.ctx, a, list(t))
				} else {
					link, err = w.svc.ShareProduct(w.ctx, a, reg(t), creatorRate(t))
				}
				refused(t, "share", err)
				if err == nil {
					links = append(links, link)
				}
			},
			"accept": func(t *rapid.T) {
				c := rapid.SampledFrom(creators).Draw(t, "creator")
				link := string(rapid.SampledFrom(links).Draw(t, "link"))
				var err error
				if rapid.Bool().Draw(t, "resolve only") {
					_, err = w.svc.ResolveLinks(w.ctx, c, []string{link})
				} else {
					_, err = w.svc.AcceptLinks(w.ctx, c, []string{link})
				}
				refused(t, "accept", err)
			},
			"orderPaid": func(t *rapid.T) {
				c := rapid.SampledFrom(creators[:2]).Draw(t, "creator")
				var r registration.Registration
				_ = w.store.View(w.ctx, func(tx storage.Tx) error {
					var err error
					r, err = tx.Registrations().Get(reg(t))
					return err
				})
				o := order{id: fmt.Sprintf("o-%d", len(orders)+1), creator: c, reg: r, placed: w.clock.Now()}
				orders = append(orders, o)
				events++
				amount := commission.FromMinor(int64(rapid.IntRange(0, 20000).Draw(t, "cents")), usd)
				ev := w.event(fmt.Sprintf("e-%d", events), attribution.Paid, o.id, c, r, "", o.placed, o.placed)
				ev.Amount = amount
				_, err := w.svc.IngestEvent(w.ctx, w.host, ev)
				refused(t, "IngestEvent(paid)", err)
			},
			"orderEvent": func(t *rapid.T) {
				if len(orders) == 0 {
					t.Skip("no orders")
				}
				o := rapid.SampledFrom(orders).Draw(t, "order")
				kind := rapid.SampledFrom([]attribution.Kind{attribution.Shipped, attribution.Delivered, attribution.Refunded, attribution.Settled, attribution.Cancelled}).Draw(t, "kind")
				events++
				id := fmt.Sprintf("e-%d", events)
				if rapid.IntRange(0, 4).Draw(t, "reuse id") == 0 {
					id = fmt.Sprintf("e-%d", rapid.IntRange(1, events).Draw(t, "reused id"))
				}
				ev := w.event(id, kind, o.id, o.creator, o.reg, "", w.clock.Now(), o.placed)
				if kind == attribution.Refunded {
					ev.Amount = commission.FromMinor(int64(rapid.IntRange(1, 5000).Draw(t, "refund cents")), usd)
				}
				_, err := w.svc.IngestEvent(w.ctx, w.host, ev)
				refused(t, "IngestEvent", err)
			},
			"time": func(t *rapid.T) {
				w.clock.Advance(time.Duration(rapid.IntRange(1, 24*20).Draw(t, "hours")) * time.Hour)
				_, err := w.svc.SettleDue(w.ctx, w.host, partnerkit.Page{})
				refused(t, "SettleDue", err)
			},
			"": func(t *rapid.T) { checkInvariants(t, w, campaigns) },
		})
	})
}

// checkInvariants reads the whole store and checks P2's limits, K2/K5 on
// every ledger line and A2's metrics against attribution.Recompute.
func checkInvariants(t *rapid.T, w *world, campaigns []campaign.ID) {
	err := w.store.View(w.ctx, func(tx storage.Tx) error {
		for _, a := range []campaign.AgencyID{w.agency.ID, w.rival.ID} {
			n, err := tx.Lists().Count(a)
			if err != nil {
				return err
			}
			if n > productlist.MaxLists {
				t.Fatalf("agency %s has %d lists", a, n)
			}
			ls, _, err := tx.Lists().List(storage.ListQuery{Agency: a}, partnerkit.Page{Limit: storage.MaxLimit})
			if err != nil {
				return err
			}
			for _, l := range ls {
				if len(l.Entries) > productlist.MaxProducts {
					t.Fatalf("list %s holds %d products", l.ID, len(l.Entries))
				}
				if err := l.Validate(); err != nil {
					t.Fatalf("list %s: %v", l.ID, err)
				}
			}
		}
		var lines []attribution.Line
		p := partnerkit.Page{Limit: storage.MaxLimit}
		for {
			ls, next, err := tx.Orders().List(storage.LineQuery{}, p)
			if err != nil {
				return err
			}
			lines = append(lines, ls...)
			if next == "" {
				break
			}
			p.After = next
		}
		for _, l := range lines {
			checkLine(t, "owed", l, l.Ledger.Owed, false)
			checkLine(t, "posted", l, l.Ledger.Posted, false)
			for _, e := range l.Ledger.Entries {
				checkLine(t, fmt.Sprintf("entry %d", e.Seq), l, e.Amounts, e.Kind == attribution.Reversal)
			}
		}
		totals, err := attribution.Recompute(lines)
		if err != nil {
			t.Fatalf("Recompute: %v", err)
		}
		for _, id := range campaigns {
			kept, err := tx.Metrics().Campaign(id)
			if errors.Is(err, storage.ErrNotFound) {
				kept, err = attribution.CampaignMetrics{}, nil
			}
			if err != nil {
				return err
			}
			want := totals.Campaigns[id]
			if got, want := figures(kept.Metrics), figures(want.Metrics); got != want {
				t.Fatalf("campaign %s metrics %s, recomputed %s", id, got, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("reading the store: %v", err)
	}
}

// checkLine checks creator + agency == total and, unless it is a reversal
// entry, that no amount is negative.
func checkLine(t *rapid.T, what string, l attribution.Line, m commission.Line, signed bool) {
	if m.Total.Currency.IsZero() && m.Total.IsZero() {
		return // nothing owed or posted yet
	}
	sum, err := m.Creator.Add(m.Agency)
	if err != nil || !sum.Equal(m.Total) {
		t.Fatalf("line %v %s: creator %v + agency %v != total %v", l.Key, what, m.Creator, m.Agency, m.Total)
	}
	if signed {
		return
	}
	for _, x := range []commission.Money{m.Base, m.Total, m.Creator, m.Agency} {
		if x.Sign() < 0 {
			t.Fatalf("line %v %s: negative amount in %s", l.Key, what, cents(m))
		}
	}
}

// figures renders metrics with zero amounts of no currency read as zero.
func figures(m attribution.Metrics) string {
	s := func(x commission.Money) string {
		if x.IsZero() {
			return "0"
		}
		return x.String()
	}
	return fmt.Sprintf("orders %d creators %d gmv %s est %s/%s settled %s/%s",
		m.PaidOrders, m.Creators, s(m.GMV), s(m.EstimatedCreator), s(m.EstimatedAgency), s(m.SettledCreator), s(m.SettledAgency))
}
