package benchwork

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/storage/postgres"
)

// Postgres is a benchmark's own schema on a PostgreSQL database: the
// Store and the ceiling's table both live in it, and Drop removes it with
// all in it. A run in the shared default schema would measure what the
// earlier runs left there (hundreds of thousands of lines, their outbox
// rows and indexes), not what a fresh database does.
type Postgres struct {
	DSN    string
	Schema string
	Store  *postgres.Store
}

// OpenPostgres creates a schema named after tag and the current time on
// dsn and opens a Store in it.
func OpenPostgres(ctx context.Context, dsn, tag string) (*Postgres, error) {
	schema := fmt.Sprintf("bench_%s_%d", tag, time.Now().UnixNano())
	st, err := postgres.Open(ctx, dsn, postgres.Options{Schema: schema})
	if err != nil {
		return nil, err
	}
	return &Postgres{DSN: dsn, Schema: schema, Store: st}, nil
}

// Drop closes the Store and drops the schema.
func (p *Postgres) Drop(ctx context.Context) error {
	p.Store.Close()
	conn, err := pgx.Connect(ctx, p.DSN)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{p.Schema}.Sanitize()+" CASCADE")
	return err
}

// RawCopy is the ceiling of Postgres ingest: pgx.CopyFrom of one row per
// event into a logged table keyed by event id, one COPY per batch.
type RawCopy struct{ conn *pgx.Conn }

// OpenRawCopy connects to p's database and creates the ceiling's table in
// p's schema, or empties it.
func (p *Postgres) OpenRawCopy(ctx context.Context) (*RawCopy, error) {
	cfg, err := pgx.ParseConfig(p.DSN)
	if err != nil {
		return nil, err
	}
	cfg.RuntimeParams["search_path"] = pgx.Identifier{p.Schema}.Sanitize()
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	for _, q := range []string{EventsTable, `TRUNCATE bench_events`} {
		if _, err := conn.Exec(ctx, q); err != nil {
			conn.Close(ctx)
			return nil, err
		}
	}
	return &RawCopy{conn: conn}, nil
}

// Copy writes evs' rows in COPYs of batch rows and returns how long it took.
func (r *RawCopy) Copy(ctx context.Context, evs []attribution.Event, batch int) (time.Duration, error) {
	cols := []string{"event_id", "order_id", "line_id", "kind", "creator", "entry", "amount", "currency", "at", "placed"}
	start := time.Now()
	for from := 0; from < len(evs); from += batch {
		part := evs[from:min(from+batch, len(evs))]
		_, err := r.conn.CopyFrom(ctx, pgx.Identifier{"bench_events"}, cols, pgx.CopyFromSlice(len(part), func(i int) ([]any, error) {
			return Row(part[i]), nil
		}))
		if err != nil {
			return 0, err
		}
	}
	return time.Since(start), nil
}

// Close closes the connection.
func (r *RawCopy) Close(ctx context.Context) error { return r.conn.Close(ctx) }
