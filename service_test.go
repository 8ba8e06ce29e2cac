package partnerkit_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/registration"
)

// fieldsOf returns the Field of every *FieldError joined in err.
func fieldsOf(err error) []string {
	var out []string
	var walk func(error)
	walk = func(err error) {
		if fe, ok := err.(*partnerkit.FieldError); ok {
			out = append(out, fe.Field)
			return
		}
		switch u := err.(type) {
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				walk(e)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	walk(err)
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
