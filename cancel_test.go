package partnerkit_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
	"github.com/partnerkit/partnerkit/storage/sqlite"
)

// backends returns a world maker per backend; PostgreSQL only when
// PARTNERKIT_POSTGRES_DSN is set.
func backends() map[string]func(t *testing.T) *world {
	return map[string]func(t *testing.T) *world{
		"memory": func(t *testing.T) *world { return newWorldOn(t, memory.New(), partnerkit.Options{}) },
		"sqlite": func(t *testing.T) *world {
			s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "cancel.db"), sqlite.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return newWorldOn(t, s, partnerkit.Options{})
		},
		"postgres": func(t *testing.T) *world { return newWorldOn(t, newPGFault(t, 4).store, partnerkit.Options{}) },
	}
}

// snapshot is what a refused write must leave unchanged.
func (w *world) snapshot() string {
	w.t.Helper()
	var s string
	err := w.store.View(context.Background(), func(tx storage.Tx) error {
		lines, err := allLines(tx)
		if err != nil {
			return err
		}
		ls, _, err := tx.Lists().List(storage.ListQuery{Agency: w.agency.ID}, partnerkit.Page{Limit: storage.MaxLimit})
		if err != nil {
			return err
		}
		rs, _, err := tx.Registrations().List(storage.RegistrationQuery{}, partnerkit.Page{Limit: storage.MaxLimit})
		if err != nil {
			return err
		}
		c, err := tx.Campaigns().Get(w.camp.ID)
		if err != nil {
			return err
		}
		sc, err := tx.Showcases().Get(w.maya.ID)
		if err != nil {
			return err
		}
		s = fmt.Sprintf("%d lines %+v\nlists %+v\nregs %+v\ncampaign %+v\nshowcase %+v", len(lines), lines, ls, rs, c, sc)
		return nil
	})
	if err != nil {
		w.t.Fatalf("snapshot: %v", err)
	}
	return fmt.Sprintf("%s\noutbox %d", s, w.lastSeq())
}

// writes are one call of every kind of write, each of which would change
// the world if it ran.
func (w *world) writes(t *testing.T) map[string]func(context.Context) error {
	name := "Renamed"
	return map[string]func(context.Context) error{
		"CreateList": func(ctx context.Context) error { _, err := w.svc.CreateList(ctx, w.agency, "New"); return err },
		"RenameList": func(ctx context.Context) error {
			_, err := w.svc.RenameList(ctx, w.agency, w.list.ID, "New")
			return err
		},
		"DeleteList": func(ctx context.Context) error { return w.svc.DeleteList(ctx, w.agency, w.list.ID) },
		"AddToList": func(ctx context.Context) error {
			_, err := w.svc.AddToList(ctx, w.rival, w.rivalList.ID, w.cream.ID, 100)
			return err
		},
		"RemoveEntry": func(ctx context.Context) error {
			_, err := w.svc.RemoveFromList(ctx, w.agency, w.list.ID, w.serum.ID)
			return err
		},
		"SetCreatorRate": func(ctx context.Context) error {
			_, err := w.svc.SetCreatorRate(ctx, w.agency, w.list.ID, w.serum.ID, 500, start.Add(time.Hour))
			return err
		},
		"DuplicateList": func(ctx context.Context) error {
			_, err := w.svc.DuplicateList(ctx, w.agency, w.list.ID, "Copy")
			return err
		},
		"Approve": func(ctx context.Context) error {
			_, err := w.svc.ApproveRegistration(ctx, w.agency, w.shoe.ID)
			return err
		},
		"Reject": func(ctx context.Context) error {
			_, err := w.svc.RejectRegistration(ctx, w.agency, w.shoe.ID, registration.Rejection{Reason: registration.HardToPromote})
			return err
		},
		"Register": func(ctx context.Context) error {
			_, err := w.svc.RegisterProduct(ctx, w.glow, partnerkit.RegisterInput{Campaign: w.camp.ID, Product: "new", ProductTitle: "New", Rate: 2000})
			return err
		},
		"RequestCancellation": func(ctx context.Context) error {
			_, err := w.svc.RequestCancellation(ctx, w.glow, w.serum.ID)
			return err
		},
		"EditCampaign": func(ctx context.Context) error {
			_, err := w.svc.EditCampaign(ctx, w.agency, w.camp.ID, campaign.Patch{Name: &name})
			return err
		},
		"Unpublish": func(ctx context.Context) error {
			_, err := w.svc.UnpublishCampaign(ctx, w.agency, w.camp.ID)
			return err
		},
		"AcceptLinks": func(ctx context.Context) error {
			_, err := w.svc.AcceptLinks(ctx, w.maya, []string{string(w.listLink)})
			return err
		},
		"ResolveLinks (lower-rate notice)": func(ctx context.Context) error {
			_, err := w.svc.ResolveLinks(ctx, w.maya, []string{string(w.listLink)})
			return err
		},
		"IngestEvents": func(ctx context.Context) error {
			_, err := w.svc.IngestEvents(ctx, w.host, []attribution.Event{
				w.event("c-1", attribution.Paid, "o-c", w.maya, w.serum, "10.00", start, start)})
			return err
		},
		"SettleDue":   func(ctx context.Context) error { _, err := w.svc.SettleDue(ctx, w.host, partnerkit.Page{}); return err },
		"Acknowledge": func(ctx context.Context) error { return w.svc.Acknowledge(ctx, w.host, "reader", 1) },
	}
}

