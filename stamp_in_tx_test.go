package partnerkit_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
)

// doorStore holds the next Update at its door while armed: it stands for
// a call that waits for the writer (behind another host's transaction, a
// busy SQLite file, a serialization retry) while the clock moves on.
type doorStore struct {
	storage.Store
	armed   atomic.Bool
	entered chan struct{}
	release chan struct{}
}

func newDoorStore(s storage.Store) *doorStore {
	return &doorStore{Store: s, entered: make(chan struct{}, 1), release: make(chan struct{})}
}

func (g *doorStore) Update(ctx context.Context, fn func(storage.Tx) error) error {
	if g.armed.CompareAndSwap(true, false) {
		g.entered <- struct{}{}
		<-g.release
	}
	return g.Store.Update(ctx, fn)
}

// delayed runs call with g armed, runs meanwhile while call waits at the
// writer's door, then lets call through and returns its error.
func (g *doorStore) delayed(t *testing.T, call func() error, meanwhile func()) error {
	t.Helper()
	g.armed.Store(true)
	var err error
	var wg sync.WaitGroup
	wg.Go(func() { err = call() })
	select {
	case <-g.entered:
	case <-time.After(10 * time.Second):
		t.Fatal("the delayed call never reached Update")
	}
	meanwhile()
	close(g.release)
	wg.Wait()
	return err
}

// onlyLine returns the one order line stored.
func (w *world) onlyLine(t *testing.T) attribution.Line {
	t.Helper()
	var ls []attribution.Line
	if err := w.store.View(w.ctx, func(tx storage.Tx) error {
		var err error
		ls, err = allLines(tx)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(ls) != 1 {
		t.Fatalf("%d lines stored, want 1", len(ls))
	}
	return ls[0]
}

// P6: a change is stamped with the clock inside its transaction, so one
// that waited for the writer while an order was placed and ingested
// cannot take effect before that order: the showcase's history and the
// line agree on what paid it, and a replay pays the same.
func TestChangesAreStampedInsideTheirTransaction(t *testing.T) {
	for _, tc := range []struct {
		name   string
		setup  func(w *world)
		change func(w *world) error
		check  func(t *testing.T, w *world, line attribution.Line, placed time.Time)
	}{{
		name:  "rate change",
		setup: func(w *world) { w.accept(w.maya, w.listLink) },
		change: func(w *world) error {
			_, err := w.svc.SetCreatorRate(w.ctx, w.agency, w.list.ID, w.serum.ID, rate(t, "5%"), time.Time{})
			return err
		},
		check: func(t *testing.T, w *world, line attribution.Line, placed time.Time) {
			sc, err := w.svc.Showcase(w.ctx, w.maya)
			if err != nil {
				t.Fatal(err)
			}
			terms, err := sc.RateAt(w.serum.Shop, w.serum.Product, placed)
			if err != nil {
				t.Fatal(err)
			}
			if got := line.Attribution.Terms; got.Split.Creator != terms.Rate || got.RateVersion != terms.RateVersion {
				t.Errorf("the order placed at %v is paid %v (version %d); the showcase says %v (version %d, from %v)",
					placed, got.Split.Creator, got.RateVersion, terms.Rate, terms.RateVersion, terms.Effective)
			}
		},
	}, {
		name:  "acceptance",
		setup: func(w *world) {},
		change: func(w *world) error {
			_, err := w.svc.AcceptLinks(w.ctx, w.maya, []string{string(w.listLink)})
			return err
		},
		check: func(t *testing.T, w *world, line attribution.Line, placed time.Time) {
			sc, err := w.svc.Showcase(w.ctx, w.maya)
			if err != nil {
				t.Fatal(err)
			}
			if terms, err := sc.RateAt(w.serum.Shop, w.serum.Product, placed); err == nil && !line.Attribution.OK() {
				t.Errorf("the showcase has serum from %v, before the order placed at %v, but the line earns nothing (%v)",
					terms.Effective, placed, line.Attribution.Reason)
			}
		},
	}, {
		name: "cancellation approved",
		setup: func(w *world) {
			w.accept(w.maya, w.listLink)
			if _, err := w.svc.RequestCancellation(w.ctx, w.glow, w.serum.ID); err != nil {
				t.Fatal(err)
			}
		},
		change: func(w *world) error {
			_, err := w.svc.DecideCancellation(w.ctx, w.agency, w.serum.ID, true)
			return err
		},
		check: func(t *testing.T, w *world, line attribution.Line, placed time.Time) {
			r, _, err := w.svc.CampaignRegistrations(w.ctx, w.agency, w.camp.ID, registration.Filter{}, partnerkit.Page{})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range r {
				if r.ID == w.serum.ID && !placed.Before(r.ClosedAt) && line.Attribution.OK() {
					t.Errorf("the registration closed at %v, before the order placed at %v, yet the line earns %v",
						r.ClosedAt, placed, line.Ledger.Owed.Creator)
				}
			}
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			g := newDoorStore(memory.New())
			w := newWorldOn(t, g, partnerkit.Options{GroupCommit: partnerkit.GroupCommit{Off: true}})
			tc.setup(w)
			w.clock.Advance(time.Hour)
			placed := w.clock.Now().Add(30 * time.Second)
			err := g.delayed(t, func() error { return tc.change(w) }, func() {
				w.clock.Advance(time.Minute) // the order is placed, and arrives, while the change waits
				w.ingest(w.event("ev-1", attribution.Paid, "o-1", w.maya, w.serum, "100.00", placed.Add(time.Second), placed))
			})
			if err != nil {
				t.Fatalf("the change: %v", err)
			}
			tc.check(t, w, w.onlyLine(t), placed)
		})
	}
}
