package registration_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/registration"
)

// R1: every precondition, alone and at its boundary. The registration
// period's start is inclusive and its end exclusive.
func TestRegister(t *testing.T) {
	open := openCampaign(t)
	sel := fixture(t, campaign.Sellers{Mode: campaign.Select, ShopCodes: []campaign.ShopCode{"USSHOP0001"}})
	unpub, _ := open.Unpublish(t0)
	reg := open.Details.Registration
	existing, err := registration.Register(request("r0"), open, nil, during(open))
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name     string
		c        campaign.Campaign
		edit     func(*registration.Request)
		existing []registration.Registration
		at       time.Time
		fields   []string
		want     error
	}{
		{"ok", open, nil, nil, during(open), nil, nil},
		{"at registration start", open, nil, nil, reg.Start, nil, nil},
		{"1ns before registration start", open, nil, nil, reg.Start.Add(-time.Nanosecond), []string{"campaign.registration"}, registration.ErrRegistrationClosed},
		{"1ns before registration end", open, nil, nil, reg.End.Add(-time.Nanosecond), nil, nil},
		{"at registration end", open, nil, nil, reg.End, []string{"campaign.registration"}, registration.ErrRegistrationClosed},
		{"unpublished", unpub, nil, nil, during(open), []string{"campaign.status"}, registration.ErrNotPublished},
		{"select, listed", sel, nil, nil, during(sel), nil, nil},
		{"select, not listed", sel, func(r *registration.Request) { r.Shop = "USSHOP0002" }, nil, during(sel), []string{"shop"}, registration.ErrNotEligible},
		{"rate at the minimum", open, func(r *registration.Request) { r.Rate = 1000 }, nil, during(open), nil, nil},
		{"rate 0.01% below the minimum", open, func(r *registration.Request) { r.Rate = 999 }, nil, during(open), []string{"rate"}, registration.ErrRateTooLow},
		{"rate above 100%", open, func(r *registration.Request) { r.Rate = 10001 }, nil, during(open), []string{"rate"}, registration.ErrInvalid},
		{"same product twice", open, nil, []registration.Registration{existing}, during(open), []string{"product"}, registration.ErrConflict},
		// A product id is the platform's, unique across shops: a campaign holds it once.
		{"same product, other shop", open, func(r *registration.Request) { r.Shop = "USSHOP0002" }, []registration.Registration{existing}, during(open), []string{"product"}, registration.ErrConflict},
		{"other product", open, func(r *registration.Request) { r.Product = "p2" }, []registration.Registration{existing}, during(open), nil, nil},
		{"empty ids and blank title", open, func(r *registration.Request) { r.ID, r.Shop, r.Product, r.ProductTitle = "", "", "", " " }, nil, during(open),
			[]string{"id", "product", "product_title", "shop"}, registration.ErrInvalid},
		// What a product list could not hold later is refused now: an
		// approved product must be listable (P2, P3).
		{"control characters", open, func(r *registration.Request) {
			r.Shop, r.Product, r.ProductTitle = "USSHOP\x01", "tab\tid", "Carriage\rreturn"
		}, nil, during(open),
			[]string{"product", "product_title", "shop"}, registration.ErrInvalid},
		{"title with newline and tab", open, func(r *registration.Request) { r.ProductTitle = "Line one\n\tLine two" }, nil, during(open), nil, nil},
		{"shop 65 bytes", open, func(r *registration.Request) { r.Shop = campaign.ShopCode(strings.Repeat("Z", 65)) }, nil, during(open), []string{"shop"}, registration.ErrInvalid},
		// A list entry is keyed "shop/product": a "/" in the shop would
		// make "US/A" + "B" read back as "US" + "A/B".
		{"shop with a slash", open, func(r *registration.Request) { r.Shop = "US/A" }, nil, during(open), []string{"shop"}, registration.ErrInvalid},
		{"title 256 characters", open, func(r *registration.Request) { r.ProductTitle = strings.Repeat("é", 256) }, nil, during(open), []string{"product_title"}, registration.ErrInvalid},
		{"title 255 decomposed characters", open, func(r *registration.Request) { r.ProductTitle = strings.Repeat("e\u0323\u0302", 255) }, nil, during(open), nil, nil},
		{"everything wrong at once", unpub, func(r *registration.Request) { r.Rate = 5 }, nil, reg.End,
			[]string{"campaign.registration", "campaign.status", "rate"}, registration.ErrForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := request("r1")
			if tt.edit != nil {
				tt.edit(&req)
			}
			got, err := registration.Register(req, tt.c, tt.existing, tt.at)
			if diff := cmp.Diff(tt.fields, fieldNames(err)); diff != "" {
				t.Fatalf("R1: Register fields (-want +got):\n%s\nerr: %v", diff, err)
			}
			if tt.want != nil {
				if !errors.Is(err, tt.want) {
					t.Errorf("R1: Register = %v, want %v", err, tt.want)
				}
				return
			}
			want := registration.Registration{
				ID: "r1", Campaign: "c1", Agency: "agency-1", Shop: req.Shop, Product: req.Product,
				ProductTitle: req.ProductTitle, Rate: req.Rate, State: registration.Pending,
				CreatedAt: tt.at.UTC(), UpdatedAt: tt.at.UTC(),
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("R1: Register (-want +got):\n%s", diff)
			}
		})
	}
}

// R1, C5: Register reads the campaign as in force: a pending edit raising
// the minimum rate counts only from when it applies.
func TestRegisterUsesCurrentDetails(t *testing.T) {
	c := openCampaign(t)
	at := during(c)
	raised := commission.Rate(2000)
	c, err := c.Edit(campaign.Patch{MinRate: &raised}, campaign.Policy{}, at)
	if err != nil {
		t.Fatal(err)
	}
	req := request("r1") // 15%
	if _, err := registration.Register(req, c, nil, at.Add(campaign.EditDelay-time.Second)); err != nil {
		t.Errorf("Register before the edit applies: %v", err)
	}
	if _, err := registration.Register(req, c, nil, at.Add(campaign.EditDelay)); !errors.Is(err, registration.ErrRateTooLow) {
		t.Errorf("Register after the edit applies = %v, want ErrRateTooLow", err)
	}
}

// R1, A4: a product another shop registered is a conflict that does not
// name the other shop's registration; the shop's own is named.
func TestRegisterConflictNamesOnlyOwnRegistration(t *testing.T) {
	open := openCampaign(t)
	existing, err := registration.Register(request("r0"), open, nil, during(open))
	if err != nil {
		t.Fatal(err)
	}
	other := request("r1")
	other.Shop = "USSHOP0002"
	_, err = registration.Register(other, open, []registration.Registration{existing}, during(open))
	if !errors.Is(err, registration.ErrConflict) || strings.Contains(err.Error(), string(existing.ID)) {
		t.Errorf("another shop's conflict = %v, want ErrConflict not naming %s", err, existing.ID)
	}
	_, err = registration.Register(request("r2"), open, []registration.Registration{existing}, during(open))
	if !errors.Is(err, registration.ErrConflict) || !strings.Contains(err.Error(), string(existing.ID)) {
		t.Errorf("own conflict = %v, want ErrConflict naming %s", err, existing.ID)
	}
}
