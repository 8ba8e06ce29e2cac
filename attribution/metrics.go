package attribution

import (
	"fmt"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
)

// Delta is the change one applied event makes to the metrics of its line's
// campaign and product (A2). A storage layer adds it, in the same
// transaction as the line, to the campaign's [CampaignMetrics], the
// product's [ProductMetrics] and to the per-scope creator tallies that
// count distinct creators; reading metrics then never rescans orders.
type Delta struct {
	Campaign  campaign.ID
	Agency    campaign.AgencyID
	Shop      campaign.ShopCode
	Product   registration.ProductID
	Creator   productlist.CreatorID
	TotalRate commission.Rate
	// PaidOrders is +1 when the line becomes a paid order line (paid, not
	// cancelled), -1 when it stops being one, else 0.
	PaidOrders int64
	// CreatorLines is the change in the number of the creator's counted
	// lines in the scope; it moves with PaidOrders.
	CreatorLines int64
	// The change in GMV (net base) and in estimated (owed) and settled
	// (posted) commission.
	GMV, EstimatedCreator, EstimatedAgency, SettledCreator, SettledAgency commission.Money
}

// IsZero reports whether d changes nothing.
func (d Delta) IsZero() bool {
	return d.PaidOrders == 0 && d.CreatorLines == 0 && d.GMV.IsZero() && d.EstimatedCreator.IsZero() &&
		d.EstimatedAgency.IsZero() && d.SettledCreator.IsZero() && d.SettledAgency.IsZero()
}

// contribution is what one line adds to its campaign's and product's
// metrics, as a Delta from nothing. Unattributed and unpaid lines add
// nothing.
func contribution(l *Line) Delta {
	if !contributes(l) {
		return Delta{}
	}
	led, t := &l.Ledger, &l.Attribution.Terms
	d := Delta{
		Campaign: t.Campaign, Agency: t.Agency, Shop: t.Shop, Product: t.Product, Creator: t.Creator, TotalRate: t.Split.Total,
		GMV: led.Owed.Base, EstimatedCreator: led.Owed.Creator, EstimatedAgency: led.Owed.Agency,
		SettledCreator: led.Posted.Creator, SettledAgency: led.Posted.Agency,
	}
	if counted(led.Status) {
		d.PaidOrders, d.CreatorLines = 1, 1
	}
	return d
}

// contributes reports whether l adds to its campaign's metrics.
func contributes(l *Line) bool {
	return l.Attribution.OK() && !l.Ledger.Paid.Currency.IsZero() && len(l.Events) > 0
}

// counted reports whether a line of status s is a paid order line.
func counted(s Status) bool { return s == StatusPending || s == StatusSettled }

// diff is the Delta from line a to line b (the same line, b after a):
// contribution(b) - contribution(a), or zero if b contributes nothing.
func diff(a, b *Line) Delta {
	d := contribution(b)
	if d.Campaign == "" || !contributes(a) {
		return d
	}
	led := &a.Ledger
	if counted(led.Status) {
		d.PaidOrders--
		d.CreatorLines--
	}
	d.GMV = minus(d.GMV, led.Owed.Base)
	d.EstimatedCreator = minus(d.EstimatedCreator, led.Owed.Creator)
	d.EstimatedAgency = minus(d.EstimatedAgency, led.Owed.Agency)
	d.SettledCreator = minus(d.SettledCreator, led.Posted.Creator)
	d.SettledAgency = minus(d.SettledAgency, led.Posted.Agency)
	return d
}

// Metrics are the performance counters of one scope, a campaign or a
// product (A2). The zero Metrics is empty; amounts take the currency of the
// first delta added.
type Metrics struct {
	// PaidOrders counts paid order lines (SKU orders) not void: neither
	// cancelled nor refunded in full before they settled.
	PaidOrders int64
	// Creators counts distinct creators with at least one paid order line.
	Creators int64
	// GMV is the net base (paid minus refunds) of those lines.
	GMV commission.Money
	// EstimatedCreator and EstimatedAgency are owed now: pending estimates
	// plus settled amounts, after refunds.
	EstimatedCreator, EstimatedAgency commission.Money
	// SettledCreator and SettledAgency are posted: settlements plus
	// reversals.
	SettledCreator, SettledAgency commission.Money
}

// add returns m plus d; creatorLines is the number of counted lines d's
// creator had in the scope before, and the second result the number after.
func (m Metrics) add(d Delta, creatorLines int64) (Metrics, int64, error) {
	after := creatorLines + d.CreatorLines
	if creatorLines < 0 || after < 0 {
		return m, creatorLines, errdef.Field("creator_lines", creatorLines, ErrInvalid,
			fmt.Sprintf("attribution: creator %q would have %d lines", d.Creator, after))
	}
	var err error
	out := m
	out.PaidOrders += d.PaidOrders
	switch {
	case creatorLines == 0 && after > 0:
		out.Creators++
	case creatorLines > 0 && after == 0:
		out.Creators--
	}
	// Values in arrays, not pointers into out, keep out off the heap.
	sums := [5]commission.Money{out.GMV, out.EstimatedCreator, out.EstimatedAgency, out.SettledCreator, out.SettledAgency}
	for i, v := range [5]commission.Money{d.GMV, d.EstimatedCreator, d.EstimatedAgency, d.SettledCreator, d.SettledAgency} {
		if sums[i], err = plus(sums[i], v); err != nil {
			return m, creatorLines, fmt.Errorf("attribution: adding metrics: %w", err)
		}
	}
	out.GMV, out.EstimatedCreator, out.EstimatedAgency, out.SettledCreator, out.SettledAgency = sums[0], sums[1], sums[2], sums[3], sums[4]
	return out, after, nil
}

