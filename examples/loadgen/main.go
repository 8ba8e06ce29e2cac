// Command loadgen puts a partnerkit Service under the load of a busy host
// and checks that the money came out right: several goroutines ingest a
// shuffled stream of order events with duplicates (payments, shipping,
// deliveries, partial and excessive refunds, cancellations, platform
// settlements), singly and in batches, while another moves the clock on
// and runs SettleDue sweeps. Then it checks, for every order line, that
// the store holds exactly the events sent, that its ledger is the one its
// events derive (A1, A6, K5), that the incrementally kept metrics equal a
// recomputation (A2), that the agency's statement reconciles (A5), and
// that the last outbox message of each line says what the line says.
//
//	go run ./examples/loadgen                          # memory store
//	go run ./examples/loadgen -store sqlite -db x.db   # a new SQLite file
//	go run ./examples/loadgen -store postgres          # PARTNERKIT_POSTGRES_DSN
//
// It prints throughput and the checks, and exits with status 1 if a check
// fails (2 for bad flags). Throughput on a shared machine is noise; the
// checks are not.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
	"github.com/partnerkit/partnerkit/storage/postgres"
	"github.com/partnerkit/partnerkit/storage/sqlite"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main with its arguments and outputs, returning the exit status:
// 0 when every check passed, 1 when one failed or the run could not be
// made, 2 for bad flags. What it made (a temporary SQLite file, a
// Postgres schema) is removed whatever the outcome, Ctrl-C included.
func run(args []string, stdout, stderr io.Writer) int {
	var cfg Config
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	store := fs.String("store", "memory", "store: memory, sqlite or postgres")
	db := fs.String("db", "", "SQLite file to create (-store sqlite; default: a temporary file)")
	fs.IntVar(&cfg.Lines, "lines", 20000, "order lines to make up")
	fs.IntVar(&cfg.Hosts, "hosts", 8, "goroutines ingesting at once")
	fs.IntVar(&cfg.Batch, "batch", 50, "events per IngestEvents call; 1 uses IngestEvent")
	fs.Float64Var(&cfg.Dup, "dup", 0.1, "share of events sent twice, from 0 to 1")
	fs.Uint64Var(&cfg.Seed, "seed", 1, "seed of the made-up events and their order")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if err := cfg.check(); err != nil {
		fmt.Fprintln(stderr, "loadgen:", err)
		return 2
	}
	switch *store {
	case "memory", "sqlite", "postgres":
	default:
		fmt.Fprintf(stderr, "loadgen: -store %q: want memory, sqlite or postgres\n", *store)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	s, cleanup, err := open(ctx, *store, *db)
	if err != nil {
		fmt.Fprintln(stderr, "loadgen:", err)
		return 1
	}
	defer cleanup()
	rep, err := Run(ctx, s, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "loadgen:", err)
		return 1
	}
	rep.Print(stdout)
	if !rep.OK() {
		return 1
	}
	return 0
}

// open opens the store named kind.
func open(ctx context.Context, kind, db string) (storage.Store, func(), error) {
	switch kind {
	case "memory":
		s := memory.New()
		return s, func() { s.Close() }, nil
	case "sqlite":
		remove := func() {}
		if db == "" {
			dir, err := os.MkdirTemp("", "loadgen")
			if err != nil {
				return nil, nil, err
			}
			db, remove = dir+"/loadgen.db", func() { os.RemoveAll(dir) }
		} else if _, err := os.Stat(db); err == nil {
			return nil, nil, fmt.Errorf("%s exists: loadgen needs a new database; remove it or name another file", db)
		}
		s, err := sqlite.Open(ctx, db, sqlite.Options{})
		if err != nil {
			remove()
			return nil, nil, err
		}
		return s, func() { s.Close(); remove() }, nil
	case "postgres":
		dsn := os.Getenv("PARTNERKIT_POSTGRES_DSN")
		if dsn == "" {
			return nil, nil, fmt.Errorf("-store postgres reads PARTNERKIT_POSTGRES_DSN, which is not set (scripts/postgres-up prints it)")
		}
		// A schema of its own, so runs never meet each other's rows.
		schema := fmt.Sprintf("loadgen_%d", time.Now().UnixNano())
		s, err := postgres.Open(ctx, dsn, postgres.Options{Schema: schema})
		if err != nil {
			// Open may have made the schema before it failed.
			if derr := dropSchema(context.Background(), dsn, schema); derr != nil {
				fmt.Fprintln(os.Stderr, "loadgen:", derr)
			}
			return nil, nil, err
		}
		return s, func() {
			s.Close()
			// Not ctx: the schema goes even when Ctrl-C cancelled the run.
			if err := dropSchema(context.Background(), dsn, schema); err != nil {
				fmt.Fprintln(os.Stderr, "loadgen:", err)
			}
		}, nil
	}
	return nil, nil, fmt.Errorf("-store %q: want memory, sqlite or postgres", kind)
}

// dropSchema drops the schema a run made, with everything in it.
func dropSchema(ctx context.Context, dsn, schema string) error {
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return fmt.Errorf("dropping schema %s: %w", schema, err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{schema}.Sanitize()+" CASCADE"); err != nil {
		return fmt.Errorf("dropping schema %s: %w", schema, err)
	}
	return nil
}

// Print writes the report to w.
func (r Report) Print(w io.Writer) {
	fmt.Fprintf(w, "loadgen: %d lines, %d events sent (%d distinct, %d repeats), %d hosts, batches of %d\n",
		r.Lines, r.Sent, r.Distinct, r.Sent-r.Distinct, r.Config.Hosts, r.Config.Batch)
	seen := strconv.Itoa(r.Duplicates)
	if r.Config.Batch == 1 {
		seen = "n/a (IngestEvent does not say)" // one event a call
	}
	fmt.Fprintf(w, "ingest: %v, %.0f events/s; repeats seen as such: %s; %d refused; %d SettleDue sweeps\n",
		r.Elapsed.Round(time.Millisecond), float64(r.Sent)/r.Elapsed.Seconds(), seen, r.Refused, r.Sweeps)
	fmt.Fprintf(w, "lines: %d pending, %d settled, %d void, %d unpaid\n", r.Status["pending"], r.Status["settled"], r.Status["void"], r.Status["unpaid"])
	fmt.Fprintf(w, "campaign: %s paid orders, GMV %s, settled creator %s, agency %s\n", r.PaidOrders, r.GMV, r.SettledCreator, r.SettledAgency)
	for _, c := range r.Checks {
		mark := "ok  "
		if c.Failed > 0 {
			mark = "FAIL"
		}
		fmt.Fprintf(w, "%s %s: %d checked", mark, c.Name, c.Checked)
		if c.Failed > 0 {
			fmt.Fprintf(w, ", %d wrong; first: %s", c.Failed, c.First)
		}
		fmt.Fprintln(w)
	}
}
