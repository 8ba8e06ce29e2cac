package partnerkit_test

// agg: money in the aggregates (metrics, statements, seller CSV, order
// listings, reconcile) against an independent exact oracle built from the
// events and the DESIGN rules K2/K5/A5/A6 alone, on every backend.

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

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

// ---------------------------------------------------------------- world

var (
	aggTokyo  = mustLocation("Asia/Tokyo")
	aggKuwait = mustLocation("Asia/Kuwait")
	aggUSD    = commission.MustParseCurrency("USD")
	aggJPY    = commission.MustParseCurrency("JPY")
	aggKWD    = commission.MustParseCurrency("KWD")
	aggCurs   = []commission.Currency{aggUSD, aggJPY, aggKWD}
)

// Settlement windows in days per market (KW: platform's settled event only).
var aggWindow = map[campaign.MarketCode]int{"US": 7, "JP": 3, "KW": 0}

func aggMarketTable() campaign.MarketTable {
	t, err := campaign.NewMarketTable(
		campaign.Market{Code: "US", Region: campaign.NorthAmerica, Currency: aggUSD, Location: la, Channels: []campaign.Channel{campaign.WhatsApp}, SettlementWindow: aggWindow["US"]},
		campaign.Market{Code: "JP", Region: campaign.EastAsia, Currency: aggJPY, Location: aggTokyo, Channels: []campaign.Channel{campaign.LINE}, SettlementWindow: aggWindow["JP"]},
		campaign.Market{Code: "KW", Region: campaign.SoutheastAsia, Currency: aggKWD, Location: aggKuwait, Channels: []campaign.Channel{campaign.WhatsApp}, SettlementWindow: aggWindow["KW"]},
	)
	if err != nil {
		panic(err)
	}
	return t
}

type aggCamp struct {
	agency int
	market campaign.MarketCode
	cur    commission.Currency
	loc    *time.Location
	ch     campaign.Channel
	id     campaign.ID
}

type aggProd struct {
	camp    int
	shop    campaign.ShopCode
	product registration.ProductID
	total   commission.Rate
	creator commission.Rate
	reg     registration.Registration
}

var aggAgencies = []partnerkit.Agency{{ID: "agency-aurora"}, {ID: "agency-rival"}}
var aggCreators = []partnerkit.Creator{{ID: "creator-maya"}, {ID: "creator-leo", Agency: "agency-northstar"}, {ID: "creator-kim"}}
var aggShops = []campaign.ShopCode{"USGLOW001", "USTRAIL02", "JPSHOP001", "KWSHOP001"}

// aggAccepts[creator] are the campaigns whose list the creator accepted.
var aggAccepts = [][]int{{0, 1, 2, 3}, {0, 2}, {1, 3}}

func aggCampsTemplate() []aggCamp {
	return []aggCamp{
		{agency: 0, market: "US", cur: aggUSD, loc: la, ch: campaign.WhatsApp},
		{agency: 0, market: "JP", cur: aggJPY, loc: aggTokyo, ch: campaign.LINE},
		{agency: 0, market: "KW", cur: aggKWD, loc: aggKuwait, ch: campaign.WhatsApp},
		{agency: 1, market: "US", cur: aggUSD, loc: la, ch: campaign.WhatsApp},
	}
}

func aggProdsTemplate() []aggProd {
	return []aggProd{
		{camp: 0, shop: "USGLOW001", product: "serum"},
		{camp: 0, shop: "USGLOW001", product: "mask"},
		{camp: 0, shop: "USTRAIL02", product: "shoe"},
		{camp: 3, shop: "USGLOW001", product: "cream"},
		{camp: 1, shop: "JPSHOP001", product: "matcha"},
		{camp: 1, shop: "JPSHOP001", product: "sencha"},
		{camp: 1, shop: "USGLOW001", product: "jp-serum"},
		{camp: 2, shop: "USGLOW001", product: "kw-serum"},
		{camp: 2, shop: "KWSHOP001", product: "oud"},
		{camp: 2, shop: "KWSHOP001", product: "dates"},
	}
}

type aggWorld struct {
	ctx   context.Context
	clock *clock
	svc   *partnerkit.Service
	camps []aggCamp
	prods []aggProd
}

func aggBuild(t fataler, store storage.Store, prods []aggProd) *aggWorld {
	t.Helper()
	ck := &clock{now: start}
	w := &aggWorld{ctx: context.Background(), clock: ck, camps: aggCampsTemplate(), prods: slices.Clone(prods)}
	w.svc = partnerkit.New(store, partnerkit.Options{
		Clock: ck.Now, NewID: counter(),
		Keys:      productlist.KeySet{Keys: []productlist.Key{keyAurora, keyRival}},
		Campaigns: campaign.Policy{Markets: aggMarketTable()},
	})
	for _, a := range aggAgencies {
		steps := []func() (campaign.Onboarding, error){
			func() (campaign.Onboarding, error) { return w.svc.ChooseCategory(w.ctx, a, campaign.ContentManagement) },
			func() (campaign.Onboarding, error) { return w.svc.AddMatchUpCategory(w.ctx, a) },
			func() (campaign.Onboarding, error) { return w.svc.SubmitTaxInfo(w.ctx, a) },
			func() (campaign.Onboarding, error) { return w.svc.ReviewTaxInfo(w.ctx, partnerkit.Host{}, a.ID, true) },
			func() (campaign.Onboarding, error) { return w.svc.LinkBankAccount(w.ctx, a) },
		}
		for i, s := range steps {
			if _, err := s(); err != nil {
				t.Fatalf("onboard %s step %d: %v", a.ID, i, err)
			}
		}
	}
	for i := range w.camps {
		c := &w.camps[i]
		y, mo, dd := start.In(c.loc).Date()
		d0 := time.Date(y, mo, dd, 0, 0, 0, 0, c.loc)
		d := campaign.Details{
			Market: c.market, Name: fmt.Sprintf("Campaign %d %s", i, c.market), Description: "agg",
			Requirements: "none", MinRate: 100,
			Contact:      campaign.Contact{Channel: c.ch, Handle: "+1 555 0100"},
			Registration: campaign.Period{Start: d0, End: d0.AddDate(0, 0, 14)},
			Period:       campaign.Period{Start: d0, End: d0.AddDate(0, 3, 0)},
			Sellers:      campaign.Sellers{Mode: campaign.Open},
		}
		a := aggAgencies[c.agency]
		cc, err := w.svc.CreateCampaign(w.ctx, a, d)
		if err != nil {
			t.Fatalf("CreateCampaign %d: %v", i, err)
		}
		if _, err := w.svc.SubmitCampaign(w.ctx, a, cc.ID); err != nil {
			t.Fatalf("Submit %d: %v", i, err)
		}
		if _, err := w.svc.PublishCampaign(w.ctx, a, cc.ID); err != nil {
			t.Fatalf("Publish %d: %v", i, err)
		}
		c.id = cc.ID
	}
	for i := range w.prods {
		p := &w.prods[i]
		c := w.camps[p.camp]
		r, err := w.svc.RegisterProduct(w.ctx, partnerkit.Seller{Shop: p.shop}, partnerkit.RegisterInput{
			Campaign: c.id, Product: p.product, ProductTitle: "Product " + string(p.product), Rate: p.total})
		if err != nil {
			t.Fatalf("RegisterProduct %s: %v", p.product, err)
		}
		if p.reg, err = w.svc.ApproveRegistration(w.ctx, aggAgencies[c.agency], r.ID); err != nil {
			t.Fatalf("Approve %s: %v", p.product, err)
		}
	}
	links := make([]productlist.Link, len(w.camps))
	for ci, c := range w.camps {
		a := aggAgencies[c.agency]
		l, err := w.svc.CreateList(w.ctx, a, fmt.Sprintf("List %d", ci))
		if err != nil {
			t.Fatalf("CreateList: %v", err)
		}
		for _, p := range w.prods {
			if p.camp != ci {
				continue
			}
			if l, err = w.svc.AddToList(w.ctx, a, l.ID, p.reg.ID, p.creator); err != nil {
				t.Fatalf("AddToList %s: %v", p.product, err)
			}
		}
		if links[ci], err = w.svc.ShareList(w.ctx, a, l.ID); err != nil {
			t.Fatalf("ShareList: %v", err)
		}
	}
	for ci, cr := range aggCreators {
		var ls []string
		for _, c := range aggAccepts[ci] {
			ls = append(ls, string(links[c]))
		}
		if _, err := w.svc.AcceptLinks(w.ctx, cr, ls); err != nil {
			t.Fatalf("AcceptLinks %s: %v", cr.ID, err)
		}
	}
	return w
}

