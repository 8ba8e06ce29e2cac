package campaign

import (
	"github.com/partnerkit/partnerkit/internal/errdef"
)

// Shop code length bounds of the default format: a two-letter market prefix
// then MinShopCodeBody to MaxShopCodeBody upper-case letters or digits.
const (
	MinShopCodeBody = 6
	MaxShopCodeBody = 16
)

// ParseShopCode checks s against the default shop code format: two
// upper-case letters (a market prefix) followed by 6 to 16 upper-case ASCII
// letters or digits, such as "USABC123". It does no other work on s, so
// oversized input costs nothing.
//
// ParseShopCode returns a *FieldError for "shop_code" wrapping ErrInvalid if
// s does not have that format.
func ParseShopCode(s string) (ShopCode, error) {
	n := len(s)
	ok := n >= 2+MinShopCodeBody && n <= 2+MaxShopCodeBody && twoUpper(s[:2])
	for i := 2; ok && i < n; i++ {
		c := s[i]
		ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
	}
	if !ok {
		return "", errdef.Field("shop_code", s, ErrInvalid, "campaign: want a two-letter market prefix then 6-16 upper-case letters or digits")
	}
	return ShopCode(s), nil
}

// DefaultShopCode is the shop code check used when Policy.ShopCode is nil:
// code must have the ParseShopCode format and its prefix must be the code
// of the campaign's market m.
func DefaultShopCode(m Market, code ShopCode) error {
	if _, err := ParseShopCode(string(code)); err != nil {
		return err
	}
	if MarketCode(code[:2]) != m.Code {
		return errdef.Field("shop_code", string(code), ErrInvalid, "campaign: prefix is not the campaign's market "+string(m.Code))
	}
	return nil
}

// Policy holds a host's choices for campaign rules. Its zero value is the
// default: the shipped market table and DefaultShopCode.
type Policy struct {
	// Markets is the table campaigns' market codes are looked up in; the zero
	// table is the shipped one (Markets).
	Markets MarketTable
	// ShopCode checks one shop code of a select campaign in market m; it
	// returns nil if code is acceptable. Nil means DefaultShopCode. Its
	// errors should wrap ErrInvalid.
	ShopCode func(m Market, code ShopCode) error
}

func (p Policy) shopCode(m Market, code ShopCode) error {
	if p.ShopCode != nil {
		return p.ShopCode(m, code)
	}
	return DefaultShopCode(m, code)
}
