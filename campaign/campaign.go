package campaign

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/internal/text"
)

// EditDelay is how long an edit of a published campaign waits before it
// applies (C5). It is measured in absolute time, so DST changes in the
// market's zone do not shorten or lengthen it.
const EditDelay = 30 * time.Minute

// Campaign is an agency's campaign. It is a plain value: every field is
// exported, times are UTC, and a storage layer persists and reloads it
// exactly. Functions here never change a Campaign in place; they return a
// new one. Its Details always pass Validate under the policy it was made with.
type Campaign struct {
	ID     ID
	Agency AgencyID
	Status Status
	// Details are the values in force until Pending applies. Read them
	// through Current, which knows about Pending.
	Details Details
	// Pending is an edit of a published campaign waiting to apply, or nil.
	Pending *PendingEdit
	// Earlier are the details in force before each applied edit, oldest
	// first, each until the edit applied; see DetailsAt.
	Earlier []Version
	// CreatedAt and UpdatedAt are when the campaign was created and when
	// its status or details last changed (an edit of a published campaign
	// when it applies; Pending.RequestedAt says when it was asked for);
	// PublishedAt is when it was first published (zero if never).
	CreatedAt, UpdatedAt, PublishedAt time.Time
}

// PendingEdit is an edit of a published campaign that applies at AppliesAt
// (C5).
type PendingEdit struct {
	// Details are the values in force from AppliesAt on.
	Details Details
	// RequestedAt is when the edit was made; AppliesAt is RequestedAt plus
	// EditDelay, in UTC. Editing reopens at AppliesAt.
	RequestedAt, AppliesAt time.Time
}

// New returns a draft campaign of agency with details d (C1, C2, C3, C4).
//
// New returns an error if:
//   - onboarding is not complete (an *OnboardingError naming the missing
//     step) or belongs to another agency (ErrForbidden);
//   - id is not a valid ID: empty, longer than MaxIDLen bytes, not UTF-8,
//     or holding a control character or "/" (a *FieldError for "id"
//     wrapping ErrInvalid);
//   - agency is empty (a *FieldError wrapping ErrInvalid);
//   - d is not valid (every problem, as Validate reports them).
func New(id ID, agency AgencyID, onboarding Onboarding, d Details, p Policy, now time.Time) (Campaign, error) {
	if onboarding.Agency != agency {
		return Campaign{}, errdef.Field("agency", string(agency), ErrForbidden, "campaign: onboarding is another agency's")
	}
	if err := onboarding.Complete(); err != nil {
		return Campaign{}, err
	}
	var errs []error
	if err := checkID(id); err != nil {
		errs = append(errs, err)
	}
	if agency == "" {
		errs = append(errs, errdef.Field("agency", "", ErrInvalid, "campaign: empty"))
	}
	if err := Validate(d, p); err != nil {
		errs = append(errs, err.(interface{ Unwrap() []error }).Unwrap()...) // flat: one list of problems
	}
	if err := errors.Join(errs...); err != nil {
		return Campaign{}, err
	}
	now = now.UTC()
	return Campaign{ID: id, Agency: agency, Status: Draft, Details: d.clone(), CreatedAt: now, UpdatedAt: now}, nil
}

// Current returns the details in force at now: the pending edit's once
// now >= its AppliesAt, the previous ones before (C5). The result shares
// nothing with c.
func (c Campaign) Current(now time.Time) Details {
	if c.Pending != nil && !now.Before(c.Pending.AppliesAt) {
		return c.Pending.Details.clone()
	}
	return c.Details.clone()
}

// ForSeller returns what the seller with shop code shop may see of c: its
// details in force at now, without an edit not yet applied (C5: until it
// applies, reads show the old values), without the history of earlier
// details, and, for a select campaign, without the other shops' codes
// (ShopCodes holds shop if it is listed, and nothing otherwise).
func (c Campaign) ForSeller(shop ShopCode, now time.Time) Campaign {
	c, _ = c.ApplyPending(now)
	out := Campaign{ID: c.ID, Agency: c.Agency, Status: c.Status, Details: c.Details.clone(),
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, PublishedAt: c.PublishedAt}
	if out.Details.Sellers.Mode == Select {
		var codes []ShopCode
		if slices.Contains(c.Details.Sellers.ShopCodes, shop) {
			codes = []ShopCode{shop}
		}
		out.Details.Sellers.ShopCodes = codes
	}
	return out
}

