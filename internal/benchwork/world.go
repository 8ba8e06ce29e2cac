// Package benchwork holds the workloads of partnerkit's performance targets
// (issue 10), each beside its ceiling, so the go test benchmarks and the
// report program examples/bench measure the very same code.
//
// A workload builds its data outside the timed section, then times one
// round of work and reports how many units (events, rows, calls) it did.
package benchwork

import (
	"context"
	"fmt"
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
)

var la = mustLocation("America/Los_Angeles")

func mustLocation(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// Start is when a world is set up: registration day one of its campaign.
var Start = time.Date(2027, 3, 1, 9, 0, 0, 0, la)

// Ingesting is the clock while events are ingested: the campaign runs.
var Ingesting = time.Date(2027, 5, 20, 12, 0, 0, 0, la)

// Clock is a settable clock for partnerkit.Options.Clock.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.now = t }

// World is a Service over a store with one onboarded agency, one published
// open campaign whose products are all approved and in shared lists, and
// creators who accepted every list, so every order line it makes up is
// attributed.
type World struct {
	Svc      *partnerkit.Service
	Store    storage.Store
	Clock    *Clock
	Agency   partnerkit.Agency
	Seller   partnerkit.Seller
	Campaign campaign.ID
	Regs     []registration.Registration
	Creators []partnerkit.Creator
	// Prefix makes this world's agency, creator, order and event ids
	// unique, so worlds can share a database.
	Prefix string

	mu    sync.Mutex
	lines int // lines made up so far
}

var usd = commission.MustParseCurrency("USD")

// NewWorld sets up a world with products approved products (in lists of
// at most 100) and creators creators over store. opts' Clock is replaced
// by the world's clock. prefix names the world's agency and order lines;
// "" picks a fresh one. Two worlds with the same prefix, sizes and a
// Counter for opts.NewID hold the same ids.
func NewWorld(ctx context.Context, store storage.Store, opts partnerkit.Options, prefix string, products, creators int) (*World, error) {
	ck := &Clock{now: Start}
	if prefix == "" {
		prefix = fmt.Sprintf("r%d", time.Now().UnixNano())
	}
	opts.Clock = ck.Now
	agency := partnerkit.Agency{ID: campaign.AgencyID("agency-" + prefix)}
	opts.Keys = productlist.KeySet{Keys: []productlist.Key{{
		ID: "k-" + prefix, Agency: agency.ID, Secret: []byte("bench-secret-0123456789abcdefghijklmn"), State: productlist.KeyActive,
	}}}
	svc := partnerkit.New(store, opts)
	w := &World{Svc: svc, Store: store, Clock: ck, Agency: agency, Seller: partnerkit.Seller{Shop: "USBENCH001"}, Prefix: prefix}
	if err := w.onboard(ctx); err != nil {
		return nil, err
	}
	day := func(m time.Month, d int) time.Time { return time.Date(2027, m, d, 0, 0, 0, 0, la) }
	c, err := svc.CreateCampaign(ctx, agency, campaign.Details{
		Market: "US", Name: "Bench " + prefix, Description: "Benchmark campaign.", Requirements: "None.",
		MinRate: 500, Contact: campaign.Contact{Channel: campaign.WhatsApp, Handle: "+1 555 0100"},
		Registration: campaign.Period{Start: day(3, 1), End: day(3, 31)},
		Period:       campaign.Period{Start: day(3, 1), End: day(12, 1)},
		Sellers:      campaign.Sellers{Mode: campaign.Open},
	})
	if err != nil {
		return nil, fmt.Errorf("CreateCampaign: %w", err)
	}
	if _, err := svc.SubmitCampaign(ctx, agency, c.ID); err != nil {
		return nil, fmt.Errorf("SubmitCampaign: %w", err)
	}
	if _, err := svc.PublishCampaign(ctx, agency, c.ID); err != nil {
		return nil, fmt.Errorf("PublishCampaign: %w", err)
	}
	w.Campaign = c.ID
	for i := range products {
		r, err := svc.RegisterProduct(ctx, w.Seller, partnerkit.RegisterInput{
			Campaign: c.ID, Product: registration.ProductID(fmt.Sprintf("p-%04d", i)),
			ProductTitle: fmt.Sprintf("Product %d", i), Rate: 1500,
		})
		if err != nil {
			return nil, fmt.Errorf("RegisterProduct: %w", err)
		}
		if r, err = svc.ApproveRegistration(ctx, agency, r.ID); err != nil {
			return nil, fmt.Errorf("ApproveRegistration: %w", err)
		}
		w.Regs = append(w.Regs, r)
	}
	var links []string
	for from := 0; from < len(w.Regs); from += productlist.MaxProducts {
		l, err := svc.CreateList(ctx, agency, fmt.Sprintf("Bench list %d", from))
		if err != nil {
			return nil, fmt.Errorf("CreateList: %w", err)
		}
		for _, r := range w.Regs[from:min(from+productlist.MaxProducts, len(w.Regs))] {
			if l, err = svc.AddToList(ctx, agency, l.ID, r.ID, 1000); err != nil {
				return nil, fmt.Errorf("AddToList: %w", err)
			}
		}
		link, err := svc.ShareList(ctx, agency, l.ID)
		if err != nil {
			return nil, fmt.Errorf("ShareList: %w", err)
		}
		links = append(links, string(link))
	}
	for i := range creators {
		// The creators are the world's own too: a creator shared by
		// worlds on one database would gather every world's terms in its
		// showcase, and each world would read all of them.
		cr := partnerkit.Creator{ID: productlist.CreatorID(fmt.Sprintf("creator-%s-%03d", prefix, i))}
		if len(links) > 0 {
			if _, err := svc.AcceptLinks(ctx, cr, links); err != nil {
				return nil, fmt.Errorf("AcceptLinks: %w", err)
			}
		}
		w.Creators = append(w.Creators, cr)
	}
	ck.Set(Ingesting)
	return w, nil
}

func (w *World) onboard(ctx context.Context) error {
	a, svc := w.Agency, w.Svc
	steps := []func() (campaign.Onboarding, error){
		func() (campaign.Onboarding, error) { return svc.ChooseCategory(ctx, a, campaign.ContentManagement) },
		func() (campaign.Onboarding, error) { return svc.AddMatchUpCategory(ctx, a) },
		func() (campaign.Onboarding, error) { return svc.SubmitTaxInfo(ctx, a) },
		func() (campaign.Onboarding, error) { return svc.ReviewTaxInfo(ctx, partnerkit.Host{}, a.ID, true) },
		func() (campaign.Onboarding, error) { return svc.LinkBankAccount(ctx, a) },
	}
	for i, step := range steps {
		if _, err := step(); err != nil {
			return fmt.Errorf("onboarding step %d: %w", i+1, err)
		}
	}
	return nil
}

// Counter returns an Options.NewID that numbers ids per kind:
// "campaign-1", so two worlds set up alike have the same ids.
func Counter() func(string) string {
	var mu sync.Mutex
	n := map[string]int{}
	return func(kind string) string {
		mu.Lock()
		defer mu.Unlock()
		n[kind]++
		return kind + "-" + strconv.Itoa(n[kind])
	}
}

// Mix says which events each made-up line gets.
type Mix int

const (
	// PaidOnly gives each line one paid event.
	PaidOnly Mix = iota
	// PaidRefundSettle gives each line a paid event, every fourth line a
	// partial refund, and every line a settled event: 2.25 events a line.
	PaidRefundSettle
)

// Lines makes up n new order lines of w and returns their events, line by
// line, in time order.
func (w *World) Lines(n int, mix Mix) []attribution.Event {
	w.mu.Lock()
	first := w.lines
	w.lines += n
	w.mu.Unlock()
	return LineEvents(w.Prefix, first, n, mix, w.Regs, w.Creators)
}

// LineEvents returns the events of lines first..first+n-1 (see Lines).
func LineEvents(prefix string, first, n int, mix Mix, regs []registration.Registration, creators []partnerkit.Creator) []attribution.Event {
	evs := make([]attribution.Event, 0, n*9/4+1)
	base := time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC)
	for i := first; i < first+n; i++ {
		r := regs[i%len(regs)]
		c := creators[(i/len(regs))%len(creators)]
		order := attribution.OrderID(prefix + "-o" + strconv.Itoa(i))
		placed := base.Add(time.Duration(i%86400) * time.Second)
		ev := func(kind attribution.Kind, suffix string, amount commission.Money, at time.Time) attribution.Event {
			return attribution.Event{
				ID: attribution.EventID(string(order) + suffix), Kind: kind, Order: order, Line: "1",
				Creator: c.ID, Entry: partnerkit.EntryOf(r.Shop, r.Product), Amount: amount, At: at, Placed: placed,
			}
		}
		paid := commission.FromMinor(int64(500+(i*7919)%20000), usd)
		evs = append(evs, ev(attribution.Paid, "-paid", paid, placed.Add(time.Minute)))
		if mix == PaidRefundSettle {
			if i%4 == 0 {
				evs = append(evs, ev(attribution.Refunded, "-refund", commission.FromMinor(100, usd), placed.Add(time.Hour)))
			}
			evs = append(evs, ev(attribution.Settled, "-settled", commission.Money{}, placed.Add(20*24*time.Hour)))
		}
	}
	return evs
}
