package productlist_test

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"github.com/partnerkit/partnerkit/productlist"
)

// ParseLink verifies a pasted share link (P3): the creator rate is inside
// the signed payload, so changing any byte makes the link ErrBadLink. After
// a key rotation, links signed with the old key verify until it is retired.
func ExampleParseLink() {
	ks := exampleKeys()
	link, err := productlist.ShareProduct(ks, exampleProduct(), 1500)
	if err != nil {
		panic(err)
	}
	t, err := productlist.ParseLink(ks, string(link))
	fmt.Println(t, err)

	altered := []byte(link)
	if i := len(altered) / 2; altered[i] == 'A' {
		altered[i] = 'B'
	} else {
		altered[i] = 'A'
	}
	_, err = productlist.ParseLink(ks, string(altered))
	fmt.Println("altered:", errors.Is(err, productlist.ErrBadLink))

	// The host rotates: k3 now signs, k2 only verifies; later k2 is retired.
	rotated := productlist.KeySet{Keys: []productlist.Key{
		{ID: "k3", Agency: "agency-a", Secret: bytes.Repeat([]byte{8}, 32), State: productlist.KeyActive},
		{ID: "k2", Agency: "agency-a", Secret: bytes.Repeat([]byte{7}, 32), State: productlist.KeyVerifying},
	}}
	_, err = productlist.ParseLink(rotated, string(link))
	fmt.Println("k2 verifying:", err)
	rotated.Keys[1].State = productlist.KeyRetired
	_, err = productlist.ParseLink(rotated, string(link))
	fmt.Println("k2 retired:", errors.Is(err, productlist.ErrBadLink))
	// Output:
	// product prod-1 (registration reg-1) in campaign camp-1 at 15% of agency agency-a (key k2) <nil>
	// altered: true
	// k2 verifying: <nil>
	// k2 retired: true
}

// ParseCSV reads an exported links file back (P3); each row's link is
// then verified with ParseLink, which carries the rate that pays, whatever
// the rate cell says. A malformed cell is a *FieldError naming its row.
func ExampleParseCSV() {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	l, _ := productlist.NewList("list-1", "agency-a", "Spring picks", 0, now)
	l, _ = l.Add(exampleProduct(), 1500, now)
	exported, _ := productlist.ExportLinks(exampleKeys(), l, productlist.Catalog{exampleProduct()}, now)
	data, _ := productlist.MarshalCSV(exported)

	rows, err := productlist.ParseCSV(data)
	if err != nil {
		panic(err)
	}
	for _, r := range rows {
		t, err := productlist.ParseLink(exampleKeys(), string(r.Link))
		fmt.Println(r.Shop, r.Product, r.Title, r.CreatorRate, "link pays", t.CreatorRate, err)
	}

	_, err = productlist.ParseCSV(bytes.Replace(data, []byte(",15%,"), []byte(",150%,"), 1))
	var fe *productlist.FieldError
	fmt.Println(errors.As(err, &fe), fe.Field, errors.Is(err, productlist.ErrInvalid))
	// Output:
	// USSHOP1 prod-1 Travel mug 15% link pays 15% <nil>
	// true rows[0].creator_rate true
}
