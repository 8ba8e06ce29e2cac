package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
)

type story struct {
	ctx   context.Context
	store storage.Store
	w     io.Writer
	svc   *partnerkit.Service
	clock *simClock

	agency       partnerkit.Agency
	glow, trail  partnerkit.Seller
	blocked      partnerkit.Seller
	maya, leo    partnerkit.Creator
	host         partnerkit.Host
	campaign     campaign.Campaign
	serum, mask  registration.Registration
	listLink     productlist.Link
	serumLinkLeo productlist.Link // a product link at 12%
	usd          commission.Currency
}

func newStory(ctx context.Context, w io.Writer, store storage.Store, secret []byte) *story {
	la, err := time.LoadLocation("America/Los_Angeles")
	check(err)
	clock := &simClock{now: time.Date(2027, 3, 1, 9, 0, 0, 0, la)}
	agency := partnerkit.Agency{ID: "agency-aurora"}
	var idMu sync.Mutex // NewID must be safe for concurrent use
	ids := map[string]int{}
	svc := partnerkit.New(store, partnerkit.Options{
		Clock: clock.Now,
		Keys: productlist.KeySet{Keys: []productlist.Key{
			{ID: "k1", Agency: agency.ID, Secret: secret, State: productlist.KeyActive},
		}},
		// Readable, repeatable ids for the printout; by default ids are random.
		NewID: func(kind string) string {
			idMu.Lock()
			defer idMu.Unlock()
			ids[kind]++
			return kind + "-" + strconv.Itoa(ids[kind])
		},
	})
	return &story{
		ctx: ctx, store: store, w: w, svc: svc, clock: clock, agency: agency,
		glow: partnerkit.Seller{Shop: "USGLOW001"}, trail: partnerkit.Seller{Shop: "USTRAIL02"},
		blocked: partnerkit.Seller{Shop: "USBLOCK03"},
		maya:    partnerkit.Creator{ID: "creator-maya"},
		leo:     partnerkit.Creator{ID: "creator-leo", Agency: "agency-northstar"},
		usd:     commission.MustParseCurrency("USD"),
	}
}

func (s *story) say(format string, args ...any) { fmt.Fprintf(s.w, format+"\n", args...) }

func (s *story) run() {
	s.onboard()
	s.publish()
	s.register()
	s.share()
	s.accept()
	s.orders()
	s.report()
	s.reconcile()
}

func (s *story) onboard() {
	_, err := s.svc.CreateCampaign(s.ctx, s.agency, campaign.Details{})
	s.say("1. %s tries to create a campaign before onboarding: %v", s.agency.ID, err)
	_, err = s.svc.ChooseCategory(s.ctx, s.agency, campaign.ContentManagement)
	check(err)
	_, err = s.svc.AddMatchUpCategory(s.ctx, s.agency)
	check(err)
	_, err = s.svc.SubmitTaxInfo(s.ctx, s.agency)
	check(err)
	_, err = s.svc.LinkBankAccount(s.ctx, s.agency)
	s.say("   linking a bank before the W-9 is approved: %v", err)
	_, err = s.svc.ReviewTaxInfo(s.ctx, s.host, s.agency.ID, true)
	check(err)
	o, err := s.svc.LinkBankAccount(s.ctx, s.agency)
	check(err)
	s.say("   onboarding: %v", o.Stage)
}

func (s *story) publish() {
	la := s.clock.now.Location()
	day := func(m time.Month, d int) time.Time { return time.Date(2027, m, d, 0, 0, 0, 0, la) }
	minRate, _ := commission.ParseRate("10%")
	c, err := s.svc.CreateCampaign(s.ctx, s.agency, campaign.Details{
		Market:       "US",
		Name:         "Spring Glow 2027",
		Description:  "Skincare and outdoor picks for spring creators.",
		Requirements: "US shops with 4.5+ rating.",
		MinRate:      minRate,
		Contact:      campaign.Contact{Channel: campaign.WhatsApp, Handle: "+1 555 0100"},
		Registration: campaign.Period{Start: day(3, 1), End: day(3, 15)},
		Period:       campaign.Period{Start: day(3, 1), End: day(5, 31)},
		Sellers:      campaign.Sellers{Mode: campaign.Select, ShopCodes: []campaign.ShopCode{s.glow.Shop, s.trail.Shop}},
	})
	check(err)
	_, err = s.svc.SubmitCampaign(s.ctx, s.agency, c.ID)
	check(err)
	c, err = s.svc.PublishCampaign(s.ctx, s.agency, c.ID)
	check(err)
	s.campaign = c
	s.say("2. campaign %s %q is %v, phase %v", c.ID, c.Details.Name, c.Status, c.Phase(s.clock.now))
}

