package benchwork

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/partnerkit/partnerkit/attribution"
)

// RawCopy is the ceiling of Postgres ingest: pgx.CopyFrom of one row per
// event into a logged table keyed by event id, one COPY per batch.
type RawCopy struct{ conn *pgx.Conn }

// OpenRawCopy connects to dsn and empties the ceiling's table.
func OpenRawCopy(ctx context.Context, dsn string) (*RawCopy, error) {
	conn, err := pgx.Connect(ctx, dsn)
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
