package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/internal/benchwork"
	"github.com/partnerkit/partnerkit/storage"
)

// A1 A2 A5 A6 K5: a small load, on every backend, one event per call and
// in batches, passes every check.
func TestRunChecksOut(t *testing.T) {
	stores := []string{"memory", "sqlite", "postgres"}
	for _, kind := range stores {
		t.Run(kind, func(t *testing.T) {
			if kind == "postgres" && os.Getenv("PARTNERKIT_POSTGRES_DSN") == "" {
				t.Skip("PARTNERKIT_POSTGRES_DSN is not set; run scripts/postgres-up")
			}
			for _, batch := range []int{1, 25} {
				s, cleanup, err := open(context.Background(), kind, filepath.Join(t.TempDir(), "loadgen.db"))
				if err != nil {
					t.Fatal(err)
				}
				rep, err := Run(context.Background(), s, Config{Lines: 300, Hosts: 4, Batch: batch, Dup: 0.2, Seed: 7})
				cleanup()
				if err != nil {
					t.Fatal(err)
				}
				var out strings.Builder
				rep.Print(&out)
				if !rep.OK() {
					t.Errorf("batches of %d: a check failed:\n%s", batch, out.String())
				}
				if rep.Refused != 0 || rep.Status["settled"] == 0 || rep.Status["void"] == 0 || rep.Status["pending"] == 0 {
					t.Errorf("batches of %d: the load is not the one made up (refusals, or a status never reached):\n%s", batch, out.String())
				}
			}
		})
	}
}

// The checks catch a store that lost an event or holds a wrong ledger.
func TestChecksCatchATamperedStore(t *testing.T) {
	tamper := func(ctx context.Context, w *benchwork.World) error {
		return w.Store.Update(ctx, func(tx storage.Tx) error {
			ls, _, err := tx.Orders().List(storage.LineQuery{Campaign: w.Campaign}, storage.Page{Limit: 2})
			if err != nil {
				return err
			}
			lost := ls[0]
			lost.Events = lost.Events[:len(lost.Events)-1]
			wrong := ls[1]
			wrong.Ledger.Status = attribution.StatusVoid
			return storage.PutMany(tx.Orders(), []attribution.Line{lost, wrong})
		})
	}
	s, cleanup, err := open(context.Background(), "memory", "")
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	rep, err := Run(context.Background(), s, Config{Lines: 200, Hosts: 2, Batch: 10, Seed: 3, beforeVerify: tamper})
	if err != nil {
		t.Fatal(err)
	}
	failed := map[string]int{}
	for _, c := range rep.Checks {
		failed[c.Name[:strings.Index(c.Name, ":")]] = c.Failed
	}
	if rep.OK() || failed["A1"] == 0 || failed["A1 A6 K5"] == 0 {
		var out strings.Builder
		rep.Print(&out)
		t.Errorf("a line lost an event and another holds a wrong ledger, and the checks say:\n%s", out.String())
	}
}
