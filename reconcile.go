package partnerkit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"time"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
)

// Reconciliation, what-if splits and explanations (issue 12) are the pure
// functions of package attribution run over the store in one read
// transaction; none of them writes.
//
// Who may do what (A4):
//   - the agency reconciles its campaigns, tries alternative splits and
//     explains any line of its campaigns;
//   - a creator explains its own lines, seeing its creator rate and
//     commission only (attribution.CreatorExplanation);
//   - a seller explains the lines of its shop at product level, seeing the
//     total rate and commission and no creator (attribution.SellerExplanation).
//
// Sellers and creators get no Reconcile or WhatIf: the platform's partner
// report carries creator ids and the split (K1: never shown to either),
// and the split is the agency's decision. A seller checks what it pays
// with SellerOrdersCSV and SellerStatement instead.

// Reconcile compares a platform report (CSV, its columns named by m; see
// attribution.TikTokPartnerOrders) with the ledger of one of the agency's
// campaigns: its lines with a payment (attribution.Reconcile).
//
// The report is streamed and the ledger read line by line inside one read
// transaction, so memory grows with the campaign's lines (about 8 bytes
// each), never with the report; a long report holds that transaction open
// as long as it takes to read. On the memory store writers wait for a read
// transaction: hand it a report already in memory or on disk, not a slow
// upload. Cancelling ctx stops the run. The report's currency is the
// campaign market's (when the market is in the Service's table): a row in
// another is a row error.
//
// Reconcile returns ErrNotFound for another agency's campaign, and the
// errors of attribution.Reconcile; malformed rows do not stop it (see
// Reconciliation.RowErrors).
func (s *Service) Reconcile(ctx context.Context, a Agency, id campaign.ID, report io.Reader, m attribution.ReportMapping) (attribution.Reconciliation, error) {
	if err := a.check(); err != nil {
		return attribution.Reconciliation{}, err
	}
	now := s.now()
	var out attribution.Reconciliation
	err := s.store.View(ctx, func(tx storage.Tx) error {
		c, _, err := agencyCampaign(tx, a, id, now)
		if err != nil {
			return err
		}
		// The campaign's market says the ledger's currency: a stray row
		// in another is that row's error, not the report's currency.
		opts := attribution.ReconcileOptions{Currency: s.market(c.Current(now).Market).currency}
		out, err = attribution.Reconcile(report, m, &campaignLedger{ctx: ctx, tx: tx, campaign: id}, opts)
		return err
	})
	return out, err
}

// campaignLedger is the attribution.LedgerSource of one campaign's paid
// lines, read from tx as asked.
type campaignLedger struct {
	ctx      context.Context
	tx       storage.Tx
	campaign campaign.ID
	reads    int
}

var _ attribution.LedgerSource = (*campaignLedger)(nil)

func (c *campaignLedger) inScope(l attribution.Line) bool {
	_, paid := storage.FirstPaid(l)
	return l.Attribution.OK() && l.Attribution.Terms.Campaign == c.campaign && paid
}

// Line finds key among the campaign's paid lines; every 1024 reads it
// checks whether ctx was cancelled.
func (c *campaignLedger) Line(key attribution.LineKey) (attribution.Line, bool, error) {
	if c.reads++; c.reads%1024 == 0 {
		if err := c.ctx.Err(); err != nil {
			return attribution.Line{}, false, err
		}
	}
	if key.Order == "" || key.Line == "" {
		return attribution.Line{}, false, nil // storage refuses empty keys; no such line
	}
	l, err := c.tx.Orders().Get(key)
	if isNotFound(err) {
		return attribution.Line{}, false, nil
	}
	if err != nil {
		return attribution.Line{}, false, err
	}
	return l, c.inScope(l), nil
}

// Keys lists the campaign's paid lines one storage page at a time.
func (c *campaignLedger) Keys(yield func(attribution.LineKey) bool) error {
	p := Page{Limit: storage.MaxLimit}
	for {
		if err := c.ctx.Err(); err != nil {
			return err
		}
		ls, next, err := c.tx.Orders().List(storage.LineQuery{Campaign: c.campaign}, p)
		if err != nil {
			return err
		}
		for _, l := range ls {
			if c.inScope(l) && !yield(l.Key) {
				return nil
			}
		}
		if next == "" {
			return nil
		}
		p.After = next
	}
}

// WhatIf recomputes every attributed line of one of the agency's campaigns
// from its events with the creator rates in rates (by product; products
// not in rates keep their rates) and returns, per product and in total,
// the commission now and under the alternative (attribution.WhatIf). It
// never writes.
//
// WhatIf returns ErrNotFound for another agency's campaign, ErrLimit for
// more than storage.MaxLimit rates, and a *FieldError for "rates[product]"
// wrapping ErrInvalid for a rate out of range or above the total rate of
// its product's approved registration in the campaign, or for a product
// the campaign has no approved registration of, whether or not it has
// orders.
func (s *Service) WhatIf(ctx context.Context, a Agency, id campaign.ID, rates map[registration.ProductID]commission.Rate) (attribution.Scenario, error) {
	if err := a.check(); err != nil {
		return attribution.Scenario{}, err
	}
	now := s.now()
	var out attribution.Scenario
	err := s.store.View(ctx, func(tx storage.Tx) error {
		if _, _, err := agencyCampaign(tx, a, id, now); err != nil {
			return err
		}
		if err := ratesFit(rates, fmt.Sprintf("campaign %s", id), campaignTotal(tx, id)); err != nil {
			return err
		}
		ls, err := lines(tx, storage.LineQuery{Campaign: id})
		if err != nil {
			return err
		}
		out, err = attribution.WhatIf(ls, rates, now)
		return err
	})
	return out, err
}

