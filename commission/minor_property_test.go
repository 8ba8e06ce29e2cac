package commission_test

import (
	"errors"
	"math/big"
	"testing"

	"github.com/partnerkit/partnerkit/commission"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// genUnits draws an amount in minor units as a big.Int: small, around the
// int64 kernel's limits (10^18 digits, 2^63/10000, 2^63) and beyond int64,
// sometimes negative.
func genUnits(t *rapid.T, label string) *big.Int {
	v := rapid.OneOf(
		rapid.Custom(func(t *rapid.T) *big.Int { return big.NewInt(rapid.Int64Range(0, 100_000).Draw(t, "small")) }),
		rapid.Custom(func(t *rapid.T) *big.Int { return big.NewInt(genMinor(t, "minor")) }),
		rapid.Custom(func(t *rapid.T) *big.Int {
			edge := rapid.SampledFrom([]string{"999999999999999999", "1000000000000000000", "922337203685477", "9223372036854775807", "100000000000000000000000"}).Draw(t, "edge")
			v, _ := new(big.Int).SetString(edge, 10)
			return v.Add(v, big.NewInt(rapid.Int64Range(-3, 3).Draw(t, "off")))
		}),
	).Draw(t, label)
	if rapid.IntRange(0, 19).Draw(t, label+"Neg") == 0 {
		v.Neg(v)
	}
	return v
}

// drawUpTo draws a value in 0..n (n >= 0), biased to both ends.
func drawUpTo(t *rapid.T, n *big.Int, label string) *big.Int {
	if n.IsInt64() {
		return big.NewInt(rapid.Int64Range(0, n.Int64()).Draw(t, label))
	}
	switch rapid.IntRange(0, 3).Draw(t, label+"End") {
	case 0:
		return big.NewInt(0)
	case 1:
		return new(big.Int).Set(n)
	}
	// n × x / 2^64 for a random x.
	x := new(big.Int).SetUint64(rapid.Uint64().Draw(t, label))
	return x.Mul(x, n).Rsh(x, 64)
}

// genRepr returns units minor units of cur as Money, at the currency's
// scale or, as outside input may carry it, at another exponent with the
// same value: trailing zeros (19.990 USD) or fewer places (20 USD).
func genRepr(t *rapid.T, units *big.Int, cur commission.Currency, label string) commission.Money {
	scale := cur.Scale()
	shift := rapid.SampledFrom([]int32{0, 0, 0, 1, 2, -1, -2}).Draw(t, label+"Shift")
	coef := new(big.Int).Set(units)
	if shift >= 0 {
		coef.Mul(coef, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(shift)), nil))
	} else {
		p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-shift)), nil)
		if new(big.Int).Rem(coef, p).Sign() != 0 {
			shift = 0 // not representable with fewer places
		} else {
			coef.Quo(coef, p)
		}
	}
	return commission.Money{Amount: decimal.NewFromBigInt(coef, -scale-shift), Currency: cur}
}

// sameMoney reports whether a and b are the same value in the same currency
// with the same exponent: what a hot path must give to be invisible.
func sameMoney(a, b commission.Money) bool {
	return a.Currency == b.Currency && a.Amount.Exponent() == b.Amount.Exponent() && a.Amount.Equal(b.Amount)
}

func sameLine(a, b commission.Line) bool {
	return sameMoney(a.Base, b.Base) && sameMoney(a.Total, b.Total) && sameMoney(a.Creator, b.Creator) && sameMoney(a.Agency, b.Agency)
}

// sameOutcome fails t unless the hot path's result (got, gotErr) is the
// exact path's (want, wantErr): the same line, exponents included, or
// errors of the same kind.
func sameOutcome(t *rapid.T, what string, got commission.Line, gotErr error, want commission.Line, wantErr error) {
	t.Helper()
	if (gotErr == nil) != (wantErr == nil) {
		t.Fatalf("%s: error = %v, exact path error = %v", what, gotErr, wantErr)
	}
	if wantErr != nil {
		for _, sentinel := range []error{commission.ErrInvalid, commission.ErrCurrencyMismatch, commission.ErrRefundExceedsPaid} {
			if errors.Is(gotErr, sentinel) != errors.Is(wantErr, sentinel) {
				t.Fatalf("%s: error = %v, exact path error = %v", what, gotErr, wantErr)
			}
		}
		return
	}
	if !sameLine(got, want) {
		t.Fatalf("%s = %v (exponents %d %d %d %d), exact path %v (exponents %d %d %d %d)", what,
			got, got.Base.Amount.Exponent(), got.Total.Amount.Exponent(), got.Creator.Amount.Exponent(), got.Agency.Amount.Exponent(),
			want, want.Base.Amount.Exponent(), want.Total.Amount.Exponent(), want.Creator.Amount.Exponent(), want.Agency.Amount.Exponent())
	}
}

