package partnerkit_test

// Concurrency and idempotency of order events on every backend (A1, K3,
// K5, A2, the storage contract), written by an independent reviewer and
// kept as a regression suite. Several Services, each over its own Store
// on one SQLite file or one PostgreSQL schema (as several host processes
// would have), or one memory store, ingest overlapping permutations of
// one event stream at once.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
	"github.com/partnerkit/partnerkit/storage/postgres"
	"github.com/partnerkit/partnerkit/storage/sqlite"
)

var hostsOpts = []cmp.Option{
	cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
	cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }),
	cmp.Comparer(func(a, b commission.Currency) bool { return a == b }),
}

// hostsOpener returns a function that opens one more Store on the same
// database each call (memory: the same store every call).
type hostsOpener func(t *testing.T) func() storage.Store

func hostsBackends() []struct {
	name string
	open hostsOpener
} {
	return []struct {
		name string
		open hostsOpener
	}{
		{"memory", func(t *testing.T) func() storage.Store {
			st := memory.New()
			return func() storage.Store { return st }
		}},
		{"sqlite", func(t *testing.T) func() storage.Store {
			path := filepath.Join(t.TempDir(), "hosts.db")
			return func() storage.Store {
				s, err := sqlite.Open(context.Background(), path, sqlite.Options{})
				if err != nil {
					t.Fatalf("sqlite.Open: %v", err)
				}
				t.Cleanup(func() { s.Close() })
				return s
			}
		}},
		{"postgres", func(t *testing.T) func() storage.Store {
			dsn := os.Getenv("PARTNERKIT_POSTGRES_DSN")
			if dsn == "" {
				t.Skip("PARTNERKIT_POSTGRES_DSN is unset")
			}
			schema := schemaName("hosts_")
			t.Cleanup(func() { dropSchema(t, dsn, schema) })
			return func() storage.Store {
				s, err := postgres.Open(context.Background(), dsn, postgres.Options{Schema: schema})
				if err != nil {
					t.Fatalf("postgres.Open: %v", err)
				}
				t.Cleanup(func() { s.Close() })
				return s
			}
		}},
	}
}

// hostsWorld is a world on a first store plus more Services, each on its own
// Store on the same database, sharing the world's clock and keys.
type hostsWorld struct {
	*world
	svcs []*partnerkit.Service
}

func newHostsWorld(t *testing.T, open func() storage.Store, nsvc int) *hostsWorld {
	t.Helper()
	w := newWorldOn(t, open(), partnerkit.Options{})
	w.accept(w.maya, w.listLink, w.rivalLink)
	w.accept(w.leo, w.listLink)
	rw := &hostsWorld{world: w, svcs: []*partnerkit.Service{w.svc}}
	for range nsvc - 1 {
		rw.svcs = append(rw.svcs, partnerkit.New(open(), partnerkit.Options{
			Clock: w.clock.Now,
			Keys:  productlist.KeySet{Keys: []productlist.Key{keyAurora, keyRival}},
			// Only ingest runs on these Services; ids are never minted.
			NewID:       counter(),
			GroupCommit: hostsGroup,
		}))
	}
	return rw
}