// ratesFit checks creator rates by product (K1): at most storage.MaxLimit
// of them, each in range and at most its product's total rate, which
// total looks up (false: no such product where the scenario runs, which
// where names).
func ratesFit(rates map[registration.ProductID]commission.Rate, where string, total func(registration.ProductID) (commission.Rate, bool, error)) error {
	if err := ratesCount(rates); err != nil {
		return err
	}
	var errs []error
	for _, p := range slices.Sorted(maps.Keys(rates)) {
		field := fmt.Sprintf("rates[%s]", errdef.Shown(string(p)))
		if !possibleID(string(p), registration.MaxProductIDLen) {
			errs = append(errs, errdef.Field(field, rates[p], ErrInvalid,
				fmt.Sprintf("partnerkit: no product has such an id (want 1 to %d bytes of UTF-8, no control character)", registration.MaxProductIDLen)))
			continue
		}
		if err := rates[p].Validate(); err != nil {
			errs = append(errs, errdef.Field(field, rates[p], ErrInvalid, "partnerkit: want a creator rate from 0% to 100%"))
			continue
		}
		t, ok, err := total(p)
		switch {
		case err != nil:
			return err
		case !ok:
			errs = append(errs, errdef.Field(field, rates[p], ErrInvalid, fmt.Sprintf("partnerkit: %s has no approved product %s", where, p)))
		case rates[p] > t:
			errs = append(errs, errdef.Field(field, rates[p], ErrInvalid, fmt.Sprintf("partnerkit: want a creator rate from 0%% to the total %v of %s", t, p)))
		}
	}
	return errors.Join(errs...)
}

// ratesCount refuses more than storage.MaxLimit rates with ErrLimit.
func ratesCount(rates map[registration.ProductID]commission.Rate) error {
	if len(rates) > storage.MaxLimit {
		return errdef.Field("rates", len(rates), ErrLimit, fmt.Sprintf("partnerkit: more than %d products", storage.MaxLimit))
	}
	return nil
}

// campaignTotal looks up a product's total rate in a campaign for
// ratesFit: that of its registration that was approved (approved,
// awaiting cancellation or closed).
func campaignTotal(tx storage.Tx, id campaign.ID) func(registration.ProductID) (commission.Rate, bool, error) {
	return func(p registration.ProductID) (commission.Rate, bool, error) {
		rs, _, err := tx.Registrations().List(storage.RegistrationQuery{Campaign: id, Filter: registration.Filter{Product: p}}, storage.Page{Limit: storage.MaxLimit})
		if err != nil {
			return 0, false, err
		}
		i := slices.IndexFunc(rs, func(r registration.Registration) bool { return r.Product == p && !r.ApprovedAt.IsZero() })
		if i < 0 {
			return 0, false, nil
		}
		return rs[i].Rate, true, nil
	}
}

// listTotal looks up a product's total rate for ratesFit in a list and
// the lines attributed through it (a product removed from the list since
// still has its lines): the lowest, as a product may be in the list once
// per campaign.
func listTotal(l productlist.List, lines []attribution.Line) func(registration.ProductID) (commission.Rate, bool, error) {
	totals := make(map[registration.ProductID]commission.Rate)
	take := func(p registration.ProductID, total commission.Rate) {
		if t, ok := totals[p]; !ok || total < t {
			totals[p] = total
		}
	}
	for _, e := range l.Entries {
		take(e.Product.ID, e.Product.Total)
	}
	for i := range lines {
		tm := &lines[i].Attribution.Terms
		take(tm.Product, tm.Split.Total)
	}
	return func(p registration.ProductID) (commission.Rate, bool, error) {
		t, ok := totals[p]
		return t, ok, nil
	}
}

// WhatIfList is WhatIf over the lines attributed through one of the
// agency's product lists, in whichever campaigns.
//
// WhatIfList returns ErrNotFound for another agency's list, and the errors
// of WhatIf, with the list in place of the campaign: a rate must be for a
// product of the list or of a line attributed through it, and at most its
// total rate (the lowest, should it come from two campaigns).
func (s *Service) WhatIfList(ctx context.Context, a Agency, id productlist.ListID, rates map[registration.ProductID]commission.Rate) (attribution.Scenario, error) {
	if err := a.check(); err != nil {
		return attribution.Scenario{}, err
	}
	now := s.now()
	var out attribution.Scenario
	err := s.store.View(ctx, func(tx storage.Tx) error {
		list, err := agencyList(tx, a, id)
		if err != nil {
			return err
		}
		if err := ratesCount(rates); err != nil {
			return err // before reading every line
		}
		ls, err := lines(tx, storage.LineQuery{Agency: a.ID})
		if err != nil {
			return err
		}
		var mine []attribution.Line
		for _, l := range ls {
			if l.Attribution.OK() && l.Attribution.Terms.List == id {
				mine = append(mine, l)
			}
		}
		if err := ratesFit(rates, fmt.Sprintf("list %s", id), listTotal(list, mine)); err != nil {
			return err
		}
		out, err = attribution.WhatIf(mine, rates, now)
		return err
	})
	return out, err
}

