package attribution_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
)

// readsAsFormula reports whether a spreadsheet would run cell as a formula.
func readsAsFormula(cell string) bool {
	return cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0]))
}

// A5: no text cell of a seller's export starts a spreadsheet formula,
// whatever ids the seller or platform chose; amounts, a negative one
// included, are written as numbers.
func TestWriteSellerCSVEscapesTextCells(t *testing.T) {
	usd := func(s string) commission.Money {
		m, err := commission.NewMoney(s, "USD")
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	at := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	orders := []attribution.SellerOrder{
		{Key: attribution.LineKey{Order: "=1+1", Line: "@x"}, Campaign: "+c", Product: `=HYPERLINK("http://x","y")`,
			Status: attribution.StatusPending, PaidAt: at, Base: usd("10.00"), Commission: usd("1.25")},
		{Key: attribution.LineKey{Order: "'o2", Line: "-1"}, Campaign: "c", Product: "\tp",
			Status: attribution.StatusVoid, PaidAt: at, Base: usd("-5.00"), Commission: usd("-0.63")},
	}
	var b strings.Builder
	if err := attribution.WriteSellerCSV(&b, orders); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		attribution.SellerCSVHeader(),
		{"'=1+1", "'@x", "'+c", `'=HYPERLINK("http://x","y")`, "pending", "2026-03-02T00:00:00Z", "10.00", "1.25", "USD"},
		{"''o2", "'-1", "c", "'\tp", "void", "2026-03-02T00:00:00Z", "-5.00", "-0.63", "USD"},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("seller CSV (-want +got):\n%s", diff)
	}
}

// A1: ids an outsider chose that a spreadsheet would run as formulas are
// written escaped and read back exactly.
func TestEventsCSVEscapesTextCells(t *testing.T) {
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	amount, _ := commission.NewMoney("10", "USD")
	evs := []attribution.Event{
		{ID: "=1+1", Kind: attribution.Paid, Order: `=HYPERLINK("http://x","y")`, Line: "-1", Creator: "@alice",
			Entry: "+SHOP/P1", Amount: amount, At: at},
		{ID: "'quoted", Kind: attribution.Settled, Order: "''o", Line: "'", Creator: "c1", Entry: "-e", At: at},
	}
	for _, ev := range evs {
		if err := ev.Validate(); err != nil {
			t.Fatalf("Validate(%v) = %v", ev.ID, err)
		}
	}
	var buf bytes.Buffer
	if err := attribution.WriteEventsCSV(&buf, evs); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs[1:] {
		for _, c := range rec {
			if readsAsFormula(c) {
				t.Errorf("events CSV cell %q reads as a formula", c)
			}
		}
	}
	back, err := attribution.ReadEventsCSV(&buf)
	if err != nil || len(back) != len(evs) {
		t.Fatalf("ReadEventsCSV = %d events, %v; want %d", len(back), err, len(evs))
	}
	for i := range evs {
		if !back[i].Equal(evs[i]) {
			t.Errorf("round trip of event %d (-want +got):\n%s", i, cmp.Diff(evs[i], back[i], cmpOpts))
		}
	}
}
