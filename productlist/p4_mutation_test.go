package productlist_test

import (
	"testing"

	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
)

// P4: when several pasted links offer the same product, the creator is
// offered the highest creator rate among them, whatever the links' order.
func TestResolveKeepsHighestRateOfSameProduct(t *testing.T) {
	ks := keys()
	p := product(agencyA, 5) // total 20%
	low, err := productlist.ShareProduct(ks, p, 1000)
	if err != nil {
		t.Fatal(err)
	}
	high, err := productlist.ShareProduct(ks, p, 1200)
	if err != nil {
		t.Fatal(err)
	}
	l := newList(t, "l", agencyA, 0)
	if l, err = l.Add(p, 1100, t0); err != nil {
		t.Fatal(err)
	}
	viaList, err := productlist.ShareList(ks, l)
	if err != nil {
		t.Fatal(err)
	}
	lists := map[productlist.ListID]productlist.List{"l": l}
	for _, tc := range []struct {
		name  string
		links []productlist.Link
		want  commission.Rate
	}{
		{"low then high", []productlist.Link{low, high}, 1200},
		{"high then low", []productlist.Link{high, low}, 1200},
		{"list then high", []productlist.Link{viaList, high}, 1200},
		{"low then list", []productlist.Link{low, viaList}, 1100},
		{"low, list then high", []productlist.Link{low, viaList, high}, 1200},
	} {
		name, links, want := tc.name, tc.links, tc.want
		res, err := productlist.Resolve(parse(t, ks, links...), lists, productlist.Catalog{p}, productlist.Showcase{Creator: "c1"}, t0)
		if err != nil {
			t.Fatalf("%s: Resolve: %v", name, err)
		}
		if len(res.Offers) != 1 || res.Offers[0].CreatorRate != want {
			t.Errorf("%s: offers %+v, want one offer at %v", name, res.Offers, want)
		}
	}
}
