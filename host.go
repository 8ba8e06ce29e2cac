package partnerkit

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
)

// EntryOf returns the attribution.EntryID that order events carry for an
// order that came through a creator's showcase entry for a shop's product:
// "SHOP/PRODUCT".
func EntryOf(shop campaign.ShopCode, product registration.ProductID) attribution.EntryID {
	return attribution.EntryID(string(shop) + "/" + string(product))
}

func parseEntry(e attribution.EntryID) (campaign.ShopCode, registration.ProductID, bool) {
	shop, product, ok := strings.Cut(string(e), "/")
	return campaign.ShopCode(shop), registration.ProductID(product), ok && shop != "" && product != ""
}

// MaxLineEvents bounds the events one order line keeps. A real line has a
// handful (paid, shipped, delivered, a few refunds, settled); the bound
// keeps a runaway or hostile feed from growing one line without end. A
// new event for a line that holds this many is refused with ErrLimit.
const MaxLineEvents = 1000

// IngestResult is the outcome of one event of a batch.
type IngestResult struct {
	Event attribution.EventID
	// Duplicate is true when the event was already applied with the same
	// content: a no-op (A1).
	Duplicate bool
	// Line is the line after the event.
	Line attribution.Line
	// Err is why the event was refused (ErrConflict, ErrInvalid, ErrLimit
	// past MaxLineEvents …); a refused event changes nothing, and Line is
	// then the zero Line (whose Attribution.OK is false). An Entry that
	// is neither empty nor "SHOP/PRODUCT" (EntryOf) is refused as a
	// *FieldError "entry" wrapping ErrInvalid; an event with no Entry, or
	// whose creator has no showcase entry for the product, is taken and
	// earns nothing (the line's Attribution.Reason says why).
	Err error
}

// IngestEvent applies one order event (A1): idempotent by event id, the
// ledger and metrics updated in the same transaction (A2). It returns the
// line after the event, or the error that refused it.
//
// A line is attributed when its first event arrives: by the showcase
// terms, registration and campaign details in force at its placing time
// (Event.Placed; P6), as the store holds them then. Changes stamp the
// Service's clock inside their own transaction, so none predates a line
// already ingested whose placing time is not after that clock. An order
// placed ahead of the Service's clock can meet a change made after its
// line arrived yet dated before it was placed; the line keeps the terms
// it was attributed with.
//
// Concurrent calls are grouped into one transaction (see GroupCommit), so
// many callers share a commit. A caller whose ctx ends gets ctx's error;
// its event may still have been applied with the group it joined (events
// are idempotent: sending it again is safe). A caller waiting to join a
// group returns at once; the caller leading one (the oldest of it) runs
// it, so it returns at once only if no other caller of the group still
// waits, and otherwise when the group ends, with its event's result.
func (s *Service) IngestEvent(ctx context.Context, h Host, ev attribution.Event) (attribution.Line, error) {
	if !s.opts.GroupCommit.Off {
		return s.ingestGrouped(ctx, h, ev)
	}
	rs, err := s.IngestEvents(ctx, h, []attribution.Event{ev})
	if err != nil {
		return attribution.Line{}, err
	}
	return rs[0].Line, rs[0].Err
}

// IngestEvents applies a batch of order events in one transaction, so a
// durable store pays one commit for all of them. Each event is applied or
// refused on its own (see IngestResult.Err); the returned error is for the
// batch as a whole (storage failure, cancelled context), and then nothing
// was applied.
//
// The batch reads its lines and event ids with one set-based call each
// and writes every line it changed with one more (storage.GetMany,
// LinesOf, PutMany: a few statements on a SQL backend, whatever the batch
// size), then the metrics and outbox, all in the one transaction (A2).
func (s *Service) IngestEvents(ctx context.Context, _ Host, events []attribution.Event) ([]IngestResult, error) {
	now := s.now()
	var results []IngestResult
	err := s.store.Update(ctx, func(tx storage.Tx) error {
		results = make([]IngestResult, len(events))
		b := newBatch() // per run of fn: a retried fn starts afresh
		invalid, err := s.load(tx, b, events)
		if err != nil {
			return err
		}
		for i, ev := range events {
			results[i] = IngestResult{Event: ev.ID}
			if invalid[i] != nil {
				results[i].Err = invalid[i]
				continue
			}
			line, dup, err := s.ingest(tx, b, i, ev, now)
			if err != nil {
				if isRefusal(err) {
					results[i].Err = err
					continue
				}
				return err
			}
			results[i].Line, results[i].Duplicate = line, dup
		}
		return b.flush(tx)
	})
	if err != nil {
		return nil, err
	}
	return results, nil
}

// isRefusal reports whether err refuses one event rather than failing the
// batch: a rule said no. Nothing is written before the batch's flush, so a
// refused event leaves nothing behind.
func isRefusal(err error) bool {
	// ErrCurrencyMismatch and the other narrower refusals are kinds of
	// ErrInvalid.
	return errors.Is(err, ErrInvalid) || errors.Is(err, ErrConflict) || errors.Is(err, ErrLimit)
}

