package productlist_test

import (
	"strings"
	"testing"

	"github.com/partnerkit/partnerkit/internal/enum/enumtest"
	"github.com/partnerkit/partnerkit/productlist"
)

// enumChecks run enumtest.Check on every productlist enum.
var enumChecks = []func(t *testing.T, s string, raw uint8){
	func(t *testing.T, s string, raw uint8) {
		enumtest.Check(t, "LinkKind", productlist.ParseLinkKind, productlist.LinkProduct, nil, s, raw)
	},
	func(t *testing.T, s string, raw uint8) {
		enumtest.Check(t, "KeyState", productlist.ParseKeyState, productlist.KeyRetired, nil, s, raw)
	},
	func(t *testing.T, s string, raw uint8) {
		enumtest.Check(t, "BookmarkFilter", productlist.ParseBookmarkFilter, productlist.NotBookmarked, nil, s, raw)
	},
}

// FuzzParseEnums runs every productlist enum's parser, UnmarshalText and
// JSON decoding on the same input, and checks its encodings for the value
// raw (see enumtest.Check for the properties).
func FuzzParseEnums(f *testing.F) {
	for _, s := range []string{
		"list", "product", "active", "verifying", "retired", "all", "bookmarked", "not_bookmarked",
		"", " list", "list ", "LIST", "list\x00", "\x00", "\xff\xfe", "invalid",
		"0", "1", "-1", "+1", "1e3", "null", strings.Repeat("a", 33), strings.Repeat("all", 1500),
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
