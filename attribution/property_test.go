package attribution_test

import (
	"errors"
	"fmt"
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
	"pgregory.net/rapid"
)

// world is a random set of order lines: their events and the attribution
// the caller resolves for each line.
type world struct {
	cur    commission.Currency
	events []attribution.Event
	attr   map[attribution.LineKey]attribution.Attribution
	now    time.Time
}

var (
	genCreators  = []productlist.CreatorID{"alice", "bob", "carol"}
	genCampaigns = []struct {
		id     campaign.ID
		agency campaign.AgencyID
	}{{"c1", "ag1"}, {"c2", "ag1"}, {"c3", "ag2"}}
)

// genTerms draws terms for creator; a product's total rate is fixed per
// campaign (R3), its creator rate varies with the list and rate version.
func genTerms(t *rapid.T, creator productlist.CreatorID) attribution.Terms {
	ci := rapid.IntRange(0, len(genCampaigns)-1).Draw(t, "campaign")
	c := genCampaigns[ci]
	product := rapid.IntRange(1, 2).Draw(t, "product")
	total := commission.Rate([]int32{1250, 1500, 5000, 333, 10000, 1}[(ci*2+product)%6])
	creatorRate := commission.Rate(rapid.Int32Range(0, int32(total)).Draw(t, "creatorRate"))
	tm := attribution.Terms{
		Campaign: c.id, Agency: c.agency, Shop: "USSHOP01", Registration: "r",
		Product: registration.ProductID(fmt.Sprintf("p%d", product)),
		List:    "l1", Entry: "e-" + attribution.EntryID(creator), Creator: creator, RateVersion: rapid.IntRange(1, 3).Draw(t, "version"),
		Split: commission.Split{Total: total, Creator: creatorRate},
	}
	if rapid.Bool().Draw(t, "window") {
		tm.SettlementWindow = time.Duration(rapid.IntRange(1, 10*24).Draw(t, "windowHours")) * time.Hour
	}
	if rapid.Bool().Draw(t, "crossAgency") {
		tm.CreatorAgency = "ag9"
	}
	return tm
}

func genWorld(t *rapid.T) world {
	w := world{
		cur:  commission.MustParseCurrency(rapid.SampledFrom([]string{"USD", "JPY", "KWD"}).Draw(t, "currency")),
		attr: map[attribution.LineKey]attribution.Attribution{},
		now:  day0.Add(time.Duration(rapid.IntRange(0, 60*24).Draw(t, "nowHours")) * time.Hour),
	}
	at := func(label string) time.Time {
		return day0.Add(time.Duration(rapid.IntRange(0, 40*24).Draw(t, label)) * time.Hour)
	}
	nLines := rapid.IntRange(1, 5).Draw(t, "lines")
	for i := range nLines {
		creator := rapid.SampledFrom(genCreators).Draw(t, "creator")
		key := attribution.LineKey{Order: attribution.OrderID(fmt.Sprintf("o%d", i/2)), Line: attribution.LineID(fmt.Sprintf("%d", i%2))}
		var a attribution.Attribution
		if rapid.IntRange(0, 9).Draw(t, "unattributed") == 0 {
			a = attribution.Unattributed(attribution.NotApproved)
		} else {
			a = attribution.Attributed(genTerms(t, creator))
		}
		w.attr[key] = a
		n := 0
		add := func(k attribution.Kind, amount commission.Money) {
			n++
			w.events = append(w.events, attribution.Event{ID: attribution.EventID(fmt.Sprintf("%v-%d", key, n)), Kind: k,
				Order: key.Order, Line: key.Line, Creator: creator, Entry: "e-" + attribution.EntryID(creator),
				Amount: amount, At: at("at")})
		}
		if rapid.IntRange(0, 5).Draw(t, "unpaid") > 0 {
			paid := rapid.OneOf(rapid.Int64Range(0, 100), rapid.Int64Range(0, 10_000_000)).Draw(t, "paid")
			add(attribution.Paid, commission.FromMinor(paid, w.cur))
			left := paid
			for range rapid.IntRange(0, 3).Draw(t, "refunds") {
				// Now and then a refund above what is left of the payment
				// (shipping refunded too, a platform's error): K5 takes
				// the net base to zero, in any arrival order (A1).
				r := rapid.Int64Range(1, paid+100).Draw(t, "overRefund")
				if left > 0 && rapid.IntRange(0, 4).Draw(t, "over") > 0 {
					r = rapid.Int64Range(1, left).Draw(t, "refund")
				}
				left = max(0, left-r)
				add(attribution.Refunded, commission.FromMinor(r, w.cur))
			}
		}
		for _, k := range []attribution.Kind{attribution.Placed, attribution.Shipped, attribution.Delivered, attribution.Settled, attribution.Cancelled} {
			odds := 2
			if k == attribution.Cancelled {
				odds = 6
			}
			if rapid.IntRange(0, odds-1).Draw(t, "has"+k.String()) == 0 {
				add(k, commission.Money{})
			}
		}
	}
	return w
}

