package campaign_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/partnerkit/partnerkit/campaign"
)

// Creating a campaign: onboarding first (C1), then details that validate
// (C2, C3); every problem is reported at once.
func ExampleNew() {
	now := time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC)
	o := campaign.NewOnboarding("agency-1", now)
	o, _ = o.ChooseCategory(campaign.ContentManagement, now)
	o, _ = o.AddMatchUp(now)
	o, _ = o.SubmitTax(now)
	_, err := o.LinkBank(now)
	fmt.Println("link bank early:", errors.Is(err, campaign.ErrOnboarding))
	o, _ = o.ApproveTax(now)
	o, _ = o.LinkBank(now)

	us, _ := campaign.Markets().Lookup("US")
	day := func(d, h int) time.Time { return time.Date(2026, 3, d, h, 0, 0, 0, us.Location) }
	d := campaign.Details{
		Market:       "US",
		Name:         "Spring glow",
		MinRate:      1000, // 10%
		Contact:      campaign.Contact{Channel: campaign.WhatsApp, Handle: "+1 555 0100"},
		Registration: campaign.Period{Start: day(1, 9), End: day(15, 0)},
		Period:       campaign.Period{Start: day(1, 0), End: day(31, 0)},
		Sellers:      campaign.Sellers{Mode: campaign.Select, ShopCodes: []campaign.ShopCode{"USSHOP0001", "bad", "USSHOP0001"}},
	}
	_, err = campaign.New("c1", "agency-1", o, d, campaign.Policy{}, now)
	var fe *campaign.FieldError
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		if errors.As(e, &fe) {
			fmt.Println("problem:", fe.Field)
		}
	}

	d.Sellers.ShopCodes = d.Sellers.ShopCodes[:1]
	c, err := campaign.New("c1", "agency-1", o, d, campaign.Policy{}, now)
	fmt.Println(c.Status, err)
	c, _ = c.Submit(now)
	c, _ = c.Publish(now)
	fmt.Println(c.Status, c.Phase(day(2, 0)))
	// Output:
	// link bank early: true
	// problem: sellers.shop_codes[1]
	// problem: sellers.shop_codes[2]
	// draft <nil>
	// published registration_open
}

// The edit lock (C5): a published campaign's edit applies 30 minutes later;
// until then reads show the old values and further edits are refused.
func ExampleCampaign_Edit() {
	now := time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC)
	o := campaign.Onboarding{Agency: "agency-1", Stage: campaign.Onboarded}
	us, _ := campaign.Markets().Lookup("US")
	day := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, us.Location) }
	c, _ := campaign.New("c1", "agency-1", o, campaign.Details{
		Market:       "US",
		Name:         "Spring glow",
		Contact:      campaign.Contact{Channel: campaign.WhatsApp, Handle: "+1 555 0100"},
		Registration: campaign.Period{Start: day(1), End: day(15)},
		Period:       campaign.Period{Start: day(1), End: day(31)},
		Sellers:      campaign.Sellers{Mode: campaign.Open},
	}, campaign.Policy{}, now)
	c, _ = c.Submit(now)
	c, _ = c.Publish(now)

	name := "Summer glow"
	c, _ = c.Edit(campaign.Patch{Name: &name}, campaign.Policy{}, now)
	fmt.Println(c.Current(now.Add(29*time.Minute + 59*time.Second)).Name)
	fmt.Println(c.Current(now.Add(30 * time.Minute)).Name)

	_, err := c.Edit(campaign.Patch{Name: &name}, campaign.Policy{}, now.Add(10*time.Minute))
	var locked *campaign.EditLockedError
	if errors.As(err, &locked) {
		fmt.Println("locked until", locked.Until.Format(time.RFC3339))
	}
	// Output:
	// Spring glow
	// Summer glow
	// locked until 2026-02-01T12:30:00Z
}
