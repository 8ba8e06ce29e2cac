package partnerkit_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage/memory"
)

// mustT is the fixture's fataler for examples: it panics.
type mustT struct{}

func (mustT) Helper() {}
func (mustT) Fatalf(format string, args ...any) {
	panic(fmt.Sprintf(format, args...))
}

// exampleWorld is the test fixture (see newWorld): agency-aurora's
// published campaign "Spring Glow 2027", USGLOW001's approved serum (15%)
// and mask (12%), and the list "Spring picks" offering them to creators at
// 10% and 8%.
func exampleWorld() *world { return newWorld(mustT{}) }

func check(err error) {
	if err != nil {
		panic(err)
	}
}

// A Service over the memory store, with a fixed clock, readable ids and a
// share-link key; an agency onboards (C1).
func ExampleNew() {
	ctx := context.Background()
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	n := 0
	svc := partnerkit.New(memory.New(), partnerkit.Options{
		Clock: func() time.Time { return now },
		NewID: func(kind string) string { n++; return fmt.Sprintf("%s-%d", kind, n) },
		Keys: productlist.KeySet{Keys: []productlist.Key{
			{ID: "k1", Agency: "agency-aurora", Secret: make([]byte, 32), State: productlist.KeyActive},
		}},
	})
	agency := partnerkit.Agency{ID: "agency-aurora"}
	_, err := svc.ChooseCategory(ctx, agency, campaign.ContentManagement)
	check(err)
	_, err = svc.AddMatchUpCategory(ctx, agency)
	check(err)
	_, err = svc.SubmitTaxInfo(ctx, agency)
	check(err)
	_, err = svc.LinkBankAccount(ctx, agency)
	var missing *campaign.OnboardingError
	fmt.Println("bank before tax approval:", errors.As(err, &missing), missing.Missing)
	_, err = svc.ReviewTaxInfo(ctx, partnerkit.Host{}, agency.ID, true)
	check(err)
	o, err := svc.LinkBankAccount(ctx, agency)
	check(err)
	fmt.Println("onboarding:", o.Stage)
	// Output:
	// bank before tax approval: true tax_approval
	// onboarding: onboarded
}

// A campaign is created as a draft, submitted and published (C4); sellers
// then find it (FindCampaigns).
func ExampleService_CreateCampaign() {
	w := exampleWorld()
	_, err := w.svc.CreateCampaign(w.ctx, partnerkit.Agency{ID: "agency-new"}, springDetails(mustT{}))
	fmt.Println("not onboarded:", errors.Is(err, campaign.ErrOnboarding))

	d := springDetails(mustT{})
	d.Name = "Summer Glow 2027"
	c, err := w.svc.CreateCampaign(w.ctx, w.agency, d)
	check(err)
	fmt.Println(c.ID, c.Status)
	_, err = w.svc.SubmitCampaign(w.ctx, w.agency, c.ID)
	check(err)
	c, err = w.svc.PublishCampaign(w.ctx, w.agency, c.ID)
	check(err)
	fmt.Println(c.ID, c.Status, c.Phase(w.clock.Now()))

	found, _, err := w.svc.FindCampaigns(w.ctx, w.glow, campaign.Filter{Text: "summer"}, partnerkit.Page{})
	check(err)
	fmt.Println("USGLOW001 finds:", found[0].Details.Name)
	// Output:
	// not onboarded: true
	// campaign-4 draft
	// campaign-4 published registration_open
	// USGLOW001 finds: Summer Glow 2027
}

// An edit of a published campaign applies 30 minutes later (C5).
func ExampleService_EditCampaign() {
	w := exampleWorld()
	name := "Spring Glow Plus"
	_, err := w.svc.EditCampaign(w.ctx, w.agency, w.camp.ID, campaign.Patch{Name: &name})
	check(err)
	w.clock.Advance(29*time.Minute + 59*time.Second)
	c, err := w.svc.Campaign(w.ctx, w.agency, w.camp.ID)
	check(err)
	fmt.Println("at 29:59:", c.Current(w.clock.Now()).Name)
	_, err = w.svc.EditCampaign(w.ctx, w.agency, w.camp.ID, campaign.Patch{Name: &name})
	var locked *campaign.EditLockedError
	if errors.As(err, &locked) {
		fmt.Println("locked until", locked.Until.Format(time.Kitchen), "UTC")
	}
	w.clock.Advance(time.Second)
	c, err = w.svc.Campaign(w.ctx, w.agency, w.camp.ID)
	check(err)
	fmt.Println("at 30:00:", c.Current(w.clock.Now()).Name)
	// Output:
	// at 29:59: Spring Glow 2027
	// locked until 5:30PM UTC
	// at 30:00: Spring Glow Plus
}

