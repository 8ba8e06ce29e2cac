package partnerkit_test

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
)

// Examples of the Service methods example_test.go does not show. Each
// starts from exampleWorld (see newWorld): agency-aurora's published select
// campaign campaign-1 "Spring Glow 2027" (shops USGLOW001 and USTRAIL02,
// minimum 10%), with USGLOW001's serum (15%) and mask (12%) approved and
// USTRAIL02's trail-shoe (10%) pending; agency-rival's open campaign
// campaign-2 "Rival Secret Sale"; the clock at 2027-03-01 09:00 in Los
// Angeles, registration day one.

// exNames returns the names of campaigns, in order.
func exNames(cs []campaign.Campaign) []string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Details.Name
	}
	return names
}

// exProducts returns "product state" for each registration, in order.
func exProducts(rs []registration.Registration) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = fmt.Sprintf("%s %s", r.Product, r.State)
	}
	return out
}

// A draft is submitted before it can be published (C4); sellers do not see
// it until then.
func ExampleService_SubmitCampaign() {
	w := exampleWorld()
	d := springDetails(mustT{})
	d.Name = "Autumn Glow 2027"
	c, err := w.svc.CreateCampaign(w.ctx, w.agency, d)
	check(err)
	c, err = w.svc.SubmitCampaign(w.ctx, w.agency, c.ID)
	check(err)
	fmt.Println(c.ID, c.Status)

	found, _, err := w.svc.FindCampaigns(w.ctx, w.glow, campaign.Filter{Text: "autumn"}, partnerkit.Page{})
	check(err)
	fmt.Println("sellers find:", len(found))

	_, err = w.svc.SubmitCampaign(w.ctx, w.agency, c.ID)
	fmt.Println("submitted twice:", errors.Is(err, campaign.ErrTransition))
	// Output:
	// campaign-3 submitted
	// sellers find: 0
	// submitted twice: true
}

// Publishing makes a submitted campaign visible to the sellers it is for
// (C4).
func ExampleService_PublishCampaign() {
	w := exampleWorld()
	d := springDetails(mustT{})
	d.Name = "Autumn Glow 2027"
	c, err := w.svc.CreateCampaign(w.ctx, w.agency, d)
	check(err)
	_, err = w.svc.PublishCampaign(w.ctx, w.agency, c.ID)
	fmt.Println("draft:", errors.Is(err, campaign.ErrTransition))

	_, err = w.svc.SubmitCampaign(w.ctx, w.agency, c.ID)
	check(err)
	c, err = w.svc.PublishCampaign(w.ctx, w.agency, c.ID)
	check(err)
	fmt.Println(c.ID, c.Status, c.Phase(w.clock.Now()))

	found, _, err := w.svc.FindCampaigns(w.ctx, w.glow, campaign.Filter{Text: "autumn"}, partnerkit.Page{})
	check(err)
	fmt.Println("USGLOW001 finds:", exNames(found))
	// Output:
	// draft: true
	// campaign-3 published registration_open
	// USGLOW001 finds: [Autumn Glow 2027]
}

// Unpublishing hides a campaign from sellers, who can then neither find it
// nor register into it; publishing it again brings it back (C4).
func ExampleService_UnpublishCampaign() {
	w := exampleWorld()
	c, err := w.svc.UnpublishCampaign(w.ctx, w.agency, w.camp.ID)
	check(err)
	fmt.Println(c.ID, c.Status)

	found, _, err := w.svc.FindCampaigns(w.ctx, w.trail, campaign.Filter{}, partnerkit.Page{})
	check(err)
	fmt.Println("USTRAIL02 finds:", exNames(found))
	_, err = w.svc.RegisterProduct(w.ctx, w.trail, partnerkit.RegisterInput{
		Campaign: w.camp.ID, Product: "tent", ProductTitle: "Two-person tent", Rate: rate(mustT{}, "11%"),
	})
	fmt.Println("register:", errors.Is(err, partnerkit.ErrNotFound))

	c, err = w.svc.PublishCampaign(w.ctx, w.agency, c.ID)
	check(err)
	found, _, err = w.svc.FindCampaigns(w.ctx, w.trail, campaign.Filter{}, partnerkit.Page{})
	check(err)
	fmt.Println(c.Status, "again; USTRAIL02 finds:", exNames(found))
	// Output:
	// campaign-1 unpublished
	// USTRAIL02 finds: [Rival Secret Sale]
	// register: true
	// published again; USTRAIL02 finds: [Spring Glow 2027 Rival Secret Sale]
}

// An agency reads its own campaigns; another agency's is not found (A4).
func ExampleService_Campaign() {
	w := exampleWorld()
	c, err := w.svc.Campaign(w.ctx, w.agency, w.camp.ID)
	check(err)
	d := c.Current(w.clock.Now())
	fmt.Println(c.ID, d.Name, d.Market, "minimum", d.MinRate, c.Status, c.Phase(w.clock.Now()))

	_, err = w.svc.Campaign(w.ctx, w.rival, w.camp.ID)
	fmt.Println("by agency-rival:", errors.Is(err, partnerkit.ErrNotFound))
	// Output:
	// campaign-1 Spring Glow 2027 US minimum 10% published registration_open
	// by agency-rival: true
}

// Campaigns pages through the agency's own campaigns, by id.
func ExampleService_Campaigns() {
	w := exampleWorld()
	d := springDetails(mustT{})
	d.Name = "Summer Glow 2027"
	_, err := w.svc.CreateCampaign(w.ctx, w.agency, d)
	check(err)
	cs, next, err := w.svc.Campaigns(w.ctx, w.agency, partnerkit.Page{})
	check(err)
	for _, c := range cs {
		fmt.Println(c.ID, c.Details.Name, c.Status)
	}
	fmt.Println("more:", next != "")
	// Output:
	// campaign-1 Spring Glow 2027 published
	// campaign-3 Summer Glow 2027 draft
	// more: false
}

// A seller finds the published campaigns it may join: a select campaign
// only if it lists the shop (C4), filtered by minimum rate, mode or text.
func ExampleService_FindCampaigns() {
	w := exampleWorld()
	all, _, err := w.svc.FindCampaigns(w.ctx, w.glow, campaign.Filter{}, partnerkit.Page{})
	check(err)
	fmt.Println("USGLOW001:", exNames(all))

	stranger, _, err := w.svc.FindCampaigns(w.ctx, w.stranger, campaign.Filter{}, partnerkit.Page{})
	check(err)
	fmt.Println("USSTRANGER9:", exNames(stranger))

	eight := rate(mustT{}, "8%")
	cheap, _, err := w.svc.FindCampaigns(w.ctx, w.glow, campaign.Filter{MaxMinRate: &eight}, partnerkit.Page{})
	check(err)
	fmt.Println("joinable at 8%:", exNames(cheap))

	sel, _, err := w.svc.FindCampaigns(w.ctx, w.glow, campaign.Filter{Sellers: campaign.Select, Phase: campaign.RegistrationOpen}, partnerkit.Page{})
	check(err)
	fmt.Println("select, registration open:", exNames(sel))
	// Output:
	// USGLOW001: [Spring Glow 2027 Rival Secret Sale]
	// USSTRANGER9: [Rival Secret Sale]
	// joinable at 8%: [Rival Secret Sale]
	// select, registration open: [Spring Glow 2027]
}

