package storagetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
)

// metricsSetBased: storage.GetMetrics and PutMetrics (through the
// backend's BulkMetrics, if it has one) do what the single forms do for
// each record (A2), past one statement's parameter budget.
func metricsSetBased(t *testing.T, s storage.Store) {
	set := storage.MetricsSet{
		Campaigns:    map[campaign.ID]attribution.CampaignMetrics{},
		Products:     map[attribution.ProductKey]attribution.ProductMetrics{},
		CreatorLines: map[storage.CreatorTally]int64{},
	}
	var keys storage.MetricsKeys
	for i := range 3 {
		id := campaign.ID(fmt.Sprintf("c-%d", i))
		set.Campaigns[id] = attribution.CampaignMetrics{Campaign: id, Agency: "ag-1", Metrics: attribution.Metrics{
			PaidOrders: int64(i + 1), Creators: 1, GMV: money(fmt.Sprintf("%d.99", i)), EstimatedCreator: money("1.00"),
		}}
		keys.Campaigns = append(keys.Campaigns, id)
	}
	for i := range 300 {
		pm := attribution.ProductMetrics{
			Campaign: campaign.ID(fmt.Sprintf("c-%d", i%3)), Agency: "ag-1", Shop: shopCode(i % 7),
			Product: registration.ProductID(fmt.Sprintf("p-%03d", i)), TotalRate: 1500,
			Metrics: attribution.Metrics{PaidOrders: int64(i), GMV: money(fmt.Sprintf("%d.25", i))},
		}
		set.Products[pm.Key()] = pm
		keys.Products = append(keys.Products, pm.Key())
		k := storage.CreatorTally{Scope: string(pm.Campaign) + "/" + string(pm.Product), Creator: productlist.CreatorID(fmt.Sprintf("cr-%d", i%5))}
		set.CreatorLines[k] = int64(i + 1)
		keys.CreatorLines = append(keys.CreatorLines, k)
	}
	update(t, s, func(tx storage.Tx) error { return storage.PutMetrics(tx.Metrics(), set) })

	// Change some, remove a tally (0), and ask for absent keys and repeats.
	next := storage.MetricsSet{
		Campaigns:    map[campaign.ID]attribution.CampaignMetrics{"c-1": set.Campaigns["c-1"]},
		Products:     map[attribution.ProductKey]attribution.ProductMetrics{},
		CreatorLines: map[storage.CreatorTally]int64{keys.CreatorLines[0]: 0, keys.CreatorLines[1]: 77},
	}
	c1 := next.Campaigns["c-1"]
	c1.PaidOrders = 42
	next.Campaigns["c-1"], set.Campaigns["c-1"] = c1, c1
	p := set.Products[keys.Products[5]]
	p.PaidOrders = 500
	next.Products[p.Key()], set.Products[p.Key()] = p, p
	delete(set.CreatorLines, keys.CreatorLines[0])
	set.CreatorLines[keys.CreatorLines[1]] = 77
	update(t, s, func(tx storage.Tx) error { return storage.PutMetrics(tx.Metrics(), next) })

	keys.Campaigns = append(keys.Campaigns, "c-none", "c-1")
	keys.Products = append(keys.Products, attribution.ProductKey{Campaign: "c-0", Product: "p-none"}, keys.Products[0])
	keys.CreatorLines = append(keys.CreatorLines, storage.CreatorTally{Scope: "c-0", Creator: "cr-none"}, keys.CreatorLines[2])
	view(t, s, func(tx storage.Tx) error {
		got, err := storage.GetMetrics(tx.Metrics(), keys)
		wantErr(t, "GetMetrics", err, nil)
		diff(t, "GetMetrics", set, got)
		one, err := tx.Metrics().Product(p.Key())
		wantErr(t, "Product", err, nil)
		diff(t, "Product after PutMetrics", p, one)
		n, err := tx.Metrics().CreatorLines(keys.CreatorLines[0].Scope, keys.CreatorLines[0].Creator)
		wantErr(t, "CreatorLines of a removed tally", err, nil)
		diff(t, "CreatorLines of a removed tally", int64(0), n)
		return nil
	})

	// A record under another key than its own is invalid.
	for name, set := range map[string]storage.MetricsSet{
		"campaign": {Campaigns: map[campaign.ID]attribution.CampaignMetrics{"c-8": {Campaign: "c-7", Agency: "ag-1"}}},
		"product": {Products: map[attribution.ProductKey]attribution.ProductMetrics{
			{Campaign: "c-8", Product: "p-1"}: {Campaign: "c-8", Product: "p-2", Agency: "ag-1", Shop: shopCode(1)}}},
	} {
		err := s.Update(context.Background(), func(tx storage.Tx) error { return storage.PutMetrics(tx.Metrics(), set) })
		wantErr(t, "PutMetrics of "+name+" metrics under another key", err, storage.ErrInvalid)
	}

	// A write error leaves nothing behind once the caller gives up.
	bad := storage.MetricsSet{Campaigns: map[campaign.ID]attribution.CampaignMetrics{"c-9": {Campaign: "c-9", Agency: "ag-1"}},
		CreatorLines: map[storage.CreatorTally]int64{{Scope: "c-9", Creator: "cr-1"}: -1}}
	err := s.Update(context.Background(), func(tx storage.Tx) error { return storage.PutMetrics(tx.Metrics(), bad) })
	wantErr(t, "PutMetrics of a negative tally", err, storage.ErrInvalid)
	view(t, s, func(tx storage.Tx) error {
		_, err := tx.Metrics().Campaign("c-9")
		wantErr(t, "Campaign of a refused set", err, storage.ErrNotFound)
		return nil
	})
}