// Explain returns the chain that produced the amounts of a line of one of
// the agency's campaigns (A6): campaign, registration and total rate, list
// entry and the creator rate version in force when the order was placed,
// with the time it took effect, the events and the entries.
//
// Explain returns ErrNotFound if the line does not exist, is not
// attributed, or is another agency's.
//
// Each step derives the line's ledger from the events up to it, so an
// explanation costs time quadratic in the line's events: about half a
// second at MaxLineEvents for amounts at their currency's scale, a few
// seconds for amounts the int64 path does not take (more than 18 digits,
// or another exponent). The work runs after the read transaction, so
// writers do not wait for it. CreatorExplanation and SellerExplanation
// cost the same.
func (s *Service) Explain(ctx context.Context, a Agency, key attribution.LineKey) (attribution.Explanation, error) {
	if err := a.check(); err != nil {
		return attribution.Explanation{}, err
	}
	return s.explain(ctx, key, func(l attribution.Line) bool {
		return l.Attribution.OK() && l.Attribution.Terms.Agency == a.ID
	})
}

// CreatorExplanation returns the creator's view of the explanation of one
// of its own lines (A4, K1): its rate and commission only.
//
// CreatorExplanation returns ErrNotFound if the line does not exist or is
// another creator's.
func (s *Service) CreatorExplanation(ctx context.Context, c Creator, key attribution.LineKey) (attribution.CreatorExplanation, error) {
	if err := c.check(); err != nil {
		return attribution.CreatorExplanation{}, err
	}
	e, err := s.explain(ctx, key, func(l attribution.Line) bool { return l.Creator == c.ID })
	if err != nil {
		return attribution.CreatorExplanation{}, err
	}
	return e.ForCreator(), nil
}

// SellerExplanation returns the seller's view of the explanation of a
// line of its shop (A4): product-level, no creator.
//
// SellerExplanation returns ErrNotFound if the line does not exist, is
// not attributed, or is another shop's.
func (s *Service) SellerExplanation(ctx context.Context, sl Seller, key attribution.LineKey) (attribution.SellerExplanation, error) {
	if err := sl.check(); err != nil {
		return attribution.SellerExplanation{}, err
	}
	e, err := s.explain(ctx, key, func(l attribution.Line) bool {
		return l.Attribution.OK() && l.Attribution.Terms.Shop == sl.Shop
	})
	if err != nil {
		return attribution.SellerExplanation{}, err
	}
	return e.ForSeller(), nil
}

// explain loads the line key if visible says the actor may see it, and
// explains it with the time its creator rate version took effect.
func (s *Service) explain(ctx context.Context, key attribution.LineKey, visible func(attribution.Line) bool) (attribution.Explanation, error) {
	now := s.now()
	var l attribution.Line
	var sc productlist.Showcase
	err := s.store.View(ctx, func(tx storage.Tx) error {
		if key.Order == "" || key.Line == "" {
			return notFound("order line", key)
		}
		var err error
		l, err = tx.Orders().Get(key)
		if isNotFound(err) || (err == nil && !visible(l)) {
			return notFound("order line", key)
		}
		if err != nil || !l.Attribution.OK() {
			return err
		}
		sc, err = tx.Showcases().Get(l.Creator)
		return err
	})
	if err != nil {
		return attribution.Explanation{}, err
	}
	// Outside the read transaction, which on the memory store holds
	// writers back: Explain derives the ledger again at every event, so a
	// line of MaxLineEvents events takes a good part of a second.
	out, err := attribution.Explain(l, now)
	if err != nil {
		return attribution.Explanation{}, fmt.Errorf("partnerkit: explaining %v: %w", key, err)
	}
	out.RateEffective, err = rateEffective(sc, l, out.Placed)
	return out, err
}

// rateEffective returns when the terms that paid l took effect on the
// creator's showcase entry (P6), or the zero time if they are not found.
// sc is the creator's showcase.
func rateEffective(sc productlist.Showcase, l attribution.Line, placed time.Time) (time.Time, error) {
	t := l.Attribution.Terms
	if !l.Attribution.OK() || placed.IsZero() {
		return time.Time{}, nil
	}
	pt, err := sc.RateAt(t.Shop, t.Product, placed)
	if isNotFound(err) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, err
	}
	if pt.Campaign != t.Campaign || pt.List != t.List || pt.RateVersion != t.RateVersion || pt.Rate != t.Split.Creator {
		return time.Time{}, nil
	}
	return pt.Effective, nil
}
