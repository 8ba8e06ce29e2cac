package commission_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/partnerkit/partnerkit/commission"
)

// maxErrorLen bounds the message of any error a parser returns, whatever
// the size of its input: errdef.Shown cuts the echoed value to 64 bytes,
// which %q may quadruple (\xNN), plus the field and the reason.
const maxErrorLen = 512

// notPaidIn are the ISO 4217 codes ParseCurrency documents it refuses.
var notPaidIn = []string{"XXX", "XTS", "XAU", "XAG", "XPD", "XPT", "XDR", "XSU", "XUA", "XBA", "XBB", "XBC", "XBD"}

// FuzzParseCurrency: every accepted code is three letters whose upper case
// is the currency's Code, parses back to the same Currency in either case,
// has a scale FromMinor can represent, is none of the codes for no money,
// and round-trips through MarshalText/UnmarshalText and encoding/json.
// Every refusal is a *FieldError wrapping ErrInvalid with a bounded message,
// and UnmarshalText refuses exactly what ParseCurrency refuses ("" aside).
func FuzzParseCurrency(f *testing.F) {
	for _, s := range []string{
		"USD", "usd", "uSd", "JPY", "KWD", "IDR", "EUR", "XAF", "XOF", "XPF", "XCD", "CLF", "UYW",
		"XXX", "xts", "XAU", "XDR", "XBA",
		"", "US", "USDD", " USD", "USD ", "U D", "US\x00", "\x00\x00\x00", "\xff\xfe\xfd", "ÜSD", "ıd",
		"123", "+US", "-US", "1e3", "ZZZ", "AAA", strings.Repeat("USD", 1500),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := commission.ParseCurrency(s)
		var tc commission.Currency
		uerr := tc.UnmarshalText([]byte(s))
		if s == "" {
			if uerr != nil || !tc.IsZero() {
				t.Fatalf("UnmarshalText(%q) = %v, %v, want the zero Currency", s, tc, uerr)
			}
		} else if (err == nil) != (uerr == nil) || tc != c {
			t.Fatalf("ParseCurrency(%q) = %v, %v; UnmarshalText = %v, %v", s, c, err, tc, uerr)
		}
		if err != nil {
			checkRefusal(t, "ParseCurrency", s, err)
			if !c.IsZero() {
				t.Fatalf("ParseCurrency(%q) = %v with error %v, want the zero Currency", s, c, err)
			}
			return
		}
		code := c.Code()
		if len(s) != 3 || code != strings.ToUpper(s) || c.String() != code || c.IsZero() {
			t.Fatalf("ParseCurrency(%q) = Code %q String %q, want the upper case of the input", s, code, c.String())
		}
		for i := 0; i < len(code); i++ {
			if code[i] < 'A' || code[i] > 'Z' {
				t.Fatalf("ParseCurrency(%q) = Code %q, want three letters A-Z", s, code)
			}
		}
		for _, no := range notPaidIn {
			if code == no {
				t.Fatalf("ParseCurrency(%q) = %v, a code for no money, want ErrInvalid", s, c)
			}
		}
		for _, again := range []string{code, strings.ToLower(code)} {
			if back, err := commission.ParseCurrency(again); err != nil || back != c {
				t.Fatalf("ParseCurrency(%q) = %v; ParseCurrency(%q) = %v, %v", s, c, again, back, err)
			}
		}
		if sc := c.Scale(); sc < 0 || sc > 4 {
			t.Fatalf("ParseCurrency(%q).Scale() = %d, want 0..4", s, sc)
		}
		if z := commission.Zero(c); z.Amount.Exponent() != -c.Scale() || !z.IsZero() || z.Validate() != nil {
			t.Fatalf("Zero(%v) = %v (exponent %d), want zero at scale %d", c, z, z.Amount.Exponent(), c.Scale())
		}
		text, err := c.MarshalText()
		if err != nil || string(text) != code {
			t.Fatalf("%v.MarshalText() = %q, %v, want %q", c, text, err, code)
		}
		js, err := json.Marshal(c)
		if err != nil || !bytes.Equal(js, []byte(`"`+code+`"`)) {
			t.Fatalf("json.Marshal(%v) = %s, %v", c, js, err)
		}
		var back commission.Currency
		if err := json.Unmarshal(js, &back); err != nil || back != c {
			t.Fatalf("json.Unmarshal(%s) = %v, %v, want %v", js, back, err, c)
		}
	})
}

// checkRefusal checks that err, returned by fn for input s, wraps ErrInvalid,
// holds a *FieldError, and has a message of bounded length.
func checkRefusal(t *testing.T, fn, s string, err error) {
	t.Helper()
	if !errors.Is(err, commission.ErrInvalid) {
		t.Fatalf("%s(%q) error = %v, want ErrInvalid", fn, s, err)
	}
	var fe *commission.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("%s(%q) error = %v (%T), want a *FieldError", fn, s, err, err)
	}
	if n := len(err.Error()); n > maxErrorLen {
		t.Fatalf("%s(%d bytes) error message is %d bytes, want at most %d: %.200s…", fn, len(s), n, maxErrorLen, err.Error())
	}
}
