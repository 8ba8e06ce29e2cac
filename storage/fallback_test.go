package storage_test

import (
	"context"
	"testing"

	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
	"github.com/partnerkit/partnerkit/storage/storagetest"
)

// TestFallbacksConform runs the conformance suite over a store whose
// repositories have only the core contract (a third-party backend's), so
// GetMany, LinesOf, PutMany, GetMetrics and PutMetrics take their
// fallbacks, not a BulkOrders or BulkMetrics.
func TestFallbacksConform(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storage.Store { return coreOnly{memory.New()} })
}

// coreOnly hides its store's optional interfaces.
type coreOnly struct{ storage.Store }

func (s coreOnly) Update(ctx context.Context, fn func(storage.Tx) error) error {
	return s.Store.Update(ctx, func(tx storage.Tx) error { return fn(coreTx{tx}) })
}

func (s coreOnly) View(ctx context.Context, fn func(storage.Tx) error) error {
	return s.Store.View(ctx, func(tx storage.Tx) error { return fn(coreTx{tx}) })
}

type coreTx struct{ storage.Tx }

// The wrappers hold the interface only, so no Bulk method shows through.
type coreOrders struct{ storage.Orders }
type coreMetrics struct{ storage.Metrics }

func (t coreTx) Orders() storage.Orders   { return coreOrders{t.Tx.Orders()} }
func (t coreTx) Metrics() storage.Metrics { return coreMetrics{t.Tx.Metrics()} }

var (
	_ storage.Orders  = coreOrders{}
	_ storage.Metrics = coreMetrics{}
)

// The wrappers really hide them.
func TestCoreOnlyHidesBulk(t *testing.T) {
	err := coreOnly{memory.New()}.View(context.Background(), func(tx storage.Tx) error {
		if _, ok := tx.Orders().(storage.BulkOrders); ok {
			t.Error("coreOrders is a BulkOrders")
		}
		if _, ok := tx.Metrics().(storage.BulkMetrics); ok {
			t.Error("coreMetrics is a BulkMetrics")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