// ValidateCampaign checks details without storing anything and reports
// every problem, each a *FieldError (C2).
func ExampleService_ValidateCampaign() {
	w := exampleWorld()
	d := springDetails(mustT{})
	fmt.Println("spring details:", w.svc.ValidateCampaign(w.ctx, w.agency, d))

	d.Name = ""
	d.Period.End = d.Period.Start.AddDate(2, 0, 0) // more than 360 days
	err := w.svc.ValidateCampaign(w.ctx, w.agency, d)
	fmt.Println("invalid:", errors.Is(err, partnerkit.ErrInvalid))
	var all interface{ Unwrap() []error }
	if errors.As(err, &all) {
		for _, e := range all.Unwrap() {
			var fe *partnerkit.FieldError
			if errors.As(e, &fe) {
				fmt.Println("field:", fe.Field)
			}
		}
	}
	// Output:
	// spring details: <nil>
	// invalid: true
	// field: name
	// field: period.end
}

// A seller lists its own registrations, filtered by status or text (R5).
func ExampleService_Registrations() {
	w := exampleWorld()
	rs, _, err := w.svc.Registrations(w.ctx, w.glow, registration.Filter{}, partnerkit.Page{})
	check(err)
	for _, r := range rs {
		fmt.Println(r.Campaign, r.Product, r.Rate, r.State)
	}
	rs, _, err = w.svc.Registrations(w.ctx, w.glow, registration.Filter{Text: "mask"}, partnerkit.Page{})
	check(err)
	fmt.Println(`"mask":`, exProducts(rs))
	rs, _, err = w.svc.Registrations(w.ctx, w.trail, registration.Filter{Status: registration.Pending}, partnerkit.Page{})
	check(err)
	fmt.Println("USTRAIL02 pending:", exProducts(rs))
	// Output:
	// campaign-1 serum-30ml 15% approved
	// campaign-1 mask-5pk 12% approved
	// campaign-2 night-cream 20% approved
	// "mask": [mask-5pk approved]
	// USTRAIL02 pending: [trail-shoe pending]
}

// An agency reviews the registrations into one of its campaigns (R5).
func ExampleService_CampaignRegistrations() {
	w := exampleWorld()
	rs, _, err := w.svc.CampaignRegistrations(w.ctx, w.agency, w.camp.ID, registration.Filter{}, partnerkit.Page{})
	check(err)
	for _, r := range rs {
		fmt.Println(r.Shop, r.Product, r.Rate, r.State)
	}
	rs, _, err = w.svc.CampaignRegistrations(w.ctx, w.agency, w.camp.ID, registration.Filter{Status: registration.Pending}, partnerkit.Page{})
	check(err)
	fmt.Println("pending:", exProducts(rs))
	_, _, err = w.svc.CampaignRegistrations(w.ctx, w.agency, w.rivalCamp.ID, registration.Filter{}, partnerkit.Page{})
	fmt.Println("the rival's campaign:", errors.Is(err, partnerkit.ErrNotFound))
	// Output:
	// USGLOW001 serum-30ml 15% approved
	// USGLOW001 mask-5pk 12% approved
	// USTRAIL02 trail-shoe 10% pending
	// pending: [trail-shoe pending]
	// the rival's campaign: true
}

// Approving a pending registration starts the collaboration and freezes
// its rate (R2, R3); the product can then go into lists.
func ExampleService_ApproveRegistration() {
	w := exampleWorld()
	r, err := w.svc.ApproveRegistration(w.ctx, w.agency, w.shoe.ID)
	check(err)
	fmt.Println(r.Product, r.Rate, r.State)

	_, err = w.svc.ApproveRegistration(w.ctx, w.agency, w.shoe.ID)
	fmt.Println("approved twice:", errors.Is(err, registration.ErrTransition))
	_, err = w.svc.ApproveRegistration(w.ctx, w.rival, w.serum.ID)
	fmt.Println("by agency-rival:", errors.Is(err, partnerkit.ErrNotFound))
	// Output:
	// trail-shoe 10% approved
	// approved twice: true
	// by agency-rival: true
}

// A rejection carries a reason (R2); one rejected for good cannot be
// approved later.
func ExampleService_RejectRegistration() {
	w := exampleWorld()
	r, err := w.svc.RejectRegistration(w.ctx, w.agency, w.shoe.ID, registration.Rejection{
		Reason: registration.Other, Text: "Not a skincare product.", ForGood: true,
	})
	check(err)
	fmt.Println(r.Product, r.State, r.Rejection.Reason, r.Rejection.Text)

	_, err = w.svc.ApproveRegistration(w.ctx, w.agency, w.shoe.ID)
	var te *registration.TransitionError
	fmt.Println("approve after:", errors.As(err, &te) && te.ForGood)

	_, err = w.svc.RejectRegistration(w.ctx, w.agency, w.serum.ID, registration.Rejection{Reason: registration.Other})
	fmt.Println("other without text:", errors.Is(err, partnerkit.ErrInvalid))
	// Output:
	// trail-shoe rejected other Not a skincare product.
	// approve after: true
	// other without text: true
}

// A seller whose product was rejected for its rate offers more, and the
// agency decides again (R2, R3); once approved, the rate is frozen.
func ExampleService_ChangeRegistrationRate() {
	w := exampleWorld()
	_, err := w.svc.RejectRegistration(w.ctx, w.agency, w.shoe.ID, registration.Rejection{Reason: registration.CommissionTooLow})
	check(err)
	r, err := w.svc.ChangeRegistrationRate(w.ctx, w.trail, w.shoe.ID, rate(mustT{}, "18%"))
	check(err)
	fmt.Println(r.Product, r.State, r.Rate)
	r, err = w.svc.ApproveRegistration(w.ctx, w.agency, w.shoe.ID)
	check(err)
	fmt.Println(r.Product, r.State, r.Rate)
	_, err = w.svc.ChangeRegistrationRate(w.ctx, w.trail, w.shoe.ID, rate(mustT{}, "20%"))
	fmt.Println("after approval:", errors.Is(err, registration.ErrRateFrozen))
	// Output:
	// trail-shoe rejected 18%
	// trail-shoe approved 18%
	// after approval: true
}

// A seller asks to end an approved collaboration; it waits in
// pending_close for the agency (R4).
func ExampleService_RequestCancellation() {
	w := exampleWorld()
	r, err := w.svc.RequestCancellation(w.ctx, w.glow, w.mask.ID)
	check(err)
	fmt.Println(r.Product, r.State)

	_, err = w.svc.RequestCancellation(w.ctx, w.trail, w.shoe.ID)
	fmt.Println("not approved yet:", errors.Is(err, registration.ErrTransition))
	_, err = w.svc.RequestCancellation(w.ctx, w.trail, w.serum.ID)
	fmt.Println("another shop's:", errors.Is(err, partnerkit.ErrNotFound))
	// Output:
	// mask-5pk pending_close
	// not approved yet: true
	// another shop's: true
}

// The agency declines a cancellation (back to approved) or approves it
// (closed, final) (R4).
func ExampleService_DecideCancellation() {
	w := exampleWorld()
	_, err := w.svc.RequestCancellation(w.ctx, w.glow, w.mask.ID)
	check(err)
	r, err := w.svc.DecideCancellation(w.ctx, w.agency, w.mask.ID, false)
	check(err)
	fmt.Println("declined:", r.Product, r.State)

	_, err = w.svc.RequestCancellation(w.ctx, w.glow, w.mask.ID)
	check(err)
	r, err = w.svc.DecideCancellation(w.ctx, w.agency, w.mask.ID, true)
	check(err)
	fmt.Println("approved:", r.Product, r.State)

	_, err = w.svc.DecideCancellation(w.ctx, w.agency, w.serum.ID, true)
	fmt.Println("nothing requested:", errors.Is(err, registration.ErrTransition))
	// Output:
	// declined: mask-5pk approved
	// approved: mask-5pk closed
	// nothing requested: true
}

// exEntries returns "product rate" for each entry of a list, with the
// creator rate in force at t.
func exEntries(l productlist.List, t time.Time) []string {
	out := make([]string, len(l.Entries))
	for i, e := range l.Entries {
		v, err := e.Rates.At(t)
		check(err)
		out[i] = fmt.Sprintf("%s %v", e.Product.ID, v.Rate)
	}
	return out
}