// CampaignMetrics are a campaign's counters.
type CampaignMetrics struct {
	Campaign campaign.ID
	Agency   campaign.AgencyID
	Metrics
}

// Add returns m with d added. creatorLines is how many counted lines d's
// creator already had in the campaign (the storage keeps one tally per
// campaign and creator, zero when absent); Add returns the new tally to
// store. A creator is counted in Creators while its tally is above zero.
//
// Add returns an error, and m unchanged, if d is for another campaign
// (wrapping [ErrInvalid]), the tally would go negative ([ErrInvalid]), or
// the currencies differ ([ErrCurrencyMismatch]).
func (m CampaignMetrics) Add(d Delta, creatorLines int64) (CampaignMetrics, int64, error) {
	if d.Campaign == "" || (m.Campaign != "" && m.Campaign != d.Campaign) {
		return m, creatorLines, errdef.Field("campaign", string(d.Campaign), ErrInvalid, "attribution: delta for another campaign than "+string(m.Campaign))
	}
	metrics, after, err := m.Metrics.add(d, creatorLines)
	if err != nil {
		return m, creatorLines, err
	}
	return CampaignMetrics{Campaign: d.Campaign, Agency: d.Agency, Metrics: metrics}, after, nil
}

// ProductKey identifies a product's metrics: a product in a campaign.
type ProductKey struct {
	Campaign campaign.ID
	Product  registration.ProductID
}

// ProductMetrics are the counters of one product in one campaign, with its
// total rate (fixed once approved) and its content counts (A3).
type ProductMetrics struct {
	Campaign  campaign.ID
	Agency    campaign.AgencyID
	Shop      campaign.ShopCode
	Product   registration.ProductID
	TotalRate commission.Rate
	Metrics
	Content ContentCounts
}

// Key returns the product's key.
func (m ProductMetrics) Key() ProductKey { return ProductKey{Campaign: m.Campaign, Product: m.Product} }

// Add returns m with d added; creatorLines is the creator's tally for this
// product, as for [CampaignMetrics.Add]. It returns the same errors.
func (m ProductMetrics) Add(d Delta, creatorLines int64) (ProductMetrics, int64, error) {
	k := ProductKey{Campaign: d.Campaign, Product: d.Product}
	if d.Campaign == "" || (m.Campaign != "" && m.Key() != k) {
		return m, creatorLines, errdef.Field("product", string(d.Product), ErrInvalid, "attribution: delta for another product than "+string(m.Product))
	}
	metrics, after, err := m.Metrics.add(d, creatorLines)
	if err != nil {
		return m, creatorLines, err
	}
	out := m
	out.Campaign, out.Agency, out.Shop, out.Product, out.TotalRate, out.Metrics = d.Campaign, d.Agency, d.Shop, d.Product, d.TotalRate, metrics
	return out, after, nil
}

// Totals are every campaign's and product's metrics.
type Totals struct {
	Campaigns map[campaign.ID]CampaignMetrics
	Products  map[ProductKey]ProductMetrics
}

// Recompute returns the metrics of lines computed from scratch, by summing
// their ledgers and counting distinct creators. It is the reference the
// incremental [CampaignMetrics.Add] and [ProductMetrics.Add] must equal; a
// service may also use it to rebuild counters. Content counts are not part
// of the ledger and are left zero.
func Recompute(lines []Line) (Totals, error) {
	tot := Totals{Campaigns: map[campaign.ID]CampaignMetrics{}, Products: map[ProductKey]ProductMetrics{}}
	type scoped struct {
		scope   ProductKey // Product empty for a campaign
		creator productlist.CreatorID
	}
	seen := map[scoped]bool{}
	for _, l := range lines {
		led := l.Ledger
		if !l.Attribution.OK() || led.Paid.Currency.IsZero() {
			continue
		}
		t := l.Attribution.Terms
		counted := led.Status == StatusPending || led.Status == StatusSettled
		sum := func(m *Metrics, scope ProductKey) error {
			if counted {
				m.PaidOrders++
				if k := (scoped{scope, t.Creator}); !seen[k] {
					seen[k] = true
					m.Creators++
				}
			}
			var err error
			for _, p := range []struct {
				dst *commission.Money
				v   commission.Money
			}{
				{&m.GMV, led.Owed.Base}, {&m.EstimatedCreator, led.Owed.Creator}, {&m.EstimatedAgency, led.Owed.Agency},
				{&m.SettledCreator, led.Posted.Creator}, {&m.SettledAgency, led.Posted.Agency},
			} {
				if *p.dst, err = plus(*p.dst, p.v); err != nil {
					return fmt.Errorf("attribution: recomputing %v: %w", scope, err)
				}
			}
			return nil
		}
		c := tot.Campaigns[t.Campaign]
		c.Campaign, c.Agency = t.Campaign, t.Agency
		if err := sum(&c.Metrics, ProductKey{Campaign: t.Campaign}); err != nil {
			return Totals{}, err
		}
		tot.Campaigns[t.Campaign] = c
		k := ProductKey{Campaign: t.Campaign, Product: t.Product}
		p := tot.Products[k]
		p.Campaign, p.Agency, p.Shop, p.Product, p.TotalRate = t.Campaign, t.Agency, t.Shop, t.Product, t.Split.Total
		if err := sum(&p.Metrics, k); err != nil {
			return Totals{}, err
		}
		tot.Products[k] = p
	}
	return tot, nil
}
