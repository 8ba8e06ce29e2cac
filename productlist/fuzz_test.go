package productlist_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
)

// P3: the only texts ParseLink accepts are exactly the links this package
// signs: any accepted text re-signs to itself, and it names its key's agency.
func FuzzParseLink(f *testing.F) {
	ks := productlist.KeySet{Keys: []productlist.Key{
		{ID: "a2", Agency: agencyA, Secret: secret('2'), State: productlist.KeyActive},
		{ID: "b1", Agency: agencyB, Secret: secret('b'), State: productlist.KeyActive},
	}}
	ll, _ := productlist.ShareList(ks, productlist.List{ID: "list-1", Agency: agencyA})
	pl, _ := productlist.ShareProduct(ks, product(agencyB, 3), 1250)
	f.Add(string(ll))
	f.Add(string(pl))
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		tg, err := productlist.ParseLink(ks, s)
		if err != nil {
			if !errorsIs(err, productlist.ErrBadLink) {
				t.Fatalf("ParseLink(%q) error %v is not ErrBadLink", s, err)
			}
			return
		}
		var again productlist.Link
		switch tg.Kind {
		case productlist.LinkList:
			again, err = productlist.ShareList(ks, productlist.List{ID: tg.List, Agency: tg.Agency})
		case productlist.LinkProduct:
			p := product(tg.Agency, 0)
			p.Campaign, p.ID, p.Registration, p.Total = tg.Campaign, tg.Product, tg.Registration, commission.MaxRate
			again, err = productlist.ShareProduct(ks, p, tg.CreatorRate)
		default:
			t.Fatalf("ParseLink(%q) kind %v", s, tg.Kind)
		}
		if err != nil || string(again) != s {
			t.Fatalf("ParseLink(%q) = %v, which re-signs to %q, %v", s, tg, again, err)
		}
	})
}

// P3: every row MarshalCSV accepts survives ParseCSV unchanged, and none
// of its cells reads as a spreadsheet formula.
func FuzzCSVRoundTrip(f *testing.F) {
	f.Add("camp-1", "USSHOP1", "prod-1", `Mug, "large"`, uint16(1250), "link")
	f.Add("c", "s", "p", "two\nlines", uint16(0), "l")
	f.Add("c", "s", "p", "=cmd|' /C calc'!A0", uint16(10000), "l")
	f.Add("c", "s", "p", "'", uint16(1), "l")
	f.Add("=c", "+s", `=HYPERLINK("http://x","y")`, "t", uint16(1), "-l")
	f.Add("'c", "@s", "'p", "t", uint16(1), "'l")
	f.Fuzz(func(t *testing.T, c, s, p, title string, rate uint16, link string) {
		row := productlist.LinkRow{Campaign: campaign.ID(c), Shop: campaign.ShopCode(s), Product: registration.ProductID(p),
			Title: title, CreatorRate: commission.Rate(rate % 10001), Link: productlist.Link(link)}
		data, err := productlist.MarshalCSV([]productlist.LinkRow{row})
		if err != nil {
			return // not a valid title
		}
		if recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll(); err == nil {
			for _, cell := range recs[len(recs)-1] {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Fatalf("MarshalCSV cell %q of %q reads as a formula", cell, data)
				}
			}
		}
		got, err := productlist.ParseCSV(data)
		if err != nil {
			return // ids or link out of range; the shape is checked below
		}
		if diff := cmp.Diff([]productlist.LinkRow{row}, got); diff != "" {
			t.Fatalf("CSV round trip of %q (-want +got):\n%s", data, diff)
		}
	})
}

// P3: ParseCSV never panics, and what it accepts re-marshals to an equal
// parse.
func FuzzParseCSV(f *testing.F) {
	f.Add([]byte("campaign_id,shop_code,product_id,title,creator_rate,link\nc,s,p,\"a,\"\"b\"\"\nc\",12.5%,x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := productlist.ParseCSV(data)
		if err != nil {
			return
		}
		again, err := productlist.MarshalCSV(rows)
		if err != nil {
			t.Fatalf("MarshalCSV(ParseCSV(%q)): %v", data, err)
		}
		rows2, err := productlist.ParseCSV(again)
		if err != nil {
			t.Fatalf("ParseCSV(%q): %v", again, err)
		}
		if diff := cmp.Diff(rows, rows2); diff != "" {
			t.Fatalf("round trip (-want +got):\n%s", diff)
		}
	})
}
