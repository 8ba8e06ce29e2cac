package productlist_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/productlist"
)

// P3: approved product links export to CSV; titles with commas, quotes,
// newlines and formula characters survive a round trip, and the exported
// links verify at the entry's creator rate.
func TestExportCSVRoundTrip(t *testing.T) {
	ks := keys()
	l := newList(t, "l", agencyA, 0)
	titles := []string{`Mug, "large"`, "two\nlines", "=SUM(A1)", "'quoted", "-5 off", "plain"}
	var cat productlist.Catalog
	for i, title := range titles {
		p := product(agencyA, i)
		p.Title = title
		cat = append(cat, p)
		var err error
		if l, err = l.Add(p, 1234, t0); err != nil {
			t.Fatal(err)
		}
	}
	cat[5].Available = false // closed: not exported
	rows, err := productlist.ExportLinks(ks, l, cat, t0)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 {
		t.Fatalf("ExportLinks = %d rows, want 5", len(rows))
	}
	data, err := productlist.MarshalCSV(rows)
	if err != nil {
		t.Fatal(err)
	}
	got, err := productlist.ParseCSV(data)
	if err != nil {
		t.Fatalf("ParseCSV: %v\n%s", err, data)
	}
	if diff := cmp.Diff(rows, got); diff != "" {
		t.Errorf("CSV round trip (-want +got):\n%s", diff)
	}
	for i, r := range got {
		if r.Title != titles[i] {
			t.Errorf("row %d title = %q, want %q", i, r.Title, titles[i])
		}
		tg, err := productlist.ParseLink(ks, string(r.Link))
		if err != nil || tg.CreatorRate != 1234 || tg.Product != r.Product {
			t.Errorf("row %d link = %+v, %v", i, tg, err)
		}
	}
}

// P3: malformed CSV is refused with ErrInvalid.
func TestParseCSVErrors(t *testing.T) {
	for name, in := range map[string]string{
		"empty":       "",
		"bad header":  "a,b,c,d,e,f\n",
		"short row":   "campaign_id,shop_code,product_id,title,creator_rate,link\nc,s,p,t,1%\n",
		"bad rate":    "campaign_id,shop_code,product_id,title,creator_rate,link\nc,s,p,t,12.345%,x\n",
		"empty id":    "campaign_id,shop_code,product_id,title,creator_rate,link\n,s,p,t,1%,x\n",
		"bare quote":  "campaign_id,shop_code,product_id,title,creator_rate,link\nc,s,p,a\"b,1%,x\n",
		"empty link":  "campaign_id,shop_code,product_id,title,creator_rate,link\nc,s,p,t,1%,\n",
		"carriage rt": "campaign_id,shop_code,product_id,title,creator_rate,link\nc,s,p,\"a\rb\",1%,x\n",
	} {
		wantErr(t, "ParseCSV("+name+")", second(productlist.ParseCSV([]byte(in))), productlist.ErrInvalid)
	}
}

// P3: no text cell of an export starts a spreadsheet formula, whatever the
// seller chose as product id or title; ParseCSV reads back the same rows.
func TestMarshalCSVEscapesEveryTextCell(t *testing.T) {
	rows := []productlist.LinkRow{
		{Campaign: "camp-1", Shop: "USSHOP1", Product: `=HYPERLINK("http://x","y")`, Title: "Plain title", CreatorRate: 1250, Link: "AQIDBA"},
		{Campaign: "+camp", Shop: "@shop", Product: "-5", Title: "=SUM(A1)", CreatorRate: 0, Link: "-abc_"},
		{Campaign: "'camp", Shop: "USSHOP1", Product: "'quoted", Title: "'quoted", CreatorRate: 10000, Link: "AQID"},
	}
	data, err := productlist.MarshalCSV(rows)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("reading %q: %v", data, err)
	}
	for _, rec := range recs[1:] {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("MarshalCSV cell %q reads as a formula", cell)
			}
		}
	}
	got, err := productlist.ParseCSV(data)
	if err != nil {
		t.Fatalf("ParseCSV: %v\n%s", err, data)
	}
	if diff := cmp.Diff(rows, got); diff != "" {
		t.Errorf("CSV round trip (-want +got):\n%s", diff)
	}
}
