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
	}
	in := rec{attribution.Refunded, attribution.StatusSettled, attribution.Reversal, attribution.NotOngoing, attribution.SampleShipped, attribution.Live}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"Kind":"refunded","Status":"settled","Entry":"reversal","Reason":"not_ongoing","Sample":"shipped","Content":"live"}`
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
