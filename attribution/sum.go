package attribution

import (
	"fmt"

	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
)

// CampaignSum is a campaign's metrics being added to, for a caller that
// adds many deltas before it stores the result, such as a batch of
// ingested events. Amounts at their currency's scale are summed in int64
// minor units, so [CampaignSum.Add] allocates nothing where
// [CampaignMetrics.Add] allocates every amount it changes;
// [CampaignSum.Metrics] returns exactly what adding the same deltas one by
// one with CampaignMetrics.Add would (values and exponents). Get one with
// [CampaignMetrics.Sum]; the zero CampaignSum is the sum of zero metrics.
type CampaignSum struct {
	m   CampaignMetrics
	sum metricsSum
}

// Sum returns a CampaignSum starting at m.
func (m CampaignMetrics) Sum() CampaignSum { return CampaignSum{m: m, sum: newMetricsSum(m.Metrics)} }

// Add adds d, as [CampaignMetrics.Add] does: creatorLines is the creator's
// tally before, and Add returns the tally after. It returns the same
// errors, and then leaves s unchanged.
func (s *CampaignSum) Add(d Delta, creatorLines int64) (int64, error) {
	if d.Campaign == "" || (s.m.Campaign != "" && s.m.Campaign != d.Campaign) {
		return creatorLines, errdef.Field("campaign", string(d.Campaign), ErrInvalid, "attribution: delta for another campaign than "+string(s.m.Campaign))
	}
	after, err := s.sum.add(d, creatorLines)
	if err != nil {
		return creatorLines, err
	}
	s.m.Campaign, s.m.Agency = d.Campaign, d.Agency
	return after, nil
}

// Metrics returns the campaign's metrics with every delta added.
func (s *CampaignSum) Metrics() CampaignMetrics {
	m := s.m
	m.Metrics = s.sum.metrics()
	return m
}

// ProductSum is [CampaignSum] for a product's metrics: get one with
// [ProductMetrics.Sum]; [ProductSum.Metrics] returns exactly what
// [ProductMetrics.Add] one delta at a time would.
type ProductSum struct {
	m   ProductMetrics
	sum metricsSum
}

// Sum returns a ProductSum starting at m.
func (m ProductMetrics) Sum() ProductSum { return ProductSum{m: m, sum: newMetricsSum(m.Metrics)} }

// Add adds d, as [ProductMetrics.Add] does, with the same tally and
// errors; on error s is unchanged.
func (s *ProductSum) Add(d Delta, creatorLines int64) (int64, error) {
	k := ProductKey{Campaign: d.Campaign, Product: d.Product}
	if d.Campaign == "" || (s.m.Campaign != "" && s.m.Key() != k) {
		return creatorLines, errdef.Field("product", string(d.Product), ErrInvalid, "attribution: delta for another product than "+string(s.m.Product))
	}
	after, err := s.sum.add(d, creatorLines)
	if err != nil {
		return creatorLines, err
	}
	s.m.Campaign, s.m.Agency, s.m.Shop, s.m.Product, s.m.TotalRate = d.Campaign, d.Agency, d.Shop, d.Product, d.TotalRate
	return after, nil
}

// Metrics returns the product's metrics with every delta added.
func (s *ProductSum) Metrics() ProductMetrics {
	m := s.m
	m.Metrics = s.sum.metrics()
	return m
}

// metricsSum is Metrics being added to: counts as they are, amounts as
// moneySums.
type metricsSum struct {
	paidOrders, creators int64
	amounts              [5]moneySum // GMV, estimated and settled creator and agency
}

func newMetricsSum(m Metrics) metricsSum {
	return metricsSum{paidOrders: m.PaidOrders, creators: m.Creators, amounts: [5]moneySum{
		{base: m.GMV}, {base: m.EstimatedCreator}, {base: m.EstimatedAgency}, {base: m.SettledCreator}, {base: m.SettledAgency},
	}}
}

// add is Metrics.add on the sum; on error s is unchanged.
func (s *metricsSum) add(d Delta, creatorLines int64) (int64, error) {
	after := creatorLines + d.CreatorLines
	if creatorLines < 0 || after < 0 {
		return creatorLines, errdef.Field("creator_lines", creatorLines, ErrInvalid,
			fmt.Sprintf("attribution: creator %q would have %d lines", d.Creator, after))
	}
	amounts := s.amounts
	for i, v := range [5]commission.Money{d.GMV, d.EstimatedCreator, d.EstimatedAgency, d.SettledCreator, d.SettledAgency} {
		if err := amounts[i].add(v); err != nil {
			return creatorLines, fmt.Errorf("attribution: adding metrics: %w", err)
		}
	}
	s.amounts = amounts
	s.paidOrders += d.PaidOrders
	switch {
	case creatorLines == 0 && after > 0:
		s.creators++
	case creatorLines > 0 && after == 0:
		s.creators--
	}
	return after, nil
}

func (s *metricsSum) metrics() Metrics {
	return Metrics{PaidOrders: s.paidOrders, Creators: s.creators, GMV: s.amounts[0].value(),
		EstimatedCreator: s.amounts[1].value(), EstimatedAgency: s.amounts[2].value(),
		SettledCreator: s.amounts[3].value(), SettledAgency: s.amounts[4].value()}
}

// moneySum is an amount being added to with plus: base, plus pending minor
// units of cur when any addend with a currency was folded into pending.
// Folding is exact: plus(base, FromMinor(pending, cur)) is what adding the
// folded addends one by one gives, exponent included, because each was at
// cur's scale and in base's currency (or base had none).
type moneySum struct {
	base    commission.Money
	pending int64
	any     bool
	cur     commission.Currency
}

// maxPending bounds pending: far from overflow, as every addend is below
// 10^18 in magnitude (minor.Units).
const maxPending = 1 << 62

// add adds b as plus(s, b) would; on error s is unchanged.
func (s *moneySum) add(b commission.Money) error {
	if b.Currency.IsZero() {
		return nil // plus leaves the sum as it is
	}
	if u, ok := units(b); ok && (!s.any || s.cur == b.Currency) && (s.base.Currency.IsZero() || s.base.Currency == b.Currency) {
		if p := s.pending + u; p > -maxPending && p < maxPending {
			s.pending, s.any, s.cur = p, true, b.Currency
			return nil
		}
	}
	v, err := plus(s.value(), b) // the exact path
	if err != nil {
		return err
	}
	*s = moneySum{base: v}
	return nil
}

// value returns the sum.
func (s *moneySum) value() commission.Money {
	if !s.any {
		return s.base
	}
	v, _ := plus(s.base, commission.FromMinor(s.pending, s.cur)) // cannot fail: add keeps them in one currency
	return v
}
