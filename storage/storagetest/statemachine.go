package storagetest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
	"pgregory.net/rapid"
)

// stateMachine runs random repository operations against s and a plain map
// model, checking after each step that the store answers as the model
// does. All runs share s (a fresh store per run would cost SQL backends a
// database each); each run names its records with its own prefix and
// reads only those.
func stateMachine(t *testing.T, s storage.Store) {
	runs := 0
	rapid.Check(t, func(rt *rapid.T) {
		runs++
		m := &model{
			s: s, ns: fmt.Sprintf("sm%04d-", runs),
			campaigns: map[campaign.ID]campaign.Campaign{},
			lists:     map[productlist.ListID]productlist.List{},
			regs:      map[registration.ID]registration.Registration{},
			regKeys:   map[[3]string]registration.ID{},
			lines:     map[attribution.LineKey]attribution.Line{},
			events:    map[attribution.EventID]attribution.LineKey{},
			acks:      map[string]int64{},
		}
		if err := s.View(context.Background(), func(tx storage.Tx) error {
			msgs, err := tx.Outbox().Read(0, storage.MaxLimit)
			for len(msgs) > 0 && err == nil {
				m.seq0 = msgs[len(msgs)-1].Seq
				msgs, err = tx.Outbox().Read(m.seq0, storage.MaxLimit)
			}
			return err
		}); err != nil {
			rt.Fatalf("reading the outbox: %v", err)
		}
		rt.Repeat(rapid.StateMachineActions(m))
		m.Compare(rt)
	})
}

// model is what the store should hold, as plain maps.
type model struct {
	s         storage.Store
	ns        string
	campaigns map[campaign.ID]campaign.Campaign
	lists     map[productlist.ListID]productlist.List
	regs      map[registration.ID]registration.Registration
	regKeys   map[[3]string]registration.ID
	lines     map[attribution.LineKey]attribution.Line
	events    map[attribution.EventID]attribution.LineKey
	msgs      []storage.Message
	seq0      int64 // the outbox's last Seq before this run
	acks      map[string]int64
}

func (m *model) campaignID(t *rapid.T) campaign.ID {
	return campaign.ID(m.ns + "c-" + rapid.SampledFrom([]string{"0", "1", "2"}).Draw(t, "campaign"))
}

func (m *model) agency(t *rapid.T) campaign.AgencyID {
	return campaign.AgencyID(m.ns + "ag-" + rapid.SampledFrom([]string{"0", "1"}).Draw(t, "agency"))
}

func (m *model) listID(t *rapid.T) productlist.ListID {
	return productlist.ListID(m.ns + "l-" + rapid.SampledFrom([]string{"0", "1", "2", "3"}).Draw(t, "list"))
}

// update runs fn in an Update and checks its error against want.
func (m *model) update(t *rapid.T, what string, want error, fn func(storage.Tx) error) bool {
	err := m.s.Update(context.Background(), fn)
	if (want == nil) != (err == nil) || (want != nil && !errors.Is(err, want)) {
		t.Fatalf("%s = %v, want %v", what, err, want)
	}
	return err == nil
}

func (m *model) CreateCampaign(t *rapid.T) {
	c := newCampaign(m.campaignID(t), m.agency(t), rapid.SampledFrom([]int{0, 1, 2, 101}).Draw(t, "codes"))
	var want error
	if _, ok := m.campaigns[c.ID]; ok {
		want = storage.ErrConflict
	} else if len(c.Details.Sellers.ShopCodes) > campaign.MaxShopCodes {
		want = storage.ErrLimit // C3
	}
	if m.update(t, "Campaigns().Create", want, func(tx storage.Tx) error { return tx.Campaigns().Create(c) }) {
		m.campaigns[c.ID] = c
	}
}

func (m *model) UpdateCampaign(t *rapid.T) {
	id := m.campaignID(t)
	c, ok := m.campaigns[id]
	if !ok {
		c = newCampaign(id, m.agency(t), 1)
	}
	n := rapid.SampledFrom([]int{1, 3, 101}).Draw(t, "pending codes")
	c = withPending(c, n)
	c.Details.Name = rapid.StringMatching(`[a-z]{1,8}`).Draw(t, "name")
	var want error
	if !ok {
		want = storage.ErrNotFound
	} else if n > campaign.MaxShopCodes {
		want = storage.ErrLimit // C3
	}
	if m.update(t, "Campaigns().Update", want, func(tx storage.Tx) error { return tx.Campaigns().Update(c) }) {
		m.campaigns[c.ID] = c
	}
}

