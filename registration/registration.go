package registration

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/internal/text"
)

// Text limits, in characters (Unicode code points once normalised to NFC,
// so a letter typed with combining accents counts once).
const (
	MaxTitleLen         = 255
	MaxRejectionTextLen = 500
)

// MaxProductIDLen bounds a product id, and a registering shop's code, in
// bytes: the longest id a product list or share link can carry
// (productlist.MaxIDLen), so an approved product can always be listed.
const MaxProductIDLen = 64

// Registration is one shop's product in one campaign. It is a plain value:
// every field is exported, times are UTC (zero meaning "not yet"), and a
// storage layer persists and reloads it exactly. Functions here never change
// a Registration in place; they return a new one.
type Registration struct {
	ID       ID
	Campaign campaign.ID
	Agency   campaign.AgencyID
	Shop     campaign.ShopCode
	Product  ProductID
	// ProductTitle is the product's title, searched by Filter.Text.
	ProductTitle string
	// Price is the product's price as the seller stated it when
	// registering, in the campaign market's currency; the zero Money means
	// not given.
	Price commission.Money
	// Rate is the seller's total commission rate; frozen once approved (R3).
	Rate  commission.Rate
	State State
	// Rejection is the latest rejection while State is Rejected, and zero
	// otherwise.
	Rejection Rejection
	// CreatedAt and UpdatedAt are when it was registered and last changed.
	CreatedAt, UpdatedAt time.Time
	// DecidedAt is the agency's latest approval or rejection; ApprovedAt the
	// first approval, from which Rate is frozen.
	DecidedAt, ApprovedAt time.Time
	// CancelRequestedAt is the seller's latest cancellation request;
	// ClosedAt is when it closed.
	CancelRequestedAt, ClosedAt time.Time
}

// Rejection is why an agency rejected a registration (R2).
type Rejection struct {
	Reason Reason
	// Text explains an Other reason; it is empty for the others.
	Text string
	// ForGood means the agency will not reconsider: the registration can no
	// longer be approved or re-decided.
	ForGood bool
}