// stream returns w's events with random duplicates, in a random order.
func (w world) stream(t *rapid.T, label string) []attribution.Event {
	evs := slices.Clone(w.events)
	for range rapid.IntRange(0, min(3, len(evs))).Draw(t, label+"Dups") {
		evs = append(evs, evs[rapid.IntRange(0, len(evs)-1).Draw(t, label+"Dup")])
	}
	return rapid.Permutation(evs).Draw(t, label)
}

// ledgerStore is what a storage layer keeps: lines and incrementally
// maintained metrics with their creator tallies.
type ledgerStore struct {
	lines     map[attribution.LineKey]attribution.Line
	campaigns map[campaign.ID]attribution.CampaignMetrics
	products  map[attribution.ProductKey]attribution.ProductMetrics
	tallies   map[string]int64
}

func newLedgerStore() *ledgerStore {
	return &ledgerStore{lines: map[attribution.LineKey]attribution.Line{}, campaigns: map[campaign.ID]attribution.CampaignMetrics{},
		products: map[attribution.ProductKey]attribution.ProductMetrics{}, tallies: map[string]int64{}}
}

func (s *ledgerStore) record(t fataler, c attribution.Change) {
	t.Helper()
	d := c.Delta
	if d.Campaign == "" {
		if !d.IsZero() {
			t.Fatalf("delta without a campaign changes something: %+v", d)
		}
		return
	}
	ck := "c/" + string(d.Campaign) + "/" + string(d.Creator)
	cm, n, err := s.campaigns[d.Campaign].Add(d, s.tallies[ck])
	if err != nil {
		t.Fatalf("CampaignMetrics.Add: %v", err)
	}
	s.campaigns[d.Campaign], s.tallies[ck] = cm, n
	pk := attribution.ProductKey{Campaign: d.Campaign, Product: d.Product}
	tk := "p/" + string(d.Campaign) + "/" + string(d.Product) + "/" + string(d.Creator)
	pm, n, err := s.products[pk].Add(d, s.tallies[tk])
	if err != nil {
		t.Fatalf("ProductMetrics.Add: %v", err)
	}
	s.products[pk], s.tallies[tk] = pm, n
}

func (s *ledgerStore) apply(t fataler, w world, e attribution.Event, now time.Time) error {
	t.Helper()
	l, c, err := attribution.Apply(s.lines[e.Key()], e, w.attr[e.Key()], now)
	if err != nil {
		return err
	}
	s.lines[e.Key()] = l
	s.record(t, c)
	return nil
}

func (s *ledgerStore) sorted() []attribution.Line {
	var out []attribution.Line
	for _, l := range s.lines {
		out = append(out, l)
	}
	slices.SortFunc(out, func(a, b attribution.Line) int {
		return cmpKeys(a.Key, b.Key)
	})
	return out
}

func cmpKeys(a, b attribution.LineKey) int {
	if a.Order != b.Order {
		if a.Order < b.Order {
			return -1
		}
		return 1
	}
	if a.Line < b.Line {
		return -1
	} else if a.Line > b.Line {
		return 1
	}
	return 0
}

func (s *ledgerStore) checkRecompute(t fataler) {
	t.Helper()
	tot, err := attribution.Recompute(s.sorted())
	if err != nil {
		t.Fatalf("Recompute: %v", err)
	}
	// Incremental counters of scopes whose lines all became unpaid stay as
	// zero rows; Recompute has no row for them.
	want := map[campaign.ID]attribution.CampaignMetrics{}
	for k, m := range s.campaigns {
		if _, ok := tot.Campaigns[k]; ok || !zeroMetrics(m.Metrics) {
			want[k] = m
		}
	}
	if diff := cmp.Diff(want, tot.Campaigns, cmpOpts); diff != "" {
		t.Fatalf("A2: campaign metrics, incremental (-) vs Recompute (+):\n%s", diff)
	}
	wantP := map[attribution.ProductKey]attribution.ProductMetrics{}
	for k, m := range s.products {
		if _, ok := tot.Products[k]; ok || !zeroMetrics(m.Metrics) {
			wantP[k] = m
		}
	}
	if diff := cmp.Diff(wantP, tot.Products, cmpOpts); diff != "" {
		t.Fatalf("A2: product metrics, incremental (-) vs Recompute (+):\n%s", diff)
	}
}

