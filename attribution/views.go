package attribution

import (
	"cmp"
	"slices"
	"time"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
)

// The views (A4) are separate types so a party cannot be handed what it
// must not see: a SellerOrder or SellerProduct has no field for a creator
// or a creator's amounts; a CreatorOrder has the creator's rate and amounts
// only; agency views keep only the agency's own campaigns.

// SellerOrder is a seller's view of one of its order lines: product-level,
// with the total commission it pays and no creator.
type SellerOrder struct {
	Key      LineKey
	Campaign campaign.ID
	Product  registration.ProductID
	Status   Status
	PaidAt   time.Time
	// Base is the base the commission is owed on: the net base (paid
	// minus refunds), zero once the line is void.
	Base commission.Money
	// Commission is the total commission owed on the line (estimated while
	// pending).
	Commission commission.Money
}

// SellerProduct is a seller's view of a product's metrics: aggregates only.
type SellerProduct struct {
	Campaign            campaign.ID
	Product             registration.ProductID
	TotalRate           commission.Rate
	PaidOrders          int64
	Creators            int64
	GMV                 commission.Money
	EstimatedCommission commission.Money
	SettledCommission   commission.Money
	Content             ContentCounts
}

// CreatorOrder is a creator's view of one of its own order lines: its rate
// and its commission, never the total or agency rate or amounts (K1).
type CreatorOrder struct {
	Key      LineKey
	Campaign campaign.ID
	Product  registration.ProductID
	Status   Status
	// Reason says why the line earns nothing when Status is
	// StatusUnattributed.
	Reason Reason
	PaidAt time.Time
	Rate   commission.Rate
	Base   commission.Money
	// Commission is owed now (estimated while pending); Settled is posted.
	Commission, Settled commission.Money
}

// AgencyOrder is an agency's view of an order line of one of its
// campaigns: everything, including the creator and the full ledger.
type AgencyOrder struct {
	Key     LineKey
	Creator productlist.CreatorID
	// PaidAt is the time of the line's payment.
	PaidAt time.Time
	// Terms are those the line was attributed under: campaign, product,
	// list entry, rate version and split (K3, P6).
	Terms Terms
	// Ledger is the line's whole ledger: status, amounts and entries.
	Ledger Ledger
}

// paidAt returns the time of l's paid event, and false if it has none.
func paidAt(l Line) (time.Time, bool) {
	for _, e := range l.Events {
		if e.Kind == Paid {
			return e.At, true
		}
	}
	return time.Time{}, false
}

func byPaidAt(a, b time.Time, ka, kb LineKey) int {
	if c := a.Compare(b); c != 0 {
		return c
	}
	return cmp.Or(cmp.Compare(ka.Order, kb.Order), cmp.Compare(ka.Line, kb.Line))
}

// SellerOrders returns the seller view of the paid, attributed lines of
// shop, ordered by payment time then key.
func SellerOrders(shop campaign.ShopCode, lines []Line) []SellerOrder {
	var out []SellerOrder
	for _, l := range lines {
		at, ok := paidAt(l)
		if !ok || !l.Attribution.OK() || l.Attribution.Terms.Shop != shop {
			continue
		}
		t := l.Attribution.Terms
		out = append(out, SellerOrder{Key: l.Key, Campaign: t.Campaign, Product: t.Product, Status: l.Ledger.Status,
			PaidAt: at, Base: l.Ledger.Owed.Base, Commission: l.Ledger.Owed.Total})
	}
	slices.SortFunc(out, func(a, b SellerOrder) int { return byPaidAt(a.PaidAt, b.PaidAt, a.Key, b.Key) })
	return out
}

// SellerProducts returns the seller view of the metrics of shop's products,
// in the order of ps.
func SellerProducts(shop campaign.ShopCode, ps []ProductMetrics) []SellerProduct {
	var out []SellerProduct
	for _, p := range ps {
		if p.Shop != shop {
			continue
		}
		est, _ := plus(p.EstimatedCreator, p.EstimatedAgency) // one product, one currency
		set, _ := plus(p.SettledCreator, p.SettledAgency)
		out = append(out, SellerProduct{Campaign: p.Campaign, Product: p.Product, TotalRate: p.TotalRate,
			PaidOrders: p.PaidOrders, Creators: p.Creators, GMV: p.GMV, EstimatedCommission: est,
			SettledCommission: set, Content: p.Content})
	}
	return out
}

// CreatorOrders returns the creator view of creator's own paid lines,
// attributed or not, ordered by payment time then key.
func CreatorOrders(creator productlist.CreatorID, lines []Line) []CreatorOrder {
	var out []CreatorOrder
	for _, l := range lines {
		at, ok := paidAt(l)
		if !ok || l.Creator != creator {
			continue
		}
		t := l.Attribution.Terms
		out = append(out, CreatorOrder{Key: l.Key, Campaign: t.Campaign, Product: t.Product, Status: l.Ledger.Status,
			Reason: l.Attribution.Reason, PaidAt: at, Rate: t.Split.Creator, Base: l.Ledger.Owed.Base,
			Commission: l.Ledger.Owed.Creator, Settled: l.Ledger.Posted.Creator})
	}
	slices.SortFunc(out, func(a, b CreatorOrder) int { return byPaidAt(a.PaidAt, b.PaidAt, a.Key, b.Key) })
	return out
}

// AgencyOrders returns the lines of agency's campaigns with a paid event,
// ordered by payment time then key.
func AgencyOrders(agency campaign.AgencyID, lines []Line) []AgencyOrder {
	var out []AgencyOrder
	for _, l := range lines {
		at, ok := paidAt(l)
		if !ok || !l.Attribution.OK() || l.Attribution.Terms.Agency != agency {
			continue
		}
		out = append(out, AgencyOrder{Key: l.Key, Creator: l.Creator, PaidAt: at, Terms: l.Attribution.Terms, Ledger: l.Ledger})
	}
	slices.SortFunc(out, func(a, b AgencyOrder) int { return byPaidAt(a.PaidAt, b.PaidAt, a.Key, b.Key) })
	return out
}

// AgencyCampaigns returns the metrics of agency's own campaigns, in the
// order of ms.
func AgencyCampaigns(agency campaign.AgencyID, ms []CampaignMetrics) []CampaignMetrics {
	var out []CampaignMetrics
	for _, m := range ms {
		if m.Agency == agency {
			out = append(out, m)
		}
	}
	return out
}

// AgencyProducts returns the metrics of the products of agency's own
// campaigns, in the order of ps.
func AgencyProducts(agency campaign.AgencyID, ps []ProductMetrics) []ProductMetrics {
	var out []ProductMetrics
	for _, p := range ps {
		if p.Agency == agency {
			out = append(out, p)
		}
	}
	return out
}
