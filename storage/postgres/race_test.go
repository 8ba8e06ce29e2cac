package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

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