// An agency bookmarks approved products and filters by bookmark (P1).
func ExampleService_Bookmark() {
	w := exampleWorld()
	check(w.svc.Bookmark(w.ctx, w.agency, w.serum.ID))
	check(w.svc.Bookmark(w.ctx, w.agency, w.serum.ID)) // a no-op
	ps, _, err := w.svc.Products(w.ctx, w.agency, productlist.ProductFilter{Bookmark: productlist.Bookmarked}, partnerkit.Page{})
	check(err)
	for _, p := range ps {
		fmt.Println("bookmarked:", p.Shop, p.ID, p.Total)
	}
	err = w.svc.Bookmark(w.ctx, w.agency, w.shoe.ID)
	fmt.Println("pending product:", errors.Is(err, partnerkit.ErrInvalid))
	err = w.svc.Bookmark(w.ctx, w.rival, w.serum.ID)
	fmt.Println("by agency-rival:", errors.Is(err, partnerkit.ErrNotFound))
	// Output:
	// bookmarked: USGLOW001 serum-30ml 15%
	// pending product: true
	// by agency-rival: true
}

// Unbookmark removes a bookmark (P1).
func ExampleService_Unbookmark() {
	w := exampleWorld()
	check(w.svc.Bookmark(w.ctx, w.agency, w.serum.ID))
	check(w.svc.Bookmark(w.ctx, w.agency, w.mask.ID))
	check(w.svc.Unbookmark(w.ctx, w.agency, w.serum.ID))
	ps, _, err := w.svc.Products(w.ctx, w.agency, productlist.ProductFilter{Bookmark: productlist.Bookmarked}, partnerkit.Page{})
	check(err)
	for _, p := range ps {
		fmt.Println("bookmarked:", p.ID)
	}
	err = w.svc.Unbookmark(w.ctx, w.agency, w.serum.ID)
	fmt.Println("again:", errors.Is(err, partnerkit.ErrNotFound))
	// Output:
	// bookmarked: mask-5pk
	// again: true
}

// Products lists the agency's approved products, with their total rates,
// filtered by bookmark, campaign or text (P1).
func ExampleService_Products() {
	w := exampleWorld()
	check(w.svc.Bookmark(w.ctx, w.agency, w.mask.ID))
	all, _, err := w.svc.Products(w.ctx, w.agency, productlist.ProductFilter{Bookmark: productlist.AllProducts}, partnerkit.Page{})
	check(err)
	for _, p := range all {
		fmt.Println(p.Campaign, p.Shop, p.ID, p.Total)
	}
	not, _, err := w.svc.Products(w.ctx, w.agency, productlist.ProductFilter{Bookmark: productlist.NotBookmarked}, partnerkit.Page{})
	check(err)
	fmt.Println("not bookmarked:", len(not), not[0].ID)
	serum, _, err := w.svc.Products(w.ctx, w.agency, productlist.ProductFilter{Bookmark: productlist.AllProducts, Text: "SERUM"}, partnerkit.Page{})
	check(err)
	fmt.Println(`"SERUM":`, len(serum), serum[0].Title)
	// Output:
	// campaign-1 USGLOW001 serum-30ml 15%
	// campaign-1 USGLOW001 mask-5pk 12%
	// not bookmarked: 1 serum-30ml
	// "SERUM": 1 Glow serum 30ml
}

// An agency creates product lists, up to productlist.MaxLists (P2).
func ExampleService_CreateList() {
	w := exampleWorld()
	l, err := w.svc.CreateList(w.ctx, w.agency, "Masks")
	check(err)
	fmt.Println(l.ID, l.Name, len(l.Entries), "products")
	_, err = w.svc.CreateList(w.ctx, w.agency, "")
	fmt.Println("no name:", errors.Is(err, partnerkit.ErrInvalid))
	// Output:
	// list-3 Masks 0 products
	// no name: true
}

// A product goes into a list at a creator rate no higher than its total
// rate (K1, P2).
func ExampleService_AddToList() {
	w := exampleWorld()
	l, err := w.svc.CreateList(w.ctx, w.agency, "Masks")
	check(err)
	l, err = w.svc.AddToList(w.ctx, w.agency, l.ID, w.mask.ID, rate(mustT{}, "9.5%"))
	check(err)
	fmt.Println(l.Name, exEntries(l, w.clock.Now()))

	_, err = w.svc.AddToList(w.ctx, w.agency, l.ID, w.serum.ID, rate(mustT{}, "16%"))
	fmt.Println("above serum's 15%:", errors.Is(err, partnerkit.ErrInvalid))
	_, err = w.svc.AddToList(w.ctx, w.agency, l.ID, w.shoe.ID, rate(mustT{}, "5%"))
	fmt.Println("pending product:", errors.Is(err, partnerkit.ErrInvalid))
	// Output:
	// Masks [mask-5pk 9.5%]
	// above serum's 15%: true
	// pending product: true
}

// RemoveFromList takes a product out of a list (P2).
func ExampleService_RemoveFromList() {
	w := exampleWorld()
	l, err := w.svc.RemoveFromList(w.ctx, w.agency, w.list.ID, w.serum.ID)
	check(err)
	fmt.Println(l.Name, exEntries(l, w.clock.Now()))
	_, err = w.svc.RemoveFromList(w.ctx, w.agency, w.list.ID, w.serum.ID)
	fmt.Println("again:", errors.Is(err, partnerkit.ErrNotFound))
	// Output:
	// Spring picks [mask-5pk 8%]
	// again: true
}

// List reads one of the agency's lists (P2).
func ExampleService_List() {
	w := exampleWorld()
	l, err := w.svc.List(w.ctx, w.agency, w.list.ID)
	check(err)
	fmt.Println(l.ID, l.Name, exEntries(l, w.clock.Now()))
	_, err = w.svc.List(w.ctx, w.rival, w.list.ID)
	fmt.Println("by agency-rival:", errors.Is(err, partnerkit.ErrNotFound))
	// Output:
	// list-1 Spring picks [serum-30ml 10% mask-5pk 8%]
	// by agency-rival: true
}

// Lists searches the agency's lists by name, ignoring case (P2).
func ExampleService_Lists() {
	w := exampleWorld()
	_, err := w.svc.CreateList(w.ctx, w.agency, "Summer picks")
	check(err)
	_, err = w.svc.CreateList(w.ctx, w.agency, "Masks")
	check(err)
	ls, _, err := w.svc.Lists(w.ctx, w.agency, "PICKS", partnerkit.Page{})
	check(err)
	for _, l := range ls {
		fmt.Println(l.ID, l.Name)
	}
	all, _, err := w.svc.Lists(w.ctx, w.agency, "", partnerkit.Page{})
	check(err)
	fmt.Println("all:", len(all))
	// Output:
	// list-1 Spring picks
	// list-3 Summer picks
	// all: 3
}

// RenameList renames a list; its share link keeps working (P2).
func ExampleService_RenameList() {
	w := exampleWorld()
	l, err := w.svc.RenameList(w.ctx, w.agency, w.list.ID, "Spring favourites")
	check(err)
	fmt.Println(l.ID, l.Name, len(l.Entries), "products")
	res, err := w.svc.ResolveLinks(w.ctx, w.maya, []string{string(w.listLink)})
	check(err)
	fmt.Println("old link offers:", len(res.Offers))
	// Output:
	// list-1 Spring favourites 2 products
	// old link offers: 2
}

