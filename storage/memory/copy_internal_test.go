package memory

import (
	"reflect"
	"testing"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/registration"
)

// TestFlatTypesHoldNoReferences guards the tables that copy values with
// flat: a field gaining a slice, map or pointer must move its table to
// deepClone, or stored values would alias the caller's.
func TestFlatTypesHoldNoReferences(t *testing.T) {
	for _, v := range []any{
		registration.ID(""), 0, int64(0),
		attribution.CampaignMetrics{}, attribution.ProductMetrics{},
	} {
		if typ := reflect.TypeOf(v); needsCopy(typ) {
			t.Errorf("needsCopy(%v) = true, want false: copy it with deepClone", typ)
		}
	}
}
