package commission_test

import (
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
)

// Scales come from CLDR via x/text, not a hand-written table.
func TestCurrencyScale(t *testing.T) {
	for code, want := range map[string]int32{"USD": 2, "JPY": 0, "KWD": 3, "IDR": 0, "VND": 0, "GBP": 2, "THB": 2, "usd": 2} {
		c, err := commission.ParseCurrency(code)
		if err != nil {
			t.Fatalf("ParseCurrency(%q) error = %v", code, err)
		}
		if got := c.Scale(); got != want {
			t.Errorf("ParseCurrency(%q).Scale() = %d, want %d", code, got, want)
		}
		if got := c.Code(); got != strings.ToUpper(code) {
			t.Errorf("ParseCurrency(%q).Code() = %q", code, got)
		}
	}
	for _, code := range []string{"", "US", "USDX", "ZZZ", "12$"} {
		if _, err := commission.ParseCurrency(code); !errors.Is(err, commission.ErrInvalid) {
			t.Errorf("ParseCurrency(%q) error = %v, want ErrInvalid", code, err)
		}
	}
}

func TestNewMoney(t *testing.T) {
	tests := []struct{ amount, cur, want string }{
		{"19.99", "USD", "19.99 USD"},
		{"19.9", "USD", "19.90 USD"},
		{"19.990", "USD", "19.99 USD"},
		{"5", "USD", "5.00 USD"},
		{"-5", "USD", "-5.00 USD"},
		{"0", "USD", "0.00 USD"},
		{"1500", "JPY", "1500 JPY"},
		{"1500.00", "JPY", "1500 JPY"},
		{"1.250", "KWD", "1.250 KWD"},
		{"0.001", "KWD", "0.001 KWD"},
		{"250000", "IDR", "250000 IDR"},
		{"5000", "XOF", "5000 XOF"}, // a currency whose code starts with X
		{"5.25", "XCD", "5.25 XCD"},
	}
	for _, tt := range tests {
		m, err := commission.NewMoney(tt.amount, tt.cur)
		if err != nil {
			t.Errorf("NewMoney(%q, %q) error = %v", tt.amount, tt.cur, err)
			continue
		}
		if got := m.String(); got != tt.want {
			t.Errorf("NewMoney(%q, %q) = %s, want %s", tt.amount, tt.cur, got, tt.want)
		}
	}
}

func TestNewMoneyErrors(t *testing.T) {
	tests := []struct {
		amount, cur string
		fields      []string
	}{
		{"19.999", "USD", []string{"amount"}},
		// ISO 4217 codes for no money a buyer pays.
		{"19.99", "XXX", []string{"currency"}},
		{"19.99", "xts", []string{"currency"}},
		{"1", "XAU", []string{"currency"}},
		{"1", "XDR", []string{"currency"}},
		{"1.5", "JPY", []string{"amount"}},
		{"0.0001", "KWD", []string{"amount"}},
		{"1e3", "USD", []string{"amount"}},
		{"", "USD", []string{"amount"}},
		{"1,000", "USD", []string{"amount"}},
		{" 1", "USD", []string{"amount"}},
		{"1.", "USD", []string{"amount"}},
		{".5", "USD", []string{"amount"}},
		{"--1", "USD", []string{"amount"}},
		{"NaN", "USD", []string{"amount"}},
		{strings.Repeat("1", 10<<20), "USD", []string{"amount"}},
		{"1", "XYZ", []string{"currency"}},
		{"x", "", []string{"currency", "amount"}},
	}
	for _, tt := range tests {
		_, err := commission.NewMoney(tt.amount, tt.cur)
		if !errors.Is(err, commission.ErrInvalid) {
			t.Errorf("NewMoney(%.20q, %q) error = %v, want ErrInvalid", tt.amount, tt.cur, err)
			continue
		}
		if got := errdef.Fields(err); !equalStrings(got, tt.fields) {
			t.Errorf("NewMoney(%.20q, %q) fields = %v, want %v", tt.amount, tt.cur, got, tt.fields)
		}
	}
}

