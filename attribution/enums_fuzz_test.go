package attribution_test

import (
	"strings"
	"testing"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/internal/enum/enumtest"
)

// enumChecks run enumtest.Check on every attribution enum, with the aliases the
// parsers document: "returned" is Refunded; "" and "any" are the zero
// ContentStatus.
var enumChecks = []func(t *testing.T, s string, raw uint8){
	func(t *testing.T, s string, raw uint8) {
		enumtest.Check(t, "Status", attribution.ParseStatus, attribution.StatusUnattributed, nil, s, raw)
	},
	func(t *testing.T, s string, raw uint8) {
		enumtest.Check(t, "Kind", attribution.ParseKind, attribution.Cancelled,
			map[string]attribution.Kind{"returned": attribution.Refunded}, s, raw)
	},
	func(t *testing.T, s string, raw uint8) {
		enumtest.Check(t, "EntryKind", attribution.ParseEntryKind, attribution.Reversal, nil, s, raw)
	},
	func(t *testing.T, s string, raw uint8) {
		enumtest.Check(t, "Reason", attribution.ParseReason, attribution.NoRate, nil, s, raw)
	},
	func(t *testing.T, s string, raw uint8) {
		enumtest.Check(t, "SampleStatus", attribution.ParseSampleStatus, attribution.SampleDelivered, nil, s, raw)
	},
	func(t *testing.T, s string, raw uint8) {
		enumtest.Check(t, "ContentKind", attribution.ParseContentKind, attribution.Live, nil, s, raw)
	},
	func(t *testing.T, s string, raw uint8) {
		enumtest.Check(t, "ContentStatus", attribution.ParseContentStatus, attribution.NoContent,
			map[string]attribution.ContentStatus{"": 0, "any": 0}, s, raw)
	},
	func(t *testing.T, s string, raw uint8) {
		enumtest.Check(t, "DiscrepancyKind", attribution.ParseDiscrepancyKind, attribution.AttributionDiffers, nil, s, raw)
	},
}

// FuzzParseEnums runs every attribution enum's parser, UnmarshalText and
// JSON decoding on the same input, and checks its encodings for the value
// raw (see enumtest.Check for the properties).
func FuzzParseEnums(f *testing.F) {
	for _, s := range []string{
		"placed", "paid", "refunded", "returned", "settled", "cancelled", "unpaid", "pending", "void", "unattributed",
		"settlement", "reversal", "no_showcase_entry", "not_approved", "not_ongoing", "no_rate", "attributed",
		"requested", "delivered", "video", "live", "posted", "no_content", "any", "in_report_only", "attribution_differs",
		"", " paid", "paid ", "PAID", "paid\x00", "\x00", "\xff\xfe", "invalid",
		"0", "1", "-1", "+1", "1e3", "null", strings.Repeat("a", 33), strings.Repeat("paid", 1200),
	} {
		for _, raw := range []uint8{0, 1, 4, 255} {
			f.Add(s, raw)
		}
	}
	f.Fuzz(func(t *testing.T, s string, raw uint8) {
		for _, check := range enumChecks {
			check(t, s, raw)
		}
	})
}
