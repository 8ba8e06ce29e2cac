package storagetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/shopspring/decimal"
)

// cmpOpts is how the suite compares stored values: decimals by value
// (19.9 == 19.90), times by instant (a SQL backend returns them in UTC
// without a monotonic reading), currencies with ==, and nil slices and maps
// equal to empty ones. Nothing looser.
var cmpOpts = cmp.Options{
	cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
	cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }),
	cmp.Comparer(func(a, b commission.Currency) bool { return a == b }),
	cmpopts.EquateEmpty(),
}

// now is the suite's clock: fixtures are stamped with it.
var now = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

func money(amount string) commission.Money {
	m, err := commission.NewMoney(amount, "USD")
	if err != nil {
		panic(err)
	}
	return m
}

// shopCode returns the i-th well-formed US shop code.
func shopCode(i int) campaign.ShopCode { return campaign.ShopCode(fmt.Sprintf("USSHOP%06d", i)) }

// shopCodes returns n distinct shop codes, nil for 0.
func shopCodes(n int) []campaign.ShopCode {
	if n == 0 {
		return nil
	}
	codes := make([]campaign.ShopCode, n)
	for i := range codes {
		codes[i] = shopCode(i)
	}
	return codes
}

// newCampaign returns a draft select campaign of agency with n shop codes
// (an open one for n == 0).
func newCampaign(id campaign.ID, agency campaign.AgencyID, n int) campaign.Campaign {
	start := time.Date(2026, 4, 1, 7, 0, 0, 0, time.UTC)
	sellers := campaign.Sellers{Mode: campaign.Open}
	if n > 0 {
		sellers = campaign.Sellers{Mode: campaign.Select, ShopCodes: shopCodes(n)}
	}
	return campaign.Campaign{
		ID: id, Agency: agency, Status: campaign.Draft,
		Details: campaign.Details{
			Market: "US", Name: "Spring " + string(id), Description: "Beauty picks",
			Requirements: "Rating 4.5+", MinRate: 1000,
			Contact:      campaign.Contact{Channel: campaign.WhatsApp, Handle: "+15550100"},
			Registration: campaign.Period{Start: start, End: start.Add(10 * 24 * time.Hour)},
			Period:       campaign.Period{Start: start, End: start.Add(60 * 24 * time.Hour)},
			Sellers:      sellers,
		},
		CreatedAt: now, UpdatedAt: now,
	}
}

// withPending returns c published with a pending edit listing n shop codes.
func withPending(c campaign.Campaign, n int) campaign.Campaign {
	d := c.Details
	d.Name += " (edited)"
	d.Sellers = campaign.Sellers{Mode: campaign.Select, ShopCodes: shopCodes(n)}
	c.Status = campaign.Published
	c.PublishedAt = now
	c.Pending = &campaign.PendingEdit{Details: d, RequestedAt: now, AppliesAt: now.Add(campaign.EditDelay)}
	return c
}

// newRegistration returns a pending registration.
func newRegistration(id registration.ID, c campaign.ID, agency campaign.AgencyID, shop campaign.ShopCode, product registration.ProductID) registration.Registration {
	return registration.Registration{
		ID: id, Campaign: c, Agency: agency, Shop: shop, Product: product,
		ProductTitle: "Serum " + string(product), Rate: 1500, State: registration.Pending,
		CreatedAt: now, UpdatedAt: now,
	}
}

// product returns the i-th approved product of agency's campaign c.
func product(agency campaign.AgencyID, c campaign.ID, i int) productlist.Product {
	return productlist.Product{
		Registration: registration.ID(fmt.Sprintf("%s-reg-%04d", c, i)),
		Campaign:     c, Agency: agency, Shop: shopCode(i),
		ID:    registration.ProductID(fmt.Sprintf("prod-%04d", i)),
		Title: fmt.Sprintf("Lip tint %d", i), Price: money("12.50"), Total: 2000, Available: true,
	}
}

// entry returns the list entry of the i-th product.
func entry(agency campaign.AgencyID, i int) productlist.Entry {
	return productlist.Entry{
		Product: product(agency, "camp", i),
		Rates:   productlist.NewRateHistory(1200, now),
		Added:   now,
	}
}

// newList returns a list of agency holding n products.
func newList(id productlist.ListID, agency campaign.AgencyID, name string, n int) productlist.List {
	l := productlist.List{ID: id, Agency: agency, Name: name, Created: now, Updated: now}
	for i := range n {
		l.Entries = append(l.Entries, entry(agency, i))
	}
	return l
}

// terms returns the attribution terms of creator's sales of shop's product
// in agency's campaign c.
func terms(c campaign.ID, agency campaign.AgencyID, shop campaign.ShopCode, creator productlist.CreatorID) attribution.Terms {
	return attribution.Terms{
		Campaign: c, Agency: agency, Shop: shop, Registration: "reg-1", Product: "prod-1",
		List: "list-1", Entry: "entry-1", Creator: creator, RateVersion: 1,
		Split: commission.Split{Total: 1500, Creator: 1000},
	}
}

// paid returns the Paid event id of line key, by creator, at.
func paid(id attribution.EventID, key attribution.LineKey, creator productlist.CreatorID, at time.Time, amount string) attribution.Event {
	return attribution.Event{ID: id, Kind: attribution.Paid, Order: key.Order, Line: key.Line,
		Creator: creator, Entry: "entry-1", Amount: money(amount), At: at}
}

// newLine returns a line built by attribution.Apply from evs, attributed
// with tm.
func newLine(t testing.TB, tm attribution.Terms, evs ...attribution.Event) attribution.Line {
	t.Helper()
	var l attribution.Line
	for _, ev := range evs {
		var err error
		l, _, err = attribution.Apply(l, ev, attribution.Attributed(tm), now)
		if err != nil {
			t.Fatalf("attribution.Apply(%v) = %v", ev.ID, err)
		}
	}
	return l
}

// errBoom is the error fns return to roll back.
var errBoom = errors.New("storagetest: boom")

// update runs fn in s.Update and fails t on an error.
func update(t testing.TB, s storage.Store, fn func(storage.Tx) error) {
	t.Helper()
	if err := s.Update(context.Background(), fn); err != nil {
		t.Fatalf("Update: %v", err)
	}
}

// view runs fn in s.View and fails t on an error.
func view(t testing.TB, s storage.Store, fn func(storage.Tx) error) {
	t.Helper()
	if err := s.View(context.Background(), fn); err != nil {
		t.Fatalf("View: %v", err)
	}
}

// wantErr fails t unless errors.Is(err, want) (or err is nil for a nil
// want).
func wantErr(t testing.TB, what string, err, want error) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Errorf("%s = %v, want nil", what, err)
		}
		return
	}
	if !errors.Is(err, want) {
		t.Errorf("%s = %v, want %v", what, err, want)
	}
}

// diff fails t if got differs from want under cmpOpts.
func diff(t testing.TB, what string, want, got any) {
	t.Helper()
	if d := cmp.Diff(want, got, cmpOpts); d != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", what, d)
	}
}
