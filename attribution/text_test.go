package attribution_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/partnerkit/partnerkit/attribution"
)

// Stored enums encode as their codes and round-trip; unknown codes are
// refused.
func TestEnumsEncodeAsCodes(t *testing.T) {
	type rec struct {
		Kind    attribution.Kind
		Status  attribution.Status
		Entry   attribution.EntryKind
		Reason  attribution.Reason
		Sample  attribution.SampleStatus
		Content attribution.ContentKind
		Diff    attribution.DiscrepancyKind
	}
	in := rec{attribution.Refunded, attribution.StatusSettled, attribution.Reversal, attribution.NotOngoing, attribution.SampleShipped, attribution.Live, attribution.AmountDiffers}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"Kind":"refunded","Status":"settled","Entry":"reversal","Reason":"not_ongoing","Sample":"shipped","Content":"live","Diff":"amount_differs"}`
	if string(b) != want {
		t.Errorf("json.Marshal = %s, want %s", b, want)
	}
	var back rec
	if err := json.Unmarshal(b, &back); err != nil || back != in {
		t.Errorf("round trip = %+v, %v; want %+v", back, err, in)
	}
	var zero rec
	if b, _ := json.Marshal(zero); json.Unmarshal(b, &back) != nil || back != zero {
		t.Errorf("zero values do not round-trip through %s", b)
	}
	if err := json.Unmarshal([]byte(`{"Sample":"lost"}`), &back); !errors.Is(err, attribution.ErrInvalid) {
		t.Errorf("unknown code error = %v, want ErrInvalid", err)
	}
}

// A Reconciliation's kinds map encodes its keys as codes too, not numbers.
func TestReconciliationKindsEncodeAsCodes(t *testing.T) {
	in := map[attribution.DiscrepancyKind]attribution.KindTotal{attribution.RateDiffers: {Count: 2}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var back map[attribution.DiscrepancyKind]attribution.KindTotal
	if err := json.Unmarshal(b, &back); err != nil || len(back) != 1 || back[attribution.RateDiffers].Count != 2 {
		t.Errorf("%s reads back as %v, %v", b, back, err)
	}
	if want := `{"rate_differs":`; len(b) < len(want) || string(b[:len(want)]) != want {
		t.Errorf("json.Marshal = %s, want keys as codes", b)
	}
}