// fataler is what the checks need of *testing.T and *rapid.T.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

func zeroMetrics(m attribution.Metrics) bool {
	return m.PaidOrders == 0 && m.Creators == 0 && m.GMV.IsZero() && m.EstimatedCreator.IsZero() &&
		m.EstimatedAgency.IsZero() && m.SettledCreator.IsZero() && m.SettledAgency.IsZero()
}

// A1 A2: any arrival order of the same events, with duplicates, gives the
// same lines (events and ledgers) and the same incremental metrics, and
// those metrics equal a from-scratch recomputation.
func TestPermutationsGiveSameLedgerAndMetrics(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := genWorld(t)
		var stores []*ledgerStore
		for _, label := range []string{"first", "second"} {
			s := newLedgerStore()
			seen := map[attribution.EventID]bool{}
			for _, e := range w.stream(t, label) {
				l, c, err := attribution.Apply(s.lines[e.Key()], e, w.attr[e.Key()], w.now)
				if err != nil {
					t.Fatalf("Apply(%v %v): %v", e.ID, e.Kind, err)
				}
				if c.Duplicate != seen[e.ID] || (c.Duplicate && !c.Delta.IsZero()) {
					t.Fatalf("A1: Apply(%v) again: Duplicate = %v, delta %+v", e.ID, c.Duplicate, c.Delta)
				}
				seen[e.ID] = true
				s.lines[e.Key()] = l
				s.record(t, c)
			}
			s.checkRecompute(t)
			stores = append(stores, s)
		}
		if diff := cmp.Diff(stores[0].sorted(), stores[1].sorted(), cmpOpts); diff != "" {
			t.Fatalf("A1: two arrival orders give different lines (-first +second):\n%s", diff)
		}
		if diff := cmp.Diff(stores[0].campaigns, stores[1].campaigns, cmpOpts); diff != "" {
			t.Fatalf("A1 A2: two arrival orders give different campaign metrics:\n%s", diff)
		}
		if diff := cmp.Diff(stores[0].products, stores[1].products, cmpOpts); diff != "" {
			t.Fatalf("A1 A2: two arrival orders give different product metrics:\n%s", diff)
		}
		for _, l := range stores[0].sorted() {
			checkOracle(t, w, l)
		}
	})
}

// A2 A6 K5: applying events in time order with the clock at each event's
// time (then advancing it) only ever appends ledger entries, and the
// metrics stay equal to a recomputation, including settlements by the
// window that no event triggers.
func TestTimeOrderOnlyAppends(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := genWorld(t)
		evs := slices.Clone(w.events)
		slices.SortFunc(evs, func(a, b attribution.Event) int {
			return cmpEvents(a, b)
		})
		s := newLedgerStore()
		for _, e := range evs {
			before := s.lines[e.Key()].Ledger.Entries
			if err := s.apply(t, w, e, e.At); err != nil {
				t.Fatalf("Apply(%v): %v", e.ID, err)
			}
			after := s.lines[e.Key()].Ledger.Entries
			if len(after) < len(before) || cmp.Diff(before, after[:len(before)], cmpOpts, cmpopts.EquateEmpty()) != "" {
				t.Fatalf("K5: entries of %v rewritten by %v %v:\nbefore %+v\nafter %+v", e.Key(), e.Kind, e.ID, before, after)
			}
		}
		end := day0.Add(100 * 24 * time.Hour)
		for _, l := range s.sorted() {
			next, c, err := attribution.Advance(l, end)
			if err != nil {
				t.Fatal(err)
			}
			if cmp.Diff(l.Ledger.Entries, next.Ledger.Entries[:min(len(l.Ledger.Entries), len(next.Ledger.Entries))], cmpOpts, cmpopts.EquateEmpty()) != "" ||
				len(next.Ledger.Entries) < len(l.Ledger.Entries) {
				t.Fatalf("K5: Advance rewrote entries of %v", l.Key)
			}
			s.lines[l.Key] = next
			s.record(t, c)
		}
		s.checkRecompute(t)
	})
}

