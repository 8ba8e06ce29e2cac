package partnerkit_test

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/postgres"
)

// pgMaxAttempts is the retry bound the fault tests give the store.
const pgMaxAttempts = 10

// pgFault is a PostgreSQL store in a fresh schema whose connections carry
// their own application_name, so a second connection can find and
// terminate exactly them.
type pgFault struct {
	dsn, schema, app string
	store            *postgres.Store
	retries          *retryLog
}

// newPGFault opens a store for a fault test, or skips it.
func newPGFault(t *testing.T, maxConns int) *pgFault {
	t.Helper()
	dsn := os.Getenv("PARTNERKIT_POSTGRES_DSN")
	if dsn == "" {
		t.Skip(`PARTNERKIT_POSTGRES_DSN is unset; run eval "$(scripts/postgres-up)" (as root) to start PostgreSQL and export it`)
	}
	b := make([]byte, 6)
	crand.Read(b)
	f := &pgFault{schema: "partnerkit_fault_" + hex.EncodeToString(b), app: "partnerkit-fault-" + hex.EncodeToString(b), retries: &retryLog{}}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("PARTNERKIT_POSTGRES_DSN: %v", err)
	}
	q := u.Query()
	q.Set("application_name", f.app)
	u.RawQuery = q.Encode()
	f.dsn = dsn
	ctx := context.Background()
	f.store, err = postgres.Open(ctx, u.String(), postgres.Options{
		Schema: f.schema, MaxConns: maxConns, MaxAttempts: pgMaxAttempts,
		Logger: slog.New(f.retries),
	})
	if err != nil {
		t.Fatalf("postgres.Open: %v", err)
	}
	t.Cleanup(func() {
		_ = f.store.Close()
		c, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Errorf("connecting: %v", err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{f.schema}.Sanitize()+" CASCADE"); err != nil {
			t.Errorf("dropping schema: %v", err)
		}
	})
	return f
}

// retryLog is a slog.Handler that counts the store's "retrying" messages
// and the highest attempt number they name.
type retryLog struct {
	n, max atomic.Int64
}

func (h *retryLog) Enabled(context.Context, slog.Level) bool { return true }
func (h *retryLog) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *retryLog) WithGroup(string) slog.Handler            { return h }
func (h *retryLog) Handle(_ context.Context, r slog.Record) error {
	if r.Message != "postgres: retrying" {
		return nil
	}
	h.n.Add(1)
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "attempt" {
			for n := a.Value.Int64(); ; {
				m := h.max.Load()
				if n <= m || h.max.CompareAndSwap(m, n) {
					break
				}
			}
		}
		return true
	})
	return nil
}

// countingStore counts how many times each Update runs its fn, the
// attempts the retry bound limits.
type countingStore struct {
	storage.Store
	updates, runs, maxRuns atomic.Int64
}

func (s *countingStore) Update(ctx context.Context, fn func(storage.Tx) error) error {
	n := int64(0)
	err := s.Store.Update(ctx, func(tx storage.Tx) error { n++; return fn(tx) })
	s.updates.Add(1)
	s.runs.Add(n)
	for {
		m := s.maxRuns.Load()
		if n <= m || s.maxRuns.CompareAndSwap(m, n) {
			return err
		}
	}
}

// pgFaultScale is how many operations each fault test's goroutine runs:
// PARTNERKIT_PG_FAULT_OPS (default 12).
func pgFaultScale(t *testing.T) int {
	n := 12
	if v := os.Getenv("PARTNERKIT_PG_FAULT_OPS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			t.Fatalf("PARTNERKIT_PG_FAULT_OPS=%q: want a positive number", v)
		}
	}
	return n
}

// paidBatch is n paid events of new orders through maya's entries.
func paidBatch(w *world, prefix string, n int, rng *rand.Rand) []attribution.Event {
	evs := make([]attribution.Event, n)
	for i := range evs {
		r := w.serum
		if rng.IntN(2) == 0 {
			r = w.mask
		}
		evs[i] = w.event(fmt.Sprintf("%s-%d", prefix, i), attribution.Paid, fmt.Sprintf("o-%s-%d", prefix, i), w.maya, r, "", start, start)
		evs[i].Amount = commission.FromMinor(int64(100+rng.IntN(20000)), usd)
	}
	return evs
}

