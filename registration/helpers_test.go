package registration_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/registration"
)

// t0 is when fixture campaigns are created and published.
var t0 = time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC)

// fixture returns a published US campaign, minimum rate 10%, registration
// 1-15 March 2026 and campaign 1 March - 1 May 2026 (Los Angeles time),
// with the given sellers.
func fixture(t testing.TB, sellers campaign.Sellers) campaign.Campaign {
	t.Helper()
	us, err := campaign.Markets().Lookup("US")
	if err != nil {
		t.Fatal(err)
	}
	loc := us.Location
	d := campaign.Details{
		Market:       "US",
		Name:         "Spring glow",
		MinRate:      1000,
		Contact:      campaign.Contact{Channel: campaign.WhatsApp, Handle: "+1 555 0100"},
		Registration: campaign.Period{Start: time.Date(2026, 3, 1, 9, 0, 0, 0, loc), End: time.Date(2026, 3, 15, 0, 0, 0, 0, loc)},
		Period:       campaign.Period{Start: time.Date(2026, 3, 1, 0, 0, 0, 0, loc), End: time.Date(2026, 5, 1, 0, 0, 0, 0, loc)},
		Sellers:      sellers,
	}
	o := campaign.Onboarding{Agency: "agency-1", Stage: campaign.Onboarded}
	c, err := campaign.New("c1", "agency-1", o, d, campaign.Policy{}, t0)
	if err != nil {
		t.Fatalf("campaign.New: %v", err)
	}
	if c, err = c.Submit(t0); err != nil {
		t.Fatal(err)
	}
	if c, err = c.Publish(t0); err != nil {
		t.Fatal(err)
	}
	return c
}

func openCampaign(t testing.TB) campaign.Campaign {
	return fixture(t, campaign.Sellers{Mode: campaign.Open})
}

// during is inside the fixture's registration period.
func during(c campaign.Campaign) time.Time { return c.Details.Registration.Start.Add(time.Hour) }

func request(id string) registration.Request {
	return registration.Request{ID: registration.ID(id), Shop: "USSHOP0001", Product: "p1", ProductTitle: "Vitamin C serum 30ml", Rate: 1500}
}

// pending registers request("r1") in an open fixture campaign.
func pending(t testing.TB) (registration.Registration, campaign.Campaign) {
	t.Helper()
	c := openCampaign(t)
	r, err := registration.Register(request("r1"), c, nil, during(c))
	if err != nil {
		t.Fatalf("Register: %v", err)
	}
	return r, c
}

// fieldNames lists the fields of the *FieldError values in a joined error,
// sorted.
func fieldNames(err error) []string {
	var names []string
	var walk func(error)
	walk = func(err error) {
		var fe *registration.FieldError
		switch e := err.(type) {
		case nil:
		case interface{ Unwrap() []error }:
			for _, x := range e.Unwrap() {
				walk(x)
			}
		default:
			if errors.As(err, &fe) {
				names = append(names, fe.Field)
			} else {
				names = append(names, fmt.Sprintf("?%T", err))
			}
		}
	}
	walk(err)
	slices.Sort(names)
	return names
}