// ---------------------------------------------------------------- scenario

type aggEv struct {
	id     string
	kind   attribution.Kind
	at     time.Time
	amount int64 // minor units, Paid and Refunded only
	entry  bool
}

type aggLine struct {
	key      attribution.LineKey
	creator  int
	prod     int
	hasEntry bool
	placed   time.Time
	events   []aggEv
}

type aggScenario struct {
	prods   []aggProd
	lines   []aggLine
	batches [][]int // indexes into flat event list, per batch
	flat    []struct{ line, ev int }
	times   []time.Time // clock per batch
	sweeps  []bool      // SettleDue after batch
	end     time.Time
	picks   []int // period choices, drawn up front so every backend sees the same
	opKind  int
	conc    bool // ingest each batch with concurrent IngestEvent calls and a sweep
}

func aggDraw(t *rapid.T) *aggScenario {
	sc := &aggScenario{prods: aggProdsTemplate()}
	for i := range sc.prods {
		// Totals with odd basis points so rounding bites.
		sc.prods[i].total = commission.Rate(rapid.IntRange(100, 3000).Draw(t, "total"))
		sc.prods[i].creator = commission.Rate(rapid.IntRange(0, int(sc.prods[i].total)).Draw(t, "creator"))
	}
	n := rapid.IntRange(1, 18).Draw(t, "lines")
	for i := range n {
		l := aggLine{
			creator:  rapid.IntRange(0, len(aggCreators)-1).Draw(t, "creator"),
			prod:     rapid.IntRange(0, len(sc.prods)-1).Draw(t, "prod"),
			hasEntry: rapid.IntRange(0, 9).Draw(t, "hasEntry") > 0,
		}
		l.key = attribution.LineKey{Order: attribution.OrderID(fmt.Sprintf("o-%02d", i/2)), Line: attribution.LineID(fmt.Sprint(1 + i%2))}
		l.placed = start.Add(time.Hour + time.Duration(rapid.Int64Range(0, 30*24*3600).Draw(t, "placed"))*time.Second +
			time.Duration(rapid.IntRange(0, 999).Draw(t, "placedNanos")))
		cur := aggCampsTemplate()[sc.prods[l.prod].camp].cur
		unit := int64(1)
		for range cur.Scale() {
			unit *= 10
		}
		// Paid amount: small (rounding) or large.
		paid := rapid.OneOf(rapid.Int64Range(0, 300), rapid.Int64Range(1, 5_000_000)).Draw(t, "paid")
		used := map[time.Time]bool{}
		coarse := rapid.Bool().Draw(t, "coarse")
		if coarse && rapid.Bool().Draw(t, "gridPlaced") { // lines placed on one grid: ties across lines too
			l.placed = start.Add(time.Duration(rapid.IntRange(1, 4).Draw(t, "gridPlacedAt")) * 12 * time.Hour)
		}
		at := func(name string, minS, maxS int64) time.Time {
			if coarse { // a 12-hour grid: ties between events and with delivery + window
				return l.placed.Add(time.Duration(rapid.Int64Range(minS/43200, maxS/43200+1).Draw(t, name)) * 12 * time.Hour)
			}
			for {
				x := l.placed.Add(time.Duration(rapid.Int64Range(minS, maxS).Draw(t, name)) * time.Second)
				if rapid.Bool().Draw(t, name+"nanos") {
					x = x.Add(time.Duration(rapid.IntRange(1, 999_999).Draw(t, name+"ns")))
				}
				if !used[x] {
					used[x] = true
					return x
				}
			}
		}
		add := func(k attribution.Kind, when time.Time, amt int64) {
			l.events = append(l.events, aggEv{id: fmt.Sprintf("e-%d-%d", i, len(l.events)), kind: k, at: when, amount: amt})
		}
		paidAt := at("paidAt", 0, 7200)
		add(attribution.Paid, paidAt, paid)
		if rapid.Bool().Draw(t, "shipped") {
			add(attribution.Shipped, at("shipAt", 7201, 2*86400), 0)
		}
		if rapid.IntRange(0, 3).Draw(t, "delivered") > 0 {
			add(attribution.Delivered, at("delAt", 2*86400, 6*86400), 0)
		}
		if paid > 0 {
			for r := rapid.IntRange(0, 3).Draw(t, "refunds"); r > 0; r-- {
				var amt int64
				switch rapid.IntRange(0, 3).Draw(t, "refundKind") {
				case 0: // whole
					amt = paid
				case 1: // over
					amt = paid + rapid.Int64Range(1, 1000).Draw(t, "over")
				default:
					amt = rapid.Int64Range(1, paid).Draw(t, "partial")
				}
				add(attribution.Refunded, at("refAt", 7201, 30*86400), amt)
			}
		}
		if rapid.IntRange(0, 2).Draw(t, "settled") == 0 {
			add(attribution.Settled, at("setAt", 86400, 25*86400), 0)
		}
		if rapid.IntRange(0, 9).Draw(t, "cancel") == 0 {
			add(attribution.Cancelled, at("canAt", 7201, 30*86400), 0)
		}
		if l.hasEntry {
			any := false
			for j := range l.events {
				l.events[j].entry = rapid.IntRange(0, 2).Draw(t, "entry") > 0
				any = any || l.events[j].entry
			}
			if !any {
				l.events[rapid.IntRange(0, len(l.events)-1).Draw(t, "entryOn")].entry = true
			}
		}
		sc.lines = append(sc.lines, l)
	}
	for li, l := range sc.lines {
		for ei := range l.events {
			sc.flat = append(sc.flat, struct{ line, ev int }{li, ei})
		}
	}
	// Arrival order: a permutation with duplicates.
	order := rapid.Permutation(aggSeq(len(sc.flat))).Draw(t, "arrival")
	for d := rapid.IntRange(0, 5).Draw(t, "dups"); d > 0; d-- {
		x := rapid.IntRange(0, len(sc.flat)-1).Draw(t, "dup")
		pos := rapid.IntRange(0, len(order)).Draw(t, "dupPos")
		order = slices.Insert(order, pos, x)
	}
	nb := rapid.IntRange(1, 5).Draw(t, "batches")
	cuts := []int{0}
	for range nb - 1 {
		cuts = append(cuts, rapid.IntRange(0, len(order)).Draw(t, "cut"))
	}
	cuts = append(cuts, len(order))
	sort.Ints(cuts)
	now := start
	for b := range nb {
		sc.batches = append(sc.batches, order[cuts[b]:cuts[b+1]])
		now = now.Add(time.Duration(rapid.Int64Range(0, 20*86400).Draw(t, "advance")) * time.Second)
		sc.times = append(sc.times, now)
		sc.sweeps = append(sc.sweeps, rapid.Bool().Draw(t, "sweep"))
	}
	for range 10 {
		sc.picks = append(sc.picks, rapid.IntRange(0, 1<<30).Draw(t, "pick"))
	}
	sc.opKind = rapid.IntRange(0, 3).Draw(t, "orderPeriod")
	sc.conc = rapid.Bool().Draw(t, "concurrent")
	sc.end = now.Add(time.Duration(rapid.Int64Range(0, 40*86400).Draw(t, "endAdvance")) * time.Second)
	return sc
}

