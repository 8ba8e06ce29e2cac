package partnerkit_test

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
)

// fataler is what the fixture needs of *testing.T, *testing.B and
// *rapid.T.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

// clock is a movable clock for Options.Clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *clock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.now = t }

func (c *clock) Advance(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.now = c.now.Add(d) }

// counter returns an Options.NewID that numbers ids per kind: "campaign-1".
func counter() func(string) string {
	var mu sync.Mutex
	n := map[string]int{}
	return func(kind string) string {
		mu.Lock()
		defer mu.Unlock()
		n[kind]++
		return kind + "-" + strconv.Itoa(n[kind])
	}
}

var la = mustLocation("America/Los_Angeles")

func mustLocation(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// day is midnight of a 2027 date in Los Angeles, the US market's zone.
func day(m time.Month, d int) time.Time { return time.Date(2027, m, d, 0, 0, 0, 0, la) }

// start is when every world begins: registration day one, 09:00 in LA.
var start = time.Date(2027, 3, 1, 9, 0, 0, 0, la)

var (
	keyAurora = productlist.Key{ID: "k-aurora", Agency: "agency-aurora", Secret: []byte("aurora-secret-0123456789abcdefghijkl"), State: productlist.KeyActive}
	keyRival  = productlist.Key{ID: "k-rival", Agency: "agency-rival", Secret: []byte("rival-secret-0123456789abcdefghijklm"), State: productlist.KeyActive}
	usd       = commission.MustParseCurrency("USD")
)

func rate(t fataler, s string) commission.Rate {
	t.Helper()
	r, err := commission.ParseRate(s)
	if err != nil {
		t.Fatalf("ParseRate(%q): %v", s, err)
	}
	return r
}

func money(t fataler, amount string) commission.Money {
	t.Helper()
	m, err := commission.NewMoney(amount, "USD")
	if err != nil {
		t.Fatalf("NewMoney(%q): %v", amount, err)
	}
	return m
}

// world is a Service over memory.New() with a movable clock and:
//   - agency-aurora onboarded, with the published select campaign
//     "Spring Glow 2027" (shops USGLOW001 and USTRAIL02; minimum 10%);
//     USGLOW001's serum (15%) and mask (12%) approved, USTRAIL02's shoe
//     (10%) pending; a list "Spring picks" with serum at 10% and mask at
//     8%, and its share link;
//   - agency-rival onboarded, with the published open campaign "Rival
//     Secret Sale" where USGLOW001's "Rival night cream" (20%) is approved
//     and in the rival's list "Rival picks" at 15%.
//
// Nothing has been accepted into a showcase and no order exists.
type world struct {
	t     fataler
	ctx   context.Context
	clock *clock
	store storage.Store
	svc   *partnerkit.Service
	host  partnerkit.Host

	agency, rival         partnerkit.Agency
	glow, trail, stranger partnerkit.Seller
	maya, leo             partnerkit.Creator
	camp, rivalCamp       campaign.Campaign
	serum, mask, shoe     registration.Registration
	cream                 registration.Registration // the rival's
	list, rivalList       productlist.List
	listLink, rivalLink   productlist.Link
}

// springDetails are the details of agency-aurora's campaign.
func springDetails(t fataler) campaign.Details {
	return campaign.Details{
		Market:       "US",
		Name:         "Spring Glow 2027",
		Description:  "Skincare picks for spring creators.",
		Requirements: "US shops with 4.5+ rating.",
		MinRate:      rate(t, "10%"),
		Contact:      campaign.Contact{Channel: campaign.WhatsApp, Handle: "+1 555 0100"},
		Registration: campaign.Period{Start: day(3, 1), End: day(3, 15)},
		Period:       campaign.Period{Start: day(3, 1), End: day(6, 1)},
		Sellers:      campaign.Sellers{Mode: campaign.Select, ShopCodes: []campaign.ShopCode{"USGLOW001", "USTRAIL02"}},
	}
}

func newWorld(t fataler) *world {
	t.Helper()
	return newWorldOn(t, memory.New(), partnerkit.Options{})
}

// newWorldOn builds the same world over store; opts' zero Clock, Keys and
// NewID are the world's.
func newWorldOn(t fataler, store storage.Store, opts partnerkit.Options) *world {
	t.Helper()
	ck := &clock{now: start}
	if opts.Clock == nil {
		opts.Clock = ck.Now
	}
	if opts.Keys.Keys == nil {
		opts.Keys = productlist.KeySet{Keys: []productlist.Key{keyAurora, keyRival}}
	}
	if opts.NewID == nil {
		opts.NewID = counter()
	}
	w := &world{
		t: t, ctx: context.Background(), clock: ck, store: store,
		svc:    partnerkit.New(store, opts),
		agency: partnerkit.Agency{ID: "agency-aurora"}, rival: partnerkit.Agency{ID: "agency-rival"},
		glow: partnerkit.Seller{Shop: "USGLOW001"}, trail: partnerkit.Seller{Shop: "USTRAIL02"},
		stranger: partnerkit.Seller{Shop: "USSTRANGER9"},
		maya:     partnerkit.Creator{ID: "creator-maya"},
		leo:      partnerkit.Creator{ID: "creator-leo", Agency: "agency-northstar"},
	}
	w.onboard(w.agency)
	w.onboard(w.rival)

	w.camp = w.publish(w.agency, springDetails(t))
	rd := springDetails(t)
	rd.Name, rd.Description, rd.MinRate = "Rival Secret Sale", "Secret rival plans.", rate(t, "5%")
	rd.Sellers = campaign.Sellers{Mode: campaign.Open}
	w.rivalCamp = w.publish(w.rival, rd)

	w.serum = w.register(w.glow, w.camp.ID, "serum-30ml", "Glow serum 30ml", "15%")
	w.mask = w.register(w.glow, w.camp.ID, "mask-5pk", "Hydrating sheet mask x5", "12%")
	w.shoe = w.register(w.trail, w.camp.ID, "trail-shoe", "Trail running shoes", "10%")
	w.cream = w.register(w.glow, w.rivalCamp.ID, "night-cream", "Rival night cream", "20%")
	w.serum = w.approve(w.agency, w.serum.ID)
	w.mask = w.approve(w.agency, w.mask.ID)
	w.cream = w.approve(w.rival, w.cream.ID)

	w.list, w.listLink = w.shareList(w.agency, "Spring picks", map[registration.ID]string{w.serum.ID: "10%", w.mask.ID: "8%"}, w.serum.ID, w.mask.ID)
	w.rivalList, w.rivalLink = w.shareList(w.rival, "Rival picks", map[registration.ID]string{w.cream.ID: "15%"}, w.cream.ID)
	return w
}

func (w *world) onboard(a partnerkit.Agency) {
	w.t.Helper()
	steps := []func() (campaign.Onboarding, error){
		func() (campaign.Onboarding, error) { return w.svc.ChooseCategory(w.ctx, a, campaign.ContentManagement) },
		func() (campaign.Onboarding, error) { return w.svc.AddMatchUpCategory(w.ctx, a) },
		func() (campaign.Onboarding, error) { return w.svc.SubmitTaxInfo(w.ctx, a) },
		func() (campaign.Onboarding, error) { return w.svc.ReviewTaxInfo(w.ctx, w.host, a.ID, true) },
		func() (campaign.Onboarding, error) { return w.svc.LinkBankAccount(w.ctx, a) },
	}
	for i, step := range steps {
		if _, err := step(); err != nil {
			w.t.Fatalf("onboarding %s, step %d: %v", a.ID, i+1, err)
		}
	}
}

// publish creates, submits and publishes a campaign.
func (w *world) publish(a partnerkit.Agency, d campaign.Details) campaign.Campaign {
	w.t.Helper()
	c, err := w.svc.CreateCampaign(w.ctx, a, d)
	if err != nil {
		w.t.Fatalf("CreateCampaign(%s): %v", a.ID, err)
	}
	if _, err := w.svc.SubmitCampaign(w.ctx, a, c.ID); err != nil {
		w.t.Fatalf("SubmitCampaign(%s): %v", c.ID, err)
	}
	if c, err = w.svc.PublishCampaign(w.ctx, a, c.ID); err != nil {
		w.t.Fatalf("PublishCampaign(%s): %v", c.ID, err)
	}
	return c
}

func (w *world) register(sl partnerkit.Seller, c campaign.ID, product, title, r string) registration.Registration {
	w.t.Helper()
	reg, err := w.svc.RegisterProduct(w.ctx, sl, partnerkit.RegisterInput{
		Campaign: c, Product: registration.ProductID(product), ProductTitle: title, Rate: rate(w.t, r)})
	if err != nil {
		w.t.Fatalf("RegisterProduct(%s, %s): %v", sl.Shop, product, err)
	}
	return reg
}

func (w *world) approve(a partnerkit.Agency, id registration.ID) registration.Registration {
	w.t.Helper()
	r, err := w.svc.ApproveRegistration(w.ctx, a, id)
	if err != nil {
		w.t.Fatalf("ApproveRegistration(%s): %v", id, err)
	}
	return r
}

// shareList creates a list with the products in order at their creator
// rates and returns it with its share link.
func (w *world) shareList(a partnerkit.Agency, name string, rates map[registration.ID]string, order ...registration.ID) (productlist.List, productlist.Link) {
	w.t.Helper()
	l, err := w.svc.CreateList(w.ctx, a, name)
	if err != nil {
		w.t.Fatalf("CreateList(%q): %v", name, err)
	}
	for _, id := range order {
		if l, err = w.svc.AddToList(w.ctx, a, l.ID, id, rate(w.t, rates[id])); err != nil {
			w.t.Fatalf("AddToList(%s): %v", id, err)
		}
	}
	link, err := w.svc.ShareList(w.ctx, a, l.ID)
	if err != nil {
		w.t.Fatalf("ShareList(%s): %v", l.ID, err)
	}
	return l, link
}

// accept puts the links' products into c's showcase.
func (w *world) accept(c partnerkit.Creator, links ...productlist.Link) productlist.Showcase {
	w.t.Helper()
	texts := make([]string, len(links))
	for i, l := range links {
		texts[i] = string(l)
	}
	sc, err := w.svc.AcceptLinks(w.ctx, c, texts)
	if err != nil {
		w.t.Fatalf("AcceptLinks(%s): %v", c.ID, err)
	}
	return sc
}

// event builds an order event for line "1" of order through c's showcase
// entry for r's product, placed at placed.
func (w *world) event(id string, k attribution.Kind, order string, c partnerkit.Creator, r registration.Registration, amount string, at, placed time.Time) attribution.Event {
	w.t.Helper()
	var m commission.Money
	if amount != "" {
		m = money(w.t, amount)
	}
	return attribution.Event{
		ID: attribution.EventID(id), Kind: k, Order: attribution.OrderID(order), Line: "1",
		Creator: c.ID, Entry: partnerkit.EntryOf(r.Shop, r.Product), Amount: m, At: at, Placed: placed,
	}
}

// ingest applies events and fails on any refused one.
func (w *world) ingest(evs ...attribution.Event) []partnerkit.IngestResult {
	w.t.Helper()
	rs, err := w.svc.IngestEvents(w.ctx, w.host, evs)
	if err != nil {
		w.t.Fatalf("IngestEvents: %v", err)
	}
	for _, r := range rs {
		if r.Err != nil {
			w.t.Fatalf("IngestEvents: event %s: %v", r.Event, r.Err)
		}
	}
	return rs
}

// settleDue runs one whole SettleDue sweep, limit lines a page, following
// the cursor to the end.
func (w *world) settleDue(limit int) {
	w.t.Helper()
	for p := (partnerkit.Page{Limit: limit}); ; {
		next, err := w.svc.SettleDue(w.ctx, w.host, p)
		if err != nil {
			w.t.Fatalf("SettleDue: %v", err)
		}
		if next == "" {
			return
		}
		p.After = next
	}
}

// outboxKinds returns the kinds of every outbox message after seq.
func (w *world) outbox(after int64) []string {
	w.t.Helper()
	var kinds []string
	for {
		ms, err := w.svc.Outbox(w.ctx, w.host, after, 1000)
		if err != nil {
			w.t.Fatalf("Outbox: %v", err)
		}
		if len(ms) == 0 {
			return kinds
		}
		for _, m := range ms {
			kinds = append(kinds, m.Kind)
			after = m.Seq
		}
	}
}

// lastSeq is the newest outbox position.
func (w *world) lastSeq() int64 {
	w.t.Helper()
	var seq int64
	for {
		ms, err := w.svc.Outbox(w.ctx, w.host, seq, 1000)
		if err != nil {
			w.t.Fatalf("Outbox: %v", err)
		}
		if len(ms) == 0 {
			return seq
		}
		seq = ms[len(ms)-1].Seq
	}
}