func (s *story) register() {
	rate := func(p string) commission.Rate { r, err := commission.ParseRate(p); check(err); return r }
	var err error
	s.serum, err = s.svc.RegisterProduct(s.ctx, s.glow, partnerkit.RegisterInput{
		Campaign: s.campaign.ID, Product: "serum-30ml", ProductTitle: "Glow serum 30ml", Rate: rate("15%")})
	check(err)
	s.mask, err = s.svc.RegisterProduct(s.ctx, s.glow, partnerkit.RegisterInput{
		Campaign: s.campaign.ID, Product: "mask-5pk", ProductTitle: "Hydrating sheet mask ×5", Rate: rate("12%")})
	check(err)
	shoes, err := s.svc.RegisterProduct(s.ctx, s.trail, partnerkit.RegisterInput{
		Campaign: s.campaign.ID, Product: "trail-shoe", ProductTitle: "Trail running shoes", Rate: rate("10%")})
	check(err)
	_, err = s.svc.RegisterProduct(s.ctx, s.blocked, partnerkit.RegisterInput{
		Campaign: s.campaign.ID, Product: "lamp", ProductTitle: "Desk lamp", Rate: rate("20%")})
	s.say("3. %s (not on the shop list) registers: %v", s.blocked.Shop, err)

	s.serum, err = s.svc.ApproveRegistration(s.ctx, s.agency, s.serum.ID)
	check(err)
	s.mask, err = s.svc.ApproveRegistration(s.ctx, s.agency, s.mask.ID)
	check(err)
	shoes, err = s.svc.RejectRegistration(s.ctx, s.agency, shoes.ID, registration.Rejection{Reason: registration.TooExpensive})
	check(err)
	s.say("   %s %s at %v: %v", s.serum.Shop, s.serum.Product, s.serum.Rate, s.serum.State)
	s.say("   %s %s at %v: %v", s.mask.Shop, s.mask.Product, s.mask.Rate, s.mask.State)
	s.say("   %s %s at %v: %v (%v)", shoes.Shop, shoes.Product, shoes.Rate, shoes.State, shoes.Rejection.Reason)
}

func (s *story) share() {
	l, err := s.svc.CreateList(s.ctx, s.agency, "Spring glow picks")
	check(err)
	_, err = s.svc.AddToList(s.ctx, s.agency, l.ID, s.serum.ID, 1000) // creators 10% of 15%
	check(err)
	l, err = s.svc.AddToList(s.ctx, s.agency, l.ID, s.mask.ID, 800) // creators 8% of 12%
	check(err)
	s.listLink, err = s.svc.ShareList(s.ctx, s.agency, l.ID)
	check(err)
	s.serumLinkLeo, err = s.svc.ShareProduct(s.ctx, s.agency, s.serum.ID, 1200) // an earlier 12% deal
	check(err)
	s.say("4. list %q shared with %d products; link is %d characters, signed", l.Name, len(l.Entries), len(s.listLink))
}

func (s *story) accept() {
	_, err := s.svc.AcceptLinks(s.ctx, s.maya, []string{string(s.listLink)})
	check(err)
	s.say("5. %s accepts the list", s.maya.ID)
	_, err = s.svc.AcceptLinks(s.ctx, s.leo, []string{string(s.serumLinkLeo)})
	check(err)
	s.say("   %s (managed by %s; it still earns its creator rate, K4) accepts a serum link at 12%%", s.leo.ID, s.leo.Agency)
}

