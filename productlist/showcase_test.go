package productlist_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
)

func parse(t *testing.T, ks productlist.KeySet, links ...productlist.Link) []productlist.Target {
	t.Helper()
	var out []productlist.Target
	for _, l := range links {
		tg, err := productlist.ParseLink(ks, string(l))
		if err != nil {
			t.Fatalf("ParseLink(%s): %v", l, err)
		}
		out = append(out, tg)
	}
	return out
}

// P4: a list link resolves to offers at the creator rate; closed and removed
// products drop out; nothing left is ErrNoProducts.
func TestResolve(t *testing.T) {
	ks := keys()
	l := newList(t, "l", agencyA, 3)
	link, _ := productlist.ShareList(ks, l)
	tg := parse(t, ks, link)
	lists := map[productlist.ListID]productlist.List{"l": l}
	all := productlist.Catalog{product(agencyA, 0), product(agencyA, 1), product(agencyA, 2)}
	closed := append(productlist.Catalog(nil), all...)
	closed[0].Available = false
	allClosed := append(productlist.Catalog(nil), all...)
	for i := range allClosed {
		allClosed[i].Available = false
	}
	empty := newList(t, "l", agencyA, 0)
	offer := func(n int) productlist.Offer {
		p := product(agencyA, n)
		return productlist.Offer{Agency: agencyA, Campaign: p.Campaign, Registration: p.Registration, Shop: p.Shop,
			Product: p.ID, Title: p.Title, Price: p.Price, CreatorRate: 1500, Via: productlist.LinkList, List: "l", RateVersion: 1}
	}
	for name, tc := range map[string]struct {
		lists   map[productlist.ListID]productlist.List
		cat     productlist.Catalog
		want    []productlist.Offer
		wantErr error
	}{
		"all":          {lists, all, []productlist.Offer{offer(0), offer(1), offer(2)}, nil},
		"one closed":   {lists, closed, []productlist.Offer{offer(1), offer(2)}, nil},
		"one removed":  {lists, all[1:], []productlist.Offer{offer(1), offer(2)}, nil},
		"all closed":   {lists, allClosed, nil, productlist.ErrNoProducts},
		"empty list":   {map[productlist.ListID]productlist.List{"l": empty}, all, nil, productlist.ErrNoProducts},
		"deleted list": {nil, all, nil, productlist.ErrNoProducts},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := productlist.Resolve(tg, tc.lists, tc.cat, productlist.Showcase{Creator: "c1"}, t0)
			wantErr(t, "Resolve", err, tc.wantErr)
			if diff := cmp.Diff(tc.want, got.Offers); diff != "" {
				t.Errorf("Resolve offers (-want +got):\n%s", diff)
			}
		})
	}
}

// P4: a product link resolves to its product at the signed rate; accepting
// puts the offers in the showcase with the terms they came with.
func TestResolveProductAndAccept(t *testing.T) {
	ks := keys()
	p := product(agencyA, 5)
	link, _ := productlist.ShareProduct(ks, p, 1000)
	res, err := productlist.Resolve(parse(t, ks, link), nil, productlist.Catalog{p}, productlist.Showcase{Creator: "c1"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := productlist.Accept(productlist.Showcase{Creator: "c1"}, res.Offers, t0)
	if err != nil {
		t.Fatal(err)
	}
	want := productlist.Showcase{Creator: "c1", Entries: []productlist.ShowcaseEntry{{
		Shop: p.Shop, Product: p.ID, Title: p.Title,
		Terms: []productlist.Terms{{Effective: t0, Agency: agencyA, Campaign: p.Campaign, Registration: p.Registration, Via: productlist.LinkProduct, Rate: 1000}},
	}}}
	if diff := cmp.Diff(want, sc); diff != "" {
		t.Errorf("Accept (-want +got):\n%s", diff)
	}
	wantErr(t, "Accept(nothing)", second(productlist.Accept(sc, nil, t0)), productlist.ErrNoProducts)
	wantErr(t, "Accept(no creator)", second(productlist.Accept(productlist.Showcase{}, res.Offers, t0)), productlist.ErrInvalid)
}

// P5: an offer below the creator's current rate for the product carries a
// lower-rate notice; an equal or higher one does not.
func TestLowerRateNotice(t *testing.T) {
	ks := keys()
	p := product(agencyA, 1)
	high, _ := productlist.ShareProduct(ks, p, 1800)
	res, _ := productlist.Resolve(parse(t, ks, high), nil, productlist.Catalog{p}, productlist.Showcase{Creator: "c1"}, t0)
	sc, err := productlist.Accept(productlist.Showcase{Creator: "c1"}, res.Offers, t0)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		rate commission.Rate
		want []productlist.LowerRateNotice
	}{
		{1200, []productlist.LowerRateNotice{{Creator: "c1", Shop: p.Shop, Product: p.ID, Offered: 1200, Current: 1800}}},
		{1800, nil},
		{1900, nil},
	} {
		link, _ := productlist.ShareProduct(ks, p, tc.rate)
		got, err := productlist.Resolve(parse(t, ks, link), nil, productlist.Catalog{p}, sc, t0.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, got.Notices); diff != "" {
			t.Errorf("Resolve(rate %v) notices (-want +got):\n%s", tc.rate, diff)
		}
	}
}

// P6: rate changes are versioned; the rate that pays an order is the one in
// force on the showcase entry when the order was placed, and replaying after
// later changes gives the same answer.
func TestRateHistoryPaysOrderAtT(t *testing.T) {
	ks := keys()
	l := newList(t, "l", agencyA, 1) // version 1: 15% from t0
	reg := l.Entries[0].Product.Registration
	cat := productlist.Catalog{product(agencyA, 0)}
	link, _ := productlist.ShareList(ks, l)
	accepted := t0.Add(time.Hour)
	res, err := productlist.Resolve(parse(t, ks, link), map[productlist.ListID]productlist.List{"l": l}, cat, productlist.Showcase{Creator: "c1"}, accepted)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := productlist.Accept(productlist.Showcase{Creator: "c1"}, res.Offers, accepted)
	if err != nil {
		t.Fatal(err)
	}
	changeAt := t0.Add(48 * time.Hour)
	l2, v2, err := l.SetCreatorRate(reg, 1000, changeAt, t0.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(productlist.RateVersion{Version: 2, Rate: 1000, Effective: changeAt}, v2); diff != "" {
		t.Errorf("SetCreatorRate version (-want +got):\n%s", diff)
	}
	sc2, n, err := sc.FollowRateChange("l", reg, v2)
	if err != nil || n != 1 {
		t.Fatalf("FollowRateChange = %d, %v", n, err)
	}
	if again, n, _ := sc2.FollowRateChange("l", reg, v2); n != 0 || cmp.Diff(sc2, again) != "" {
		t.Errorf("FollowRateChange is not idempotent")
	}
	p := product(agencyA, 0)
	for _, tc := range []struct {
		at       time.Time
		rate     commission.Rate
		version  int
		notFound bool
	}{
		{t0, 0, 0, true}, // before acceptance
		{accepted, 1500, 1, false},
		{changeAt.Add(-time.Nanosecond), 1500, 1, false},
		{changeAt, 1000, 2, false},
		{changeAt.Add(time.Hour), 1000, 2, false},
	} {
		for _, s := range []productlist.Showcase{sc2} {
			got, err := s.RateAt(p.Shop, p.ID, tc.at)
			if tc.notFound {
				wantErr(t, "RateAt(before)", err, productlist.ErrNotFound)
				continue
			}
			if err != nil || got.Rate != tc.rate || got.RateVersion != tc.version || got.List != "l" || got.Registration != reg {
				t.Errorf("RateAt(%v) = %+v, %v; want rate %v version %d via list l", tc.at, got, err, tc.rate, tc.version)
			}
		}
		if !tc.notFound {
			v, err := l2.Entries[0].Rates.At(tc.at)
			if err != nil || v.Rate != tc.rate {
				t.Errorf("RateHistory.At(%v) = %+v, %v; want %v", tc.at, v, err, tc.rate)
			}
		}
	}
	// The old version is untouched by the change.
	if diff := cmp.Diff(l.Entries[0].Rates, l2.Entries[0].Rates[:1]); diff != "" {
		t.Errorf("SetCreatorRate rewrote history (-want +got):\n%s", diff)
	}
	// A change may not be backdated.
	wantErr(t, "SetCreatorRate(before newest)", third(l2.SetCreatorRate(reg, 900, changeAt.Add(-time.Hour), t0)), productlist.ErrInvalid)
}

// P6: scheduled changes come with the offer; accepting another offer for the
// same product later supersedes only terms not yet in force.
func TestScheduledAndSuperseded(t *testing.T) {
	ks := keys()
	l := newList(t, "l", agencyA, 1)
	reg := l.Entries[0].Product.Registration
	later := t0.Add(72 * time.Hour)
	l, _, err := l.SetCreatorRate(reg, 1200, later, t0)
	if err != nil {
		t.Fatal(err)
	}
	p := product(agencyA, 0)
	link, _ := productlist.ShareList(ks, l)
	res, err := productlist.Resolve(parse(t, ks, link), map[productlist.ListID]productlist.List{"l": l}, productlist.Catalog{p}, productlist.Showcase{Creator: "c1"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := productlist.Accept(productlist.Showcase{Creator: "c1"}, res.Offers, t0)
	if got, _ := sc.RateAt(p.Shop, p.ID, later); got.Rate != 1200 || got.RateVersion != 2 {
		t.Errorf("scheduled version not followed: %+v", got)
	}
	// Before the scheduled change, the creator accepts a product link at 18%.
	mid := t0.Add(24 * time.Hour)
	plink, _ := productlist.ShareProduct(ks, p, 1800)
	res2, _ := productlist.Resolve(parse(t, ks, plink), nil, productlist.Catalog{p}, sc, mid)
	sc2, err := productlist.Accept(sc, res2.Offers, mid)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		at   time.Time
		rate commission.Rate
	}{{t0, 1500}, {mid, 1800}, {later, 1800}} {
		if got, err := sc2.RateAt(p.Shop, p.ID, tc.at); err != nil || got.Rate != tc.rate {
			t.Errorf("RateAt(%v) = %+v, %v; want %v", tc.at, got, err, tc.rate)
		}
	}
}

// P6: terms accepted through a list entry follow the entry's later rate
// changes from their effective time on, and nothing else: not terms that
// came through a product link or another list, not a new entry of the
// same product added after the acceptance, not before the change.
func TestTermsFollowTheListEntry(t *testing.T) {
	l := newList(t, "l", agencyA, 1) // version 1: 15% from t0
	reg := l.Entries[0].Product.Registration
	accepted := productlist.Terms{Effective: t0.Add(time.Hour), Agency: agencyA, Campaign: "camp-1", Registration: reg,
		Via: productlist.LinkList, List: "l", RateVersion: 1, Rate: 1500}
	changeAt := t0.Add(48 * time.Hour)
	l2, _, err := l.SetCreatorRate(reg, 1000, changeAt, t0.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	followed := accepted
	followed.Rate, followed.RateVersion = 1000, 2
	viaProduct := accepted
	viaProduct.Via, viaProduct.List, viaProduct.RateVersion = productlist.LinkProduct, "", 0
	otherList := accepted
	otherList.List = "other"
	// The product removed and added again after the acceptance: a new
	// entry, whose versions start again at 1.
	readded, err := l2.Remove(reg, t0.Add(30*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if readded, err = readded.Add(product(agencyA, 0), 500, t0.Add(31*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if readded, _, err = readded.SetCreatorRate(reg, 400, changeAt, t0.Add(32*time.Hour)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		terms productlist.Terms
		list  productlist.List
		at    time.Time
		want  productlist.Terms
	}{
		{"before the change", accepted, l2, changeAt.Add(-time.Nanosecond), accepted},
		{"from the change on", accepted, l2, changeAt, followed},
		{"long after", accepted, l2, changeAt.Add(90 * 24 * time.Hour), followed},
		{"already followed", followed, l2, changeAt, followed},
		{"no change made", accepted, l, changeAt, accepted},
		{"through a product link", viaProduct, l2, changeAt, viaProduct},
		{"through another list", otherList, l2, changeAt, otherList},
		{"entry removed and added again", accepted, readded, changeAt, accepted},
	} {
		if got := tc.terms.Following(tc.list, tc.at); got != tc.want {
			t.Errorf("%s: Following = %+v, want %+v", tc.name, got, tc.want)
		}
	}
}