// DuplicateList copies a list, entries and rates, under a new name (P2).
func ExampleService_DuplicateList() {
	w := exampleWorld()
	c, err := w.svc.DuplicateList(w.ctx, w.agency, w.list.ID, "Spring picks (copy)")
	check(err)
	fmt.Println(c.ID, c.Name, exEntries(c, w.clock.Now()))
	_, err = w.svc.DuplicateList(w.ctx, w.rival, w.list.ID, "Stolen picks")
	fmt.Println("by agency-rival:", errors.Is(err, partnerkit.ErrNotFound))
	// Output:
	// list-3 Spring picks (copy) [serum-30ml 10% mask-5pk 8%]
	// by agency-rival: true
}

// DeleteList deletes a list; its share link then offers nothing (P2, P4).
func ExampleService_DeleteList() {
	w := exampleWorld()
	check(w.svc.DeleteList(w.ctx, w.agency, w.list.ID))
	_, err := w.svc.List(w.ctx, w.agency, w.list.ID)
	fmt.Println("list:", errors.Is(err, partnerkit.ErrNotFound))
	_, err = w.svc.ResolveLinks(w.ctx, w.maya, []string{string(w.listLink)})
	fmt.Println("its link:", errors.Is(err, partnerkit.ErrNoProducts))
	// Output:
	// list: true
	// its link: true
}

// A creator rate change is a new version from a given time (P6): links
// offer the old rate until then, with the change announced.
func ExampleService_SetCreatorRate() {
	w := exampleWorld()
	tomorrow := w.clock.Now().Add(24 * time.Hour)
	l, err := w.svc.SetCreatorRate(w.ctx, w.agency, w.list.ID, w.serum.ID, rate(mustT{}, "12%"), tomorrow)
	check(err)
	for _, v := range l.Entries[0].Rates {
		fmt.Println(l.Entries[0].Product.ID, "version", v.Version, v.Rate)
	}
	res, err := w.svc.ResolveLinks(w.ctx, w.maya, []string{string(w.listLink)})
	check(err)
	o := res.Offers[0]
	fmt.Println("today:", o.Product, o.CreatorRate, "scheduled:", o.Scheduled[0].Rate)

	w.clock.Set(tomorrow)
	res, err = w.svc.ResolveLinks(w.ctx, w.maya, []string{string(w.listLink)})
	check(err)
	fmt.Println("tomorrow:", res.Offers[0].Product, res.Offers[0].CreatorRate, "version", res.Offers[0].RateVersion)
	// Output:
	// serum-30ml version 1 10%
	// serum-30ml version 2 12%
	// today: serum-30ml 10% scheduled: 12%
	// tomorrow: serum-30ml 12% version 2
}

// ExportLinks gives a CSV with one signed product link per product of a
// list, with creator rates only (P3).
func ExampleService_ExportLinks() {
	w := exampleWorld()
	csv, err := w.svc.ExportLinks(w.ctx, w.agency, w.list.ID)
	check(err)
	rows, err := productlist.ParseCSV(csv)
	check(err)
	for _, r := range rows {
		fmt.Println(r.Campaign, r.Shop, r.Product, r.Title, r.CreatorRate)
	}
	res, err := w.svc.ResolveLinks(w.ctx, w.maya, []string{string(rows[1].Link)})
	check(err)
	fmt.Println("row 2's link offers:", res.Offers[0].Product, res.Offers[0].CreatorRate)
	// Output:
	// campaign-1 USGLOW001 serum-30ml Glow serum 30ml 10%
	// campaign-1 USGLOW001 mask-5pk Hydrating sheet mask x5 8%
	// row 2's link offers: mask-5pk 8%
}

// ShareProduct signs a link to one product at a creator rate no higher
// than its total (P3).
func ExampleService_ShareProduct() {
	w := exampleWorld()
	link, err := w.svc.ShareProduct(w.ctx, w.agency, w.mask.ID, rate(mustT{}, "11%"))
	check(err)
	res, err := w.svc.ResolveLinks(w.ctx, w.maya, []string{string(link)})
	check(err)
	o := res.Offers[0]
	fmt.Println(o.Shop, o.Product, o.CreatorRate, o.Via)

	_, err = w.svc.ShareProduct(w.ctx, w.agency, w.mask.ID, rate(mustT{}, "13%"))
	fmt.Println("above mask's 12%:", errors.Is(err, partnerkit.ErrInvalid))
	// Output:
	// USGLOW001 mask-5pk 11% product
	// above mask's 12%: true
}

// A creator sees what pasted links offer, at creator rates only (P4); a
// link that was altered is refused.
func ExampleService_ResolveLinks() {
	w := exampleWorld()
	res, err := w.svc.ResolveLinks(w.ctx, w.maya, []string{string(w.listLink), string(w.rivalLink)})
	check(err)
	for _, o := range res.Offers {
		fmt.Println(o.Agency, o.Campaign, o.Product, o.CreatorRate)
	}
	fmt.Println("notices:", len(res.Notices))

	link := []byte(w.listLink)
	link[len(link)/2] ^= 1
	_, err = w.svc.ResolveLinks(w.ctx, w.maya, []string{string(link)})
	fmt.Println("altered:", errors.Is(err, partnerkit.ErrBadLink))
	// Output:
	// agency-aurora campaign-1 serum-30ml 10%
	// agency-aurora campaign-1 mask-5pk 8%
	// agency-rival campaign-2 night-cream 15%
	// notices: 0
	// altered: true
}

// Showcase returns the products a creator accepted, with the terms that
// pay each (P4, P6).
func ExampleService_Showcase() {
	w := exampleWorld()
	w.accept(w.maya, w.listLink)
	sc, err := w.svc.Showcase(w.ctx, w.maya)
	check(err)
	for _, e := range sc.Entries {
		t := e.Terms[len(e.Terms)-1]
		fmt.Println(e.Shop, e.Product, t.Campaign, t.List, t.Rate)
	}
	empty, err := w.svc.Showcase(w.ctx, w.leo)
	check(err)
	fmt.Println("creator-leo:", len(empty.Entries), "products")
	// Output:
	// USGLOW001 serum-30ml campaign-1 list-1 10%
	// USGLOW001 mask-5pk campaign-1 list-1 8%
	// creator-leo: 0 products
}

// exHour is the world's start plus n hours.
func exHour(n int) time.Time { return start.Add(time.Duration(n) * time.Hour) }

// exOrdersWorld is exampleWorld with three paid lines, read at hour 100:
// o-1 (creator-maya, serum 39.98, settled at hour 50) and o-2
// (creator-leo, mask 24.50, pending) in agency-aurora's campaign-1 through
// list-1 "Spring picks", and o-3 (creator-maya, the rival's night cream
// 50.00, pending) in campaign-2.
func exOrdersWorld() *world {
	w := exampleWorld()
	w.accept(w.maya, w.listLink, w.rivalLink)
	w.accept(w.leo, w.listLink)
	w.clock.Set(exHour(100))
	w.ingest(
		w.event("o1-paid", attribution.Paid, "o-1", w.maya, w.serum, "39.98", exHour(1), exHour(1)),
		w.event("o1-settled", attribution.Settled, "o-1", w.maya, w.serum, "", exHour(50), exHour(1)),
		w.event("o2-paid", attribution.Paid, "o-2", w.leo, w.mask, "24.50", exHour(2), exHour(2)),
		w.event("o3-paid", attribution.Paid, "o-3", w.maya, w.cream, "50.00", exHour(3), exHour(3)),
	)
	return w
}

