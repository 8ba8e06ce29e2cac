package partnerkit_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/internal/benchwork"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
	"github.com/partnerkit/partnerkit/storage/postgres"
	"github.com/partnerkit/partnerkit/storage/sqlite"
)

// busyStore is a store and a way to keep it busy (its writer or its one
// connection held) until release is closed.
type busyStore struct {
	store storage.Store
	hold  func(release <-chan struct{})
}

// holdWith runs hold's transaction in a goroutine and returns once it
// has begun; it ends when release is closed.
func holdWith(run func(context.Context, func(storage.Tx) error) error) func(release <-chan struct{}) {
	return func(release <-chan struct{}) {
		in := make(chan struct{})
		go func() {
			_ = run(context.Background(), func(storage.Tx) error { close(in); <-release; return nil })
		}()
		<-in
	}
}

// A1 with group commit: a lone IngestEvent caller leads its own group,
// and the group ran with its ctx's cancellation cut off, so with the store
// busy the call ignored its deadline and returned nil once the store was
// free (GroupCommit.Off and IngestEvents returned at the deadline). A
// group now stops when every caller of it has given up.
func TestIngestEventHonoursItsDeadlineWhenItLeads(t *testing.T) {
	stores := map[string]func(t *testing.T) busyStore{
		"memory": func(t *testing.T) busyStore {
			s := memory.New()
			t.Cleanup(func() { s.Close() })
			return busyStore{store: s, hold: holdWith(s.Update)}
		},
		"sqlite": func(t *testing.T) busyStore {
			path := filepath.Join(t.TempDir(), "busy.db")
			s, err := sqlite.Open(context.Background(), path, sqlite.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			other, err := sqlite.Open(context.Background(), path, sqlite.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { other.Close() })
			return busyStore{store: s, hold: holdWith(other.Update)} // the file's write lock
		},
	}
	if dsn := os.Getenv("PARTNERKIT_POSTGRES_DSN"); dsn != "" {
		stores["postgres"] = func(t *testing.T) busyStore {
			ctx := context.Background()
			schema := schemaName("pk_group_deadline_")
			t.Cleanup(func() { dropSchema(t, dsn, schema) })
			s, err := postgres.Open(ctx, dsn, postgres.Options{Schema: schema, MaxConns: 1})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return busyStore{store: s, hold: holdWith(s.View)} // the pool's one connection
		}
	}
	for name, open := range stores {
		for _, mode := range []string{"IngestEvent", "IngestEvent, GroupCommit.Off", "IngestEvents"} {
			t.Run(name+"/"+mode, func(t *testing.T) {
				ctx := context.Background()
				b := open(t)
				w, err := benchwork.NewWorld(ctx, b.store, partnerkit.Options{GroupCommit: partnerkit.GroupCommit{Off: mode == "IngestEvent, GroupCommit.Off"}}, "", 2, 2)
				if err != nil {
					t.Fatal(err)
				}
				ev := w.Lines(1, benchwork.PaidOnly)[0]
				release := make(chan struct{})
				b.hold(release)
				dctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
				defer cancel()
				done := make(chan error, 1)
				go func() {
					if mode == "IngestEvents" {
						_, err := w.Svc.IngestEvents(dctx, partnerkit.Host{}, []attribution.Event{ev})
						done <- err
						return
					}
					_, err := w.Svc.IngestEvent(dctx, partnerkit.Host{}, ev)
					done <- err
				}()
				// The store stays busy until the call returns (or, if it
				// waits for the store, until the safety net below).
				select {
				case err = <-done:
					close(release)
				case <-time.After(20 * time.Second):
					close(release)
					err = <-done
					t.Errorf("%s with a 50 ms deadline returned only once the store was free (err %v)", mode, err)
				}
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("%s past its deadline = %v, want context.DeadlineExceeded", mode, err)
				}
			})
		}
	}
}

// A1 with group commit: a leader that gives up while its group runs does
// not take the group's other callers down with it: the group is
// cancelled only once every caller has given up.
func TestGroupOutlivesItsLeadersCtx(t *testing.T) {
	ctx := context.Background()
	store := &gateStore{Store: memory.New()}
	w, err := benchwork.NewWorld(ctx, store, partnerkit.Options{}, "", 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	evs := w.Lines(3, benchwork.PaidOnly)
	entered, release := store.holdNext()
	first := make(chan error, 1)
	go func() {
		_, err := w.Svc.IngestEvent(ctx, partnerkit.Host{}, evs[0])
		first <- err
	}()
	<-entered // the first group is in Update, held

	lctx, cancel := context.WithCancel(ctx)
	defer cancel()
	leader, other := make(chan error, 1), make(chan error, 1)
	go func() {
		_, err := w.Svc.IngestEvent(lctx, partnerkit.Host{}, evs[1])
		leader <- err
	}()
	waitQueued(t, w.Svc, 1)
	go func() {
		_, err := w.Svc.IngestEvent(ctx, partnerkit.Host{}, evs[2])
		other <- err
	}()
	waitQueued(t, w.Svc, 2)

	entered, release2 := store.holdNext()
	close(release)
	if err := <-first; err != nil {
		t.Fatalf("first IngestEvent = %v", err)
	}
	<-entered // evs[1]'s caller leads a group of both, held in Update
	cancel()
	close(release2)
	if err := <-leader; err != nil && !errors.Is(err, context.Canceled) {
		t.Errorf("leader whose ctx ended = %v, want nil or context.Canceled", err)
	}
	if err := <-other; err != nil {
		t.Errorf("the group's other caller, still waiting = %v, want nil", err)
	}
	err = store.View(ctx, func(tx storage.Tx) error {
		for _, ev := range evs {
			if _, err := tx.Orders().Get(ev.Key()); err != nil {
				return fmt.Errorf("line of %s: %w", ev.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Error(err)
	}
}
