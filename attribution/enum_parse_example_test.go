package attribution_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/partnerkit/partnerkit/attribution"
)

// ParseStatus reads back the code Status.String stores. Codes are lower
// case and matched exactly; anything else, "" included, returns the zero
// Status (whose String is "invalid") and an error wrapping ErrInvalid.
func ExampleParseStatus() {
	s, err := attribution.ParseStatus("settled")
	fmt.Println(s == attribution.StatusSettled, s, err)
	for _, in := range []string{"Settled", ""} {
		s, err := attribution.ParseStatus(in)
		fmt.Printf("%q: %v %v\n", in, s, errors.Is(err, attribution.ErrInvalid))
	}
	// Output:
	// true settled <nil>
	// "Settled": invalid true
	// "": invalid true
}

// ParseKind reads back the code Kind.String stores, and also takes
// "returned" as Refunded (a return is a refund), so that one spelling does
// not round-trip: Refunded's code is "refunded".
func ExampleParseKind() {
	for _, in := range []string{"paid", "returned", "Paid"} {
		k, err := attribution.ParseKind(in)
		fmt.Printf("%q: %v %v\n", in, k, errors.Is(err, attribution.ErrInvalid))
	}
	// Output:
	// "paid": paid false
	// "returned": refunded false
	// "Paid": invalid true
}

// ParseDiscrepancyKind reads back the code DiscrepancyKind.String stores;
// codes are snake case and matched exactly.
func ExampleParseDiscrepancyKind() {
	k, err := attribution.ParseDiscrepancyKind("amount_differs")
	fmt.Println(k == attribution.AmountDiffers, k, err)
	_, err = attribution.ParseDiscrepancyKind("amount-differs")
	fmt.Println(errors.Is(err, attribution.ErrInvalid))
	// Output:
	// true amount_differs <nil>
	// true
}

// ParseEntryKind reads back the code EntryKind.String stores; codes are
// matched exactly.
func ExampleParseEntryKind() {
	k, err := attribution.ParseEntryKind("reversal")
	fmt.Println(k == attribution.Reversal, k, err)
	_, err = attribution.ParseEntryKind("Reversal")
	fmt.Println(errors.Is(err, attribution.ErrInvalid))
	// Output:
	// true reversal <nil>
	// true
}

// ParseSampleStatus reads back the code SampleStatus.String stores: the
// bare status, without the Sample prefix of the Go name.
func ExampleParseSampleStatus() {
	s, err := attribution.ParseSampleStatus("delivered")
	fmt.Println(s == attribution.SampleDelivered, s, err)
	_, err = attribution.ParseSampleStatus("sample_delivered")
	fmt.Println(errors.Is(err, attribution.ErrInvalid))
	// Output:
	// true delivered <nil>
	// true
}

// ParseContentKind reads back the code ContentKind.String stores; codes
// are lower case and matched exactly.
func ExampleParseContentKind() {
	k, err := attribution.ParseContentKind("live")
	fmt.Println(k == attribution.Live, k, err)
	_, err = attribution.ParseContentKind("LIVE")
	fmt.Println(errors.Is(err, attribution.ErrInvalid))
	// Output:
	// true live <nil>
	// true
}

// ParseReason reads back the code Reason.String stores. The zero Reason
// prints as "attributed", but that is not a reason a line earns nothing,
// so ParseReason refuses it.
func ExampleParseReason() {
	r, err := attribution.ParseReason("not_approved")
	fmt.Println(r == attribution.NotApproved, r, err)
	var none attribution.Reason
	_, err = attribution.ParseReason(none.String())
	fmt.Println(none, errors.Is(err, attribution.ErrInvalid))
	// Output:
	// true not_approved <nil>
	// attributed true
}

// ParseContentStatus reads a product-metrics filter (A2) from text, such
// as a query parameter: "posted", "no_content", and "any" or "" for no
// filter (the zero ContentStatus); other text is invalid.
func ExampleParseContentStatus() {
	for _, s := range []string{"posted", "no_content", "", "any", "Posted"} {
		st, err := attribution.ParseContentStatus(s)
		fmt.Printf("%q: %v, invalid %v\n", s, st, errors.Is(err, attribution.ErrInvalid))
	}
	b, _ := json.Marshal(struct{ Content attribution.ContentStatus }{attribution.NoContent})
	fmt.Println(string(b))
	// Output:
	// "posted": posted, invalid false
	// "no_content": no_content, invalid false
	// "": any, invalid false
	// "any": any, invalid false
	// "Posted": any, invalid true
	// {"Content":"no_content"}
}
