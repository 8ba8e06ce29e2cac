package campaign_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/partnerkit/partnerkit/campaign"
)

// A published campaign is toggled off and on (C4): unpublished, sellers
// no longer see it; a draft cannot be unpublished.
func ExampleCampaign_Unpublish() {
	now := time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC)
	us, _ := campaign.Markets().Lookup("US")
	day := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, us.Location) }
	c, _ := campaign.New("c1", "agency-1", campaign.Onboarding{Agency: "agency-1", Stage: campaign.Onboarded}, campaign.Details{
		Market:       "US",
		Name:         "Spring glow",
		MinRate:      1000,
		Contact:      campaign.Contact{Channel: campaign.WhatsApp, Handle: "+1 555 0100"},
		Registration: campaign.Period{Start: day(1), End: day(15)},
		Period:       campaign.Period{Start: day(1), End: day(31)},
		Sellers:      campaign.Sellers{Mode: campaign.Open},
	}, campaign.Policy{}, now)
	_, err := c.Unpublish(now)
	fmt.Println(errors.Is(err, campaign.ErrTransition))

	c, _ = c.Submit(now)
	c, _ = c.Publish(now)
	c, err = c.Unpublish(now)
	fmt.Println(c.Status, err, c.VisibleToSeller("USSHOP0001", now))
	c, _ = c.Publish(now)
	fmt.Println(c.Status, c.VisibleToSeller("USSHOP0001", now))
	// Output:
	// true
	// unpublished <nil> false
	// published true
}
