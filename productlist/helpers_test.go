package productlist_test

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
)

const (
	agencyA campaign.AgencyID = "agency-a"
	agencyB campaign.AgencyID = "agency-b"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// product returns available product n of agency a at total rate 20%.
func product(a campaign.AgencyID, n int) productlist.Product {
	return productlist.Product{
		Registration: registration.ID(fmt.Sprintf("%s-reg-%d", a, n)),
		Campaign:     "camp-1",
		Agency:       a,
		Shop:         "USSHOP1",
		ID:           registration.ProductID(fmt.Sprintf("prod-%d", n)),
		Title:        fmt.Sprintf("Product %d", n),
		Price:        commission.FromMinor(1999, commission.MustParseCurrency("USD")),
		Total:        2000,
		Available:    true,
	}
}

func secret(b byte) []byte { return bytes.Repeat([]byte{b}, productlist.MinSecretLen) }

// keys holds an active key per agency and a verifying and a retired key for A.
func keys() productlist.KeySet {
	return productlist.KeySet{Keys: []productlist.Key{
		{ID: "a2", Agency: agencyA, Secret: secret('2'), State: productlist.KeyActive},
		{ID: "a1", Agency: agencyA, Secret: secret('1'), State: productlist.KeyVerifying},
		{ID: "a0", Agency: agencyA, Secret: secret('0'), State: productlist.KeyRetired},
		{ID: "b1", Agency: agencyB, Secret: secret('b'), State: productlist.KeyActive},
	}}
}

func newList(t testing.TB, id productlist.ListID, a campaign.AgencyID, products int) productlist.List {
	t.Helper()
	l, err := productlist.NewList(id, a, "Summer picks", 0, t0)
	if err != nil {
		t.Fatalf("NewList: %v", err)
	}
	for i := range products {
		if l, err = l.Add(product(a, i), 1500, t0); err != nil {
			t.Fatalf("Add(%d): %v", i, err)
		}
	}
	return l
}

func wantErr(t *testing.T, call string, err, want error) {
	t.Helper()
	if want == nil && err != nil || want != nil && !errors.Is(err, want) {
		t.Errorf("%s error = %v, want %v", call, err, want)
	}
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }
