package productlist

import (
	"errors"
	"fmt"
	"time"

	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
)

// RateVersion is one creator rate of a list entry and the time from which
// it is in force (P6). Versions of one history are numbered 1, 2, 3 ….
type RateVersion struct {
	Version   int
	Rate      commission.Rate
	Effective time.Time
}

// RateHistory is the append-only history of a list entry's creator rate
// (P6), oldest first: versions numbered from 1 without gaps, effective times
// never decreasing. A version may be scheduled in the future.
type RateHistory []RateVersion

// NewRateHistory returns a history whose only version, 1, pays rate from
// effective on.
func NewRateHistory(rate commission.Rate, effective time.Time) RateHistory {
	return RateHistory{{Version: 1, Rate: rate, Effective: effective}}
}

// At returns the version that pays an order placed at t: the newest version
// whose effective time is not after t (P6). Because versions are never
// rewritten, asking again later gives the same answer.
//
// At returns an error wrapping [ErrNotFound] if t is before the first
// version.
func (h RateHistory) At(t time.Time) (RateVersion, error) {
	for i := len(h) - 1; i >= 0; i-- {
		if !h[i].Effective.After(t) {
			return h[i], nil
		}
	}
	return RateVersion{}, fmt.Errorf("productlist: no creator rate in force at %v: %w", t, ErrNotFound)
}

// Scheduled returns the versions that take effect after now.
func (h RateHistory) Scheduled(now time.Time) []RateVersion {
	var out []RateVersion
	for _, v := range h {
		if v.Effective.After(now) {
			out = append(out, v)
		}
	}
	return out
}

// MaxRateVersions bounds a list entry's rate history: an entry is read
// and written whole, and a creator accepting it takes its scheduled
// versions into its showcase (MaxTermsVersions).
const MaxRateVersions = 1000

// lastEffective is the latest time a rate change may take effect: the end
// of year 9999 in UTC, the last instant order events may carry.
var lastEffective = time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)

// Change returns h with a new version paying rate from effective on, and
// that version. Past versions are never changed, so orders already placed
// keep the rate they were paid.
//
// Change returns a *FieldError for "effective" wrapping [ErrInvalid] if
// effective is before now, before the newest version's effective time or
// after the end of year 9999 (UTC), and one for "rates" wrapping
// [ErrLimit] if h already has MaxRateVersions versions.
func (h RateHistory) Change(rate commission.Rate, effective, now time.Time) (RateHistory, RateVersion, error) {
	if len(h) >= MaxRateVersions {
		return h, RateVersion{}, errdef.Field("rates", len(h), ErrLimit, fmt.Sprintf("productlist: %d rate versions already", MaxRateVersions))
	}
	if effective.After(lastEffective) {
		return h, RateVersion{}, errdef.Field("effective", effective, ErrInvalid, "productlist: after the end of year 9999")
	}
	if effective.Before(now) {
		return h, RateVersion{}, errdef.Field("effective", effective, ErrInvalid, "productlist: a rate change cannot take effect in the past")
	}
	if len(h) > 0 && effective.Before(h[len(h)-1].Effective) {
		return h, RateVersion{}, errdef.Field("effective", effective, ErrInvalid, "productlist: before the newest rate version")
	}
	v := RateVersion{Version: len(h) + 1, Rate: rate, Effective: effective}
	out := make(RateHistory, len(h), len(h)+1)
	copy(out, h)
	return append(out, v), v, nil
}

// Validate returns nil if h is a well-formed history whose every rate is
// between 0 and total, and otherwise every problem joined, each a
// *FieldError for field (with the version index) wrapping [ErrInvalid].
func (h RateHistory) Validate(field string, total commission.Rate) error {
	if len(h) == 0 {
		return errdef.Field(field, "", ErrInvalid, "productlist: no creator rate")
	}
	var errs []error
	for i, v := range h {
		f := fmt.Sprintf("%s[%d]", field, i)
		if v.Version != i+1 {
			errs = append(errs, errdef.Field(f+".version", v.Version, ErrInvalid, "productlist: versions must count from 1"))
		}
		if err := checkCreatorRate(f+".rate", v.Rate, total); err != nil {
			errs = append(errs, err)
		}
		if i > 0 && v.Effective.Before(h[i-1].Effective) {
			errs = append(errs, errdef.Field(f+".effective", v.Effective, ErrInvalid, "productlist: effective times must not decrease"))
		}
	}
	return errors.Join(errs...)
}

// checkCreatorRate enforces 0 <= C <= T (K1, P2).
func checkCreatorRate(field string, c, total commission.Rate) error {
	if c < 0 || c > commission.MaxRate {
		return errdef.Field(field, c, ErrInvalid, "productlist: not a rate")
	}
	if c > total {
		return errdef.Field(field, c, ErrInvalid, "productlist: creator rate above the product's total rate")
	}
	return nil
}