// genAnySplit draws mostly valid splits, sometimes invalid ones.
func genAnySplit(t *rapid.T) commission.Split {
	if rapid.IntRange(0, 9).Draw(t, "badSplit") == 0 {
		return commission.Split{
			Total:   commission.Rate(rapid.Int32Range(-2, int32(commission.MaxRate)+2).Draw(t, "badTotal")),
			Creator: commission.Rate(rapid.Int32Range(-2, int32(commission.MaxRate)+2).Draw(t, "badCreator")),
		}
	}
	return genSplit().Draw(t, "split")
}

// K2: Compute's int64 hot path gives exactly what its big.Int path gives
// (values, exponents and errors), for any representation of the base,
// values beyond int64 and odd exponents included.
func TestPropertyComputeHotPathIsExact(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cur := genCurrency().Draw(t, "cur")
		base := genRepr(t, genUnits(t, "base"), cur, "base")
		split := genAnySplit(t)
		got, gotErr := commission.Compute(base, split)
		want, wantErr := commission.ComputeExact(base, split)
		sameOutcome(t, "Compute("+base.String()+", "+split.String()+")", got, gotErr, want, wantErr)
		if gotErr == nil {
			checkAgainstOracle(t, base, split, got)
		}
	})
}

// K5: ComputeNet's int64 hot path gives exactly what its decimal path
// gives, including refunds in odd exponents, in another currency, negative
// or above the payment.
func TestPropertyComputeNetHotPathIsExact(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cur := genCurrency().Draw(t, "cur")
		paidUnits := genUnits(t, "paid")
		paid := genRepr(t, paidUnits, cur, "paid")
		var refunds []commission.Money
		left := new(big.Int).Set(paidUnits)
		for range rapid.IntRange(0, 4).Draw(t, "refunds") {
			var u *big.Int
			switch {
			case rapid.IntRange(0, 9).Draw(t, "wild") == 0 || left.Sign() <= 0:
				u = genUnits(t, "wildRefund")
			default:
				u = drawUpTo(t, left, "refund")
			}
			left.Sub(left, u)
			rc := cur
			if rapid.IntRange(0, 19).Draw(t, "otherCurrency") == 0 {
				rc = commission.MustParseCurrency("EUR")
			}
			refunds = append(refunds, genRepr(t, u, rc, "refund"))
		}
		split := genAnySplit(t)
		got, gotErr := commission.ComputeNet(paid, refunds, split)
		want, wantErr := commission.ComputeNetExact(paid, refunds, split)
		sameOutcome(t, "ComputeNet", got, gotErr, want, wantErr)
	})
}

// K5: Reversal's int64 hot path gives exactly what its decimal path gives,
// for lines of any representation, beyond int64, mixed currencies and
// owed totals above the settled one included.
func TestPropertyReversalHotPathIsExact(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cur := genCurrency().Draw(t, "cur")
		line := func(label string) commission.Line {
			var l commission.Line
			for i, p := range []*commission.Money{&l.Base, &l.Total, &l.Creator, &l.Agency} {
				c := cur
				if rapid.IntRange(0, 49).Draw(t, label+"Other") == 0 {
					c = commission.MustParseCurrency("KWD")
				}
				*p = genRepr(t, genUnits(t, label+string(rune('0'+i))), c, label)
			}
			return l
		}
		settled := line("settled")
		var owed commission.Line
		if rapid.Bool().Draw(t, "computed") {
			// The usual case: both computed from a net base, owed after a refund.
			paid := genUnits(t, "paid")
			paid.Abs(paid)
			refund := drawUpTo(t, paid, "refund")
			split := genSplit().Draw(t, "split")
			var err error
			if settled, err = commission.Compute(genRepr(t, paid, cur, "paid"), split); err != nil {
				t.Fatal(err)
			}
			if owed, err = commission.Compute(genRepr(t, new(big.Int).Sub(paid, refund), cur, "net"), split); err != nil {
				t.Fatal(err)
			}
		} else if rapid.Bool().Draw(t, "near") {
			// Near the settled line: owed totals a unit above it included.
			near := func(m commission.Money, label string) commission.Money {
				d := decimal.New(rapid.Int64Range(-2, 2).Draw(t, label), -m.Currency.Scale())
				return commission.Money{Amount: m.Amount.Add(d), Currency: m.Currency}
			}
			owed = commission.Line{Base: near(settled.Base, "dBase"), Total: near(settled.Total, "dTotal"),
				Creator: near(settled.Creator, "dCreator"), Agency: near(settled.Agency, "dAgency")}
		} else {
			owed = line("owed")
		}
		got, gotErr := commission.Reversal(settled, owed)
		want, wantErr := commission.ReversalExact(settled, owed)
		sameOutcome(t, "Reversal", got, gotErr, want, wantErr)
	})
}
