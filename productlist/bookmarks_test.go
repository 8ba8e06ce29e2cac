package productlist_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
)

// P1: agencies bookmark their approved products and filter by bookmark.
func TestBookmarkFilter(t *testing.T) {
	ps := []productlist.Product{product(agencyA, 0), product(agencyA, 1), product(agencyA, 2), product(agencyB, 3)}
	b := productlist.Bookmarks{Agency: agencyA}
	b, err := b.Add(ps[0])
	if err != nil {
		t.Fatal(err)
	}
	b, _ = b.Add(ps[2])
	b, _ = b.Add(ps[0]) // twice is a no-op
	if diff := cmp.Diff(productlist.Bookmarks{Agency: agencyA, Registrations: []registration.ID{ps[0].Registration, ps[2].Registration}}, b); diff != "" {
		t.Errorf("Bookmarks (-want +got):\n%s", diff)
	}
	for _, tc := range []struct {
		f    productlist.ProductFilter
		want []productlist.Product
	}{
		{productlist.ProductFilter{Bookmark: productlist.Bookmarked}, []productlist.Product{ps[0], ps[2]}},
		{productlist.ProductFilter{Bookmark: productlist.NotBookmarked}, []productlist.Product{ps[1]}},
		{productlist.ProductFilter{Bookmark: productlist.AllProducts}, ps[:3]},
		{productlist.ProductFilter{Bookmark: productlist.Bookmarked, Text: "product 2"}, ps[2:3]},
		{productlist.ProductFilter{Bookmark: productlist.Bookmarked, Campaign: "other"}, nil},
	} {
		got, err := productlist.FilterProducts(ps, b, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("FilterProducts(%+v) (-want +got):\n%s", tc.f, diff)
		}
	}
	all, err := productlist.FilterProducts(ps, b, productlist.ProductFilter{Bookmark: productlist.AllProducts})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := productlist.FilterProducts(ps, b, productlist.ProductFilter{}); err != nil || !cmp.Equal(all, got) {
		t.Errorf("FilterProducts(zero filter) = %v, %v; want what AllProducts gives, %v", got, err, all)
	}
	wantErr(t, "FilterProducts(no such filter)", second(productlist.FilterProducts(ps, b, productlist.ProductFilter{Bookmark: productlist.NotBookmarked + 1})), productlist.ErrInvalid)
	closed := product(agencyA, 9)
	closed.Available = false
	wantErr(t, "Add(closed)", second(b.Add(closed)), productlist.ErrInvalid)
	wantErr(t, "Add(other agency)", second(b.Add(ps[3])), productlist.ErrForbidden)
	r, err := b.Remove(ps[0].Registration)
	if err != nil || r.Has(ps[0].Registration) || !b.Has(ps[0].Registration) {
		t.Errorf("Remove: %v, %v", r, err)
	}
	wantErr(t, "Remove(missing)", second(r.Remove(ps[0].Registration)), productlist.ErrNotFound)
}

// Enums: zero is invalid; String and Parse round-trip.
func TestEnums(t *testing.T) {
	for _, k := range []productlist.LinkKind{productlist.LinkList, productlist.LinkProduct} {
		if got, err := productlist.ParseLinkKind(k.String()); err != nil || got != k {
			t.Errorf("ParseLinkKind(%q) = %v, %v", k, got, err)
		}
	}
	for _, s := range []productlist.KeyState{productlist.KeyActive, productlist.KeyVerifying, productlist.KeyRetired} {
		if got, err := productlist.ParseKeyState(s.String()); err != nil || got != s {
			t.Errorf("ParseKeyState(%q) = %v, %v", s, got, err)
		}
	}
	for _, f := range []productlist.BookmarkFilter{productlist.AllProducts, productlist.Bookmarked, productlist.NotBookmarked} {
		if got, err := productlist.ParseBookmarkFilter(f.String()); err != nil || got != f {
			t.Errorf("ParseBookmarkFilter(%q) = %v, %v", f, got, err)
		}
	}
	var zk productlist.LinkKind
	var zs productlist.KeyState
	var zf productlist.BookmarkFilter
	for _, s := range []string{zk.String(), zs.String(), zf.String()} {
		wantErr(t, "ParseLinkKind("+s+")", second(productlist.ParseLinkKind(s)), productlist.ErrInvalid)
		wantErr(t, "ParseKeyState("+s+")", second(productlist.ParseKeyState(s)), productlist.ErrInvalid)
		wantErr(t, "ParseBookmarkFilter("+s+")", second(productlist.ParseBookmarkFilter(s)), productlist.ErrInvalid)
	}
}
