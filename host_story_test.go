package partnerkit_test

// A host engineer's first program, written from README.md and go doc only:
// the whole story on each backend, with money figures computed by hand.

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
	"github.com/partnerkit/partnerkit/storage/postgres"
	"github.com/partnerkit/partnerkit/storage/sqlite"
)

// storyClock is a hand-moved clock, safe for concurrent reads.
type storyClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *storyClock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *storyClock) Set(t time.Time) { c.mu.Lock(); c.now = t; c.mu.Unlock() }

func storyStores(t *testing.T) map[string]func(t *testing.T) storage.Store {
	return map[string]func(t *testing.T) storage.Store{
		"memory": func(t *testing.T) storage.Store { return memory.New() },
		"sqlite": func(t *testing.T) storage.Store {
			s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "story.db"), sqlite.Options{})
			if err != nil {
				t.Fatalf("sqlite.Open: %v", err)
			}
			return s
		},
		"postgres": func(t *testing.T) storage.Store {
			dsn := os.Getenv("PARTNERKIT_POSTGRES_DSN")
			if dsn == "" {
				t.Skip("PARTNERKIT_POSTGRES_DSN is unset")
			}
			b := make([]byte, 5)
			rand.Read(b)
			schema := "story_" + hex.EncodeToString(b)
			t.Cleanup(func() {
				ctx := context.Background()
				c, err := pgx.Connect(ctx, dsn)
				if err != nil {
					t.Errorf("connect to drop %s: %v", schema, err)
					return
				}
				defer c.Close(ctx)
				if _, err := c.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{schema}.Sanitize()+" CASCADE"); err != nil {
					t.Errorf("drop %s: %v", schema, err)
				}
			})
			s, err := postgres.Open(context.Background(), dsn, postgres.Options{Schema: schema})
			if err != nil {
				t.Fatalf("postgres.Open: %v", err)
			}
			return s
		},
	}
}

// C1–C4, R1–R2, K1–K5, P2–P4, A1–A6: the whole story on every backend,
// with every amount computed by hand (half-even to the cent).
func TestHostStory(t *testing.T) {
	for name, open := range storyStores(t) {
		t.Run(name, func(t *testing.T) {
			store := open(t)
			defer store.Close()
			hostStory(t, store)
		})
	}
}

