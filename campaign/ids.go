package campaign

import (
	"strings"
	"unicode/utf8"

	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/internal/text"
)

// AgencyID identifies an agency (the partner that runs campaigns).
type AgencyID string

// ID identifies a campaign. New accepts 1 to MaxIDLen bytes of valid UTF-8
// with no control character and no "/": metrics key a product's figures
// by campaign + "/" + product, so a campaign "X/P" would share the figures
// of product "P" of campaign "X".
type ID string

// MaxIDLen bounds a campaign id, in bytes: the longest id a product list or
// share link can carry (productlist.MaxIDLen).
const MaxIDLen = 64

// checkID returns nil if id may name a new campaign, and otherwise a
// *FieldError for "id" wrapping ErrInvalid.
func checkID(id ID) error {
	s := string(id)
	switch {
	case s == "":
		return errdef.Field("id", s, ErrInvalid, "campaign: empty")
	case len(s) > MaxIDLen:
		return errdef.Field("id", s, ErrInvalid, "campaign: longer than 64 bytes")
	case !utf8.ValidString(s):
		return errdef.Field("id", s, ErrInvalid, "campaign: not UTF-8")
	case text.HasControl(s, ""):
		return errdef.Field("id", s, ErrInvalid, "campaign: control character")
	case strings.Contains(s, "/"):
		return errdef.Field("id", s, ErrInvalid, `campaign: holds "/"`)
	}
	return nil
}

// ShopCode identifies a seller's shop, such as "USABC123".
type ShopCode string