func TestFieldErrorBoundsLongValues(t *testing.T) {
	_, err := commission.NewMoney(strings.Repeat("7", 10<<20), "USD")
	if n := len(err.Error()); n > 300 {
		t.Errorf("error message for a 10 MB amount is %d bytes, want a bounded message", n)
	}
}

func TestMoneyArithmetic(t *testing.T) {
	usd := func(s string) commission.Money { return mustMoney(t, s, "USD") }
	sum, err := usd("19.99").Add(usd("0.01"))
	if err != nil || !sum.Equal(usd("20")) {
		t.Errorf("19.99 + 0.01 = %v, %v; want 20.00 USD", sum, err)
	}
	diff, err := usd("1").Sub(usd("2.50"))
	if err != nil || !diff.Equal(usd("-1.5")) {
		t.Errorf("1 - 2.50 = %v, %v; want -1.50 USD", diff, err)
	}
	if c, err := usd("1").Cmp(usd("2")); err != nil || c != -1 {
		t.Errorf("Cmp(1, 2) = %d, %v; want -1", c, err)
	}
	if minor, ok := usd("19.99").Minor(); !ok || minor != 1999 {
		t.Errorf("Minor(19.99 USD) = %d, %v; want 1999, true", minor, ok)
	}
	if got := commission.FromMinor(1999, commission.MustParseCurrency("USD")); !got.Equal(usd("19.99")) {
		t.Errorf("FromMinor(1999, USD) = %v", got)
	}

	jpy := mustMoney(t, "100", "JPY")
	if _, err := usd("1").Add(jpy); !errors.Is(err, commission.ErrCurrencyMismatch) {
		t.Errorf("USD + JPY error = %v, want ErrCurrencyMismatch", err)
	}
	if _, err := usd("1").Sub(jpy); !errors.Is(err, commission.ErrCurrencyMismatch) {
		t.Errorf("USD - JPY error = %v, want ErrCurrencyMismatch", err)
	}
	if _, err := usd("1").Cmp(jpy); !errors.Is(err, commission.ErrCurrencyMismatch) {
		t.Errorf("Cmp(USD, JPY) error = %v, want ErrCurrencyMismatch", err)
	}
	if usd("100").Equal(commission.FromMinor(10000, commission.MustParseCurrency("JPY"))) {
		t.Error("100 USD Equal 100 JPY, want false")
	}
}

func mustMoney(t testing.TB, amount, cur string) commission.Money {
	t.Helper()
	m, err := commission.NewMoney(amount, cur)
	if err != nil {
		t.Fatalf("NewMoney(%q, %q): %v", amount, cur, err)
	}
	return m
}

func TestMoneyJSONRoundTrip(t *testing.T) {
	for _, m := range []commission.Money{mustMoney(t, "19.99", "USD"), mustMoney(t, "1500", "JPY"), mustMoney(t, "1.250", "KWD"), {}} {
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("json.Marshal(%v) error = %v", m, err)
		}
		var back commission.Money
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("json.Unmarshal(%s) error = %v", b, err)
		}
		if !back.Equal(m) || back.String() != m.String() {
			t.Errorf("JSON round trip of %v via %s = %v", m, b, back)
		}
	}
	var c commission.Currency
	if err := json.Unmarshal([]byte(`"ZZZ"`), &c); !errors.Is(err, commission.ErrInvalid) {
		t.Errorf("json.Unmarshal(ZZZ) error = %v, want ErrInvalid", err)
	}
}

