package partnerkit_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/campaign"
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
