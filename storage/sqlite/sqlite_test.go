package sqlite_test

import (
	"testing"

	"github.com/partnerkit/partnerkit/storage/storagetest"
)

// TestConformance runs the storage conformance suite, a fresh file per
// subtest.
func TestConformance(t *testing.T) {
	storagetest.Run(t, open)
}