func (m *model) CreateList(t *rapid.T) {
	l := newList(m.listID(t), m.agency(t), rapid.SampledFrom([]string{"Summer", "summer sale", "Winter"}).Draw(t, "name"),
		rapid.SampledFrom([]int{0, 1, 2, 101}).Draw(t, "products"))
	var want error
	if _, ok := m.lists[l.ID]; ok {
		want = storage.ErrConflict
	} else if len(l.Entries) > productlist.MaxProducts {
		want = storage.ErrLimit // P2
	}
	if m.update(t, "Lists().Create", want, func(tx storage.Tx) error { return tx.Lists().Create(l) }) {
		m.lists[l.ID] = l
	}
}

func (m *model) UpdateList(t *rapid.T) {
	id := m.listID(t)
	old, ok := m.lists[id]
	agency := old.Agency
	if !ok {
		agency = m.agency(t)
	}
	l := newList(id, agency, "Renamed", rapid.SampledFrom([]int{1, 3, 101}).Draw(t, "products"))
	var want error
	if !ok {
		want = storage.ErrNotFound
	} else if len(l.Entries) > productlist.MaxProducts {
		want = storage.ErrLimit // P2
	}
	if m.update(t, "Lists().Update", want, func(tx storage.Tx) error { return tx.Lists().Update(l) }) {
		m.lists[l.ID] = l
	}
}

func (m *model) DeleteList(t *rapid.T) {
	id := m.listID(t)
	var want error
	if _, ok := m.lists[id]; !ok {
		want = storage.ErrNotFound
	}
	if m.update(t, "Lists().Delete", want, func(tx storage.Tx) error { return tx.Lists().Delete(id) }) {
		delete(m.lists, id)
	}
}

func (m *model) CreateRegistration(t *rapid.T) {
	id := registration.ID(m.ns + "r-" + rapid.SampledFrom([]string{"0", "1", "2", "3", "4"}).Draw(t, "registration"))
	r := newRegistration(id, m.campaignID(t), m.agency(t), shopCode(rapid.IntRange(0, 1).Draw(t, "shop")),
		registration.ProductID(rapid.SampledFrom([]string{"p-0", "p-1"}).Draw(t, "product")))
	uk := [3]string{string(r.Campaign), string(r.Shop), string(r.Product)}
	var want error
	if _, ok := m.regs[id]; ok {
		want = storage.ErrConflict
	} else if _, ok := m.regKeys[uk]; ok {
		want = storage.ErrConflict
	}
	if m.update(t, "Registrations().Create", want, func(tx storage.Tx) error { return tx.Registrations().Create(r) }) {
		m.regs[id] = r
		m.regKeys[uk] = id
	}
}

func (m *model) UpdateRegistration(t *rapid.T) {
	id := registration.ID(m.ns + "r-" + rapid.SampledFrom([]string{"0", "1", "2", "3", "4"}).Draw(t, "registration"))
	r, ok := m.regs[id]
	if !ok {
		r = newRegistration(id, m.campaignID(t), m.agency(t), shopCode(0), "p-0")
	}
	r.State = rapid.SampledFrom([]registration.State{registration.Approved, registration.Rejected}).Draw(t, "state")
	r.UpdatedAt = now.Add(1)
	var want error
	if !ok {
		want = storage.ErrNotFound
	}
	if m.update(t, "Registrations().Update", want, func(tx storage.Tx) error { return tx.Registrations().Update(r) }) {
		m.regs[id] = r
	}
}

// PutLine stores a line holding one or two event ids from a small pool, so
// ids collide across lines (A1).
func (m *model) PutLine(t *rapid.T) {
	key := attribution.LineKey{Order: attribution.OrderID(m.ns + "o-" + rapid.SampledFrom([]string{"0", "1", "2"}).Draw(t, "order")), Line: "1"}
	creator := productlist.CreatorID(m.ns + "creator")
	ids := rapid.SliceOfNDistinct(rapid.SampledFrom([]string{"0", "1", "2", "3"}), 1, 2, func(s string) string { return s }).Draw(t, "events")
	l := attribution.Line{Key: key, Creator: creator, Attribution: attribution.Attributed(terms(campaign.ID(m.ns+"c-0"), campaign.AgencyID(m.ns+"ag-0"), shopCode(0), creator))}
	var want error
	for i, id := range ids {
		ev := paid(attribution.EventID(m.ns+"ev-"+id), key, creator, now.Add(time.Duration(i)*time.Second), "1.00")
		l.Events = append(l.Events, ev)
		if at, ok := m.events[ev.ID]; ok && at != key {
			want = storage.ErrConflict // A1
		}
	}
	if m.update(t, "Orders().Put", want, func(tx storage.Tx) error { return tx.Orders().Put(l) }) {
		if old, ok := m.lines[key]; ok {
			for _, e := range old.Events {
				delete(m.events, e.ID)
			}
		}
		for _, e := range l.Events {
			m.events[e.ID] = key
		}
		m.lines[key] = l
	}
}

