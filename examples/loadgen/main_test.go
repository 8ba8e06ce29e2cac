package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/internal/benchwork"
	"github.com/partnerkit/partnerkit/storage"
)

// A1 A2 A5 A6 K5: a small load, on every backend, one event per call and
// in batches, passes every check.
func TestRunChecksOut(t *testing.T) {
	for _, kind := range []string{"memory", "sqlite", "postgres"} {
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
				out := printed(rep)
				if !rep.OK() {
					t.Errorf("batches of %d: a check failed:\n%s", batch, out)
				}
				if rep.Status["settled"] == 0 || rep.Status["void"] == 0 || rep.Status["pending"] == 0 {
					t.Errorf("batches of %d: a status was never reached, the load is not the one made up:\n%s", batch, out)
				}
			}
		})
	}
}

// Fewer lines than the world has products: products without an order
// keep zero metrics, which Recompute has no row for, and that is right.
func TestRunWithFewLines(t *testing.T) {
	s, cleanup, err := open(context.Background(), "memory", "")
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	rep, err := Run(context.Background(), s, Config{Lines: 10, Hosts: 2, Batch: 3, Seed: 2})
	if err != nil || !rep.OK() {
		t.Errorf("10 lines: %v\n%s", err, printed(rep))
	}
}

// The checks catch a store that lost an event, changed one, or holds a
// wrong ledger; and a run with a refused event fails.
func TestChecksCatchATamperedStore(t *testing.T) {
	for name, tc := range map[string]struct {
		change func(*attribution.Line)
		fails  string
	}{
		"event lost":    {func(l *attribution.Line) { l.Events = l.Events[:len(l.Events)-1] }, "A1"},
		"event changed": {func(l *attribution.Line) { l.Events[len(l.Events)-1].At = l.Events[len(l.Events)-1].At.Add(time.Hour) }, "A1"},
		"ledger wrong":  {func(l *attribution.Line) { l.Ledger.Status = attribution.StatusVoid }, "A1 A6 K5"},
	} {
		t.Run(name, func(t *testing.T) {
			tamper := func(ctx context.Context, w *benchwork.World) error {
				return w.Store.Update(ctx, func(tx storage.Tx) error {
					ls, _, err := tx.Orders().List(storage.LineQuery{Campaign: w.Campaign}, storage.Page{Limit: 1})
					if err != nil {
						return err
					}
					tc.change(&ls[0])
					return tx.Orders().Put(ls[0])
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
			failed := 0
			for _, c := range rep.Checks {
				if strings.HasPrefix(c.Name, tc.fails+":") {
					failed += c.Failed
				}
			}
			if rep.OK() || failed == 0 {
				t.Errorf("the check %q did not fail:\n%s", tc.fails, printed(rep))
			}
		})
	}
	if rep := (Report{Refused: 1, Checks: []Check{{Name: "A1: x", Checked: 1}}}); rep.OK() {
		t.Error("a run with a refused event is OK")
	}
}

// Bad flags are refused before anything is made (no database file), with
// one "loadgen:" prefix and status 2.
func TestBadFlags(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	for _, args := range [][]string{
		{"-lines", "0"}, {"-hosts", "-1"}, {"-batch", "0"}, {"-dup", "2"}, {"-dup", "NaN"}, {"-dup", "x"},
	} {
		var stderr strings.Builder
		args = append(args, "-store", "sqlite", "-db", db)
		if got := run(args, &strings.Builder{}, &stderr); got != 2 {
			t.Errorf("%v: status %d, want 2", args, got)
		}
		if strings.Count(stderr.String(), "loadgen:") > 1 || stderr.Len() == 0 {
			t.Errorf("%v: stderr %q", args, stderr.String())
		}
		if _, err := os.Stat(db); err == nil {
			t.Fatalf("%v: made %s before refusing the flags", args, db)
		}
	}
	if got := run([]string{"-store", "foo", "-lines", "1"}, &strings.Builder{}, &strings.Builder{}); got != 2 {
		t.Errorf("-store foo: status %d, want 2", got)
	}
}

// A SQLite run on a temporary file removes it when done.
func TestSQLiteRunLeavesNoFile(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var stdout strings.Builder
	if got := run([]string{"-store", "sqlite", "-lines", "50", "-hosts", "2"}, &stdout, &strings.Builder{}); got != 0 {
		t.Fatalf("status %d:\n%s", got, stdout.String())
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("left behind in TMPDIR: %v", left)
	}
}

func printed(rep Report) string {
	var out strings.Builder
	rep.Print(&out)
	return out.String()
}
