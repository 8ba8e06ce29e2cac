package commission_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/partnerkit/partnerkit/commission"
)

// jsonCurrencies cover every CLDR scale: 0 (JPY), 2 (USD), 3 (KWD), 4 (CLF).
var jsonCurrencies = []string{"JPY", "USD", "KWD", "CLF", "IDR", "EUR"}

// FuzzMoneyJSON: for any amount (coefficient and exponent) in any currency,
// MarshalJSON writes the amount as a plain decimal string with every digit
// (no exponent, as many places as the amount's negative exponent), decoding
// gives back the same currency and the same value at the same exponent (0
// for a positive one, written as the integer it is), and encoding the
// decoded Money gives the same bytes. A valid Money's String parses back
// with NewMoney to the same money.
func FuzzMoneyJSON(f *testing.F) {
	f.Add(int64(1999), int8(-2), uint8(1))
	f.Add(int64(300), int8(-2), uint8(1))
	f.Add(int64(15), int8(2), uint8(0))
	f.Add(int64(0), int8(-3), uint8(2))
	f.Add(int64(-1), int8(-4), uint8(3))
	f.Add(int64(-9223372036854775808), int8(-128), uint8(1))
	f.Add(int64(9223372036854775807), int8(127), uint8(4))
	f.Add(int64(1), int8(-40), uint8(5))
	f.Fuzz(func(t *testing.T, coef int64, exp int8, ci uint8) {
		cur := commission.MustParseCurrency(jsonCurrencies[int(ci)%len(jsonCurrencies)])
		m := commission.Money{Amount: decimal.New(coef, int32(exp)), Currency: cur}
		checkMoneyJSON(t, m)
	})
}

// FuzzMoneyUnmarshalJSON: whatever JSON decodes into a Money (encoding/json
// with Currency.UnmarshalText and decimal's own decoding) encodes back, and
// that encoding decodes to the same Money and encodes to the same bytes.
// A currency refusal is a *FieldError wrapping ErrInvalid with a bounded
// message.
func FuzzMoneyUnmarshalJSON(f *testing.F) {
	for _, s := range []string{
		`{"Amount":"3.00","Currency":"USD"}`,
		`{"Amount":"1500","Currency":"JPY"}`,
		`{"Amount":"1.250","Currency":"KWD"}`,
		`{"Amount":1.50,"Currency":"usd"}`,
		`{"Amount":"15e2","Currency":"JPY"}`,
		`{"Amount":"-0.00","Currency":"USD"}`,
		`{"Amount":"+1.5","Currency":"USD"}`,
		`{"Amount":"1e10000","Currency":"USD"}`,
		`{"Amount":"1e-10000","Currency":"USD"}`,
		`{"Amount":"1e100000","Currency":"USD"}`,
		`{"Amount":" 1.00 ","Currency":"USD"}`,
		`{"Amount":null,"Currency":null}`,
		`{"Amount":"","Currency":""}`,
		`{"Currency":"XXX"}`,
		`{"Currency":"US\u0000"}`,
		"{\"Currency\":\"\xff\xfe\xfd\"}",
		`{"Currency":"` + strings.Repeat("U", 5000) + `"}`,
		`{"Amount":"` + strings.Repeat("9", 1000) + `","Currency":"USD"}`,
		`{}`, `null`, ``, `[]`, `"USD"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var m commission.Money
		if err := json.Unmarshal(data, &m); err != nil {
			var fe *commission.FieldError
			if errors.As(err, &fe) {
				checkRefusal(t, "json.Unmarshal Money", string(data), err)
			}
			return
		}
		checkMoneyJSON(t, m)
	})
}

// checkMoneyJSON checks m's JSON encoding and its round trip.
func checkMoneyJSON(t *testing.T, m commission.Money) {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatalf("json.Marshal(%s) error = %v", m.Amount.String(), err)
	}
	var raw struct{ Amount, Currency string }
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatalf("json.Marshal(%v) = %s, not a pair of strings: %v", m.Amount, b, err)
	}
	if raw.Currency != m.Currency.Code() {
		t.Fatalf("json.Marshal(%v) = %s, Currency want %q", m.Amount, b, m.Currency.Code())
	}
	e := m.Amount.Exponent()
	wantPlaces := 0
	if e < 0 {
		wantPlaces = int(-e)
	}
	if !plainDecimalText(raw.Amount) || places(raw.Amount) != wantPlaces {
		t.Fatalf("json.Marshal(%v exponent %d) Amount = %q, want a plain decimal with %d places", m.Amount, e, raw.Amount, wantPlaces)
	}
	var back commission.Money
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("json.Unmarshal(%s) error = %v", b, err)
	}
	wantExp := min(e, 0)
	if back.Currency != m.Currency || !back.Amount.Equal(m.Amount) || back.Amount.Exponent() != wantExp {
		t.Fatalf("json.Unmarshal(%s) = %v (exponent %d), want %v at exponent %d", b, back, back.Amount.Exponent(), m.Amount, wantExp)
	}
	again, err := json.Marshal(back)
	if err != nil || !bytes.Equal(again, b) {
		t.Fatalf("json.Marshal(decoded %s) = %s, %v, want the same bytes", b, again, err)
	}
	if m.Validate() != nil {
		return
	}
	s := m.String()
	amount, code, ok := strings.Cut(s, " ")
	if !ok || code != m.Currency.Code() {
		t.Fatalf("%v.String() = %q, want amount and code", m.Amount, s)
	}
	parsed, err := commission.NewMoney(amount, code)
	if err != nil || !parsed.Equal(m) || parsed.Amount.Exponent() != -m.Currency.Scale() {
		t.Fatalf("NewMoney(%q, %q) = %v, %v, want %v at the currency's scale", amount, code, parsed, err, m.Amount)
	}
}

// plainDecimalText reports whether s is [-]digits[.digits].
func plainDecimalText(s string) bool {
	s = strings.TrimPrefix(s, "-")
	intPart, frac, dot := strings.Cut(s, ".")
	if intPart == "" || (dot && frac == "") {
		return false
	}
	return strings.Trim(intPart+frac, "0123456789") == ""
}

// places returns the number of digits after the point of a plain decimal.
func places(s string) int {
	_, frac, _ := strings.Cut(s, ".")
	return len(frac)
}