// hostsStream builds the events of n lines: each line's own events (the
// "good" ones, distinct ids) and "bad" ones that conflict with them:
// a same-id twin with other content, an event through another entry
// (another campaign: K3), one through another creator, a second payment.
func hostsStream(w *world, r *rand.Rand, n int) (good, bad []attribution.Event) {
	type via struct {
		c   partnerkit.Creator
		reg func() attribution.EntryID
	}
	entry := func(reg string) attribution.EntryID {
		switch reg {
		case "serum":
			return partnerkit.EntryOf(w.serum.Shop, w.serum.Product)
		case "mask":
			return partnerkit.EntryOf(w.mask.Shop, w.mask.Product)
		default:
			return partnerkit.EntryOf(w.cream.Shop, w.cream.Product)
		}
	}
	mustMoney := func(cents int64) commission.Money {
		m, err := commission.NewMoney(decimal.New(cents, -2).StringFixed(2), "USD")
		if err != nil {
			panic(err)
		}
		return m
	}
	for j := range n {
		order := attribution.OrderID(fmt.Sprintf("o-%03d", j))
		placed := day(3, 2).Add(time.Duration(j) * time.Minute)
		creator, reg := w.maya.ID, []string{"serum", "mask", "cream"}[r.IntN(3)]
		if r.IntN(4) == 0 {
			creator, reg = w.leo.ID, []string{"serum", "mask", "cream"}[r.IntN(3)] // leo has no cream: unattributed
		}
		ev := func(id string, k attribution.Kind, m commission.Money, at time.Time) attribution.Event {
			return attribution.Event{ID: attribution.EventID(string(order) + "-" + id), Kind: k, Order: order, Line: "1",
				Creator: creator, Entry: entry(reg), Amount: m, At: at, Placed: placed}
		}
		paidCents := int64(100 + r.IntN(20000))
		var evs []attribution.Event
		evs = append(evs, ev("paid", attribution.Paid, mustMoney(paidCents), placed.Add(time.Hour)))
		if r.IntN(2) == 0 {
			evs = append(evs, ev("shipped", attribution.Shipped, commission.Money{}, placed.Add(24*time.Hour)))
		}
		if r.IntN(3) > 0 {
			// Early: the window (15 days) passes before the clock; late: not.
			d := placed.Add(48 * time.Hour)
			if r.IntN(2) == 0 {
				d = day(4, 15)
			}
			evs = append(evs, ev("delivered", attribution.Delivered, commission.Money{}, d))
		}
		for k := range r.IntN(3) {
			// Refunds up to 1.5x the payment in all, before or after any settlement.
			cents := 1 + r.Int64N(paidCents*3/4)
			evs = append(evs, ev(fmt.Sprintf("refund%d", k), attribution.Refunded, mustMoney(cents),
				placed.Add(time.Duration(2+r.IntN(40*24))*time.Hour)))
		}
		if r.IntN(2) == 0 {
			evs = append(evs, ev("settled", attribution.Settled, commission.Money{},
				placed.Add(time.Duration(1+r.IntN(30*24))*time.Hour)))
		}
		if r.IntN(10) == 0 {
			evs = append(evs, ev("cancelled", attribution.Cancelled, commission.Money{}, placed.Add(3*time.Hour)))
		}
		if r.IntN(3) == 0 {
			// A platform that sends the entry with some events only.
			for i := range evs {
				if r.IntN(2) == 0 {
					evs[i].Entry = ""
				}
			}
		}
		good = append(good, evs...)

		// Conflicts.
		if r.IntN(3) == 0 {
			// The same id on another line.
			moved := evs[r.IntN(len(evs))]
			moved.Order = attribution.OrderID(fmt.Sprintf("o-%03d", r.IntN(n+5)))
			if moved.Order != order {
				bad = append(bad, moved)
			}
		}
		twin := evs[r.IntN(len(evs))]
		twin.At = twin.At.Add(time.Second)
		bad = append(bad, twin)
		if r.IntN(2) == 0 {
			other := ev("other-entry", attribution.Shipped, commission.Money{}, placed.Add(25*time.Hour))
			switch {
			case reg == "cream" && creator == w.maya.ID:
				other.Entry = entry("serum")
			default:
				if creator == w.maya.ID {
					other.Entry = entry("cream") // the rival's campaign
				} else {
					other.Entry = entry(map[string]string{"serum": "mask", "mask": "serum", "cream": "serum"}[reg])
				}
			}
			bad = append(bad, other)
		}
		if r.IntN(2) == 0 {
			other := ev("other-creator", attribution.Shipped, commission.Money{}, placed.Add(26*time.Hour))
			other.Creator = map[productlist.CreatorID]productlist.CreatorID{w.maya.ID: w.leo.ID, w.leo.ID: w.maya.ID}[creator]
			other.Entry = entry("serum")
			bad = append(bad, other)
		}
		if r.IntN(2) == 0 {
			bad = append(bad, ev("paid2", attribution.Paid, mustMoney(paidCents+1), placed.Add(2*time.Hour)))
		}
	}
	return good, bad
}

type hostsOutcome struct {
	ev        attribution.Event
	dup       bool
	err       error
	via       string
	batchSize int
}

