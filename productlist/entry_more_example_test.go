package productlist_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/partnerkit/partnerkit/productlist"
)

// CheckListLimit is the P2 limit of MaxLists lists per agency; a storage
// transaction calls it with the count it read, so counting and inserting
// are atomic.
func ExampleCheckListLimit() {
	fmt.Println(productlist.CheckListLimit(productlist.MaxLists - 1))
	err := productlist.CheckListLimit(productlist.MaxLists)
	fmt.Println(errors.Is(err, productlist.ErrLimit), err)
	// Output:
	// <nil>
	// true lists "1000": productlist: an agency has at most 1000 lists: limit reached
}

// FilterProducts is the agency's product picker (P1): only its own
// Available products, by bookmark, then by text matched in the title, shop
// or product id, ignoring case, in the order given.
func ExampleFilterProducts() {
	mug := exampleProduct()
	bottle := exampleProduct()
	bottle.Registration, bottle.ID, bottle.Title = "reg-2", "prod-2", "Water bottle"
	closed := exampleProduct()
	closed.Registration, closed.ID, closed.Available = "reg-3", "prod-3", false
	theirs := exampleProduct()
	theirs.Registration, theirs.Agency = "reg-4", "agency-b"
	products := []productlist.Product{mug, bottle, closed, theirs}
	b, _ := productlist.Bookmarks{Agency: "agency-a"}.Add(mug)

	for _, f := range []productlist.ProductFilter{
		{Bookmark: productlist.AllProducts},
		{Bookmark: productlist.NotBookmarked},
		{Bookmark: productlist.AllProducts, Text: " MUG "},
	} {
		ps, _ := productlist.FilterProducts(products, b, f)
		fmt.Printf("%v %q:", f.Bookmark, f.Text)
		for _, p := range ps {
			fmt.Print(" ", p.Title)
		}
		fmt.Println()
	}
	ps, _ := productlist.FilterProducts(products, b, productlist.ProductFilter{})
	fmt.Println("zero filter, as all:", len(ps))
	_, err := productlist.FilterProducts(products, b, productlist.ProductFilter{Bookmark: 9})
	fmt.Println("no such filter:", errors.Is(err, productlist.ErrInvalid))
	// Output:
	// all "": Travel mug Water bottle
	// not_bookmarked "": Water bottle
	// all " MUG ": Travel mug
	// zero filter, as all: 2
	// no such filter: true
}

// NewRateHistory starts an entry's creator rate at version 1 (P6). It does
// not check the rate against the product's total: Validate does. An order
// placed before the first version has no rate.
func ExampleNewRateHistory() {
	start := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	h := productlist.NewRateHistory(1500, start)
	v, err := h.At(start)
	fmt.Println(v.Version, v.Rate, err)
	_, err = h.At(start.Add(-time.Second))
	fmt.Println("before start:", errors.Is(err, productlist.ErrNotFound))
	fmt.Println("within 20%:", h.Validate("rates", 2000))
	fmt.Println("above 10%:", errors.Is(h.Validate("rates", 1000), productlist.ErrInvalid))
	// Output:
	// 1 15% <nil>
	// before start: true
	// within 20%: <nil>
	// above 10%: true
}

// SearchLists is the search box of an agency's lists: the name contains
// the query, ignoring case and the query's surrounding spaces, in the
// order given; an empty query keeps every list.
func ExampleSearchLists() {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	var lists []productlist.List
	for i, name := range []string{"Spring picks", "Summer picks", "SPRING sale"} {
		l, _ := productlist.NewList(productlist.ListID(fmt.Sprint("list-", i+1)), "agency-a", name, i, now)
		lists = append(lists, l)
	}
	for _, q := range []string{" spring ", "", "winter"} {
		found := productlist.SearchLists(lists, q)
		fmt.Printf("%q: %d", q, len(found))
		for _, l := range found {
			fmt.Printf(" %s(%s)", l.ID, l.Name)
		}
		fmt.Println()
	}
	// Output:
	// " spring ": 2 list-1(Spring picks) list-3(SPRING sale)
	// "": 3 list-1(Spring picks) list-2(Summer picks) list-3(SPRING sale)
	// "winter": 0
}