// ApplyPending folds a pending edit that is due at now into Details, and
// reports whether it did. Current gives the same answer before and after; a
// storage layer calls it to record (and announce) the applied edit.
func (c Campaign) ApplyPending(now time.Time) (Campaign, bool) {
	if c.Pending == nil || now.Before(c.Pending.AppliesAt) {
		return c, false
	}
	c.Earlier = append(slices.Clip(c.Earlier), Version{Details: c.Details.clone(), Until: c.Pending.AppliesAt})
	c.Details = c.Pending.Details.clone()
	c.UpdatedAt = c.Pending.AppliesAt
	c.Pending = nil
	return c, true
}

// Version is a campaign's details as they were in force until Until.
type Version struct {
	Details Details
	Until   time.Time
}

// DetailsAt returns the details that were in force at t, past or present:
// those of an applied edit's predecessor before the edit applied, the
// pending edit's once it is due (P6: an order placed at t is judged by the
// campaign as it was at t, whenever its events arrive). For t at or after
// the last applied edit it is Current(t). The result shares nothing with c.
func (c Campaign) DetailsAt(t time.Time) Details {
	for _, v := range c.Earlier {
		if t.Before(v.Until) {
			return v.Details.clone()
		}
	}
	return c.Current(t)
}

// Patch is an edit: each non-nil field replaces that field of the details;
// nil fields stay as they are. The market cannot be edited.
type Patch struct {
	Name, Description, Requirements *string
	MinRate                         *commission.Rate
	Contact                         *Contact
	Registration, Period            *Period
	Sellers                         *Sellers
}

// Apply returns d with the patch's fields replaced.
func (p Patch) Apply(d Details) Details {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&d.Name, p.Name)
	set(&d.Description, p.Description)
	set(&d.Requirements, p.Requirements)
	if p.MinRate != nil {
		d.MinRate = *p.MinRate
	}
	if p.Contact != nil {
		d.Contact = *p.Contact
	}
	if p.Registration != nil {
		d.Registration = *p.Registration
	}
	if p.Period != nil {
		d.Period = *p.Period
	}
	if p.Sellers != nil {
		d.Sellers = *p.Sellers
	}
	return d.clone()
}

// Edit applies patch to the details in force at now. A draft, submitted or
// never-published campaign changes at once. A campaign that has been
// published (Published or Unpublished, so unpublishing cannot dodge the
// delay) gets a PendingEdit that applies at now + EditDelay; until then
// Current returns the old details (C5). An edit that changes nothing
// returns c as it is.
//
// Edit returns an error if:
//   - an edit is pending at now: an *EditLockedError (errors.Is
//     ErrEditLocked) carrying when editing reopens;
//   - the edited details are not valid (every problem, as Validate reports
//     them);
//   - the campaign has been published and would end before the edit
//     applies: it has ended, or ends within EditDelay, or the edit moves
//     its end to before the edit applies. Its approved collaborations
//     close at its end (R2) and must not reopen. This is a *FieldError for
//     "period.end" wrapping ErrForbidden (ErrEnded when it has ended).
func (c Campaign) Edit(patch Patch, p Policy, now time.Time) (Campaign, error) {
	if c.Pending != nil && now.Before(c.Pending.AppliesAt) {
		return Campaign{}, &EditLockedError{Until: c.Pending.AppliesAt}
	}
	c, _ = c.ApplyPending(now)
	if end := c.Details.Period.End; !c.PublishedAt.IsZero() && !now.Before(end) {
		return Campaign{}, errdef.Field("period.end", end.UTC(), ErrEnded, "campaign: it can no longer be edited")
	}
	next := patch.Apply(c.Details)
	if err := Validate(next, p); err != nil {
		return Campaign{}, err
	}
	if next.equal(c.Details) {
		return c, nil
	}
	now = now.UTC()
	if c.PublishedAt.IsZero() {
		c.UpdatedAt = now
		c.Details = next
		return c, nil
	}
	applies := now.Add(EditDelay)
	for _, end := range []time.Time{c.Details.Period.End, next.Period.End} {
		if !applies.Before(end) {
			return Campaign{}, errdef.Field("period.end", end.UTC(), ErrForbidden,
				fmt.Sprintf("campaign: an edit now applies at %s, when the campaign has ended", applies.Format(time.RFC3339Nano)))
		}
	}
	// UpdatedAt moves when the edit applies (ApplyPending), not now: a
	// seller's view would otherwise show that an edit is waiting.
	c.Pending = &PendingEdit{Details: next, RequestedAt: now, AppliesAt: applies}
	return c, nil
}

