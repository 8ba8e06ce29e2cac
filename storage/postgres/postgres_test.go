package postgres_test

import (
	"testing"

	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/internal/sqlstore/bulktest"
	"github.com/partnerkit/partnerkit/storage/postgres"
	"github.com/partnerkit/partnerkit/storage/storagetest"
)

// TestConformance runs the storage conformance suite, a fresh schema per
// subtest.
func TestConformance(t *testing.T) {
	dsn(t)
	storagetest.Run(t, func(t *testing.T) storage.Store {
		return openSchema(t, freshSchema(t), postgres.Options{})
	})
}

// TestBulkWritesWithinATransaction: what PutMany skips after a GetMany in
// the same transaction.
func TestBulkWritesWithinATransaction(t *testing.T) {
	dsn(t)
	bulktest.Run(t, openSchema(t, freshSchema(t), postgres.Options{}))
}