func hostStory(t *testing.T, store storage.Store) {
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	usd := commission.MustParseCurrency("USD")
	money := func(s string) commission.Money {
		t.Helper()
		m, err := commission.NewMoney(s, "USD")
		must(err)
		return m
	}
	eq := func(what string, got commission.Money, want string) {
		t.Helper()
		if got.String() != want+" USD" {
			t.Errorf("%s = %v, want %s USD", what, got, want)
		}
	}
	la, err := time.LoadLocation("America/Los_Angeles")
	must(err)
	start := time.Date(2027, 3, 1, 9, 0, 0, 0, la)
	day := func(n int) time.Time { return start.Add(time.Duration(n) * 24 * time.Hour) }
	clk := &storyClock{now: start}
	secret := bytes.Repeat([]byte{7}, 32)
	agency := partnerkit.Agency{ID: "agency-story"}
	svc := partnerkit.New(store, partnerkit.Options{
		Clock: clk.Now,
		Keys: productlist.KeySet{Keys: []productlist.Key{
			{ID: "k1", Agency: agency.ID, Secret: secret, State: productlist.KeyActive},
		}},
	})
	host := partnerkit.Host{}

	// 1. Onboard (C1).
	_, err = svc.ChooseCategory(ctx, agency, campaign.ContentManagement)
	must(err)
	_, err = svc.AddMatchUpCategory(ctx, agency)
	must(err)
	_, err = svc.SubmitTaxInfo(ctx, agency)
	must(err)
	_, err = svc.ReviewTaxInfo(ctx, host, agency.ID, true)
	must(err)
	_, err = svc.LinkBankAccount(ctx, agency)
	must(err)

	// 2. Campaign: create, submit, publish (C2-C4).
	minRate, err := commission.ParseRate("10%")
	must(err)
	date := func(m time.Month, d int) time.Time { return time.Date(2027, m, d, 0, 0, 0, 0, la) }
	c, err := svc.CreateCampaign(ctx, agency, campaign.Details{
		Market: "US", Name: "Story spring", Description: "A host's first campaign.",
		Requirements: "none", MinRate: minRate,
		Contact:      campaign.Contact{Channel: campaign.WhatsApp, Handle: "+1 555 0100"},
		Registration: campaign.Period{Start: date(3, 1), End: date(3, 15)},
		Period:       campaign.Period{Start: date(3, 1), End: date(5, 31)},
		Sellers:      campaign.Sellers{Mode: campaign.Open},
	})
	must(err)
	_, err = svc.SubmitCampaign(ctx, agency, c.ID)
	must(err)
	c, err = svc.PublishCampaign(ctx, agency, c.ID)
	must(err)

	// 3. Two shops register, the agency approves (R1, R2).
	shopA, shopB := partnerkit.Seller{Shop: "USSHOPA01"}, partnerkit.Seller{Shop: "USSHOPB02"}
	regA, err := svc.RegisterProduct(ctx, shopA, partnerkit.RegisterInput{Campaign: c.ID, Product: "prod-a", ProductTitle: "Product A", Rate: 1500})
	must(err)
	regB, err := svc.RegisterProduct(ctx, shopB, partnerkit.RegisterInput{Campaign: c.ID, Product: "prod-b", ProductTitle: "Product B", Rate: 2000})
	must(err)
	regA, err = svc.ApproveRegistration(ctx, agency, regA.ID)
	must(err)
	regB, err = svc.ApproveRegistration(ctx, agency, regB.ID)
	must(err)

	// 4. Split and share (P2, P3): A creators 10% of 15%, B 12.5% of 20%.
	l, err := svc.CreateList(ctx, agency, "Story picks")
	must(err)
	_, err = svc.AddToList(ctx, agency, l.ID, regA.ID, 1000)
	must(err)
	l, err = svc.AddToList(ctx, agency, l.ID, regB.ID, 1250)
	must(err)
	link, err := svc.ShareList(ctx, agency, l.ID)
	must(err)

	// 5. A creator accepts (P4).
	creator := partnerkit.Creator{ID: "creator-story"}
	res, err := svc.ResolveLinks(ctx, creator, []string{string(link)})
	must(err)
	if len(res.Offers) != 2 {
		t.Fatalf("ResolveLinks offers = %d, want 2", len(res.Offers))
	}
	_, err = svc.AcceptLinks(ctx, creator, []string{string(link)})
	must(err)

	// 6. Orders.
	var events []attribution.Event
	ev := func(id string, k attribution.Kind, order string, r registration.Registration, amount string, at, placed time.Time) {
		var m commission.Money
		if amount != "" {
			m = money(amount)
		}
		events = append(events, attribution.Event{ID: attribution.EventID(id), Kind: k,
			Order: attribution.OrderID(order), Line: "1", Creator: creator.ID,
			Entry: partnerkit.EntryOf(r.Shop, r.Product), Amount: m, At: at, Placed: placed})
	}
	ev("o1-paid", attribution.Paid, "o-1", regA, "39.98", day(2), day(2))
	ev("o1-ship", attribution.Shipped, "o-1", regA, "", day(4), day(2))
	ev("o1-deliv", attribution.Delivered, "o-1", regA, "", day(5), day(2))
	ev("o2-paid", attribution.Paid, "o-2", regB, "19.99", day(3), day(3))
	ev("o2-refund", attribution.Refunded, "o-2", regB, "4.99", day(6), day(3))
	ev("o2-deliv", attribution.Delivered, "o-2", regB, "", day(7), day(3))
	ev("o2-settled", attribution.Settled, "o-2", regB, "", day(10), day(3))
	ev("o3-paid", attribution.Paid, "o-3", regB, "10.05", day(4), day(4))
	ev("o4-paid", attribution.Paid, "o-4", regB, "0.20", day(4), day(4))

	// Day 11: the feed arrives reversed, with repeats (A1).
	clk.Set(day(11))
	stream := append([]attribution.Event{events[4], events[0]}, events...)
	for i, j := 0, len(stream)-1; i < j; i, j = i+1, j-1 {
		stream[i], stream[j] = stream[j], stream[i]
	}
	results, err := svc.IngestEvents(ctx, host, stream)
	must(err)
	dups := 0
	for _, r := range results {
		if r.Err != nil {
			t.Fatalf("event %s refused: %v", r.Event, r.Err)
		}
		if r.Duplicate {
			dups++
		}
	}
	if dups != 2 {
		t.Errorf("duplicates = %d, want 2", dups)
	}

	// Day 21: o-1 is due (delivered day 5 + 15 days). Sweep (A6).
	clk.Set(day(21))
	for p := (partnerkit.Page{}); ; {
		next, err := svc.SettleDue(ctx, host, p)
		must(err)
		if next == "" {
			break
		}
		p.After = next
	}
	// Day 26: a refund after settlement (K5): a reversal.
	clk.Set(day(26))
	line, err := svc.IngestEvent(ctx, host, attribution.Event{ID: "o1-refund", Kind: attribution.Refunded,
		Order: "o-1", Line: "1", Creator: creator.ID, Entry: partnerkit.EntryOf(regA.Shop, regA.Product),
		Amount: money("10.00"), At: day(25), Placed: day(2)})
	must(err)
	if got := len(line.Ledger.Entries); got != 2 {
		t.Errorf("o-1 entries = %d, want 2 (settlement + reversal)", got)
	}

	// Metrics (A2). By hand:
	// o-1 net 29.98 @15/10: total 4.497->4.50, creator 2.998->3.00, agency 1.50 (settled)
	// o-2 net 15.00 @20/12.5: total 3.00, creator 1.875->1.88 (half-even), agency 1.12 (settled)
	// o-3 10.05 @20/12.5: total 2.01, creator 1.25625->1.26, agency 0.75 (pending)
	// o-4 0.20 @20/12.5: total 0.04, creator 0.025->0.02 (half-even), agency 0.02 (pending)
	m, err := svc.CampaignMetrics(ctx, agency, c.ID)
	must(err)
	if m.PaidOrders != 4 || m.Creators != 1 {
		t.Errorf("PaidOrders, Creators = %d, %d; want 4, 1", m.PaidOrders, m.Creators)
	}
	eq("GMV", m.GMV, "55.23")
	eq("EstimatedCreator", m.EstimatedCreator, "6.16")
	eq("EstimatedAgency", m.EstimatedAgency, "3.39")
	eq("SettledCreator", m.SettledCreator, "4.88")
	eq("SettledAgency", m.SettledAgency, "2.62")

	pms, _, err := svc.ProductMetrics(ctx, agency, c.ID, 0, partnerkit.Page{})
	must(err)
	if len(pms) != 2 {
		t.Fatalf("ProductMetrics = %d products, want 2", len(pms))
	}
	for _, pm := range pms {
		switch pm.Product {
		case "prod-a":
			eq("prod-a GMV", pm.GMV, "29.98")
			eq("prod-a est creator", pm.EstimatedCreator, "3.00")
			eq("prod-a settled agency", pm.SettledAgency, "1.50")
		case "prod-b":
			eq("prod-b GMV", pm.GMV, "25.25")
			eq("prod-b est creator", pm.EstimatedCreator, "3.16")
			eq("prod-b est agency", pm.EstimatedAgency, "1.89")
			eq("prod-b settled creator", pm.SettledCreator, "1.88")
		}
	}

	// Seller views (A4).
	spA, err := svc.SellerProducts(ctx, shopA, c.ID)
	must(err)
	if len(spA) != 1 || spA[0].Product != "prod-a" {
		t.Fatalf("SellerProducts(A) = %+v", spA)
	}
	eq("A est commission", spA[0].EstimatedCommission, "4.50")
	eq("A settled commission", spA[0].SettledCommission, "4.50")
	spB, err := svc.SellerProducts(ctx, shopB, c.ID)
	must(err)
	if len(spB) != 1 {
		t.Fatalf("SellerProducts(B) = %+v", spB)
	}
	eq("B est commission", spB[0].EstimatedCommission, "5.05")
	eq("B settled commission", spB[0].SettledCommission, "3.00")

	// Creator view.
	cos, err := svc.CreatorOrders(ctx, creator, time.Time{}, time.Time{})
	must(err)
	if len(cos) != 4 {
		t.Fatalf("CreatorOrders = %d, want 4", len(cos))
	}
	wantCreator := map[string][2]string{"o-1/1": {"3.00", "3.00"}, "o-2/1": {"1.88", "1.88"}, "o-3/1": {"1.26", "0.00"}, "o-4/1": {"0.02", "0.00"}}
	for _, o := range cos {
		w := wantCreator[o.Key.String()]
		eq(o.Key.String()+" commission", o.Commission, w[0])
		eq(o.Key.String()+" settled", o.Settled, w[1])
	}

	// Statements (A5): entries posted day 10 (o-2), day 20 (o-1), day 25 (o-1 reversal).
	from := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	to := from.AddDate(0, 2, 0)
	st, err := svc.AgencyStatement(ctx, agency, usd, from, to)
	must(err)
	if len(st.Lines) != 3 {
		t.Errorf("agency statement lines = %d, want 3", len(st.Lines))
	}
	eq("statement base", st.Totals.Base, "44.98")
	eq("statement total", st.Totals.Total, "7.50")
	eq("statement creator", st.Totals.Creator, "4.88")
	eq("statement agency", st.Totals.Agency, "2.62")
	cst, err := svc.CreatorStatement(ctx, creator, usd, from, to)
	must(err)
	eq("creator statement commission", cst.Commission, "4.88")
	sstA, err := svc.SellerStatement(ctx, shopA, usd, from, to)
	must(err)
	eq("seller A statement commission", sstA.Commission, "4.50")
	eq("seller A statement base", sstA.Base, "29.98")
	sstB, err := svc.SellerStatement(ctx, shopB, usd, from, to)
	must(err)
	eq("seller B statement commission", sstB.Commission, "3.00")

	// Seller CSV (A5): shop B has three lines, no creator column.
	raw, err := svc.SellerOrdersCSV(ctx, shopB, time.Time{}, time.Time{})
	must(err)
	rows, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	must(err)
	if len(rows) != 4 {
		t.Errorf("seller B CSV rows = %d, want header + 3:\n%s", len(rows), raw)
	}
	if strings.Contains(string(raw), string(creator.ID)) {
		t.Errorf("seller CSV names the creator:\n%s", raw)
	}
	t.Logf("seller B CSV:\n%s", raw)

	// Reconcile a platform report written by hand (TikTokPartnerOrders).
	report := "Order ID,SKU Order ID,Product ID,Creator ID,Payment Amount,Currency,Total Commission Rate,Creator Commission Rate,Est. Total Commission,Est. Creator Commission,Est. Partner Commission,Actual Total Commission,Actual Creator Commission,Actual Partner Commission,Settlement Status\n" +
		"o-1,1,prod-a,creator-story,39.98,USD,15%,10%,4.50,3.00,1.50,4.50,3.00,1.50,Settled\n" +
		"o-2,1,prod-b,creator-story,19.99,USD,20%,12.5%,3.00,1.88,1.12,3.00,1.88,1.12,Settled\n" +
		"o-3,1,prod-b,creator-story,10.05,USD,20%,12.5%,2.01,1.26,0.75,,,,Pending\n" +
		"o-4,1,prod-b,creator-story,0.20,USD,20%,12.5%,0.04,0.02,0.02,,,,Pending\n"
	rec, err := svc.Reconcile(ctx, agency, c.ID, strings.NewReader(report), attribution.TikTokPartnerOrders())
	must(err)
	if rec.Rows != 4 || rec.Agreed != 4 || !rec.OK() {
		t.Errorf("Reconcile: rows %d agreed %d ok %v; discrepancies %v; row errors %v", rec.Rows, rec.Agreed, rec.OK(), rec.Discrepancies, rec.RowErrors)
	}
	bad := strings.Replace(report, "2.01,1.26,0.75", "2.01,1.25,0.76", 1)
	rec, err = svc.Reconcile(ctx, agency, c.ID, strings.NewReader(bad), attribution.TikTokPartnerOrders())
	must(err)
	if rec.Agreed != 3 || len(rec.Discrepancies) == 0 {
		t.Errorf("Reconcile(bad): agreed %d, discrepancies %v", rec.Agreed, rec.Discrepancies)
	}
	for _, d := range rec.Discrepancies {
		t.Logf("discrepancy: %v", d)
	}

	// Outbox: every message decodes; order messages carry the last amounts.
	msgs, err := svc.Outbox(ctx, host, 0, 0)
	must(err)
	if len(msgs) == 0 {
		t.Fatal("outbox empty")
	}
	kinds := map[string]int{}
	for _, msg := range msgs {
		kinds[msg.Kind]++
	}
	t.Logf("outbox kinds: %v", kinds)
	lastOwed := map[string]partnerkit.OrderLineChanged{}
	for _, msg := range msgs {
		if strings.HasPrefix(msg.Kind, "order.") {
			var o partnerkit.OrderLineChanged
			must(json.Unmarshal(msg.Payload, &o))
			lastOwed[msg.Key] = o
		}
	}
	if o := lastOwed["o-1/1"]; o.Owed.Total.String() != "4.50 USD" || o.Owed.Creator.String() != "3.00 USD" || o.Status != attribution.StatusSettled {
		t.Errorf("last outbox message of o-1/1 = %+v, want settled 4.50/3.00", o)
	}

	// The agency's order listing and one explanation.
	aos, err := svc.CampaignOrders(ctx, agency, c.ID, time.Time{}, time.Time{})
	must(err)
	if len(aos) != 4 || aos[0].Key.Order != "o-1" {
		t.Errorf("CampaignOrders = %d lines, first %v; want 4, o-1 first (by payment time)", len(aos), aos[0].Key)
	}
	ex, err := svc.Explain(ctx, agency, attribution.LineKey{Order: "o-1", Line: "1"})
	must(err)
	t.Logf("explain o-1/1:\n%v", ex)
	must(svc.Acknowledge(ctx, host, "story-reader", msgs[len(msgs)-1].Seq))
}