// Every write called with a cancelled context, or one past its deadline,
// returns that context's error and changes nothing, on every backend.
func TestCancelledContextWritesNothing(t *testing.T) {
	for name, mk := range backends() {
		t.Run(name, func(t *testing.T) {
			w := mk(t)
			before := w.snapshot()
			cancelled, cancel := context.WithCancel(context.Background())
			cancel()
			expired, cancel2 := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
			defer cancel2()
			for call, do := range w.writes(t) {
				if err := do(cancelled); !errors.Is(err, context.Canceled) {
					t.Errorf("%s(cancelled ctx) = %v, want context.Canceled", call, err)
				}
				if err := do(expired); !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("%s(expired ctx) = %v, want context.DeadlineExceeded", call, err)
				}
			}
			if after := w.snapshot(); after != before {
				t.Errorf("refused writes changed the store:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

// A batch ingest cancelled at a random moment either committed every event
// (nil error) or none (an error): never part of a batch; the metrics still
// equal Recompute.
func TestCancelMidIngestAllOrNothing(t *testing.T) {
	for name, mk := range backends() {
		t.Run(name, func(t *testing.T) {
			w := mk(t)
			w.accept(w.maya, w.listLink)
			rng := rand.New(rand.NewPCG(7, 7))
			// How long one uncancelled batch takes here, so the cancels
			// below fall before, during and after a call: a fixed range
			// would fall after every call on a fast machine.
			const size = 200                             // past the SQL backends' COPY threshold
			w.ingest(paidBatch(w, "warm", size, rng)...) // caches, statements
			began := time.Now()
			w.ingest(paidBatch(w, "timed", size, rng)...)
			span := max(2*time.Since(began), 100*time.Microsecond)
			applied, cancelled := 0, 0
			for round := range 8 {
				evs := paidBatch(w, fmt.Sprintf("m%d", round), size, rng)
				ctx, cancel := context.WithCancel(context.Background())
				done := make(chan struct{})
				go func() {
					defer close(done)
					time.Sleep(time.Duration(rng.Int64N(int64(span))))
					cancel()
				}()
				_, err := w.svc.IngestEvents(ctx, w.host, evs)
				<-done
				stored := 0
				verr := w.store.View(context.Background(), func(tx storage.Tx) error {
					for _, e := range evs {
						if _, err := tx.Orders().LineOf(e.ID); err == nil {
							stored++
						} else if !errors.Is(err, storage.ErrNotFound) {
							return err
						}
					}
					_, err := ledgerMatchesRecompute(tx, w.camp.ID)
					return err
				})
				if verr != nil {
					t.Fatal(verr)
				}
				switch {
				case err == nil && stored == len(evs):
					applied++
				case err != nil && stored == 0:
					if !errors.Is(err, context.Canceled) {
						t.Errorf("round %d: IngestEvents = %v, want context.Canceled", round, err)
					}
					cancelled++
				default:
					t.Fatalf("round %d: IngestEvents = %v with %d of %d events stored", round, err, stored, len(evs))
				}
			}
			t.Logf("%s: %d batches committed whole, %d cancelled with nothing written", name, applied, cancelled)
		})
	}
}
