package commission

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/partnerkit/partnerkit/internal/errdef"
	kernel "github.com/partnerkit/partnerkit/internal/minor"
	"github.com/shopspring/decimal"
)

// Line is the commission of one order line (K2): Base is what the buyer
// paid for the line (after discounts, before shipping and tax); Total,
// Creator and Agency are what the seller pays, the creator earns and the
// agency earns, with Creator + Agency == Total exactly.
type Line struct {
	Base, Total, Creator, Agency Money
}

// String formats the line as "base 19.99 USD: total 2.50 USD = creator 2.00 USD + agency 0.50 USD".
func (l Line) String() string {
	return fmt.Sprintf("base %v: total %v = creator %v + agency %v", l.Base, l.Total, l.Creator, l.Agency)
}

// Equal reports whether l and o hold the same four amounts, each in the
// same currency and numerically equal (1.5 equals 1.50, as in
// [Money.Equal]).
func (l Line) Equal(o Line) bool {
	return l.Base.Equal(o.Base) && l.Total.Equal(o.Total) && l.Creator.Equal(o.Creator) && l.Agency.Equal(o.Agency)
}

// Compute returns the commission of a line whose buyer paid base, split by s
// (K2): total = round(base × Total), creator = round(base × Creator), each
// rounded half to even at the currency's minor unit, and agency = total -
// creator. Creator + Agency == Total and every amount is >= 0.
//
// Compute returns every problem joined, each a *FieldError wrapping
// [ErrInvalid], if:
//   - base has no currency or is finer than its minor unit (field "base");
//   - base is negative (field "base.amount");
//   - s is not a valid split (see [NewSplit]).
func Compute(base Money, s Split) (Line, error) {
	if units, ok := base.Minor(); ok && !base.Currency.IsZero() {
		// Hot path: int64 minor units and basis points, no decimal arithmetic.
		if total, creator, agency, ok := kernel.Line(units, int64(s.Total), int64(s.Creator)); ok {
			return lineFromMinor(base, units, total, creator, agency), nil
		}
	}
	if err := validateLine(base, s); err != nil {
		return Line{}, err
	}
	return computeBig(base, s), nil
}

// lineFromMinor builds the Line of base (units minor units) with the given
// amounts in minor units, each at the currency's scale. Equal amounts share
// one decimal (they are never modified in place), sparing allocations.
func lineFromMinor(base Money, units, total, creator, agency int64) Line {
	cur := base.Currency
	if base.Amount.Exponent() != -cur.scale {
		base = FromMinor(units, cur) // normalise 19.9 to 19.90
	}
	l := Line{Base: base}
	if total == units {
		l.Total = base // a 100% rate
	} else {
		l.Total = FromMinor(total, cur)
	}
	if creator == total {
		l.Creator = l.Total
	} else {
		l.Creator = FromMinor(creator, cur)
	}
	if agency == total {
		l.Agency = l.Total
	} else {
		l.Agency = FromMinor(agency, cur)
	}
	return l
}

func validateLine(base Money, s Split) error {
	var errs []error
	if err := base.validate("base"); err != nil {
		errs = append(errs, err)
	} else if base.Sign() < 0 {
		errs = append(errs, errdef.Field("base.amount", base.Amount.String(), ErrInvalid, "commission: negative base"))
	}
	if err := s.Validate(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// computeBig is Compute for bases too large for the int64 path; it gives the
// same results with big.Int arithmetic.
func computeBig(base Money, s Split) Line {
	minor, _ := base.minorBig() // validated: integral
	total := roundRateBig(minor, s.Total)
	creator := roundRateBig(minor, s.Creator)
	cur := base.Currency
	mk := func(v *big.Int) Money { return Money{Amount: decimal.NewFromBigInt(v, -cur.scale), Currency: cur} }
	return Line{
		Base:    mk(minor),
		Total:   mk(total),
		Creator: mk(creator),
		Agency:  mk(new(big.Int).Sub(total, creator)),
	}
}

var (
	bigMaxRate     = big.NewInt(int64(MaxRate))
	bigHalfMaxRate = big.NewInt(int64(MaxRate) / 2)
)

// roundRateBig is the int64 kernel's RoundRate for a non-negative big.Int.
func roundRateBig(minor *big.Int, r Rate) *big.Int {
	n := new(big.Int).Mul(minor, big.NewInt(int64(r)))
	q, rem := new(big.Int).QuoRem(n, bigMaxRate, new(big.Int))
	if c := rem.Cmp(bigHalfMaxRate); c > 0 || (c == 0 && q.Bit(0) == 1) {
		q.Add(q, big.NewInt(1))
	}
	return q
}
