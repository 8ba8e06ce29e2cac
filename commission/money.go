package commission

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/partnerkit/partnerkit/internal/errdef"
)

// Money is an exact amount in a currency. Amounts produced by this package
// always carry exactly the currency's scale (19.90 USD, 1500 JPY). The zero
// Money has no currency and is invalid as input.
type Money struct {
	Amount   decimal.Decimal
	Currency Currency
}

// maxMoneyText bounds the input NewMoney reads: 40 digits is far beyond any
// real amount and keeps oversized input cheap to refuse.
const maxMoneyText = 40

// NewMoney parses amount, a plain decimal such as "19.99" or "-5" (no
// exponent, no grouping), in the currency with ISO code currency.
//
// NewMoney returns every problem joined, each a *FieldError wrapping
// [ErrInvalid], if:
//   - currency is not an ISO 4217 code (field "currency");
//   - amount is not a plain decimal of at most 40 digits before the point
//     and 40 after it (field "amount");
//   - amount is finer than the currency's minor unit, such as "19.999" USD
//     or "1.5" JPY; trailing zeros are fine (field "amount").
func NewMoney(amount, currency string) (Money, error) {
	cur, cerr := ParseCurrency(currency)
	if !plainDecimal(amount) {
		aerr := errdef.Field("amount", amount, ErrInvalid, `commission: want a plain decimal such as "19.99"`)
		if cerr != nil {
			return Money{}, errors.Join(cerr, aerr)
		}
		return Money{}, aerr
	}
	if cerr != nil {
		return Money{}, cerr
	}
	d, err := decimal.NewFromString(amount)
	if err != nil { // unreachable for plain decimals; kept as a guard
		return Money{}, errdef.Field("amount", amount, ErrInvalid, "commission: "+err.Error())
	}
	m, ok := atScale(d, cur)
	if !ok {
		return Money{}, errdef.Field("amount", amount, ErrInvalid,
			fmt.Sprintf("commission: finer than the %s minor unit (%d decimal places)", cur, cur.scale))
	}
	return m, nil
}

// plainDecimal reports whether s is [-]digits[.digits] with at most
// maxMoneyText digits before the point and as many after it: what
// Validate accepts, so every valid Money's String parses back.
func plainDecimal(s string) bool {
	if len(s) == 0 || len(s) > 2*maxMoneyText+2 {
		return false
	}
	if s[0] == '-' {
		s = s[1:]
	}
	digits, dot := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			if digits++; digits > maxMoneyText {
				return false
			}
		case c == '.' && !dot && digits > 0 && i < len(s)-1:
			dot, digits = true, 0
		default:
			return false
		}
	}
	return digits > 0
}

// atScale returns d as Money at exactly cur's scale, or false if d has a
// non-zero digit below the minor unit.
func atScale(d decimal.Decimal, cur Currency) (Money, bool) {
	r := d.Round(cur.scale)
	if !r.Equal(d) {
		return Money{}, false
	}
	return Money{Amount: r, Currency: cur}, true
}

// FromMinor returns units minor units of c (FromMinor(1999, USD) is 19.99 USD).
func FromMinor(units int64, c Currency) Money {
	if units == 0 && c.scale >= 0 && int(c.scale) < len(zeros) {
		return Money{Amount: zeros[c.scale], Currency: c}
	}
	return Money{Amount: decimal.New(units, -c.scale), Currency: c}
}

// zeros are zero at scales 0 through 4, every CLDR currency's. Every zero
// Money of a scale shares one: a decimal is never modified in place (its
// methods return new values), so sharing is safe, also across goroutines,
// and spares an allocation per zero amount on the hot paths.
var zeros = [...]decimal.Decimal{decimal.New(0, 0), decimal.New(0, -1), decimal.New(0, -2), decimal.New(0, -3), decimal.New(0, -4)}

// Zero returns zero in currency c, at c's scale.
func Zero(c Currency) Money { return FromMinor(0, c) }

// Minor returns m in minor units (19.99 USD is 1999), and false if m is
// finer than its currency's minor unit or does not fit in an int64.
func (m Money) Minor() (int64, bool) {
	if m.Amount.Exponent() == -m.Currency.scale && m.Amount.NumDigits() <= 18 {
		return m.Amount.CoefficientInt64(), true // the common case: no allocation
	}
	b, ok := m.minorBig()
	if !ok || !b.IsInt64() {
		return 0, false
	}
	return b.Int64(), true
}

