package campaign

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/internal/text"
)

// Limits of a campaign's fields (C2, C3). Text lengths count characters
// (Unicode code points once normalised to NFC, so a letter typed with
// combining accents counts once), not bytes.
const (
	MaxNameLen         = 50
	MaxDescriptionLen  = 1000
	MaxRequirementsLen = 1000
	MaxHandleLen       = 100
	// MaxPeriodDays bounds the campaign period: it ends no later than the
	// same wall-clock time MaxPeriodDays calendar days after it starts, in
	// the market's zone.
	MaxPeriodDays = 360
	// MaxShopCodes bounds the shop codes of a select campaign; one more is
	// ErrLimit.
	MaxShopCodes = 100
)

// Contact is how sellers reach the agency about a campaign.
type Contact struct {
	Channel Channel
	Handle  string
}

// Period is a span of time from Start (inclusive) to End (exclusive).
// Campaigns store both instants in UTC; calendar dates are read in the
// market's zone.
type Period struct {
	Start, End time.Time
}

// Contains reports whether Start <= t < End.
func (p Period) Contains(t time.Time) bool { return !t.Before(p.Start) && t.Before(p.End) }

// Sellers says which shops may register (C3). ShopCodes is nil for Open and
// holds 1 to MaxShopCodes distinct codes for Select.
type Sellers struct {
	Mode      SellerMode
	ShopCodes []ShopCode
}

// Eligible reports whether shop may register: the campaign is open, or shop
// is listed.
func (s Sellers) Eligible(shop ShopCode) bool {
	return s.Mode == Open || (s.Mode == Select && slices.Contains(s.ShopCodes, shop))
}

// Details are the fields of a campaign an agency sets and edits (C2, C3).
type Details struct {
	Market       MarketCode
	Name         string
	Description  string
	Requirements string
	// MinRate is the lowest total commission rate a seller may register with.
	MinRate commission.Rate
	Contact Contact
	// Registration is when sellers may register products.
	Registration Period
	// Period is when the campaign runs.
	Period  Period
	Sellers Sellers
}

// clone returns d with its own copy of the shop codes, in the stored shape:
// times in UTC, and nil shop codes when there are none.
func (d Details) clone() Details {
	d.Sellers.ShopCodes = slices.Clip(slices.Clone(d.Sellers.ShopCodes))
	if len(d.Sellers.ShopCodes) == 0 {
		d.Sellers.ShopCodes = nil
	}
	d.Registration = Period{d.Registration.Start.UTC(), d.Registration.End.UTC()}
	d.Period = Period{d.Period.Start.UTC(), d.Period.End.UTC()}
	return d
}

func (d Details) equal(o Details) bool {
	return d.Market == o.Market && d.Name == o.Name && d.Description == o.Description &&
		d.Requirements == o.Requirements && d.MinRate == o.MinRate && d.Contact == o.Contact &&
		d.Registration.Start.Equal(o.Registration.Start) && d.Registration.End.Equal(o.Registration.End) &&
		d.Period.Start.Equal(o.Period.Start) && d.Period.End.Equal(o.Period.End) &&
		d.Sellers.Mode == o.Sellers.Mode && slices.Equal(d.Sellers.ShopCodes, o.Sellers.ShopCodes)
}

// Validate checks every field of d against C2 and C3, with the markets and
// shop code check of p.
//
// Validate returns every problem at once, joined with errors.Join, each a
// *FieldError naming its field:
//   - "market": not in p's table (ErrInvalid, and ErrNotFound as
//     MarketTable.Lookup says);
//   - "name": blank, not UTF-8, holding a control character, or longer
//     than MaxNameLen (ErrInvalid);
//   - "description", "requirements": not UTF-8, holding a control
//     character other than line breaks and tabs, or too long (ErrInvalid);
//   - "min_rate": outside 0%..100% (ErrInvalid);
//   - "contact.channel": unknown or not used in the market (ErrInvalid);
//   - "contact.handle": blank, not UTF-8, holding a control character, or
//     too long (ErrInvalid);
//   - "registration.start", "period.start": missing; or the two are not the
//     same calendar date in the market's zone (ErrInvalid);
//   - any of the four times outside the years 1 to 9999 in UTC
//     (ErrInvalid);
//   - "registration.end", "period.end": not after the start; registration
//     ending after the campaign; the campaign longer than MaxPeriodDays
//     (ErrInvalid);
//   - "sellers.mode": neither Open nor Select (ErrInvalid);
//   - "sellers.shop_codes": codes on an open campaign, none on a select one
//     (ErrInvalid), or more than MaxShopCodes (ErrLimit; the codes are then
//     not checked one by one);
//   - "sellers.shop_codes[i]": malformed per p.ShopCode, or a duplicate of
//     an earlier code (ErrInvalid).
func Validate(d Details, p Policy) error {
	_, err := validate(d, p)
	return err
}