// hostsIngest has workers goroutines, spread over the Services, each ingest
// its own permutation of all events (some twice), in single calls and
// batches; it returns every outcome.
func hostsIngest(t *testing.T, rw *hostsWorld, seed uint64, workers int, all []attribution.Event) []hostsOutcome {
	t.Helper()
	var mu sync.Mutex
	var out []hostsOutcome
	var wg sync.WaitGroup
	startGate := make(chan struct{})
	for wk := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, uint64(wk)))
			svc := rw.svcs[wk%len(rw.svcs)]
			perm := append([]attribution.Event(nil), all...)
			for range len(all) / 4 { // exact duplicates, in the same stream
				perm = append(perm, all[r.IntN(len(all))])
			}
			r.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
			<-startGate
			var local []hostsOutcome
			for len(perm) > 0 {
				if r.IntN(2) == 0 {
					ev := perm[0]
					perm = perm[1:]
					_, err := svc.IngestEvent(context.Background(), rw.host, ev)
					local = append(local, hostsOutcome{ev: ev, err: err, via: "IngestEvent", batchSize: 1})
					continue
				}
				n := min(len(perm), 1+r.IntN(12))
				batch := perm[:n]
				perm = perm[n:]
				rs, err := svc.IngestEvents(context.Background(), rw.host, batch)
				if err != nil {
					for _, ev := range batch {
						local = append(local, hostsOutcome{ev: ev, err: err, via: "IngestEvents(batch error)", batchSize: n})
					}
					continue
				}
				for i, res := range rs {
					local = append(local, hostsOutcome{ev: batch[i], dup: res.Duplicate, err: res.Err, via: "IngestEvents", batchSize: n})
				}
			}
			mu.Lock()
			out = append(out, local...)
			mu.Unlock()
		}()
	}
	close(startGate)
	wg.Wait()
	return out
}

// hostsLines returns every stored line, by key.
func hostsLines(t *testing.T, st storage.Store) map[attribution.LineKey]attribution.Line {
	t.Helper()
	out := map[attribution.LineKey]attribution.Line{}
	err := st.View(context.Background(), func(tx storage.Tx) error {
		p := storage.Page{Limit: 100}
		for {
			ls, next, err := tx.Orders().List(storage.LineQuery{}, p)
			if err != nil {
				return err
			}
			for _, l := range ls {
				if _, ok := out[l.Key]; ok {
					return fmt.Errorf("line %v listed twice", l.Key)
				}
				out[l.Key] = l
			}
			if next == "" {
				return nil
			}
			p.After = next
		}
	})
	if err != nil {
		t.Fatalf("listing lines: %v", err)
	}
	return out
}