func aggSeq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

func (sc *aggScenario) event(li, ei int, w *aggWorld) attribution.Event {
	l := sc.lines[li]
	e := l.events[ei]
	p := sc.prods[l.prod]
	cur := w.camps[p.camp].cur
	ev := attribution.Event{ID: attribution.EventID(e.id), Kind: e.kind, Order: l.key.Order, Line: l.key.Line,
		Creator: aggCreators[l.creator].ID, At: e.at, Placed: l.placed}
	if e.entry {
		ev.Entry = partnerkit.EntryOf(p.shop, p.product)
	}
	if e.kind == attribution.Paid || e.kind == attribution.Refunded {
		ev.Amount = commission.FromMinor(e.amount, cur)
	}
	return ev
}

// ---------------------------------------------------------------- oracle

// aggRoundHalfEven returns round_half_even(n * r / 10000) exactly.
func aggRoundHalfEven(n int64, r commission.Rate) int64 {
	x := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(n), big.NewInt(int64(r))), big.NewInt(10000))
	num, den := x.Num(), x.Denom()
	q, m := new(big.Int).QuoRem(num, den, new(big.Int)) // n >= 0: truncation == floor
	twice := new(big.Int).Mul(m, big.NewInt(2))
	switch twice.Cmp(den) {
	case 1:
		q.Add(q, big.NewInt(1))
	case 0:
		if q.Bit(0) == 1 {
			q.Add(q, big.NewInt(1))
		}
	}
	return q.Int64()
}

type aggAmt struct{ base, total, creator, agency int64 }

func aggCompute(net int64, p aggProd) aggAmt {
	t := aggRoundHalfEven(net, p.total)
	c := aggRoundHalfEven(net, p.creator)
	return aggAmt{net, t, c, t - c}
}

func (a aggAmt) sub(b aggAmt) aggAmt {
	return aggAmt{a.base - b.base, a.total - b.total, a.creator - b.creator, a.agency - b.agency}
}
func (a aggAmt) add(b aggAmt) aggAmt {
	return aggAmt{a.base + b.base, a.total + b.total, a.creator + b.creator, a.agency + b.agency}
}

type aggEntry struct {
	key  attribution.LineKey
	seq  int
	kind attribution.EntryKind
	at   time.Time
	amt  aggAmt
	line int
}

type aggOut struct {
	attributed bool
	status     attribution.Status
	paidAt     time.Time
	paid       int64
	refunded   int64
	owed       aggAmt
	posted     aggAmt
	settledAt  time.Time
	entries    []aggEntry
}

func (sc *aggScenario) attributed(l aggLine) bool {
	return l.hasEntry && slices.Contains(aggAccepts[l.creator], sc.prods[l.prod].camp)
}

// derive computes a line's ledger at now from DESIGN K2, K5, A6 alone.
func (sc *aggScenario) derive(li int, now time.Time) aggOut {
	l := sc.lines[li]
	p := sc.prods[l.prod]
	camp := aggCampsTemplate()[p.camp]
	evs := slices.Clone(l.events)
	sort.Slice(evs, func(i, j int) bool {
		if !evs[i].at.Equal(evs[j].at) {
			return evs[i].at.Before(evs[j].at)
		}
		if evs[i].kind != evs[j].kind {
			return evs[i].kind < evs[j].kind
		}
		return evs[i].id < evs[j].id
	})
	var o aggOut
	var settledAt, deliveredAt, cancelAt *time.Time
	for i := range evs {
		e := &evs[i]
		switch e.kind {
		case attribution.Paid:
			o.paid, o.paidAt = e.amount, e.at
		case attribution.Refunded:
			o.refunded += e.amount
		case attribution.Settled:
			if settledAt == nil {
				settledAt = &e.at
			}
		case attribution.Delivered:
			if deliveredAt == nil {
				deliveredAt = &e.at
			}
		case attribution.Cancelled:
			if cancelAt == nil {
				cancelAt = &e.at
			}
		}
	}
	o.attributed = sc.attributed(l)
	if !o.attributed {
		o.status = attribution.StatusUnattributed
		return o
	}
	var S *time.Time
	if settledAt != nil {
		S = settledAt
	}
	if w := aggWindow[camp.market]; w > 0 && deliveredAt != nil {
		due := deliveredAt.Add(time.Duration(w) * 24 * time.Hour)
		if !now.Before(due) && (S == nil || !due.After(*S)) {
			S = &due
		}
	}
	net := func(refunds int64) int64 { return max(0, o.paid-refunds) }
	if S == nil {
		if cancelAt != nil {
			o.status = attribution.StatusVoid
			return o
		}
		o.owed = aggCompute(net(o.refunded), p)
		o.status = attribution.StatusPending
		if o.refunded > 0 && o.owed.base == 0 {
			o.status = attribution.StatusVoid
			o.owed = aggAmt{}
		}
		return o
	}
	o.settledAt = *S
	if cancelAt != nil && cancelAt.Before(*S) {
		o.status = attribution.StatusVoid
		return o
	}
	var before int64
	anyBefore := false
	for _, e := range evs {
		if e.kind == attribution.Refunded && e.at.Before(*S) {
			before += e.amount
			anyBefore = true
		}
	}
	if anyBefore && net(before) == 0 {
		o.status = attribution.StatusVoid
		return o
	}
	cur := aggCompute(net(before), p)
	o.entries = append(o.entries, aggEntry{key: l.key, seq: 1, kind: attribution.Settlement, at: *S, amt: cur, line: li})
	o.status = attribution.StatusSettled
	refunds := before
	for _, e := range evs {
		if e.at.Before(*S) {
			continue
		}
		var owed aggAmt
		switch e.kind {
		case attribution.Refunded:
			refunds += e.amount
			owed = aggCompute(net(refunds), p)
		case attribution.Cancelled:
		default:
			continue
		}
		o.entries = append(o.entries, aggEntry{key: l.key, seq: len(o.entries) + 1, kind: attribution.Reversal, at: e.at, amt: owed.sub(cur), line: li})
		cur = owed
		if e.kind == attribution.Cancelled {
			o.status = attribution.StatusVoid
			break
		}
	}
	o.owed, o.posted = cur, cur
	return o
}

