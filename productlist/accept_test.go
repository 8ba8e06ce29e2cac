package productlist_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
)

// P4, P6: accepting terms a product already has in force (and the same
// scheduled changes) leaves the showcase as it is; any other offer for it
// still supersedes the terms scheduled after now.
func TestAcceptAgainKeepsTerms(t *testing.T) {
	ks := keys()
	l := newList(t, "l", agencyA, 1) // version 1: 15% from t0
	p := product(agencyA, 0)
	cat := productlist.Catalog{p}
	later := t0.Add(72 * time.Hour)
	l, _, err := l.SetCreatorRate(p.Registration, 1200, later, t0) // version 2, scheduled
	if err != nil {
		t.Fatal(err)
	}
	link, _ := productlist.ShareList(ks, l)
	accept := func(sc productlist.Showcase, l productlist.List, link productlist.Link, now time.Time) productlist.Showcase {
		t.Helper()
		res, err := productlist.Resolve(parse(t, ks, link), map[productlist.ListID]productlist.List{"l": l}, cat, sc, now)
		if err != nil {
			t.Fatal(err)
		}
		out, err := productlist.Accept(sc, res.Offers, now)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	sc := accept(productlist.Showcase{Creator: "c1"}, l, link, t0)
	if n := len(sc.Entries[0].Terms); n != 2 {
		t.Fatalf("Accept: %d terms, want versions 1 and 2", n)
	}
	for _, at := range []time.Time{t0, t0.Add(time.Hour), later, later.Add(time.Hour)} {
		if diff := cmp.Diff(sc, accept(sc, l, link, at)); diff != "" {
			t.Errorf("Accept again at %v changed the showcase (-want +got):\n%s", at, diff)
		}
	}
	// A new scheduled version is added; the terms in force stay as they
	// were.
	l3, _, err := l.SetCreatorRate(p.Registration, 1000, later.Add(24*time.Hour), t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	sc3 := accept(sc, l3, link, t0.Add(2*time.Hour))
	if diff := cmp.Diff(sc.Entries[0].Terms, sc3.Entries[0].Terms[:2]); diff != "" || len(sc3.Entries[0].Terms) != 3 {
		t.Errorf("Accept with version 3 = %+v; want the terms before and version 3 (-want +got):\n%s", sc3.Entries[0].Terms, diff)
	}
	if got, err := sc3.RateAt(p.Shop, p.ID, later.Add(24*time.Hour)); err != nil || got.Rate != 1000 || got.RateVersion != 3 {
		t.Errorf("RateAt(version 3) = %+v, %v; want 10%% version 3", got, err)
	}
	// A product link at another rate still takes over from now.
	plink, _ := productlist.ShareProduct(ks, p, 1800)
	mid := t0.Add(24 * time.Hour)
	sc4 := accept(sc, l, plink, mid)
	if got, err := sc4.RateAt(p.Shop, p.ID, later); err != nil || got.Rate != 1800 || got.Via != productlist.LinkProduct {
		t.Errorf("RateAt after a product link = %+v, %v; want 18%% via the product link", got, err)
	}
	if diff := cmp.Diff(sc4, accept(sc4, l, plink, mid.Add(time.Hour))); diff != "" {
		t.Errorf("the same product link again changed the showcase (-want +got):\n%s", diff)
	}
}

// P6: a creator accepting one product at other terms again and again adds
// terms until MaxTermsVersions, and is then refused with ErrLimit, the
// showcase as it was; accepting the terms in force still adds nothing.
func TestAcceptBoundsTermsVersions(t *testing.T) {
	p := product(agencyA, 0)
	offer := func(rate commission.Rate) productlist.Offer {
		return productlist.Offer{Agency: agencyA, Campaign: p.Campaign, Registration: p.Registration, Shop: p.Shop,
			Product: p.ID, Title: p.Title, CreatorRate: rate, Via: productlist.LinkProduct}
	}
	sc := productlist.Showcase{Creator: "c1"}
	at := t0
	var err error
	for i := range productlist.MaxTermsVersions {
		at = at.Add(time.Second)
		if sc, err = productlist.Accept(sc, []productlist.Offer{offer(commission.Rate(100 + i%2))}, at); err != nil {
			t.Fatalf("Accept #%d: %v", i, err)
		}
	}
	if n := len(sc.Entries[0].Terms); n != productlist.MaxTermsVersions {
		t.Fatalf("%d terms after %d acceptances at alternating rates", n, productlist.MaxTermsVersions)
	}
	again, err := productlist.Accept(sc, []productlist.Offer{offer(101)}, at.Add(time.Second)) // the terms in force
	if err != nil || len(again.Entries[0].Terms) != productlist.MaxTermsVersions {
		t.Errorf("Accept of the terms in force = %v, %d terms; want nil, %d", err, len(again.Entries[0].Terms), productlist.MaxTermsVersions)
	}
	got, err := productlist.Accept(sc, []productlist.Offer{offer(100)}, at.Add(time.Second))
	var fe *productlist.FieldError
	if !errors.As(err, &fe) || fe.Field != "offers[0]" || !errors.Is(err, productlist.ErrLimit) {
		t.Errorf("Accept past MaxTermsVersions = %v, want a *FieldError for offers[0] wrapping ErrLimit", err)
	}
	if diff := cmp.Diff(sc, got); diff != "" {
		t.Errorf("refused Accept returned a changed showcase (-was +got):\n%s", diff)
	}
}

// P6: an entry already past MaxTermsVersions (an agency's rate changes
// reach it without bound) still takes the terms in force, a no-op, and is
// refused only new ones.
func TestAcceptPastTheBoundTakesTermsInForce(t *testing.T) {
	p := product(agencyA, 0)
	offer := productlist.Offer{Agency: agencyA, Campaign: p.Campaign, Registration: p.Registration, Shop: p.Shop,
		Product: p.ID, Title: p.Title, CreatorRate: 100, Via: productlist.LinkProduct}
	sc, err := productlist.Accept(productlist.Showcase{Creator: "c1"}, []productlist.Offer{offer}, t0)
	if err != nil {
		t.Fatal(err)
	}
	e := &sc.Entries[0]
	for i := range productlist.MaxTermsVersions {
		v := e.Terms[0]
		v.Effective, v.Rate = t0.Add(time.Duration(i+1)*time.Second), commission.Rate(101+i%2)
		e.Terms = append(e.Terms, v)
	}
	at := t0.Add(time.Hour)
	offer.CreatorRate = e.Terms[len(e.Terms)-1].Rate
	if _, err := productlist.Accept(sc, []productlist.Offer{offer}, at); err != nil {
		t.Errorf("Accept of the terms in force past the bound = %v, want nil", err)
	}
	offer.CreatorRate = 500
	if _, err := productlist.Accept(sc, []productlist.Offer{offer}, at); !errors.Is(err, productlist.ErrLimit) {
		t.Errorf("Accept of new terms past the bound = %v, want ErrLimit", err)
	}
}

// P6: a list entry's rate history takes MaxRateVersions versions, then
// refuses more with ErrLimit, so a creator accepting it can always take
// its scheduled versions (MaxTermsVersions).
func TestRateHistoryBounded(t *testing.T) {
	h := productlist.NewRateHistory(100, t0)
	var err error
	for i := 1; i < productlist.MaxRateVersions; i++ {
		if h, _, err = h.Change(commission.Rate(100+i%2), t0.Add(time.Duration(i)*time.Hour), t0); err != nil {
			t.Fatalf("Change #%d: %v", i, err)
		}
	}
	_, _, err = h.Change(100, t0.Add(2000*time.Hour), t0)
	var fe *productlist.FieldError
	if !errors.As(err, &fe) || fe.Field != "rates" || !errors.Is(err, productlist.ErrLimit) {
		t.Errorf("Change past MaxRateVersions = %v, want a *FieldError for \"rates\" wrapping ErrLimit", err)
	}
	if productlist.MaxRateVersions > productlist.MaxTermsVersions {
		t.Errorf("MaxRateVersions %d > MaxTermsVersions %d: a first acceptance could not take every scheduled version", productlist.MaxRateVersions, productlist.MaxTermsVersions)
	}
}
