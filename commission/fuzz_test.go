package commission_test

import (
	"errors"
	"testing"

	"github.com/partnerkit/partnerkit/commission"
)

// FuzzParseRate: no panic; every accepted rate is in range and its String
// parses back to it; every refusal is ErrInvalid.
func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"12.5%", "0%", "100%", "12.345%", "-1%", "101%", "0.01%", "1e2%", "99.99%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := commission.ParseRate(s)
		if err != nil {
			if !errors.Is(err, commission.ErrInvalid) {
				t.Fatalf("ParseRate(%q) error = %v, want ErrInvalid", s, err)
			}
			return
		}
		if r < 0 || r > commission.MaxRate {
			t.Fatalf("ParseRate(%q) = %d, out of range", s, r)
		}
		back, err := commission.ParseRate(r.String())
		if err != nil || back != r {
			t.Fatalf("ParseRate(%q) = %d; ParseRate(%q) = %d, %v", s, r, r.String(), back, err)
		}
	})
}

// FuzzNewMoney: no panic; every accepted amount is at its currency's scale
// and its String parses back to the same money.
func FuzzNewMoney(f *testing.F) {
	for _, s := range [][2]string{{"19.99", "USD"}, {"1500", "JPY"}, {"1.250", "KWD"}, {"19.999", "USD"}, {"-0", "USD"}, {"1e3", "USD"}, {"0.000", "IDR"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, amount, cur string) {
		m, err := commission.NewMoney(amount, cur)
		if err != nil {
			if !errors.Is(err, commission.ErrInvalid) {
				t.Fatalf("NewMoney(%q, %q) error = %v, want ErrInvalid", amount, cur, err)
			}
			return
		}
		if m.Amount.Exponent() != -m.Currency.Scale() {
			t.Fatalf("NewMoney(%q, %q) = %v at exponent %d, want %d", amount, cur, m, m.Amount.Exponent(), -m.Currency.Scale())
		}
		back, err := commission.NewMoney(m.Amount.String(), m.Currency.Code())
		if err != nil || !back.Equal(m) {
			t.Fatalf("NewMoney(%q, %q) = %v; round trip = %v, %v", amount, cur, m, back, err)
		}
	})
}

// FuzzCompute: for any base and rates, Compute either refuses with
// ErrInvalid or returns amounts equal to the exact oracle with creator +
// agency == total.
func FuzzCompute(f *testing.F) {
	f.Add(int64(1999), int32(1250), int32(1000), uint8(1))
	f.Add(int64(922337203685477), int32(10000), int32(5000), uint8(0))
	f.Add(int64(-1), int32(10), int32(20), uint8(2))
	f.Fuzz(func(t *testing.T, minor int64, total, creator int32, c uint8) {
		cur := commission.MustParseCurrency(propertyCurrencies[int(c)%len(propertyCurrencies)])
		base := commission.FromMinor(minor, cur)
		split := commission.Split{Total: commission.Rate(total), Creator: commission.Rate(creator)}
		line, err := commission.Compute(base, split)
		valid := minor >= 0 && creator >= 0 && creator <= total && total <= int32(commission.MaxRate)
		if !valid {
			if !errors.Is(err, commission.ErrInvalid) {
				t.Fatalf("Compute(%v, %+v) error = %v, want ErrInvalid", base, split, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("Compute(%v, %+v) error = %v", base, split, err)
		}
		checkAgainstOracle(t, base, split, line)
	})
}