// Sellers register products (R1); the agency approves or rejects them
// (R2).
func ExampleService_RegisterProduct() {
	w := exampleWorld()
	r, err := w.svc.RegisterProduct(w.ctx, w.trail, partnerkit.RegisterInput{
		Campaign: w.camp.ID, Product: "tent", ProductTitle: "Two-person tent", Rate: rate(mustT{}, "11%"),
	})
	check(err)
	fmt.Println(r.Shop, r.Product, r.Rate, r.State)

	_, err = w.svc.RegisterProduct(w.ctx, w.stranger, partnerkit.RegisterInput{
		Campaign: w.camp.ID, Product: "lamp", ProductTitle: "Desk lamp", Rate: rate(mustT{}, "9%"),
	})
	fmt.Println("unlisted shop:", errors.Is(err, registration.ErrNotEligible), "rate too low:", errors.Is(err, registration.ErrRateTooLow))

	r, err = w.svc.RejectRegistration(w.ctx, w.agency, r.ID, registration.Rejection{Reason: registration.TooExpensive})
	check(err)
	fmt.Println(r.Product, r.State, r.Rejection.Reason)
	r, err = w.svc.ApproveRegistration(w.ctx, w.agency, r.ID)
	check(err)
	fmt.Println(r.Product, r.State)
	// Output:
	// USTRAIL02 tent 11% pending
	// unlisted shop: true rate too low: true
	// tent rejected too_expensive
	// tent approved
}

// An agency builds a list with a creator rate per product (P2), shares it
// and exports its product links (P3).
func ExampleService_ShareList() {
	w := exampleWorld()
	l, err := w.svc.CreateList(w.ctx, w.agency, "Serum only")
	check(err)
	l, err = w.svc.AddToList(w.ctx, w.agency, l.ID, w.serum.ID, rate(mustT{}, "11%"))
	check(err)
	link, err := w.svc.ShareList(w.ctx, w.agency, l.ID)
	check(err)
	fmt.Println(l.Name, len(l.Entries), "product; link signed:", link != "")

	csv, err := w.svc.ExportLinks(w.ctx, w.agency, w.list.ID)
	check(err)
	rows, err := productlist.ParseCSV(csv)
	check(err)
	for _, r := range rows {
		fmt.Println(r.Shop, r.Product, r.CreatorRate)
	}
	// Output:
	// Serum only 1 product; link signed: true
	// USGLOW001 serum-30ml 10%
	// USGLOW001 mask-5pk 8%
}

// A creator pastes links, sees creator rates only and is told when one is
// lower than a rate it has (P5), then accepts them (P4).
func ExampleService_AcceptLinks() {
	w := exampleWorld()
	deal, err := w.svc.ShareProduct(w.ctx, w.agency, w.serum.ID, rate(mustT{}, "12%"))
	check(err)
	_, err = w.svc.AcceptLinks(w.ctx, w.leo, []string{string(deal)})
	check(err)

	res, err := w.svc.ResolveLinks(w.ctx, w.leo, []string{string(w.listLink)})
	check(err)
	for _, o := range res.Offers {
		fmt.Println("offer:", o.Product, o.CreatorRate)
	}
	for _, n := range res.Notices {
		fmt.Println("notice:", n.Product, "offered", n.Offered, "below", n.Current)
	}
	sc, err := w.svc.AcceptLinks(w.ctx, w.leo, []string{string(w.listLink)})
	check(err)
	fmt.Println("showcase:", len(sc.Entries), "products")

	empty, err := w.svc.CreateList(w.ctx, w.agency, "Empty")
	check(err)
	link, err := w.svc.ShareList(w.ctx, w.agency, empty.ID)
	check(err)
	_, err = w.svc.AcceptLinks(w.ctx, w.leo, []string{string(link)})
	fmt.Println("empty list:", errors.Is(err, partnerkit.ErrNoProducts))
	// Output:
	// offer: serum-30ml 10%
	// offer: mask-5pk 8%
	// notice: serum-30ml offered 10% below 12%
	// showcase: 2 products
	// empty list: true
}