// pgOutcome is what one Service call returned.
type pgOutcome struct {
	events []attribution.Event // for an ingest
	list   productlist.ListID  // for a CreateList
	err    error
}

// TestPostgresTerminatedConnections: while goroutines ingest events and
// create lists through the Service, a second connection terminates the
// store's backends mid-transaction (pg_terminate_backend). Every call either
// returned nil and its writes are there, once, or returned an error; re-sent
// afterwards, an errored ingest is applied or found already applied (the
// commit was lost in flight) and never doubled; no Update ran fn more than
// the retry bound; the ledger and metrics equal attribution.Recompute.
func TestPostgresTerminatedConnections(t *testing.T) {
	f := newPGFault(t, 8)
	cs := &countingStore{Store: f.store}
	w := newWorldOn(t, cs, partnerkit.Options{})
	w.accept(w.maya, w.listLink)
	ctx := context.Background()
	ops := pgFaultScale(t)
	const workers = 8

	admin, err := pgx.Connect(ctx, f.dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	stop := make(chan struct{})
	var terminated atomic.Int64
	var killer sync.WaitGroup
	killer.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			var n int64
			err := admin.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM (
				SELECT pid FROM pg_stat_activity
				WHERE application_name = $1 AND state IN ('active', 'idle in transaction')
				ORDER BY random() LIMIT 1) victims`, f.app).Scan(&n)
			if err != nil {
				t.Errorf("terminating: %v", err)
				return
			}
			terminated.Add(n)
			// Let some transactions through between kills.
			time.Sleep(time.Duration(rand.IntN(15000)) * time.Microsecond)
		}
	})

	outcomes := make([][]pgOutcome, workers)
	var wg sync.WaitGroup
	for g := range workers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(g), 1))
			for i := range ops {
				if rng.IntN(4) == 0 {
					l, err := w.svc.CreateList(ctx, w.agency, fmt.Sprintf("Fault %d-%d", g, i))
					outcomes[g] = append(outcomes[g], pgOutcome{list: l.ID, err: err})
					continue
				}
				evs := paidBatch(w, fmt.Sprintf("t%d-%d", g, i), 1+rng.IntN(5), rng)
				rs, err := w.svc.IngestEvents(ctx, w.host, evs)
				for _, r := range rs {
					if err == nil && r.Err != nil {
						t.Errorf("IngestEvents: event %s refused: %v", r.Event, r.Err)
					}
				}
				outcomes[g] = append(outcomes[g], pgOutcome{events: evs, err: err})
			}
		})
	}
	wg.Wait()
	close(stop)
	killer.Wait()

	var okCalls, failedCalls, lostCommits, resent int
	for _, got := range outcomes {
		for _, o := range got {
			if o.err == nil {
				okCalls++
			} else {
				failedCalls++
			}
			if o.events == nil {
				continue
			}
			if o.err != nil {
				// Re-send: idempotency (A1) makes it safe whatever happened.
				rs := w.ingest(o.events...)
				resent += len(rs)
				if rs[0].Duplicate {
					lostCommits++ // committed, but the reply was lost
				}
				for _, r := range rs[1:] {
					if r.Duplicate != rs[0].Duplicate {
						t.Errorf("a batch was half applied: event %s duplicate %v, event %s %v", rs[0].Event, rs[0].Duplicate, r.Event, r.Duplicate)
					}
				}
				continue
			}
			// Returned nil: every event is there; sending it again is a no-op.
			for _, r := range w.ingest(o.events...) {
				if !r.Duplicate {
					t.Errorf("event %s returned committed but was not stored", r.Event)
				}
			}
		}
	}
	for _, got := range outcomes {
		for _, o := range got {
			if o.events == nil && o.err == nil {
				if _, err := w.svc.List(ctx, w.agency, o.list); err != nil {
					t.Errorf("list %s returned created: %v", o.list, err)
				}
			}
		}
	}
	pgCheckLedger(t, w, cs)
	if terminated.Load() == 0 || failedCalls == 0 {
		t.Logf("no backend was caught mid-transaction this run (terminated %d, failed calls %d)", terminated.Load(), failedCalls)
	}
	t.Logf("%d backends terminated; %d calls returned nil, %d an error (%d of those had committed: reply lost); %d events re-sent; %d Updates ran fn %d times, at most %d each; %d retries logged",
		terminated.Load(), okCalls, failedCalls, lostCommits, resent, cs.updates.Load(), cs.runs.Load(), cs.maxRuns.Load(), f.retries.n.Load())
}

// TestPostgresSerializationStorm: many goroutines ingest events for the
// same campaign's two products (hot metrics rows) and add to and remove
// from the same list (hot list row). Every call returns nil and its writes
// are there once, or returns a serialization failure after the bounded
// retries and wrote nothing; the ledger and metrics equal Recompute.
func TestPostgresSerializationStorm(t *testing.T) {
	f := newPGFault(t, 16)
	cs := &countingStore{Store: f.store}
	w := newWorldOn(t, cs, partnerkit.Options{})
	w.accept(w.maya, w.listLink)
	ctx := context.Background()
	ops := pgFaultScale(t)
	const workers = 16

	barrier := make(chan struct{})
	var wg sync.WaitGroup
	var committed, exhausted, listOps, effective atomic.Int64
	var failedEvents sync.Map
	for g := range workers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(g), 2))
			<-barrier
			for i := range ops {
				var err error
				var evs []attribution.Event
				switch rng.IntN(4) {
				case 0:
					listOps.Add(1)
					_, err = w.svc.AddToList(ctx, w.agency, w.list.ID, w.serum.ID, commission.Rate(100*rng.IntN(10)))
					if errors.Is(err, partnerkit.ErrConflict) {
						err = nil // already in the list: a refusal, not a fault
					}
				case 1:
					listOps.Add(1)
					eff := start.Add(time.Duration(effective.Add(1)) * time.Minute)
					_, err = w.svc.SetCreatorRate(ctx, w.agency, w.list.ID, w.mask.ID, commission.Rate(100*rng.IntN(10)), eff)
					if errors.Is(err, partnerkit.ErrInvalid) {
						err = nil // a later version committed first: a refusal, not a fault
					}
				default:
					evs = paidBatch(w, fmt.Sprintf("s%d-%d", g, i), 1+rng.IntN(3), rng)
					var rs []partnerkit.IngestResult
					rs, err = w.svc.IngestEvents(ctx, w.host, evs)
					for _, r := range rs {
						if err == nil && r.Err != nil {
							t.Errorf("IngestEvents: event %s refused: %v", r.Event, r.Err)
						}
					}
				}
				switch {
				case err == nil:
					committed.Add(1)
				case serializationFailure(err):
					exhausted.Add(1)
					for _, e := range evs {
						failedEvents.Store(e.ID, true)
					}
				default:
					t.Errorf("storm call: %v", err)
				}
			}
		})
	}
	close(barrier)
	wg.Wait()
	if m := cs.maxRuns.Load(); m > pgMaxAttempts {
		t.Errorf("an Update ran fn %d times, more than MaxAttempts %d", m, pgMaxAttempts)
	}
	// A call that gave up wrote nothing.
	err := cs.View(ctx, func(tx storage.Tx) error {
		var bad error
		failedEvents.Range(func(k, _ any) bool {
			if _, err := tx.Orders().LineOf(k.(attribution.EventID)); !errors.Is(err, storage.ErrNotFound) {
				bad = fmt.Errorf("event %s of a failed call is stored (%v)", k, err)
				return false
			}
			return true
		})
		return bad
	})
	if err != nil {
		t.Error(err)
	}
	lines := pgCheckLedger(t, w, cs)
	if _, err := w.svc.List(ctx, w.agency, w.list.ID); err != nil {
		t.Errorf("the hot list: %v", err)
	}
	t.Logf("%d goroutines x %d calls: %d committed, %d gave up after %d attempts (nothing written); %d list edits; %d Updates ran fn %d times, at most %d each; %d retries logged, highest attempt %d; %d lines",
		workers, ops, committed.Load(), exhausted.Load(), pgMaxAttempts, listOps.Load(), cs.updates.Load(), cs.runs.Load(), cs.maxRuns.Load(), f.retries.n.Load(), f.retries.max.Load(), len(lines))
}

// serializationFailure reports whether err is SQLSTATE 40001 or 40P01.
func serializationFailure(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// pgCheckLedger checks the retry bound, that no event is stored twice, and
// that the ledger and metrics equal a recomputation from all lines.
func pgCheckLedger(t *testing.T, w *world, cs *countingStore) []attribution.Line {
	t.Helper()
	if m := cs.maxRuns.Load(); m > pgMaxAttempts {
		t.Errorf("an Update ran fn %d times, more than MaxAttempts %d", m, pgMaxAttempts)
	}
	var lines []attribution.Line
	err := cs.View(w.ctx, func(tx storage.Tx) error {
		var err error
		if lines, err = ledgerMatchesRecompute(tx, w.camp.ID, w.rivalCamp.ID); err != nil {
			return err
		}
		seen := map[attribution.EventID]bool{}
		for _, l := range lines {
			for _, e := range l.Events {
				if seen[e.ID] {
					return fmt.Errorf("event %s stored twice", e.ID)
				}
				seen[e.ID] = true
			}
			if len(l.Events) != 1 {
				return fmt.Errorf("line %v has %d events, want its one paid event", l.Key, len(l.Events))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return lines
}

// TestPostgresHostsOnOneDatabase: four hosts, each its own Store and
// Service on one schema, ingest new attributed events at once, one event
// a call. Every write meets the others on the campaign's metrics rows and
// the outbox head, and within a Store nothing orders the hosts' Updates:
// only the retries do. With the default MaxAttempts every call commits
// (with 10, 3 to 5 calls in 600 gave up with 40001); each event is stored
// once and the metrics equal Recompute. A1, A2.
func TestPostgresHostsOnOneDatabase(t *testing.T) {
	f := newPGFault(t, 4)
	w := newWorldOn(t, f.store, partnerkit.Options{})
	w.accept(w.maya, w.listLink)
	w.clock.Advance(time.Hour)
	ctx := context.Background()
	const hosts, calls = 4, 150
	svcs := make([]*partnerkit.Service, hosts)
	for h := range svcs {
		st, err := postgres.Open(ctx, f.dsn, postgres.Options{Schema: f.schema, MaxConns: 4})
		if err != nil {
			t.Fatalf("postgres.Open: %v", err)
		}
		t.Cleanup(func() { st.Close() })
		svcs[h] = partnerkit.New(st, partnerkit.Options{Clock: w.clock.Now})
	}
	at := w.clock.Now().Add(-time.Minute)
	var mu sync.Mutex
	committed := map[attribution.EventID]bool{}
	var failed []error
	var wg sync.WaitGroup
	for h, svc := range svcs {
		wg.Go(func() {
			for i := range calls {
				ev := w.event(fmt.Sprintf("h%d-e%d", h, i), attribution.Paid, fmt.Sprintf("h%d-o%d", h, i), w.maya, w.serum, "12.00", at, at)
				_, err := svc.IngestEvent(ctx, w.host, ev)
				mu.Lock()
				if err != nil {
					failed = append(failed, err)
				} else {
					committed[ev.ID] = true
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	for _, err := range failed {
		if !errors.Is(err, partnerkit.ErrBusy) {
			t.Errorf("IngestEvent: %v, which is not ErrBusy", err)
		}
	}
	if len(failed) > 0 {
		t.Errorf("%d of %d IngestEvent calls of new, valid events failed; first: %v", len(failed), hosts*calls, failed[0])
	}
	err := f.store.View(ctx, func(tx storage.Tx) error {
		lines, err := ledgerMatchesRecompute(tx, w.camp.ID)
		if err != nil {
			return err
		}
		stored := 0
		for _, l := range lines {
			for _, e := range l.Events {
				if !committed[e.ID] {
					return fmt.Errorf("event %s is stored, but its call failed", e.ID)
				}
				stored++
			}
		}
		if stored != len(committed) {
			return fmt.Errorf("%d events stored, %d calls committed", stored, len(committed))
		}
		return nil
	})
	if err != nil {
		t.Error(err)
	}
	t.Logf("%d hosts x %d calls: %d committed, %d failed", hosts, calls, len(committed), len(failed))
}