func validate(d Details, p Policy) (Market, error) {
	var errs []error
	bad := func(field string, value any, sentinel error, reason string) {
		errs = append(errs, errdef.Field(field, value, sentinel, "campaign: "+reason))
	}
	m, err := p.Markets.Lookup(d.Market)
	known := err == nil
	if !known {
		// Bad input to the caller (ErrInvalid), and the lookup's answer.
		errs = append(errs, errdef.Field("market", string(d.Market), fmt.Errorf("%w: %w", ErrInvalid, ErrNotFound), "campaign: unknown market"))
	}

	// allowed is the control characters the field may hold: line breaks
	// and tabs in prose, none in a name or handle.
	checkText := func(field, s string, lo, hi int, allowed string) {
		switch {
		case len(s) > hi*text.MaxCharBytes: // too long however it is spelled; do not scan it
			bad(field, s, ErrInvalid, fmt.Sprintf("longer than %d characters", hi))
		case !utf8.ValidString(s):
			bad(field, s, ErrInvalid, "not valid UTF-8")
		case text.HasControl(s, allowed):
			bad(field, s, ErrInvalid, "holds a control character")
		case lo > 0 && strings.TrimSpace(s) == "":
			bad(field, s, ErrInvalid, "blank")
		case text.Len(s) > hi:
			bad(field, s, ErrInvalid, fmt.Sprintf("longer than %d characters", hi))
		}
	}
	const prose = "\n\r\t"
	checkText("name", d.Name, 1, MaxNameLen, "")
	checkText("description", d.Description, 0, MaxDescriptionLen, prose)
	checkText("requirements", d.Requirements, 0, MaxRequirementsLen, prose)
	if d.MinRate < 0 || d.MinRate > commission.MaxRate {
		bad("min_rate", d.MinRate, ErrInvalid, "outside 0%..100%")
	}

	switch ch := d.Contact.Channel; {
	case ch < WhatsApp || ch > Viber:
		bad("contact.channel", ch, ErrInvalid, "unknown channel")
	case known && !m.Uses(ch):
		bad("contact.channel", ch.String(), ErrInvalid, "not used in market "+string(m.Code))
	}
	checkText("contact.handle", d.Contact.Handle, 1, MaxHandleLen, "")

	errs = append(errs, validatePeriods(d.Registration, d.Period, m, known)...)
	errs = append(errs, validateSellers(d.Sellers, m, known, p)...)
	return m, errors.Join(errs...)
}

func validatePeriods(reg, run Period, m Market, known bool) []error {
	var errs []error
	bad := func(field string, value time.Time, reason string) {
		errs = append(errs, errdef.Field(field, value, ErrInvalid, "campaign: "+reason))
	}
	// unusable: a time is missing or out of range, so the checks that
	// compare them would only add noise.
	unusable := false
	for _, f := range []struct {
		name string
		t    time.Time
	}{{"registration.start", reg.Start}, {"registration.end", reg.End}, {"period.start", run.Start}, {"period.end", run.End}} {
		if f.t.IsZero() {
			bad(f.name, f.t, "missing")
			unusable = true
		} else if y := f.t.UTC().Year(); y < 1 || y > 9999 {
			// What RFC 3339 holds, and so every backend's stored form;
			// order events are bounded alike.
			bad(f.name, f.t, "outside the years 1 to 9999 in UTC")
			unusable = true
		}
	}
	if unusable {
		return errs
	}
	if !reg.End.After(reg.Start) {
		bad("registration.end", reg.End, "not after registration.start")
	}
	if !run.End.After(run.Start) {
		bad("period.end", run.End, "not after period.start")
	}
	if reg.End.After(run.End) {
		bad("registration.end", reg.End, "after period.end")
	}
	if !known {
		return errs // dates and lengths are read in the market's zone
	}
	ry, rm, rd := reg.Start.In(m.Location).Date()
	py, pm, pd := run.Start.In(m.Location).Date()
	if ry != py || rm != pm || rd != pd {
		bad("registration.start", reg.Start, "not the same date as period.start in "+m.Location.String())
	}
	if run.End.After(run.Start.In(m.Location).AddDate(0, 0, MaxPeriodDays)) {
		bad("period.end", run.End, fmt.Sprintf("campaign longer than %d days", MaxPeriodDays))
	}
	return errs
}

func validateSellers(s Sellers, m Market, known bool, p Policy) []error {
	const field = "sellers.shop_codes"
	n := len(s.ShopCodes)
	switch s.Mode {
	case Open:
		if n > 0 {
			return []error{errdef.Field(field, n, ErrInvalid, "campaign: an open campaign lists no shop codes")}
		}
		return nil
	case Select:
	default:
		return []error{errdef.Field("sellers.mode", s.Mode, ErrInvalid, "campaign: want open or select")}
	}
	switch {
	case n == 0:
		return []error{errdef.Field(field, n, ErrInvalid, "campaign: a select campaign lists at least one shop code")}
	case n > MaxShopCodes:
		return []error{errdef.Field(field, n, ErrLimit, fmt.Sprintf("campaign: more than %d shop codes", MaxShopCodes))}
	}
	var errs []error
	seen := make(map[ShopCode]int, n)
	for i, code := range s.ShopCodes {
		name := fmt.Sprintf("%s[%d]", field, i)
		if first, dup := seen[code]; dup {
			errs = append(errs, errdef.Field(name, string(code), ErrInvalid, fmt.Sprintf("campaign: duplicate of %s[%d]", field, first)))
			continue
		}
		seen[code] = i
		if !known {
			continue
		}
		if err := p.shopCode(m, code); err != nil {
			var fe *FieldError
			if errors.As(err, &fe) {
				err = fe.Err
			}
			errs = append(errs, &FieldError{Field: name, Value: string(code), Err: err})
		}
	}
	return errs
}
