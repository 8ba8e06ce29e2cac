package productlist_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
)

// An agency shares one product (P3) at a creator rate of 12% of the
// seller's 20%: the rate is signed into the link, so the creator earns 12%
// and the agency keeps 8% whatever the creator's client sends. A rate
// above the seller's total cannot be shared, nor can an agency without an
// active key share anything.
func ExampleShareProduct() {
	ks := exampleKeys()
	p := exampleProduct()
	link, err := productlist.ShareProduct(ks, p, 1200)
	if err != nil {
		panic(err)
	}
	t, _ := productlist.ParseLink(ks, string(link))
	fmt.Println(t)

	// What a $39.98 order line through the link owes (K2).
	s, _ := commission.NewSplit(p.Total, t.CreatorRate)
	base, _ := commission.NewMoney("39.98", "USD")
	line, _ := commission.Compute(base, s)
	fmt.Println("seller pays", line.Total, "creator", line.Creator, "agency", line.Agency)

	_, err = productlist.ShareProduct(ks, p, 2500)
	fmt.Println("25% of 20%:", errors.Is(err, productlist.ErrInvalid))
	other := p
	other.Agency = "agency-b"
	_, err = productlist.ShareProduct(ks, other, 1200)
	fmt.Println("agency-b:", errors.Is(err, productlist.ErrNoKey))
	// Output:
	// product prod-1 (registration reg-1) in campaign camp-1 at 12% of agency agency-a (key k2)
	// seller pays 8.00 USD creator 4.80 USD agency 3.20 USD
	// 25% of 20%: true
	// agency-b: true
}

// ExportLinks gives one row per product creators can see now (P3), each
// with a product link at the creator rate in force now: a product whose
// registration has closed is left out, and a rate change scheduled for
// later shows only once it is in force.
func ExampleExportLinks() {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	ks := exampleKeys()
	mug := exampleProduct()
	lamp := productlist.Product{
		Registration: "reg-2", Campaign: "camp-1", Agency: "agency-a", Shop: "USSHOP2",
		ID: "prod-2", Title: "Desk lamp", Total: 3000, Available: true,
	}
	l, _ := productlist.NewList("list-1", "agency-a", "Spring picks", 0, now)
	l, _ = l.Add(mug, 1500, now)
	l, _ = l.Add(lamp, 2000, now)
	l, _, _ = l.SetCreatorRate("reg-1", 1000, now.AddDate(0, 0, 7), now) // 10% from 8 March

	lamp.Available = false // the lamp's registration closed
	cat := productlist.Catalog{mug, lamp}
	for _, at := range []time.Time{now, now.AddDate(0, 0, 7)} {
		rows, err := productlist.ExportLinks(ks, l, cat, at)
		if err != nil {
			panic(err)
		}
		for _, r := range rows {
			t, _ := productlist.ParseLink(ks, string(r.Link))
			fmt.Println(at.Format(time.DateOnly), r.Shop, r.Product, r.Title, r.CreatorRate, "link pays", t.CreatorRate)
		}
	}
	// Output:
	// 2026-03-01 USSHOP1 prod-1 Travel mug 15% link pays 15%
	// 2026-03-08 USSHOP1 prod-1 Travel mug 10% link pays 10%
}

// Accept puts resolved offers into a creator's showcase (P4), at the rate
// in force now and, later, the rates already scheduled (P6): each order is
// paid by the terms in force when it was placed. Accepting the same link
// again changes nothing; an offer accepted later through another link pays
// from then on, and earlier orders keep their terms.
func ExampleAccept() {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	ks := exampleKeys()
	l, _ := productlist.NewList("list-1", "agency-a", "Spring picks", 0, now)
	l, _ = l.Add(exampleProduct(), 1500, now)
	l, _, _ = l.SetCreatorRate("reg-1", 1200, now.AddDate(0, 0, 7), now) // 12% from 8 March
	lists := map[productlist.ListID]productlist.List{l.ID: l}
	cat := productlist.Catalog{exampleProduct()}
	resolve := func(sc productlist.Showcase, link productlist.Link, at time.Time) []productlist.Offer {
		t, err := productlist.ParseLink(ks, string(link))
		if err != nil {
			panic(err)
		}
		res, err := productlist.Resolve([]productlist.Target{t}, lists, cat, sc, at)
		if err != nil {
			panic(err)
		}
		return res.Offers
	}

	listLink, _ := productlist.ShareList(ks, l)
	sc := productlist.Showcase{Creator: "creator-1"}
	accepted := now.Add(time.Hour)
	sc, err := productlist.Accept(sc, resolve(sc, listLink, accepted), accepted)
	if err != nil {
		panic(err)
	}
	again, _ := productlist.Accept(sc, resolve(sc, listLink, accepted.Add(time.Hour)), accepted.Add(time.Hour))
	e, _ := again.Entry("USSHOP1", "prod-1")
	fmt.Println("accepted twice, terms:", len(e.Terms)) // 15% now, 12% scheduled

	// On 10 March the creator also accepts a product link at 14%.
	productLink, _ := productlist.ShareProduct(ks, exampleProduct(), 1400)
	later := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	sc, _ = productlist.Accept(sc, resolve(sc, productLink, later), later)

	for _, placed := range []time.Time{now, accepted, now.AddDate(0, 0, 8), later} {
		terms, err := sc.RateAt("USSHOP1", "prod-1", placed)
		if errors.Is(err, productlist.ErrNotFound) {
			fmt.Println(placed.Format(time.DateTime), "not in the showcase")
			continue
		}
		via := fmt.Sprintf("list %s version %d", terms.List, terms.RateVersion)
		if terms.Via == productlist.LinkProduct {
			via = "product link"
		}
		fmt.Println(placed.Format(time.DateTime), via, "pays", terms.Rate)
	}
	_, err = productlist.Accept(sc, nil, later)
	fmt.Println("no offers:", errors.Is(err, productlist.ErrNoProducts))
	// Output:
	// accepted twice, terms: 2
	// 2026-03-01 09:00:00 not in the showcase
	// 2026-03-01 10:00:00 list list-1 version 1 pays 15%
	// 2026-03-09 09:00:00 list list-1 version 2 pays 12%
	// 2026-03-10 09:00:00 product link pays 14%
	// no offers: true
}