// hostsCheck checks the store against a fresh memory world given the same
// final set of events in one sequential ingest.
func hostsCheck(t *testing.T, rw *hostsWorld, outs []hostsOutcome) {
	t.Helper()
	ctx := context.Background()
	stores := rw.store
	got := hostsLines(t, stores)

	// 1. Every error is a refusal the docs allow: ErrConflict only, here.
	nerr := map[string]int{}
	for _, o := range outs {
		switch {
		case o.err == nil:
		case errors.Is(o.err, partnerkit.ErrConflict):
			nerr["conflict"]++
		default:
			nerr["other"]++
			t.Errorf("event %s (%v) via %s (batch of %d): unexpected error %v (ErrBusy: %v)", o.ev.ID, o.ev.Kind, o.via, o.batchSize, o.err, errors.Is(o.err, partnerkit.ErrBusy))
		}
	}
	t.Logf("outcomes: %d, conflicts %d, other errors %d, lines %d", len(outs), nerr["conflict"], nerr["other"], len(got))

	// 2. Each event id stored once, on one line.
	where := map[attribution.EventID]attribution.LineKey{}
	for k, l := range got {
		for _, e := range l.Events {
			if o, ok := where[e.ID]; ok {
				t.Errorf("event %s stored on %v and %v", e.ID, o, k)
			}
			where[e.ID] = k
		}
	}

	// 3. Every accepted event is in the store with its content.
	stored := map[attribution.EventID]attribution.Event{}
	for _, l := range got {
		for _, e := range l.Events {
			stored[e.ID] = e
		}
	}
	for _, o := range outs {
		if o.err != nil {
			continue
		}
		if s, ok := stored[o.ev.ID]; !ok || !s.Equal(o.ev) {
			t.Errorf("event %s accepted (dup=%v via %s) but stored as %+v (present %v)", o.ev.ID, o.dup, o.via, s, ok)
		}
	}

	// 4. The oracle: a memory world fed the stored events sequentially.
	ow := newWorld(t)
	ow.accept(ow.maya, ow.listLink, ow.rivalLink)
	ow.accept(ow.leo, ow.listLink)
	ow.clock.Set(rw.clock.Now())
	var final []attribution.Event
	keys := make([]attribution.LineKey, 0, len(got))
	for k := range got {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	for _, k := range keys {
		final = append(final, got[k].Events...)
	}
	if len(final) > 0 {
		ow.ingest(final...)
	}
	want := hostsLines(t, ow.store)
	if d := cmp.Diff(want, got, hostsOpts...); d != "" {
		t.Errorf("lines differ from a sequential ingest of their events (-want +got):\n%s", d)
	}
	for _, c := range []struct {
		a  partnerkit.Agency
		id campaign.ID
	}{{rw.agency, rw.camp.ID}, {rw.rival, rw.rivalCamp.ID}} {
		wm, werr := ow.svc.CampaignMetrics(ctx, c.a, c.id)
		gm, gerr := rw.svc.CampaignMetrics(ctx, c.a, c.id)
		if d := cmp.Diff(wm, gm, hostsOpts...); d != "" || (werr == nil) != (gerr == nil) {
			t.Errorf("CampaignMetrics(%s) differ (-sequential +concurrent), errs %v / %v:\n%s", c.id, werr, gerr, d)
		}
		wp, _, werr := ow.svc.ProductMetrics(ctx, c.a, c.id, 0, partnerkit.Page{})
		gp, _, gerr := rw.svc.ProductMetrics(ctx, c.a, c.id, 0, partnerkit.Page{})
		if d := cmp.Diff(wp, gp, hostsOpts...); d != "" || (werr == nil) != (gerr == nil) {
			t.Errorf("ProductMetrics(%s) differ (-sequential +concurrent), errs %v / %v:\n%s", c.id, werr, gerr, d)
		}
	}

	// 5. Every ErrConflict is a real one: given the final set, the oracle
	// refuses that event too.
	seen := map[string]bool{}
	for _, o := range outs {
		if !errors.Is(o.err, partnerkit.ErrConflict) {
			continue
		}
		id := fmt.Sprintf("%s/%v/%v/%s/%s", o.ev.ID, o.ev.At, o.ev.Amount, o.ev.Creator, o.ev.Entry)
		if seen[id] {
			continue
		}
		seen[id] = true
		rs, err := ow.svc.IngestEvents(ctx, ow.host, []attribution.Event{o.ev})
		if err != nil {
			t.Fatalf("oracle IngestEvents: %v", err)
		}
		if !errors.Is(rs[0].Err, partnerkit.ErrConflict) {
			t.Errorf("event %s (%v) via %s was refused with %v, but the final set takes it (dup=%v err=%v)", o.ev.ID, o.ev.Kind, o.via, o.err, rs[0].Duplicate, rs[0].Err)
		}
	}

	// 6. The outbox: strictly increasing seqs, and each line's last
	// order.* message is the line as stored.
	var after int64
	last := map[string]partnerkit.OrderLineChanged{}
	total := 0
	for {
		ms, err := rw.svc.Outbox(ctx, rw.host, after, 1000)
		if err != nil {
			t.Fatalf("Outbox: %v", err)
		}
		if len(ms) == 0 {
			break
		}
		for _, m := range ms {
			if m.Seq <= after {
				t.Errorf("outbox seq %d after %d", m.Seq, after)
			}
			after = m.Seq
			total++
			if !strings.HasPrefix(m.Kind, "order.") {
				continue
			}
			var p partnerkit.OrderLineChanged
			if err := json.Unmarshal(m.Payload, &p); err != nil {
				t.Fatalf("decoding %s: %v", m.Kind, err)
			}
			last[p.Line.String()] = p
		}
	}
	for k, l := range got {
		p, ok := last[k.String()]
		owes := l.Ledger.Status == attribution.StatusPending || l.Ledger.Status == attribution.StatusSettled
		if !ok {
			if owes && l.Attribution.OK() {
				t.Errorf("line %v owes (%v) but the outbox has no message for it", k, l.Ledger.Status)
			}
			continue
		}
		if p.Status != l.Ledger.Status || !p.Owed.Equal(l.Ledger.Owed) {
			t.Errorf("line %v: last outbox message says %v %v, stored line is %v %v", k, p.Status, p.Owed, l.Ledger.Status, l.Ledger.Owed)
		}
	}
}

// hostsGroup is the extra Services' group commit setting
// (PARTNERKIT_HOSTS_GROUP: "small" for groups of at most 3 with a 1ms
// window).
var hostsGroup = func() partnerkit.GroupCommit {
	if os.Getenv("PARTNERKIT_HOSTS_GROUP") == "small" {
		return partnerkit.GroupCommit{Window: time.Millisecond, MaxEvents: 3}
	}
	return partnerkit.GroupCommit{}
}()

// hostsSeeds is how many seeds the randomized tests run:
// PARTNERKIT_HOSTS_SEEDS, or 3.
func hostsSeeds() uint64 {
	var n uint64 = 3
	fmt.Sscan(os.Getenv("PARTNERKIT_HOSTS_SEEDS"), &n)
	return n
}

// TestHostsConcurrentIngestAgreesWithSequential: A1, K3, K5, A2, storage
// contract under several Services at once.
func TestHostsConcurrentIngestAgreesWithSequential(t *testing.T) {
	for _, b := range hostsBackends() {
		t.Run(b.name, func(t *testing.T) {
			for seed := range hostsSeeds() {
				t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
					open := b.open(t)
					rw := newHostsWorld(t, open, 3)
					rw.clock.Set(time.Date(2027, 4, 20, 9, 0, 0, 0, la))
					r := rand.New(rand.NewPCG(seed, 99))
					good, bad := hostsStream(rw.world, r, 40)
					outs := hostsIngest(t, rw, seed, 6, append(good, bad...))
					hostsCheck(t, rw, outs)
				})
			}
		})
	}
}

