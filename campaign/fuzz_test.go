package campaign_test

import (
	"regexp"
	"testing"

	"github.com/partnerkit/partnerkit/campaign"
)

// C3: ParseShopCode agrees with a regular expression of the default format
// on every input, and refuses oversized input without error.
func FuzzParseShopCode(f *testing.F) {
	for _, s := range []string{"USABC123", "US12345", "USABCDEFGHIJKLMNOP", "usABC123", "", "GB\x00ABCDEF", "THสวัสดีABC"} {
		f.Add(s)
	}
	format := regexp.MustCompile(`^[A-Z]{2}[A-Z0-9]{6,16}$`)
	f.Fuzz(func(t *testing.T, s string) {
		code, err := campaign.ParseShopCode(s)
		if want := format.MatchString(s); (err == nil) != want {
			t.Fatalf("ParseShopCode(%q) = %v, regexp says valid=%v", s, err, want)
		}
		if err == nil && string(code) != s {
			t.Fatalf("ParseShopCode(%q) = %q", s, code)
		}
	})
}
