package campaign_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/partnerkit/partnerkit/campaign"
)

// Enums are stored as their codes, and the zero value as "".
func TestEnumsEncodeAsCodes(t *testing.T) {
	type rec struct {
		Status  campaign.Status
		Channel campaign.Channel
		Phase   campaign.Phase
	}
	in := rec{Status: campaign.Published, Channel: campaign.WhatsApp}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"Status":"published","Channel":"whatsapp","Phase":""}`; string(b) != want {
		t.Errorf("json.Marshal = %s, want %s", b, want)
	}
	var back rec
	if err := json.Unmarshal(b, &back); err != nil || back != in {
		t.Errorf("round trip = %+v, %v; want %+v", back, err, in)
	}
	if err := json.Unmarshal([]byte(`{"Status":"bogus"}`), &back); !errors.Is(err, campaign.ErrInvalid) {
		t.Errorf("unknown code error = %v, want ErrInvalid", err)
	}
}
