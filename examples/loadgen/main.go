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
// fails. Throughput on a shared machine is noise; the checks are not.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
	"github.com/partnerkit/partnerkit/storage/postgres"
	"github.com/partnerkit/partnerkit/storage/sqlite"
)

func main() {
	var cfg Config
	store := flag.String("store", "memory", "store: memory, sqlite or postgres")
	db := flag.String("db", "", "SQLite file to create (-store sqlite; default: a temporary file)")
	flag.IntVar(&cfg.Lines, "lines", 20000, "order lines to make up")
	flag.IntVar(&cfg.Hosts, "hosts", 8, "goroutines ingesting at once")
	flag.IntVar(&cfg.Batch, "batch", 50, "events per IngestEvents call; 1 uses IngestEvent")
	flag.Float64Var(&cfg.Dup, "dup", 0.1, "share of events sent twice")
	flag.Uint64Var(&cfg.Seed, "seed", 1, "seed of the made-up events and their order")
	flag.Parse()
	ctx := context.Background()
	s, cleanup, err := open(ctx, *store, *db)
	if err != nil {
		fail(err)
	}
	defer cleanup()
	rep, err := Run(ctx, s, cfg)
	if err != nil {
		fail(err)
	}
	rep.Print(os.Stdout)
	if !rep.OK() {
		os.Exit(1)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "loadgen:", err)
	os.Exit(1)
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
			return nil, nil, err
		}
		return s, func() {
			s.Close()
			if err := dropSchema(ctx, dsn, schema); err != nil {
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
	if _, err := c.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE"); err != nil {
		return fmt.Errorf("dropping schema %s: %w", schema, err)
	}
	return nil
}

// Print writes the report to w.
func (r Report) Print(w io.Writer) {
	fmt.Fprintf(w, "loadgen: %d lines, %d events sent (%d distinct, %d repeats), %d hosts, batches of %d\n",
		r.Lines, r.Sent, r.Distinct, r.Sent-r.Distinct, r.Config.Hosts, r.Config.Batch)
	fmt.Fprintf(w, "ingest: %v, %.0f events/s; %d duplicates seen, %d refused; %d SettleDue sweeps\n",
		r.Elapsed.Round(time.Millisecond), float64(r.Sent)/r.Elapsed.Seconds(), r.Duplicates, r.Refused, r.Sweeps)
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