func cmpEvents(a, b attribution.Event) int {
	if c := a.At.Compare(b.At); c != 0 {
		return c
	}
	if a.Kind != b.Kind {
		return int(a.Kind) - int(b.Kind)
	}
	if a.ID < b.ID {
		return -1
	}
	return 1
}

// checkOracle checks l's ledger against amounts computed with exact
// rationals by the test's own half-even rounding (K2, K5), and the ledger
// invariants: nothing owed or posted is negative, creator + agency ==
// total everywhere, entries sum to what is posted.
func checkOracle(t *rapid.T, w world, l attribution.Line) {
	led := l.Ledger
	a := w.attr[l.Key]
	var paid, refunded int64
	var hasPaid, cancelled, platformSettled bool
	var delivered *time.Time
	refunds := 0
	for _, e := range l.Events {
		switch e.Kind {
		case attribution.Paid:
			paid, hasPaid = minor(t, e.Amount), true
		case attribution.Refunded:
			refunded += minor(t, e.Amount)
			refunds++
		case attribution.Cancelled:
			cancelled = true
		case attribution.Settled:
			platformSettled = true
		case attribution.Delivered:
			if delivered == nil || e.At.Before(*delivered) {
				at := e.At
				delivered = &at
			}
		}
	}
	net := max(0, paid-refunded) // K5: never below zero
	wantTotal, wantCreator := int64(0), int64(0)
	if hasPaid && a.OK() && !cancelled {
		wantTotal, wantCreator = oracleRound(net, a.Terms.Split.Total), oracleRound(net, a.Terms.Split.Creator)
	}
	settled := platformSettled || (a.Terms.SettlementWindow > 0 && delivered != nil && !w.now.Before(delivered.Add(a.Terms.SettlementWindow)))
	if !hasPaid {
		if led.Status != attribution.StatusUnpaid && led.Status != attribution.StatusVoid {
			t.Fatalf("%v: unpaid line has status %v", l.Key, led.Status)
		}
		return
	}
	if a.OK() && !settled {
		// A6: pending until it settles; cancelled, or refunded in full
		// while pending, it is void.
		want := attribution.StatusPending
		if cancelled || (refunds > 0 && net == 0) {
			want = attribution.StatusVoid
		}
		if led.Status != want {
			t.Fatalf("A6: %v is %v, want %v (net %d after %d refunds, cancelled %v)", l.Key, led.Status, want, net, refunds, cancelled)
		}
	}
	if got := minor(t, led.Owed.Total); got != wantTotal {
		t.Fatalf("K2 K5: %v owes total %d, oracle %d (net %d, %v)", l.Key, got, wantTotal, net, a.Terms.Split)
	}
	if got := minor(t, led.Owed.Creator); got != wantCreator {
		t.Fatalf("K2 K5: %v owes creator %d, oracle %d (net %d, %v)", l.Key, got, wantCreator, net, a.Terms.Split)
	}
	wantPosted := int64(0)
	if settled && a.OK() {
		wantPosted = wantTotal
	}
	if got := minor(t, led.Posted.Total); got != wantPosted {
		t.Fatalf("A6: %v posted total %d, want %d (settled %v, status %v)", l.Key, got, wantPosted, settled, led.Status)
	}
	for _, ln := range []commission.Line{led.Owed, led.Posted} {
		checkLine(t, l.Key, ln, false)
	}
	sum := [4]int64{}
	for i, e := range led.Entries {
		checkLine(t, l.Key, e.Amounts, e.Kind == attribution.Reversal)
		if e.Seq != i+1 || (i == 0) != (e.Kind == attribution.Settlement) {
			t.Fatalf("A6: %v entry %d is %v #%d", l.Key, i, e.Kind, e.Seq)
		}
		if e.Terms != a.Terms || len(e.Events) == 0 {
			t.Fatalf("A6 K3: %v entry %d does not explain itself: %+v", l.Key, i, e)
		}
		for j, m := range []commission.Money{e.Amounts.Base, e.Amounts.Total, e.Amounts.Creator, e.Amounts.Agency} {
			sum[j] += minor(t, m)
		}
	}
	for j, m := range []commission.Money{led.Posted.Base, led.Posted.Total, led.Posted.Creator, led.Posted.Agency} {
		if len(led.Entries) > 0 && sum[j] != minor(t, m) {
			t.Fatalf("K5: %v entries sum to %v, posted %v", l.Key, sum, led.Posted)
		}
	}
}