// orders runs the campaign's weeks: orders placed at different times pay
// the rate in force on the creator's showcase when each was placed (P6).
func (s *story) orders() {
	day := 24 * time.Hour
	start := s.clock.now
	usd := func(a string) commission.Money { m, err := commission.NewMoney(a, "USD"); check(err); return m }
	var events []attribution.Event
	// order adds a paid order placed on day placed and returns a function
	// that adds its later events, timed from placement.
	order := func(id string, c partnerkit.Creator, r registration.Registration, paid string, placed time.Duration) func(string, attribution.Kind, string, time.Duration) {
		at := start.Add(placed)
		add := func(evID string, k attribution.Kind, amount string, after time.Duration) {
			var m commission.Money
			if amount != "" {
				m = usd(amount)
			}
			events = append(events, attribution.Event{ID: attribution.EventID(evID), Kind: k,
				Order: attribution.OrderID(id), Line: "1", Creator: c.ID, Entry: partnerkit.EntryOf(r.Shop, r.Product),
				Amount: m, At: at.Add(after), Placed: at})
		}
		add(id+"-paid", attribution.Paid, paid, 0)
		return add
	}
	o2 := order("o-1002", s.leo, s.serum, "59.98", 2*day)      // leo at 12%
	o2("o-1002-settled", attribution.Settled, "", 20*day)      // day 22
	o2("o-1002-refund", attribution.Refunded, "20.00", 28*day) // day 30, after settlement: a reversal

	s.clock.advance(3 * day)
	res, err := s.svc.ResolveLinks(s.ctx, s.leo, []string{string(s.listLink)})
	check(err)
	for _, n := range res.Notices {
		s.say("6. day 3: %s is told: %s %s offered at %v, below the %v it has (P5)", s.leo.ID, n.Shop, n.Product, n.Offered, n.Current)
	}
	_, err = s.svc.AcceptLinks(s.ctx, s.leo, []string{string(s.listLink)})
	check(err)
	s.say("   %s accepts the list anyway: its later orders pay 10%%", s.leo.ID)

	o1 := order("o-1001", s.maya, s.serum, "39.98", 20*day)
	o1("o-1001-delivered", attribution.Delivered, "", 4*day)
	o1("o-1001-settled", attribution.Settled, "", 20*day) // day 40
	o3 := order("o-1003", s.maya, s.mask, "24.50", 21*day)
	o3("o-1003-delivered", attribution.Delivered, "", 4*day) // day 25: settles by the 15-day window on day 40 (A6)
	o4 := order("o-1004", s.leo, s.serum, "19.99", 22*day)
	o4("o-1004-delivered", attribution.Delivered, "", 20*day) // day 42: still pending on day 50

	// The platform's feed arrives on day 50, with repeats and out of order:
	// the ledger is the same as for the clean stream (A1).
	s.clock.now = start.Add(50 * day)
	stream := append([]attribution.Event{events[2], events[0]}, events...)
	for i, j := 0, len(stream)-1; i < j; i, j = i+1, j-1 {
		stream[i], stream[j] = stream[j], stream[i]
	}
	results, err := s.svc.IngestEvents(s.ctx, s.host, stream)
	check(err)
	dups := 0
	for _, r := range results {
		check(r.Err)
		if r.Duplicate {
			dups++
		}
	}
	s.say("7. day 50: %d order events ingested in reverse order (%d duplicates ignored)", len(results), dups)
}

