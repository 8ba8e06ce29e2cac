package commission

import (
	"errors"
	"strconv"
	"strings"

	"github.com/partnerkit/partnerkit/internal/errdef"
)

// Rate is a commission rate in basis points: 1250 is 12.5%. Valid rates are
// 0 through [MaxRate].
type Rate int32

// MaxRate is 100%.
const MaxRate Rate = 10000

// maxRateText bounds the input ParseRate reads, so oversized input is
// refused before any work.
const maxRateText = 16

// ParseRate parses a percentage with at most two decimal places, such as
// "12.5%", "12.34%" or "100%". Trailing zeros do not count as places
// ("12.50%" is 1250).
//
// ParseRate returns a *FieldError wrapping [ErrInvalid] if:
//   - s is not digits with an optional fraction followed by "%";
//   - s has more than two significant decimal places ("12.345%");
//   - the rate is negative or above 100%.
func ParseRate(s string) (Rate, error) {
	bad := func(reason string) (Rate, error) {
		return 0, errdef.Field("rate", s, ErrInvalid, "commission: "+reason)
	}
	if len(s) > maxRateText {
		return bad("too long")
	}
	num, ok := strings.CutSuffix(s, "%")
	if !ok {
		return bad(`want a percentage such as "12.5%"`)
	}
	if strings.HasPrefix(num, "-") {
		return bad("negative")
	}
	whole, frac, _ := strings.Cut(num, ".")
	if whole == "" || !allDigits(whole) || !allDigits(frac) || (strings.Contains(num, ".") && frac == "") {
		return bad(`want a percentage such as "12.5%"`)
	}
	frac = strings.TrimRight(frac, "0")
	if len(frac) > 2 {
		return bad("more than two decimal places")
	}
	w, err := strconv.ParseInt(whole, 10, 32)
	if err != nil || w > 100 {
		return bad("above 100%")
	}
	bp := w * 100
	if frac != "" {
		f, _ := strconv.Atoi(frac) // at most two digits, all checked above
		if len(frac) == 1 {
			f *= 10
		}
		bp += int64(f)
	}
	if bp > int64(MaxRate) {
		return bad("above 100%")
	}
	return Rate(bp), nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// String formats r as a percentage with no trailing zeros: "12.5%", "0.05%",
// "100%". For every valid rate, ParseRate(r.String()) == r.
func (r Rate) String() string {
	neg := r < 0
	v := int64(r)
	if neg {
		v = -v
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	b.WriteString(strconv.FormatInt(v/100, 10))
	if f := v % 100; f != 0 {
		b.WriteByte('.')
		if f < 10 {
			b.WriteByte('0')
		}
		if f%10 == 0 {
			f /= 10
		}
		b.WriteString(strconv.FormatInt(f, 10))
	}
	b.WriteByte('%')
	return b.String()
}

// validate is Validate with the field name of the caller's input.
func (r Rate) validate(field string) error {
	if r < 0 || r > MaxRate {
		return errdef.Field(field, r, ErrInvalid, "commission: rate outside 0%..100%")
	}
	return nil
}

// Validate returns nil if r is between 0% and 100% inclusive, and otherwise a
// *FieldError for field "rate" wrapping [ErrInvalid].
func (r Rate) Validate() error { return r.validate("rate") }

// Split is a product's commission split (K1): Total is the rate the seller
// pays, Creator the part the agency gives creators. The agency keeps the
// rest. Build one with [NewSplit]; the zero Split is valid and pays nothing.
type Split struct {
	Total, Creator Rate
}

// NewSplit returns the split of total between creator and agency.
//
// NewSplit returns every problem joined, each a *FieldError wrapping
// [ErrInvalid], if:
//   - total is outside 0%..100% (field "total");
//   - creator is outside 0%..100% (field "creator");
//   - creator is above total (field "creator").
func NewSplit(total, creator Rate) (Split, error) {
	s := Split{Total: total, Creator: creator}
	if err := s.Validate(); err != nil {
		return Split{}, err
	}
	return s, nil
}

// Validate returns nil if 0 <= Creator <= Total <= 100%, and otherwise every
// problem joined (see [NewSplit]).
func (s Split) Validate() error {
	var errs []error
	if err := s.Total.validate("total"); err != nil {
		errs = append(errs, err)
	}
	if err := s.Creator.validate("creator"); err != nil {
		errs = append(errs, err)
	} else if s.Creator > s.Total {
		errs = append(errs, errdef.Field("creator", s.Creator, ErrInvalid,
			"commission: creator rate above total rate "+s.Total.String()))
	}
	return errors.Join(errs...)
}

// Agency returns the agency's rate, Total - Creator.
func (s Split) Agency() Rate { return s.Total - s.Creator }

// String formats the split as "total 12.5% = creator 10% + agency 2.5%".
func (s Split) String() string {
	return "total " + s.Total.String() + " = creator " + s.Creator.String() + " + agency " + s.Agency().String()
}