// Order events are idempotent by id (A1); each line is attributed to the
// creator's showcase entry when the order was placed and computed to the
// cent (K2).
func ExampleService_IngestEvents() {
	w := exampleWorld()
	w.accept(w.maya, w.listLink)
	paid := w.event("ev-1", attribution.Paid, "o-1", w.maya, w.serum, "39.98", start, start)
	results, err := w.svc.IngestEvents(w.ctx, w.host, []attribution.Event{
		paid,
		paid, // a repeat: a no-op
		w.event("ev-2", attribution.Paid, "o-2", w.maya, w.mask, "24.50", start, start),
	})
	check(err)
	for _, r := range results {
		fmt.Println(r.Event, "duplicate:", r.Duplicate, "owed:", r.Line.Ledger.Owed)
	}
	changed := paid
	changed.Amount = money(mustT{}, "10.00")
	_, err = w.svc.IngestEvent(w.ctx, w.host, changed)
	fmt.Println("same id, other content:", errors.Is(err, partnerkit.ErrConflict))

	orders, err := w.svc.CreatorOrders(w.ctx, w.maya, time.Time{}, time.Time{})
	check(err)
	for _, o := range orders {
		fmt.Println(o.Key, o.Product, o.Status, o.Rate, o.Commission)
	}
	// Output:
	// ev-1 duplicate: false owed: base 39.98 USD: total 6.00 USD = creator 4.00 USD + agency 2.00 USD
	// ev-1 duplicate: true owed: base 39.98 USD: total 6.00 USD = creator 4.00 USD + agency 2.00 USD
	// ev-2 duplicate: false owed: base 24.50 USD: total 2.94 USD = creator 1.96 USD + agency 0.98 USD
	// same id, other content: true
	// o-1/1 serum-30ml pending 10% 4.00 USD
	// o-2/1 mask-5pk pending 8% 1.96 USD
}

// Campaign metrics are kept in the same transaction as the events (A2);
// SettleDue settles delivered lines after the market's window (A6).
func ExampleService_CampaignMetrics() {
	w := exampleWorld()
	w.accept(w.maya, w.listLink)
	w.accept(w.leo, w.listLink)
	w.ingest(
		w.event("ev-1", attribution.Paid, "o-1", w.maya, w.serum, "39.98", start, start),
		w.event("ev-2", attribution.Delivered, "o-1", w.maya, w.serum, "", start.Add(24*time.Hour), start),
		w.event("ev-3", attribution.Paid, "o-2", w.leo, w.mask, "24.50", start, start),
	)
	w.clock.Set(start.Add(16 * 24 * time.Hour)) // delivery + 15 days has passed
	_, err := w.svc.SettleDue(w.ctx, w.host, partnerkit.Page{})
	check(err)
	m, err := w.svc.CampaignMetrics(w.ctx, w.agency, w.camp.ID)
	check(err)
	fmt.Println("paid orders:", m.PaidOrders, "creators:", m.Creators, "GMV:", m.GMV)
	fmt.Println("estimated:", m.EstimatedCreator, "+", m.EstimatedAgency)
	fmt.Println("settled:", m.SettledCreator, "+", m.SettledAgency)
	// Output:
	// paid orders: 2 creators: 2 GMV: 64.48 USD
	// estimated: 5.96 USD + 2.98 USD
	// settled: 4.00 USD + 2.00 USD
}

// Statements list the entries posted in a period; every line and the
// totals reconcile (A5). A refund after settlement posts a reversal (K5).
func ExampleService_AgencyStatement() {
	w := exampleWorld()
	w.accept(w.maya, w.listLink)
	w.clock.Set(start.Add(5 * 24 * time.Hour))
	w.ingest(
		w.event("ev-1", attribution.Paid, "o-1", w.maya, w.serum, "39.98", start, start),
		w.event("ev-2", attribution.Settled, "o-1", w.maya, w.serum, "", start.Add(48*time.Hour), start),
		w.event("ev-3", attribution.Refunded, "o-1", w.maya, w.serum, "20.00", start.Add(72*time.Hour), start),
	)
	st, err := w.svc.AgencyStatement(w.ctx, w.agency, usd, day(3, 1), day(4, 1))
	check(err)
	for _, l := range st.Lines {
		fmt.Println(l.Key, l.Kind, l.Amounts)
	}
	fmt.Println("totals", st.Totals)
	// Output:
	// o-1/1 settlement base 39.98 USD: total 6.00 USD = creator 4.00 USD + agency 2.00 USD
	// o-1/1 reversal base -20.00 USD: total -3.00 USD = creator -2.00 USD + agency -1.00 USD
	// totals base 19.98 USD: total 3.00 USD = creator 2.00 USD + agency 1.00 USD
}

// The host reads domain events in commit order and acknowledges them.
func ExampleService_Outbox() {
	w := exampleWorld()
	from := w.lastSeq()
	_, err := w.svc.RequestCancellation(w.ctx, w.glow, w.mask.ID)
	check(err)
	_, err = w.svc.DecideCancellation(w.ctx, w.agency, w.mask.ID, true)
	check(err)
	msgs, err := w.svc.Outbox(w.ctx, w.host, from, 10)
	check(err)
	for _, m := range msgs {
		fmt.Println(m.Kind, m.Key)
	}
	check(w.svc.Acknowledge(w.ctx, w.host, "mailer", msgs[len(msgs)-1].Seq))
	seq, err := w.svc.Acknowledged(w.ctx, w.host, "mailer")
	check(err)
	fmt.Println("acknowledged the last:", seq == msgs[len(msgs)-1].Seq)
	// Output:
	// registration.cancel_requested registration-2
	// registration.closed registration-2
	// acknowledged the last: true
}
