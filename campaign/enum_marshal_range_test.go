package campaign_test

import (
	"encoding/json"
	"testing"

	"github.com/partnerkit/partnerkit/campaign"
)

// An enum value outside its constants has no code: MarshalText should
// refuse it rather than write text ("status(9)") that UnmarshalText then
// refuses, so a corrupt value fails where it is written, not where it is
// read back.
func TestEnumMarshalTextRefusesOutOfRange(t *testing.T) {
	type rec struct {
		Status  campaign.Status
		Channel campaign.Channel
	}
	for _, in := range []rec{{Status: campaign.Status(9)}, {Channel: campaign.Channel(200)}} {
		b, err := json.Marshal(in)
		if err != nil {
			continue // refused at write: what we want
		}
		var back rec
		uerr := json.Unmarshal(b, &back)
		t.Errorf("json.Marshal(%+v) = %s, nil; want an error (json.Unmarshal of it = %v)", in, b, uerr)
	}
}
