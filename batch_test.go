package partnerkit_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/internal/benchwork"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
)

// gateStore is a memory store whose Updates can be held at their start,
// to make callers wait in the group-commit queue.
type gateStore struct {
	*memory.Store
	mu      sync.Mutex
	hold    chan struct{} // when set, the next Update signals entered and waits on it
	entered chan struct{}
	updates int
}

func (g *gateStore) Update(ctx context.Context, fn func(storage.Tx) error) error {
	g.mu.Lock()
	g.updates++
	hold, entered := g.hold, g.entered
	g.hold = nil
	g.mu.Unlock()
	if hold != nil {
		close(entered)
		<-hold
	}
	return g.Store.Update(ctx, fn)
}

func (g *gateStore) holdNext() (entered, release chan struct{}) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.hold, g.entered = make(chan struct{}), make(chan struct{})
	return g.entered, g.hold
}

// serialLines returns the lines evs make when ingested one by one by a
// Service without grouping, in a world set up like the tests'.
func serialLines(t *testing.T, evs []attribution.Event) map[attribution.LineKey]attribution.Line {
	t.Helper()
	ctx := context.Background()
	w, err := benchwork.NewWorld(ctx, memory.New(), partnerkit.Options{NewID: benchwork.Counter(), GroupCommit: partnerkit.GroupCommit{Off: true}}, "group", 5, 3)
	if err != nil {
		t.Fatal(err)
	}
	out := map[attribution.LineKey]attribution.Line{}
	for _, ev := range evs {
		l, err := w.Svc.IngestEvent(ctx, partnerkit.Host{}, ev)
		if err != nil {
			t.Fatalf("IngestEvent(%s) without grouping: %v", ev.ID, err)
		}
		out[l.Key] = l
	}
	return out
}