func (m *model) Append(t *rapid.T) {
	n := rapid.IntRange(1, 3).Draw(t, "messages")
	var msgs []storage.Message
	for i := range n {
		msgs = append(msgs, storage.Message{Kind: m.ns + "k", Key: fmt.Sprint(len(m.msgs) + i), At: now})
	}
	var got []storage.Message
	m.update(t, "Outbox().Append", nil, func(tx storage.Tx) error {
		var err error
		got, err = tx.Outbox().Append(msgs...)
		return err
	})
	m.msgs = append(m.msgs, got...)
}

func (m *model) Ack(t *rapid.T) {
	if len(m.msgs) == 0 {
		t.Skip("nothing to acknowledge")
	}
	reader := m.ns + rapid.SampledFrom([]string{"mailer", "audit"}).Draw(t, "reader")
	seq := m.msgs[rapid.IntRange(0, len(m.msgs)-1).Draw(t, "message")].Seq
	m.update(t, "Outbox().Ack", nil, func(tx storage.Tx) error { return tx.Outbox().Ack(reader, seq) })
	m.acks[reader] = max(m.acks[reader], seq)
}

// RolledBack writes to every repository, then fails: the model is left
// as it is.
func (m *model) RolledBack(t *rapid.T) {
	id := m.campaignID(t)
	m.update(t, "failing Update", errBoom, func(tx storage.Tx) error {
		if c, ok := m.campaigns[id]; ok {
			c.Details.Name = "rolled back"
			_ = tx.Campaigns().Update(c)
		} else {
			_ = tx.Campaigns().Create(newCampaign(id, m.agency(t), 1))
		}
		for lid := range m.lists {
			_ = tx.Lists().Delete(lid)
		}
		_ = tx.Lists().Create(newList(productlist.ListID(m.ns+"l-rb"), m.agency(t), "Rolled back", 1))
		_ = tx.Registrations().Create(newRegistration(registration.ID(m.ns+"r-rb"), id, m.agency(t), shopCode(9), "p-9"))
		_, _ = tx.Outbox().Append(storage.Message{Kind: m.ns + "rb", At: now})
		return errBoom
	})
}

// Check runs after every step, so it is cheap: one listing per agency and
// repository, compared by id, and the list counts. Compare, a step of its
// own and the end of every run, compares every value.
func (m *model) Check(t *rapid.T) {
	err := m.s.View(context.Background(), func(tx storage.Tx) error {
		for _, a := range []string{"0", "1"} {
			agency := campaign.AgencyID(m.ns + "ag-" + a)
			cs, _, err := tx.Campaigns().List(storage.CampaignQuery{Agency: agency}, storage.Page{})
			check(t, "Campaigns().List ids", err,
				ids(sorted(m.campaigns, func(c campaign.Campaign) bool { return c.Agency == agency }), func(c campaign.Campaign) campaign.ID { return c.ID }),
				ids(cs, func(c campaign.Campaign) campaign.ID { return c.ID }))
			ls, _, err := tx.Lists().List(storage.ListQuery{Agency: agency}, storage.Page{})
			want := sorted(m.lists, func(l productlist.List) bool { return l.Agency == agency })
			check(t, "Lists().List ids", err,
				ids(want, func(l productlist.List) productlist.ListID { return l.ID }),
				ids(ls, func(l productlist.List) productlist.ListID { return l.ID }))
			n, err := tx.Lists().Count(agency)
			check(t, "Lists().Count", err, len(want), n)
			rs, _, err := tx.Registrations().List(storage.RegistrationQuery{Agency: agency}, storage.Page{})
			check(t, "Registrations().List ids", err,
				ids(sorted(m.regs, func(r registration.Registration) bool { return r.Agency == agency }), func(r registration.Registration) registration.ID { return r.ID }),
				ids(rs, func(r registration.Registration) registration.ID { return r.ID }))
		}
		return nil
	})
	if err != nil {
		t.Fatalf("View: %v", err)
	}
}

