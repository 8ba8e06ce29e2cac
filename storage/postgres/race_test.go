package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/postgres"
)

// Two stores, each with its own pool, stand for two processes sharing one
// database: racing list creations past productlist.MaxLists, exactly the
// limit commits.
func TestListLimitHoldsAcrossPools(t *testing.T) {
	ctx := context.Background()
	schema := freshSchema(t)
	stores := []*postgres.Store{
		openSchema(t, schema, postgres.Options{MaxConns: 4}),
		openSchema(t, schema, postgres.Options{MaxConns: 4}),
	}
	const agency = "a1"
	const prefill = productlist.MaxLists - 40
	err := stores[0].Update(ctx, func(tx storage.Tx) error {
		for i := range prefill {
			if err := tx.Lists().Create(productlist.List{ID: productlist.ListID(fmt.Sprintf("pre-%04d", i)), Agency: agency, Name: "prefill"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	const workers, tries = 8, 15 // 120 attempts for 40 places
	var created, refused atomic.Int64
	start := make(chan struct{})
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			s := stores[w%2]
			<-start
			for i := range tries {
				id := productlist.ListID(fmt.Sprintf("race-%d-%d", w, i))
				err := s.Update(ctx, func(tx storage.Tx) error {
					return tx.Lists().Create(productlist.List{ID: id, Agency: agency, Name: "race"})
				})
				switch {
				case err == nil:
					created.Add(1)
				case errors.Is(err, storage.ErrLimit):
					refused.Add(1)
				default:
					t.Errorf("Create(%s): %v", id, err)
				}
			}
		})
	}
	close(start)
	wg.Wait()
	if got, want := created.Load(), int64(productlist.MaxLists-prefill); got != want {
		t.Errorf("created %d lists in the race, want %d", got, want)
	}
	if got, want := refused.Load(), int64(workers*tries-(productlist.MaxLists-prefill)); got != want {
		t.Errorf("refused %d creations with ErrLimit, want %d", got, want)
	}
	err = stores[1].View(ctx, func(tx storage.Tx) error {
		n, err := tx.Lists().Count(agency)
		if err == nil && n != productlist.MaxLists {
			t.Errorf("Count = %d, want %d", n, productlist.MaxLists)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Two pools race bulk writes of the same 100 event ids (enough for COPY),
// on the same lines and on different ones: the same lines both commit (the
// loser's COPY fails as a serialization failure and its retry upserts);
// different lines commit for exactly one, and the other gets ErrConflict
// (A1), whichever way its COPY failed.
func TestBulkPutRaceAcrossPools(t *testing.T) {
	ctx := context.Background()
	schema := freshSchema(t)
	stores := []*postgres.Store{
		openSchema(t, schema, postgres.Options{MaxConns: 2}),
		openSchema(t, schema, postgres.Options{MaxConns: 2}),
	}
	at := time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC)
	lines := func(round int, same bool, who int) []attribution.Line {
		var ls []attribution.Line
		for i := range 100 {
			order := attribution.OrderID(fmt.Sprintf("o-%d-%v-%d", round, same, i))
			if !same {
				order += attribution.OrderID(fmt.Sprint("-", who))
			}
			ev := attribution.Event{ID: attribution.EventID(fmt.Sprintf("e-%d-%v-%d", round, same, i)), Kind: attribution.Settled,
				Order: order, Line: "1", At: at}
			ls = append(ls, attribution.Line{Key: ev.Key(), Events: []attribution.Event{ev}})
		}
		return ls
	}
	for round := range 5 {
		for _, same := range []bool{true, false} {
			errs := make([]error, 2)
			start := make(chan struct{})
			var wg sync.WaitGroup
			for w := range 2 {
				ls := lines(round, same, w)
				wg.Go(func() {
					<-start
					errs[w] = stores[w].Update(ctx, func(tx storage.Tx) error {
						ids := make([]attribution.EventID, len(ls))
						for i, l := range ls {
							ids[i] = l.Events[0].ID
						}
						if _, err := storage.LinesOf(tx.Orders(), ids); err != nil {
							return err
						}
						return storage.PutMany(tx.Orders(), ls)
					})
				})
			}
			close(start)
			wg.Wait()
			for w, err := range errs {
				if err != nil && (same || !errors.Is(err, storage.ErrConflict)) {
					t.Errorf("round %d, same lines %v: writer %d: %v", round, same, w, err)
				}
			}
			if !same && (errs[0] == nil) == (errs[1] == nil) {
				t.Errorf("round %d, different lines: errors %v and %v, want exactly one ErrConflict", round, errs[0], errs[1])
			}
		}
	}
}