// TestHostsConcurrentIngestWithMovingClockAndSweeps: as above, while the
// shared clock moves forward and another goroutine runs SettleDue sweeps
// on another Service (A6 with A1).
func TestHostsConcurrentIngestWithMovingClockAndSweeps(t *testing.T) {
	for _, b := range hostsBackends() {
		t.Run(b.name, func(t *testing.T) {
			for seed := range hostsSeeds() {
				t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
					open := b.open(t)
					rw := newHostsWorld(t, open, 3)
					rw.clock.Set(time.Date(2027, 3, 10, 9, 0, 0, 0, la))
					r := rand.New(rand.NewPCG(seed, 77))
					good, bad := hostsStream(rw.world, r, 40)
					done := make(chan struct{})
					var wg sync.WaitGroup
					wg.Add(1)
					go func() {
						defer wg.Done()
						end := time.Date(2027, 4, 20, 9, 0, 0, 0, la)
						for {
							select {
							case <-done:
								return
							default:
							}
							if rw.clock.Now().Before(end) {
								rw.clock.Advance(12 * time.Hour)
							}
							for p := (partnerkit.Page{Limit: 7}); ; {
								next, err := rw.svcs[1].SettleDue(context.Background(), rw.host, p)
								if err != nil {
									t.Errorf("SettleDue: %v", err)
									return
								}
								if next == "" {
									break
								}
								p.After = next
							}
						}
					}()
					outs := hostsIngest(t, rw, seed, 6, append(good, bad...))
					close(done)
					wg.Wait()
					rw.clock.Set(time.Date(2027, 4, 20, 9, 0, 0, 0, la))
					for p := (partnerkit.Page{}); ; {
						next, err := rw.svcs[2].SettleDue(context.Background(), rw.host, p)
						if err != nil {
							t.Fatalf("SettleDue: %v", err)
						}
						if next == "" {
							break
						}
						p.After = next
					}
					hostsCheck(t, rw, outs)
				})
			}
		})
	}
}