// transition moves c from one of the statuses in from to status to.
func (c Campaign) transition(to Status, now time.Time, from ...Status) (Campaign, error) {
	for _, f := range from {
		if c.Status == f {
			now = now.UTC()
			c.Status, c.UpdatedAt = to, now
			if to == Published && c.PublishedAt.IsZero() {
				c.PublishedAt = now
			}
			return c, nil
		}
	}
	return Campaign{}, &TransitionError{From: c.Status, To: to}
}

// Submit moves a draft to Submitted (C4). Any other status is a
// *TransitionError.
func (c Campaign) Submit(now time.Time) (Campaign, error) {
	return c.transition(Submitted, now, Draft)
}

// Publish moves a submitted or unpublished campaign to Published (C4).
// Any other status is a *TransitionError.
func (c Campaign) Publish(now time.Time) (Campaign, error) {
	return c.transition(Published, now, Submitted, Unpublished)
}

// Unpublish moves a published campaign to Unpublished, hiding it from
// sellers (C4). Any other status is a *TransitionError.
func (c Campaign) Unpublish(now time.Time) (Campaign, error) {
	return c.transition(Unpublished, now, Published)
}

// Phase returns where the campaign is in time at now, from the details in
// force (C4): Upcoming before registration starts, RegistrationOpen while
// registration runs, Ongoing after it until the campaign ends, then Ended.
// Starts are inclusive and ends exclusive. Registration and campaign start
// on the same date but not always at the same time: between a
// registration that has ended and a campaign that has not started yet,
// the phase is Upcoming, as orders placed then are not attributed
// (attribution.NotOngoing).
func (c Campaign) Phase(now time.Time) Phase {
	d := c.Current(now)
	switch {
	case now.Before(d.Registration.Start):
		return Upcoming
	case now.Before(d.Registration.End):
		return RegistrationOpen
	case now.Before(d.Period.Start):
		return Upcoming
	case now.Before(d.Period.End):
		return Ongoing
	}
	return Ended
}

// VisibleToSeller reports whether a seller with shop may see c at now: only
// published campaigns it is eligible for (open, or listing shop) (C4).
func (c Campaign) VisibleToSeller(shop ShopCode, now time.Time) bool {
	return c.Status == Published && c.Current(now).Sellers.Eligible(shop)
}

// Filter selects campaigns for a seller's list and search (C4). The zero
// value of each field matches everything.
type Filter struct {
	Market MarketCode
	Phase  Phase
	// MaxMinRate, if not nil, keeps campaigns whose minimum rate is at most
	// this rate: the ones a seller paying it may join.
	MaxMinRate *commission.Rate
	Sellers    SellerMode
	// Text keeps campaigns whose name or description contains it, ignoring
	// case and how accents are typed (precomposed or combining).
	Text string
}

// Match reports whether c is visible to a seller with shop at now and
// matches every set field of f.
func (f Filter) Match(c Campaign, shop ShopCode, now time.Time) bool {
	if !c.VisibleToSeller(shop, now) {
		return false
	}
	d := c.Current(now)
	switch {
	case f.Market != "" && d.Market != f.Market,
		f.Phase != 0 && c.Phase(now) != f.Phase,
		f.MaxMinRate != nil && d.MinRate > *f.MaxMinRate,
		f.Sellers != 0 && d.Sellers.Mode != f.Sellers:
		return false
	}
	if f.Text == "" {
		return true
	}
	q := text.Fold(f.Text)
	return strings.Contains(text.Fold(d.Name), q) || strings.Contains(text.Fold(d.Description), q)
}

// VisibleToAgency reports whether agency owns, and so may see, c.
func (c Campaign) VisibleToAgency(agency AgencyID) bool { return c.Agency == agency }