// checkLine asserts creator + agency == total and, unless reversal, that
// nothing is negative.
func checkLine(t *rapid.T, k attribution.LineKey, ln commission.Line, reversal bool) {
	b, tot, c, a := minor(t, ln.Base), minor(t, ln.Total), minor(t, ln.Creator), minor(t, ln.Agency)
	if c+a != tot {
		t.Fatalf("K2: %v line %v: creator + agency != total", k, ln)
	}
	if !reversal && (b < 0 || tot < 0 || c < 0 || a < 0) {
		t.Fatalf("K5: %v line %v is negative", k, ln)
	}
	if reversal && (b > 0 || tot > 0 || c > 0) {
		t.Fatalf("K5: %v reversal %v is positive", k, ln)
	}
}

func minor(t *rapid.T, m commission.Money) int64 {
	n, ok := m.Minor()
	if !ok {
		t.Fatalf("%v is not whole minor units", m)
	}
	return n
}

// oracleRound is base × rate/10000 rounded half to even, with big.Rat and
// rounding code of the test's own.
func oracleRound(base int64, rate commission.Rate) int64 {
	x := new(big.Rat).Mul(new(big.Rat).SetInt64(base), big.NewRat(int64(rate), 10000))
	q, r := new(big.Int).QuoRem(x.Num(), x.Denom(), new(big.Int))
	switch new(big.Int).Lsh(r, 1).Cmp(x.Denom()) {
	case 1:
		q.Add(q, big.NewInt(1))
	case 0:
		if q.Bit(0) == 1 {
			q.Add(q, big.NewInt(1))
		}
	}
	return q.Int64()
}

// K3: however events carrying two different attributions of the same line
// arrive, the line is attributed to the campaign of the first one applied,
// the others are refused with ErrConflict, and every entry of every line
// names one campaign.
func TestNeverPaidThroughTwoCampaigns(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := genWorld(t)
		alt := map[attribution.LineKey]attribution.Attribution{}
		for k, a := range w.attr {
			b := a
			if !a.OK() {
				b = attribution.Attributed(genTerms(t, w.creatorOf(k)))
			}
			b.Terms.Campaign, b.Terms.Agency = "cX", "agX"
			b.Terms.Split = commission.Split{Total: 1000, Creator: 500} // one total rate per product (R3)
			alt[k] = b
		}
		s := newLedgerStore()
		first := map[attribution.LineKey]attribution.Attribution{}
		for _, e := range w.stream(t, "stream") {
			a := w.attr[e.Key()]
			if rapid.Bool().Draw(t, "alt") {
				a = alt[e.Key()]
			}
			l, c, err := attribution.Apply(s.lines[e.Key()], e, a, w.now)
			f, seen := first[e.Key()]
			switch {
			case !seen && err != nil:
				t.Fatalf("first Apply(%v) = %v", e.ID, err)
			case seen && a != f && !c.Duplicate && !errors.Is(err, attribution.ErrConflict):
				t.Fatalf("K3: Apply(%v) under another attribution = %v, want ErrConflict", e.ID, err)
			case err != nil && !errors.Is(err, attribution.ErrConflict):
				t.Fatalf("Apply(%v) = %v", e.ID, err)
			}
			if err != nil {
				continue
			}
			if !seen {
				first[e.Key()] = a
			}
			s.lines[e.Key()] = l
			s.record(t, c)
		}
		for _, l := range s.sorted() {
			if l.Attribution != first[l.Key] {
				t.Fatalf("K3: %v attributed to %v, first was %v", l.Key, l.Attribution.Terms.Campaign, first[l.Key].Terms.Campaign)
			}
			for _, e := range l.Ledger.Entries {
				if e.Terms.Campaign != l.Attribution.Terms.Campaign {
					t.Fatalf("K3: %v has an entry through %v and is attributed to %v", l.Key, e.Terms.Campaign, l.Attribution.Terms.Campaign)
				}
			}
		}
		s.checkRecompute(t)
	})
}

func (w world) creatorOf(k attribution.LineKey) productlist.CreatorID {
	for _, e := range w.events {
		if e.Key() == k {
			return e.Creator
		}
	}
	return "alice"
}
