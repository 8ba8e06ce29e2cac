package partnerkit_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
)

// secrets are agency-aurora's, USGLOW001's and creator-maya's data in an
// isolation world: no other party may see any of it, in a result or in
// an error's text.
var secrets = []string{
	"Spring Glow 2027", "Skincare picks", "Glow serum 30ml", "Hydrating sheet mask", "serum-30ml", "mask-5pk",
	"Spring picks", "creator-maya", "39.98", "24.50", "6.00", "2.94",
}

// isolationWorld is a world where maya has orders through aurora's list,
// aurora bookmarked the serum and USGLOW001 asked to cancel the mask.
func isolationWorld(t *testing.T) *world {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	w.ingest(
		w.event("o1-paid", attribution.Paid, "o-1", w.maya, w.serum, "39.98", start, start),
		w.event("o2-paid", attribution.Paid, "o-2", w.maya, w.mask, "24.50", start, start),
	)
	if err := w.svc.Bookmark(w.ctx, w.agency, w.serum.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.RequestCancellation(w.ctx, w.glow, w.mask.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.RequestSample(w.ctx, w.maya, mayaSerum(w), "sample-1", 2); err != nil {
		t.Fatal(err)
	}
	return w
}

// mayaSerum is maya's collaboration on aurora's serum.
func mayaSerum(w *world) partnerkit.Collaboration {
	return partnerkit.Collaboration{Campaign: w.camp.ID, Product: w.serum.Product, Creator: w.maya.ID}
}

// mayaLine is maya's serum order line.
var mayaLine = attribution.LineKey{Order: "o-1", Line: "1"}

func leaks(s string) []string {
	var out []string
	for _, secret := range secrets {
		if strings.Contains(s, secret) {
			out = append(out, secret)
		}
	}
	return out
}

// A4: every method, called by an actor that must not reach the record,
// is refused with ErrNotFound (so existence does not leak), changes
// nothing, and says nothing of the record.
func TestIsolationOthersRecordsAreNotFound(t *testing.T) {
	w := isolationWorld(t)
	ctx, rival, trail := w.ctx, w.rival, w.trail
	camp, serum, mask, list := w.camp.ID, w.serum.ID, w.mask.ID, w.list.ID
	before, err := w.svc.List(ctx, w.agency, list) // maya follows it now
	if err != nil {
		t.Fatal(err)
	}
	name := "Stolen"
	future := start.Add(time.Hour)
	calls := []struct {
		name string
		do   func() error
	}{
		// Another agency, on aurora's campaign.
		{"Campaign", func() error { _, err := w.svc.Campaign(ctx, rival, camp); return err }},
		{"SubmitCampaign", func() error { _, err := w.svc.SubmitCampaign(ctx, rival, camp); return err }},
		{"PublishCampaign", func() error { _, err := w.svc.PublishCampaign(ctx, rival, camp); return err }},
		{"UnpublishCampaign", func() error { _, err := w.svc.UnpublishCampaign(ctx, rival, camp); return err }},
		{"EditCampaign", func() error {
			_, err := w.svc.EditCampaign(ctx, rival, camp, campaign.Patch{Name: &name})
			return err
		}},
		{"CampaignRegistrations", func() error {
			_, _, err := w.svc.CampaignRegistrations(ctx, rival, camp, registration.Filter{}, partnerkit.Page{})
			return err
		}},
		{"CampaignMetrics", func() error { _, err := w.svc.CampaignMetrics(ctx, rival, camp); return err }},
		{"CampaignOrders", func() error { _, err := w.svc.CampaignOrders(ctx, rival, camp, time.Time{}, time.Time{}); return err }},
		{"ProductMetrics", func() error {
			_, _, err := w.svc.ProductMetrics(ctx, rival, camp, 0, partnerkit.Page{})
			return err
		}},
		// Another agency, on aurora's registrations.
		{"ApproveRegistration", func() error { _, err := w.svc.ApproveRegistration(ctx, rival, w.shoe.ID); return err }},
		{"RejectRegistration", func() error {
			_, err := w.svc.RejectRegistration(ctx, rival, w.shoe.ID, registration.Rejection{Reason: registration.HardToPromote})
			return err
		}},
		{"DecideCancellation approve", func() error { _, err := w.svc.DecideCancellation(ctx, rival, mask, true); return err }},
		{"DecideCancellation decline", func() error { _, err := w.svc.DecideCancellation(ctx, rival, mask, false); return err }},
		{"Bookmark", func() error { return w.svc.Bookmark(ctx, rival, serum) }},
		{"Unbookmark", func() error { return w.svc.Unbookmark(ctx, rival, serum) }},
		{"ShareProduct", func() error { _, err := w.svc.ShareProduct(ctx, rival, serum, 500); return err }},
		{"AddToList (own list, other's product)", func() error {
			_, err := w.svc.AddToList(ctx, rival, w.rivalList.ID, serum, 500)
			return err
		}},
		// Another agency, on aurora's list.
		{"List", func() error { _, err := w.svc.List(ctx, rival, list); return err }},
		{"RenameList", func() error { _, err := w.svc.RenameList(ctx, rival, list, name); return err }},
		{"AddToList (other's list)", func() error { _, err := w.svc.AddToList(ctx, rival, list, w.cream.ID, 500); return err }},
		{"RemoveFromList", func() error { _, err := w.svc.RemoveFromList(ctx, rival, list, serum); return err }},
		{"SetCreatorRate", func() error { _, err := w.svc.SetCreatorRate(ctx, rival, list, serum, 1500, future); return err }},
		{"DuplicateList", func() error { _, err := w.svc.DuplicateList(ctx, rival, list, name); return err }},
		{"DeleteList", func() error { return w.svc.DeleteList(ctx, rival, list) }},
		{"ExportLinks", func() error { _, err := w.svc.ExportLinks(ctx, rival, list); return err }},
		{"ShareList", func() error { _, err := w.svc.ShareList(ctx, rival, list); return err }},
		// Another shop, on USGLOW001's registrations.
		{"RequestCancellation", func() error { _, err := w.svc.RequestCancellation(ctx, trail, serum); return err }},
		// Another agency, on aurora's progress, reports, what-ifs and lines.
		{"CollaborationProgress", func() error {
			_, _, err := w.svc.CollaborationProgress(ctx, rival, camp, partnerkit.Page{})
			return err
		}},
		{"SetSampleQuantity", func() error { _, err := w.svc.SetSampleQuantity(ctx, rival, mayaSerum(w), "sample-1", 5); return err }},
		{"SetSampleStatus", func() error {
			_, err := w.svc.SetSampleStatus(ctx, rival, mayaSerum(w), "sample-1", attribution.SampleApproved)
			return err
		}},
		{"Reconcile", func() error {
			_, err := w.svc.Reconcile(ctx, rival, camp, strings.NewReader(""), attribution.TikTokPartnerOrders())
			return err
		}},
		{"WhatIf", func() error { _, err := w.svc.WhatIf(ctx, rival, camp, nil); return err }},
		{"WhatIfList", func() error { _, err := w.svc.WhatIfList(ctx, rival, list, nil); return err }},
		{"Explain", func() error { _, err := w.svc.Explain(ctx, rival, mayaLine); return err }},
		// Another creator, on maya's line and collaboration.
		{"CreatorExplanation", func() error { _, err := w.svc.CreatorExplanation(ctx, w.leo, mayaLine); return err }},
		{"RequestSample (other's collaboration)", func() error {
			_, err := w.svc.RequestSample(ctx, w.leo, mayaSerum(w), "sample-1", 9)
			return err
		}},
		{"RecordContent (other's collaboration)", func() error {
			_, err := w.svc.RecordContent(ctx, w.leo, mayaSerum(w), "video-1", attribution.Video)
			return err
		}},
		// Another shop, on USGLOW001's line.
		{"SellerExplanation", func() error { _, err := w.svc.SellerExplanation(ctx, trail, mayaLine); return err }},
		// A seller may not see an unpublished campaign to register into.
		{"RegisterProduct (unknown campaign)", func() error {
			_, err := w.svc.RegisterProduct(ctx, trail, partnerkit.RegisterInput{Campaign: "campaign-404", Product: "x", ProductTitle: "X", Rate: 2000})
			return err
		}},
	}
	seq := w.lastSeq()
	for _, c := range calls {
		err := c.do()
		if !errors.Is(err, partnerkit.ErrNotFound) || errors.Is(err, partnerkit.ErrForbidden) {
			t.Errorf("%s by an outsider = %v, want ErrNotFound (and not ErrForbidden)", c.name, err)
			continue
		}
		msg := err.Error()
		if strings.HasSuffix(c.name, "collaboration)") {
			// The caller named the campaign and product itself; echoing
			// its own input back tells it nothing.
			msg = strings.ReplaceAll(msg, string(w.serum.Product), "")
		}
		if l := leaks(msg); len(l) > 0 {
			t.Errorf("%s by an outsider: error %q shows %q", c.name, err, l)
		}
	}
	if kinds := w.outbox(seq); len(kinds) != 0 {
		t.Errorf("refused calls wrote outbox events %v", kinds)
	}
	// Nothing changed for the owner.
	c, err := w.svc.Campaign(ctx, w.agency, camp)
	if err != nil || c.Status != campaign.Published || c.Pending != nil {
		t.Errorf("aurora's campaign after the attempts: %v, pending %v, %v", c.Status, c.Pending, err)
	}
	l, err := w.svc.List(ctx, w.agency, list)
	if err != nil || !cmp.Equal(l, before) {
		t.Errorf("aurora's list after the attempts changed: %v, %v", cmp.Diff(before, l), err)
	}
}

// A4: listings and figures a party may ask for never hold another
// party's records.
func TestIsolationListingsHoldOnlyOwnRecords(t *testing.T) {
	w := isolationWorld(t)
	ctx := w.ctx
	all := productlist.ProductFilter{Bookmark: productlist.AllProducts}
	from, to := day(3, 1), day(7, 1)
	reads := []struct {
		name string
		do   func() (any, error)
	}{
		{"Campaigns (rival)", func() (any, error) { cs, _, err := w.svc.Campaigns(ctx, w.rival, partnerkit.Page{}); return cs, err }},
		{"Lists (rival)", func() (any, error) { ls, _, err := w.svc.Lists(ctx, w.rival, "", partnerkit.Page{}); return ls, err }},
		{"Products (rival)", func() (any, error) {
			ps, _, err := w.svc.Products(ctx, w.rival, all, partnerkit.Page{})
			return ps, err
		}},
		{"Products of aurora's campaign (rival)", func() (any, error) {
			f := all
			f.Campaign = w.camp.ID
			ps, _, err := w.svc.Products(ctx, w.rival, f, partnerkit.Page{})
			return ps, err
		}},
		{"Onboarding (rival)", func() (any, error) { return w.svc.Onboarding(ctx, w.rival) }},
		{"AgencyStatement (rival)", func() (any, error) { return w.svc.AgencyStatement(ctx, w.rival, usd, from, to) }},
		{"Registrations (trail)", func() (any, error) {
			rs, _, err := w.svc.Registrations(ctx, w.trail, registration.Filter{Shop: w.glow.Shop}, partnerkit.Page{})
			return rs, err
		}},
		{"SellerProducts (trail)", func() (any, error) {
			ps, err := w.svc.SellerProducts(ctx, w.trail, w.camp.ID)
			return ps, err
		}},
		{"SellerOrdersCSV (trail)", func() (any, error) {
			b, err := w.svc.SellerOrdersCSV(ctx, w.trail, time.Time{}, time.Time{})
			return string(b), err
		}},
		{"SellerStatement (trail)", func() (any, error) { return w.svc.SellerStatement(ctx, w.trail, usd, from, to) }},
		{"FindCampaigns (unlisted shop)", func() (any, error) {
			cs, _, err := w.svc.FindCampaigns(ctx, w.stranger, campaign.Filter{}, partnerkit.Page{})
			return cs, err
		}},
		{"CreatorOrders (leo)", func() (any, error) { return w.svc.CreatorOrders(ctx, w.leo, time.Time{}, time.Time{}) }},
		{"CreatorStatement (leo)", func() (any, error) { return w.svc.CreatorStatement(ctx, w.leo, usd, from, to) }},
		{"Showcase (leo)", func() (any, error) { return w.svc.Showcase(ctx, w.leo) }},
	}
	for _, r := range reads {
		got, err := r.do()
		if err != nil {
			t.Errorf("%s: %v", r.name, err)
			continue
		}
		if l := leaks(fmt.Sprintf("%+v", got)); len(l) > 0 {
			t.Errorf("%s shows %q:\n%+v", r.name, l, got)
		}
	}
	// The owners do see them: the secrets are real.
	owned := []func() (any, error){
		func() (any, error) { return w.svc.CreatorOrders(ctx, w.maya, time.Time{}, time.Time{}) },
		func() (any, error) { return w.svc.Campaign(ctx, w.agency, w.camp.ID) },
	}
	for i, r := range owned {
		if got, err := r(); err != nil || len(leaks(fmt.Sprintf("%+v", got))) == 0 {
			t.Errorf("owner read %d = %v; want it to show the owner's data", i, err)
		}
	}
}

// A4: an actor without an id may do nothing: ErrForbidden.
func TestIsolationEmptyActorIsForbidden(t *testing.T) {
	w := isolationWorld(t)
	ctx := w.ctx
	var (
		a  partnerkit.Agency
		sl partnerkit.Seller
		c  partnerkit.Creator
	)
	camp, serum, list := w.camp.ID, w.serum.ID, w.list.ID
	all := productlist.ProductFilter{Bookmark: productlist.AllProducts}
	calls := map[string]func() error{
		"Onboarding":         func() error { _, err := w.svc.Onboarding(ctx, a); return err },
		"ChooseCategory":     func() error { _, err := w.svc.ChooseCategory(ctx, a, campaign.ContentManagement); return err },
		"AddMatchUpCategory": func() error { _, err := w.svc.AddMatchUpCategory(ctx, a); return err },
		"SubmitTaxInfo":      func() error { _, err := w.svc.SubmitTaxInfo(ctx, a); return err },
		"ReviewTaxInfo":      func() error { _, err := w.svc.ReviewTaxInfo(ctx, w.host, "", true); return err },
		"LinkBankAccount":    func() error { _, err := w.svc.LinkBankAccount(ctx, a); return err },
		"ValidateCampaign":   func() error { return w.svc.ValidateCampaign(ctx, a, springDetails(t)) },
		"CreateCampaign":     func() error { _, err := w.svc.CreateCampaign(ctx, a, springDetails(t)); return err },
		"Campaign":           func() error { _, err := w.svc.Campaign(ctx, a, camp); return err },
		"Campaigns":          func() error { _, _, err := w.svc.Campaigns(ctx, a, partnerkit.Page{}); return err },
		"SubmitCampaign":     func() error { _, err := w.svc.SubmitCampaign(ctx, a, camp); return err },
		"PublishCampaign":    func() error { _, err := w.svc.PublishCampaign(ctx, a, camp); return err },
		"UnpublishCampaign":  func() error { _, err := w.svc.UnpublishCampaign(ctx, a, camp); return err },
		"EditCampaign":       func() error { _, err := w.svc.EditCampaign(ctx, a, camp, campaign.Patch{}); return err },
		"CampaignRegistrations": func() error {
			_, _, err := w.svc.CampaignRegistrations(ctx, a, camp, registration.Filter{}, partnerkit.Page{})
			return err
		},
		"ApproveRegistration": func() error { _, err := w.svc.ApproveRegistration(ctx, a, w.shoe.ID); return err },
		"RejectRegistration": func() error {
			_, err := w.svc.RejectRegistration(ctx, a, w.shoe.ID, registration.Rejection{Reason: registration.HardToPromote})
			return err
		},
		"DecideCancellation": func() error { _, err := w.svc.DecideCancellation(ctx, a, w.mask.ID, true); return err },
		"Products":           func() error { _, _, err := w.svc.Products(ctx, a, all, partnerkit.Page{}); return err },
		"Bookmark":           func() error { return w.svc.Bookmark(ctx, a, serum) },
		"Unbookmark":         func() error { return w.svc.Unbookmark(ctx, a, serum) },
		"CreateList":         func() error { _, err := w.svc.CreateList(ctx, a, "x"); return err },
		"List":               func() error { _, err := w.svc.List(ctx, a, list); return err },
		"Lists":              func() error { _, _, err := w.svc.Lists(ctx, a, "", partnerkit.Page{}); return err },
		"RenameList":         func() error { _, err := w.svc.RenameList(ctx, a, list, "x"); return err },
		"AddToList":          func() error { _, err := w.svc.AddToList(ctx, a, list, w.mask.ID, 100); return err },
		"RemoveFromList":     func() error { _, err := w.svc.RemoveFromList(ctx, a, list, serum); return err },
		"SetCreatorRate": func() error {
			_, err := w.svc.SetCreatorRate(ctx, a, list, serum, 100, start.Add(time.Hour))
			return err
		},
		"DuplicateList":   func() error { _, err := w.svc.DuplicateList(ctx, a, list, "x"); return err },
		"DeleteList":      func() error { return w.svc.DeleteList(ctx, a, list) },
		"ExportLinks":     func() error { _, err := w.svc.ExportLinks(ctx, a, list); return err },
		"ShareList":       func() error { _, err := w.svc.ShareList(ctx, a, list); return err },
		"ShareProduct":    func() error { _, err := w.svc.ShareProduct(ctx, a, serum, 100); return err },
		"CampaignMetrics": func() error { _, err := w.svc.CampaignMetrics(ctx, a, camp); return err },
		"CampaignOrders":  func() error { _, err := w.svc.CampaignOrders(ctx, a, camp, time.Time{}, time.Time{}); return err },
		"ProductMetrics":  func() error { _, _, err := w.svc.ProductMetrics(ctx, a, camp, 0, partnerkit.Page{}); return err },
		"AgencyStatement": func() error { _, err := w.svc.AgencyStatement(ctx, a, usd, start, start.Add(time.Hour)); return err },
		"FindCampaigns": func() error {
			_, _, err := w.svc.FindCampaigns(ctx, sl, campaign.Filter{}, partnerkit.Page{})
			return err
		},
		"RegisterProduct": func() error {
			_, err := w.svc.RegisterProduct(ctx, sl, partnerkit.RegisterInput{Campaign: camp, Product: "x", ProductTitle: "X", Rate: 2000})
			return err
		},
		"Registrations": func() error {
			_, _, err := w.svc.Registrations(ctx, sl, registration.Filter{}, partnerkit.Page{})
			return err
		},
		"RequestCancellation": func() error { _, err := w.svc.RequestCancellation(ctx, sl, serum); return err },
		"SellerProducts":      func() error { _, err := w.svc.SellerProducts(ctx, sl, camp); return err },
		"SellerOrdersCSV":     func() error { _, err := w.svc.SellerOrdersCSV(ctx, sl, time.Time{}, time.Time{}); return err },
		"SellerStatement":     func() error { _, err := w.svc.SellerStatement(ctx, sl, usd, start, start.Add(time.Hour)); return err },
		"ResolveLinks":        func() error { _, err := w.svc.ResolveLinks(ctx, c, []string{string(w.listLink)}); return err },
		"AcceptLinks":         func() error { _, err := w.svc.AcceptLinks(ctx, c, []string{string(w.listLink)}); return err },
		"Showcase":            func() error { _, err := w.svc.Showcase(ctx, c); return err },
		"CreatorOrders":       func() error { _, err := w.svc.CreatorOrders(ctx, c, time.Time{}, time.Time{}); return err },
		"CreatorStatement":    func() error { _, err := w.svc.CreatorStatement(ctx, c, usd, start, start.Add(time.Hour)); return err },
		"CollaborationProgress": func() error {
			_, _, err := w.svc.CollaborationProgress(ctx, a, camp, partnerkit.Page{})
			return err
		},
		"RequestSample":     func() error { _, err := w.svc.RequestSample(ctx, c, mayaSerum(w), "sample-9", 1); return err },
		"SetSampleQuantity": func() error { _, err := w.svc.SetSampleQuantity(ctx, a, mayaSerum(w), "sample-1", 5); return err },
		"SetSampleStatus": func() error {
			_, err := w.svc.SetSampleStatus(ctx, a, mayaSerum(w), "sample-1", attribution.SampleApproved)
			return err
		},
		"RecordContent": func() error {
			_, err := w.svc.RecordContent(ctx, c, mayaSerum(w), "video-1", attribution.Video)
			return err
		},
		"Reconcile": func() error {
			_, err := w.svc.Reconcile(ctx, a, camp, strings.NewReader(""), attribution.TikTokPartnerOrders())
			return err
		},
		"WhatIf":             func() error { _, err := w.svc.WhatIf(ctx, a, camp, nil); return err },
		"WhatIfList":         func() error { _, err := w.svc.WhatIfList(ctx, a, list, nil); return err },
		"Explain":            func() error { _, err := w.svc.Explain(ctx, a, mayaLine); return err },
		"CreatorExplanation": func() error { _, err := w.svc.CreatorExplanation(ctx, c, mayaLine); return err },
		"SellerExplanation":  func() error { _, err := w.svc.SellerExplanation(ctx, sl, mayaLine); return err },
	}
	seq := w.lastSeq()
	for name, call := range calls {
		err := call()
		if !errors.Is(err, partnerkit.ErrForbidden) {
			t.Errorf("%s with an empty actor id = %v, want ErrForbidden", name, err)
			continue
		}
		if l := leaks(err.Error()); len(l) > 0 {
			t.Errorf("%s with an empty actor id: error %q shows %q", name, err, l)
		}
	}
	if kinds := w.outbox(seq); len(kinds) != 0 {
		t.Errorf("refused calls wrote outbox events %v", kinds)
	}
}
