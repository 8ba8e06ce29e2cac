package campaign_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/partnerkit/partnerkit/campaign"
)

// ParseShopCode checks the default shop code format of select campaigns
// (C3): a two-letter market prefix, then 6 to 16 upper-case letters or
// digits. A bad code is a *FieldError for "shop_code" wrapping ErrInvalid.
func ExampleParseShopCode() {
	code, err := campaign.ParseShopCode("USGLOW001")
	fmt.Println(code, err)
	for _, s := range []string{"usglow001", "US12", "USGLOW-001"} {
		_, err := campaign.ParseShopCode(s)
		var fe *campaign.FieldError
		fmt.Println(s, errors.As(err, &fe) && fe.Field == "shop_code", errors.Is(err, campaign.ErrInvalid))
	}
	// Output:
	// USGLOW001 <nil>
	// usglow001 true true
	// US12 true true
	// USGLOW-001 true true
}

// Validate reports every problem of a draft at once (C2, C3): the
// *FieldErrors are joined, so a form can mark each field.
func ExampleValidate() {
	us, _ := campaign.Markets().Lookup("US")
	day := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, us.Location) }
	d := campaign.Details{
		Market:  "US",
		Name:    "   ", // blank
		MinRate: 1000,  // 10%
		// LINE is a TH channel, not one the US uses.
		Contact:      campaign.Contact{Channel: campaign.LINE, Handle: "@glowshop"},
		Registration: campaign.Period{Start: day(1), End: day(31)},
		Period:       campaign.Period{Start: day(1), End: day(20)}, // before registration ends
		Sellers:      campaign.Sellers{Mode: campaign.Select, ShopCodes: []campaign.ShopCode{"USGLOW001", "glow"}},
	}
	err := campaign.Validate(d, campaign.Policy{})
	fmt.Println("invalid:", errors.Is(err, campaign.ErrInvalid))
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var fe *campaign.FieldError
		if errors.As(e, &fe) {
			fmt.Println("field:", fe.Field)
		}
	}

	d.Name = "Spring glow"
	d.Contact.Channel = campaign.WhatsApp
	d.Registration.End = day(15)
	d.Sellers.ShopCodes = d.Sellers.ShopCodes[:1]
	fmt.Println("fixed:", campaign.Validate(d, campaign.Policy{}))
	// Output:
	// invalid: true
	// field: name
	// field: contact.channel
	// field: registration.end
	// field: sellers.shop_codes[1]
	// fixed: <nil>
}
