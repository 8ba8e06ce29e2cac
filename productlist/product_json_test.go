package productlist_test

import (
	"encoding/json"
	"testing"

	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
)

// A product with no price still validates after a JSON round trip, as a
// store persists it: its zero Money no longer == Money{} (found by the
// SQLite Service crash test).
func TestProductUnknownPriceSurvivesJSON(t *testing.T) {
	p := product(agencyA, 1)
	p.Price = commission.Money{}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var got productlist.Product
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if err := got.Validate(); err != nil {
		t.Errorf("Validate() after a JSON round trip of %s = %v, want nil", b, err)
	}
}
