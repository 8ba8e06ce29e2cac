package campaign_test

import (
	"strings"
	"testing"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/internal/enum/enumtest"
)

// enumChecks run enumtest.Check on every campaign enum.
var enumChecks = []func(t *testing.T, s string, raw uint8){
	func(t *testing.T, s string, raw uint8) {
		enumtest.Check(t, "Status", campaign.ParseStatus, campaign.Unpublished, nil, s, raw)
	},
	func(t *testing.T, s string, raw uint8) {
		enumtest.Check(t, "Phase", campaign.ParsePhase, campaign.Ended, nil, s, raw)
	},
	func(t *testing.T, s string, raw uint8) {
		enumtest.Check(t, "SellerMode", campaign.ParseSellerMode, campaign.Select, nil, s, raw)
	},
	func(t *testing.T, s string, raw uint8) {
		enumtest.Check(t, "Channel", campaign.ParseChannel, campaign.Viber, nil, s, raw)
	},
	func(t *testing.T, s string, raw uint8) {
		enumtest.Check(t, "Region", campaign.ParseRegion, campaign.EastAsia, nil, s, raw)
	},
	func(t *testing.T, s string, raw uint8) {
		enumtest.Check(t, "Stage", campaign.ParseStage, campaign.Onboarded, nil, s, raw)
	},
	func(t *testing.T, s string, raw uint8) {
		enumtest.Check(t, "Step", campaign.ParseStep, campaign.StepBankLink, nil, s, raw)
	},
	func(t *testing.T, s string, raw uint8) {
		enumtest.Check(t, "AccountCategory", campaign.ParseAccountCategory, campaign.OtherCategory, nil, s, raw)
	},
}

// FuzzParseEnums runs every campaign enum's parser, UnmarshalText and JSON
// decoding on the same input, and checks its encodings for the value raw
// (see enumtest.Check for the properties).
func FuzzParseEnums(f *testing.F) {
	for _, s := range []string{
		"draft", "submitted", "published", "unpublished", "upcoming", "registration_open", "ongoing", "ended",
		"open", "select", "whatsapp", "line", "zalo", "viber", "north_america", "east_asia",
		"", " draft", "draft ", "DRAFT", "Draft", "draft\x00", "\x00", "\xff\xfe", "dr\xc3aft", "invalid", "status(9)",
		"0", "1", "-1", "+1", "1e3", "null", `"draft"`, strings.Repeat("a", 33), strings.Repeat("draft", 1000),
	} {
		for _, raw := range []uint8{0, 1, 3, 255} {
			f.Add(s, raw)
		}
	}
	f.Fuzz(func(t *testing.T, s string, raw uint8) {
		for _, check := range enumChecks {
			check(t, s, raw)
		}
	})
}
