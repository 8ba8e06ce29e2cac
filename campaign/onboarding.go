package campaign

import (
	"fmt"
	"time"

	"github.com/partnerkit/partnerkit/internal/enum"
	"github.com/partnerkit/partnerkit/internal/errdef"
)

// Stage is how far an agency's onboarding has come (C1). The zero Stage is
// invalid; NewOnboarding starts at Started.
type Stage uint8

// The onboarding stages, in the order they are reached. TaxRejected goes
// back to TaxSubmitted when the agency resubmits its W-9.
const (
	Started Stage = iota + 1
	CategoryChosen
	MatchUpAdded
	TaxSubmitted
	TaxRejected
	TaxApproved
	Onboarded
)

// String returns the stored code: "started", "category_chosen",
// "match_up_added", "tax_submitted", "tax_rejected", "tax_approved",
// "onboarded".
func (s Stage) String() string {
	switch s {
	case Started:
		return "started"
	case CategoryChosen:
		return "category_chosen"
	case MatchUpAdded:
		return "match_up_added"
	case TaxSubmitted:
		return "tax_submitted"
	case TaxRejected:
		return "tax_rejected"
	case TaxApproved:
		return "tax_approved"
	case Onboarded:
		return "onboarded"
	}
	return invalid("stage", uint8(s))
}

// ParseStage returns the Stage whose code is s, or a *FieldError wrapping
// ErrInvalid.
func ParseStage(s string) (Stage, error) { return enum.Parse(s, 1, Onboarded, "campaign", "stage") }

// Step is one thing an agency must do to finish onboarding; an
// *OnboardingError names the one missing. The zero Step is invalid.
type Step uint8

// The onboarding steps, in order.
const (
	// StepCategory: put the partner account in the Content Management
	// category.
	StepCategory Step = iota + 1
	// StepMatchUp: add the "Affiliate partner > Seller and Scalable Creator
	// Match-Up" category.
	StepMatchUp
	// StepTaxSubmission: submit (or, after a rejection, resubmit) US W-9 tax
	// information.
	StepTaxSubmission
	// StepTaxApproval: have the tax information approved.
	StepTaxApproval
	// StepBankLink: link a bank account.
	StepBankLink
)

// String returns the stored code: "category", "match_up", "tax_submission",
// "tax_approval", "bank_link".
func (s Step) String() string {
	switch s {
	case StepCategory:
		return "category"
	case StepMatchUp:
		return "match_up"
	case StepTaxSubmission:
		return "tax_submission"
	case StepTaxApproval:
		return "tax_approval"
	case StepBankLink:
		return "bank_link"
	}
	return invalid("step", uint8(s))
}

// ParseStep returns the Step whose code is s, or a *FieldError wrapping
// ErrInvalid.
func ParseStep(s string) (Step, error) { return enum.Parse(s, 1, StepBankLink, "campaign", "step") }

// AccountCategory is the category of an agency's partner account. Only
// ContentManagement may run partner campaigns (C1). The zero value is
// invalid.
type AccountCategory uint8

// The partner account categories the rules distinguish.
const (
	// ContentManagement is the category partner campaigns require.
	ContentManagement AccountCategory = iota + 1
	// OtherCategory is any other partner account category.
	OtherCategory
)

// String returns the stored code: "content_management" or "other".
func (c AccountCategory) String() string {
	switch c {
	case ContentManagement:
		return "content_management"
	case OtherCategory:
		return "other"
	}
	return invalid("account_category", uint8(c))
}

// ParseAccountCategory returns the AccountCategory whose code is s, or a
// *FieldError wrapping ErrInvalid.
func ParseAccountCategory(s string) (AccountCategory, error) {
	return enum.Parse(s, 1, OtherCategory, "campaign", "account_category")
}

// Onboarding is an agency's progress towards running campaigns (C1). It is a
// plain value: store its fields and reload them as they are.
type Onboarding struct {
	Agency AgencyID
	Stage  Stage
	// UpdatedAt is when Stage last changed, in UTC.
	UpdatedAt time.Time
}