// ---------------------------------------------------------------- checks

type aggMetrics struct {
	paidOrders, creators        int64
	gmv, estC, estA, setC, setA int64
}

func aggMetricsOf(outs []aggOut, sc *aggScenario, keep func(li int) bool) aggMetrics {
	var m aggMetrics
	cr := map[int]bool{}
	for li, o := range outs {
		if !o.attributed || !keep(li) {
			continue
		}
		if o.status == attribution.StatusPending || o.status == attribution.StatusSettled {
			m.paidOrders++
			cr[sc.lines[li].creator] = true
			m.gmv += o.owed.base
			m.estC += o.owed.creator
			m.estA += o.owed.agency
		}
		m.setC += o.posted.creator
		m.setA += o.posted.agency
	}
	m.creators = int64(len(cr))
	return m
}

func aggMinor(t *rapid.T, what string, m commission.Money, cur commission.Currency) int64 {
	t.Helper()
	if m.Currency != cur {
		t.Fatalf("%s: currency %v, want %v (amount %v)", what, m.Currency, cur, m)
	}
	v, ok := m.Minor()
	if !ok {
		t.Fatalf("%s: %v not in minor units", what, m)
	}
	return v
}

func aggCheckMetrics(t *rapid.T, what string, got attribution.Metrics, want aggMetrics, cur commission.Currency) {
	t.Helper()
	g := aggMetrics{paidOrders: got.PaidOrders, creators: got.Creators,
		gmv: aggMinor(t, what+".GMV", got.GMV, cur), estC: aggMinor(t, what+".EstimatedCreator", got.EstimatedCreator, cur),
		estA: aggMinor(t, what+".EstimatedAgency", got.EstimatedAgency, cur), setC: aggMinor(t, what+".SettledCreator", got.SettledCreator, cur),
		setA: aggMinor(t, what+".SettledAgency", got.SettledAgency, cur)}
	if g != want {
		t.Fatalf("%s: metrics\n got %+v\nwant %+v", what, g, want)
	}
}

func aggIn(at, from, to time.Time) bool {
	return (from.IsZero() || !at.Before(from)) && (to.IsZero() || at.Before(to))
}

// aggResults are what a backend answered; compared across backends.
type aggResults struct {
	Metrics    []attribution.CampaignMetrics
	Products   [][]attribution.ProductMetrics
	Agency     []attribution.Statement
	Creator    []attribution.CreatorStatement
	Seller     []attribution.SellerStatement
	CSV        []string
	CampOrders [][]attribution.AgencyOrder
	CrOrders   [][]attribution.CreatorOrder
	SellerProd [][]attribution.SellerProduct
	WhatIf     []attribution.Scenario
	Recs       []attribution.Reconciliation
}