// ingest applies one valid event (load checked it) to the batch's working
// set; b.flush writes it. A refused event leaves the working set as it was.
func (s *Service) ingest(tx storage.Tx, b *batch, i int, ev attribution.Event, now time.Time) (attribution.Line, bool, error) {
	key := ev.Key()
	if other, ok := b.eventLines[ev.ID]; ok && other != key {
		return attribution.Line{}, false, fmt.Errorf("partnerkit: event %q already applied to line %v: %w", ev.ID, other, ErrConflict)
	}
	line := b.work[key]
	if len(line.Events) > 0 && ev.Creator != line.Creator {
		// K3, before NeedsEntry below would attribute the line anew
		// through this event's creator.
		return attribution.Line{}, false, errdef.Field("creator", string(ev.Creator), ErrConflict,
			fmt.Sprintf("partnerkit: line %v came through creator %q", key, line.Creator))
	}
	attr := line.Attribution
	var err error
	switch {
	case len(line.Events) == 0:
		if a := b.attrs[i]; a != nil {
			attr = *a
		} else if attr, err = s.attribute(tx, b, ev); err != nil {
			return attribution.Line{}, false, err
		}
	case line.NeedsEntry(ev):
		// The line's events left its entry out, so it earns nothing; ev
		// brings it: attribute the line as if ev had come first (A1), at
		// the placing time its events carry.
		aev := ev
		for _, e := range line.Events {
			if aev.Placed.IsZero() && !e.Placed.IsZero() {
				aev.Placed = e.Placed
			}
		}
		if attr, err = s.attribute(tx, b, aev); err != nil {
			return attribution.Line{}, false, err
		}
		// The line's earlier amounts now count in the campaign too.
		for _, e := range line.Events {
			if err := s.checkCurrency(tx, b, e, attr); err != nil {
				return attribution.Line{}, false, err
			}
		}
	}
	if err := s.checkCurrency(tx, b, ev, attr); err != nil {
		return attribution.Line{}, false, err
	}
	if len(line.Events) >= MaxLineEvents && !slices.ContainsFunc(line.Events, func(e attribution.Event) bool { return e.ID == ev.ID }) {
		return attribution.Line{}, false, fmt.Errorf("partnerkit: line %v has %d events: %w", key, len(line.Events), ErrLimit)
	}
	next, change, err := attribution.Apply(line, ev, attr, now)
	if err != nil {
		return attribution.Line{}, false, err
	}
	if change.Duplicate {
		return line, true, nil
	}
	msgs, err := lineMessages(line, next, now)
	if err != nil {
		return attribution.Line{}, false, err
	}
	if err := b.delta(tx, change.Delta); err != nil { // the last check: it records the change
		return attribution.Line{}, false, err
	}
	b.put(next, ev.ID)
	b.outbox = append(b.outbox, msgs...)
	return next, false, nil
}

// checkCurrency refuses, before anything is written, an amount on an
// attributed line in another currency than its campaign's market: it could
// not be added to the campaign's metrics (A2).
func (s *Service) checkCurrency(tx storage.Tx, b *batch, ev attribution.Event, attr attribution.Attribution) error {
	if !attr.OK() || ev.Amount.Currency.IsZero() {
		return nil
	}
	c, err := b.campaign(tx, attr.Terms.Campaign)
	if err != nil {
		return err
	}
	want := s.market(c.Details.Market).currency
	if want.IsZero() || ev.Amount.Currency == want {
		return nil
	}
	return fmt.Errorf("partnerkit: event %q: %v in a %v campaign: %w", errdef.Shown(string(ev.ID)), ev.Amount, want, commission.ErrCurrencyMismatch)
}