func (s *story) report() {
	m, err := s.svc.CampaignMetrics(s.ctx, s.agency, s.campaign.ID)
	check(err)
	s.say("\nAgency %s, campaign %s", s.agency.ID, s.campaign.ID)
	t := tw(s.w)
	fmt.Fprintln(t, "paid orders\tcreators\tGMV\test. creator\test. agency\tsettled creator\tsettled agency\t")
	fmt.Fprintf(t, "%d\t%d\t%v\t%v\t%v\t%v\t%v\t\n", m.PaidOrders, m.Creators, m.GMV, m.EstimatedCreator, m.EstimatedAgency, m.SettledCreator, m.SettledAgency)
	t.Flush()

	ps, err := s.svc.SellerProducts(s.ctx, s.glow, s.campaign.ID)
	check(err)
	s.say("\nSeller %s, product view (no creator figures)", s.glow.Shop)
	t = tw(s.w)
	fmt.Fprintln(t, "product\ttotal rate\tpaid orders\tGMV\test. commission\tsettled commission\t")
	for _, p := range ps {
		fmt.Fprintf(t, "%s\t%v\t%d\t%v\t%v\t%v\t\n", p.Product, p.TotalRate, p.PaidOrders, p.GMV, p.EstimatedCommission, p.SettledCommission)
	}
	t.Flush()

	for _, c := range []partnerkit.Creator{s.maya, s.leo} {
		orders, err := s.svc.CreatorOrders(s.ctx, c, time.Time{}, time.Time{})
		check(err)
		s.say("\nCreator %s earnings (its own rate and commission only)", c.ID)
		t = tw(s.w)
		fmt.Fprintln(t, "order\tproduct\tstatus\trate\tbase\tcommission\tsettled\t")
		for _, o := range orders {
			fmt.Fprintf(t, "%s\t%s\t%v\t%v\t%v\t%v\t%v\t\n", o.Key, o.Product, o.Status, o.Rate, o.Base, o.Commission, o.Settled)
		}
		t.Flush()
	}

	from := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	st, err := s.svc.AgencyStatement(s.ctx, s.agency, s.usd, from, from.AddDate(0, 3, 0))
	check(err)
	s.say("\nStatement for %s, %s to %s (posted entries)", s.agency.ID, st.From.Format("2006-01-02"), st.To.Format("2006-01-02"))
	t = tw(s.w)
	fmt.Fprintln(t, "line\tentry\tkind\tbase\ttotal\tcreator\tagency\tcreator+agency=total\t")
	for _, l := range st.Lines {
		sum, _ := l.Amounts.Creator.Add(l.Amounts.Agency)
		fmt.Fprintf(t, "%s\t%d\t%v\t%v\t%v\t%v\t%v\t%v\t\n", l.Key, l.Seq, l.Kind, l.Amounts.Base, l.Amounts.Total, l.Amounts.Creator, l.Amounts.Agency, sum.Equal(l.Amounts.Total))
	}
	sum, _ := st.Totals.Creator.Add(st.Totals.Agency)
	fmt.Fprintf(t, "totals\t\t\t%v\t%v\t%v\t%v\t%v\t\n", st.Totals.Base, st.Totals.Total, st.Totals.Creator, st.Totals.Agency, sum.Equal(st.Totals.Total))
	t.Flush()
}

// reconcile checks a platform commission report against the ledger. The
// report is generated here from the ledger, as the platform would export
// it, with two discrepancies planted: a creator rate the platform got
// wrong, and an order the ledger has never seen.
func (s *story) reconcile() {
	var lines []attribution.Line
	check(s.store.View(s.ctx, func(tx storage.Tx) error {
		ls, _, err := tx.Orders().List(storage.LineQuery{Campaign: s.campaign.ID}, partnerkit.Page{})
		lines = ls
		return err
	}))
	m := attribution.TikTokPartnerOrders()
	var report strings.Builder
	check(attribution.WriteReport(&report, m, lines))
	csv := strings.Replace(report.String(), "o-1004,1,serum-30ml,creator-leo,19.99,USD,15%,10%,", "o-1004,1,serum-30ml,creator-leo,19.99,USD,15%,12%,", 1)
	csv += "o-1099,1,serum-30ml,creator-maya,30.00,USD,15%,10%,4.50,3.00,1.50,,,,pending\n"

	rec, err := s.svc.Reconcile(s.ctx, s.agency, s.campaign.ID, strings.NewReader(csv), m)
	check(err)
	s.say("\nReconciling the platform's report: %d rows, %d agree, %d discrepancies", rec.Rows, rec.Agreed, len(rec.Discrepancies))
	for _, d := range rec.Discrepancies {
		s.say("  %v", d)
	}
}
