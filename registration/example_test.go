package registration_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/registration"
)

// A seller registers a product into a published campaign (R1); the agency
// approves it (R2), after which the rate is frozen (R3).
func ExampleRegister() {
	now := time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC)
	us, _ := campaign.Markets().Lookup("US")
	day := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, us.Location) }
	c, _ := campaign.New("c1", "agency-1", campaign.Onboarding{Agency: "agency-1", Stage: campaign.Onboarded}, campaign.Details{
		Market:       "US",
		Name:         "Spring glow",
		MinRate:      1000, // 10%
		Contact:      campaign.Contact{Channel: campaign.WhatsApp, Handle: "+1 555 0100"},
		Registration: campaign.Period{Start: day(1), End: day(15)},
		Period:       campaign.Period{Start: day(1), End: day(31)},
		Sellers:      campaign.Sellers{Mode: campaign.Open},
	}, campaign.Policy{}, now)
	c, _ = c.Submit(now)
	c, _ = c.Publish(now)

	at := day(2)
	req := registration.Request{ID: "r1", Shop: "USSHOP0001", Product: "p1", ProductTitle: "Vitamin C serum", Rate: 800}
	_, err := registration.Register(req, c, nil, at)
	fmt.Println("8% too low:", errors.Is(err, registration.ErrRateTooLow))

	req.Rate = 1500
	r, err := registration.Register(req, c, nil, at)
	fmt.Println(r.State, r.Rate, err)

	r, _ = r.Approve(at.Add(time.Hour))
	fmt.Println(r.State)
	_, err = r.ChangeRate(2000, c, at.Add(2*time.Hour))
	fmt.Println("rate frozen:", errors.Is(err, registration.ErrRateFrozen))
	// Output:
	// 8% too low: true
	// pending 15% <nil>
	// approved
	// rate frozen: true
}