// TestHostsSameBigBatchFromSeveralServices: the same batch (past the COPY
// threshold of new lines on PostgreSQL) handed to IngestEvents by several
// Services at once, and overlapping big batches: exactly one applies each
// event, the others see it as a duplicate, and no call fails (A1).
func TestHostsSameBigBatchFromSeveralServices(t *testing.T) {
	for _, b := range hostsBackends() {
		t.Run(b.name, func(t *testing.T) {
			open := b.open(t)
			rw := newHostsWorld(t, open, 4)
			rw.clock.Set(time.Date(2027, 4, 20, 9, 0, 0, 0, la))
			r := rand.New(rand.NewPCG(7, 7))
			good, _ := hostsStream(rw.world, r, 150)
			var outs []hostsOutcome
			var mu sync.Mutex
			var wg sync.WaitGroup
			gate := make(chan struct{})
			for i, svc := range rw.svcs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					batch := good
					if i%2 == 1 { // another order, overlapping
						batch = append([]attribution.Event(nil), good...)
						rand.New(rand.NewPCG(uint64(i), 1)).Shuffle(len(batch), func(a, b int) { batch[a], batch[b] = batch[b], batch[a] })
					}
					<-gate
					rs, err := svc.IngestEvents(context.Background(), rw.host, batch)
					mu.Lock()
					defer mu.Unlock()
					if err != nil {
						t.Errorf("service %d: IngestEvents: %v (ErrBusy %v, ErrConflict %v)", i, err, errors.Is(err, partnerkit.ErrBusy), errors.Is(err, partnerkit.ErrConflict))
						return
					}
					for j, res := range rs {
						outs = append(outs, hostsOutcome{ev: batch[j], dup: res.Duplicate, err: res.Err, via: fmt.Sprint("svc", i), batchSize: len(batch)})
					}
				}()
			}
			close(gate)
			wg.Wait()
			applied := map[attribution.EventID]int{}
			for _, o := range outs {
				if o.err == nil && !o.dup {
					applied[o.ev.ID]++
				}
			}
			for _, ev := range good {
				if applied[ev.ID] != 1 {
					t.Errorf("event %s applied %d times", ev.ID, applied[ev.ID])
				}
			}
			hostsCheck(t, rw, outs)
		})
	}
}

// twinRace has the first two Services ingest at once, as one batch each,
// 100 paid events whose ids are the same and whose lines differ, and
// returns both calls' results.
func (rw *hostsWorld) twinRace(round int) (res [2][]partnerkit.IngestResult, errs [2]error) {
	var batches [2][]attribution.Event
	for i := range 100 {
		placed := day(3, 2).Add(time.Duration(i) * time.Minute)
		for s, prefix := range []string{"a", "b"} {
			batches[s] = append(batches[s], rw.event(fmt.Sprintf("ev-%d-%03d", round, i), attribution.Paid,
				fmt.Sprintf("%s-%d-%03d", prefix, round, i), rw.maya, rw.serum, "10.00", placed.Add(time.Hour), placed))
		}
	}
	var wg sync.WaitGroup
	gate := make(chan struct{})
	for s := range 2 {
		wg.Go(func() {
			<-gate
			res[s], errs[s] = rw.svcs[s].IngestEvents(context.Background(), rw.host, batches[s])
		})
	}
	close(gate)
	wg.Wait()
	return res, errs
}