// Validate returns nil if r is a complete rejection, and otherwise every
// problem joined, each a *FieldError wrapping ErrInvalid:
//   - "rejection.reason": not a known reason;
//   - "rejection.text": missing, blank, too long or not UTF-8 for Other;
//     present for any other reason.
func (r Rejection) Validate() error {
	var errs []error
	if r.Reason < CommissionTooLow || r.Reason > Other {
		errs = append(errs, errdef.Field("rejection.reason", r.Reason, ErrInvalid, "registration: unknown reason"))
	}
	switch {
	case r.Reason != Other && r.Text != "":
		errs = append(errs, errdef.Field("rejection.text", r.Text, ErrInvalid, "registration: text is only for reason other"))
	case r.Reason == Other:
		if err := checkText("rejection.text", r.Text, MaxRejectionTextLen); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// checkText refuses blank, non-UTF-8 or over-long text without scanning
// oversized input.
func checkText(field, s string, max int) error {
	reason := ""
	switch {
	case len(s) > max*text.MaxCharBytes:
		reason = fmt.Sprintf("longer than %d characters", max)
	case !utf8.ValidString(s):
		reason = "not valid UTF-8"
	case strings.TrimSpace(s) == "":
		reason = "blank"
	case text.Len(s) > max:
		reason = fmt.Sprintf("longer than %d characters", max)
	case text.HasControl(s, "\n\t"):
		// As productlist refuses in a product's title: a carriage return
		// would not survive the CSV round trip of exported links.
		reason = "holds a control character other than newline and tab"
	default:
		return nil
	}
	return errdef.Field(field, s, ErrInvalid, "registration: "+reason)
}

// Request is what a seller submits to register a product (R1).
type Request struct {
	ID           ID
	Shop         campaign.ShopCode
	Product      ProductID
	ProductTitle string
	// Price is the product's price, optional: the zero Money (no currency,
	// zero amount) means not given.
	Price commission.Money
	// MarketCurrency is the currency of c's market, in which a Price must
	// be. A campaign carries only its market's code, so the caller looks
	// it up in its market table; zero means unknown, and then a Price is
	// refused, as it cannot be checked.
	MarketCurrency commission.Currency
	Rate           commission.Rate
}

// Register returns a Pending registration of the request's product into c
// (R1). existing holds the registrations already in c (at least every
// shop's ones for this product): a product id is the platform's, unique
// across shops, so a campaign holds it once.
// c's details are read as in force at now (campaign.Campaign.Current).
//
// Register returns every failed precondition joined, each a *FieldError
// naming it:
//   - "id", "shop", "product": empty, longer than MaxProductIDLen bytes,
//     not UTF-8 or holding a control character (a registration's id goes
//     into product lists and links, whose ids are as bounded); a "shop"
//     holding "/" (a list entry is "shop/product");
//     "product_title": blank, not UTF-8, longer than MaxTitleLen or holding
//     a control character other than newline and tab; "rate": outside
//     0%..100% (ErrInvalid);
//   - "campaign.status": c is not published (ErrNotPublished);
//   - "campaign.registration": now is before the registration start
//     (inclusive) or at or after its end (exclusive) (ErrRegistrationClosed);
//   - "shop": c is select and does not list the shop (ErrNotEligible);
//   - "rate": below c's minimum rate (ErrRateTooLow);
//   - "price", if given: not a valid Money (see commission.Money.Validate),
//     not positive, or not in req.MarketCurrency, which must be known
//     (ErrInvalid);
//   - "product": it is already registered in c, by this shop or another
//     (ErrConflict; the message names the registration only if it is
//     this shop's).
func Register(req Request, c campaign.Campaign, existing []Registration, now time.Time) (Registration, error) {
	var errs []error
	bad := func(field string, value any, sentinel error, reason string) {
		errs = append(errs, errdef.Field(field, value, sentinel, reason))
	}
	for _, id := range []struct{ field, v string }{{"id", string(req.ID)}, {"shop", string(req.Shop)}, {"product", string(req.Product)}} {
		switch {
		case id.v == "":
			bad(id.field, "", ErrInvalid, "registration: empty")
		case len(id.v) > MaxProductIDLen || !utf8.ValidString(id.v) || text.HasControl(id.v, ""):
			bad(id.field, id.v, ErrInvalid, "registration: longer than 64 bytes, not UTF-8 or holding a control character")
		case id.field == "shop" && strings.Contains(id.v, "/"):
			// A list entry is keyed "shop/product" (partnerkit.EntryOf),
			// split at the first "/".
			bad(id.field, id.v, ErrInvalid, `registration: a shop code holds no "/"`)
		}
	}
	if err := checkText("product_title", req.ProductTitle, MaxTitleLen); err != nil {
		errs = append(errs, err)
	}
	d := c.Current(now)
	if c.Status != campaign.Published {
		bad("campaign.status", c.Status.String(), ErrNotPublished, "")
	}
	if !d.Registration.Contains(now) {
		bad("campaign.registration", now.UTC(), ErrRegistrationClosed, "")
	}
	if req.Shop != "" && !d.Sellers.Eligible(req.Shop) {
		bad("shop", string(req.Shop), ErrNotEligible, "")
	}
	switch {
	case req.Rate < 0 || req.Rate > commission.MaxRate:
		bad("rate", req.Rate, ErrInvalid, "registration: outside 0%..100%")
	case req.Rate < d.MinRate:
		bad("rate", req.Rate.String(), ErrRateTooLow, "registration: minimum is "+d.MinRate.String())
	}
	if err := checkPrice(req.Price, req.MarketCurrency); err != nil {
		errs = append(errs, err)
	}
	for _, e := range existing {
		if e.Campaign == c.ID && e.Product == req.Product {
			reason := "registration: already registered in the campaign by another shop" // whose record is not this shop's to see
			if e.Shop == req.Shop {
				reason = fmt.Sprintf("registration: already registered as %s", e.ID)
			}
			bad("product", string(req.Product), ErrConflict, reason)
			break
		}
	}
	if err := errors.Join(errs...); err != nil {
		return Registration{}, err
	}
	now = now.UTC()
	return Registration{
		ID: req.ID, Campaign: c.ID, Agency: c.Agency, Shop: req.Shop,
		Product: req.Product, ProductTitle: req.ProductTitle, Price: req.Price, Rate: req.Rate,
		State: Pending, CreatedAt: now, UpdatedAt: now,
	}, nil
}

// checkPrice refuses a given price p that is not a valid, positive amount
// of cur; the zero Money is no price and passes.
func checkPrice(p commission.Money, cur commission.Currency) error {
	if p.Currency.IsZero() && p.IsZero() {
		return nil
	}
	if err := p.Validate(); err != nil {
		// Money's own FieldError, renamed: its value is safe to show,
		// where p's String could be as huge as an absurd exponent.
		var fe *FieldError
		if errors.As(err, &fe) {
			return &FieldError{Field: "price", Value: fe.Value, Err: fe.Err}
		}
		return errdef.Field("price", "", ErrInvalid, "registration: "+err.Error())
	}
	switch {
	case p.Sign() <= 0:
		return errdef.Field("price", p.String(), ErrInvalid, "registration: price must be positive")
	case cur.IsZero():
		return errdef.Field("price", p.String(), ErrInvalid, "registration: the campaign's market currency is unknown")
	case p.Currency != cur:
		return errdef.Field("price", p.String(), ErrInvalid,
			fmt.Sprintf("registration: price in %v, the campaign's market uses %v", p.Currency, cur))
	}
	return nil
}

// Allowed reports whether the state machine has a move from one state to
// another (R2, R4). It is the whole transition table:
//
//	Pending      -> Approved, Rejected        (agency decides)
//	Rejected     -> Approved, Rejected        (agency re-decides, unless rejected for good)
//	Approved     -> PendingClose              (seller asks to cancel)
//	Approved     -> Closed                    (campaign ended)
//	PendingClose -> Closed                    (agency approves cancellation, or campaign ended)
//	PendingClose -> Approved                  (agency declines cancellation)
//	Closed       -> nothing
func Allowed(from, to State) bool {
	switch from {
	case Pending, Rejected:
		return to == Approved || to == Rejected
	case Approved:
		return to == PendingClose || to == Closed
	case PendingClose:
		return to == Closed || to == Approved
	}
	return false
}

// move changes r to state to if r is in one of from and the table allows it.
func (r Registration) move(to State, now time.Time, from ...State) (Registration, error) {
	ok := false
	for _, f := range from {
		ok = ok || r.State == f
	}
	if !ok || !Allowed(r.State, to) {
		return Registration{}, &TransitionError{From: r.State, To: to}
	}
	if r.State == Rejected && r.Rejection.ForGood {
		return Registration{}, &TransitionError{From: r.State, To: to, ForGood: true}
	}
	r.State, r.UpdatedAt = to, now.UTC()
	return r, nil
}

// Approve is the agency approving a Pending or Rejected registration (R2).
// It returns a *TransitionError from any other state or if the registration
// was rejected for good.
func (r Registration) Approve(now time.Time) (Registration, error) {
	r, err := r.move(Approved, now, Pending, Rejected)
	if err != nil {
		return Registration{}, err
	}
	r.Rejection, r.DecidedAt = Rejection{}, r.UpdatedAt
	if r.ApprovedAt.IsZero() {
		r.ApprovedAt = r.UpdatedAt
	}
	return r, nil
}

// Reject is the agency rejecting a Pending registration, or changing its
// mind about a Rejected one (R2).
//
// Reject returns an error if:
//   - rej is not valid (see Rejection.Validate);
//   - the registration is in any other state or was rejected for good (a
//     *TransitionError).
func (r Registration) Reject(rej Rejection, now time.Time) (Registration, error) {
	if err := rej.Validate(); err != nil {
		return Registration{}, err
	}
	r, err := r.move(Rejected, now, Pending, Rejected)
	if err != nil {
		return Registration{}, err
	}
	r.Rejection, r.DecidedAt = rej, r.UpdatedAt
	return r, nil
}

// RequestCancel is the seller asking to end an Approved collaboration: the
// registration becomes PendingClose until the agency decides (R4). Any other
// state is a *TransitionError.
func (r Registration) RequestCancel(now time.Time) (Registration, error) {
	r, err := r.move(PendingClose, now, Approved)
	if err != nil {
		return Registration{}, err
	}
	r.CancelRequestedAt = r.UpdatedAt
	return r, nil
}

// ApproveCancel is the agency accepting a cancellation request: the
// registration closes (R4). Any state but PendingClose is a
// *TransitionError.
func (r Registration) ApproveCancel(now time.Time) (Registration, error) {
	r, err := r.move(Closed, now, PendingClose)
	if err != nil {
		return Registration{}, err
	}
	r.ClosedAt = r.UpdatedAt
	return r, nil
}

// DeclineCancel is the agency refusing a cancellation request: the
// registration is Approved again (R4). Any state but PendingClose is a
// *TransitionError.
func (r Registration) DeclineCancel(now time.Time) (Registration, error) {
	return r.move(Approved, now, PendingClose)
}

// CloseAtEnd closes an Approved or PendingClose registration once its
// campaign has ended: now at or after campaignEnd (R2). It closed at the
// campaign's end, so ClosedAt and UpdatedAt are campaignEnd whenever it is
// recorded.
//
// CloseAtEnd returns an error if:
//   - now is before campaignEnd (ErrNotEnded);
//   - the registration is in any other state (a *TransitionError).
func (r Registration) CloseAtEnd(campaignEnd, now time.Time) (Registration, error) {
	if now.Before(campaignEnd) {
		return Registration{}, errdef.Field("campaign.period.end", campaignEnd.UTC(), ErrNotEnded, "")
	}
	r, err := r.move(Closed, campaignEnd, Approved, PendingClose)
	if err != nil {
		return Registration{}, err
	}
	r.ClosedAt = r.UpdatedAt
	return r, nil
}

// StateAt returns the state in force at now for a campaign ending at
// campaignEnd: Closed for an Approved or PendingClose registration once the
// campaign has ended, even before CloseAtEnd records it (R2).
func (r Registration) StateAt(campaignEnd, now time.Time) State {
	if (r.State == Approved || r.State == PendingClose) && !now.Before(campaignEnd) {
		return Closed
	}
	return r.State
}

// ChangeRate is the seller changing the total rate of a registration not
// yet approved (R3). c is the registration's campaign, read as in force at
// now.
//
// ChangeRate returns an error if:
//   - the registration has ever been approved (ErrRateFrozen);
//   - c is not the registration's campaign (a *FieldError for "campaign"
//     wrapping ErrInvalid);
//   - rate is outside 0%..100% (ErrInvalid) or below c's minimum
//     (ErrRateTooLow), as a *FieldError for "rate".
func (r Registration) ChangeRate(rate commission.Rate, c campaign.Campaign, now time.Time) (Registration, error) {
	if !r.ApprovedAt.IsZero() || (r.State != Pending && r.State != Rejected) {
		return Registration{}, errdef.Field("rate", rate.String(), ErrRateFrozen, "")
	}
	if c.ID != r.Campaign {
		return Registration{}, errdef.Field("campaign", string(c.ID), ErrInvalid, "registration: not the registration's campaign")
	}
	if err := rate.Validate(); err != nil {
		return Registration{}, err
	}
	if min := c.Current(now).MinRate; rate < min {
		return Registration{}, errdef.Field("rate", rate.String(), ErrRateTooLow, "registration: minimum is "+min.String())
	}
	r.Rate, r.UpdatedAt = rate, now.UTC()
	return r, nil
}

// Filter selects registrations (R5). The zero value of each field matches
// everything.
type Filter struct {
	Status  State
	Shop    campaign.ShopCode
	Product ProductID
	// Text keeps registrations whose product title or product id contains
	// it, ignoring case and how accents are typed (precomposed or
	// combining).
	Text string
}

// Match reports whether r matches every set field of f.
func (f Filter) Match(r Registration) bool {
	switch {
	case f.Status != 0 && r.State != f.Status,
		f.Shop != "" && r.Shop != f.Shop,
		f.Product != "" && r.Product != f.Product:
		return false
	}
	if f.Text == "" {
		return true
	}
	q := text.Fold(f.Text)
	return strings.Contains(text.Fold(r.ProductTitle), q) || strings.Contains(text.Fold(string(r.Product)), q)
}