// ids returns the ids of vs.
func ids[V any, K any](vs []V, id func(V) K) []K {
	out := make([]K, len(vs))
	for i, v := range vs {
		out[i] = id(v)
	}
	return out
}

// Compare compares every record of the run and every listing of it with
// the model.
func (m *model) Compare(t *rapid.T) {
	err := m.s.View(context.Background(), func(tx storage.Tx) error {
		for _, i := range []string{"0", "1", "2"} {
			id := campaign.ID(m.ns + "c-" + i)
			got, err := tx.Campaigns().Get(id)
			same(t, "Campaigns().Get("+string(id)+")", m.campaigns, id, got, err)
		}
		for _, i := range []string{"0", "1", "2", "3", "rb"} {
			id := productlist.ListID(m.ns + "l-" + i)
			got, err := tx.Lists().Get(id)
			same(t, "Lists().Get("+string(id)+")", m.lists, id, got, err)
		}
		for _, i := range []string{"0", "1", "2", "3", "4", "rb"} {
			id := registration.ID(m.ns + "r-" + i)
			got, err := tx.Registrations().Get(id)
			same(t, "Registrations().Get("+string(id)+")", m.regs, id, got, err)
		}
		for _, i := range []string{"0", "1", "2", "3"} {
			id := attribution.EventID(m.ns + "ev-" + i)
			got, err := tx.Orders().LineOf(id)
			same(t, "Orders().LineOf("+string(id)+")", m.events, id, got, err)
		}
		for _, a := range []string{"0", "1"} {
			agency := campaign.AgencyID(m.ns + "ag-" + a)
			cs, _, err := tx.Campaigns().List(storage.CampaignQuery{Agency: agency}, storage.Page{})
			check(t, "Campaigns().List", err, sorted(m.campaigns, func(c campaign.Campaign) bool { return c.Agency == agency }), cs)
			ls, _, err := tx.Lists().List(storage.ListQuery{Agency: agency}, storage.Page{})
			check(t, "Lists().List", err, sorted(m.lists, func(l productlist.List) bool { return l.Agency == agency }), ls)
			n, err := tx.Lists().Count(agency)
			check(t, "Lists().Count", err, len(ls), n)
			rs, _, err := tx.Registrations().List(storage.RegistrationQuery{Agency: agency}, storage.Page{})
			check(t, "Registrations().List", err, sorted(m.regs, func(r registration.Registration) bool { return r.Agency == agency }), rs)
		}
		lines, _, err := tx.Orders().List(storage.LineQuery{Creator: productlist.CreatorID(m.ns + "creator")}, storage.Page{})
		var want []attribution.Line
		for _, k := range slices.SortedFunc(maps.Keys(m.lines), func(a, b attribution.LineKey) int {
			return compareStrings(string(a.Order)+"\x00"+string(a.Line), string(b.Order)+"\x00"+string(b.Line))
		}) {
			want = append(want, m.lines[k])
		}
		check(t, "Orders().List", err, want, lines)
		msgs, err := tx.Outbox().Read(m.seq0, storage.MaxLimit)
		var mine []storage.Message
		for _, msg := range msgs {
			if strings.HasPrefix(msg.Kind, m.ns) {
				mine = append(mine, msg)
			}
		}
		check(t, "Outbox().Read", err, m.msgs, mine)
		for _, r := range []string{"mailer", "audit"} {
			n, err := tx.Outbox().Acked(m.ns + r)
			check(t, "Outbox().Acked", err, m.acks[m.ns+r], n)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("View: %v", err)
	}
}

// same checks a Get's answer against the model's map.
func same[K comparable, V any](t *rapid.T, what string, model map[K]V, id K, got V, err error) {
	t.Helper()
	want, ok := model[id]
	if !ok {
		if !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("%s = %v, %v; want ErrNotFound", what, got, err)
		}
		return
	}
	check(t, what, err, want, got)
}

// check fails t on err or a difference between want and got.
func check(t *rapid.T, what string, err error, want, got any) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if d := cmp.Diff(want, got, cmpOpts); d != "" {
		t.Fatalf("%s mismatch (-model +store):\n%s", what, d)
	}
}

// sorted returns the values of m that keep accepts, by key.
func sorted[K ~string, V any](m map[K]V, keep func(V) bool) []V {
	var out []V
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if keep(m[k]) {
			out = append(out, m[k])
		}
	}
	return out
}