// NewOnboarding returns the onboarding of agency before any step is done.
func NewOnboarding(agency AgencyID, now time.Time) Onboarding {
	return Onboarding{Agency: agency, Stage: Started, UpdatedAt: now.UTC()}
}

// Missing returns the next step the agency must complete, and false once it
// is onboarded.
func (o Onboarding) Missing() (Step, bool) {
	switch o.Stage {
	case Started:
		return StepCategory, true
	case CategoryChosen:
		return StepMatchUp, true
	case MatchUpAdded, TaxRejected:
		return StepTaxSubmission, true
	case TaxSubmitted:
		return StepTaxApproval, true
	case TaxApproved:
		return StepBankLink, true
	case Onboarded:
		return 0, false
	}
	return StepCategory, true
}

// Complete returns nil if the agency may create campaigns, and otherwise an
// *OnboardingError naming the missing step (C1).
func (o Onboarding) Complete() error {
	if step, missing := o.Missing(); missing {
		return &OnboardingError{Missing: step}
	}
	return nil
}

// advance moves o to stage if step is the one missing. Doing a later step
// early is an *OnboardingError naming the missing one; redoing a done step is
// ErrConflict.
func (o Onboarding) advance(step Step, to Stage, now time.Time) (Onboarding, error) {
	missing, ok := o.Missing()
	switch {
	case ok && missing == step:
		o.Stage, o.UpdatedAt = to, now.UTC()
		return o, nil
	case !ok || missing > step:
		return Onboarding{}, fmt.Errorf("campaign: onboarding step %v already done: %w", step, ErrConflict)
	default:
		return Onboarding{}, &OnboardingError{Missing: missing}
	}
}

// ChooseCategory records the partner account's category.
//
// ChooseCategory returns an error if:
//   - c is not ContentManagement (a *FieldError for "category" wrapping
//     ErrInvalid);
//   - the category was already chosen (ErrConflict).
func (o Onboarding) ChooseCategory(c AccountCategory, now time.Time) (Onboarding, error) {
	if c != ContentManagement {
		return Onboarding{}, errdef.Field("category", c.String(), ErrInvalid, "campaign: partner campaigns need the content_management category")
	}
	return o.advance(StepCategory, CategoryChosen, now)
}

// AddMatchUp records that the "Seller and Scalable Creator Match-Up"
// category was added. It returns an *OnboardingError if the account category
// was not chosen yet, and ErrConflict if this was already done.
func (o Onboarding) AddMatchUp(now time.Time) (Onboarding, error) {
	return o.advance(StepMatchUp, MatchUpAdded, now)
}

// SubmitTax records that W-9 tax information was submitted, or resubmitted
// after a rejection. It returns an *OnboardingError if an earlier step is
// missing, and ErrConflict if the information is under review or approved.
func (o Onboarding) SubmitTax(now time.Time) (Onboarding, error) {
	return o.advance(StepTaxSubmission, TaxSubmitted, now)
}

// ApproveTax records the approval of the submitted tax information. It
// returns an *OnboardingError if none is under review.
func (o Onboarding) ApproveTax(now time.Time) (Onboarding, error) {
	return o.advance(StepTaxApproval, TaxApproved, now)
}

// RejectTax records the rejection of the submitted tax information; the
// agency must resubmit. It returns an *OnboardingError if none is under
// review.
func (o Onboarding) RejectTax(now time.Time) (Onboarding, error) {
	return o.advance(StepTaxApproval, TaxRejected, now)
}

// LinkBank records that a bank account was linked, completing onboarding.
// Linking before the tax information is approved returns an
// *OnboardingError naming the missing step (C1).
func (o Onboarding) LinkBank(now time.Time) (Onboarding, error) {
	return o.advance(StepBankLink, Onboarded, now)
}