// One order event at a time: a refund while the line is pending lowers
// its estimate, recomputed from the net base, with no reversal entry (K5,
// A6). Refunds above what the buyer paid (shipping refunded too) take the
// net base to zero and void the line; they are never refused.
func ExampleService_IngestEvent() {
	w := exampleWorld()
	w.accept(w.maya, w.listLink)
	l, err := w.svc.IngestEvent(w.ctx, w.host, w.event("ev-1", attribution.Paid, "o-1", w.maya, w.serum, "39.98", exHour(1), exHour(1)))
	check(err)
	fmt.Println(l.Key, l.Ledger.Status, "owed:", l.Ledger.Owed)
	l, err = w.svc.IngestEvent(w.ctx, w.host, w.event("ev-2", attribution.Refunded, "o-1", w.maya, w.serum, "19.99", exHour(2), exHour(1)))
	check(err)
	fmt.Println(l.Key, l.Ledger.Status, "owed:", l.Ledger.Owed, "entries:", len(l.Ledger.Entries))

	l, err = w.svc.IngestEvent(w.ctx, w.host, w.event("ev-3", attribution.Refunded, "o-1", w.maya, w.serum, "30.00", exHour(3), exHour(1)))
	check(err)
	fmt.Println(l.Key, l.Ledger.Status, "owed:", l.Ledger.Owed.Total, "refunded:", l.Ledger.Refunded)
	// Output:
	// o-1/1 pending owed: base 39.98 USD: total 6.00 USD = creator 4.00 USD + agency 2.00 USD
	// o-1/1 pending owed: base 19.99 USD: total 3.00 USD = creator 2.00 USD + agency 1.00 USD entries: 0
	// o-1/1 void owed: 0.00 USD refunded: 49.99 USD
}

// A host without the platform's settled events calls SettleDue
// periodically: delivered lines settle once the market's settlement window
// has passed (A6).
func ExampleService_SettleDue() {
	w := exampleWorld()
	w.accept(w.maya, w.listLink)
	delivered := start.Add(24 * time.Hour)
	w.ingest(
		w.event("ev-1", attribution.Paid, "o-1", w.maya, w.serum, "39.98", start, start),
		w.event("ev-2", attribution.Delivered, "o-1", w.maya, w.serum, "", delivered, start),
	)
	settleAfter := func(days int) {
		w.clock.Set(delivered.Add(time.Duration(days) * 24 * time.Hour))
		for p := (partnerkit.Page{}); ; {
			next, err := w.svc.SettleDue(w.ctx, w.host, p)
			check(err)
			if next == "" {
				break
			}
			p.After = next
		}
		orders, err := w.svc.CreatorOrders(w.ctx, w.maya, time.Time{}, time.Time{})
		check(err)
		o := orders[0]
		fmt.Println(days, "days after delivery:", o.Key, o.Status, "posted", o.Settled)
	}
	settleAfter(14) // the US market's window is 15 days of 24 hours
	settleAfter(15)
	// Output:
	// 14 days after delivery: o-1/1 pending posted 0.00 USD
	// 15 days after delivery: o-1/1 settled posted 4.00 USD
}

// A host sweeps the campaign edits that came due (C5): each is stored and
// announced once, dated when it applied, whether or not anyone read the
// campaign.
func ExampleService_ApplyDueEdits() {
	w := exampleWorld()
	name := "Spring Glow Plus"
	_, err := w.svc.EditCampaign(w.ctx, w.agency, w.camp.ID, campaign.Patch{Name: &name})
	check(err)
	seq := w.lastSeq()
	w.clock.Advance(campaign.EditDelay)
	for p := (partnerkit.Page{}); ; {
		next, err := w.svc.ApplyDueEdits(w.ctx, w.host, p)
		check(err)
		if next == "" {
			break
		}
		p.After = next
	}
	ms, err := w.svc.Outbox(w.ctx, w.host, seq, 10)
	check(err)
	for _, m := range ms {
		fmt.Println(m.Kind, m.Key, m.At.UTC().Format(time.Kitchen))
	}
	// Output:
	// campaign.edit_applied campaign-1 5:30PM
}

// A reader acknowledges what it handled, and a restarted reader resumes
// from its acknowledged position.
func ExampleService_Acknowledge() {
	w := exampleWorld()
	seq := w.lastSeq()
	check(w.svc.Acknowledge(w.ctx, w.host, "mailer", seq))

	_, err := w.svc.RequestCancellation(w.ctx, w.glow, w.mask.ID)
	check(err)
	// Later, after a restart:
	from, err := w.svc.Acknowledged(w.ctx, w.host, "mailer")
	check(err)
	msgs, err := w.svc.Outbox(w.ctx, w.host, from, 10)
	check(err)
	for _, m := range msgs {
		fmt.Println(m.Kind, m.Key)
	}
	// Output:
	// registration.cancel_requested registration-2
}

// Acknowledged is 0 for a reader that never acknowledged anything.
func ExampleService_Acknowledged() {
	w := exampleWorld()
	seq, err := w.svc.Acknowledged(w.ctx, w.host, "new-reader")
	check(err)
	fmt.Println("new-reader:", seq)
	check(w.svc.Acknowledge(w.ctx, w.host, "new-reader", 3))
	seq, err = w.svc.Acknowledged(w.ctx, w.host, "new-reader")
	check(err)
	fmt.Println("new-reader:", seq)
	// Output:
	// new-reader: 0
	// new-reader: 3
}

// ProductMetrics gives each product's figures in a campaign, kept with
// the events (A2).
func ExampleService_ProductMetrics() {
	w := exOrdersWorld()
	ps, _, err := w.svc.ProductMetrics(w.ctx, w.agency, w.camp.ID, 0, partnerkit.Page{})
	check(err)
	for _, p := range ps {
		fmt.Println(p.Product, p.TotalRate, "orders:", p.PaidOrders, "GMV:", p.GMV,
			"estimated:", p.EstimatedCreator, "+", p.EstimatedAgency, "settled:", p.SettledCreator, "+", p.SettledAgency)
	}
	_, _, err = w.svc.ProductMetrics(w.ctx, w.agency, w.rivalCamp.ID, 0, partnerkit.Page{})
	fmt.Println("the rival's campaign:", errors.Is(err, partnerkit.ErrNotFound))
	// Output:
	// mask-5pk 12% orders: 1 GMV: 24.50 USD estimated: 1.96 USD + 0.98 USD settled: 0.00 USD + 0.00 USD
	// serum-30ml 15% orders: 1 GMV: 39.98 USD estimated: 4.00 USD + 2.00 USD settled: 4.00 USD + 2.00 USD
	// the rival's campaign: true
}

// A seller sees its products' figures, never a creator's (A4).
func ExampleService_SellerProducts() {
	w := exOrdersWorld()
	ps, err := w.svc.SellerProducts(w.ctx, w.glow, w.camp.ID)
	check(err)
	for _, p := range ps {
		fmt.Println(p.Product, p.TotalRate, "orders:", p.PaidOrders, "creators:", p.Creators, "GMV:", p.GMV,
			"estimated:", p.EstimatedCommission, "settled:", p.SettledCommission)
	}
	_, err = w.svc.SellerProducts(w.ctx, w.stranger, w.camp.ID)
	fmt.Println("USSTRANGER9:", errors.Is(err, partnerkit.ErrNotFound))
	// Output:
	// mask-5pk 12% orders: 1 creators: 1 GMV: 24.50 USD estimated: 2.94 USD settled: 0.00 USD
	// serum-30ml 15% orders: 1 creators: 1 GMV: 39.98 USD estimated: 6.00 USD settled: 6.00 USD
	// USSTRANGER9: true
}

// A seller exports its order lines as CSV (A5).
func ExampleService_SellerOrdersCSV() {
	w := exOrdersWorld()
	csv, err := w.svc.SellerOrdersCSV(w.ctx, w.glow, time.Time{}, time.Time{})
	check(err)
	fmt.Print(string(csv))
	// Output:
	// order_id,line_id,campaign_id,product_id,status,paid_at,base,commission,currency
	// o-1,1,campaign-1,serum-30ml,settled,2027-03-01T18:00:00Z,39.98,6.00,USD
	// o-2,1,campaign-1,mask-5pk,pending,2027-03-01T19:00:00Z,24.50,2.94,USD
	// o-3,1,campaign-2,night-cream,pending,2027-03-01T20:00:00Z,50.00,10.00,USD
}

