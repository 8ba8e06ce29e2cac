package benchwork

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
)

// LimitProducts is how many approved products a limits world has: more
// than a list holds.
const LimitProducts = productlist.MaxProducts + 20

// LimitsResult is one round of the limits race.
type LimitsResult struct {
	Elapsed time.Duration
	// Writes is how many writes succeeded, Refused how many were refused
	// with ErrLimit.
	Writes, Refused int
	// Lists is how many lists the agency has after the round, Products how
	// many products the raced list holds.
	Lists, Products int
}

// Over reports whether a limit was broken.
func (r LimitsResult) Over() bool {
	return r.Lists > productlist.MaxLists || r.Products > productlist.MaxProducts
}

// RaceLimits has writers goroutines race one agency's list limit (1000)
// and one list's product limit (100) over the memory store. With race
// true they attempt 20% more writes than the limits allow, so some are
// refused; with race false (the ceiling) they make exactly the writes
// that succeed, so no limit ever binds: the same successful writes, by the
// same writers, through the same Service. Throughput is successful writes
// per second.
func RaceLimits(ctx context.Context, writers int, race bool) (LimitsResult, error) {
	w, err := NewWorld(ctx, memory.New(), partnerkit.Options{}, "", LimitProducts, 0)
	if err != nil {
		return LimitsResult{}, err
	}
	target, err := w.Svc.CreateList(ctx, w.Agency, "Raced list")
	if err != nil {
		return LimitsResult{}, err
	}
	have, err := w.listCount(ctx)
	if err != nil {
		return LimitsResult{}, err
	}
	lists, products := productlist.MaxLists-have, productlist.MaxProducts
	if race {
		lists, products = lists*6/5, len(w.Regs)
	}
	// Jobs: list creations and list additions, interleaved.
	type job struct{ add int } // -1: create a list; else add w.Regs[add]
	var jobs []job
	for i := 0; i < max(lists, products); i++ {
		if i < lists {
			jobs = append(jobs, job{-1})
		}
		if i < products {
			jobs = append(jobs, job{i})
		}
	}
	var next, writes, refused atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, writers)
	gate := make(chan struct{})
	for g := range writers {
		wg.Go(func() {
			<-gate
			for {
				i := int(next.Add(1)) - 1
				if i >= len(jobs) {
					return
				}
				var err error
				if j := jobs[i]; j.add < 0 {
					_, err = w.Svc.CreateList(ctx, w.Agency, fmt.Sprintf("List %d", i))
				} else {
					_, err = w.Svc.AddToList(ctx, w.Agency, target.ID, w.Regs[j.add].ID, 1000)
				}
				switch {
				case err == nil:
					writes.Add(1)
				case errors.Is(err, partnerkit.ErrLimit):
					refused.Add(1)
				default:
					errs[g] = err
					return
				}
			}
		})
	}
	start := time.Now()
	close(gate)
	wg.Wait()
	r := LimitsResult{Elapsed: time.Since(start), Writes: int(writes.Load()), Refused: int(refused.Load())}
	if err := errors.Join(errs...); err != nil {
		return r, err
	}
	if r.Lists, err = w.listCount(ctx); err != nil {
		return r, err
	}
	l, err := w.Svc.List(ctx, w.Agency, target.ID)
	if err != nil {
		return r, err
	}
	r.Products = len(l.Entries)
	return r, nil
}

func (w *World) listCount(ctx context.Context) (int, error) {
	var n int
	err := w.Store.View(ctx, func(tx storage.Tx) error {
		var err error
		n, err = tx.Lists().Count(w.Agency.ID)
		return err
	})
	return n, err
}
