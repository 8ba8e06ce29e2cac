package registration_test

import (
	"strings"
	"testing"

	"github.com/partnerkit/partnerkit/internal/enum/enumtest"
	"github.com/partnerkit/partnerkit/registration"
)

// enumChecks run enumtest.Check on every registration enum.
var enumChecks = []func(t *testing.T, s string, raw uint8){
	func(t *testing.T, s string, raw uint8) {
		enumtest.Check(t, "State", registration.ParseState, registration.Closed, nil, s, raw)
	},
	func(t *testing.T, s string, raw uint8) {
		enumtest.Check(t, "Reason", registration.ParseReason, registration.Other, nil, s, raw)
	},
}

// FuzzParseEnums runs every registration enum's parser, UnmarshalText and
// JSON decoding on the same input, and checks its encodings for the value
// raw (see enumtest.Check for the properties).
func FuzzParseEnums(f *testing.F) {
	for _, s := range []string{
		"pending", "approved", "rejected", "pending_close", "closed",
		"commission_too_low", "hard_to_promote", "too_expensive", "no_suitable_creator", "other",
		"", " pending", "pending ", "PENDING", "pending\x00", "\x00", "\xff\xfe", "state(9)", "reason(0)", "invalid",
		"0", "1", "-1", "+1", "1e3", "null", strings.Repeat("a", 33), strings.Repeat("closed", 800),
	} {
		for _, raw := range []uint8{0, 1, 5, 255} {
			f.Add(s, raw)
		}
	}
	f.Fuzz(func(t *testing.T, s string, raw uint8) {
		for _, check := range enumChecks {
			check(t, s, raw)
		}
	})
}
