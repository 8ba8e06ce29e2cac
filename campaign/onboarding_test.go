package campaign_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/campaign"
)

type onboardingAction struct {
	name string
	do   func(campaign.Onboarding) (campaign.Onboarding, error)
}

var (
	chooseCategory = onboardingAction{"ChooseCategory", func(o campaign.Onboarding) (campaign.Onboarding, error) {
		return o.ChooseCategory(campaign.ContentManagement, t0)
	}}
	addMatchUp = onboardingAction{"AddMatchUp", func(o campaign.Onboarding) (campaign.Onboarding, error) { return o.AddMatchUp(t0) }}
	submitTax  = onboardingAction{"SubmitTax", func(o campaign.Onboarding) (campaign.Onboarding, error) { return o.SubmitTax(t0) }}
	approveTax = onboardingAction{"ApproveTax", func(o campaign.Onboarding) (campaign.Onboarding, error) { return o.ApproveTax(t0) }}
	rejectTax  = onboardingAction{"RejectTax", func(o campaign.Onboarding) (campaign.Onboarding, error) { return o.RejectTax(t0) }}
	linkBank   = onboardingAction{"LinkBank", func(o campaign.Onboarding) (campaign.Onboarding, error) { return o.LinkBank(t0) }}
)

// C1: steps in order; out-of-order steps name the missing one; bank linking
// before tax approval is refused; only a complete onboarding creates.
func TestOnboarding(t *testing.T) {
	tests := []struct {
		name        string
		done        []onboardingAction // must all succeed
		then        onboardingAction
		wantMissing campaign.Step // 0: then succeeds
		wantErr     error         // other sentinel expected from then
		wantStage   campaign.Stage
	}{
		{"category first", nil, chooseCategory, 0, nil, campaign.CategoryChosen},
		{"match-up before category", nil, addMatchUp, campaign.StepCategory, nil, 0},
		{"tax before match-up", []onboardingAction{chooseCategory}, submitTax, campaign.StepMatchUp, nil, 0},
		{"bank before anything", nil, linkBank, campaign.StepCategory, nil, 0},
		{"bank before tax submitted", []onboardingAction{chooseCategory, addMatchUp}, linkBank, campaign.StepTaxSubmission, nil, 0},
		{"bank while tax in review", []onboardingAction{chooseCategory, addMatchUp, submitTax}, linkBank, campaign.StepTaxApproval, nil, 0},
		{"bank after tax rejected", []onboardingAction{chooseCategory, addMatchUp, submitTax, rejectTax}, linkBank, campaign.StepTaxSubmission, nil, 0},
		{"approve rejected without resubmitting", []onboardingAction{chooseCategory, addMatchUp, submitTax, rejectTax}, approveTax, campaign.StepTaxSubmission, nil, 0},
		{"resubmit after rejection", []onboardingAction{chooseCategory, addMatchUp, submitTax, rejectTax}, submitTax, 0, nil, campaign.TaxSubmitted},
		{"bank after approval", []onboardingAction{chooseCategory, addMatchUp, submitTax, approveTax}, linkBank, 0, nil, campaign.Onboarded},
		{"category twice", []onboardingAction{chooseCategory}, chooseCategory, 0, campaign.ErrConflict, 0},
		{"bank twice", []onboardingAction{chooseCategory, addMatchUp, submitTax, approveTax, linkBank}, linkBank, 0, campaign.ErrConflict, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := campaign.NewOnboarding(agency, t0)
			var err error
			for _, a := range tt.done {
				if o, err = a.do(o); err != nil {
					t.Fatalf("%s: %v", a.name, err)
				}
			}
			got, err := tt.then.do(o)
			var oe *campaign.OnboardingError
			switch {
			case tt.wantMissing != 0:
				if !errors.As(err, &oe) || !errors.Is(err, campaign.ErrOnboarding) {
					t.Fatalf("%s = %v, want *OnboardingError", tt.then.name, err)
				}
				if oe.Missing != tt.wantMissing {
					t.Errorf("%s missing %v, want %v", tt.then.name, oe.Missing, tt.wantMissing)
				}
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("%s = %v, want %v", tt.then.name, err, tt.wantErr)
				}
			default:
				if err != nil {
					t.Fatalf("%s: %v", tt.then.name, err)
				}
				if got.Stage != tt.wantStage {
					t.Errorf("%s stage = %v, want %v", tt.then.name, got.Stage, tt.wantStage)
				}
			}
		})
	}
}

// C1: only the Content Management category qualifies.
func TestOnboardingCategory(t *testing.T) {
	_, err := campaign.NewOnboarding(agency, t0).ChooseCategory(campaign.OtherCategory, t0)
	if !errors.Is(err, campaign.ErrInvalid) {
		t.Fatalf("ChooseCategory(other) = %v, want ErrInvalid", err)
	}
}

// C1: New refuses an agency that has not finished onboarding, naming the
// step, and someone else's onboarding.
func TestNewRequiresOnboarding(t *testing.T) {
	d := validDetails(t)
	o := campaign.NewOnboarding(agency, t0)
	var err error
	for _, a := range []onboardingAction{chooseCategory, addMatchUp, submitTax, approveTax} {
		if o, err = a.do(o); err != nil {
			t.Fatal(err)
		}
	}
	_, err = campaign.New("c1", agency, o, d, campaign.Policy{}, t0)
	var oe *campaign.OnboardingError
	if !errors.As(err, &oe) || oe.Missing != campaign.StepBankLink {
		t.Fatalf("New before bank link = %v, want *OnboardingError{bank_link}", err)
	}
	if _, err := campaign.New("c1", "agency-2", onboarded(t, agency), d, campaign.Policy{}, t0); !errors.Is(err, campaign.ErrForbidden) {
		t.Fatalf("New with another agency's onboarding = %v, want ErrForbidden", err)
	}
	c, err := campaign.New("c1", agency, onboarded(t, agency), d, campaign.Policy{}, t0)
	if err != nil {
		t.Fatalf("New onboarded: %v", err)
	}
	if diff := cmp.Diff(campaign.Draft, c.Status); diff != "" {
		t.Errorf("New status (-want +got):\n%s", diff)
	}
}
