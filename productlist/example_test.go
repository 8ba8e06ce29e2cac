package productlist_test

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
)

// exampleProduct is an approved product whose seller pays 20% (T).
func exampleProduct() productlist.Product {
	return productlist.Product{
		Registration: "reg-1", Campaign: "camp-1", Agency: "agency-a", Shop: "USSHOP1",
		ID: "prod-1", Title: "Travel mug", Total: 2000, Available: true,
	}
}

// exampleKeys is the host's key set: agency-a signs with key k2.
func exampleKeys() productlist.KeySet {
	return productlist.KeySet{Keys: []productlist.Key{
		{ID: "k2", Agency: "agency-a", Secret: bytes.Repeat([]byte{7}, 32), State: productlist.KeyActive},
		{ID: "k1", Agency: "agency-a", Secret: bytes.Repeat([]byte{6}, 32), State: productlist.KeyVerifying},
	}}
}

// An agency creates a list (it has 12 already) and offers creators 15% of a
// product's 20%.
func ExampleNewList() {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	l, err := productlist.NewList("list-1", "agency-a", "Spring picks", 12, now)
	if err != nil {
		panic(err)
	}
	l, err = l.Add(exampleProduct(), 1500, now)
	if err != nil {
		panic(err)
	}
	e := l.Entries[0]
	s, _ := commission.NewSplit(e.Product.Total, e.Rates[0].Rate)
	fmt.Println(l.Name, len(l.Entries), "product")
	fmt.Println("creator", e.Rates[0].Rate, "agency", s.Agency())
	// Output:
	// Spring picks 1 product
	// creator 15% agency 5%
}

// An agency shares a list; the link verifies under the host's keys.
func ExampleShareList() {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	l, _ := productlist.NewList("list-1", "agency-a", "Spring picks", 0, now)
	link, err := productlist.ShareList(exampleKeys(), l)
	if err != nil {
		panic(err)
	}
	t, err := productlist.ParseLink(exampleKeys(), string(link))
	fmt.Println(t, err)
	// Output:
	// list list-1 of agency agency-a (key k2) <nil>
}

// A creator pastes a list link, sees the creator rate, and accepts.
func ExampleResolve() {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	ks := exampleKeys()
	l, _ := productlist.NewList("list-1", "agency-a", "Spring picks", 0, now)
	l, _ = l.Add(exampleProduct(), 1500, now)
	link, _ := productlist.ShareList(ks, l)

	// The service verifies the pasted link, loads the list and its products.
	later := now.Add(time.Hour)
	t, err := productlist.ParseLink(ks, string(link))
	if err != nil {
		panic(err)
	}
	lists := map[productlist.ListID]productlist.List{l.ID: l}
	cat := productlist.Catalog{exampleProduct()}
	sc := productlist.Showcase{Creator: "creator-1"}
	res, err := productlist.Resolve([]productlist.Target{t}, lists, cat, sc, later)
	if err != nil {
		panic(err)
	}
	for _, o := range res.Offers {
		fmt.Println(o.Title, o.CreatorRate)
	}
	sc, err = productlist.Accept(sc, res.Offers, later)
	if err != nil {
		panic(err)
	}
	terms, _ := sc.RateAt("USSHOP1", "prod-1", later.Add(time.Minute))
	fmt.Println(terms.List, "version", terms.RateVersion, "pays", terms.Rate)
	// Output:
	// Travel mug 15%
	// list-1 version 1 pays 15%
}

// A creator pastes a list whose only product's registration has closed.
func ExampleResolve_noProducts() {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	l, _ := productlist.NewList("list-1", "agency-a", "Spring picks", 0, now)
	l, _ = l.Add(exampleProduct(), 1500, now)
	closed := exampleProduct()
	closed.Available = false
	t := productlist.Target{Kind: productlist.LinkList, Agency: "agency-a", List: "list-1"}
	_, err := productlist.Resolve([]productlist.Target{t}, map[productlist.ListID]productlist.List{l.ID: l},
		productlist.Catalog{closed}, productlist.Showcase{Creator: "creator-1"}, now)
	fmt.Println(errors.Is(err, productlist.ErrNoProducts))
	fmt.Println(err)
	// Output:
	// true
	// productlist: the link has no products to add: not found
}

// Exported product links survive a CSV round trip.
func ExampleMarshalCSV() {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	p := exampleProduct()
	p.Title = `Mug, "large"`
	l, _ := productlist.NewList("list-1", "agency-a", "Spring picks", 0, now)
	l, _ = l.Add(p, 1500, now)
	rows, _ := productlist.ExportLinks(exampleKeys(), l, productlist.Catalog{p}, now)
	data, _ := productlist.MarshalCSV(rows)
	back, err := productlist.ParseCSV(data)
	fmt.Println(back[0].Title, back[0].CreatorRate, err)
	// Output:
	// Mug, "large" 15% <nil>
}