// TestGroupCommitKeepsPerEventResults: concurrent IngestEvent calls,
// grouped, give every caller the line it would get alone, refusals
// included, and the same final lines as calls made one by one.
func TestGroupCommitKeepsPerEventResults(t *testing.T) {
	ctx := context.Background()
	for _, gc := range []partnerkit.GroupCommit{{}, {MaxEvents: 3}, {Window: 1}} {
		t.Run(fmt.Sprintf("%+v", gc), func(t *testing.T) {
			store := &gateStore{Store: memory.New()}
			w, err := benchwork.NewWorld(ctx, store, partnerkit.Options{NewID: benchwork.Counter(), GroupCommit: gc}, "group", 5, 3)
			if err != nil {
				t.Fatal(err)
			}
			evs := w.Lines(40, benchwork.PaidRefundSettle)
			want := serialLines(t, evs)
			bad := evs[0] // same id, other content

			bad.At = bad.At.Add(1)

			const callers = 8
			lineOf := map[attribution.LineKey]int{}
			for _, ev := range evs {
				if _, ok := lineOf[ev.Key()]; !ok {
					lineOf[ev.Key()] = len(lineOf)
				}
			}
			var wg sync.WaitGroup
			got := make([]map[attribution.LineKey]attribution.Line, callers)
			errs := make([]error, callers)
			gate := make(chan struct{})
			for c := range callers {
				got[c] = map[attribution.LineKey]attribution.Line{}
				wg.Go(func() {
					<-gate
					// Each caller sends whole lines, in order, so its last
					// result for a line is the line's final state.
					for _, ev := range evs {
						if lineOf[ev.Key()]%callers != c {
							continue
						}
						l, err := w.Svc.IngestEvent(ctx, partnerkit.Host{}, ev)
						if err != nil {
							errs[c] = fmt.Errorf("IngestEvent(%s): %w", ev.ID, err)
							return
						}
						got[c][l.Key] = l
					}
				})
			}
			close(gate)
			wg.Wait()
			if err := errors.Join(errs...); err != nil {
				t.Fatal(err)
			}
			// Then, grouped together: a conflicting event is refused on its
			// own, a duplicate is a no-op returning the line.
			for c := range callers {
				wg.Go(func() {
					if c%2 == 0 {
						if _, err := w.Svc.IngestEvent(ctx, partnerkit.Host{}, bad); !errors.Is(err, partnerkit.ErrConflict) {
							errs[c] = fmt.Errorf("IngestEvent(conflicting %s) = %v, want ErrConflict", bad.ID, err)
						}
						return
					}
					l, err := w.Svc.IngestEvent(ctx, partnerkit.Host{}, evs[c])
					if err != nil || l.Key != evs[c].Key() {
						errs[c] = fmt.Errorf("IngestEvent(duplicate %s) = %v, %v; want its line", evs[c].ID, l.Key, err)
					}
				})
			}
			wg.Wait()
			if err := errors.Join(errs...); err != nil {
				t.Fatal(err)
			}
			final := map[attribution.LineKey]attribution.Line{}
			for _, l := range want {
				var stored attribution.Line
				err := store.View(ctx, func(tx storage.Tx) error {
					var err error
					stored, err = tx.Orders().Get(l.Key)
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				final[l.Key] = stored
			}
			if diff := cmp.Diff(ledgers(want), ledgers(final)); diff != "" {
				t.Errorf("grouped ingest: ledgers differ from one-by-one ingest (-want +got):\n%s", diff)
			}
		})
	}
}

// ledgers returns each line's ledger as text, for comparing lines of two
// stores.
func ledgers(ls map[attribution.LineKey]attribution.Line) map[string]string {
	out := map[string]string{}
	for k, l := range ls {
		out[k.String()] = fmt.Sprintf("%v %v %v %v %d", l.Ledger.Status, l.Ledger.Paid, l.Ledger.Owed, l.Ledger.Posted, len(l.Events))
	}
	return out
}

// TestGroupCommitWaitingCallerCancels: a caller waiting behind a running
// group returns its ctx's error and its event is not applied; callers
// after it are served.
func TestGroupCommitWaitingCallerCancels(t *testing.T) {
	ctx := context.Background()
	store := &gateStore{Store: memory.New()}
	w, err := benchwork.NewWorld(ctx, store, partnerkit.Options{}, "", 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	evs := w.Lines(3, benchwork.PaidOnly)
	entered, release := store.holdNext()
	leader := make(chan error, 1)
	go func() {
		_, err := w.Svc.IngestEvent(ctx, partnerkit.Host{}, evs[0])
		leader <- err
	}()
	<-entered // the leader's group is in Update, held

	cctx, cancel := context.WithCancel(ctx)
	waiter := make(chan error, 1)
	go func() {
		_, err := w.Svc.IngestEvent(cctx, partnerkit.Host{}, evs[1])
		waiter <- err
	}()
	cancel()
	if err := <-waiter; !errors.Is(err, context.Canceled) {
		t.Fatalf("waiting IngestEvent with a cancelled ctx = %v, want context.Canceled", err)
	}
	close(release)
	if err := <-leader; err != nil {
		t.Fatalf("leader IngestEvent = %v", err)
	}
	if _, err := w.Svc.IngestEvent(ctx, partnerkit.Host{}, evs[2]); err != nil {
		t.Fatalf("IngestEvent after a cancelled waiter = %v", err)
	}
	err = store.View(ctx, func(tx storage.Tx) error {
		_, err := tx.Orders().Get(evs[1].Key())
		return err
	})
	if !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("the cancelled waiter's line: Get = %v, want ErrNotFound", err)
	}
}

// panicStore is a gateStore whose next Update, once armed, runs its fn
// and then panics inside its transaction (which rolls back).
type panicStore struct {
	*gateStore
	armed sync.Mutex
	next  bool
}

func (p *panicStore) Update(ctx context.Context, fn func(storage.Tx) error) error {
	p.armed.Lock()
	boom := p.next
	p.next = false
	p.armed.Unlock()
	if boom {
		// The group's writes are made, then it panics: the store must
		// drop them.
		return p.gateStore.Update(ctx, func(tx storage.Tx) error {
			if err := fn(tx); err != nil {
				return err
			}
			panic("boom")
		})
	}
	return p.gateStore.Update(ctx, fn)
}

// TestGroupCommitPanicAnswersEveryCaller: when running a group panics, the
// caller leading it gets the panic, every other caller of the group gets
// ErrGroupPanicked, nothing of the group is written, and the next call
// leads a group of its own.
func TestGroupCommitPanicAnswersEveryCaller(t *testing.T) {
	ctx := context.Background()
	store := &panicStore{gateStore: &gateStore{Store: memory.New()}}
	w, err := benchwork.NewWorld(ctx, store, partnerkit.Options{}, "", 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	evs := w.Lines(4, benchwork.PaidOnly)
	entered, release := store.holdNext()
	first := make(chan error, 1)
	go func() {
		_, err := w.Svc.IngestEvent(ctx, partnerkit.Host{}, evs[0])
		first <- err
	}()
	receive(t, entered) // the first group is in Update, held: the next two queue
	type answer struct {
		err      error
		panicked any
	}
	answers := make(chan answer, 2)
	for _, ev := range evs[1:3] {
		go func() {
			defer func() {
				if r := recover(); r != nil {
					answers <- answer{panicked: r}
				}
			}()
			_, err := w.Svc.IngestEvent(ctx, partnerkit.Host{}, ev)
			answers <- answer{err: err}
		}()
	}
	waitQueued(t, w.Svc, 2)
	store.armed.Lock()
	store.next = true
	store.armed.Unlock()
	close(release)
	if err := receive(t, first); err != nil {
		t.Fatalf("the first group: %v", err)
	}
	a, b := receive(t, answers), receive(t, answers)
	if a.panicked == nil {
		a, b = b, a
	}
	if a.panicked == nil || !errors.Is(b.err, partnerkit.ErrGroupPanicked) {
		t.Fatalf("the panicking group's callers: %+v and %+v; want one panic and one ErrGroupPanicked", a, b)
	}
	for _, ev := range evs[1:3] {
		err := store.View(ctx, func(tx storage.Tx) error { _, err := tx.Orders().Get(ev.Key()); return err })
		if !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("line of %s after the panic: Get = %v, want ErrNotFound", ev.ID, err)
		}
	}
	if _, err := w.Svc.IngestEvent(ctx, partnerkit.Host{}, evs[3]); err != nil {
		t.Fatalf("IngestEvent after the panic = %v", err)
	}
}

// waitQueued waits until n IngestEvent calls wait in svc's group-commit
// queue behind the running group.
func waitQueued(t *testing.T, svc *partnerkit.Service, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for partnerkit.PendingGroupCalls(svc) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d calls queued after 10s, want %d", partnerkit.PendingGroupCalls(svc), n)
		}
		runtime.Gosched()
	}
}

// receive returns the next value of c, failing t if none comes within
// ten seconds (a caller left unanswered would otherwise hang the test).
func receive[T any](t *testing.T, c <-chan T) T {
	t.Helper()
	select {
	case v := <-c:
		return v
	case <-time.After(10 * time.Second):
		t.Fatal("no answer within 10s")
		panic("unreachable")
	}
}
