package campaign_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/partnerkit/partnerkit/campaign"
)

// DefaultShopCode is the shop code rule of select campaigns when
// Policy.ShopCode is nil (C3): the ParseShopCode format, and a prefix that
// is the campaign's market. A host with other codes sets Policy.ShopCode
// and may call DefaultShopCode for the markets it keeps.
func ExampleDefaultShopCode() {
	us, _ := campaign.Markets().Lookup("US")
	for _, code := range []campaign.ShopCode{"USGLOW001", "THGLOW001", "usglow001"} {
		err := campaign.DefaultShopCode(us, code)
		var fe *campaign.FieldError
		fmt.Println(code, err == nil, errors.As(err, &fe) && fe.Field == "shop_code", errors.Is(err, campaign.ErrInvalid))
	}
	// Output:
	// USGLOW001 true false false
	// THGLOW001 false true true
	// usglow001 false true true
}

// NewOnboarding starts an agency at the first step (C1), its time kept in
// UTC. Missing names the next step, so a host can show a checklist; a
// rejected W-9 sends the agency back to submitting it.
func ExampleNewOnboarding() {
	la, _ := time.LoadLocation("America/Los_Angeles")
	now := time.Date(2026, 2, 1, 9, 0, 0, 0, la)
	o := campaign.NewOnboarding("agency-1", now)
	fmt.Println(o.Stage, o.UpdatedAt.Format(time.RFC3339))

	next := func() {
		step, missing := o.Missing()
		fmt.Println(o.Stage, "->", step, missing)
	}
	next()
	o, _ = o.ChooseCategory(campaign.ContentManagement, now)
	o, _ = o.AddMatchUp(now)
	o, _ = o.SubmitTax(now)
	next()
	o, _ = o.RejectTax(now)
	next()
	o, _ = o.SubmitTax(now)
	o, _ = o.ApproveTax(now)
	o, _ = o.LinkBank(now)
	_, missing := o.Missing()
	fmt.Println(o.Stage, missing, o.Complete())
	// Output:
	// started 2026-02-01T17:00:00Z
	// started -> category true
	// tax_submitted -> tax_approval true
	// tax_rejected -> tax_submission true
	// onboarded false <nil>
}
