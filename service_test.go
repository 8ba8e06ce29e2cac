package partnerkit_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
)

// fieldsOf returns the Field of every *FieldError joined in err, sorted.
func fieldsOf(err error) []string {
	out := errdef.Fields(err)
	slices.Sort(out)
	return out
}

// wantMissing checks that err is an *OnboardingError naming step.
func wantMissing(t *testing.T, what string, err error, step campaign.Step) {
	t.Helper()
	var oe *campaign.OnboardingError
	if !errors.As(err, &oe) || !errors.Is(err, campaign.ErrOnboarding) {
		t.Fatalf("%s = %v, want an *OnboardingError", what, err)
	}
	if oe.Missing != step {
		t.Errorf("%s: missing step %v, want %v", what, oe.Missing, step)
	}
}

// C1
func TestOnboardingNamesTheMissingStep(t *testing.T) {
	w := newWorld(t)
	a := partnerkit.Agency{ID: "agency-new"}
	seq := w.lastSeq()

	_, err := w.svc.CreateCampaign(w.ctx, a, springDetails(t))
	wantMissing(t, "CreateCampaign before any step", err, campaign.StepCategory)
	_, err = w.svc.AddMatchUpCategory(w.ctx, a)
	wantMissing(t, "AddMatchUpCategory before the category", err, campaign.StepCategory)
	if _, err := w.svc.ChooseCategory(w.ctx, a, campaign.OtherCategory); !errors.Is(err, partnerkit.ErrInvalid) {
		t.Fatalf("ChooseCategory(other) = %v, want ErrInvalid", err)
	}
	if _, err := w.svc.ChooseCategory(w.ctx, a, campaign.ContentManagement); err != nil {
		t.Fatal(err)
	}
	_, err = w.svc.SubmitTaxInfo(w.ctx, a)
	wantMissing(t, "SubmitTaxInfo before the match-up category", err, campaign.StepMatchUp)
	if _, err := w.svc.AddMatchUpCategory(w.ctx, a); err != nil {
		t.Fatal(err)
	}
	_, err = w.svc.CreateCampaign(w.ctx, a, springDetails(t))
	wantMissing(t, "CreateCampaign before the W-9", err, campaign.StepTaxSubmission)
	if _, err := w.svc.SubmitTaxInfo(w.ctx, a); err != nil {
		t.Fatal(err)
	}
	_, err = w.svc.LinkBankAccount(w.ctx, a)
	wantMissing(t, "LinkBankAccount before tax approval", err, campaign.StepTaxApproval)
	o, err := w.svc.ReviewTaxInfo(w.ctx, w.host, a.ID, false)
	if err != nil || o.Stage != campaign.TaxRejected {
		t.Fatalf("ReviewTaxInfo(reject) = %v, %v; want stage tax_rejected", o.Stage, err)
	}
	_, err = w.svc.CreateCampaign(w.ctx, a, springDetails(t))
	wantMissing(t, "CreateCampaign after the W-9 was rejected", err, campaign.StepTaxSubmission)
	if _, err := w.svc.SubmitTaxInfo(w.ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.ReviewTaxInfo(w.ctx, w.host, a.ID, true); err != nil {
		t.Fatal(err)
	}
	_, err = w.svc.CreateCampaign(w.ctx, a, springDetails(t))
	wantMissing(t, "CreateCampaign before the bank account", err, campaign.StepBankLink)
	if o, err = w.svc.LinkBankAccount(w.ctx, a); err != nil || o.Stage != campaign.Onboarded {
		t.Fatalf("LinkBankAccount = %v, %v; want onboarded", o.Stage, err)
	}
	if o, err = w.svc.Onboarding(w.ctx, a); err != nil || o.Stage != campaign.Onboarded {
		t.Fatalf("Onboarding = %v, %v; want onboarded", o.Stage, err)
	}
	if _, err := w.svc.CreateCampaign(w.ctx, a, springDetails(t)); err != nil {
		t.Fatalf("CreateCampaign after onboarding: %v", err)
	}
	if diff := cmp.Diff([]string{"agency.onboarded", "campaign.created"}, w.outbox(seq)); diff != "" {
		t.Errorf("outbox (-want +got):\n%s", diff)
	}

	fresh, err := w.svc.Onboarding(w.ctx, partnerkit.Agency{ID: "agency-unknown"})
	if err != nil || fresh.Stage != campaign.Started {
		t.Errorf("Onboarding(unknown agency) = %v, %v; want started", fresh.Stage, err)
	}
	if _, err := w.svc.ChooseCategory(w.ctx, partnerkit.Agency{}, campaign.ContentManagement); !errors.Is(err, partnerkit.ErrForbidden) {
		t.Errorf("ChooseCategory(no agency id) = %v, want ErrForbidden", err)
	}
}

// C2, C3, C4
func TestCampaignLifecycle(t *testing.T) {
	w := newWorld(t)
	bad := springDetails(t)
	bad.Name = ""
	bad.Contact.Channel = campaign.LINE // not used in the US
	if diff := cmp.Diff([]string{"contact.channel", "name"}, fieldsOf(w.svc.ValidateCampaign(w.ctx, w.agency, bad))); diff != "" {
		t.Errorf("ValidateCampaign: fields (-want +got):\n%s", diff)
	}
	if err := w.svc.ValidateCampaign(w.ctx, w.agency, springDetails(t)); err != nil {
		t.Errorf("ValidateCampaign(valid) = %v", err)
	}
	if _, err := w.svc.CreateCampaign(w.ctx, w.agency, bad); !errors.Is(err, partnerkit.ErrInvalid) {
		t.Errorf("CreateCampaign(invalid) = %v, want ErrInvalid", err)
	}
	many := springDetails(t)
	many.Sellers.ShopCodes = nil
	for i := range campaign.MaxShopCodes + 1 {
		many.Sellers.ShopCodes = append(many.Sellers.ShopCodes, campaign.ShopCode("USSHOP"+string(rune('A'+i/26))+string(rune('A'+i%26))))
	}
	if _, err := w.svc.CreateCampaign(w.ctx, w.agency, many); !errors.Is(err, partnerkit.ErrLimit) {
		t.Errorf("CreateCampaign(101 shop codes) = %v, want ErrLimit", err)
	}

	seq := w.lastSeq()
	d := springDetails(t)
	d.Name = "Summer Glow"
	c, err := w.svc.CreateCampaign(w.ctx, w.agency, d)
	if err != nil || c.Status != campaign.Draft {
		t.Fatalf("CreateCampaign = %v, %v; want a draft", c.Status, err)
	}
	if _, err := w.svc.PublishCampaign(w.ctx, w.agency, c.ID); !errors.Is(err, campaign.ErrTransition) {
		t.Errorf("PublishCampaign(draft) = %v, want ErrTransition", err)
	}
	visible := func() bool {
		cs, _, err := w.svc.FindCampaigns(w.ctx, w.glow, campaign.Filter{Text: "summer"}, partnerkit.Page{})
		if err != nil {
			t.Fatal(err)
		}
		return len(cs) == 1 && cs[0].ID == c.ID
	}
	steps := []struct {
		name    string
		do      func() (campaign.Campaign, error)
		status  campaign.Status
		visible bool
	}{
		{"submit", func() (campaign.Campaign, error) { return w.svc.SubmitCampaign(w.ctx, w.agency, c.ID) }, campaign.Submitted, false},
		{"publish", func() (campaign.Campaign, error) { return w.svc.PublishCampaign(w.ctx, w.agency, c.ID) }, campaign.Published, true},
		{"unpublish", func() (campaign.Campaign, error) { return w.svc.UnpublishCampaign(w.ctx, w.agency, c.ID) }, campaign.Unpublished, false},
		{"publish again", func() (campaign.Campaign, error) { return w.svc.PublishCampaign(w.ctx, w.agency, c.ID) }, campaign.Published, true},
	}
	for _, s := range steps {
		got, err := s.do()
		if err != nil || got.Status != s.status {
			t.Fatalf("%s = %v, %v; want %v", s.name, got.Status, err, s.status)
		}
		if v := visible(); v != s.visible {
			t.Errorf("after %s: visible to a seller = %v, want %v", s.name, v, s.visible)
		}
	}
	if _, err := w.svc.SubmitCampaign(w.ctx, w.agency, c.ID); !errors.Is(err, campaign.ErrTransition) {
		t.Errorf("SubmitCampaign(published) = %v, want ErrTransition", err)
	}
	want := []string{"campaign.created", "campaign.submitted", "campaign.published", "campaign.unpublished", "campaign.published"}
	if diff := cmp.Diff(want, w.outbox(seq)); diff != "" {
		t.Errorf("outbox (-want +got):\n%s", diff)
	}
	cs, _, err := w.svc.Campaigns(w.ctx, w.agency, partnerkit.Page{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []campaign.ID
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	if diff := cmp.Diff([]campaign.ID{w.camp.ID, c.ID}, ids); diff != "" {
		t.Errorf("Campaigns: ids (-want +got):\n%s", diff)
	}
}

// C4
func TestFindCampaigns(t *testing.T) {
	w := newWorld(t)
	sevenPct := rate(t, "7%")
	names := func(sl partnerkit.Seller, f campaign.Filter) []string {
		t.Helper()
		cs, _, err := w.svc.FindCampaigns(w.ctx, sl, f, partnerkit.Page{})
		if err != nil {
			t.Fatalf("FindCampaigns(%s, %+v): %v", sl.Shop, f, err)
		}
		var out []string
		for _, c := range cs {
			out = append(out, c.Details.Name)
		}
		return out
	}
	both := []string{"Spring Glow 2027", "Rival Secret Sale"}
	tests := []struct {
		name   string
		seller partnerkit.Seller
		f      campaign.Filter
		want   []string
	}{
		{"listed shop sees both", w.glow, campaign.Filter{}, both},
		{"unlisted shop sees only the open one", w.stranger, campaign.Filter{}, []string{"Rival Secret Sale"}},
		{"select only", w.glow, campaign.Filter{Sellers: campaign.Select}, []string{"Spring Glow 2027"}},
		{"open only", w.glow, campaign.Filter{Sellers: campaign.Open}, []string{"Rival Secret Sale"}},
		{"market", w.glow, campaign.Filter{Market: "US"}, both},
		{"other market", w.glow, campaign.Filter{Market: "GB"}, nil},
		{"phase", w.glow, campaign.Filter{Phase: campaign.RegistrationOpen}, both},
		{"not that phase", w.glow, campaign.Filter{Phase: campaign.Ongoing}, nil},
		{"minimum rate at most 7%", w.glow, campaign.Filter{MaxMinRate: &sevenPct}, []string{"Rival Secret Sale"}},
		{"text ignores case", w.glow, campaign.Filter{Text: "SKINCARE"}, []string{"Spring Glow 2027"}},
		{"text for the unlisted shop", w.stranger, campaign.Filter{Text: "skincare"}, nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, names(tt.seller, tt.f)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}

	// Pages of one: the cursor moves on, and the last page says so.
	p1, next, err := w.svc.FindCampaigns(w.ctx, w.glow, campaign.Filter{}, partnerkit.Page{Limit: 1})
	if err != nil || len(p1) != 1 || next == "" {
		t.Fatalf("first page = %d campaigns, next %q, %v", len(p1), next, err)
	}
	p2, _, err := w.svc.FindCampaigns(w.ctx, w.glow, campaign.Filter{}, partnerkit.Page{After: next, Limit: 1})
	if err != nil || len(p2) != 1 || p2[0].ID == p1[0].ID {
		t.Fatalf("second page = %v, %v", p2, err)
	}

	w.clock.Set(day(3, 15)) // registration ends at midnight: the campaign is ongoing
	if diff := cmp.Diff(both, names(w.glow, campaign.Filter{Phase: campaign.Ongoing})); diff != "" {
		t.Errorf("ongoing on 15 March (-want +got):\n%s", diff)
	}
	if _, _, err := w.svc.FindCampaigns(w.ctx, partnerkit.Seller{}, campaign.Filter{}, partnerkit.Page{}); !errors.Is(err, partnerkit.ErrForbidden) {
		t.Errorf("FindCampaigns(no shop) = %v, want ErrForbidden", err)
	}
}

// C5
func TestEditLockOfAPublishedCampaign(t *testing.T) {
	w := newWorld(t)
	name := func(s string) campaign.Patch { return campaign.Patch{Name: &s} }
	t0 := w.clock.Now()
	seq := w.lastSeq()
	c, err := w.svc.EditCampaign(w.ctx, w.agency, w.camp.ID, name("Spring Glow Plus"))
	if err != nil {
		t.Fatalf("EditCampaign: %v", err)
	}
	if c.Pending == nil || !c.Pending.AppliesAt.Equal(t0.Add(30*time.Minute)) {
		t.Fatalf("EditCampaign: pending %+v, want one applying at %v", c.Pending, t0.Add(30*time.Minute))
	}
	sellerSees := func() string {
		cs, _, err := w.svc.FindCampaigns(w.ctx, w.glow, campaign.Filter{Sellers: campaign.Select}, partnerkit.Page{})
		if err != nil || len(cs) != 1 {
			t.Fatalf("FindCampaigns = %v, %v", cs, err)
		}
		return cs[0].Current(w.clock.Now()).Name
	}
	agencySees := func() string {
		c, err := w.svc.Campaign(w.ctx, w.agency, w.camp.ID)
		if err != nil {
			t.Fatal(err)
		}
		return c.Current(w.clock.Now()).Name
	}

	w.clock.Set(t0.Add(29*time.Minute + 59*time.Second))
	if got, got2 := agencySees(), sellerSees(); got != "Spring Glow 2027" || got2 != "Spring Glow 2027" {
		t.Errorf("at 29:59 the agency sees %q and sellers %q, want the old name", got, got2)
	}
	_, err = w.svc.EditCampaign(w.ctx, w.agency, w.camp.ID, name("Too soon"))
	var locked *campaign.EditLockedError
	if !errors.Is(err, partnerkit.ErrEditLocked) || !errors.As(err, &locked) {
		t.Fatalf("second edit at 29:59 = %v, want ErrEditLocked", err)
	}
	if !locked.Until.Equal(t0.Add(30 * time.Minute)) {
		t.Errorf("editing reopens at %v, want %v", locked.Until, t0.Add(30*time.Minute))
	}
	// Unpublishing does not dodge the lock.
	if _, err := w.svc.UnpublishCampaign(w.ctx, w.agency, w.camp.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.EditCampaign(w.ctx, w.agency, w.camp.ID, name("Too soon")); !errors.Is(err, partnerkit.ErrEditLocked) {
		t.Errorf("edit of the unpublished campaign at 29:59 = %v, want ErrEditLocked", err)
	}
	if _, err := w.svc.PublishCampaign(w.ctx, w.agency, w.camp.ID); err != nil {
		t.Fatal(err)
	}

	w.clock.Set(t0.Add(30 * time.Minute))
	if got, got2 := agencySees(), sellerSees(); got != "Spring Glow Plus" || got2 != "Spring Glow Plus" {
		t.Errorf("at 30:00 the agency sees %q and sellers %q, want the new name", got, got2)
	}
	c, err = w.svc.EditCampaign(w.ctx, w.agency, w.camp.ID, name("Spring Glow Max"))
	if err != nil {
		t.Fatalf("edit at 30:00 = %v, want it allowed", err)
	}
	if c.Details.Name != "Spring Glow Plus" || c.Pending == nil || c.Pending.Details.Name != "Spring Glow Max" {
		t.Errorf("after the second edit: details %q, pending %+v", c.Details.Name, c.Pending)
	}
	want := []string{"campaign.edited", "campaign.unpublished", "campaign.published", "campaign.edit_applied", "campaign.edited"}
	if diff := cmp.Diff(want, w.outbox(seq)); diff != "" {
		t.Errorf("outbox (-want +got):\n%s", diff)
	}

	// A draft changes at once.
	d, err := w.svc.CreateCampaign(w.ctx, w.agency, springDetails(t))
	if err != nil {
		t.Fatal(err)
	}
	if d, err = w.svc.EditCampaign(w.ctx, w.agency, d.ID, name("Draft renamed")); err != nil || d.Details.Name != "Draft renamed" || d.Pending != nil {
		t.Errorf("draft edit = %q (pending %v), %v; want it applied at once", d.Details.Name, d.Pending, err)
	}
	if _, err := w.svc.EditCampaign(w.ctx, w.agency, d.ID, name("")); !errors.Is(err, partnerkit.ErrInvalid) {
		t.Errorf("edit to an empty name = %v, want ErrInvalid", err)
	}
}

// R1
func TestRegisterProductPreconditions(t *testing.T) {
	w := newWorld(t)
	in := func(product, r string) partnerkit.RegisterInput {
		return partnerkit.RegisterInput{Campaign: w.camp.ID, Product: registration.ProductID(product), ProductTitle: "Product " + product, Rate: rate(t, r)}
	}
	tests := []struct {
		name   string
		seller partnerkit.Seller
		in     partnerkit.RegisterInput
		want   []error
	}{
		{"shop not listed", w.stranger, in("lamp", "20%"), []error{registration.ErrNotEligible, partnerkit.ErrForbidden}},
		{"rate below minimum", w.glow, in("lamp", "9.99%"), []error{registration.ErrRateTooLow, partnerkit.ErrInvalid}},
		{"both, joined", w.stranger, in("lamp", "9%"), []error{registration.ErrNotEligible, registration.ErrRateTooLow}},
		{"already registered", w.glow, in("serum-30ml", "20%"), []error{partnerkit.ErrConflict}},
		{"no title", w.glow, partnerkit.RegisterInput{Campaign: w.camp.ID, Product: "lamp", Rate: rate(t, "20%")}, []error{partnerkit.ErrInvalid}},
		{"unknown campaign", w.glow, partnerkit.RegisterInput{Campaign: "campaign-404", Product: "lamp", ProductTitle: "Lamp", Rate: rate(t, "20%")}, []error{partnerkit.ErrNotFound}},
		{"no shop", partnerkit.Seller{}, in("lamp", "20%"), []error{partnerkit.ErrForbidden}},
	}
	for _, tt := range tests {
		_, err := w.svc.RegisterProduct(w.ctx, tt.seller, tt.in)
		for _, want := range tt.want {
			if !errors.Is(err, want) {
				t.Errorf("%s: RegisterProduct = %v, want errors.Is %v", tt.name, err, want)
			}
		}
	}
	r, err := w.svc.RegisterProduct(w.ctx, w.glow, in("lamp", "10%"))
	if err != nil || r.State != registration.Pending || r.Agency != w.agency.ID {
		t.Fatalf("RegisterProduct at the minimum = %+v, %v; want pending", r, err)
	}

	// Unpublished: not there for sellers.
	if _, err := w.svc.UnpublishCampaign(w.ctx, w.agency, w.camp.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.RegisterProduct(w.ctx, w.glow, in("desk", "20%")); !errors.Is(err, partnerkit.ErrNotFound) {
		t.Errorf("RegisterProduct(unpublished) = %v, want ErrNotFound", err)
	}
	if _, err := w.svc.PublishCampaign(w.ctx, w.agency, w.camp.ID); err != nil {
		t.Fatal(err)
	}
	// Registration ends at midnight of 15 March in LA (exclusive).
	w.clock.Set(day(3, 15).Add(-time.Nanosecond))
	if _, err := w.svc.RegisterProduct(w.ctx, w.glow, in("desk", "20%")); err != nil {
		t.Errorf("RegisterProduct in the last instant = %v", err)
	}
	w.clock.Set(day(3, 15))
	if _, err := w.svc.RegisterProduct(w.ctx, w.glow, in("chair", "20%")); !errors.Is(err, registration.ErrRegistrationClosed) {
		t.Errorf("RegisterProduct after registration = %v, want ErrRegistrationClosed", err)
	}
}

// R2
func TestReviewRegistrations(t *testing.T) {
	w := newWorld(t)
	seq := w.lastSeq()
	r, err := w.svc.RejectRegistration(w.ctx, w.agency, w.shoe.ID, registration.Rejection{Reason: registration.TooExpensive})
	if err != nil || r.State != registration.Rejected || r.Rejection.Reason != registration.TooExpensive {
		t.Fatalf("RejectRegistration = %+v, %v", r, err)
	}
	// Re-decided: rejected for another reason, then approved.
	if r, err = w.svc.RejectRegistration(w.ctx, w.agency, w.shoe.ID, registration.Rejection{Reason: registration.Other, Text: "no stock"}); err != nil || r.Rejection.Text != "no stock" {
		t.Fatalf("re-reject = %+v, %v", r.Rejection, err)
	}
	if r, err = w.svc.ApproveRegistration(w.ctx, w.agency, w.shoe.ID); err != nil || r.State != registration.Approved || r.Rejection != (registration.Rejection{}) {
		t.Fatalf("approve after rejection = %+v, %v", r, err)
	}
	if _, err := w.svc.ApproveRegistration(w.ctx, w.agency, w.shoe.ID); !errors.Is(err, registration.ErrTransition) {
		t.Errorf("approve twice = %v, want ErrTransition", err)
	}
	if _, err := w.svc.RejectRegistration(w.ctx, w.agency, w.shoe.ID, registration.Rejection{Reason: registration.HardToPromote}); !errors.Is(err, registration.ErrTransition) {
		t.Errorf("reject an approved one = %v, want ErrTransition", err)
	}

	lamp := w.register(w.trail, w.camp.ID, "lamp", "Desk lamp", "11%")
	if _, err := w.svc.RejectRegistration(w.ctx, w.agency, lamp.ID, registration.Rejection{Reason: registration.Other}); !errors.Is(err, partnerkit.ErrInvalid) {
		t.Errorf("reject as other without text = %v, want ErrInvalid", err)
	}
	if _, err := w.svc.RejectRegistration(w.ctx, w.agency, lamp.ID, registration.Rejection{Reason: registration.CommissionTooLow, ForGood: true}); err != nil {
		t.Fatal(err)
	}
	var te *registration.TransitionError
	if _, err := w.svc.ApproveRegistration(w.ctx, w.agency, lamp.ID); !errors.As(err, &te) || !te.ForGood {
		t.Errorf("approve after a rejection for good = %v, want a *TransitionError for good", err)
	}
	if _, err := w.svc.RejectRegistration(w.ctx, w.agency, lamp.ID, registration.Rejection{Reason: registration.HardToPromote}); !errors.Is(err, registration.ErrTransition) {
		t.Errorf("re-decide after a rejection for good = %v, want ErrTransition", err)
	}
	want := []string{"registration.rejected", "registration.rejected", "registration.approved", "registration.created", "registration.rejected"}
	if diff := cmp.Diff(want, w.outbox(seq)); diff != "" {
		t.Errorf("outbox (-want +got):\n%s", diff)
	}
}

// R3
func TestRateFrozenOnceApproved(t *testing.T) {
	w := newWorld(t)
	if _, err := w.svc.RegisterProduct(w.ctx, w.glow, partnerkit.RegisterInput{
		Campaign: w.camp.ID, Product: w.serum.Product, ProductTitle: w.serum.ProductTitle, Rate: rate(t, "20%")}); !errors.Is(err, partnerkit.ErrConflict) {
		t.Errorf("registering the approved product again at 20%% = %v, want ErrConflict", err)
	}
	rs, _, err := w.svc.Registrations(w.ctx, w.glow, registration.Filter{Product: w.serum.Product}, partnerkit.Page{})
	if err != nil || len(rs) != 1 || rs[0].Rate != rate(t, "15%") || !rs[0].ApprovedAt.Equal(start.UTC()) {
		t.Fatalf("serum after a second registration = %+v, %v; want one at 15%%", rs, err)
	}
	// Creator rates stay within the frozen total.
	if _, err := w.svc.AddToList(w.ctx, w.agency, w.list.ID, w.shoe.ID, rate(t, "5%")); !errors.Is(err, partnerkit.ErrNotFound) && !errors.Is(err, partnerkit.ErrInvalid) {
		t.Errorf("AddToList(pending product) = %v, want it refused", err)
	}
	if _, err := w.svc.SetCreatorRate(w.ctx, w.agency, w.list.ID, w.serum.ID, rate(t, "15.01%"), w.clock.Now()); !errors.Is(err, partnerkit.ErrInvalid) {
		t.Errorf("SetCreatorRate above the total = %v, want ErrInvalid", err)
	}
	if _, err := w.svc.SetCreatorRate(w.ctx, w.agency, w.list.ID, w.serum.ID, rate(t, "15%"), w.clock.Now()); err != nil {
		t.Errorf("SetCreatorRate at the total = %v", err)
	}
}

// R4
func TestCancellation(t *testing.T) {
	w := newWorld(t)
	seq := w.lastSeq()
	if _, err := w.svc.RequestCancellation(w.ctx, w.glow, w.shoe.ID); !errors.Is(err, partnerkit.ErrNotFound) {
		t.Errorf("RequestCancellation of another shop's registration = %v, want ErrNotFound", err)
	}
	if _, err := w.svc.RequestCancellation(w.ctx, w.trail, w.shoe.ID); !errors.Is(err, registration.ErrTransition) {
		t.Errorf("RequestCancellation of a pending one = %v, want ErrTransition", err)
	}
	if _, err := w.svc.DecideCancellation(w.ctx, w.agency, w.serum.ID, true); !errors.Is(err, registration.ErrTransition) {
		t.Errorf("DecideCancellation with no request = %v, want ErrTransition", err)
	}
	r, err := w.svc.RequestCancellation(w.ctx, w.glow, w.serum.ID)
	if err != nil || r.State != registration.PendingClose {
		t.Fatalf("RequestCancellation = %v, %v; want pending_close", r.State, err)
	}
	if r, err = w.svc.DecideCancellation(w.ctx, w.agency, w.serum.ID, false); err != nil || r.State != registration.Approved {
		t.Fatalf("decline = %v, %v; want approved", r.State, err)
	}
	if _, err := w.svc.RequestCancellation(w.ctx, w.glow, w.serum.ID); err != nil {
		t.Fatal(err)
	}
	// Still offered to creators while the agency decides.
	if res, err := w.svc.ResolveLinks(w.ctx, w.maya, []string{string(w.listLink)}); err != nil || len(res.Offers) != 2 {
		t.Errorf("ResolveLinks while pending close = %d offers, %v; want 2", len(res.Offers), err)
	}
	if r, err = w.svc.DecideCancellation(w.ctx, w.agency, w.serum.ID, true); err != nil || r.State != registration.Closed {
		t.Fatalf("approve = %v, %v; want closed", r.State, err)
	}
	res, err := w.svc.ResolveLinks(w.ctx, w.maya, []string{string(w.listLink)})
	if err != nil || len(res.Offers) != 1 || res.Offers[0].Product != w.mask.Product {
		t.Errorf("ResolveLinks after closing the serum = %+v, %v; want only the mask", res.Offers, err)
	}
	want := []string{"registration.cancel_requested", "registration.cancel_declined", "registration.cancel_requested", "registration.closed"}
	if diff := cmp.Diff(want, w.outbox(seq)); diff != "" {
		t.Errorf("outbox (-want +got):\n%s", diff)
	}
}

// R5, R2 (approved collaborations read as closed once the campaign ended)
func TestRegistrationFilters(t *testing.T) {
	w := newWorld(t)
	if _, err := w.svc.RejectRegistration(w.ctx, w.agency, w.shoe.ID, registration.Rejection{Reason: registration.TooExpensive}); err != nil {
		t.Fatal(err)
	}
	ids := func(rs []registration.Registration) []registration.ID {
		var out []registration.ID
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return out
	}
	tests := []struct {
		f    registration.Filter
		want []registration.ID
	}{
		{registration.Filter{}, []registration.ID{w.serum.ID, w.mask.ID, w.shoe.ID}},
		{registration.Filter{Status: registration.Approved}, []registration.ID{w.serum.ID, w.mask.ID}},
		{registration.Filter{Status: registration.Rejected}, []registration.ID{w.shoe.ID}},
		{registration.Filter{Shop: w.trail.Shop}, []registration.ID{w.shoe.ID}},
		{registration.Filter{Product: "mask-5pk"}, []registration.ID{w.mask.ID}},
		{registration.Filter{Text: "SERUM"}, []registration.ID{w.serum.ID}},
		{registration.Filter{Text: "running"}, []registration.ID{w.shoe.ID}},
		{registration.Filter{Shop: w.glow.Shop, Status: registration.Rejected}, nil},
	}
	for _, tt := range tests {
		rs, _, err := w.svc.CampaignRegistrations(w.ctx, w.agency, w.camp.ID, tt.f, partnerkit.Page{})
		if err != nil {
			t.Fatalf("CampaignRegistrations(%+v): %v", tt.f, err)
		}
		if diff := cmp.Diff(tt.want, ids(rs)); diff != "" {
			t.Errorf("CampaignRegistrations(%+v) (-want +got):\n%s", tt.f, diff)
		}
	}
	// A seller sees its own registrations in every campaign, whatever shop
	// it asks for.
	rs, _, err := w.svc.Registrations(w.ctx, w.glow, registration.Filter{Shop: w.trail.Shop}, partnerkit.Page{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]registration.ID{w.serum.ID, w.mask.ID, w.cream.ID}, ids(rs)); diff != "" {
		t.Errorf("Registrations(glow) (-want +got):\n%s", diff)
	}
	// From the campaigns' end, approved collaborations read as closed, and
	// filter as closed.
	w.clock.Set(day(6, 1))
	rs, _, err = w.svc.Registrations(w.ctx, w.glow, registration.Filter{}, partnerkit.Page{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if r.State != registration.Closed {
			t.Errorf("after the end: %s is %v, want closed", r.ID, r.State)
		}
	}
	for _, tt := range []struct {
		state registration.State
		want  []registration.ID
	}{
		{registration.Closed, []registration.ID{w.serum.ID, w.mask.ID, w.cream.ID}},
		{registration.Approved, nil},
	} {
		rs, _, err := w.svc.Registrations(w.ctx, w.glow, registration.Filter{Status: tt.state}, partnerkit.Page{})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, ids(rs)); diff != "" {
			t.Errorf("after the end, Registrations(status %v) (-want +got):\n%s", tt.state, diff)
		}
	}
}

// P1
func TestBookmarks(t *testing.T) {
	w := newWorld(t)
	products := func(f productlist.ProductFilter) []registration.ID {
		t.Helper()
		ps, _, err := w.svc.Products(w.ctx, w.agency, f, partnerkit.Page{})
		if err != nil {
			t.Fatalf("Products(%+v): %v", f, err)
		}
		var out []registration.ID
		for _, p := range ps {
			out = append(out, p.Registration)
		}
		return out
	}
	for range 2 { // twice is a no-op
		if err := w.svc.Bookmark(w.ctx, w.agency, w.serum.ID); err != nil {
			t.Fatalf("Bookmark: %v", err)
		}
	}
	tests := []struct {
		f    productlist.ProductFilter
		want []registration.ID
	}{
		{productlist.ProductFilter{Bookmark: productlist.AllProducts}, []registration.ID{w.serum.ID, w.mask.ID}}, // not the pending shoe
		{productlist.ProductFilter{Bookmark: productlist.Bookmarked}, []registration.ID{w.serum.ID}},
		{productlist.ProductFilter{Bookmark: productlist.NotBookmarked}, []registration.ID{w.mask.ID}},
		{productlist.ProductFilter{Bookmark: productlist.AllProducts, Text: "MASK"}, []registration.ID{w.mask.ID}},
		{productlist.ProductFilter{Bookmark: productlist.AllProducts, Campaign: w.rivalCamp.ID}, nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, products(tt.f)); diff != "" {
			t.Errorf("Products(%+v) (-want +got):\n%s", tt.f, diff)
		}
	}
	// The zero filter is every product, as with AllProducts; a filter
	// value that is no constant is refused.
	if diff := cmp.Diff(products(productlist.ProductFilter{Bookmark: productlist.AllProducts}), products(productlist.ProductFilter{})); diff != "" {
		t.Errorf("Products(zero filter) differs from AllProducts (-want +got):\n%s", diff)
	}
	if _, _, err := w.svc.Products(w.ctx, w.agency, productlist.ProductFilter{Bookmark: productlist.NotBookmarked + 1}, partnerkit.Page{}); !errors.Is(err, partnerkit.ErrInvalid) {
		t.Errorf("Products(bookmark filter %d) = %v, want ErrInvalid", productlist.NotBookmarked+1, err)
	}
	if err := w.svc.Bookmark(w.ctx, w.agency, w.shoe.ID); !errors.Is(err, partnerkit.ErrInvalid) {
		t.Errorf("Bookmark(pending product) = %v, want ErrInvalid", err)
	}
	if err := w.svc.Bookmark(w.ctx, w.agency, w.cream.ID); !errors.Is(err, partnerkit.ErrNotFound) {
		t.Errorf("Bookmark(another agency's product) = %v, want ErrNotFound", err)
	}
	if err := w.svc.Unbookmark(w.ctx, w.agency, w.serum.ID); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.Unbookmark(w.ctx, w.agency, w.serum.ID); !errors.Is(err, partnerkit.ErrNotFound) {
		t.Errorf("Unbookmark twice = %v, want ErrNotFound", err)
	}
	if got := products(productlist.ProductFilter{Bookmark: productlist.Bookmarked}); len(got) != 0 {
		t.Errorf("bookmarked after Unbookmark = %v, want none", got)
	}
}

// P2
func TestListLifecycle(t *testing.T) {
	w := newWorld(t)
	l, err := w.svc.CreateList(w.ctx, w.agency, "Autumn")
	if err != nil || len(l.Entries) != 0 {
		t.Fatalf("CreateList = %+v, %v", l, err)
	}
	if _, err := w.svc.CreateList(w.ctx, w.agency, ""); !errors.Is(err, partnerkit.ErrInvalid) {
		t.Errorf("CreateList(no name) = %v, want ErrInvalid", err)
	}
	if l, err = w.svc.RenameList(w.ctx, w.agency, l.ID, "Autumn picks"); err != nil || l.Name != "Autumn picks" {
		t.Fatalf("RenameList = %q, %v", l.Name, err)
	}
	if l, err = w.svc.AddToList(w.ctx, w.agency, l.ID, w.mask.ID, rate(t, "6%")); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.AddToList(w.ctx, w.agency, l.ID, w.mask.ID, rate(t, "6%")); !errors.Is(err, partnerkit.ErrConflict) {
		t.Errorf("AddToList twice = %v, want ErrConflict", err)
	}
	if _, err := w.svc.AddToList(w.ctx, w.agency, l.ID, w.serum.ID, rate(t, "15.5%")); !errors.Is(err, partnerkit.ErrInvalid) {
		t.Errorf("AddToList above the total = %v, want ErrInvalid", err)
	}
	if l, err = w.svc.AddToList(w.ctx, w.agency, l.ID, w.serum.ID, rate(t, "15%")); err != nil {
		t.Fatal(err)
	}
	if l, err = w.svc.SetCreatorRate(w.ctx, w.agency, l.ID, w.mask.ID, rate(t, "7%"), w.clock.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	e, _ := l.Entry(w.mask.ID)
	if diff := cmp.Diff([]productlist.RateVersion{
		{Version: 1, Rate: rate(t, "6%"), Effective: start.UTC()},
		{Version: 2, Rate: rate(t, "7%"), Effective: start.Add(time.Hour).UTC()},
	}, []productlist.RateVersion(e.Rates)); diff != "" {
		t.Errorf("mask rate history (-want +got):\n%s", diff)
	}
	if _, err := w.svc.SetCreatorRate(w.ctx, w.agency, l.ID, w.mask.ID, rate(t, "5%"), w.clock.Now().Add(-time.Second)); !errors.Is(err, partnerkit.ErrInvalid) {
		t.Errorf("SetCreatorRate effective in the past = %v, want ErrInvalid", err)
	}
	if l, err = w.svc.RemoveFromList(w.ctx, w.agency, l.ID, w.serum.ID); err != nil || len(l.Entries) != 1 {
		t.Fatalf("RemoveFromList = %d entries, %v", len(l.Entries), err)
	}
	if _, err := w.svc.RemoveFromList(w.ctx, w.agency, l.ID, w.serum.ID); !errors.Is(err, partnerkit.ErrNotFound) {
		t.Errorf("RemoveFromList twice = %v, want ErrNotFound", err)
	}
	dup, err := w.svc.DuplicateList(w.ctx, w.agency, l.ID, "Autumn copy")
	if err != nil || dup.ID == l.ID || dup.Name != "Autumn copy" {
		t.Fatalf("DuplicateList = %+v, %v", dup, err)
	}
	if diff := cmp.Diff(l.Entries, dup.Entries); diff != "" {
		t.Errorf("duplicate's entries (-want +got):\n%s", diff)
	}
	got, err := w.svc.List(w.ctx, w.agency, dup.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(dup, got); diff != "" {
		t.Errorf("List(duplicate) (-want +got):\n%s", diff)
	}
	names := func(q string) []string {
		ls, _, err := w.svc.Lists(w.ctx, w.agency, q, partnerkit.Page{})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, l := range ls {
			out = append(out, l.Name)
		}
		return out
	}
	if diff := cmp.Diff([]string{"Spring picks", "Autumn picks", "Autumn copy"}, names("")); diff != "" {
		t.Errorf("Lists(\"\") (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Autumn picks", "Autumn copy"}, names("AUTUMN")); diff != "" {
		t.Errorf("Lists(\"AUTUMN\") (-want +got):\n%s", diff)
	}
	if err := w.svc.DeleteList(w.ctx, w.agency, l.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.List(w.ctx, w.agency, l.ID); !errors.Is(err, partnerkit.ErrNotFound) {
		t.Errorf("List(deleted) = %v, want ErrNotFound", err)
	}
	if err := w.svc.DeleteList(w.ctx, w.agency, l.ID); !errors.Is(err, partnerkit.ErrNotFound) {
		t.Errorf("DeleteList twice = %v, want ErrNotFound", err)
	}
}

// P2
func TestListLimits(t *testing.T) {
	w := newWorld(t)
	full, err := w.svc.CreateList(w.ctx, w.agency, "Full")
	if err != nil {
		t.Fatal(err)
	}
	for i := range productlist.MaxProducts + 1 {
		r := w.register(w.glow, w.camp.ID, fmt.Sprintf("p%03d", i), fmt.Sprintf("Product %d", i), "10%")
		r = w.approve(w.agency, r.ID)
		_, err := w.svc.AddToList(w.ctx, w.agency, full.ID, r.ID, rate(t, "5%"))
		switch {
		case i < productlist.MaxProducts && err != nil:
			t.Fatalf("AddToList #%d: %v", i+1, err)
		case i == productlist.MaxProducts && !errors.Is(err, partnerkit.ErrLimit):
			t.Fatalf("AddToList #%d = %v, want ErrLimit", i+1, err)
		}
	}
	if full, err = w.svc.List(w.ctx, w.agency, full.ID); err != nil || len(full.Entries) != productlist.MaxProducts {
		t.Fatalf("full list has %d entries, %v", len(full.Entries), err)
	}
	if _, err := w.svc.DuplicateList(w.ctx, w.agency, full.ID, "Full copy"); err != nil {
		t.Fatalf("DuplicateList(100 products) = %v", err)
	}

	// The world's list, "Full" and its copy: 3 so far.
	for i := 3; i < productlist.MaxLists; i++ {
		if _, err := w.svc.CreateList(w.ctx, w.agency, fmt.Sprintf("List %d", i)); err != nil {
			t.Fatalf("CreateList #%d: %v", i+1, err)
		}
	}
	if _, err := w.svc.CreateList(w.ctx, w.agency, "One too many"); !errors.Is(err, partnerkit.ErrLimit) {
		t.Errorf("CreateList #1001 = %v, want ErrLimit", err)
	}
	if _, err := w.svc.DuplicateList(w.ctx, w.agency, full.ID, "One too many"); !errors.Is(err, partnerkit.ErrLimit) {
		t.Errorf("DuplicateList as #1001 = %v, want ErrLimit", err)
	}
	if _, err := w.svc.CreateList(w.ctx, w.rival, "The rival's own"); err != nil {
		t.Errorf("another agency's CreateList = %v; the limit is per agency", err)
	}
	if err := w.svc.DeleteList(w.ctx, w.agency, full.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.CreateList(w.ctx, w.agency, "After a delete"); err != nil {
		t.Errorf("CreateList after a delete = %v", err)
	}
}

// P3
func TestExportLinksAndShare(t *testing.T) {
	w := newWorld(t)
	csv, err := w.svc.ExportLinks(w.ctx, w.agency, w.list.ID)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := productlist.ParseCSV(csv)
	if err != nil {
		t.Fatalf("ParseCSV(ExportLinks): %v", err)
	}
	type row struct {
		Product registration.ProductID
		Rate    commission.Rate
	}
	var got []row
	for _, r := range rows {
		got = append(got, row{r.Product, r.CreatorRate})
		res, err := w.svc.ResolveLinks(w.ctx, w.maya, []string{string(r.Link)})
		if err != nil || len(res.Offers) != 1 || res.Offers[0].CreatorRate != r.CreatorRate {
			t.Errorf("ResolveLinks(exported link of %s) = %+v, %v", r.Product, res.Offers, err)
		}
	}
	if diff := cmp.Diff([]row{{"serum-30ml", rate(t, "10%")}, {"mask-5pk", rate(t, "8%")}}, got); diff != "" {
		t.Errorf("exported rows (-want +got):\n%s", diff)
	}
	for _, total := range []string{"15%", "12%"} {
		if strings.Contains(string(csv), total) {
			t.Errorf("the CSV shows a total rate %s:\n%s", total, csv)
		}
	}

	link, err := w.svc.ShareProduct(w.ctx, w.agency, w.serum.ID, rate(t, "12%"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := w.svc.ResolveLinks(w.ctx, w.maya, []string{string(link)})
	if err != nil || len(res.Offers) != 1 || res.Offers[0].CreatorRate != rate(t, "12%") {
		t.Errorf("ResolveLinks(product link) = %+v, %v; want the serum at 12%%", res.Offers, err)
	}
	if _, err := w.svc.ShareProduct(w.ctx, w.agency, w.serum.ID, rate(t, "15.01%")); !errors.Is(err, partnerkit.ErrInvalid) {
		t.Errorf("ShareProduct above the total = %v, want ErrInvalid", err)
	}
	if _, err := w.svc.ShareProduct(w.ctx, w.agency, w.shoe.ID, rate(t, "5%")); !errors.Is(err, partnerkit.ErrInvalid) {
		t.Errorf("ShareProduct(pending product) = %v, want ErrInvalid", err)
	}
	// Every single-byte change of a link is refused.
	for _, l := range []productlist.Link{w.listLink, link} {
		for i := range len(l) {
			b := []byte(l)
			b[i] ^= 1
			if _, err := w.svc.ResolveLinks(w.ctx, w.maya, []string{string(b)}); !errors.Is(err, partnerkit.ErrBadLink) {
				t.Fatalf("ResolveLinks(link with byte %d changed) = %v, want ErrBadLink", i, err)
			}
		}
	}
	nokeys := partnerkit.New(w.store, partnerkit.Options{Clock: w.clock.Now})
	var fe *partnerkit.FieldError
	if _, err := nokeys.ShareList(w.ctx, w.agency, w.list.ID); !errors.Is(err, partnerkit.ErrNoKey) || !errors.As(err, &fe) || fe.Field != "agency" {
		t.Errorf("ShareList without keys = %v, want ErrNoKey as a FieldError for the agency", err)
	}
	if _, err := nokeys.ResolveLinks(w.ctx, w.maya, []string{string(w.listLink)}); !errors.Is(err, partnerkit.ErrBadLink) {
		t.Errorf("ResolveLinks without keys = %v, want ErrBadLink", err)
	}
}

// P4
func TestResolveAndAccept(t *testing.T) {
	w := newWorld(t)
	seq := w.lastSeq()
	res, err := w.svc.ResolveLinks(w.ctx, w.maya, []string{string(w.listLink)})
	if err != nil {
		t.Fatal(err)
	}
	type offer struct {
		Product registration.ProductID
		Rate    commission.Rate
		Version int
	}
	var got []offer
	for _, o := range res.Offers {
		got = append(got, offer{o.Product, o.CreatorRate, o.RateVersion})
	}
	if diff := cmp.Diff([]offer{{"serum-30ml", rate(t, "10%"), 1}, {"mask-5pk", rate(t, "8%"), 1}}, got); diff != "" {
		t.Errorf("offers (-want +got):\n%s", diff)
	}
	if len(res.Notices) != 0 {
		t.Errorf("notices for a creator with no rates = %+v", res.Notices)
	}
	sc := w.accept(w.maya, w.listLink, w.rivalLink)
	var entries []registration.ProductID
	for _, e := range sc.Entries {
		entries = append(entries, e.Product)
	}
	if diff := cmp.Diff([]registration.ProductID{"serum-30ml", "mask-5pk", "night-cream"}, entries); diff != "" {
		t.Errorf("showcase (-want +got):\n%s", diff)
	}
	if got, err := w.svc.Showcase(w.ctx, w.maya); err != nil || !cmp.Equal(sc, got) {
		t.Errorf("Showcase = %v, %v; want what AcceptLinks returned", cmp.Diff(sc, got), err)
	}
	if diff := cmp.Diff([]string{"showcase.accepted"}, w.outbox(seq)); diff != "" {
		t.Errorf("outbox (-want +got):\n%s", diff)
	}

	empty, err := w.svc.CreateList(w.ctx, w.agency, "Empty")
	if err != nil {
		t.Fatal(err)
	}
	emptyLink, err := w.svc.ShareList(w.ctx, w.agency, empty.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.ResolveLinks(w.ctx, w.leo, []string{string(emptyLink)}); !errors.Is(err, partnerkit.ErrNoProducts) {
		t.Errorf("ResolveLinks(empty list) = %v, want ErrNoProducts", err)
	}
	if _, err := w.svc.AcceptLinks(w.ctx, w.leo, []string{string(emptyLink)}); !errors.Is(err, partnerkit.ErrNoProducts) {
		t.Errorf("AcceptLinks(empty list) = %v, want ErrNoProducts", err)
	}
	if _, err := w.svc.AcceptLinks(w.ctx, w.leo, []string{"not-a-link"}); !errors.Is(err, partnerkit.ErrBadLink) {
		t.Errorf("AcceptLinks(garbage) = %v, want ErrBadLink", err)
	}
	if err := w.svc.DeleteList(w.ctx, w.rival, w.rivalList.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.ResolveLinks(w.ctx, w.leo, []string{string(w.rivalLink)}); !errors.Is(err, partnerkit.ErrNoProducts) {
		t.Errorf("ResolveLinks(deleted list) = %v, want ErrNoProducts", err)
	}
	for _, id := range []registration.ID{w.serum.ID, w.mask.ID} {
		if _, err := w.svc.RequestCancellation(w.ctx, w.glow, id); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.DecideCancellation(w.ctx, w.agency, id, true); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.svc.ResolveLinks(w.ctx, w.leo, []string{string(w.listLink)}); !errors.Is(err, partnerkit.ErrNoProducts) {
		t.Errorf("ResolveLinks(every product closed) = %v, want ErrNoProducts", err)
	}
	if _, err := w.svc.ResolveLinks(w.ctx, partnerkit.Creator{}, []string{string(w.listLink)}); !errors.Is(err, partnerkit.ErrForbidden) {
		t.Errorf("ResolveLinks(no creator id) = %v, want ErrForbidden", err)
	}
}

// P5
func TestLowerRateNotice(t *testing.T) {
	w := newWorld(t)
	link12, err := w.svc.ShareProduct(w.ctx, w.agency, w.serum.ID, rate(t, "12%"))
	if err != nil {
		t.Fatal(err)
	}
	w.accept(w.leo, link12)
	seq := w.lastSeq()
	res, err := w.svc.ResolveLinks(w.ctx, w.leo, []string{string(w.listLink)})
	if err != nil {
		t.Fatal(err)
	}
	want := []productlist.LowerRateNotice{{Creator: w.leo.ID, Shop: w.glow.Shop, Product: "serum-30ml", Offered: rate(t, "10%"), Current: rate(t, "12%")}}
	if diff := cmp.Diff(want, res.Notices); diff != "" {
		t.Errorf("notices (-want +got):\n%s", diff)
	}
	ms, err := w.svc.Outbox(w.ctx, w.host, seq, 10)
	if err != nil || len(ms) != 1 || ms[0].Kind != "showcase.lower_rate" || ms[0].Key != string(w.leo.ID) {
		t.Fatalf("outbox after the notice = %+v, %v", ms, err)
	}
	var ev partnerkit.LowerRateOffered
	if err := json.Unmarshal(ms[0].Payload, &ev); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want[0], productlist.LowerRateNotice(ev)); diff != "" {
		t.Errorf("outbox payload (-want +got):\n%s", diff)
	}
	// A higher offer is no notice.
	if res, err := w.svc.ResolveLinks(w.ctx, w.maya, []string{string(link12)}); err != nil || len(res.Notices) != 0 {
		t.Errorf("ResolveLinks for a creator without the product = %+v, %v", res.Notices, err)
	}
	// The rate falls between what ResolveLinks showed and the acceptance:
	// the acceptance below the creator's rate is recorded all the same.
	link9, err := w.svc.ShareProduct(w.ctx, w.agency, w.serum.ID, rate(t, "9%"))
	if err != nil {
		t.Fatal(err)
	}
	w.accept(w.maya, link9)
	if res, err := w.svc.ResolveLinks(w.ctx, w.maya, []string{string(w.listLink)}); err != nil || len(res.Notices) != 0 {
		t.Fatalf("ResolveLinks at 10%% over 9%% = %+v, %v; want no notice", res.Notices, err)
	}
	if _, err := w.svc.SetCreatorRate(w.ctx, w.agency, w.list.ID, w.serum.ID, rate(t, "5%"), start); err != nil {
		t.Fatal(err)
	}
	seq = w.lastSeq()
	w.accept(w.maya, w.listLink)
	if got := w.outbox(seq); !slices.Contains(got, "showcase.lower_rate_accepted") {
		t.Errorf("outbox after accepting 5%% over 9%% = %v, want showcase.lower_rate_accepted", got)
	}
}

// P6, K2
func TestRateVersionsPayAtPlacement(t *testing.T) {
	w := newWorld(t)
	// 12% from day 2; maya accepts on day 0, with the change announced.
	if _, err := w.svc.SetCreatorRate(w.ctx, w.agency, w.list.ID, w.serum.ID, rate(t, "12%"), start.Add(48*time.Hour)); err != nil {
		t.Fatal(err)
	}
	res, err := w.svc.ResolveLinks(w.ctx, w.maya, []string{string(w.listLink)})
	if err != nil || res.Offers[0].CreatorRate != rate(t, "10%") || len(res.Offers[0].Scheduled) != 1 {
		t.Fatalf("offer = %+v, %v; want 10%% now and 12%% scheduled", res.Offers, err)
	}
	w.accept(w.maya, w.listLink)
	day1, day3 := start.Add(24*time.Hour), start.Add(72*time.Hour)
	w.clock.Set(start.Add(96 * time.Hour))
	// Reported out of order: the later order first.
	w.ingest(
		w.event("e2", attribution.Paid, "o-2", w.maya, w.serum, "39.98", day3, day3),
		w.event("e1", attribution.Paid, "o-1", w.maya, w.serum, "39.98", day1, day1),
	)
	orders, err := w.svc.CreatorOrders(w.ctx, w.maya, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	type paid struct {
		Order      attribution.OrderID
		Rate       commission.Rate
		Commission string
	}
	var got []paid
	for _, o := range orders {
		got = append(got, paid{o.Key.Order, o.Rate, o.Commission.String()})
	}
	// 39.98 x 10% = 3.998 -> 4.00; x 12% = 4.7976 -> 4.80.
	if diff := cmp.Diff([]paid{{"o-1", rate(t, "10%"), "4.00 USD"}, {"o-2", rate(t, "12%"), "4.80 USD"}}, got); diff != "" {
		t.Errorf("creator orders (-want +got):\n%s", diff)
	}
	var versions []int
	_ = w.store.View(w.ctx, func(tx storage.Tx) error {
		for _, k := range []attribution.LineKey{{Order: "o-1", Line: "1"}, {Order: "o-2", Line: "1"}} {
			l, err := tx.Orders().Get(k)
			if err != nil {
				t.Fatal(err)
			}
			versions = append(versions, l.Attribution.Terms.RateVersion)
			if l.Attribution.Terms.List != w.list.ID {
				t.Errorf("line %v: list %q, want %q", k, l.Attribution.Terms.List, w.list.ID)
			}
		}
		return nil
	})
	if diff := cmp.Diff([]int{1, 2}, versions); diff != "" {
		t.Errorf("rate versions (-want +got):\n%s", diff)
	}
	// Before the creator accepted, an order earns nothing.
	w.ingest(w.event("e0", attribution.Paid, "o-0", w.leo, w.serum, "10.00", day1, day1))
	orders, _ = w.svc.CreatorOrders(w.ctx, w.leo, time.Time{}, time.Time{})
	if len(orders) != 1 || orders[0].Status != attribution.StatusUnattributed || orders[0].Reason != attribution.NoShowcaseEntry {
		t.Errorf("leo's order without a showcase entry = %+v", orders)
	}
}

// lineOf reads one order line straight from the store.
func (w *world) lineOf(order string) attribution.Line {
	w.t.Helper()
	var l attribution.Line
	err := w.store.View(w.ctx, func(tx storage.Tx) error {
		var err error
		l, err = tx.Orders().Get(attribution.LineKey{Order: attribution.OrderID(order), Line: "1"})
		return err
	})
	if err != nil {
		w.t.Fatalf("line %s: %v", order, err)
	}
	return l
}

// cents formats a commission.Line as "base total creator agency".
func cents(l commission.Line) string {
	return fmt.Sprintf("%v %v %v %v", l.Base, l.Total, l.Creator, l.Agency)
}

// A1, K3
func TestIngestIdempotencyAndConflict(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	w.accept(w.leo, w.listLink)
	paid := w.event("e1", attribution.Paid, "o-1", w.maya, w.serum, "39.98", start, start)
	first := w.ingest(paid)[0].Line
	rs := w.ingest(paid)
	if !rs[0].Duplicate || !cmp.Equal(first, rs[0].Line) {
		t.Errorf("the same event twice: duplicate %v, line changed %v", rs[0].Duplicate, cmp.Diff(first, rs[0].Line))
	}
	seq := w.lastSeq()
	changed := paid
	changed.Amount = money(t, "39.99")
	if _, err := w.svc.IngestEvent(w.ctx, w.host, changed); !errors.Is(err, partnerkit.ErrConflict) {
		t.Errorf("same id, other amount = %v, want ErrConflict", err)
	}
	elsewhere := w.event("e1", attribution.Paid, "o-2", w.maya, w.serum, "39.98", start, start)
	if _, err := w.svc.IngestEvent(w.ctx, w.host, elsewhere); !errors.Is(err, partnerkit.ErrConflict) {
		t.Errorf("same id on another line = %v, want ErrConflict", err)
	}
	second := w.event("e1b", attribution.Paid, "o-1", w.maya, w.serum, "10.00", start, start)
	if _, err := w.svc.IngestEvent(w.ctx, w.host, second); !errors.Is(err, partnerkit.ErrConflict) {
		t.Errorf("a second payment of the line = %v, want ErrConflict (K3)", err)
	}
	// K3: another creator's event on the line, in a call of its own or
	// in a batch, is the conflict, not a malformed event.
	for _, ev := range []attribution.Event{
		w.event("e-leo-ship", attribution.Shipped, "o-1", w.leo, w.serum, "", start.Add(time.Hour), start),
		w.event("e-leo-paid", attribution.Paid, "o-1", w.leo, w.serum, "39.98", start, start),
	} {
		if _, err := w.svc.IngestEvent(w.ctx, w.host, ev); !errors.Is(err, partnerkit.ErrConflict) {
			t.Errorf("%s by another creator on the line = %v, want ErrConflict (K3)", ev.Kind, err)
		}
		rs, err := w.svc.IngestEvents(w.ctx, w.host, []attribution.Event{ev})
		if err != nil || !errors.Is(rs[0].Err, partnerkit.ErrConflict) {
			t.Errorf("%s by another creator on the line, batched = %+v, %v; want ErrConflict (K3)", ev.Kind, rs, err)
		}
	}
	bad := w.event("e3", attribution.Paid, "o-3", partnerkit.Creator{}, w.serum, "5.00", start, start)
	ok := w.event("e4", attribution.Paid, "o-4", w.maya, w.mask, "5.00", start, start)
	rs, err := w.svc.IngestEvents(w.ctx, w.host, []attribution.Event{bad, ok})
	if err != nil || !errors.Is(rs[0].Err, partnerkit.ErrInvalid) || rs[1].Err != nil {
		t.Fatalf("batch with an invalid event = %+v, %v; want only the first refused", rs, err)
	}
	if diff := cmp.Diff(first, w.lineOf("o-1")); diff != "" {
		t.Errorf("line o-1 after refused events (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"order.attributed"}, w.outbox(seq)); diff != "" {
		t.Errorf("outbox after the batch (only o-4's payment) (-want +got):\n%s", diff)
	}
}

// A1: every permutation of a line's events, with a repeat, gives the same
// line.
func TestIngestOrderDoesNotMatter(t *testing.T) {
	var want attribution.Line
	evs := func(w *world) []attribution.Event {
		return []attribution.Event{
			w.event("p", attribution.Paid, "o-1", w.maya, w.serum, "39.98", start, start),
			w.event("d", attribution.Delivered, "o-1", w.maya, w.serum, "", start.Add(24*time.Hour), start),
			w.event("s", attribution.Settled, "o-1", w.maya, w.serum, "", start.Add(48*time.Hour), start),
			w.event("r", attribution.Refunded, "o-1", w.maya, w.serum, "20.00", start.Add(72*time.Hour), start),
		}
	}
	perms := [][]int{{0, 1, 2, 3}, {3, 2, 1, 0}, {2, 0, 3, 1}, {1, 3, 0, 2}, {3, 0, 1, 2}, {2, 3, 3, 1, 0}}
	for i, perm := range perms {
		w := newWorld(t)
		w.accept(w.maya, w.listLink)
		w.clock.Set(start.Add(100 * time.Hour))
		all := evs(w)
		for _, j := range perm {
			w.ingest(all[j])
		}
		got := w.lineOf("o-1")
		if i == 0 {
			want = got
			if n := len(got.Ledger.Entries); n != 2 || cents(got.Ledger.Posted) != "19.98 USD 3.00 USD 2.00 USD 1.00 USD" {
				t.Fatalf("ledger: %d entries, posted %s; want settlement and reversal, 19.98/3.00/2.00/1.00", n, cents(got.Ledger.Posted))
			}
			continue
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("order %v (-want +got):\n%s", perm, diff)
		}
	}
}

// A2, K2
func TestMetrics(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	w.accept(w.leo, w.listLink)
	h := func(n int) time.Time { return start.Add(time.Duration(n) * time.Hour) }
	w.clock.Set(h(72))
	w.ingest(
		w.event("o1-paid", attribution.Paid, "o-1", w.maya, w.serum, "39.98", h(1), h(1)),
		w.event("o2-paid", attribution.Paid, "o-2", w.maya, w.mask, "24.50", h(2), h(2)),
		w.event("o3-paid", attribution.Paid, "o-3", w.leo, w.serum, "19.99", h(3), h(3)),
		w.event("o1-settled", attribution.Settled, "o-1", w.maya, w.serum, "", h(48), h(1)),
	)
	m, err := w.svc.CampaignMetrics(w.ctx, w.agency, w.camp.ID)
	if err != nil {
		t.Fatal(err)
	}
	type figures struct {
		PaidOrders, Creators        int64
		GMV, EstC, EstA, SetC, SetA string
	}
	fig := func(m attribution.Metrics) figures {
		return figures{m.PaidOrders, m.Creators, m.GMV.String(), m.EstimatedCreator.String(), m.EstimatedAgency.String(), m.SettledCreator.String(), m.SettledAgency.String()}
	}
	// serum 15%/10%: 39.98 -> 6.00/4.00/2.00 and 19.99 -> 3.00/2.00/1.00;
	// mask 12%/8%: 24.50 -> 2.94/1.96/0.98.
	if diff := cmp.Diff(figures{3, 2, "84.47 USD", "7.96 USD", "3.98 USD", "4.00 USD", "2.00 USD"}, fig(m.Metrics)); diff != "" {
		t.Errorf("campaign metrics (-want +got):\n%s", diff)
	}
	ps, _, err := w.svc.ProductMetrics(w.ctx, w.agency, w.camp.ID, 0, partnerkit.Page{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[registration.ProductID]figures{}
	for _, p := range ps {
		got[p.Product] = fig(p.Metrics)
	}
	want := map[registration.ProductID]figures{
		"mask-5pk":   {1, 1, "24.50 USD", "1.96 USD", "0.98 USD", "0.00 USD", "0.00 USD"},
		"serum-30ml": {2, 2, "59.97 USD", "6.00 USD", "3.00 USD", "4.00 USD", "2.00 USD"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("product metrics (-want +got):\n%s", diff)
	}
	for _, tt := range []struct {
		s    attribution.ContentStatus
		want int
	}{{attribution.ContentPosted, 0}, {attribution.NoContent, 2}} {
		if ps, _, err := w.svc.ProductMetrics(w.ctx, w.agency, w.camp.ID, tt.s, partnerkit.Page{}); err != nil || len(ps) != tt.want {
			t.Errorf("ProductMetrics(content %v) = %d products, %v; want %d", tt.s, len(ps), err, tt.want)
		}
	}

	// The incremental figures equal a recomputation from every line.
	var lines []attribution.Line
	_ = w.store.View(w.ctx, func(tx storage.Tx) error {
		ls, _, err := tx.Orders().List(storage.LineQuery{}, partnerkit.Page{Limit: storage.MaxLimit})
		lines = ls
		return err
	})
	totals, err := attribution.Recompute(lines)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fig(totals.Campaigns[w.camp.ID].Metrics), fig(m.Metrics)); diff != "" {
		t.Errorf("metrics differ from Recompute (-recomputed +kept):\n%s", diff)
	}

	// A4: the seller sees product-level figures: total commission only.
	sp, err := w.svc.SellerProducts(w.ctx, w.glow, w.camp.ID)
	if err != nil {
		t.Fatal(err)
	}
	type sellerFig struct {
		Product   registration.ProductID
		Orders    int64
		GMV, Estd string
		Settled   string
	}
	var sgot []sellerFig
	for _, p := range sp {
		sgot = append(sgot, sellerFig{p.Product, p.PaidOrders, p.GMV.String(), p.EstimatedCommission.String(), p.SettledCommission.String()})
	}
	if diff := cmp.Diff([]sellerFig{
		{"mask-5pk", 1, "24.50 USD", "2.94 USD", "0.00 USD"},
		{"serum-30ml", 2, "59.97 USD", "9.00 USD", "6.00 USD"},
	}, sgot); diff != "" {
		t.Errorf("SellerProducts(glow) (-want +got):\n%s", diff)
	}
	if sp, err := w.svc.SellerProducts(w.ctx, w.trail, w.camp.ID); err != nil || len(sp) != 0 {
		t.Errorf("SellerProducts(trail) = %+v, %v; want none", sp, err)
	}
	if m, err := w.svc.CampaignMetrics(w.ctx, w.rival, w.rivalCamp.ID); err != nil || m.PaidOrders != 0 {
		t.Errorf("rival metrics = %+v, %v; want empty", m, err)
	}
}

// A4
func TestViewsPerParty(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	w.accept(w.leo, w.listLink)
	w.ingest(
		w.event("o1-paid", attribution.Paid, "o-1", w.maya, w.serum, "39.98", start, start),
		w.event("o2-paid", attribution.Paid, "o-2", w.leo, w.mask, "24.50", start, start),
	)
	for _, tt := range []struct {
		c    partnerkit.Creator
		want string
	}{{w.maya, "o-1/1 10% 4.00 USD"}, {w.leo, "o-2/1 8% 1.96 USD"}} {
		orders, err := w.svc.CreatorOrders(w.ctx, tt.c, time.Time{}, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, o := range orders {
			got = append(got, fmt.Sprintf("%v %v %v", o.Key, o.Rate, o.Commission))
		}
		if diff := cmp.Diff([]string{tt.want}, got); diff != "" {
			t.Errorf("CreatorOrders(%s) (-want +got):\n%s", tt.c.ID, diff)
		}
	}
	csv, err := w.svc.SellerOrdersCSV(w.ctx, w.glow, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	want := "order_id,line_id,campaign_id,product_id,status,paid_at,base,commission,currency\n" +
		"o-1,1,campaign-1,serum-30ml,pending,2027-03-01T17:00:00Z,39.98,6.00,USD\n" +
		"o-2,1,campaign-1,mask-5pk,pending,2027-03-01T17:00:00Z,24.50,2.94,USD\n"
	if diff := cmp.Diff(want, strings.ReplaceAll(string(csv), "\r\n", "\n")); diff != "" {
		t.Errorf("SellerOrdersCSV(glow) (-want +got):\n%s", diff)
	}
	if csv, err := w.svc.SellerOrdersCSV(w.ctx, w.trail, time.Time{}, time.Time{}); err != nil || strings.Count(string(csv), "\n") != 1 {
		t.Errorf("SellerOrdersCSV(trail) = %q, %v; want the header only", csv, err)
	}
	if _, err := w.svc.CampaignMetrics(w.ctx, w.rival, w.camp.ID); !errors.Is(err, partnerkit.ErrNotFound) {
		t.Errorf("CampaignMetrics(another agency's campaign) = %v, want ErrNotFound", err)
	}
}

// A5, K5
func TestStatementsReconcile(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	h := func(n int) time.Time { return start.Add(time.Duration(n) * time.Hour) }
	w.clock.Set(h(100))
	seq := w.lastSeq()
	w.ingest(
		w.event("o1-paid", attribution.Paid, "o-1", w.maya, w.serum, "39.98", h(1), h(1)),
		w.event("o1-settled", attribution.Settled, "o-1", w.maya, w.serum, "", h(48), h(1)),
		w.event("o1-refund", attribution.Refunded, "o-1", w.maya, w.serum, "20.00", h(72), h(1)),
		w.event("o2-paid", attribution.Paid, "o-2", w.maya, w.mask, "24.50", h(2), h(2)), // pending: not posted
	)
	w.ingest(w.event("o3-paid", attribution.Paid, "o-3", w.maya, w.mask, "10.00", h(3), h(3)))
	w.ingest(w.event("o3-cancelled", attribution.Cancelled, "o-3", w.maya, w.mask, "", h(4), h(3)))
	want := []string{"order.attributed", "order.settled", "order.reversed", "order.attributed", "order.attributed", "order.reversed"}
	if diff := cmp.Diff(want, w.outbox(seq)); diff != "" {
		t.Errorf("outbox (-want +got):\n%s", diff)
	}
	from, to := day(3, 1), day(4, 1)
	st, err := w.svc.AgencyStatement(w.ctx, w.agency, usd, from, to)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range st.Lines {
		sum, err := l.Amounts.Creator.Add(l.Amounts.Agency)
		if err != nil || !sum.Equal(l.Amounts.Total) {
			t.Errorf("line %v/%d: creator + agency = %v, total %v", l.Key, l.Seq, sum, l.Amounts.Total)
		}
		got = append(got, fmt.Sprintf("%v/%d %v %s", l.Key, l.Seq, l.Kind, cents(l.Amounts)))
	}
	// Settled 39.98 at 15%/10%; the refund leaves 19.98: 3.00/2.00/1.00,
	// so the reversal is the difference.
	if diff := cmp.Diff([]string{
		"o-1/1/1 settlement 39.98 USD 6.00 USD 4.00 USD 2.00 USD",
		"o-1/1/2 reversal -20.00 USD -3.00 USD -2.00 USD -1.00 USD",
	}, got); diff != "" {
		t.Errorf("agency statement lines (-want +got):\n%s", diff)
	}
	if got := cents(st.Totals); got != "19.98 USD 3.00 USD 2.00 USD 1.00 USD" {
		t.Errorf("agency statement totals = %s", got)
	}
	sst, err := w.svc.SellerStatement(w.ctx, w.glow, usd, from, to)
	if err != nil || !sst.Base.Equal(st.Totals.Base) || !sst.Commission.Equal(st.Totals.Total) || len(sst.Lines) != 2 {
		t.Errorf("seller statement = %v %v (%d lines), %v; want the agency's base and total", sst.Base, sst.Commission, len(sst.Lines), err)
	}
	cst, err := w.svc.CreatorStatement(w.ctx, w.maya, usd, from, to)
	if err != nil || cst.Base.String() != "19.98 USD" || cst.Commission.String() != "2.00 USD" || len(cst.Lines) != 2 {
		t.Errorf("creator statement = %v %v (%d lines), %v; want 19.98 and 2.00", cst.Base, cst.Commission, len(cst.Lines), err)
	}
	// A period that ends before the refund holds the settlement only.
	early, err := w.svc.AgencyStatement(w.ctx, w.agency, usd, from, h(60))
	if err != nil || cents(early.Totals) != "39.98 USD 6.00 USD 4.00 USD 2.00 USD" {
		t.Errorf("statement before the refund = %s, %v", cents(early.Totals), err)
	}
	if s, err := w.svc.AgencyStatement(w.ctx, w.rival, usd, from, to); err != nil || len(s.Lines) != 0 {
		t.Errorf("statement of an uninvolved agency = %d lines, %v", len(s.Lines), err)
	}
	if s, err := w.svc.SellerStatement(w.ctx, w.trail, usd, from, to); err != nil || len(s.Lines) != 0 {
		t.Errorf("statement of an uninvolved seller = %d lines, %v", len(s.Lines), err)
	}
}

// A5: statements choose entries by the entries' own dates. A platform
// that dates a line's settlement before its payment (clocks differ) still
// sees that settlement in the period holding its date, so consecutive
// periods add up to every entry posted, for each party.
func TestStatementsTakeEntriesDatedBeforePayment(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	h := func(n int) time.Time { return start.Add(time.Duration(n) * time.Hour) }
	w.clock.Set(h(200))
	rs := w.ingest(
		w.event("o1-paid", attribution.Paid, "o-1", w.maya, w.serum, "100.00", h(10), h(1)),
		w.event("o1-settled", attribution.Settled, "o-1", w.maya, w.serum, "", h(5), h(1)),
		w.event("o1-refund", attribution.Refunded, "o-1", w.maya, w.serum, "40.00", h(50), h(1)),
	)
	l := rs[len(rs)-1].Line
	var posted []commission.Line
	for _, e := range l.Ledger.Entries {
		posted = append(posted, e.Amounts)
	}
	if len(posted) == 0 {
		t.Fatalf("line %v posted no entries: %+v", l.Key, l.Ledger)
	}
	want := sumLines(t, posted...)
	cut := h(10) // the payment: the settlement is dated before it
	var agency, seller []commission.Line
	for _, p := range [][2]time.Time{{day(1, 1), cut}, {cut, day(12, 1)}} {
		st, err := w.svc.AgencyStatement(w.ctx, w.agency, usd, p[0], p[1])
		if err != nil {
			t.Fatal(err)
		}
		agency = append(agency, st.Totals)
		sst, err := w.svc.SellerStatement(w.ctx, w.glow, usd, p[0], p[1])
		if err != nil {
			t.Fatal(err)
		}
		seller = append(seller, commission.Line{Base: sst.Base, Total: sst.Commission, Creator: commission.Zero(usd), Agency: commission.Zero(usd)})
	}
	if got := sumLines(t, agency...); cents(got) != cents(want) {
		t.Errorf("agency statements over [Jan, payment) and [payment, Dec) total %s, want every entry posted: %s", cents(got), cents(want))
	}
	if got := sumLines(t, seller...); !got.Base.Equal(want.Base) || !got.Total.Equal(want.Total) {
		t.Errorf("seller statements total base %v commission %v, want %v and %v", got.Base, got.Total, want.Base, want.Total)
	}
}

// sumLines adds ls up, amount by amount.
func sumLines(t *testing.T, ls ...commission.Line) commission.Line {
	t.Helper()
	var out commission.Line
	for i, l := range ls {
		if i == 0 {
			out = l
			continue
		}
		var err error
		for _, p := range []struct {
			dst *commission.Money
			src commission.Money
		}{
			{&out.Base, l.Base}, {&out.Total, l.Total}, {&out.Creator, l.Creator}, {&out.Agency, l.Agency},
		} {
			if *p.dst, err = p.dst.Add(p.src); err != nil {
				t.Fatal(err)
			}
		}
	}
	return out
}

// A6, K5
func TestSettleDueAfterTheWindow(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	h := func(n int) time.Time { return start.Add(time.Duration(n) * time.Hour) }
	w.ingest(
		w.event("o1-paid", attribution.Paid, "o-1", w.maya, w.serum, "39.98", h(0), h(0)),
		w.event("o1-delivered", attribution.Delivered, "o-1", w.maya, w.serum, "", h(24), h(0)),
		w.event("o2-paid", attribution.Paid, "o-2", w.maya, w.mask, "24.50", h(0), h(0)),
		w.event("o2-refund", attribution.Refunded, "o-2", w.maya, w.mask, "4.50", h(12), h(0)),
	)
	// A refund while pending lowers the estimate with no entry: 20.00 at
	// 12%/8% is 2.40/1.60/0.80.
	if l := w.lineOf("o-2"); l.Ledger.Status != attribution.StatusPending || len(l.Ledger.Entries) != 0 || cents(l.Ledger.Owed) != "20.00 USD 2.40 USD 1.60 USD 0.80 USD" {
		t.Errorf("o-2 after a pending refund: %v, %d entries, owed %s", l.Ledger.Status, len(l.Ledger.Entries), cents(l.Ledger.Owed))
	}
	settle := func() { w.settleDue(1) } // page by page
	seq := w.lastSeq()
	w.clock.Set(h(24).Add(15*24*time.Hour - time.Second))
	settle()
	if l := w.lineOf("o-1"); l.Ledger.Status != attribution.StatusPending {
		t.Errorf("a second before the window: o-1 is %v, want pending", l.Ledger.Status)
	}
	w.clock.Set(h(24).Add(15 * 24 * time.Hour))
	settle()
	l := w.lineOf("o-1")
	if l.Ledger.Status != attribution.StatusSettled || cents(l.Ledger.Posted) != "39.98 USD 6.00 USD 4.00 USD 2.00 USD" {
		t.Errorf("at the window: o-1 is %v, posted %s", l.Ledger.Status, cents(l.Ledger.Posted))
	}
	if l := w.lineOf("o-2"); l.Ledger.Status != attribution.StatusPending {
		t.Errorf("undelivered o-2 is %v, want pending", l.Ledger.Status)
	}
	m, err := w.svc.CampaignMetrics(w.ctx, w.agency, w.camp.ID)
	if err != nil || m.SettledCreator.String() != "4.00 USD" || m.SettledAgency.String() != "2.00 USD" {
		t.Errorf("settled metrics = %v/%v, %v; want 4.00/2.00", m.SettledCreator, m.SettledAgency, err)
	}
	if diff := cmp.Diff([]string{"order.settled"}, w.outbox(seq)); diff != "" {
		t.Errorf("outbox after SettleDue (-want +got):\n%s", diff)
	}
}

// Outbox: events in commit order, read from the acknowledged position.
func TestOutboxReadAndAcknowledge(t *testing.T) {
	w := newWorld(t)
	all, err := w.svc.Outbox(w.ctx, w.host, 0, 1000)
	if err != nil || len(all) < 10 {
		t.Fatalf("Outbox = %d messages, %v", len(all), err)
	}
	for i := 1; i < len(all); i++ {
		if all[i].Seq <= all[i-1].Seq || all[i].At.Before(all[i-1].At) {
			t.Fatalf("message %d (seq %d) after seq %d: out of order", i, all[i].Seq, all[i-1].Seq)
		}
	}
	if all[0].Kind != "agency.onboarded" || all[0].Key != string(w.agency.ID) {
		t.Errorf("first message = %s %s, want agency.onboarded %s", all[0].Kind, all[0].Key, w.agency.ID)
	}
	var payload partnerkit.RegistrationChanged
	for _, m := range all {
		if m.Kind == "registration.approved" {
			if err := json.Unmarshal(m.Payload, &payload); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	if want := (partnerkit.RegistrationChanged{Registration: w.serum.ID, Campaign: w.camp.ID, Shop: w.glow.Shop, Product: w.serum.Product, State: registration.Approved}); payload != want {
		t.Errorf("first registration.approved payload = %+v, want %+v", payload, want)
	}

	mid := all[len(all)/2].Seq
	if err := w.svc.Acknowledge(w.ctx, w.host, "mailer", mid); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.Acknowledge(w.ctx, w.host, "mailer", mid-1); err != nil {
		t.Errorf("acknowledging backwards = %v, want it ignored", err)
	}
	if got, err := w.svc.Acknowledged(w.ctx, w.host, "mailer"); err != nil || got != mid {
		t.Errorf("Acknowledged = %d, %v; want %d", got, err, mid)
	}
	if got, err := w.svc.Acknowledged(w.ctx, w.host, "other"); err != nil || got != 0 {
		t.Errorf("Acknowledged(new reader) = %d, %v; want 0", got, err)
	}
	rest, err := w.svc.Outbox(w.ctx, w.host, mid, 1000)
	if err != nil || len(rest) == 0 || rest[0].Seq <= mid || rest[len(rest)-1].Seq != all[len(all)-1].Seq {
		t.Errorf("Outbox after %d = %d messages, %v", mid, len(rest), err)
	}
	if err := w.svc.Acknowledge(w.ctx, w.host, "mailer", all[len(all)-1].Seq+1); !errors.Is(err, partnerkit.ErrInvalid) {
		t.Errorf("acknowledging past the last message = %v, want ErrInvalid", err)
	}
	if err := w.svc.Acknowledge(w.ctx, w.host, "", mid); !errors.Is(err, partnerkit.ErrInvalid) {
		t.Errorf("acknowledging with no reader = %v, want ErrInvalid", err)
	}
}

// C5: an edit that comes due is stored and announced once
// ("campaign.edit_applied", dated when it applied), when a read first
// finds it due, a seller's as much as the agency's, or when the host
// sweeps with ApplyDueEdits, even if the agency never acts on the
// campaign again.
func TestEditAppliedIsAnnouncedOnce(t *testing.T) {
	w := newWorld(t)
	name := "Spring Glow Plus"
	edited, err := w.svc.EditCampaign(w.ctx, w.agency, w.camp.ID, campaign.Patch{Name: &name})
	if err != nil {
		t.Fatal(err)
	}
	rivalName := "Rival Sale Plus"
	rivalEdited, err := w.svc.EditCampaign(w.ctx, w.rival, w.rivalCamp.ID, campaign.Patch{Name: &rivalName})
	if err != nil {
		t.Fatal(err)
	}
	seq := w.lastSeq()
	applied := func() []storage.Message {
		t.Helper()
		ms, err := w.svc.Outbox(w.ctx, w.host, seq, 100)
		if err != nil {
			t.Fatal(err)
		}
		var out []storage.Message
		for _, m := range ms {
			if m.Kind == "campaign.edit_applied" {
				out = append(out, m)
			}
		}
		return out
	}
	w.clock.Advance(campaign.EditDelay + time.Minute)
	for range 2 { // the second read finds the edit stored: no new event
		if _, _, err := w.svc.FindCampaigns(w.ctx, w.glow, campaign.Filter{}, partnerkit.Page{}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Campaign(w.ctx, w.agency, w.camp.ID); err != nil {
			t.Fatal(err)
		}
	}
	ms := applied()
	if len(ms) != 2 {
		t.Fatalf("edit_applied events after the reads = %d, want one per campaign a read found due (both are open to glow)", len(ms))
	}
	for _, m := range ms {
		want := edited.Pending.AppliesAt
		if m.Key == string(w.rivalCamp.ID) {
			want = rivalEdited.Pending.AppliesAt
		}
		if !m.At.Equal(want) {
			t.Errorf("%s edit_applied dated %v, want when it applied: %v", m.Key, m.At, want)
		}
	}
	c, err := w.svc.Campaign(w.ctx, w.agency, w.camp.ID)
	if err != nil || c.Pending != nil || c.Details.Name != name || len(c.Earlier) != 1 {
		t.Errorf("stored campaign = %q, pending %v, %d earlier, %v; want the edit folded in", c.Details.Name, c.Pending, len(c.Earlier), err)
	}

	// Nobody reads: the host's sweep stores and announces it, once.
	again := "Spring Glow Max"
	if _, err := w.svc.EditCampaign(w.ctx, w.agency, w.camp.ID, campaign.Patch{Name: &again}); err != nil {
		t.Fatal(err)
	}
	seq = w.lastSeq()
	w.clock.Advance(campaign.EditDelay)
	for range 2 {
		p := partnerkit.Page{Limit: 1}
		for {
			next, err := w.svc.ApplyDueEdits(w.ctx, w.host, p)
			if err != nil {
				t.Fatal(err)
			}
			if next == "" {
				break
			}
			p.After = next
		}
	}
	if ms := applied(); len(ms) != 1 || ms[0].Key != string(w.camp.ID) {
		t.Errorf("edit_applied events after two sweeps = %+v, want one for %s", ms, w.camp.ID)
	}
}

// R2, R3: a seller whose registration was rejected for its rate may offer
// a higher one, and the agency decide again; once approved the rate is
// frozen. Another shop's registration is not found; one rejected for
// good cannot be revived this way.
func TestChangeRegistrationRate(t *testing.T) {
	w := newWorld(t)
	if _, err := w.svc.RejectRegistration(w.ctx, w.agency, w.shoe.ID, registration.Rejection{Reason: registration.CommissionTooLow}); err != nil {
		t.Fatal(err)
	}
	seq := w.lastSeq()
	if _, err := w.svc.ChangeRegistrationRate(w.ctx, w.trail, w.shoe.ID, rate(t, "9%")); !errors.Is(err, registration.ErrRateTooLow) {
		t.Errorf("rate below the campaign minimum = %v, want ErrRateTooLow", err)
	}
	if _, err := w.svc.ChangeRegistrationRate(w.ctx, w.glow, w.shoe.ID, rate(t, "20%")); !errors.Is(err, partnerkit.ErrNotFound) {
		t.Errorf("another shop's registration = %v, want ErrNotFound", err)
	}
	r, err := w.svc.ChangeRegistrationRate(w.ctx, w.trail, w.shoe.ID, rate(t, "20%"))
	if err != nil || r.Rate != rate(t, "20%") || r.State != registration.Rejected {
		t.Fatalf("ChangeRegistrationRate = %v %v, %v; want 20%%, still rejected", r.Rate, r.State, err)
	}
	if got := w.outbox(seq); len(got) != 1 || got[0] != "registration.rate_changed" {
		t.Errorf("outbox = %v, want [registration.rate_changed]", got)
	}
	if r, err = w.svc.ApproveRegistration(w.ctx, w.agency, w.shoe.ID); err != nil || r.Rate != rate(t, "20%") {
		t.Fatalf("ApproveRegistration after the new rate = %v, %v; want approved at 20%%", r.Rate, err)
	}
	if _, err := w.svc.ChangeRegistrationRate(w.ctx, w.trail, w.shoe.ID, rate(t, "25%")); !errors.Is(err, registration.ErrRateFrozen) || !errors.Is(err, partnerkit.ErrForbidden) {
		t.Errorf("after approval = %v, want ErrRateFrozen (ErrForbidden)", err)
	}
	tent, err := w.svc.RegisterProduct(w.ctx, w.trail, partnerkit.RegisterInput{Campaign: w.camp.ID, Product: "tent", ProductTitle: "Tent", Rate: rate(t, "10%")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.RejectRegistration(w.ctx, w.agency, tent.ID, registration.Rejection{Reason: registration.HardToPromote, ForGood: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.ChangeRegistrationRate(w.ctx, w.trail, tent.ID, rate(t, "30%")); !errors.Is(err, registration.ErrTransition) {
		t.Errorf("rejected for good = %v, want ErrTransition", err)
	}
}

// R2: an ended campaign takes no new collaboration. Approving a pending
// registration after the campaign's end is refused (ErrForbidden), and
// nothing is written or announced.
func TestApproveAfterCampaignEndRefused(t *testing.T) {
	w := newWorld(t)
	w.clock.Set(springDetails(t).Period.End)
	seq := w.lastSeq()
	_, err := w.svc.ApproveRegistration(w.ctx, w.agency, w.shoe.ID)
	var fe *partnerkit.FieldError
	if !errors.Is(err, partnerkit.ErrForbidden) || !errors.As(err, &fe) || fe.Field != "campaign.period" {
		t.Fatalf("ApproveRegistration after the end = %v, want a FieldError for campaign.period wrapping ErrForbidden", err)
	}
	if got := w.outbox(seq); len(got) != 0 {
		t.Errorf("outbox after the refusal = %v, want nothing", got)
	}
	rs, _, err := w.svc.CampaignRegistrations(w.ctx, w.agency, w.camp.ID, registration.Filter{Product: "trail-shoe"}, partnerkit.Page{})
	if err != nil || len(rs) != 1 || rs[0].State != registration.Pending {
		t.Errorf("the shoe after the refusal = %+v, %v; want it still pending", rs, err)
	}
}

// P1: a filtered product page is full, as every listing's is: with only
// the mask bookmarked, the first page of one product holds the mask and
// says no more follow.
func TestProductsPagesAreFull(t *testing.T) {
	w := newWorld(t)
	if err := w.svc.Bookmark(w.ctx, w.agency, w.mask.ID); err != nil {
		t.Fatal(err)
	}
	var got []registration.ProductID
	p := partnerkit.Page{Limit: 1}
	for pages := 0; ; pages++ {
		ps, next, err := w.svc.Products(w.ctx, w.agency, productlist.ProductFilter{Bookmark: productlist.Bookmarked}, p)
		if err != nil {
			t.Fatal(err)
		}
		if next != "" && len(ps) < 1 {
			t.Fatalf("page %d: %d products with a cursor, want a full page or the last", pages, len(ps))
		}
		for _, pr := range ps {
			got = append(got, pr.ID)
		}
		if next == "" {
			break
		}
		p.After = next
	}
	if len(got) != 1 || got[0] != w.mask.Product {
		t.Errorf("bookmarked products = %v, want [%s]", got, w.mask.Product)
	}
}

// A6: refunds of the whole payment while pending void the line: nothing
// owed, no entry, no longer a paid order, and "order.reversed" says so; a
// settlement after that posts nothing.
func TestWholeRefundWhilePendingVoids(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	h := func(n int) time.Time { return start.Add(time.Duration(n) * time.Hour) }
	w.clock.Set(h(100))
	seq := w.lastSeq()
	w.ingest(w.event("o1-paid", attribution.Paid, "o-1", w.maya, w.serum, "39.98", h(1), h(1)))
	w.ingest(w.event("o2-paid", attribution.Paid, "o-2", w.maya, w.mask, "24.50", h(2), h(2)))
	w.ingest(
		w.event("o1-refund-1", attribution.Refunded, "o-1", w.maya, w.serum, "19.99", h(3), h(1)),
		w.event("o1-refund-2", attribution.Refunded, "o-1", w.maya, w.serum, "19.99", h(4), h(1)),
	)
	w.ingest(w.event("o1-settled", attribution.Settled, "o-1", w.maya, w.serum, "", h(48), h(1)))
	if diff := cmp.Diff([]string{"order.attributed", "order.attributed", "order.adjusted", "order.reversed"}, w.outbox(seq)); diff != "" {
		t.Errorf("outbox (-want +got):\n%s", diff)
	}
	ex, err := w.svc.Explain(w.ctx, w.agency, attribution.LineKey{Order: "o-1", Line: "1"})
	if err != nil {
		t.Fatal(err)
	}
	if led := ex.Ledger; led.Status != attribution.StatusVoid || len(led.Entries) != 0 || !led.Owed.Total.Amount.IsZero() {
		t.Errorf("o-1 = %v owing %v with %d entries; want void, nothing owed, no entry", led.Status, led.Owed.Total, len(led.Entries))
	}
	m, err := w.svc.CampaignMetrics(w.ctx, w.agency, w.camp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if m.PaidOrders != 1 || m.GMV.String() != "24.50 USD" {
		t.Errorf("campaign metrics: %d paid orders, GMV %v; want o-2 only: 1, 24.50 USD", m.PaidOrders, m.GMV)
	}
}

// R2, C5: once the campaign has ended its approved collaborations are
// closed at the end, on every read, and the campaign can no longer be
// extended to reopen them. An edit that changes nothing is not announced.
func TestClosedAtEndStaysClosed(t *testing.T) {
	w := newWorld(t)
	seq := w.lastSeq()
	c, err := w.svc.Campaign(w.ctx, w.agency, w.camp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.EditCampaign(w.ctx, w.agency, w.camp.ID, campaign.Patch{Name: &c.Details.Name}); err != nil {
		t.Fatalf("EditCampaign(same name): %v", err)
	}
	if got := w.outbox(seq); len(got) != 0 {
		t.Errorf("an edit that changes nothing announced %v", got)
	}
	end := c.Details.Period.End
	later := c.Details.Period
	later.End = end.AddDate(0, 0, 10)
	for _, at := range []time.Time{end.Add(time.Hour), end.AddDate(0, 0, 2)} {
		w.clock.Set(at)
		r := w.serumOf(t)
		if r.State != registration.Closed || !r.ClosedAt.Equal(end) {
			t.Errorf("at %v: serum is %v, closed at %v; want closed at the end, %v", at, r.State, r.ClosedAt, end)
		}
		if _, err := w.svc.EditCampaign(w.ctx, w.agency, w.camp.ID, campaign.Patch{Period: &later}); !errors.Is(err, campaign.ErrEnded) {
			t.Errorf("at %v: extending the ended campaign = %v, want ErrEnded", at, err)
		}
	}
	w.clock.Set(end.AddDate(0, 0, 3))
	if r := w.serumOf(t); r.State != registration.Closed {
		t.Errorf("serum = %v; want still closed", r.State)
	}
}

// serumOf returns glow's serum registration as the seller reads it.
func (w *world) serumOf(t *testing.T) registration.Registration {
	t.Helper()
	rs, _, err := w.svc.Registrations(w.ctx, w.glow, registration.Filter{Product: "serum-30ml"}, partnerkit.Page{})
	if err != nil || len(rs) != 1 {
		t.Fatalf("Registrations(serum) = %d, %v", len(rs), err)
	}
	return rs[0]
}

// A1, K5: a payment is never lost to refunds that came before it: above
// it, they void the line; a refund above a known payment is taken too and
// voids the line the same way, so arrival order does not matter.
func TestPaymentAfterLargerRefundsIsTaken(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	h := func(n int) time.Time { return start.Add(time.Duration(n) * time.Hour) }
	w.clock.Set(h(100))
	w.ingest(w.event("o1-refund", attribution.Refunded, "o-1", w.maya, w.serum, "50.00", h(3), h(1)))
	w.ingest(w.event("o1-paid", attribution.Paid, "o-1", w.maya, w.serum, "39.98", h(1), h(1)))
	ex, err := w.svc.Explain(w.ctx, w.agency, attribution.LineKey{Order: "o-1", Line: "1"})
	if err != nil {
		t.Fatal(err)
	}
	if led := ex.Ledger; led.Status != attribution.StatusVoid || led.Paid.String() != "39.98 USD" || !led.Owed.Total.Amount.IsZero() {
		t.Errorf("o-1 = %v, paid %v, owing %v; want void, paid 39.98 USD, nothing owed", led.Status, led.Paid, led.Owed.Total)
	}
	w.ingest(w.event("o2-paid", attribution.Paid, "o-2", w.maya, w.mask, "24.50", h(2), h(2)))
	rs, err := w.svc.IngestEvents(w.ctx, w.host, []attribution.Event{w.event("o2-refund", attribution.Refunded, "o-2", w.maya, w.mask, "24.51", h(3), h(2))})
	if err != nil || len(rs) != 1 || rs[0].Err != nil {
		t.Fatalf("refund above the payment = %+v, %v; want it taken", rs, err)
	}
	if led := rs[0].Line.Ledger; led.Status != attribution.StatusVoid || led.Refunded.String() != "24.51 USD" || !led.Owed.Total.Amount.IsZero() || !led.Owed.Base.Amount.IsZero() {
		t.Errorf("o-2 = %v, refunded %v, owing %v on %v; want void, refunded 24.51 USD, nothing owed on a zero base", led.Status, led.Refunded, led.Owed.Total, led.Owed.Base)
	}
}

// A6, K5: two hosts on one store with clocks two seconds apart. The one
// behind ingests a late event for a line the other just settled by its
// window: the line stays settled and is announced settled once.
func TestSettledLineStaysSettledOnASlowerHost(t *testing.T) {
	store := memory.New()
	placed := start.Add(time.Hour)
	delivered := placed.Add(2 * time.Hour)
	ck := &clock{now: placed}
	w := newWorldOn(t, store, partnerkit.Options{Clock: ck.Now})
	w.accept(w.maya, w.listLink)
	w.ingest(
		w.event("k-paid", attribution.Paid, "o-k", w.maya, w.serum, "100.00", placed, placed),
		w.event("k-delivered", attribution.Delivered, "o-k", w.maya, w.serum, "", delivered, placed),
	)
	seq := w.lastSeq()
	ex, err := w.svc.Explain(w.ctx, w.agency, attribution.LineKey{Order: "o-k", Line: "1"})
	if err != nil || ex.Attribution.Terms.SettlementWindow <= 0 {
		t.Fatalf("the market needs a settlement window: %v, %v", ex.Attribution.Terms.SettlementWindow, err)
	}
	ck.Set(delivered.Add(ex.Attribution.Terms.SettlementWindow).Add(time.Second))
	if _, err := w.svc.SettleDue(w.ctx, w.host, partnerkit.Page{}); err != nil {
		t.Fatal(err)
	}
	behind := partnerkit.New(store, partnerkit.Options{Clock: func() time.Time { return ck.Now().Add(-2 * time.Second) }})
	rs, err := behind.IngestEvents(w.ctx, w.host, []attribution.Event{
		w.event("k-shipped", attribution.Shipped, "o-k", w.maya, w.serum, "", placed.Add(time.Hour), placed)})
	if err != nil || rs[0].Err != nil {
		t.Fatal(err, rs[0].Err)
	}
	if led := rs[0].Line.Ledger; led.Status != attribution.StatusSettled || len(led.Entries) != 1 {
		t.Errorf("after a late event on the host behind: %v with %d entries; want settled, 1 entry", led.Status, len(led.Entries))
	}
	if _, err := w.svc.SettleDue(w.ctx, w.host, partnerkit.Page{}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"order.settled"}, w.outbox(seq)); diff != "" {
		t.Errorf("outbox (-want +got):\n%s", diff)
	}
}

// A6, K5: a line refunded in full is void while it waits; when its
// settlement window turns out to have passed before the refund's date,
// SettleDue settles it and posts the refund as a reversal, as Derive does.
func TestSettleDueSettlesALineVoidedByALaterRefund(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	placed := start.Add(time.Hour)
	delivered := placed.Add(2 * time.Hour)
	w.clock.Set(delivered)
	w.ingest(
		w.event("v-paid", attribution.Paid, "o-v", w.maya, w.serum, "39.98", placed, placed),
		w.event("v-delivered", attribution.Delivered, "o-v", w.maya, w.serum, "", delivered, placed),
	)
	key := attribution.LineKey{Order: "o-v", Line: "1"}
	ex, err := w.svc.Explain(w.ctx, w.agency, key)
	if err != nil || ex.Attribution.Terms.SettlementWindow <= 0 {
		t.Fatalf("the market needs a settlement window: %v, %v", ex.Attribution.Terms.SettlementWindow, err)
	}
	due := delivered.Add(ex.Attribution.Terms.SettlementWindow)
	w.clock.Set(due.Add(-time.Second)) // a clock behind the refund's date
	w.ingest(w.event("v-refund", attribution.Refunded, "o-v", w.maya, w.serum, "39.98", due.Add(time.Second), placed))
	if ex, _ := w.svc.Explain(w.ctx, w.agency, key); ex.Ledger.Status != attribution.StatusVoid {
		t.Fatalf("refunded in full before the window passed: %v, want void", ex.Ledger.Status)
	}
	w.clock.Set(due.Add(time.Hour))
	if _, err := w.svc.SettleDue(w.ctx, w.host, partnerkit.Page{}); err != nil {
		t.Fatal(err)
	}
	ex, err = w.svc.Explain(w.ctx, w.agency, key)
	if err != nil {
		t.Fatal(err)
	}
	var events []attribution.Event
	for _, st := range ex.Steps {
		events = append(events, st.Event)
	}
	want, err := attribution.Derive(ex.Attribution, events, due.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if ex.Ledger.Status != attribution.StatusSettled || len(ex.Ledger.Entries) != 2 || cmp.Diff(want, ex.Ledger) != "" {
		t.Errorf("after SettleDue: %v with %d entries; want Derive's: %v with %d entries", ex.Ledger.Status, len(ex.Ledger.Entries), want.Status, len(want.Entries))
	}
}

// A1, A6: a line derived while its settlement window had not passed (a
// clock behind its events' dates) is settled by SettleDue once the window
// has, as the same events derived then would be: a platform Settled event
// dated after the window's end, or a cancellation dated after it, no
// longer decides the line. The sweep announces the change; the next one
// changes nothing.
func TestSettleDueRederivesLinesTheWindowOvertakes(t *testing.T) {
	for _, last := range []attribution.Kind{attribution.Settled, attribution.Cancelled} {
		t.Run(last.String(), func(t *testing.T) {
			w := newWorld(t)
			w.accept(w.maya, w.listLink)
			placed := start.Add(time.Hour)
			delivered := placed.Add(24 * time.Hour)
			w.clock.Set(delivered)
			w.ingest(
				w.event("f-paid", attribution.Paid, "o-f", w.maya, w.serum, "100.00", placed, placed),
				w.event("f-delivered", attribution.Delivered, "o-f", w.maya, w.serum, "", delivered, placed),
			)
			key := attribution.LineKey{Order: "o-f", Line: "1"}
			ex, err := w.svc.Explain(w.ctx, w.agency, key)
			if err != nil || ex.Attribution.Terms.SettlementWindow <= 0 {
				t.Fatalf("the market needs a settlement window: %v, %v", ex.Attribution.Terms.SettlementWindow, err)
			}
			due := delivered.Add(ex.Attribution.Terms.SettlementWindow)
			w.clock.Set(due.Add(-time.Minute))
			w.ingest(
				w.event("f-refund", attribution.Refunded, "o-f", w.maya, w.serum, "40.00", due.Add(30*time.Second), placed),
				w.event("f-last", last, "o-f", w.maya, w.serum, "", due.Add(time.Minute), placed),
			)
			seq := w.lastSeq()
			later := due.Add(40 * 24 * time.Hour)
			w.clock.Set(later)
			if _, err := w.svc.SettleDue(w.ctx, w.host, partnerkit.Page{}); err != nil {
				t.Fatal(err)
			}
			ex, err = w.svc.Explain(w.ctx, w.agency, key)
			if err != nil {
				t.Fatal(err)
			}
			var events []attribution.Event
			for _, st := range ex.Steps {
				events = append(events, st.Event)
			}
			want, err := attribution.Derive(ex.Attribution, events, later)
			if err != nil {
				t.Fatal(err)
			}
			if !want.SettledAt.Equal(due) || len(want.Entries) < 2 {
				t.Fatalf("Derive at %v: settled at %v with %d entries; the test wants the window to settle it at %v, then reversals", later, want.SettledAt, len(want.Entries), due)
			}
			if diff := cmp.Diff(want, ex.Ledger); diff != "" {
				t.Errorf("after SettleDue, the line differs from its events derived now (-want +got):\n%s", diff)
			}
			if got := w.outbox(seq); len(got) == 0 {
				t.Errorf("SettleDue changed the line's entries and announced nothing")
			}
			seq = w.lastSeq()
			if _, err := w.svc.SettleDue(w.ctx, w.host, partnerkit.Page{}); err != nil {
				t.Fatal(err)
			}
			if got := w.outbox(seq); len(got) != 0 {
				t.Errorf("a second SettleDue announced %v, want nothing", got)
			}
		})
	}
}

// Every change to what a line owes or has posted is announced, and a line
// that never owed announces nothing: a partial refund while pending and a
// refund dated before a posted settlement are "order.adjusted"; a
// cancellation before payment is silent.
func TestOutboxAnnouncesEveryAmountChange(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	h := func(n int) time.Time { return start.Add(time.Duration(n) * time.Hour) }
	w.clock.Set(h(100))
	seq := w.lastSeq()
	w.ingest(w.event("a-paid", attribution.Paid, "o-a", w.maya, w.serum, "10.00", h(1), h(1)))
	w.ingest(w.event("a-refund", attribution.Refunded, "o-a", w.maya, w.serum, "2.00", h(2), h(1)))
	w.ingest(w.event("a-settled", attribution.Settled, "o-a", w.maya, w.serum, "", h(50), h(1)))
	w.ingest(w.event("a-late-refund", attribution.Refunded, "o-a", w.maya, w.serum, "4.00", h(20), h(1)))
	w.ingest(w.event("b-cancel", attribution.Cancelled, "o-b", w.maya, w.mask, "", h(3), h(2)))
	w.ingest(w.event("b-paid", attribution.Paid, "o-b", w.maya, w.mask, "24.50", h(2), h(2)))
	if diff := cmp.Diff([]string{"order.attributed", "order.adjusted", "order.settled", "order.adjusted"}, w.outbox(seq)); diff != "" {
		t.Errorf("outbox (-want +got):\n%s", diff)
	}
}

// K1: WhatIf checks every rate against the campaign's registrations, also
// for products without orders yet: above the product's total, out of range
// or for a product the campaign never approved, it is refused.
func TestWhatIfChecksRatesWithoutOrders(t *testing.T) {
	w := newWorld(t) // serum at 15%, mask at 12%, the shoe pending: no orders
	_, err := w.svc.WhatIf(w.ctx, w.agency, w.camp.ID, map[registration.ProductID]commission.Rate{
		"serum-30ml": 1600, "mask-5pk": -7, "trail-shoe": 500, "no-such": 100,
	})
	if !errors.Is(err, partnerkit.ErrInvalid) {
		t.Fatalf("WhatIf = %v, want ErrInvalid", err)
	}
	if diff := cmp.Diff([]string{"rates[mask-5pk]", "rates[no-such]", "rates[serum-30ml]", "rates[trail-shoe]"}, fieldsOf(err)); diff != "" {
		t.Errorf("WhatIf field errors (-want +got):\n%s", diff)
	}
	if _, err := w.svc.WhatIf(w.ctx, w.agency, w.camp.ID, map[registration.ProductID]commission.Rate{"serum-30ml": 1500, "mask-5pk": 0}); err != nil {
		t.Errorf("WhatIf at the totals and at zero = %v, want nil", err)
	}
}

// New refuses a nil store at once, naming it, rather than failing with a
// nil dereference at the first call.
func TestNewNilStorePanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "nil store") {
			t.Errorf("New(nil) recovered %v, want a panic naming the nil store", r)
		}
	}()
	partnerkit.New(nil, partnerkit.Options{})
}

// WhatIf bounds what it is given: more than storage.MaxLimit rates is
// ErrLimit, and a huge product id is named shortened, so the error stays
// small (RELIABILITY: at most 4 KB for oversized input).
func TestWhatIfBoundsItsInput(t *testing.T) {
	w := newWorld(t)
	many := map[registration.ProductID]commission.Rate{}
	for i := range storage.MaxLimit + 1 {
		many[registration.ProductID(fmt.Sprintf("p-%d", i))] = 100
	}
	if _, err := w.svc.WhatIf(w.ctx, w.agency, w.camp.ID, many); !errors.Is(err, partnerkit.ErrLimit) {
		t.Errorf("WhatIf(%d rates) = %.80v, want ErrLimit", len(many), err)
	}
	huge := registration.ProductID(strings.Repeat("p", 1<<20))
	_, err := w.svc.WhatIf(w.ctx, w.agency, w.camp.ID, map[registration.ProductID]commission.Rate{huge: 100})
	if !errors.Is(err, partnerkit.ErrInvalid) || len(err.Error()) > 4096 {
		t.Errorf("WhatIf(a 1 MiB product id) = %d-byte error, ErrInvalid %v; want ErrInvalid under 4 KB", len(err.Error()), errors.Is(err, partnerkit.ErrInvalid))
	}
}

// A line cancelled after its settlement, whose cancellation and payment
// arrive before the settlement, is announced as it happened: attributed,
// settled, reversed; never a lone order.reversed.
func TestCancelledBeforePaidThenSettledIsAnnounced(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	h := func(n int) time.Time { return start.Add(time.Duration(n) * time.Hour) }
	w.clock.Set(h(200))
	seq := w.lastSeq()
	w.ingest(w.event("c-cancel", attribution.Cancelled, "o-c", w.maya, w.serum, "", h(100), h(1)))
	w.ingest(w.event("c-paid", attribution.Paid, "o-c", w.maya, w.serum, "10.00", h(1), h(1)))
	w.ingest(w.event("c-settled", attribution.Settled, "o-c", w.maya, w.serum, "", h(50), h(1)))
	if diff := cmp.Diff([]string{"order.attributed", "order.settled", "order.reversed"}, w.outbox(seq)); diff != "" {
		t.Errorf("outbox (-want +got):\n%s", diff)
	}
}