// K1: Validate bounds an amount's size before it works on it, so a decimal
// built in code with an exponent of a billion is refused at once (rounding
// it would build a billion-digit number), while every real amount, up to
// 40 digits before the point, passes.
func TestMoneyValidateBoundsSize(t *testing.T) {
	usd := commission.MustParseCurrency("USD")
	forty := strings.Repeat("9", 40)
	for _, tc := range []struct {
		name   string
		amount decimal.Decimal
		ok     bool
	}{
		{"40 digits", decimal.RequireFromString(forty + ".99"), true},
		{"40 digits, exponent form", decimal.New(9, 39), true},
		{"zero with a big exponent", decimal.New(0, 1_000_000_000), false},
		{"41 digits", decimal.RequireFromString("1" + forty), false},
		{"exponent 1e9", decimal.New(1, 1_000_000_000), false},
		{"exponent -1e9", decimal.New(1, -1_000_000_000), false},
		{"a long coefficient", decimal.NewFromBigInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(100), nil), -90), false},
	} {
		err := commission.Money{Amount: tc.amount, Currency: usd}.Validate()
		if tc.ok != (err == nil) || (err != nil && !errors.Is(err, commission.ErrInvalid)) {
			t.Errorf("%s: Validate = %v, want ok %v (or ErrInvalid)", tc.name, err, tc.ok)
		}
	}
}

// K1: NewMoney reads every amount Validate accepts, so a valid Money's
// String parses back (an events CSV written by WriteEventsCSV is read by
// ReadEventsCSV), and refuses one digit more on either side of the point.
func TestNewMoneyReadsWhatValidateAccepts(t *testing.T) {
	forty := strings.Repeat("9", 40)
	for _, tc := range []struct {
		amount, currency string
		ok               bool
	}{
		{forty + ".99", "USD", true},
		{"-" + forty + ".99", "USD", true},
		{forty + "." + strings.Repeat("0", 40), "USD", true},
		{forty + ".999", "KWD", true},
		{"9" + forty, "USD", false},
		{"1." + strings.Repeat("0", 41), "USD", false},
	} {
		m, err := commission.NewMoney(tc.amount, tc.currency)
		if tc.ok != (err == nil) || (err != nil && !errors.Is(err, commission.ErrInvalid)) {
			t.Errorf("NewMoney(%.12s…, %s) = %v, want ok %v (or ErrInvalid)", tc.amount, tc.currency, err, tc.ok)
			continue
		}
		if err != nil {
			continue
		}
		if err := m.Validate(); err != nil {
			t.Errorf("NewMoney(%.12s…) = %v, which Validate refuses: %v", tc.amount, m, err)
		}
		back, err := commission.NewMoney(m.Amount.String(), tc.currency)
		if err != nil || !back.Amount.Equal(m.Amount) {
			t.Errorf("NewMoney(%v.String()) = %v, %v; want it back", m, back, err)
		}
	}
}

// K1: Money's JSON keeps every digit of its amount (shopspring's own
// writes 3.00 as "3"), and decodes to the same amount and exponent.
func TestMoneyJSONKeepsScale(t *testing.T) {
	for _, tc := range []struct {
		m    commission.Money
		want string
	}{
		{mustMoney(t, "3.00", "USD"), `{"Amount":"3.00","Currency":"USD"}`},
		{mustMoney(t, "1.20", "USD"), `{"Amount":"1.20","Currency":"USD"}`},
		{mustMoney(t, "2.500", "KWD"), `{"Amount":"2.500","Currency":"KWD"}`},
		{mustMoney(t, "1500", "JPY"), `{"Amount":"1500","Currency":"JPY"}`},
		{mustMoney(t, "-0.50", "USD"), `{"Amount":"-0.50","Currency":"USD"}`},
		{commission.Money{}, `{"Amount":"0","Currency":""}`},
	} {
		b, err := json.Marshal(tc.m)
		if err != nil || string(b) != tc.want {
			t.Errorf("json.Marshal(%v) = %s, %v; want %s", tc.m, b, err, tc.want)
			continue
		}
		var back commission.Money
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("json.Unmarshal(%s): %v", b, err)
		}
		if back.Amount.Exponent() != tc.m.Amount.Exponent() || !back.Equal(tc.m) {
			t.Errorf("json round trip of %s = %v (exponent %d), want exponent %d", b, back, back.Amount.Exponent(), tc.m.Amount.Exponent())
		}
	}
}
