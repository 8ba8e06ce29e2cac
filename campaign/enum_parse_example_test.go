package campaign_test

import (
	"errors"
	"fmt"

	"github.com/partnerkit/partnerkit/campaign"
)

// ParseStatus reads back the code Status.String stores. Codes are lower
// case and matched exactly; anything else, "" included, returns the zero
// Status (printed "status(0)") and an error wrapping ErrInvalid.
func ExampleParseStatus() {
	s, err := campaign.ParseStatus("published")
	fmt.Println(s == campaign.Published, s, err)
	for _, in := range []string{"Published", ""} {
		s, err := campaign.ParseStatus(in)
		fmt.Printf("%q: %v %v\n", in, s, errors.Is(err, campaign.ErrInvalid))
	}
	// Output:
	// true published <nil>
	// "Published": status(0) true
	// "": status(0) true
}

// ParsePhase reads back the code Phase.String stores; multi-word codes are
// snake case.
func ExampleParsePhase() {
	p, err := campaign.ParsePhase("registration_open")
	fmt.Println(p == campaign.RegistrationOpen, p, err)
	_, err = campaign.ParsePhase("registration open")
	fmt.Println(errors.Is(err, campaign.ErrInvalid))
	// Output:
	// true registration_open <nil>
	// true
}

// ParseSellerMode reads back the code SellerMode.String stores: "open" or
// "select", matched exactly.
func ExampleParseSellerMode() {
	m, err := campaign.ParseSellerMode("select")
	fmt.Println(m == campaign.Select, m, err)
	_, err = campaign.ParseSellerMode("Select")
	fmt.Println(errors.Is(err, campaign.ErrInvalid))
	// Output:
	// true select <nil>
	// true
}

// ParseChannel reads back the code Channel.String stores. Codes are lower
// case even where the product name is not: LINE's code is "line".
func ExampleParseChannel() {
	c, err := campaign.ParseChannel("line")
	fmt.Println(c == campaign.LINE, c, err)
	_, err = campaign.ParseChannel("LINE")
	fmt.Println(errors.Is(err, campaign.ErrInvalid))
	// Output:
	// true line <nil>
	// true
}

// ParseRegion reads back the code Region.String stores; codes are lower
// snake case, not display names.
func ExampleParseRegion() {
	r, err := campaign.ParseRegion("southeast_asia")
	fmt.Println(r == campaign.SoutheastAsia, r, err)
	_, err = campaign.ParseRegion("Southeast Asia")
	fmt.Println(errors.Is(err, campaign.ErrInvalid))
	// Output:
	// true southeast_asia <nil>
	// true
}

// ParseStage reads back the code Stage.String stores; multi-word codes are
// snake case.
func ExampleParseStage() {
	s, err := campaign.ParseStage("tax_rejected")
	fmt.Println(s == campaign.TaxRejected, s, err)
	_, err = campaign.ParseStage("TaxRejected")
	fmt.Println(errors.Is(err, campaign.ErrInvalid))
	// Output:
	// true tax_rejected <nil>
	// true
}

// ParseStep reads back the code Step.String stores: the step without the
// Step prefix of its Go name.
func ExampleParseStep() {
	s, err := campaign.ParseStep("bank_link")
	fmt.Println(s == campaign.StepBankLink, s, err)
	_, err = campaign.ParseStep("step_bank_link")
	fmt.Println(errors.Is(err, campaign.ErrInvalid))
	// Output:
	// true bank_link <nil>
	// true
}

// ParseAccountCategory reads back the code AccountCategory.String stores:
// "content_management" or "other" (OtherCategory).
func ExampleParseAccountCategory() {
	for _, in := range []string{"content_management", "other", "Content Management"} {
		c, err := campaign.ParseAccountCategory(in)
		fmt.Printf("%q: %v %v\n", in, c, errors.Is(err, campaign.ErrInvalid))
	}
	// Output:
	// "content_management": content_management false
	// "other": other false
	// "Content Management": account_category(0) true
}
