package partnerkit

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/partnerkit/partnerkit/attribution"
)

// GroupCommit configures how the Service groups concurrent IngestEvent
// calls into one transaction (group commit), so a durable store pays one
// commit for many callers. The zero value is the default: on, no added
// wait, at most 1000 events a group.
//
// Grouping keeps each call's meaning: every event is applied or refused
// on its own, exactly as IngestEvents does for a batch, and each caller
// gets its own event's result. A storage failure fails every call of the
// group. A caller's ctx ending does not cancel its group while another
// caller of the group still waits for it; once none does, the group is
// cancelled (see IngestEvent).
type GroupCommit struct {
	// Off makes every IngestEvent call its own transaction.
	Off bool
	// Window is how long a group's leader waits for more callers before
	// it runs the group; 0 adds no wait: a group is whatever piled up while
	// the previous one ran.
	Window time.Duration
	// MaxEvents caps a group; 0 means 1000.
	MaxEvents int
}

// grouper is the group-commit queue. There is no goroutine: the first
// caller to find no leader leads; it runs one group (its own event first)
// and hands leadership to the oldest waiting caller, if any.
type grouper struct {
	mu      sync.Mutex
	pending []*groupCall
	leading bool // a caller leads: it collects or runs a group
}

// groupCall is one waiting IngestEvent call.
type groupCall struct {
	ctx context.Context
	ev  attribution.Event
	// signal is sent once (buffered, so a sender never blocks): true
	// means "lead", false means "done: res and err are set".
	signal chan bool
	// promoted is set, under grouper.mu, when the call is told to lead.
	promoted bool
	res      IngestResult
	err      error
}

// ingestGrouped is IngestEvent through the group-commit queue.
func (s *Service) ingestGrouped(ctx context.Context, h Host, ev attribution.Event) (attribution.Line, error) {
	if err := ctx.Err(); err != nil {
		return attribution.Line{}, err
	}
	g := &s.group
	c := &groupCall{ctx: ctx, ev: ev, signal: make(chan bool, 1)}
	g.mu.Lock()
	g.pending = append(g.pending, c)
	lead := !g.leading
	if lead {
		g.leading, c.promoted = true, true
	}
	g.mu.Unlock()
	for !lead {
		select {
		case lead = <-c.signal:
			if !lead {
				if err := c.resultErr(); err != nil && ctx.Err() != nil {
					return attribution.Line{}, ctx.Err() // the group gave up with every caller's ctx
				}
				return c.res.Line, c.resultErr()
			}
		case <-ctx.Done():
			g.leave(c)
			return attribution.Line{}, ctx.Err()
		}
	}
	// c leads: collect a group, run it, hand over.
	if w := s.opts.GroupCommit.Window; w > 0 {
		t := time.NewTimer(w)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			g.leave(c)
			return attribution.Line{}, ctx.Err()
		}
	}
	max := s.opts.GroupCommit.MaxEvents
	if max <= 0 {
		max = 1000
	}
	g.gather(max)
	g.mu.Lock()
	n := min(max, len(g.pending))
	group := slices.Clone(g.pending[:n])
	g.pending = slices.Delete(g.pending, 0, n)
	g.mu.Unlock()

	// Callers that gave up while the leader waited are not in pending any
	// more. The group runs for its callers: it keeps the leader's ctx
	// values, and it is cancelled only once every caller's ctx has ended,
	// so a caller giving up does not fail the others' events, and a group
	// nobody waits for any more (a lone caller past its deadline, say)
	// stops waiting for the store.
	evs := make([]attribution.Event, len(group))
	for i, gc := range group {
		evs[i] = gc.ev
	}
	gctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	var waiting atomic.Int64
	waiting.Store(int64(len(group)))
	for _, gc := range group {
		stop := context.AfterFunc(gc.ctx, func() {
			if waiting.Add(-1) == 0 {
				cancel()
			}
		})
		defer stop()
	}
	var rs []IngestResult
	err := ErrGroupPanicked
	// Deferred, so a panic in the group still answers every caller and
	// hands leadership over before it goes on up the leader's stack.
	defer func() {
		for i, gc := range group {
			if err != nil {
				gc.err = err
			} else {
				gc.res = rs[i]
			}
			if gc != c {
				gc.signal <- false
			}
		}
		g.mu.Lock()
		g.handOver()
		g.mu.Unlock()
	}()
	rs, err = s.IngestEvents(gctx, h, evs)
	if err != nil {
		if ctx.Err() != nil {
			return attribution.Line{}, ctx.Err()
		}
		return attribution.Line{}, err
	}
	// c is group[0]: a leader is the oldest pending call, and calls only
	// join at the back.
	return rs[0].Line, rs[0].Err
}

// ErrGroupPanicked is what the other IngestEvent callers of a group get
// when running the group panicked (the caller leading it gets the panic).
// Nothing of the group was written; the events may be sent again.
var ErrGroupPanicked = errors.New("partnerkit: ingesting a group of events panicked")

func (c *groupCall) resultErr() error {
	if c.err != nil {
		return c.err
	}
	return c.res.Err
}

// leave takes a caller whose ctx is done out of the queue. If it was told
// to lead, leadership passes on. If a group already holds its event, the
// group's signal lands in the buffered channel and is dropped.
func (g *grouper) leave(c *groupCall) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if i := slices.Index(g.pending, c); i >= 0 {
		g.pending = slices.Delete(g.pending, i, i+1)
	}
	if c.promoted {
		g.handOver()
	}
}

// handOver passes leadership to the oldest waiting caller, or ends it.
// The caller holds g.mu.
func (g *grouper) handOver() {
	if len(g.pending) == 0 {
		g.leading = false
		return
	}
	next := g.pending[0]
	next.promoted = true
	next.signal <- true
}

// gatherYields bounds how many times gather yields.
const gatherYields = 8

// gather lets the callers the previous group just answered join this one
// before it is cut: they are runnable, usually about to send their next
// event, and a group that waits for nobody would leave them for the next.
// It yields the processor while that brings new callers, up to
// gatherYields times or until max are pending. A yield costs about a
// microsecond; a transaction on a durable store costs hundreds.
func (g *grouper) gather(max int) {
	g.mu.Lock()
	n := len(g.pending)
	g.mu.Unlock()
	for range gatherYields {
		if n >= max {
			return
		}
		runtime.Gosched()
		g.mu.Lock()
		m := len(g.pending)
		g.mu.Unlock()
		if m == n {
			return
		}
		n = m
	}
}