// A creator sees its own orders with its rate and commission only (A4).
func ExampleService_CreatorOrders() {
	w := exOrdersWorld()
	orders, err := w.svc.CreatorOrders(w.ctx, w.maya, time.Time{}, time.Time{})
	check(err)
	for _, o := range orders {
		fmt.Println(o.Key, o.Campaign, o.Product, o.Status, o.Rate, "base", o.Base, "commission", o.Commission, "settled", o.Settled)
	}
	// Output:
	// o-1/1 campaign-1 serum-30ml settled 10% base 39.98 USD commission 4.00 USD settled 4.00 USD
	// o-3/1 campaign-2 night-cream pending 15% base 50.00 USD commission 7.50 USD settled 0.00 USD
}

// An agency lists the paid lines of its own campaign with their creators
// and whole ledgers (A4), in payment order; a period keeps those first
// paid in it.
func ExampleService_CampaignOrders() {
	w := exOrdersWorld()
	orders, err := w.svc.CampaignOrders(w.ctx, w.agency, w.camp.ID, time.Time{}, time.Time{})
	check(err)
	for _, o := range orders {
		fmt.Println(o.Key, o.Creator, o.Terms.Product, o.Ledger.Status, "owed", o.Ledger.Owed)
	}
	later, err := w.svc.CampaignOrders(w.ctx, w.agency, w.camp.ID, orders[1].PaidAt, time.Time{})
	check(err)
	fmt.Println("paid from", orders[1].PaidAt.UTC().Format(time.RFC3339)+":", len(later), "line", later[0].Key)
	// Output:
	// o-1/1 creator-maya serum-30ml settled owed base 39.98 USD: total 6.00 USD = creator 4.00 USD + agency 2.00 USD
	// o-2/1 creator-leo mask-5pk pending owed base 24.50 USD: total 2.94 USD = creator 1.96 USD + agency 0.98 USD
	// paid from 2027-03-01T19:00:00Z: 1 line o-2/1
}

// A creator's statement lists its earnings posted in a period; its totals
// are the sums of its lines (A5).
func ExampleService_CreatorStatement() {
	w := exOrdersWorld()
	st, err := w.svc.CreatorStatement(w.ctx, w.maya, usd, day(3, 1), day(4, 1))
	check(err)
	for _, l := range st.Lines {
		fmt.Println(l.Key, l.Kind, l.Product, l.Rate, "base", l.Base, "commission", l.Commission)
	}
	fmt.Println("totals: base", st.Base, "commission", st.Commission)
	// Output:
	// o-1/1 settlement serum-30ml 10% base 39.98 USD commission 4.00 USD
	// totals: base 39.98 USD commission 4.00 USD
}

// A seller's statement lists what it pays for entries posted in a period
// (A5); it names no creator and does not split the commission (A4).
func ExampleService_SellerStatement() {
	w := exOrdersWorld()
	st, err := w.svc.SellerStatement(w.ctx, w.glow, usd, day(3, 1), day(4, 1))
	check(err)
	fmt.Println(st.Shop)
	for _, l := range st.Lines {
		fmt.Println(l.Key, l.Kind, l.Campaign, l.Product, "base", l.Base, "commission", l.Commission)
	}
	fmt.Println("totals: base", st.Base, "commission", st.Commission)
	// Output:
	// USGLOW001
	// o-1/1 settlement campaign-1 serum-30ml base 39.98 USD commission 6.00 USD
	// totals: base 39.98 USD commission 6.00 USD
}

// exReport is a partner-orders export (attribution.TikTokPartnerOrders) of
// campaign-1's two lines, in which the platform pays creator-leo 0.01 more
// on o-2 than the rules say.
const exReport = `Order ID,SKU Order ID,Product ID,Creator ID,Payment Amount,Currency,Total Commission Rate,Creator Commission Rate,Est. Total Commission,Est. Creator Commission,Est. Partner Commission,Actual Total Commission,Actual Creator Commission,Actual Partner Commission,Settlement Status
o-1,1,serum-30ml,creator-maya,39.98,USD,15%,10%,6.00,4.00,2.00,6.00,4.00,2.00,Settled
o-2,1,mask-5pk,creator-leo,24.50,USD,12%,8%,2.94,1.97,0.97,,,,Pending
`

// An agency checks the platform's commission report against its ledger
// (A5): every figure that differs is a discrepancy, with both values.
func ExampleService_Reconcile() {
	w := exOrdersWorld()
	rec, err := w.svc.Reconcile(w.ctx, w.agency, w.camp.ID, strings.NewReader(exReport), attribution.TikTokPartnerOrders())
	check(err)
	fmt.Println("rows:", rec.Rows, "agreed:", rec.Agreed, "malformed:", rec.Malformed, "ok:", rec.OK())
	for _, d := range rec.Discrepancies {
		fmt.Println(d.Kind, d.Key, d.Field, "creator: report", d.Report.Amounts.Creator, "ledger", d.Ledger.Amounts.Creator)
	}
	fmt.Println("the report states", rec.Difference.Creator, "more for creators,", rec.Difference.Agency, "for the agency")
	// Output:
	// rows: 2 agreed: 1 malformed: 0 ok: false
	// amount_differs o-2/1 estimated creator: report 1.97 USD ledger 1.96 USD
	// the report states 0.01 USD more for creators, -0.01 USD for the agency
}

// WhatIf recomputes a campaign's lines under other creator rates, without
// writing: money moves between creator and agency only (K1, K2).
func ExampleService_WhatIf() {
	w := exOrdersWorld()
	sc, err := w.svc.WhatIf(w.ctx, w.agency, w.camp.ID, map[registration.ProductID]commission.Rate{
		w.serum.Product: rate(mustT{}, "12%"),
	})
	check(err)
	for _, p := range sc.Products {
		alt := "unchanged"
		if p.Changed {
			alt = p.AlternativeRate.String()
		}
		fmt.Println(p.Product, "creator rate", p.CreatorRates, "->", alt+":",
			"creator", p.Now.Creator, "->", p.Alternative.Creator, "agency", p.Now.Agency, "->", p.Alternative.Agency)
	}
	fmt.Println("lines:", sc.Lines, "difference: creator", sc.Difference.Creator, "agency", sc.Difference.Agency)

	_, err = w.svc.WhatIf(w.ctx, w.agency, w.camp.ID, map[registration.ProductID]commission.Rate{
		w.serum.Product: rate(mustT{}, "16%"),
	})
	fmt.Println("above serum's 15%:", errors.Is(err, partnerkit.ErrInvalid))
	// Output:
	// mask-5pk creator rate [8%] -> unchanged: creator 1.96 USD -> 1.96 USD agency 0.98 USD -> 0.98 USD
	// serum-30ml creator rate [10%] -> 12%: creator 4.00 USD -> 4.80 USD agency 2.00 USD -> 1.20 USD
	// lines: 2 difference: creator 0.80 USD agency -0.80 USD
	// above serum's 15%: true
}

// WhatIfList is WhatIf over the lines that came through one list.
func ExampleService_WhatIfList() {
	w := exOrdersWorld()
	sc, err := w.svc.WhatIfList(w.ctx, w.agency, w.list.ID, map[registration.ProductID]commission.Rate{
		w.mask.Product: rate(mustT{}, "6%"),
	})
	check(err)
	for _, p := range sc.Products {
		fmt.Println(p.Campaign, p.Product, "creator", p.Now.Creator, "->", p.Alternative.Creator)
	}
	fmt.Println("total: creator", sc.Now.Creator, "->", sc.Alternative.Creator, "agency", sc.Now.Agency, "->", sc.Alternative.Agency)
	_, err = w.svc.WhatIfList(w.ctx, w.agency, w.rivalList.ID, nil)
	fmt.Println("the rival's list:", errors.Is(err, partnerkit.ErrNotFound))
	// Output:
	// campaign-1 mask-5pk creator 1.96 USD -> 1.47 USD
	// campaign-1 serum-30ml creator 4.00 USD -> 4.00 USD
	// total: creator 5.96 USD -> 5.47 USD agency 2.98 USD -> 3.47 USD
	// the rival's list: true
}