// TestHostsBigBatchesWithTwinsOnOtherLines: two Services ingest at once big
// batches whose event ids are the same but on other lines (conflicting
// twins): each id ends on one line, the other call refuses that event
// with ErrConflict, and no batch fails as a whole (A1, storage contract).
func TestHostsBigBatchesWithTwinsOnOtherLines(t *testing.T) {
	for _, b := range hostsBackends() {
		t.Run(b.name, func(t *testing.T) {
			for round := range 3 {
				open := b.open(t)
				rw := newHostsWorld(t, open, 2)
				res, errs := rw.twinRace(round)
				for s := range 2 {
					if errs[s] != nil {
						t.Fatalf("round %d service %d: IngestEvents failed as a whole: %v (ErrBusy %v, ErrConflict %v)", round, s, errs[s], errors.Is(errs[s], partnerkit.ErrBusy), errors.Is(errs[s], partnerkit.ErrConflict))
					}
				}
				for i := range 100 {
					a, b := res[0][i].Err, res[1][i].Err
					if (a == nil) == (b == nil) || (a != nil && !errors.Is(a, partnerkit.ErrConflict)) || (b != nil && !errors.Is(b, partnerkit.ErrConflict)) {
						t.Errorf("round %d event %d: results %v / %v, want one applied and one ErrConflict", round, i, a, b)
					}
				}
			}
		})
	}
}

// TestHostsOneOddEventInABatch: IngestEvents's doc says each event is
// applied or refused on its own and the batch error is for storage
// failures; an odd but valid-looking event between two good ones must not
// fail the batch on one backend and pass on another.
func TestHostsOneOddEventInABatch(t *testing.T) {
	odd := map[string]func(w *world, placed time.Time) attribution.Event{
		"huge amount": func(w *world, placed time.Time) attribution.Event {
			ev := w.event("ev-odd", attribution.Paid, "o-odd", w.maya, w.serum, "", placed.Add(time.Hour), placed)
			ev.Amount = commission.Money{Amount: decimal.New(1, 40), Currency: usd}
			return ev
		},
		"amount with many zeros of scale": func(w *world, placed time.Time) attribution.Event {
			ev := w.event("ev-odd", attribution.Paid, "o-odd", w.maya, w.serum, "", placed.Add(time.Hour), placed)
			ev.Amount = commission.Money{Amount: decimal.New(5, 0), Currency: usd}
			return ev
		},
		"refund far above payment": func(w *world, placed time.Time) attribution.Event {
			ev := w.event("ev-odd", attribution.Refunded, "o-1", w.maya, w.serum, "", placed.Add(2*time.Hour), placed)
			ev.Amount = commission.Money{Amount: decimal.New(1, 30), Currency: usd}
			return ev
		},
		"JPY amount on a USD line": func(w *world, placed time.Time) attribution.Event {
			ev := w.event("ev-odd", attribution.Refunded, "o-1", w.maya, w.serum, "", placed.Add(2*time.Hour), placed)
			ev.Amount = commission.Money{Amount: decimal.New(5, 0), Currency: commission.MustParseCurrency("JPY")}
			return ev
		},
	}
	for oname, mk := range odd {
		t.Run(oname, func(t *testing.T) {
			type outcome struct {
				batchErr bool
				errs     []string
			}
			got := map[string]outcome{}
			for name, open := range backends() {
				w := open(t)
				w.accept(w.maya, w.listLink)
				placed := day(3, 2)
				evs := []attribution.Event{
					w.event("ev-1", attribution.Paid, "o-1", w.maya, w.serum, "20.00", placed.Add(time.Hour), placed),
					mk(w, placed),
					w.event("ev-2", attribution.Paid, "o-2", w.maya, w.mask, "30.00", placed.Add(time.Hour), placed),
				}
				rs, err := w.svc.IngestEvents(w.ctx, w.host, evs)
				o := outcome{batchErr: err != nil}
				if err != nil {
					t.Logf("%s: batch error: %v", name, err)
				}
				for _, r := range rs {
					o.errs = append(o.errs, fmt.Sprint(r.Err != nil))
					if r.Err != nil {
						t.Logf("%s: %s refused: %v", name, r.Event, r.Err)
					}
				}
				if err == nil && (rs[0].Err != nil || rs[2].Err != nil) {
					t.Errorf("%s: a good event was refused: %v / %v", name, rs[0].Err, rs[2].Err)
				}
				if err != nil {
					t.Errorf("%s: the batch failed as a whole for one event: %v", name, err)
				}
				got[name] = o
			}
			if d := cmp.Diff(got["memory"], got["sqlite"], cmp.AllowUnexported(outcome{})); d != "" {
				t.Errorf("memory and sqlite differ:\n%s", d)
			}
			if o, ok := got["postgres"]; ok {
				if d := cmp.Diff(got["memory"], o, cmp.AllowUnexported(outcome{})); d != "" {
					t.Errorf("memory and postgres differ:\n%s", d)
				}
			}
		})
	}
}