// lineMessages returns the outbox events (see events.go) for an attributed
// line's change from prev to next: "order.attributed" when it comes to owe
// commission, "order.settled" when it settles, "order.reversed" when a
// reversal entry is posted or a line that owed is voided, and
// "order.adjusted" when, with none of those, what it owes or has posted
// changes (a refund while pending, or one dated before a settlement that
// arrives after it).
func lineMessages(prev, next attribution.Line, now time.Time) ([]storage.Message, error) {
	if !next.Attribution.OK() {
		return nil, nil
	}
	was, is := prev.Ledger.Status, next.Ledger.Status
	owes := func(s attribution.Status) bool {
		return s == attribution.StatusPending || s == attribution.StatusSettled
	}
	// A settlement posted now is announced even when the line ends void:
	// a cancellation dated after the settlement, arriving before the
	// payment, leaves it settled and reversed, never owing in between.
	posted := len(prev.Ledger.Entries) == 0 && len(next.Ledger.Entries) > 0
	var kinds []string
	if (owes(is) || posted) && !owes(was) {
		kinds = append(kinds, "order.attributed")
	}
	if (is == attribution.StatusSettled && was != attribution.StatusSettled) || (posted && is != attribution.StatusSettled) {
		kinds = append(kinds, "order.settled")
	}
	reversed := is == attribution.StatusVoid && owes(was)
	for _, e := range next.Ledger.Entries[min(len(prev.Ledger.Entries), len(next.Ledger.Entries)):] {
		reversed = reversed || e.Kind == attribution.Reversal
	}
	if reversed {
		kinds = append(kinds, "order.reversed")
	}
	if len(kinds) == 0 && owes(is) && (!prev.Ledger.Owed.Equal(next.Ledger.Owed) || !prev.Ledger.Posted.Equal(next.Ledger.Posted)) {
		kinds = append(kinds, "order.adjusted")
	}
	var out []storage.Message
	for _, kind := range kinds {
		m, err := orderMessage(kind, now, OrderLineChanged{
			Line: next.Key, Campaign: next.Attribution.Terms.Campaign, Status: is, Owed: next.Ledger.Owed,
		})
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// attribute decides which campaign and rate an order line earns through
// (K3, P6): the creator's showcase entry for the product in force when the
// order was placed, a registration approved then, and a campaign running
// then. Lines that earn nothing say why.
func (s *Service) attribute(tx storage.Tx, b *batch, ev attribution.Event) (attribution.Attribution, error) {
	at := ev.Placed
	if at.IsZero() {
		at = ev.At // see attribution.Event.Placed
	}
	shop, product, ok := parseEntry(ev.Entry)
	if !ok {
		return attribution.Unattributed(attribution.NoShowcaseEntry), nil
	}
	sc, err := b.showcase(tx, ev.Creator)
	if err != nil {
		return attribution.Attribution{}, err
	}
	terms, err := sc.RateAt(shop, product, at)
	if isNotFound(err) {
		return attribution.Unattributed(attribution.NoShowcaseEntry), nil
	}
	if err != nil {
		return attribution.Attribution{}, err
	}
	r, err := b.registration(tx, terms.Registration)
	if isNotFound(err) {
		return attribution.Unattributed(attribution.NotApproved), nil
	}
	if err != nil {
		return attribution.Attribution{}, err
	}
	if r.ApprovedAt.IsZero() || r.ApprovedAt.After(at) || (!r.ClosedAt.IsZero() && !at.Before(r.ClosedAt)) {
		return attribution.Unattributed(attribution.NotApproved), nil
	}
	c, err := b.campaign(tx, r.Campaign)
	if err != nil {
		return attribution.Attribution{}, err
	}
	// The campaign runs over its Period; its registration window (which
	// starts the same day) is part of it, not before it. The details are
	// those in force when the order was placed, even if an edit has been
	// applied since (P6).
	d := c.DetailsAt(at)
	if !d.Period.Contains(at) {
		return attribution.Unattributed(attribution.NotOngoing), nil
	}
	split, err := commission.NewSplit(r.Rate, terms.Rate)
	if err != nil {
		return attribution.Unattributed(attribution.NoRate), nil
	}
	window := s.market(d.Market).window
	return attribution.Attributed(attribution.Terms{
		Campaign: c.ID, Agency: c.Agency, Shop: r.Shop, Registration: r.ID, Product: r.Product,
		List: terms.List, Entry: ev.Entry, Creator: ev.Creator, CreatorAgency: sc.Agency, RateVersion: terms.RateVersion,
		Split: split, SettlementWindow: window,
	}), nil
}

// marketFacts are what ingest needs of a campaign's market.
type marketFacts struct {
	window   time.Duration       // settlement window (A6)
	currency commission.Currency // zero if the market is unknown
}

// market returns the facts of the market with code. The market table is
// fixed for the Service's life and a lookup builds the market (its time
// zone included), so facts are cached per market.
func (s *Service) market(code campaign.MarketCode) marketFacts {
	if f, ok := s.marketCache.Load(code); ok {
		return f.(marketFacts)
	}
	f := marketFacts{window: time.Duration(campaign.DefaultSettlementWindow) * 24 * time.Hour}
	if m, err := s.markets().Lookup(code); err == nil {
		f = marketFacts{window: time.Duration(m.SettlementWindow) * 24 * time.Hour, currency: m.Currency}
	}
	s.marketCache.Store(code, f)
	return f
}

func (s *Service) markets() campaign.MarketTable {
	if t := s.policy.Markets; len(t.Codes()) > 0 {
		return t
	}
	return campaign.Markets()
}

// batch is one ingest transaction's working set. It reads up front, with
// one set-based call per kind, the batch's lines, event ids and metrics
// (load); caches the campaigns, registrations and showcases attribution
// reads (ingest never writes them); and holds every write back to make it
// once, at the end (flush). A batch of events then reads and writes each
// line, campaign, product and tally once, not once per event, and appends
// its outbox events in one call. Everything still happens in the events'
// transaction (A2). A batch lives inside one run of an Update's fn, so a
// retried fn starts afresh.
type batch struct {
	// work holds the batch's lines as they stand: read once by load,
	// changed by ingest, written by flush.
	work       map[attribution.LineKey]attribution.Line
	eventLines map[attribution.EventID]attribution.LineKey
	changed    map[attribution.LineKey]bool
	// attrs are the attributions load worked out for events of new
	// lines, by the event's index in the batch (not its id: two events of
	// a batch may share an id, A1), so ingest need not work them out again.
	attrs []*attribution.Attribution

	campaignRecs  map[campaign.ID]campaign.Campaign
	registrations map[registration.ID]registration.Registration
	showcases     map[productlist.CreatorID]productlist.Showcase

	// The metrics records the batch has read (or found absent), as they
	// stand.
	campaigns map[campaign.ID]*slot[attribution.CampaignSum]
	products  map[attribution.ProductKey]*slot[attribution.ProductSum]
	tallies   map[tallyKey]*slot[int64]
	outbox    []storage.Message
}

// slot is one metrics record in a batch: its value, whether one is stored
// (or has been set since), and whether the batch changed it.
type slot[V any] struct {
	v            V
	found, dirty bool
}

// tallyKey names a creator's count of counted lines in a campaign (product
// "") or in one of its products, which metrics use to count distinct
// creators; scope is the storage key.
type tallyKey struct {
	campaign campaign.ID
	product  registration.ProductID
	creator  productlist.CreatorID
}

func (k tallyKey) storage() storage.CreatorTally {
	if k.product == "" {
		return storage.CreatorTally{Scope: string(k.campaign), Creator: k.creator}
	}
	return storage.CreatorTally{Scope: string(k.campaign) + "/" + string(k.product), Creator: k.creator}
}

func newBatch() *batch {
	return &batch{
		work: map[attribution.LineKey]attribution.Line{}, eventLines: map[attribution.EventID]attribution.LineKey{},
		changed:      map[attribution.LineKey]bool{},
		campaignRecs: map[campaign.ID]campaign.Campaign{}, registrations: map[registration.ID]registration.Registration{},
		showcases: map[productlist.CreatorID]productlist.Showcase{},
		campaigns: map[campaign.ID]*slot[attribution.CampaignSum]{},
		products:  map[attribution.ProductKey]*slot[attribution.ProductSum]{},
		tallies:   map[tallyKey]*slot[int64]{},
	}
}

// load reads, with one call per kind, what the events will need: the
// stored lines they are about, the lines their ids are stored on, and the
// metrics records of the campaigns, products and creators they are
// attributed to. It returns why each malformed event is refused (nil for
// the others); those are left out, and so is anything load cannot work
// out: ingest reads it when it needs it.
func (s *Service) load(tx storage.Tx, b *batch, events []attribution.Event) (invalid []error, err error) {
	ids := make([]attribution.EventID, 0, len(events))
	keys := make([]attribution.LineKey, 0, len(events))
	invalid = make([]error, len(events))
	b.attrs = make([]*attribution.Attribution, len(events))
	for i, ev := range events {
		if invalid[i] = ev.Validate(); invalid[i] != nil {
			continue
		}
		if _, _, ok := parseEntry(ev.Entry); !ok && ev.Entry != "" {
			// Taken, it would leave the line unattributed for good: its
			// later events, with the entry right, would conflict with it.
			invalid[i] = errdef.Field("entry", string(ev.Entry), ErrInvalid, `partnerkit: want "SHOP/PRODUCT", as EntryOf makes it`)
			continue
		}
		ids = append(ids, ev.ID)
		if k := ev.Key(); len(keys) == 0 || keys[len(keys)-1] != k {
			keys = append(keys, k)
		}
	}
	if len(ids) == 0 {
		return invalid, nil
	}
	of, err := storage.LinesOf(tx.Orders(), ids)
	if err != nil {
		return nil, err
	}
	stored, err := storage.GetMany(tx.Orders(), keys)
	if err != nil {
		return nil, err
	}
	// The maps are the batch's own; the backends size them for the keys
	// asked, which ingest fills in with every line and id it applies.
	b.eventLines, b.work = of, stored
	if b.eventLines == nil {
		b.eventLines = make(map[attribution.EventID]attribution.LineKey, len(ids))
	}
	if b.work == nil {
		b.work = make(map[attribution.LineKey]attribution.Line, len(keys))
	}
	b.changed = make(map[attribution.LineKey]bool, len(keys))
	var mk storage.MetricsKeys
	var tks []tallyKey
	for i, ev := range events {
		if invalid[i] != nil {
			continue
		}
		attr := b.work[ev.Key()].Attribution
		if len(b.work[ev.Key()].Events) == 0 {
			if attr, err = s.attribute(tx, b, ev); err != nil {
				continue
			}
			b.attrs[i] = &attr
		}
		if !attr.OK() {
			continue
		}
		t := attr.Terms
		if _, ok := b.campaigns[t.Campaign]; !ok {
			b.campaigns[t.Campaign] = &slot[attribution.CampaignSum]{}
			mk.Campaigns = append(mk.Campaigns, t.Campaign)
		}
		if pk := (attribution.ProductKey{Campaign: t.Campaign, Product: t.Product}); b.products[pk] == nil {
			b.products[pk] = &slot[attribution.ProductSum]{}
			mk.Products = append(mk.Products, pk)
		}
		for _, k := range [2]tallyKey{{t.Campaign, "", t.Creator}, {t.Campaign, t.Product, t.Creator}} {
			if _, ok := b.tallies[k]; !ok {
				b.tallies[k] = &slot[int64]{}
				tks = append(tks, k)
				mk.CreatorLines = append(mk.CreatorLines, k.storage())
			}
		}
	}
	if len(mk.Campaigns) == 0 {
		return invalid, nil
	}
	set, err := storage.GetMetrics(tx.Metrics(), mk)
	if err != nil {
		return nil, err
	}
	for id, m := range set.Campaigns {
		if sl := b.campaigns[id]; sl != nil {
			sl.v, sl.found = m.Sum(), true
		}
	}
	for k, m := range set.Products {
		if sl := b.products[k]; sl != nil {
			sl.v, sl.found = m.Sum(), true
		}
	}
	for i, k := range tks {
		if n, ok := set.CreatorLines[mk.CreatorLines[i]]; ok {
			b.tallies[k].v, b.tallies[k].found = n, true
		}
	}
	return invalid, nil
}

// put records next as its line's state, changed by event id.
func (b *batch) put(next attribution.Line, id attribution.EventID) {
	b.work[next.Key] = next
	b.changed[next.Key] = true
	b.eventLines[id] = next.Key
}

// delta records an event's change to its campaign's and product's metrics
// (A2), reading what load did not; nothing is recorded if it returns an
// error.
func (b *batch) delta(tx storage.Tx, d attribution.Delta) error {
	if d.IsZero() {
		return nil
	}
	cs, err := slotOf(b.campaigns, d.Campaign, func(id campaign.ID) (attribution.CampaignSum, error) {
		m, err := tx.Metrics().Campaign(id)
		return m.Sum(), err
	})
	if err != nil {
		return err
	}
	cm := cs.v // a copy: the sums change only if both adds succeed
	if !cs.found {
		cm = attribution.CampaignMetrics{Campaign: d.Campaign, Agency: d.Agency}.Sum()
	}
	ps, err := slotOf(b.products, attribution.ProductKey{Campaign: d.Campaign, Product: d.Product}, func(k attribution.ProductKey) (attribution.ProductSum, error) {
		m, err := tx.Metrics().Product(k)
		return m.Sum(), err
	})
	if err != nil {
		return err
	}
	pm := ps.v
	if !ps.found {
		pm = attribution.ProductMetrics{Campaign: d.Campaign, Agency: d.Agency, Shop: d.Shop, Product: d.Product, TotalRate: d.TotalRate}.Sum()
	}
	ct, err := b.tally(tx, tallyKey{d.Campaign, "", d.Creator})
	if err != nil {
		return err
	}
	pt, err := b.tally(tx, tallyKey{d.Campaign, d.Product, d.Creator})
	if err != nil {
		return err
	}
	cn, err := cm.Add(d, ct.v)
	if err != nil {
		return err
	}
	pn, err := pm.Add(d, pt.v)
	if err != nil {
		return err
	}
	cs.v, cs.found, cs.dirty = cm, true, true
	ps.v, ps.found, ps.dirty = pm, true, true
	ct.v, ct.found, ct.dirty = cn, true, true
	pt.v, pt.found, pt.dirty = pn, true, true
	return nil
}

// slotOf returns the batch's slot for a metrics record, reading it with
// get if load did not (ErrNotFound leaves the slot not found).
func slotOf[K comparable, V any](m map[K]*slot[V], k K, get func(K) (V, error)) (*slot[V], error) {
	if sl := m[k]; sl != nil {
		return sl, nil
	}
	v, err := get(k)
	if err != nil && !isNotFound(err) {
		return nil, err
	}
	sl := &slot[V]{v: v, found: err == nil}
	m[k] = sl
	return sl, nil
}

// tally returns the batch's slot for a creator's count of counted lines.
func (b *batch) tally(tx storage.Tx, k tallyKey) (*slot[int64], error) {
	if sl := b.tallies[k]; sl != nil {
		return sl, nil
	}
	st := k.storage()
	n, err := tx.Metrics().CreatorLines(st.Scope, st.Creator)
	if err != nil {
		return nil, err
	}
	sl := &slot[int64]{v: n, found: n != 0}
	b.tallies[k] = sl
	return sl, nil
}

// campaign, registration and showcase read through the batch's cache.
func (b *batch) campaign(tx storage.Tx, id campaign.ID) (campaign.Campaign, error) {
	return cached(b.campaignRecs, id, tx.Campaigns().Get)
}

func (b *batch) registration(tx storage.Tx, id registration.ID) (registration.Registration, error) {
	return cached(b.registrations, id, tx.Registrations().Get)
}

func (b *batch) showcase(tx storage.Tx, id productlist.CreatorID) (productlist.Showcase, error) {
	return cached(b.showcases, id, tx.Showcases().Get)
}

// cached returns m[k], reading it with get and remembering it on a miss.
// Errors (ErrNotFound included) are not remembered.
func cached[K comparable, V any](m map[K]V, k K, get func(K) (V, error)) (V, error) {
	if v, ok := m[k]; ok {
		return v, nil
	}
	v, err := get(k)
	if err == nil {
		m[k] = v
	}
	return v, err
}

// flush makes the held-back writes, in key order (so concurrent
// transactions on a SQL backend take their row locks in one order).
func (b *batch) flush(tx storage.Tx) error {
	if len(b.changed) > 0 {
		keys := slices.SortedFunc(maps.Keys(b.changed), func(a, b attribution.LineKey) int {
			return cmp.Or(strings.Compare(string(a.Order), string(b.Order)), strings.Compare(string(a.Line), string(b.Line)))
		})
		lines := make([]attribution.Line, len(keys))
		for i, k := range keys {
			lines[i] = b.work[k]
		}
		if err := storage.PutMany(tx.Orders(), lines); err != nil {
			return err
		}
	}
	set := storage.MetricsSet{
		Campaigns:    map[campaign.ID]attribution.CampaignMetrics{},
		Products:     map[attribution.ProductKey]attribution.ProductMetrics{},
		CreatorLines: map[storage.CreatorTally]int64{},
	}
	for k, sl := range b.campaigns {
		if sl.dirty {
			set.Campaigns[k] = sl.v.Metrics()
		}
	}
	for k, sl := range b.products {
		if sl.dirty {
			set.Products[k] = sl.v.Metrics()
		}
	}
	for k, sl := range b.tallies {
		if sl.dirty {
			set.CreatorLines[k.storage()] = sl.v
		}
	}
	if len(set.Campaigns)+len(set.Products)+len(set.CreatorLines) > 0 {
		if err := storage.PutMetrics(tx.Metrics(), set); err != nil {
			return err
		}
	}
	if len(b.outbox) > 0 {
		if _, err := tx.Outbox().Append(b.outbox...); err != nil {
			return err
		}
	}
	return nil
}

// SettleDue settles the delivered lines whose settlement window has passed
// (A6), one page of lines at a time, and returns the cursor of the next
// page ("" after the last). A host without the platform's settled events
// calls it periodically, each sweep following the cursor from Page{} until
// it is "" (see the example).
//
// It reads only the lines that are due (attribution.Line.DueAt at or
// before now, found through the store's index, storage.LineQuery.DueBy),
// not every line stored, so a sweep costs the same however many settled
// lines a store holds. A line it settles is no longer due, so a sweep
// that starts again from Page{} also gets to every due line.
//
// A line refunded in full is void while it waits, but if the window passes
// before the refund's date, it settled first: SettleDue settles it and
// posts the refund as a reversal (K5).
func (s *Service) SettleDue(ctx context.Context, _ Host, p Page) (string, error) {
	now := s.now()
	var next string
	err := s.store.Update(ctx, func(tx storage.Tx) error {
		lines, n, err := tx.Orders().List(storage.LineQuery{DueBy: now}, p)
		if err != nil {
			return err
		}
		b := newBatch()
		for _, l := range lines {
			if _, ok := l.DueAt(); !ok {
				// Not due at all, stored before the store kept due times
				// (see LineQuery.DueBy): putting it back indexes it.
				b.work[l.Key], b.changed[l.Key] = l, true
				continue
			}
			adv, change, err := attribution.Advance(l, now)
			if err != nil {
				return err
			}
			msgs, err := lineMessages(l, adv, now)
			if err != nil {
				return err
			}
			if err := b.delta(tx, change.Delta); err != nil {
				return err
			}
			b.work[adv.Key], b.changed[adv.Key] = adv, true
			b.outbox = append(b.outbox, msgs...)
		}
		next = n
		return b.flush(tx)
	})
	return next, err
}

// Outbox returns up to limit domain events after position after, in commit
// order. Pass the last Seq you handled; Acknowledge it when done. limit
// is as a Page's: 0 means storage.DefaultLimit, and more than
// storage.MaxLimit is read as MaxLimit; a negative after is a *FieldError
// for "after" wrapping ErrInvalid. Seqs may have gaps.
//
// A message's Kind says which type its JSON Payload decodes into: see
// [AgencyOnboarded] for the whole map ("order.*" kinds carry an
// [OrderLineChanged], keyed by the line).
func (s *Service) Outbox(ctx context.Context, _ Host, after int64, limit int) ([]storage.Message, error) {
	if after < 0 {
		return nil, errdef.Field("after", after, ErrInvalid, "partnerkit: a position is 0 or more")
	}
	var out []storage.Message
	err := s.store.View(ctx, func(tx storage.Tx) error {
		var err error
		out, err = tx.Outbox().Read(after, limit)
		return err
	})
	return out, err
}

// Acknowledge records that reader has handled every outbox event up to
// seq; Acknowledged returns it, so a restarted reader resumes there.
// Acknowledging backwards is ignored. A reader name that
// storage.ValidateReader refuses is its *FieldError, and a negative seq or
// one past the last message is a *FieldError for "seq"; both wrap
// ErrInvalid.
func (s *Service) Acknowledge(ctx context.Context, _ Host, reader string, seq int64) error {
	if err := storage.ValidateReader(reader); err != nil {
		return fmt.Errorf("partnerkit: %w", err)
	}
	if seq < 0 {
		return errdef.Field("seq", seq, ErrInvalid, "partnerkit: a position is 0 or more")
	}
	err := s.store.Update(ctx, func(tx storage.Tx) error { return tx.Outbox().Ack(reader, seq) })
	if errors.Is(err, ErrInvalid) {
		// The reader is valid: the store refuses the seq, past the last
		// message.
		return errdef.Field("seq", seq, ErrInvalid, "partnerkit: past the last message")
	}
	return err
}

// Acknowledged returns reader's acknowledged outbox position, 0 if none.
func (s *Service) Acknowledged(ctx context.Context, _ Host, reader string) (int64, error) {
	var seq int64
	err := s.store.View(ctx, func(tx storage.Tx) error {
		var err error
		seq, err = tx.Outbox().Acked(reader)
		return err
	})
	return seq, err
}

// lines returns every line q selects, page by page, inside tx.
func lines(tx storage.Tx, q storage.LineQuery) ([]attribution.Line, error) {
	var out []attribution.Line
	p := Page{Limit: storage.MaxLimit}
	for {
		ls, next, err := tx.Orders().List(q, p)
		if err != nil {
			return nil, err
		}
		out = append(out, ls...)
		if next == "" {
			return out, nil
		}
		p.After = next
	}
}

// viewLines runs fn over the lines q selects, in one read transaction.
func (s *Service) viewLines(ctx context.Context, q storage.LineQuery, fn func([]attribution.Line) error) error {
	return s.store.View(ctx, func(tx storage.Tx) error {
		ls, err := lines(tx, q)
		if err != nil {
			return err
		}
		return fn(ls)
	})
}

// CampaignMetrics returns one of the agency's campaigns' metrics (A2),
// kept incrementally: reading them costs the same at any number of orders.
func (s *Service) CampaignMetrics(ctx context.Context, a Agency, id campaign.ID) (attribution.CampaignMetrics, error) {
	if err := a.check(); err != nil {
		return attribution.CampaignMetrics{}, err
	}
	now := s.now()
	var out attribution.CampaignMetrics
	err := s.store.View(ctx, func(tx storage.Tx) error {
		c, _, err := agencyCampaign(tx, a, id, now)
		if err != nil {
			return err
		}
		m, err := tx.Metrics().Campaign(id)
		if isNotFound(err) {
			// No order yet: zero figures, in the market's currency like
			// its products' (ApproveRegistration), so they add up.
			m, err = attribution.CampaignMetrics{Campaign: id, Agency: a.ID, Metrics: zeroMetrics(s.market(c.Current(now).Market).currency)}, nil
		}
		out = m
		return err
	})
	return out, err
}

// ProductMetrics returns a page of one of the agency's campaigns' product
// metrics (A2), with content counts; status, if not zero, keeps only the
// products with (or without) posted content; another status is a
// *FieldError wrapping ErrInvalid. Pages are full: a page short of its
// limit is the last. Every product approved into the campaign is listed,
// at zero figures until its first order or content (ApproveRegistration
// starts its metrics; a product approved by a partnerkit that did not
// yet do so appears with its first order or content).
func (s *Service) ProductMetrics(ctx context.Context, a Agency, id campaign.ID, status attribution.ContentStatus, p Page) ([]attribution.ProductMetrics, string, error) {
	if err := a.check(); err != nil {
		return nil, "", err
	}
	if status != 0 && status != attribution.ContentPosted && status != attribution.NoContent {
		return nil, "", errdef.Field("status", int(status), ErrInvalid, "partnerkit: not a content status")
	}
	now := s.now()
	var out []attribution.ProductMetrics
	var next string
	err := s.store.View(ctx, func(tx storage.Tx) error {
		if _, _, err := agencyCampaign(tx, a, id, now); err != nil {
			return err
		}
		var err error
		out, next, err = fullPage(p, func(p Page) ([]attribution.ProductMetrics, string, error) {
			return tx.Metrics().Products(id, p)
		}, func(ps []attribution.ProductMetrics) ([]attribution.ProductMetrics, error) {
			if status != 0 {
				ps = attribution.FilterProducts(ps, status)
			}
			return ps, nil
		}, func(m attribution.ProductMetrics) string { return string(m.Product) })
		return err
	})
	return out, next, err
}

// SellerProducts returns the seller's product-level figures in a campaign
// it registered products in (A2, A4): no creator ids and no per-creator
// figures, by type, ordered by product id. Only the shop's own products
// are read, so nothing of another shop's leaks, not even through a cursor;
// a campaign the shop has no registration in is ErrNotFound. An approved
// product with no orders or content yet is listed at zero figures; one
// never approved has none and is left out.
func (s *Service) SellerProducts(ctx context.Context, sl Seller, id campaign.ID) ([]attribution.SellerProduct, error) {
	if err := sl.check(); err != nil {
		return nil, err
	}
	var out []attribution.SellerProduct
	err := s.store.View(ctx, func(tx storage.Tx) error {
		var ps []attribution.ProductMetrics
		p := Page{Limit: storage.MaxLimit}
		for {
			rs, next, err := tx.Registrations().List(storage.RegistrationQuery{
				Campaign: id, Filter: registration.Filter{Shop: sl.Shop},
			}, p)
			if err != nil {
				return err
			}
			for _, r := range rs {
				m, err := tx.Metrics().Product(attribution.ProductKey{Campaign: id, Product: r.Product})
				if isNotFound(err) {
					continue
				}
				if err != nil {
					return err
				}
				ps = append(ps, m)
			}
			if len(rs) == 0 && p.After == "" {
				return notFound("campaign", id)
			}
			if next == "" {
				break
			}
			p.After = next
		}
		slices.SortFunc(ps, func(a, b attribution.ProductMetrics) int {
			return strings.Compare(string(a.Product), string(b.Product))
		})
		out = attribution.SellerProducts(sl.Shop, ps)
		return nil
	})
	return out, err
}

// SellerOrdersCSV exports the seller's order lines as CSV (A5), optionally
// limited to lines first paid in [from, to) (zero times leave an end open).
// With both ends set, to at or before from is refused as the statements
// refuse it: a *FieldError for "to" wrapping ErrInvalid.
//
// It returns every line of the period at once, read in one transaction
// (on the memory store, writers wait meanwhile): a host with many orders
// reads a period at a time, a day or a week, rather than all of them.
func (s *Service) SellerOrdersCSV(ctx context.Context, sl Seller, from, to time.Time) ([]byte, error) {
	if err := sl.check(); err != nil {
		return nil, err
	}
	if err := checkOpenPeriod(from, to); err != nil {
		return nil, err
	}
	var buf strings.Builder
	err := s.viewLines(ctx, storage.LineQuery{Shop: sl.Shop, From: from, To: to}, func(ls []attribution.Line) error {
		return attribution.WriteSellerCSV(&buf, attribution.SellerOrders(sl.Shop, ls))
	})
	if err != nil {
		return nil, err
	}
	return []byte(buf.String()), nil
}

// checkPeriod is the statements' check of a period [from, to)
// (attribution.NewSellerStatement): a *FieldError for "to" wrapping
// ErrInvalid unless to is after from.
func checkPeriod(from, to time.Time) error { return errdef.Period("partnerkit", from, to) }

// checkOpenPeriod is checkPeriod for a period whose zero ends are open:
// it checks only a period with both ends set.
func checkOpenPeriod(from, to time.Time) error {
	if from.IsZero() || to.IsZero() {
		return nil
	}
	return checkPeriod(from, to)
}

// CreatorOrders returns the creator's own paid order lines with its rate
// and commission only (A4), attributed or not (an unattributed line earns
// nothing, and its Reason says why), ordered by payment time, limited to
// lines first paid in [from, to) (zero times leave an end open), as
// SellerOrdersCSV and CampaignOrders are. With both ends set, to at or
// before from is refused: a *FieldError for "to" wrapping ErrInvalid.
//
// It returns every line of the period at once, read in one transaction
// (on the memory store, writers wait meanwhile): a host with many orders
// reads a period at a time, a day or a week, rather than all of them.
func (s *Service) CreatorOrders(ctx context.Context, c Creator, from, to time.Time) ([]attribution.CreatorOrder, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	if err := checkOpenPeriod(from, to); err != nil {
		return nil, err
	}
	var out []attribution.CreatorOrder
	err := s.viewLines(ctx, storage.LineQuery{Creator: c.ID, From: from, To: to}, func(ls []attribution.Line) error {
		out = attribution.CreatorOrders(c.ID, ls)
		return nil
	})
	return out, err
}

// CampaignOrders returns the paid order lines of one of the agency's
// campaigns, with their creators, terms and whole ledgers (the agency
// sees everything of its own campaigns, A4), ordered by payment time,
// optionally limited to lines first paid in [from, to) (zero times leave
// an end open). Another agency's campaign is ErrNotFound; with both ends
// set, to at or before from is a *FieldError for "to" wrapping ErrInvalid.
//
// It returns every line of the period at once, read in one transaction
// (on the memory store, writers wait meanwhile): a host with many orders
// reads a period at a time, a day or a week, rather than all of them.
func (s *Service) CampaignOrders(ctx context.Context, a Agency, id campaign.ID, from, to time.Time) ([]attribution.AgencyOrder, error) {
	if err := a.check(); err != nil {
		return nil, err
	}
	if err := checkOpenPeriod(from, to); err != nil {
		return nil, err
	}
	var out []attribution.AgencyOrder
	err := s.store.View(ctx, func(tx storage.Tx) error {
		if _, err := ownCampaign(tx, a, id); err != nil {
			return err
		}
		ls, err := lines(tx, storage.LineQuery{Campaign: id, From: from, To: to})
		out = attribution.AgencyOrders(a.ID, ls)
		return err
	})
	return out, err
}

// CreatorStatement returns the creator's earnings posted in [from, to) in
// currency cur (A5). Entries are chosen by their own dates, whatever the
// line's payment date (a platform may date a settlement or refund before
// the payment it answers), so consecutive periods add up to every entry
// posted. Lines come in entry time order, then by key and sequence.
//
// Unlike the order listings, a statement's to is not open when zero: to
// must be after from (a zero from starts at the beginning of time), and
// cur must be set, or the call is refused with an error wrapping
// ErrInvalid (a *FieldError for "to" for the period). They read every
// line of the party, whatever
// the period, and on the memory store hold back writers while they do:
// read them off the ingest path, as for Reconcile.
//
// A statement reports the ledger as it stands. An event that arrives late
// but is dated before a settlement (a refund, a cancellation) changes that
// settlement entry as if it had come on time (A1: a line's ledger is a
// function of its events, whatever their order), so a statement of a past
// period can differ when asked again. The outbox announces each such
// change ("order.adjusted", "order.reversed"); a host that pays out from
// statements books those as corrections.
func (s *Service) CreatorStatement(ctx context.Context, c Creator, cur commission.Currency, from, to time.Time) (attribution.CreatorStatement, error) {
	if err := c.check(); err != nil {
		return attribution.CreatorStatement{}, err
	}
	// The request's own problems, before reading every line.
	if _, err := attribution.NewCreatorStatement(c.ID, cur, from, to, nil); err != nil {
		return attribution.CreatorStatement{}, err
	}
	var out attribution.CreatorStatement
	err := s.viewLines(ctx, storage.LineQuery{Creator: c.ID}, func(ls []attribution.Line) error {
		var err error
		out, err = attribution.NewCreatorStatement(c.ID, cur, from, to, ls)
		return err
	})
	return out, err
}

// SellerStatement returns what the seller's shop pays for entries posted
// in [from, to) in currency cur (A5). Periods, cost and late events are
// as for CreatorStatement.
func (s *Service) SellerStatement(ctx context.Context, sl Seller, cur commission.Currency, from, to time.Time) (attribution.SellerStatement, error) {
	if err := sl.check(); err != nil {
		return attribution.SellerStatement{}, err
	}
	// The request's own problems, before reading every line.
	if _, err := attribution.NewSellerStatement(sl.Shop, cur, from, to, nil); err != nil {
		return attribution.SellerStatement{}, err
	}
	var out attribution.SellerStatement
	err := s.viewLines(ctx, storage.LineQuery{Shop: sl.Shop}, func(ls []attribution.Line) error {
		var err error
		out, err = attribution.NewSellerStatement(sl.Shop, cur, from, to, ls)
		return err
	})
	return out, err
}

// AgencyStatement returns what the agency's campaigns paid out for entries
// posted in [from, to) in currency cur (A5). Periods, cost and late events
// are as for CreatorStatement.
func (s *Service) AgencyStatement(ctx context.Context, a Agency, cur commission.Currency, from, to time.Time) (attribution.Statement, error) {
	if err := a.check(); err != nil {
		return attribution.Statement{}, err
	}
	// The request's own problems, before reading every line.
	if _, err := attribution.NewAgencyStatement(a.ID, cur, from, to, nil); err != nil {
		return attribution.Statement{}, err
	}
	var out attribution.Statement
	err := s.viewLines(ctx, storage.LineQuery{Agency: a.ID}, func(ls []attribution.Line) error {
		var err error
		out, err = attribution.NewAgencyStatement(a.ID, cur, from, to, ls)
		return err
	})
	return out, err
}
