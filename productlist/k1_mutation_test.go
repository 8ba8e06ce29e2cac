package productlist_test

import (
	"testing"

	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
)

// K1: 0 <= C <= T. A product target whose creator rate exceeds the
// product's total rate is a bad link, whoever signed it: Resolve refuses
// it rather than offer the creator more than the seller pays.
func TestResolveProductRateAboveTotal(t *testing.T) {
	p := product(agencyA, 5) // total 20%
	for _, tc := range []struct {
		rate    commission.Rate
		wantErr error
	}{
		{p.Total, nil},
		{p.Total + 1, productlist.ErrBadLink},
		{commission.MaxRate, productlist.ErrBadLink},
	} {
		tg := productlist.Target{Kind: productlist.LinkProduct, KeyID: "a2", Agency: p.Agency,
			Campaign: p.Campaign, Product: p.ID, Registration: p.Registration, CreatorRate: tc.rate}
		res, err := productlist.Resolve([]productlist.Target{tg}, nil, productlist.Catalog{p}, productlist.Showcase{Creator: "c1"}, t0)
		wantErr(t, "Resolve(rate "+tc.rate.String()+")", err, tc.wantErr)
		if tc.wantErr != nil && len(res.Offers) != 0 {
			t.Errorf("Resolve(rate %v) offers %+v, want none", tc.rate, res.Offers)
		}
	}
}
