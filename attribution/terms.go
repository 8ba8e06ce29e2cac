package attribution

import (
	"errors"
	"time"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
)

// Terms are what an attributed order line earns under: the campaign,
// registration, list entry and rate version in force on the creator's
// showcase entry when the order was placed (P6). The caller resolves them;
// this package never looks anything up. Terms are comparable with ==.
type Terms struct {
	Campaign     campaign.ID
	Agency       campaign.AgencyID // the campaign's agency; it earns Split.Agency() (K3)
	Shop         campaign.ShopCode
	Registration registration.ID
	Product      registration.ProductID
	List         productlist.ListID
	Entry        EntryID
	Creator      productlist.CreatorID
	// CreatorAgency is the agency managing the creator when it is not the
	// campaign's (K4), or empty. It changes nothing in the campaign's money:
	// the creator still earns Split.Creator and Agency still earns the rest.
	CreatorAgency campaign.AgencyID
	// RateVersion is the version of the creator rate that was in force (P6).
	RateVersion int
	Split       commission.Split
	// SettlementWindow is how long after delivery a line settles when the
	// platform sends no settled event (A6); zero means only the platform's
	// settled event settles.
	SettlementWindow time.Duration
}

// CrossAgency reports whether the creator is managed by another agency than
// the campaign's (K4).
func (t Terms) CrossAgency() bool { return t.CreatorAgency != "" && t.CreatorAgency != t.Agency }

// Validate returns nil if t can pay an order line, and otherwise every
// problem joined, each a *FieldError wrapping [ErrInvalid]: campaign,
// agency, shop, product or creator empty; a negative rate version or
// settlement window; an invalid split.
func (t Terms) Validate() error {
	var errs []error
	for _, f := range []struct{ name, v string }{
		{"terms.campaign", string(t.Campaign)}, {"terms.agency", string(t.Agency)}, {"terms.shop", string(t.Shop)},
		{"terms.product", string(t.Product)}, {"terms.creator", string(t.Creator)},
	} {
		if f.v == "" {
			errs = append(errs, errdef.Field(f.name, f.v, ErrInvalid, "attribution: required"))
		}
	}
	if t.RateVersion < 0 {
		errs = append(errs, errdef.Field("terms.rate_version", t.RateVersion, ErrInvalid, "attribution: negative"))
	}
	if t.SettlementWindow < 0 {
		errs = append(errs, errdef.Field("terms.settlement_window", t.SettlementWindow, ErrInvalid, "attribution: negative"))
	}
	if err := t.Split.Validate(); err != nil {
		errs = append(errs, err)
	}
	if len(errs) == 0 {
		return nil
	}
	return errors.Join(errs...)
}

// Reason says why an order line earns nothing. The zero Reason means the
// line is attributed.
type Reason int

// The reasons a line is not attributable.
const (
	// NoShowcaseEntry: the order did not come through a creator's showcase
	// entry or share link of an agency's campaign.
	NoShowcaseEntry Reason = iota + 1
	// NotApproved: the product was not approved in the campaign when the
	// order was placed.
	NotApproved
	// NotOngoing: the campaign was not ongoing when the order was placed.
	NotOngoing
	// NoRate: no creator rate was in force on the showcase entry when the
	// order was placed.
	NoRate
)

var reasonNames = [...]string{NoShowcaseEntry: "no_showcase_entry", NotApproved: "not_approved",
	NotOngoing: "not_ongoing", NoRate: "no_rate"}

// String returns the reason's code, such as "not_approved", "attributed" for
// the zero Reason, or "invalid".
func (r Reason) String() string {
	switch {
	case r == 0:
		return "attributed"
	case r < NoShowcaseEntry || r > NoRate:
		return "invalid"
	}
	return reasonNames[r]
}

// ParseReason returns the Reason whose code is s. It returns a *FieldError
// wrapping [ErrInvalid] for an unknown code (including "attributed").
func ParseReason(s string) (Reason, error) {
	for r := NoShowcaseEntry; r <= NoRate; r++ {
		if reasonNames[r] == s {
			return r, nil
		}
	}
	return 0, errdef.Field("reason", s, ErrInvalid, "attribution: unknown reason")
}

// Attribution is the caller's decision for an order line: the Terms it earns
// under, or the Reason it earns nothing. Build one with [Attributed] or
// [Unattributed]. Attributions are comparable with ==; K3 compares them.
type Attribution struct {
	Terms  Terms  // zero unless attributed
	Reason Reason // zero if attributed
}

// Attributed returns the attribution of a line that earns under t.
func Attributed(t Terms) Attribution { return Attribution{Terms: t} }

// Unattributed returns the attribution of a line that earns nothing because
// of r. r must be one of the Reasons: Unattributed(0) is the zero
// Attribution, which is neither attributed (OK reports false) nor a valid
// unattributed one (Validate, and so Apply, refuses it).
func Unattributed(r Reason) Attribution { return Attribution{Reason: r} }

// OK reports whether a is attributed to a campaign: no Reason, and terms
// that name a campaign. The zero Attribution (that of the zero Line, which
// IngestResult carries for a refused event) is not OK.
func (a Attribution) OK() bool { return a.Reason == 0 && a.Terms.Campaign != "" }

// Validate returns nil if a is attributed with valid terms or unattributed
// with a known reason and no terms; otherwise an error wrapping
// [ErrInvalid].
func (a Attribution) Validate() error {
	switch {
	case a.Reason == 0:
		return a.Terms.Validate()
	case a.Reason < NoShowcaseEntry || a.Reason > NoRate:
		return errdef.Field("reason", int(a.Reason), ErrInvalid, "attribution: unknown reason")
	case a.Terms != Terms{}:
		return errdef.Field("terms", a.Terms.Campaign, ErrInvalid, "attribution: an unattributed line has no terms")
	}
	return nil
}
