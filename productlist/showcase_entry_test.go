package productlist_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
)

// P6: a creator who accepted entry E1 of a product, since removed from the
// list and added again as E2, does not follow E2's rate changes, even
// through E1's version 2 scheduled after E2 was added, which has E2
// version 2's number and rate.
func TestFollowRateChangeNotAReaddedEntry(t *testing.T) {
	ks := keys()
	l := newList(t, "l", agencyA, 1) // E1, version 1: 15% from t0
	p := product(agencyA, 0)
	reg := p.Registration
	link, _ := productlist.ShareList(ks, l)
	res, err := productlist.Resolve(parse(t, ks, link), map[productlist.ListID]productlist.List{"l": l}, productlist.Catalog{p}, productlist.Showcase{Creator: "c1"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := productlist.Accept(productlist.Showcase{Creator: "c1"}, res.Offers, t0)
	if err != nil {
		t.Fatal(err)
	}
	day10 := t0.Add(10 * 24 * time.Hour)
	l, v, err := l.SetCreatorRate(reg, 1000, day10, t0)
	if err != nil {
		t.Fatal(err)
	}
	sc, n := sc.FollowRateChange("l", l.Entries[0], v) // E1 version 2, scheduled
	if n != 1 {
		t.Fatalf("FollowRateChange(E1 v2) = %d, want 1", n)
	}
	want := sc
	if l, err = l.Remove(reg, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if l, err = l.Add(p, 1500, t0.Add(time.Hour)); err != nil { // E2
		t.Fatal(err)
	}
	for i, r := range []commission.Rate{1000, 1800} { // E2 versions 2 and 3
		now := t0.Add(time.Duration(2+i) * time.Hour)
		if l, v, err = l.SetCreatorRate(reg, r, now, now); err != nil {
			t.Fatal(err)
		}
		if sc, n = sc.FollowRateChange("l", l.Entries[0], v); n != 0 {
			t.Errorf("FollowRateChange(E2 v%d) = %d, want 0", v.Version, n)
		}
	}
	if diff := cmp.Diff(want, sc); diff != "" {
		t.Errorf("showcase after E2's changes (-want +got):\n%s", diff)
	}
	if got, err := sc.RateAt(p.Shop, p.ID, day10.Add(24*time.Hour)); err != nil || got.Rate != 1000 || got.RateVersion != 2 {
		t.Errorf("RateAt(day 11) = %+v, %v; want E1's 10%% version 2", got, err)
	}
}

// P6: terms stored before they named their entry (EntryAdded zero) still
// follow the entry they came through, judged by their rate version; terms
// that name their entry follow only it.
func TestFollowRateChangeTermsWithoutEntry(t *testing.T) {
	l := newList(t, "l", agencyA, 1)
	p := product(agencyA, 0)
	reg := p.Registration
	old := productlist.Terms{Effective: t0.Add(time.Hour), Agency: agencyA, Campaign: p.Campaign, Registration: reg,
		Via: productlist.LinkList, List: "l", RateVersion: 1, Rate: 1500}
	showcase := func(tm productlist.Terms) productlist.Showcase {
		return productlist.Showcase{Creator: "c1", Entries: []productlist.ShowcaseEntry{{Shop: p.Shop, Product: p.ID, Title: p.Title, Terms: []productlist.Terms{tm}}}}
	}
	change := t0.Add(48 * time.Hour)
	l2, v2, err := l.SetCreatorRate(reg, 1000, change, t0.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	readded, _ := l.Remove(reg, t0.Add(2*time.Hour))
	readded, _ = readded.Add(p, 1500, t0.Add(2*time.Hour))
	readded, rv2, err := readded.SetCreatorRate(reg, 1000, change, t0.Add(3*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	named := old
	named.EntryAdded = l.Entries[0].Added
	for _, tc := range []struct {
		name  string
		terms productlist.Terms
		entry productlist.Entry
		v     productlist.RateVersion
		want  int
	}{
		{"old terms, the entry they came through", old, l2.Entries[0], v2, 1},
		{"old terms, an entry added after them", old, readded.Entries[0], rv2, 0},
		{"named terms, their entry", named, l2.Entries[0], v2, 1},
		{"named terms, another entry", named, readded.Entries[0], rv2, 0},
	} {
		if _, n := showcase(tc.terms).FollowRateChange("l", tc.entry, tc.v); n != tc.want {
			t.Errorf("%s: FollowRateChange = %d, want %d", tc.name, n, tc.want)
		}
	}
}

// A showcase stored before terms had EntryAdded (the SQL stores keep its
// encoding/json form) still decodes, with EntryAdded zero.
func TestShowcaseJSONWithoutEntryAdded(t *testing.T) {
	p := product(agencyA, 0)
	want := productlist.Terms{Effective: t0.Add(time.Hour), Agency: agencyA, Campaign: p.Campaign, Registration: p.Registration,
		Via: productlist.LinkList, List: "l", RateVersion: 1, Rate: 1500}
	b, err := json.Marshal(productlist.Showcase{Creator: "c1", Entries: []productlist.ShowcaseEntry{{Shop: p.Shop, Product: p.ID, Title: p.Title, Terms: []productlist.Terms{want}}}})
	if err != nil {
		t.Fatal(err)
	}
	old := strings.Replace(string(b), `"EntryAdded":"0001-01-01T00:00:00Z",`, "", 1)
	if old == string(b) {
		t.Fatalf("no EntryAdded to drop in %s", b)
	}
	var sc productlist.Showcase
	if err := json.Unmarshal([]byte(old), &sc); err != nil {
		t.Fatalf("decoding %s: %v", old, err)
	}
	if diff := cmp.Diff([]productlist.Terms{want}, sc.Entries[0].Terms); diff != "" {
		t.Errorf("decoded terms (-want +got):\n%s", diff)
	}
}