// Explain tells an agency which campaign, registration, list entry, rate
// version and events produced a line's amounts (A6).
func ExampleService_Explain() {
	w := exOrdersWorld()
	e, err := w.svc.Explain(w.ctx, w.agency, attribution.LineKey{Order: "o-1", Line: "1"})
	check(err)
	fmt.Print(e)
	_, err = w.svc.Explain(w.ctx, w.agency, attribution.LineKey{Order: "o-3", Line: "1"})
	fmt.Println("the rival's line:", errors.Is(err, partnerkit.ErrNotFound))
	// Output:
	// line o-1/1 of creator creator-maya: settled
	//   campaign campaign-1 of agency agency-aurora, shop USGLOW001
	//   registration registration-1 of product serum-30ml: total rate 15%
	//   list list-1, entry USGLOW001/serum-30ml: creator rate 10% (version 1, effective 2027-03-01T17:00:00Z), agency rate 5%
	//   placed 2027-03-01T18:00:00Z
	//   events:
	//     2027-03-01T18:00:00Z paid 39.98 USD (o1-paid) -> pending, owed base 39.98 USD: total 6.00 USD = creator 4.00 USD + agency 2.00 USD
	//     2027-03-03T19:00:00Z settled (o1-settled) -> settled, owed base 39.98 USD: total 6.00 USD = creator 4.00 USD + agency 2.00 USD
	//   entries:
	//     #1 settlement 2027-03-03T19:00:00Z from o1-paid, o1-settled: base 39.98 USD: total 6.00 USD = creator 4.00 USD + agency 2.00 USD
	//   owed base 39.98 USD: total 6.00 USD = creator 4.00 USD + agency 2.00 USD
	//   posted base 39.98 USD: total 6.00 USD = creator 4.00 USD + agency 2.00 USD
	// the rival's line: true
}

// A creator's explanation of its own line shows its rate and commission
// only (A4, K1).
func ExampleService_CreatorExplanation() {
	w := exOrdersWorld()
	e, err := w.svc.CreatorExplanation(w.ctx, w.maya, attribution.LineKey{Order: "o-1", Line: "1"})
	check(err)
	fmt.Print(e)
	_, err = w.svc.CreatorExplanation(w.ctx, w.leo, attribution.LineKey{Order: "o-1", Line: "1"})
	fmt.Println("another creator's line:", errors.Is(err, partnerkit.ErrNotFound))
	// Output:
	// line o-1/1: settled
	//   campaign campaign-1, product serum-30ml
	//   list list-1, entry USGLOW001/serum-30ml: your rate 10% (version 1, effective 2027-03-01T17:00:00Z)
	//   placed 2027-03-01T18:00:00Z
	//   events:
	//     2027-03-01T18:00:00Z paid 39.98 USD (o1-paid) -> pending, base 39.98 USD: commission 4.00 USD
	//     2027-03-03T19:00:00Z settled (o1-settled) -> settled, base 39.98 USD: commission 4.00 USD
	//   entries:
	//     #1 settlement 2027-03-03T19:00:00Z from o1-paid, o1-settled: base 39.98 USD: commission 4.00 USD
	//   owed: base 39.98 USD: commission 4.00 USD
	//   settled: commission 4.00 USD
	// another creator's line: true
}

// A seller's explanation of a line of its shop is product-level: total
// rate and commission, no creator (A4).
func ExampleService_SellerExplanation() {
	w := exOrdersWorld()
	e, err := w.svc.SellerExplanation(w.ctx, w.glow, attribution.LineKey{Order: "o-2", Line: "1"})
	check(err)
	fmt.Print(e)
	_, err = w.svc.SellerExplanation(w.ctx, w.trail, attribution.LineKey{Order: "o-2", Line: "1"})
	fmt.Println("another shop's line:", errors.Is(err, partnerkit.ErrNotFound))
	// Output:
	// line o-2/1: pending
	//   campaign campaign-1, registration registration-2 of product mask-5pk: total rate 12%
	//   placed 2027-03-01T19:00:00Z
	//   events:
	//     2027-03-01T19:00:00Z paid 24.50 USD (o2-paid) -> pending, base 24.50 USD: commission 2.94 USD
	//   entries: none
	//   owed: base 24.50 USD: commission 2.94 USD
	// another shop's line: true
}

// exCollab is creator-maya's collaboration on the serum in campaign-1,
// after she accepted "Spring picks".
func exCollab(w *world) partnerkit.Collaboration {
	w.accept(w.maya, w.listLink)
	return partnerkit.Collaboration{Campaign: w.camp.ID, Product: w.serum.Product, Creator: w.maya.ID}
}

// A creator asks for samples of a product in its showcase (A3).
func ExampleService_RequestSample() {
	w := exampleWorld()
	k := exCollab(w)
	p, err := w.svc.RequestSample(w.ctx, w.maya, k, "s-1", 2)
	check(err)
	for _, s := range p.Samples {
		fmt.Println(p.Product, s.ID, s.Quantity, s.Status)
	}
	_, err = w.svc.RequestSample(w.ctx, w.leo, k, "s-2", 1)
	fmt.Println("not in creator-leo's showcase:", errors.Is(err, partnerkit.ErrNotFound))
	// Output:
	// serum-30ml s-1 2 requested
	// not in creator-leo's showcase: true
}

// The agency decides a sample request and records its logistics (A3).
func ExampleService_SetSampleStatus() {
	w := exampleWorld()
	k := exCollab(w)
	_, err := w.svc.RequestSample(w.ctx, w.maya, k, "s-1", 2)
	check(err)
	for _, st := range []attribution.SampleStatus{attribution.SampleApproved, attribution.SampleShipped, attribution.SampleDelivered} {
		p, err := w.svc.SetSampleStatus(w.ctx, w.agency, k, "s-1", st)
		check(err)
		fmt.Println(p.Samples[0].ID, p.Samples[0].Status)
	}
	_, err = w.svc.SetSampleStatus(w.ctx, w.agency, k, "s-1", attribution.SampleRequested)
	fmt.Println("back to requested:", errors.Is(err, partnerkit.ErrInvalid))
	// Output:
	// s-1 approved
	// s-1 shipped
	// s-1 delivered
	// back to requested: true
}

// Once approved, a sample request's quantity may be raised, never lowered
// (A3).
func ExampleService_SetSampleQuantity() {
	w := exampleWorld()
	k := exCollab(w)
	_, err := w.svc.RequestSample(w.ctx, w.maya, k, "s-1", 2)
	check(err)
	_, err = w.svc.SetSampleStatus(w.ctx, w.agency, k, "s-1", attribution.SampleApproved)
	check(err)
	p, err := w.svc.SetSampleQuantity(w.ctx, w.agency, k, "s-1", 3)
	check(err)
	fmt.Println(p.Samples[0].ID, p.Samples[0].Quantity, p.Samples[0].Status)
	_, err = w.svc.SetSampleQuantity(w.ctx, w.agency, k, "s-1", 1)
	fmt.Println("lowered:", errors.Is(err, partnerkit.ErrInvalid))
	// Output:
	// s-1 3 approved
	// lowered: true
}