// minorBig returns m in minor units as a big.Int, and false if m is finer
// than its currency's minor unit.
func (m Money) minorBig() (*big.Int, bool) {
	shifted := m.Amount.Shift(m.Currency.scale)
	if !shifted.IsInteger() {
		return nil, false
	}
	return shifted.BigInt(), true
}

// validate checks m has a currency and fits its minor unit; field names it.
func (m Money) validate(field string) error {
	if m.Currency.IsZero() {
		return errdef.Field(field+".currency", m.Currency, ErrInvalid, "commission: no currency")
	}
	// Checked before anything works on the amount: a decimal built in
	// code may carry an exponent of a billion, which rounding would turn
	// into a billion-digit number.
	if n, exp := m.Amount.NumDigits(), m.Amount.Exponent(); n > 2*maxMoneyText || int64(n)+int64(exp) > maxMoneyText || int64(exp) < -maxMoneyText {
		// Named by its size: its String would be as huge as it is.
		return errdef.Field(field+".amount", strconv.Itoa(n)+" digits, exponent "+strconv.Itoa(int(exp)), ErrInvalid,
			fmt.Sprintf("commission: more than %d digits before or after the point", maxMoneyText))
	}
	if !m.Amount.Round(m.Currency.scale).Equal(m.Amount) {
		return errdef.Field(field+".amount", m.Amount.String(), ErrInvalid,
			fmt.Sprintf("commission: finer than the %s minor unit", m.Currency))
	}
	return nil
}

// Validate returns nil if m has a currency and an amount no finer than its
// minor unit, of at most 40 digits before the point, and otherwise a
// *FieldError wrapping [ErrInvalid].
func (m Money) Validate() error { return m.validate("money") }

func (m Money) sameCurrency(o Money, op string) error {
	if m.Currency != o.Currency {
		return fmt.Errorf("commission: %s %v and %v: %w", op, m, o, ErrCurrencyMismatch)
	}
	return nil
}

// Add returns m + o. It returns an error wrapping [ErrCurrencyMismatch] if
// the currencies differ.
func (m Money) Add(o Money) (Money, error) {
	if err := m.sameCurrency(o, "adding"); err != nil {
		return Money{}, err
	}
	return Money{Amount: m.Amount.Add(o.Amount), Currency: m.Currency}, nil
}

// Sub returns m - o, which may be negative. It returns an error wrapping
// [ErrCurrencyMismatch] if the currencies differ.
func (m Money) Sub(o Money) (Money, error) {
	if err := m.sameCurrency(o, "subtracting"); err != nil {
		return Money{}, err
	}
	return Money{Amount: m.Amount.Sub(o.Amount), Currency: m.Currency}, nil
}

// Cmp compares m and o: -1 if m < o, 0 if equal, +1 if m > o. It returns an
// error wrapping [ErrCurrencyMismatch] if the currencies differ.
func (m Money) Cmp(o Money) (int, error) {
	if err := m.sameCurrency(o, "comparing"); err != nil {
		return 0, err
	}
	return m.Amount.Cmp(o.Amount), nil
}

// Equal reports whether m and o have the same currency and the same value
// (19.9 and 19.90 are equal).
func (m Money) Equal(o Money) bool {
	return m.Currency == o.Currency && m.Amount.Equal(o.Amount)
}

// Sign returns -1, 0 or +1 as m is negative, zero or positive.
func (m Money) Sign() int { return m.Amount.Sign() }

// IsZero reports whether the amount is zero.
func (m Money) IsZero() bool { return m.Amount.IsZero() }

// MarshalJSON encodes m as encoding/json would encode the struct,
// {"Amount":"3.00","Currency":"USD"}, but with the amount's every digit:
// shopspring/decimal's own JSON drops trailing zeros (3.00 becomes "3"),
// so a host relaying amounts would lose their scale. Decoding the result
// gives back the same amount with the same exponent. An amount with a
// positive exponent (15e2) is written as the integer it is ("1500").
func (m Money) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 48)
	b = append(b, `{"Amount":"`...)
	if e := m.Amount.Exponent(); e < 0 {
		b = append(b, m.Amount.StringFixed(-e)...)
	} else {
		b = append(b, m.Amount.String()...)
	}
	b = append(b, `","Currency":`...)
	b = strconv.AppendQuote(b, m.Currency.Code())
	return append(b, '}'), nil
}

// String formats m at its currency's scale followed by the code: "19.99 USD",
// "1500 JPY", "1.250 KWD".
func (m Money) String() string {
	return m.Amount.StringFixed(m.Currency.scale) + " " + m.Currency.String()
}