// TestHostsOutboxReaderMissesNothing: a reader that follows the outbox
// while several Services ingest (Outbox(after=last Seq read)) gets every
// message the outbox finally holds: Seq order is commit order, so none
// appears behind a reader's position.
func TestHostsOutboxReaderMissesNothing(t *testing.T) {
	for _, b := range hostsBackends() {
		t.Run(b.name, func(t *testing.T) {
			for seed := range hostsSeeds() {
				open := b.open(t)
				rw := newHostsWorld(t, open, 3)
				rw.clock.Set(time.Date(2027, 4, 20, 9, 0, 0, 0, la))
				start := rw.lastSeq()
				r := rand.New(rand.NewPCG(seed, 5))
				good, bad := hostsStream(rw.world, r, 40)
				reader := partnerkit.New(open(), partnerkit.Options{Clock: rw.clock.Now})
				stop := make(chan struct{})
				var live []int64
				var wg sync.WaitGroup
				wg.Add(1)
				go func() {
					defer wg.Done()
					after := start
					for {
						ms, err := reader.Outbox(context.Background(), rw.host, after, 50)
						if err != nil {
							t.Errorf("Outbox: %v", err)
							return
						}
						for _, m := range ms {
							live = append(live, m.Seq)
							after = m.Seq
						}
						if len(ms) == 0 {
							select {
							case <-stop:
								return
							default:
							}
						}
					}
				}()
				outs := hostsIngest(t, rw, seed, 6, append(good, bad...))
				close(stop)
				wg.Wait()
				var all []int64
				for after := start; ; {
					ms, err := rw.svc.Outbox(context.Background(), rw.host, after, 1000)
					if err != nil {
						t.Fatal(err)
					}
					if len(ms) == 0 {
						break
					}
					for _, m := range ms {
						all = append(all, m.Seq)
						after = m.Seq
					}
				}
				if d := cmp.Diff(all, live); d != "" {
					t.Errorf("seed %d: the live reader's seqs differ from the outbox's (-outbox +live):\n%s", seed, d)
				}
				hostsCheck(t, rw, outs)
			}
		})
	}
}

// hostsCountHandler counts the Postgres store's retry messages.
type hostsCountHandler struct {
	mu   sync.Mutex
	msgs map[string]int
}

func (h *hostsCountHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h *hostsCountHandler) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	key := r.Message
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "err" {
			s := a.Value.String()
			if i := strings.Index(s, "SQLSTATE"); i >= 0 {
				key += " " + s[i:min(len(s), i+14)]
			}
		}
		return true
	})
	h.msgs[key]++
	return nil
}
func (h *hostsCountHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *hostsCountHandler) WithGroup(string) slog.Handler      { return h }

// TestHostsPostgresTwinCopiesRetry: the big-batch twin race above on
// PostgreSQL, counting the retries, to show the COPY path met the race.
func TestHostsPostgresTwinCopiesRetry(t *testing.T) {
	dsn := os.Getenv("PARTNERKIT_POSTGRES_DSN")
	if dsn == "" {
		t.Skip("PARTNERKIT_POSTGRES_DSN is unset")
	}
	h := &hostsCountHandler{msgs: map[string]int{}}
	schema := schemaName("hosts_")
	t.Cleanup(func() { dropSchema(t, dsn, schema) })
	open := func() storage.Store {
		s, err := postgres.Open(context.Background(), dsn, postgres.Options{Schema: schema, Logger: slog.New(h)})
		if err != nil {
			t.Fatalf("postgres.Open: %v", err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	rw := newHostsWorld(t, open, 2)
	failed := 0
	for round := range 20 {
		_, errs := rw.twinRace(round)
		for s := range 2 {
			if errs[s] != nil {
				failed++
				t.Errorf("round %d service %d: batch failed: %v", round, s, errs[s])
			}
		}
	}
	t.Logf("retry log: %v; failed batches %d", h.msgs, failed)
}