// aggRun ingests sc on a fresh world over store and checks everything
// against the oracle; it returns what the backend answered.
func aggRun(t *rapid.T, store storage.Store, sc *aggScenario) aggResults {
	w := aggBuild(t, store, sc.prods)
	for b, idx := range sc.batches {
		w.clock.Set(sc.times[b])
		var evs []attribution.Event
		for _, x := range idx {
			f := sc.flat[x]
			evs = append(evs, sc.event(f.line, f.ev, w))
		}
		if sc.conc {
			aggStats["concurrent batches"]++
			var wg sync.WaitGroup
			errs := make(chan error, len(evs)+1)
			for g := range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := g; i < len(evs); i += 4 {
						for {
							_, err := w.svc.IngestEvent(w.ctx, partnerkit.Host{}, evs[i])
							if errors.Is(err, partnerkit.ErrBusy) {
								continue
							}
							if err != nil {
								errs <- fmt.Errorf("IngestEvent %s: %w", evs[i].ID, err)
							}
							break
						}
					}
				}()
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				for p := (partnerkit.Page{Limit: 2}); ; {
					next, err := w.svc.SettleDue(w.ctx, partnerkit.Host{}, p)
					if errors.Is(err, partnerkit.ErrBusy) {
						continue
					}
					if err != nil {
						errs <- fmt.Errorf("SettleDue: %w", err)
						return
					}
					if next == "" {
						return
					}
					p.After = next
				}
			}()
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatalf("%v", err)
			}
		} else {
			rs, err := w.svc.IngestEvents(w.ctx, partnerkit.Host{}, evs)
			if err != nil {
				t.Fatalf("IngestEvents: %v", err)
			}
			for _, r := range rs {
				if r.Err != nil {
					t.Fatalf("IngestEvents: event %s refused: %v", r.Event, r.Err)
				}
			}
		}
		if sc.sweeps[b] {
			aggSweep(t, w)
		}
	}
	w.clock.Set(sc.end)
	aggSweep(t, w)

	outs := make([]aggOut, len(sc.lines))
	var entries []aggEntry
	for li := range sc.lines {
		outs[li] = sc.derive(li, sc.end)
		entries = append(entries, outs[li].entries...)
	}
	var res aggResults
	for _, o := range outs {
		aggStats[o.status.String()]++
		for _, e := range o.entries {
			aggStats[e.kind.String()]++
		}
	}
	aggStats["checks"]++

	// --- CampaignMetrics and ProductMetrics (A2).
	for ci, c := range w.camps {
		a := aggAgencies[c.agency]
		m, err := w.svc.CampaignMetrics(w.ctx, a, c.id)
		if err != nil {
			t.Fatalf("CampaignMetrics(%d): %v", ci, err)
		}
		res.Metrics = append(res.Metrics, m)
		want := aggMetricsOf(outs, sc, func(li int) bool { return sc.prods[sc.lines[li].prod].camp == ci })
		aggCheckMetrics(t, fmt.Sprintf("CampaignMetrics(camp %d)", ci), m.Metrics, want, c.cur)
		// A4: another agency's campaign is not found.
		if _, err := w.svc.CampaignMetrics(w.ctx, aggAgencies[1-c.agency], c.id); !aggNotFound(err) {
			t.Fatalf("CampaignMetrics by the other agency: %v, want ErrNotFound", err)
		}
		var ps []attribution.ProductMetrics
		for p := (partnerkit.Page{Limit: 2}); ; {
			page, next, err := w.svc.ProductMetrics(w.ctx, a, c.id, 0, p)
			if err != nil {
				t.Fatalf("ProductMetrics: %v", err)
			}
			ps = append(ps, page...)
			if next == "" {
				break
			}
			p.After = next
		}
		res.Products = append(res.Products, ps)
		var wantProds []string
		for pi, p := range sc.prods {
			if p.camp == ci {
				wantProds = append(wantProds, string(p.product))
				_ = pi
			}
		}
		var gotProds []string
		for _, pm := range ps {
			gotProds = append(gotProds, string(pm.Product))
			pi := slices.IndexFunc(sc.prods, func(p aggProd) bool { return p.camp == ci && p.product == pm.Product })
			if pi < 0 {
				t.Fatalf("ProductMetrics lists unknown product %q", pm.Product)
			}
			if pm.TotalRate != sc.prods[pi].total || pm.Shop != sc.prods[pi].shop {
				t.Fatalf("ProductMetrics %q: rate %v shop %v", pm.Product, pm.TotalRate, pm.Shop)
			}
			want := aggMetricsOf(outs, sc, func(li int) bool { return sc.lines[li].prod == pi })
			aggCheckMetrics(t, fmt.Sprintf("ProductMetrics(%s)", pm.Product), pm.Metrics, want, c.cur)
		}
		sort.Strings(wantProds)
		sort.Strings(gotProds)
		if d := cmp.Diff(wantProds, gotProds); d != "" {
			t.Fatalf("ProductMetrics products (-want +got):\n%s", d)
		}
	}

	// --- Statements (A5): periods chosen at entry instants and around them.
	var instants []time.Time
	for _, e := range entries {
		instants = append(instants, e.at, e.at.Add(time.Nanosecond), e.at.Add(-time.Nanosecond))
	}
	instants = append(instants, start, sc.end, start.AddDate(0, 0, 20), start.AddDate(0, 0, 40))
	slices.SortFunc(instants, func(a, b time.Time) int { return a.Compare(b) })
	periods := [][2]time.Time{{{}, start.AddDate(1, 0, 0)}}
	for i := range 4 {
		a := instants[sc.picks[2*i]%len(instants)]
		b := instants[sc.picks[2*i+1]%len(instants)]
		if a.Equal(b) {
			continue
		}
		if b.Before(a) {
			a, b = b, a
		}
		periods = append(periods, [2]time.Time{a, b})
	}
	type who struct {
		kind string
		keep func(li int) bool
	}
	for _, per := range periods {
		from, to := per[0], per[1]
		for _, cur := range aggCurs {
			pick := func(keep func(li int) bool) []aggEntry {
				var out []aggEntry
				for _, e := range entries {
					l := sc.lines[e.line]
					if keep(e.line) && w.camps[sc.prods[l.prod].camp].cur == cur && !e.at.Before(from) && e.at.Before(to) {
						out = append(out, e)
					}
				}
				slices.SortFunc(out, func(a, b aggEntry) int {
					if c := a.at.Compare(b.at); c != 0 {
						return c
					}
					if c := strings.Compare(string(a.key.Order), string(b.key.Order)); c != 0 {
						return c
					}
					if c := strings.Compare(string(a.key.Line), string(b.key.Line)); c != 0 {
						return c
					}
					return a.seq - b.seq
				})
				return out
			}
			for ai, a := range aggAgencies {
				st, err := w.svc.AgencyStatement(w.ctx, a, cur, from, to)
				if err != nil {
					t.Fatalf("AgencyStatement: %v", err)
				}
				res.Agency = append(res.Agency, st)
				want := pick(func(li int) bool { return w.camps[sc.prods[sc.lines[li].prod].camp].agency == ai })
				what := fmt.Sprintf("AgencyStatement(%s, %v, [%v, %v))", a.ID, cur, from, to)
				if len(st.Lines) != len(want) {
					t.Fatalf("%s: %d lines, want %d\n got %+v\nwant %+v", what, len(st.Lines), len(want), st.Lines, want)
				}
				var sum aggAmt
				for i, l := range st.Lines {
					e := want[i]
					g := aggAmt{aggMinor(t, what, l.Amounts.Base, cur), aggMinor(t, what, l.Amounts.Total, cur), aggMinor(t, what, l.Amounts.Creator, cur), aggMinor(t, what, l.Amounts.Agency, cur)}
					if l.Key != e.key || l.Seq != e.seq || l.Kind != e.kind || !l.At.Equal(e.at) || g != e.amt {
						t.Fatalf("%s: line %d\n got %v/%d %v %v %+v\nwant %v/%d %v %v %+v", what, i, l.Key, l.Seq, l.Kind, l.At, g, e.key, e.seq, e.kind, e.at, e.amt)
					}
					if g.creator+g.agency != g.total {
						t.Fatalf("%s: line %d creator+agency != total", what, i)
					}
					p := sc.prods[sc.lines[e.line].prod]
					if l.Campaign != w.camps[p.camp].id || l.Product != p.product {
						t.Fatalf("%s: line %d campaign/product %v %v", what, i, l.Campaign, l.Product)
					}
					sum = sum.add(g)
				}
				tot := aggAmt{aggMinor(t, what+" totals", st.Totals.Base, cur), aggMinor(t, what, st.Totals.Total, cur), aggMinor(t, what, st.Totals.Creator, cur), aggMinor(t, what, st.Totals.Agency, cur)}
				if tot != sum {
					t.Fatalf("%s: totals %+v, sum of lines %+v", what, tot, sum)
				}
			}
			for ci, c := range aggCreators {
				st, err := w.svc.CreatorStatement(w.ctx, c, cur, from, to)
				if err != nil {
					t.Fatalf("CreatorStatement: %v", err)
				}
				res.Creator = append(res.Creator, st)
				want := pick(func(li int) bool { return sc.lines[li].creator == ci })
				what := fmt.Sprintf("CreatorStatement(%s, %v, [%v, %v))", c.ID, cur, from, to)
				if len(st.Lines) != len(want) {
					t.Fatalf("%s: %d lines, want %d", what, len(st.Lines), len(want))
				}
				var base, com int64
				for i, l := range st.Lines {
					e := want[i]
					gb, gc := aggMinor(t, what, l.Base, cur), aggMinor(t, what, l.Commission, cur)
					p := sc.prods[sc.lines[e.line].prod]
					if l.Key != e.key || l.Seq != e.seq || l.Kind != e.kind || !l.At.Equal(e.at) || gb != e.amt.base || gc != e.amt.creator || l.Rate != p.creator {
						t.Fatalf("%s: line %d\n got %+v\nwant %+v rate %v", what, i, l, e, p.creator)
					}
					base += gb
					com += gc
				}
				if aggMinor(t, what, st.Base, cur) != base || aggMinor(t, what, st.Commission, cur) != com {
					t.Fatalf("%s: totals %v %v, sums %d %d", what, st.Base, st.Commission, base, com)
				}
			}
			for _, shop := range aggShops {
				st, err := w.svc.SellerStatement(w.ctx, partnerkit.Seller{Shop: shop}, cur, from, to)
				if err != nil {
					t.Fatalf("SellerStatement: %v", err)
				}
				res.Seller = append(res.Seller, st)
				want := pick(func(li int) bool { return sc.prods[sc.lines[li].prod].shop == shop })
				what := fmt.Sprintf("SellerStatement(%s, %v, [%v, %v))", shop, cur, from, to)
				if len(st.Lines) != len(want) {
					t.Fatalf("%s: %d lines, want %d", what, len(st.Lines), len(want))
				}
				var base, com int64
				for i, l := range st.Lines {
					e := want[i]
					gb, gc := aggMinor(t, what, l.Base, cur), aggMinor(t, what, l.Commission, cur)
					if l.Key != e.key || l.Seq != e.seq || l.Kind != e.kind || !l.At.Equal(e.at) || gb != e.amt.base || gc != e.amt.total {
						t.Fatalf("%s: line %d\n got %+v\nwant %+v", what, i, l, e)
					}
					base += gb
					com += gc
				}
				if aggMinor(t, what, st.Base, cur) != base || aggMinor(t, what, st.Commission, cur) != com {
					t.Fatalf("%s: totals %v %v, sums %d %d", what, st.Base, st.Commission, base, com)
				}
			}
		}
	}
	// Consecutive periods add up: [a,b) + [b,c) == [a,c) for the agency.
	if len(instants) >= 3 {
		a, b, c := instants[0], instants[len(instants)/2], instants[len(instants)-1].Add(time.Nanosecond)
		if a.Before(b) && b.Before(c) {
			for _, cur := range aggCurs {
				s1, err1 := w.svc.AgencyStatement(w.ctx, aggAgencies[0], cur, a, b)
				s2, err2 := w.svc.AgencyStatement(w.ctx, aggAgencies[0], cur, b, c)
				s3, err3 := w.svc.AgencyStatement(w.ctx, aggAgencies[0], cur, a, c)
				if err1 != nil || err2 != nil || err3 != nil {
					t.Fatalf("AgencyStatement: %v %v %v", err1, err2, err3)
				}
				if len(s1.Lines)+len(s2.Lines) != len(s3.Lines) {
					t.Fatalf("consecutive periods: %d + %d lines != %d", len(s1.Lines), len(s2.Lines), len(s3.Lines))
				}
			}
		}
	}

	// --- Order listings: random period on first-paid time.
	var paidTimes []time.Time
	for _, o := range outs {
		paidTimes = append(paidTimes, o.paidAt, o.paidAt.Add(time.Nanosecond))
	}
	var ofrom, oto time.Time
	switch sc.opKind {
	case 1:
		ofrom = paidTimes[sc.picks[8]%len(paidTimes)]
	case 2:
		oto = paidTimes[sc.picks[9]%len(paidTimes)]
	case 3:
		ofrom = paidTimes[sc.picks[8]%len(paidTimes)]
		oto = paidTimes[sc.picks[9]%len(paidTimes)]
		if !ofrom.Before(oto) {
			ofrom, oto = oto, ofrom.Add(time.Nanosecond)
		}
	}
	byPaid := func(idx []int) {
		slices.SortFunc(idx, func(a, b int) int {
			if c := outs[a].paidAt.Compare(outs[b].paidAt); c != 0 {
				return c
			}
			ka, kb := sc.lines[a].key, sc.lines[b].key
			if c := strings.Compare(string(ka.Order), string(kb.Order)); c != 0 {
				return c
			}
			return strings.Compare(string(ka.Line), string(kb.Line))
		})
	}
	// SellerOrdersCSV (A4, A5).
	for _, shop := range aggShops {
		b, err := w.svc.SellerOrdersCSV(w.ctx, partnerkit.Seller{Shop: shop}, ofrom, oto)
		if err != nil {
			t.Fatalf("SellerOrdersCSV: %v", err)
		}
		res.CSV = append(res.CSV, string(b))
		recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatalf("SellerOrdersCSV: parse: %v", err)
		}
		wantHeader := []string{"order_id", "line_id", "campaign_id", "product_id", "status", "paid_at", "base", "commission", "currency"}
		if d := cmp.Diff(wantHeader, recs[0]); d != "" {
			t.Logf("SellerOrdersCSV header (-guess +got):\n%s", d)
		}
		for _, h := range recs[0] {
			if strings.Contains(strings.ToLower(h), "creator") || strings.Contains(strings.ToLower(h), "agency") {
				t.Fatalf("SellerOrdersCSV header has %q (A4)", h)
			}
		}
		var idx []int
		for li, o := range outs {
			if o.attributed && sc.prods[sc.lines[li].prod].shop == shop && aggIn(o.paidAt, ofrom, oto) {
				idx = append(idx, li)
			}
		}
		byPaid(idx)
		if len(recs)-1 != len(idx) {
			t.Fatalf("SellerOrdersCSV(%s, %v, %v): %d rows, want %d\n%s", shop, ofrom, oto, len(recs)-1, len(idx), b)
		}
		for i, li := range idx {
			r := recs[i+1]
			o := outs[li]
			l := sc.lines[li]
			p := sc.prods[l.prod]
			cur := w.camps[p.camp].cur
			at, err := time.Parse(time.RFC3339Nano, r[5])
			if err != nil {
				t.Fatalf("SellerOrdersCSV paid_at %q: %v", r[5], err)
			}
			wantBase := commission.FromMinor(o.owed.base, cur).Amount.StringFixed(cur.Scale())
			wantCom := commission.FromMinor(o.owed.total, cur).Amount.StringFixed(cur.Scale())
			want := []string{string(l.key.Order), string(l.key.Line), string(w.camps[p.camp].id), string(p.product), o.status.String(), r[5], wantBase, wantCom, cur.Code()}
			if d := cmp.Diff(want, r); d != "" || !at.Equal(o.paidAt) {
				t.Fatalf("SellerOrdersCSV(%s) row %d (-want +got):\n%s\npaid_at %v want %v", shop, i, d, at, o.paidAt)
			}
		}
	}
	// CampaignOrders.
	for ci, c := range w.camps {
		got, err := w.svc.CampaignOrders(w.ctx, aggAgencies[c.agency], c.id, ofrom, oto)
		if err != nil {
			t.Fatalf("CampaignOrders: %v", err)
		}
		res.CampOrders = append(res.CampOrders, got)
		var idx []int
		for li, o := range outs {
			if o.attributed && sc.prods[sc.lines[li].prod].camp == ci && aggIn(o.paidAt, ofrom, oto) {
				idx = append(idx, li)
			}
		}
		byPaid(idx)
		if len(got) != len(idx) {
			t.Fatalf("CampaignOrders(%d): %d lines, want %d", ci, len(got), len(idx))
		}
		for i, li := range idx {
			g, o := got[i], outs[li]
			cur := c.cur
			what := fmt.Sprintf("CampaignOrders(%d)[%d] %v", ci, i, g.Key)
			gl := g.Ledger
			gOwed := aggAmt{aggMinor(t, what, gl.Owed.Base, cur), aggMinor(t, what, gl.Owed.Total, cur), aggMinor(t, what, gl.Owed.Creator, cur), aggMinor(t, what, gl.Owed.Agency, cur)}
			gPost := aggAmt{aggMinor(t, what, gl.Posted.Base, cur), aggMinor(t, what, gl.Posted.Total, cur), aggMinor(t, what, gl.Posted.Creator, cur), aggMinor(t, what, gl.Posted.Agency, cur)}
			if g.Key != sc.lines[li].key || g.Creator != aggCreators[sc.lines[li].creator].ID || !g.PaidAt.Equal(o.paidAt) ||
				gl.Status != o.status || aggMinor(t, what, gl.Paid, cur) != o.paid || aggMinor(t, what+".Refunded", gl.Refunded, cur) != o.refunded ||
				gOwed != o.owed || gPost != o.posted || len(gl.Entries) != len(o.entries) || !gl.SettledAt.Equal(o.settledAt) {
				t.Fatalf("%s:\n got status %v paid %v refunded %v owed %+v posted %+v entries %d settledAt %v\nwant status %v paid %d refunded %d owed %+v posted %+v entries %d settledAt %v",
					what, gl.Status, gl.Paid, gl.Refunded, gOwed, gPost, len(gl.Entries), gl.SettledAt, o.status, o.paid, o.refunded, o.owed, o.posted, len(o.entries), o.settledAt)
			}
		}
	}
	// CreatorOrders (A4: own lines only, attributed or not).
	for ci, c := range aggCreators {
		got, err := w.svc.CreatorOrders(w.ctx, c, ofrom, oto)
		if err != nil {
			t.Fatalf("CreatorOrders: %v", err)
		}
		res.CrOrders = append(res.CrOrders, got)
		var idx []int
		for li, o := range outs {
			if sc.lines[li].creator == ci && aggIn(o.paidAt, ofrom, oto) {
				idx = append(idx, li)
			}
		}
		byPaid(idx)
		if len(got) != len(idx) {
			t.Fatalf("CreatorOrders(%s): %d lines, want %d", c.ID, len(got), len(idx))
		}
		for i, li := range idx {
			g, o := got[i], outs[li]
			p := sc.prods[sc.lines[li].prod]
			cur := w.camps[p.camp].cur
			what := fmt.Sprintf("CreatorOrders(%s)[%d] %v", c.ID, i, g.Key)
			wantRate := p.creator
			if !o.attributed {
				wantRate = 0
			}
			if g.Key != sc.lines[li].key || g.Status != o.status || !g.PaidAt.Equal(o.paidAt) || g.Rate != wantRate ||
				aggMinor(t, what+".Base", g.Base, cur) != o.owed.base || aggMinor(t, what+".Commission", g.Commission, cur) != o.owed.creator ||
				aggMinor(t, what+".Settled", g.Settled, cur) != o.posted.creator {
				t.Fatalf("%s: got %+v\nwant %+v", what, g, o)
			}
		}
	}
	// SellerProducts (A4: aggregates only) agree with product metrics.
	for ci, c := range w.camps {
		for _, shop := range aggShops {
			has := slices.ContainsFunc(sc.prods, func(p aggProd) bool { return p.camp == ci && p.shop == shop })
			got, err := w.svc.SellerProducts(w.ctx, partnerkit.Seller{Shop: shop}, c.id)
			if !has {
				if !aggNotFound(err) {
					t.Fatalf("SellerProducts(%s, camp %d): %v, want ErrNotFound", shop, ci, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("SellerProducts: %v", err)
			}
			res.SellerProd = append(res.SellerProd, got)
			for _, sp := range got {
				pi := slices.IndexFunc(sc.prods, func(p aggProd) bool { return p.camp == ci && p.product == sp.Product })
				if pi < 0 || sc.prods[pi].shop != shop {
					t.Fatalf("SellerProducts(%s) lists %q of another shop", shop, sp.Product)
				}
				m := aggMetricsOf(outs, sc, func(li int) bool { return sc.lines[li].prod == pi })
				what := fmt.Sprintf("SellerProducts(%s, %s)", shop, sp.Product)
				if sp.PaidOrders != m.paidOrders || aggMinor(t, what, sp.GMV, c.cur) != m.gmv ||
					aggMinor(t, what, sp.EstimatedCommission, c.cur) != m.estC+m.estA || aggMinor(t, what, sp.SettledCommission, c.cur) != m.setC+m.setA {
					t.Fatalf("%s: got %+v want %+v", what, sp, m)
				}
			}
		}
	}

	// --- WhatIf: totals now and under other creator rates, exact.
	for ci, c := range w.camps {
		rates := map[registration.ProductID]commission.Rate{}
		alt := map[int]commission.Rate{}
		for pi, p := range sc.prods {
			if p.camp == ci && sc.picks[pi%len(sc.picks)]%3 != 0 {
				r := commission.Rate(sc.picks[(pi+3)%len(sc.picks)] % (int(p.total) + 1))
				rates[p.product], alt[pi] = r, r
			}
		}
		got, err := w.svc.WhatIf(w.ctx, aggAgencies[c.agency], c.id, rates)
		if err != nil {
			t.Fatalf("WhatIf(%d): %v", ci, err)
		}
		res.WhatIf = append(res.WhatIf, got)
		var now, alter aggAmt
		lines := 0
		for li, o := range outs {
			l := sc.lines[li]
			p := sc.prods[l.prod]
			if !o.attributed || p.camp != ci {
				continue
			}
			lines++
			now = now.add(o.owed)
			if o.status == attribution.StatusVoid {
				continue
			}
			q := p
			if r, ok := alt[l.prod]; ok {
				q.creator = r
			}
			alter = alter.add(aggCompute(o.owed.base, q))
		}
		what := fmt.Sprintf("WhatIf(camp %d)", ci)
		toAmt := func(x commission.Line) aggAmt {
			return aggAmt{aggMinor(t, what, x.Base, c.cur), aggMinor(t, what, x.Total, c.cur), aggMinor(t, what, x.Creator, c.cur), aggMinor(t, what, x.Agency, c.cur)}
		}
		if lines > 0 {
			if got.Lines != lines || toAmt(got.Now) != now || toAmt(got.Alternative) != alter || toAmt(got.Difference) != alter.sub(now) {
				t.Fatalf("%s: lines %d now %+v alt %+v diff %+v\nwant lines %d now %+v alt %+v", what, got.Lines, toAmt(got.Now), toAmt(got.Alternative), toAmt(got.Difference), lines, now, alter)
			}
		} else if got.Lines != 0 {
			t.Fatalf("%s: %d lines, want 0", what, got.Lines)
		}
	}

	// --- Reconcile: a report written from the oracle agrees entirely;
	// then the same report with planted discrepancies gives exactly their
	// kinds, counts and summed differences.
	for ci, c := range w.camps {
		fix := func(v int64) string { return commission.FromMinor(v, c.cur).Amount.StringFixed(c.cur.Scale()) }
		pct := func(r commission.Rate) string { return fmt.Sprintf("%d.%02d%%", r/100, r%100) }
		header := []string{"Order ID", "SKU Order ID", "Product ID", "Creator ID", "Payment Amount", "Currency",
			"Total Commission Rate", "Creator Commission Rate", "Est. Total Commission", "Est. Creator Commission", "Est. Partner Commission",
			"Actual Total Commission", "Actual Creator Commission", "Actual Partner Commission", "Settlement Status"}
		var rows [][]string
		var rowLine []int
		for li, o := range outs {
			l := sc.lines[li]
			p := sc.prods[l.prod]
			if !o.attributed || p.camp != ci {
				continue
			}
			st := map[attribution.Status]string{attribution.StatusPending: "Pending", attribution.StatusSettled: "Settled", attribution.StatusVoid: "Cancelled"}[o.status]
			act := []string{"", "", ""}
			if len(o.entries) > 0 {
				act = []string{fix(o.posted.total), fix(o.posted.creator), fix(o.posted.agency)}
			}
			rows = append(rows, append([]string{string(l.key.Order), string(l.key.Line), string(p.product), string(aggCreators[l.creator].ID), fix(o.paid), c.cur.Code(),
				pct(p.total), pct(p.creator), fix(o.owed.total), fix(o.owed.creator), fix(o.owed.agency)}, append(act, st)...))
			rowLine = append(rowLine, li)
		}
		write := func(rows [][]string) string {
			var buf bytes.Buffer
			cw := csv.NewWriter(&buf)
			cw.Write(header)
			cw.WriteAll(rows)
			return buf.String()
		}
		report := write(rows)
		rec, err := w.svc.Reconcile(w.ctx, aggAgencies[c.agency], c.id, strings.NewReader(report), attribution.TikTokPartnerOrders())
		if err != nil {
			t.Fatalf("Reconcile(%d): %v", ci, err)
		}
		if !rec.OK() {
			t.Fatalf("Reconcile(camp %d): not OK: %d rows, %d agreed, discrepancies %v, row errors %v\nreport:\n%s", ci, rec.Rows, rec.Agreed, rec.Discrepancies, rec.RowErrors, report)
		}
		res.Recs = append(res.Recs, rec)

		// Planted: an unknown line (InReportOnly), and on distinct rows a
		// payment one unit up (BaseDiffers), an estimated creator figure
		// two units up on a row with no actual figures (AmountDiffers),
		// and a row dropped (InLedgerOnly).
		var diff aggAmt // paid in base
		kinds := map[attribution.DiscrepancyKind]int{}
		planted := slices.Clone(rows)
		for i := range planted {
			planted[i] = slices.Clone(planted[i])
		}
		extra := []string{"zz-extra", "1", "whatever", "creator-x", fix(1234), c.cur.Code(), "", "", fix(50), fix(30), fix(20), "", "", "", "Pending"}
		planted = append(planted, extra)
		diff = diff.add(aggAmt{1234, 50, 30, 20})
		kinds[attribution.InReportOnly]++
		drop := -1
		if len(rows) >= 3 {
			// row 0: payment +1; row 1: estimated creator +2 if no actual; last: dropped.
			o0 := outs[rowLine[0]]
			planted[0][4] = fix(o0.paid + 1)
			diff.base++
			kinds[attribution.BaseDiffers]++
			if planted[1][11] == "" {
				o1 := outs[rowLine[1]]
				planted[1][9] = fix(o1.owed.creator + 2)
				diff.creator += 2
				kinds[attribution.AmountDiffers]++
			}
			drop = len(rows) - 1
			od := outs[rowLine[drop]]
			diff = diff.sub(aggAmt{od.paid, od.owed.total, od.owed.creator, od.owed.agency})
			kinds[attribution.InLedgerOnly]++
			planted = slices.Delete(planted, drop, drop+1)
		}
		rec, err = w.svc.Reconcile(w.ctx, aggAgencies[c.agency], c.id, strings.NewReader(write(planted)), attribution.TikTokPartnerOrders())
		if err != nil {
			t.Fatalf("Reconcile(%d) planted: %v", ci, err)
		}
		res.Recs = append(res.Recs, rec)
		what := fmt.Sprintf("Reconcile(camp %d) planted", ci)
		m0 := func(m commission.Money) int64 {
			if m.Currency.IsZero() {
				return 0
			}
			return aggMinor(t, what, m, c.cur)
		}
		gotKinds := map[attribution.DiscrepancyKind]int{}
		for k, v := range rec.Kinds {
			gotKinds[k] = v.Count
		}
		gd := aggAmt{m0(rec.Difference.Paid), m0(rec.Difference.Total), m0(rec.Difference.Creator), m0(rec.Difference.Agency)}
		if d := cmp.Diff(kinds, gotKinds); d != "" || gd != diff || len(rec.RowErrors) != 0 {
			t.Fatalf("%s: kinds (-want +got):\n%s\ndifference got %+v want %+v\ndiscrepancies %v\nrow errors %v", what, d, gd, diff, rec.Discrepancies, rec.RowErrors)
		}
	}
	return res
}

var aggStats = map[string]int{}

func aggNotFound(err error) bool { return err != nil && errors.Is(err, partnerkit.ErrNotFound) }

func aggSweep(t *rapid.T, w *aggWorld) {
	t.Helper()
	for p := (partnerkit.Page{Limit: 3}); ; {
		next, err := w.svc.SettleDue(w.ctx, partnerkit.Host{}, p)
		if err != nil {
			t.Fatalf("SettleDue: %v", err)
		}
		if next == "" {
			return
		}
		p.After = next
	}
}

// ---------------------------------------------------------------- tests

// K2, K5, A2, A4, A5, A6: every aggregate equals the exact oracle on the
// memory store.
func TestAggregatesOracle(t *testing.T) {
	aggStats = map[string]int{}
	defer func() { t.Logf("exercised: %v", aggStats) }()
	rapid.Check(t, func(t *rapid.T) {
		sc := aggDraw(t)
		aggRun(t, memory.New(), sc)
	})
}

// The same on SQLite and PostgreSQL, and every backend's answers equal
// memory's exactly (decimal exponents included).
//
// It runs 3 checks; -rapid.checks=N runs N.
func TestAggregatesOracleBackends(t *testing.T) {
	diffDefaultChecks(t, 3)
	dir := t.TempDir()
	dsn := os.Getenv("PARTNERKIT_POSTGRES_DSN")
	n, pgRuns := 0, 0
	aggStats = map[string]int{}
	defer func() { t.Logf("checks %d, postgres runs %d, exercised %v", n, pgRuns, aggStats) }()
	rapid.Check(t, func(rt *rapid.T) {
		sc := aggDraw(rt)
		n++
		ref := aggRun(rt, memory.New(), sc)
		path := filepath.Join(dir, fmt.Sprintf("agg-%d.db", n))
		sq, err := sqlite.Open(context.Background(), path, sqlite.Options{})
		if err != nil {
			rt.Fatalf("sqlite.Open: %v", err)
		}
		defer sq.Close()
		got := aggRun(rt, sq, sc)
		if d := cmp.Diff(ref, got, diffOpts); d != "" {
			rt.Fatalf("sqlite differs from memory (-memory +sqlite):\n%s", d)
		}
		if dsn == "" {
			return
		}
		schema := schemaName("agg_")
		pg, err := postgres.Open(context.Background(), dsn, postgres.Options{Schema: schema})
		if err != nil {
			rt.Fatalf("postgres.Open: %v", err)
		}
		defer func() {
			pg.Close()
			dropSchema(t, dsn, schema)
		}()
		pgRuns++
		got = aggRun(rt, pg, sc)
		if d := cmp.Diff(ref, got, diffOpts); d != "" {
			rt.Fatalf("postgres differs from memory (-memory +postgres):\n%s", d)
		}
	})
}
