package sqlite_test

import (
	"testing"

	"github.com/partnerkit/partnerkit/storage/internal/sqlstore/bulktest"
	"github.com/partnerkit/partnerkit/storage/storagetest"
)

// TestConformance runs the storage conformance suite, a fresh file per
// subtest.
func TestConformance(t *testing.T) {
	storagetest.Run(t, open)
}

// TestBulkWritesWithinATransaction: what PutMany skips after a GetMany in
// the same transaction.
func TestBulkWritesWithinATransaction(t *testing.T) {
	bulktest.Run(t, open(t))
}
