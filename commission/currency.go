package commission

import (
	"strings"

	"github.com/partnerkit/partnerkit/internal/errdef"
	"golang.org/x/text/currency"
)

// Currency is an ISO 4217 currency with its scale, the number of digits of
// its minor unit. The zero Currency is invalid; get one from
// [ParseCurrency]. Currencies are comparable with ==.
type Currency struct {
	unit  currency.Unit
	scale int32
}

// ParseCurrency returns the currency with the ISO 4217 code (upper or lower
// case). Its scale is CLDR's standard rounding for that currency.
//
// ParseCurrency returns a *FieldError wrapping [ErrInvalid] if code is not a
// recognised ISO 4217 code, or is one of the codes ISO 4217 keeps for what
// no buyer pays in: XXX (no currency), XTS (testing), the precious metals
// (XAU, XAG, XPD, XPT) and the units of account (XDR, XSU, XUA, XBA–XBD).
// The currencies whose codes start with X (XAF, XOF, XPF, XCD …) are
// currencies like any other.
func ParseCurrency(code string) (Currency, error) {
	if len(code) != 3 {
		return Currency{}, errdef.Field("currency", code, ErrInvalid, "commission: not an ISO 4217 code")
	}
	u, err := currency.ParseISO(strings.ToUpper(code))
	if err != nil {
		return Currency{}, errdef.Field("currency", code, ErrInvalid, "commission: not an ISO 4217 code")
	}
	if notPaidIn[u.String()] {
		return Currency{}, errdef.Field("currency", code, ErrInvalid, "commission: an ISO 4217 code for no currency, a test, a metal or a unit of account, not money a buyer pays")
	}
	scale, _ := currency.Standard.Rounding(u)
	return Currency{unit: u, scale: int32(scale)}, nil
}

// notPaidIn holds the ISO 4217 codes that name no money a buyer pays.
var notPaidIn = map[string]bool{
	"XXX": true, "XTS": true,
	"XAU": true, "XAG": true, "XPD": true, "XPT": true,
	"XDR": true, "XSU": true, "XUA": true, "XBA": true, "XBB": true, "XBC": true, "XBD": true,
}

// MustParseCurrency is like [ParseCurrency] but panics on error. It is meant
// for constants in tables and tests, not for outside input.
func MustParseCurrency(code string) Currency {
	c, err := ParseCurrency(code)
	if err != nil {
		panic(err)
	}
	return c
}

// Code returns the ISO 4217 code, such as "USD", or "" for the zero Currency.
func (c Currency) Code() string {
	if c.IsZero() {
		return ""
	}
	return c.unit.String()
}

// String returns the ISO 4217 code, or "???" for the zero Currency.
func (c Currency) String() string {
	if c.IsZero() {
		return "???"
	}
	return c.unit.String()
}

// Scale returns the number of decimal digits of the minor unit: 2 for USD,
// 0 for JPY, 3 for KWD.
func (c Currency) Scale() int32 { return c.scale }

// IsZero reports whether c is the zero (invalid) Currency.
func (c Currency) IsZero() bool { return c == Currency{} }

// MarshalText encodes c as its ISO code, so Money and Currency values
// round-trip through encoding/json and similar encoders.
func (c Currency) MarshalText() ([]byte, error) { return []byte(c.Code()), nil }

// UnmarshalText decodes an ISO code; empty text is the zero Currency.
func (c *Currency) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*c = Currency{}
		return nil
	}
	v, err := ParseCurrency(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}
