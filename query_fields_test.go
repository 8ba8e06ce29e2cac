package partnerkit_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
)

// impossibleIDs can be no stored id: PostgreSQL refuses the first two as
// query parameters, the last is longer than any product id.
var impossibleIDs = []string{"id-\xff", "id-\x00", strings.Repeat("p", registration.MaxProductIDLen+1)}

// R5, K1: a query field that can be no stored id is ErrInvalid, with the
// same answer on every backend; PostgreSQL used to fail with SQLSTATE
// 22021 where memory and SQLite answered an empty page.
func TestQueryFieldsNoIDCanHoldAreInvalid(t *testing.T) {
	for name, mk := range backends() {
		t.Run(name, func(t *testing.T) {
			w := mk(t)
			wantField := func(what string, err error, field string) {
				t.Helper()
				var fe *partnerkit.FieldError
				if !errors.Is(err, partnerkit.ErrInvalid) || !errors.As(err, &fe) || fe.Field != field {
					t.Errorf("%s = %.200v, want a %q FieldError wrapping ErrInvalid", what, err, field)
				}
			}
			wantInvalid := func(what string, err error) {
				t.Helper()
				if !errors.Is(err, partnerkit.ErrInvalid) {
					t.Errorf("%s = %.200v, want ErrInvalid", what, err)
				}
			}
			for _, bad := range impossibleIDs {
				_, _, err := w.svc.CampaignRegistrations(w.ctx, w.agency, w.camp.ID, registration.Filter{Shop: campaign.ShopCode(bad)}, partnerkit.Page{})
				wantField("CampaignRegistrations(Shop: "+shown(bad)+")", err, "shop")
				_, _, err = w.svc.CampaignRegistrations(w.ctx, w.agency, w.camp.ID, registration.Filter{Product: registration.ProductID(bad)}, partnerkit.Page{})
				wantField("CampaignRegistrations(Product: "+shown(bad)+")", err, "product")
				_, _, err = w.svc.Registrations(w.ctx, w.glow, registration.Filter{Product: registration.ProductID(bad)}, partnerkit.Page{})
				wantField("Registrations(Product: "+shown(bad)+")", err, "product")

				rates := map[registration.ProductID]commission.Rate{registration.ProductID(bad): rate(t, "5%")}
				_, err = w.svc.WhatIf(w.ctx, w.agency, w.camp.ID, rates)
				wantField("WhatIf(rates["+shown(bad)+"])", err, "rates["+errdef.Shown(bad)+"]")

				// The registration's other problems are reported with it.
				_, err = w.svc.RegisterProduct(w.ctx, w.glow, partnerkit.RegisterInput{
					Campaign: w.camp.ID, Product: registration.ProductID(bad), ProductTitle: "Bad id", Rate: rate(t, "1%"),
				})
				wantField("RegisterProduct(Product: "+shown(bad)+")", err, "product")
				if !errors.Is(err, registration.ErrRateTooLow) {
					t.Errorf("RegisterProduct(Product: %s, Rate: 1%%) = %.200v, want ErrRateTooLow joined too", shown(bad), err)
				}
			}
			// Only the byte-level problems reach storage as ids.
			for _, bad := range impossibleIDs[:2] {
				_, _, err := w.svc.Products(w.ctx, w.agency, productlist.ProductFilter{Campaign: campaign.ID(bad)}, partnerkit.Page{})
				wantInvalid("Products(Campaign: "+shown(bad)+")", err)
				_, err = w.svc.SellerProducts(w.ctx, w.glow, campaign.ID(bad))
				wantInvalid("SellerProducts("+shown(bad)+")", err)
			}
			// A seller's Shop filter is ignored, so it is not checked.
			if _, _, err := w.svc.Registrations(w.ctx, w.glow, registration.Filter{Shop: "\xff"}, partnerkit.Page{}); err != nil {
				t.Errorf("Registrations(Shop: ignored bad code) = %v, want no error", err)
			}
		})
	}
}

// K1: WhatIf's rates are for products, and an empty id is none: it used to
// be checked against the total of whichever approved product the campaign
// listed first.
func TestWhatIfRefusesAnEmptyProductID(t *testing.T) {
	w := newWorld(t)
	rates := map[registration.ProductID]commission.Rate{"": rate(t, "5%")}
	_, err := w.svc.WhatIf(w.ctx, w.agency, w.camp.ID, rates)
	var fe *partnerkit.FieldError
	if !errors.Is(err, partnerkit.ErrInvalid) || !errors.As(err, &fe) || fe.Field != "rates[]" {
		t.Errorf(`WhatIf(rates[""]) = %v, want a "rates[]" FieldError wrapping ErrInvalid`, err)
	}
	// A real product's rate is still checked against its own total.
	rates = map[registration.ProductID]commission.Rate{w.mask.Product: rate(t, "13%")} // mask's total is 12%
	if _, err := w.svc.WhatIf(w.ctx, w.agency, w.camp.ID, rates); !errors.Is(err, partnerkit.ErrInvalid) {
		t.Errorf("WhatIf(mask at 13%%, total 12%%) = %v, want ErrInvalid", err)
	}
	rates = map[registration.ProductID]commission.Rate{w.mask.Product: rate(t, "12%")}
	if _, err := w.svc.WhatIf(w.ctx, w.agency, w.camp.ID, rates); err != nil {
		t.Errorf("WhatIf(mask at its total 12%%) = %v", err)
	}
}

// shown renders an id for a test message, short.
func shown(s string) string {
	if len(s) > 20 {
		return s[:10] + "…"
	}
	return strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", `\x00`), `\xff`)
}
