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
			Product: p.ID, Title: p.Title, Price: p.Price, CreatorRate: 1500, Via: productlist.LinkList, List: "l", EntryAdded: t0, RateVersion: 1}
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
	sc2, n := sc.FollowRateChange("l", l2.Entries[0], v2)
	if n != 1 {
		t.Fatalf("FollowRateChange = %d", n)
	}
	if again, n := sc2.FollowRateChange("l", l2.Entries[0], v2); n != 0 || cmp.Diff(sc2, again) != "" {
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

// P6: a rate change reaches only terms that came through that very list
// entry: not a product link's, not another list's, and not terms of an
// earlier entry of the product, removed from the list and added again
// since (its versions start again at 1).
func TestFollowRateChangeOnlyThatEntry(t *testing.T) {
	l := newList(t, "l", agencyA, 1) // version 1: 15% from t0
	reg := l.Entries[0].Product.Registration
	p := product(agencyA, 0)
	accepted := productlist.Terms{Effective: t0.Add(time.Hour), Agency: agencyA, Campaign: "camp-1", Registration: reg,
		Via: productlist.LinkList, List: "l", RateVersion: 1, Rate: 1500}
	showcase := func(t productlist.Terms) productlist.Showcase {
		return productlist.Showcase{Creator: "c1", Entries: []productlist.ShowcaseEntry{{Shop: p.Shop, Product: p.ID, Title: p.Title, Terms: []productlist.Terms{t}}}}
	}
	changeAt := t0.Add(48 * time.Hour)
	l2, v2, err := l.SetCreatorRate(reg, 1000, changeAt, t0.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	viaProduct := accepted
	viaProduct.Via, viaProduct.List, viaProduct.RateVersion = productlist.LinkProduct, "", 0
	otherList := accepted
	otherList.List = "other"
	// Removed and added again at 15%, then changed: version 2 of a new
	// entry, which the creator never accepted.
	readded, err := l.Remove(reg, t0.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if readded, err = readded.Add(p, 1500, t0.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	readded, rv2, err := readded.SetCreatorRate(reg, 500, changeAt, t0.Add(4*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		terms productlist.Terms
		entry productlist.Entry
		v     productlist.RateVersion
		want  int
	}{
		{"accepted through the entry", accepted, l2.Entries[0], v2, 1},
		{"through a product link", viaProduct, l2.Entries[0], v2, 0},
		{"through another list", otherList, l2.Entries[0], v2, 0},
		{"an earlier entry of the product", accepted, readded.Entries[0], rv2, 0},
	} {
		got, n := showcase(tc.terms).FollowRateChange("l", tc.entry, tc.v)
		if n != tc.want {
			t.Errorf("%s: FollowRateChange = %d; want %d", tc.name, n, tc.want)
			continue
		}
		if n == 1 {
			rt, err := got.RateAt(p.Shop, p.ID, changeAt)
			if err != nil || rt.Rate != 1000 || rt.RateVersion != 2 {
				t.Errorf("%s: RateAt(change) = %+v, %v; want 10%% version 2", tc.name, rt, err)
			}
		}
	}
}

// P6: a list's followers are the creators who accepted through it, each
// once; a duplicate of the list has none.
func TestListFollowers(t *testing.T) {
	l := newList(t, "l", agencyA, 1)
	l2, added := l.Follow("c1")
	if !added || len(l.Followers) != 0 {
		t.Fatalf("Follow(c1) = %v, added %v; l has %v (want unchanged)", l2.Followers, added, l.Followers)
	}
	if l3, added := l2.Follow("c1"); added || len(l3.Followers) != 1 {
		t.Errorf("Follow(c1) again = %v, added %v; want no change", l3.Followers, added)
	}
	if err := l2.Validate(); err != nil {
		t.Errorf("Validate with a follower = %v", err)
	}
	twice := l2
	twice.Followers = append(twice.Followers, "c1")
	wantErr(t, "Validate with a follower twice", twice.Validate(), productlist.ErrConflict)
	d, err := l2.Duplicate("copy", "Copy", 1, t0)
	if err != nil || len(d.Followers) != 0 {
		t.Errorf("Duplicate = %v followers, %v; want none", d.Followers, err)
	}
}

// P6: a version made just after a creator accepted, but dated before the
// acceptance (the change read the clock first), applies from the
// acceptance on: the creator is neither skipped nor paid it backdated.
func TestFollowRateChangeAfterLateAcceptance(t *testing.T) {
	l := newList(t, "l", agencyA, 1)
	reg := l.Entries[0].Product.Registration
	p := product(agencyA, 0)
	changeAt := t0.Add(time.Hour)
	acceptedAt := changeAt.Add(time.Second)
	sc := productlist.Showcase{Creator: "c1", Entries: []productlist.ShowcaseEntry{{Shop: p.Shop, Product: p.ID, Title: p.Title,
		Terms: []productlist.Terms{{Effective: acceptedAt, Agency: agencyA, Campaign: "camp-1", Registration: reg, Via: productlist.LinkList, List: "l", RateVersion: 1, Rate: 1500}}}}}
	l2, v2, err := l.SetCreatorRate(reg, 1000, changeAt, t0)
	if err != nil {
		t.Fatal(err)
	}
	got, n := sc.FollowRateChange("l", l2.Entries[0], v2)
	if n != 1 {
		t.Fatalf("FollowRateChange = %d, want 1", n)
	}
	for _, tc := range []struct {
		at   time.Time
		rate commission.Rate
	}{{changeAt, 0}, {acceptedAt, 1000}, {acceptedAt.Add(time.Hour), 1000}} {
		rt, err := got.RateAt(p.Shop, p.ID, tc.at)
		if tc.rate == 0 {
			wantErr(t, "RateAt(before the acceptance)", err, productlist.ErrNotFound)
			continue
		}
		if err != nil || rt.Rate != tc.rate || rt.RateVersion != 2 {
			t.Errorf("RateAt(%v) = %+v, %v; want %v version 2", tc.at, rt, err, tc.rate)
		}
	}
}