// A creator records the content it made; content made after a sample was
// delivered counts as made with a sample, and product metrics can be
// filtered by posted content (A2, A3).
func ExampleService_RecordContent() {
	w := exampleWorld()
	k := exCollab(w)
	_, err := w.svc.RecordContent(w.ctx, w.maya, k, "video-1", attribution.Video)
	check(err)
	_, err = w.svc.RequestSample(w.ctx, w.maya, k, "s-1", 1)
	check(err)
	for _, st := range []attribution.SampleStatus{attribution.SampleApproved, attribution.SampleShipped, attribution.SampleDelivered} {
		_, err = w.svc.SetSampleStatus(w.ctx, w.agency, k, "s-1", st)
		check(err)
	}
	p, err := w.svc.RecordContent(w.ctx, w.maya, k, "live-1", attribution.Live)
	check(err)
	for _, c := range p.Content {
		fmt.Println(c.ID, c.Kind, "with sample:", c.WithSample)
	}
	fmt.Printf("counts: %+v\n", p.Counts())

	posted, _, err := w.svc.ProductMetrics(w.ctx, w.agency, w.camp.ID, attribution.ContentPosted, partnerkit.Page{})
	check(err)
	for _, m := range posted {
		fmt.Println("posted:", m.Product, m.Content.Videos, "video,", m.Content.Lives, "LIVE")
	}
	// Output:
	// video-1 video with sample: false
	// live-1 live with sample: true
	// counts: {Videos:1 Lives:1 VideosWithSample:0 LivesWithSample:1}
	// posted: serum-30ml 1 video, 1 LIVE
}

// CollaborationProgress pages through every creator's progress on a
// campaign, by product then creator (A3).
func ExampleService_CollaborationProgress() {
	w := exampleWorld()
	k := exCollab(w)
	w.accept(w.leo, w.listLink)
	_, err := w.svc.RequestSample(w.ctx, w.maya, k, "s-1", 2)
	check(err)
	_, err = w.svc.RecordContent(w.ctx, w.leo, partnerkit.Collaboration{Campaign: w.camp.ID, Product: w.mask.Product}, "video-1", attribution.Video)
	check(err)
	ps, _, err := w.svc.CollaborationProgress(w.ctx, w.agency, w.camp.ID, partnerkit.Page{})
	check(err)
	for _, p := range ps {
		fmt.Println(p.Product, p.Creator, "samples:", len(p.Samples), "content:", len(p.Content))
	}
	// Output:
	// mask-5pk creator-leo samples: 0 content: 1
	// serum-30ml creator-maya samples: 1 content: 0
}

// Onboarding reports how far an agency is (C1); one that has not started
// is at "started".
func ExampleService_Onboarding() {
	w := exampleWorld()
	o, err := w.svc.Onboarding(w.ctx, partnerkit.Agency{ID: "agency-new"})
	check(err)
	missing, _ := o.Missing()
	fmt.Println(o.Agency, o.Stage, "next:", missing)
	o, err = w.svc.Onboarding(w.ctx, w.agency)
	check(err)
	fmt.Println(o.Agency, o.Stage, "complete:", o.Complete() == nil)
	// Output:
	// agency-new started next: category
	// agency-aurora onboarded complete: true
}

// The onboarding steps, in order (C1); only the Content Management
// category lets an agency go on.
func ExampleService_ChooseCategory() {
	w := exampleWorld()
	a := partnerkit.Agency{ID: "agency-new"}
	o, err := w.svc.ChooseCategory(w.ctx, a, campaign.ContentManagement)
	check(err)
	fmt.Println(o.Stage)
	o, err = w.svc.AddMatchUpCategory(w.ctx, a)
	check(err)
	fmt.Println(o.Stage)
	o, err = w.svc.SubmitTaxInfo(w.ctx, a)
	check(err)
	fmt.Println(o.Stage)
	o, err = w.svc.ReviewTaxInfo(w.ctx, w.host, a.ID, true)
	check(err)
	fmt.Println(o.Stage)
	o, err = w.svc.LinkBankAccount(w.ctx, a)
	check(err)
	fmt.Println(o.Stage)
	// Output:
	// category_chosen
	// match_up_added
	// tax_submitted
	// tax_approved
	// onboarded
}

// AddMatchUpCategory comes after the category (C1).
func ExampleService_AddMatchUpCategory() {
	w := exampleWorld()
	a := partnerkit.Agency{ID: "agency-new"}
	_, err := w.svc.AddMatchUpCategory(w.ctx, a)
	var missing *campaign.OnboardingError
	fmt.Println("first:", errors.As(err, &missing), missing.Missing)
	_, err = w.svc.ChooseCategory(w.ctx, a, campaign.ContentManagement)
	check(err)
	o, err := w.svc.AddMatchUpCategory(w.ctx, a)
	check(err)
	fmt.Println(o.Stage)
	// Output:
	// first: true category
	// match_up_added
}

// The agency submits its W-9, and resubmits it after a rejection (C1).
func ExampleService_SubmitTaxInfo() {
	w := exampleWorld()
	a := partnerkit.Agency{ID: "agency-new"}
	_, err := w.svc.ChooseCategory(w.ctx, a, campaign.ContentManagement)
	check(err)
	_, err = w.svc.AddMatchUpCategory(w.ctx, a)
	check(err)
	o, err := w.svc.SubmitTaxInfo(w.ctx, a)
	check(err)
	fmt.Println(o.Stage)
	o, err = w.svc.ReviewTaxInfo(w.ctx, w.host, a.ID, false)
	check(err)
	fmt.Println(o.Stage)
	o, err = w.svc.SubmitTaxInfo(w.ctx, a)
	check(err)
	fmt.Println(o.Stage)
	// Output:
	// tax_submitted
	// tax_rejected
	// tax_submitted
}

// The host reviews an agency's W-9 (C1); a rejection sends the agency
// back to resubmit it.
func ExampleService_ReviewTaxInfo() {
	w := exampleWorld()
	a := partnerkit.Agency{ID: "agency-new"}
	_, err := w.svc.ChooseCategory(w.ctx, a, campaign.ContentManagement)
	check(err)
	_, err = w.svc.AddMatchUpCategory(w.ctx, a)
	check(err)
	_, err = w.svc.SubmitTaxInfo(w.ctx, a)
	check(err)
	o, err := w.svc.ReviewTaxInfo(w.ctx, w.host, a.ID, false)
	check(err)
	missing, _ := o.Missing()
	fmt.Println(o.Stage, "next:", missing)
	_, err = w.svc.SubmitTaxInfo(w.ctx, a)
	check(err)
	o, err = w.svc.ReviewTaxInfo(w.ctx, w.host, a.ID, true)
	check(err)
	missing, _ = o.Missing()
	fmt.Println(o.Stage, "next:", missing)
	// Output:
	// tax_rejected next: tax_submission
	// tax_approved next: bank_link
}

// Linking a bank account completes onboarding; it is refused before the
// W-9 is approved (C1).
func ExampleService_LinkBankAccount() {
	w := exampleWorld()
	a := partnerkit.Agency{ID: "agency-new"}
	_, err := w.svc.ChooseCategory(w.ctx, a, campaign.ContentManagement)
	check(err)
	_, err = w.svc.AddMatchUpCategory(w.ctx, a)
	check(err)
	_, err = w.svc.SubmitTaxInfo(w.ctx, a)
	check(err)
	_, err = w.svc.LinkBankAccount(w.ctx, a)
	var missing *campaign.OnboardingError
	fmt.Println("before approval:", errors.As(err, &missing), missing.Missing)
	_, err = w.svc.ReviewTaxInfo(w.ctx, w.host, a.ID, true)
	check(err)
	o, err := w.svc.LinkBankAccount(w.ctx, a)
	check(err)
	fmt.Println(o.Stage, "complete:", o.Complete() == nil)
	// Output:
	// before approval: true tax_approval
	// onboarded complete: true
}
