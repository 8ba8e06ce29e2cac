package postgres

import (
	"context"
	"sync"

	"github.com/jackc/pgx/v5"
)

// pool is a small bounded pool of connections. (pgxpool would do, but its
// dependency github.com/jackc/puddle/v2 is not in this module's go.sum.)
type pool struct {
	cfg   *pgx.ConnConfig
	slots chan struct{}  // a token per open connection, at most cap
	idle  chan *pgx.Conn // idle connections, at most cap
	mu    sync.Mutex     // guards closed
	done  bool
}

func newPool(cfg *pgx.ConnConfig, size int) *pool {
	return &pool{cfg: cfg, slots: make(chan struct{}, size), idle: make(chan *pgx.Conn, size)}
}

// acquire returns an idle connection, or a new one if fewer than the
// maximum are open, or waits for one to be released.
func (p *pool) acquire(ctx context.Context) (*pgx.Conn, error) {
	select {
	case c := <-p.idle:
		return c, nil
	default:
	}
	select {
	case c := <-p.idle:
		return c, nil
	case p.slots <- struct{}{}:
		c, err := pgx.ConnectConfig(ctx, p.cfg)
		if err != nil {
			<-p.slots
			return nil, err
		}
		return c, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// release returns c to the pool, or closes it if it is broken or still in
// a transaction.
func (p *pool) release(c *pgx.Conn) {
	p.mu.Lock()
	done := p.done
	p.mu.Unlock()
	if done || c.IsClosed() || c.PgConn().TxStatus() != 'I' {
		c.Close(context.Background())
		<-p.slots
		return
	}
	p.idle <- c // never blocks: at most cap connections exist
}

// close closes the idle connections; the caller has waited for the busy
// ones to be released.
func (p *pool) close() {
	p.mu.Lock()
	p.done = true
	p.mu.Unlock()
	for {
		select {
		case c := <-p.idle:
			c.Close(context.Background())
			<-p.slots
		default:
			return
		}
	}
}
