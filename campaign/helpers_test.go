package campaign_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit/campaign"
)

const agency campaign.AgencyID = "agency-1"

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("LoadLocation(%q): %v", name, err)
	}
	return loc
}

// la is the US market's zone.
func la(t testing.TB) *time.Location { return mustLoc(t, "America/Los_Angeles") }

// validDetails is a valid open US campaign: registration 1-15 March 2026,
// campaign 1 March - 1 May 2026, Los Angeles time.
func validDetails(t testing.TB) campaign.Details {
	t.Helper()
	loc := la(t)
	return campaign.Details{
		Market:       "US",
		Name:         "Spring glow",
		Description:  "Skincare for spring",
		Requirements: "4.5 stars or better",
		MinRate:      1000,
		Contact:      campaign.Contact{Channel: campaign.WhatsApp, Handle: "+1 555 0100"},
		Registration: campaign.Period{
			Start: time.Date(2026, 3, 1, 9, 0, 0, 0, loc),
			End:   time.Date(2026, 3, 15, 0, 0, 0, 0, loc),
		},
		Period: campaign.Period{
			Start: time.Date(2026, 3, 1, 0, 0, 0, 0, loc),
			End:   time.Date(2026, 5, 1, 0, 0, 0, 0, loc),
		},
		Sellers: campaign.Sellers{Mode: campaign.Open},
	}
}

// t0 is a time before every fixture period, when campaigns get created.
var t0 = time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC)

// onboarded returns a's onboarding with every step done.
func onboarded(t testing.TB, a campaign.AgencyID) campaign.Onboarding {
	t.Helper()
	o := campaign.NewOnboarding(a, t0)
	var err error
	for _, step := range []func(campaign.Onboarding) (campaign.Onboarding, error){
		func(o campaign.Onboarding) (campaign.Onboarding, error) {
			return o.ChooseCategory(campaign.ContentManagement, t0)
		},
		func(o campaign.Onboarding) (campaign.Onboarding, error) { return o.AddMatchUp(t0) },
		func(o campaign.Onboarding) (campaign.Onboarding, error) { return o.SubmitTax(t0) },
		func(o campaign.Onboarding) (campaign.Onboarding, error) { return o.ApproveTax(t0) },
		func(o campaign.Onboarding) (campaign.Onboarding, error) { return o.LinkBank(t0) },
	} {
		if o, err = step(o); err != nil {
			t.Fatalf("onboarding: %v", err)
		}
	}
	return o
}

// draft returns a new draft campaign with details d.
func draft(t testing.TB, d campaign.Details) campaign.Campaign {
	t.Helper()
	c, err := campaign.New("c1", agency, onboarded(t, agency), d, campaign.Policy{}, t0)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// published returns a campaign with details d, published at t0.
func published(t testing.TB, d campaign.Details) campaign.Campaign {
	t.Helper()
	c := draft(t, d)
	c, err := c.Submit(t0)
	if err != nil {
		t.Fatalf("Submit: %v", err)
	}
	if c, err = c.Publish(t0); err != nil {
		t.Fatalf("Publish: %v", err)
	}
	return c
}

// fieldErrors flattens a joined error into its *FieldError values by field.
func fieldErrors(err error) map[string]*campaign.FieldError {
	out := map[string]*campaign.FieldError{}
	var walk func(error)
	walk = func(err error) {
		var fe *campaign.FieldError
		switch e := err.(type) {
		case nil:
		case interface{ Unwrap() []error }:
			for _, x := range e.Unwrap() {
				walk(x)
			}
		default:
			if errors.As(err, &fe) {
				out[fe.Field] = fe
			} else {
				out[fmt.Sprintf("?%T", err)] = nil
			}
		}
	}
	walk(err)
	return out
}

// codes returns n distinct well-formed US shop codes.
func codes(n int) []campaign.ShopCode {
	out := make([]campaign.ShopCode, n)
	for i := range out {
		out[i] = campaign.ShopCode(fmt.Sprintf("USSHOP%06d", i))
	}
	return out
}

// unpublished returns a campaign published at t0 and then unpublished.
func unpublished(t testing.TB, d campaign.Details) campaign.Campaign {
	t.Helper()
	c, err := published(t, d).Unpublish(t0)
	if err != nil {
		t.Fatalf("Unpublish: %v", err)
	}
	return c
}
