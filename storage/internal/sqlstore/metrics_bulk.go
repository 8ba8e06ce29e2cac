package sqlstore

import (
	"cmp"
	"maps"
	"slices"
	"strings"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/storage"
)

var _ storage.BulkMetrics = metrics{}

var (
	campaignMetricsCols = []col{{name: "campaign"}, {name: "agency"}, {name: "paid_orders", cast: "bigint"},
		{name: "gmv", cast: "numeric", null: true}, {name: "currency", null: true}, {name: "body"}}
	productMetricsCols = []col{{name: "campaign"}, {name: "product"}, {name: "agency"}, {name: "shop"},
		{name: "paid_orders", cast: "bigint"}, {name: "gmv", cast: "numeric", null: true}, {name: "currency", null: true}, {name: "body"}}
	tallyCols = []col{{name: "scope"}, {name: "creator"}, {name: "n", cast: "bigint"}}
)

// GetMany returns the stored metrics records among keys, with one
// statement per kind (a few more past a statement's parameter budget).
func (r metrics) GetMany(keys storage.MetricsKeys) (storage.MetricsSet, error) {
	set := storage.MetricsSet{
		Campaigns:    make(map[campaign.ID]attribution.CampaignMetrics, len(keys.Campaigns)),
		Products:     make(map[attribution.ProductKey]attribution.ProductMetrics, len(keys.Products)),
		CreatorLines: make(map[storage.CreatorTally]int64, len(keys.CreatorLines)),
	}
	if err := r.t.read(); err != nil {
		return set, err
	}
	var cs, ps, ts []any
	seenC := map[campaign.ID]bool{}
	for _, id := range keys.Campaigns {
		if err := r.t.key("campaign", string(id)); err != nil {
			return set, err
		}
		if !seenC[id] {
			seenC[id] = true
			cs = append(cs, string(id))
		}
	}
	seenP := map[attribution.ProductKey]bool{}
	for _, k := range keys.Products {
		if err := r.t.key("product key", string(k.Campaign), string(k.Product)); err != nil {
			return set, err
		}
		if !seenP[k] {
			seenP[k] = true
			ps = append(ps, string(k.Campaign), string(k.Product))
		}
	}
	seenT := map[storage.CreatorTally]bool{}
	for _, k := range keys.CreatorLines {
		if err := r.t.key("creator tally", k.Scope, string(k.Creator)); err != nil {
			return set, err
		}
		if !seenT[k] {
			seenT[k] = true
			ts = append(ts, k.Scope, string(k.Creator))
		}
	}
	if len(cs) > 0 {
		err := selectBodies(r.t, "get campaign metrics", "campaign_metrics", campaignMetricsCols[:1], cs,
			func(m attribution.CampaignMetrics) { set.Campaigns[m.Campaign] = m })
		if err != nil {
			return set, err
		}
	}
	if len(ps) > 0 {
		err := selectBodies(r.t, "get product metrics", "product_metrics", productMetricsCols[:2], ps,
			func(m attribution.ProductMetrics) { set.Products[m.Key()] = m })
		if err != nil {
			return set, err
		}
	}
	if len(ts) > 0 {
		err := r.t.selectIn("get creator lines", "scope, creator, n", "creator_lines", tallyCols[:2], ts, func(rows Rows) error {
			var scope, creator string
			var n int64
			if err := rows.Scan(&scope, &creator, &n); err != nil {
				return r.t.fail("get creator lines", err)
			}
			set.CreatorLines[storage.CreatorTally{Scope: scope, Creator: productlist.CreatorID(creator)}] = n
			return nil
		})
		if err != nil {
			return set, err
		}
	}
	return set, nil
}

// PutMany writes every record of set with one statement per kind (a few
// more past a statement's parameter budget), in key order. Every key and
// tally is checked before the first write.
func (r metrics) PutMany(set storage.MetricsSet) error {
	if err := r.t.write(); err != nil {
		return err
	}
	cids := slices.Sorted(maps.Keys(set.Campaigns))
	pks := slices.SortedFunc(maps.Keys(set.Products), compareProductKeys)
	tks := slices.SortedFunc(maps.Keys(set.CreatorLines), compareTallies)
	for _, id := range cids {
		if m := set.Campaigns[id]; m.Campaign != id {
			return r.t.invalid("campaign metrics key", id)
		}
		if err := r.t.key("campaign", string(id)); err != nil {
			return err
		}
	}
	for _, k := range pks {
		if m := set.Products[k]; m.Key() != k {
			return r.t.invalid("product metrics key", k)
		}
		if err := r.t.key("product key", string(k.Campaign), string(k.Product)); err != nil {
			return err
		}
	}
	for _, k := range tks {
		if err := r.t.key("creator tally", k.Scope, string(k.Creator)); err != nil {
			return err
		}
		if n := set.CreatorLines[k]; n < 0 {
			return r.t.invalid("creator tally", n)
		}
	}

	vals := make([]any, 0, len(cids)*len(campaignMetricsCols))
	for _, id := range cids {
		m := set.Campaigns[id]
		body, err := r.t.encode("put campaign metrics", m)
		if err != nil {
			return err
		}
		gmv, currency := money(m.GMV)
		vals = append(vals, string(m.Campaign), string(m.Agency), m.PaidOrders, gmv, currency, body)
	}
	if len(vals) > 0 {
		if _, err := r.t.insert("put campaign metrics", "campaign_metrics", campaignMetricsCols, vals,
			`ON CONFLICT (campaign) DO UPDATE SET agency = excluded.agency, paid_orders = excluded.paid_orders,
			gmv = excluded.gmv, currency = excluded.currency, body = excluded.body`); err != nil {
			return err
		}
	}
	vals = make([]any, 0, len(pks)*len(productMetricsCols))
	for _, k := range pks {
		m := set.Products[k]
		body, err := r.t.encode("put product metrics", m)
		if err != nil {
			return err
		}
		gmv, currency := money(m.GMV)
		vals = append(vals, string(m.Campaign), string(m.Product), string(m.Agency), string(m.Shop), m.PaidOrders, gmv, currency, body)
	}
	if len(vals) > 0 {
		if _, err := r.t.insert("put product metrics", "product_metrics", productMetricsCols, vals,
			`ON CONFLICT (campaign, product) DO UPDATE SET agency = excluded.agency, shop = excluded.shop,
			paid_orders = excluded.paid_orders, gmv = excluded.gmv, currency = excluded.currency, body = excluded.body`); err != nil {
			return err
		}
	}
	var gone, kept []any
	for _, k := range tks {
		if n := set.CreatorLines[k]; n == 0 {
			gone = append(gone, k.Scope, string(k.Creator))
		} else {
			kept = append(kept, k.Scope, string(k.Creator), n)
		}
	}
	if len(gone) > 0 {
		if err := r.t.deleteIn("set creator lines", "creator_lines", tallyCols[:2], gone); err != nil {
			return err
		}
	}
	if len(kept) > 0 {
		if _, err := r.t.insert("set creator lines", "creator_lines", tallyCols, kept,
			`ON CONFLICT (scope, creator) DO UPDATE SET n = excluded.n`); err != nil {
			return err
		}
	}
	return nil
}

func compareProductKeys(a, b attribution.ProductKey) int {
	return cmp.Or(strings.Compare(string(a.Campaign), string(b.Campaign)), strings.Compare(string(a.Product), string(b.Product)))
}

func compareTallies(a, b storage.CreatorTally) int {
	return cmp.Or(strings.Compare(a.Scope, b.Scope), strings.Compare(string(a.Creator), string(b.Creator)))
}

// selectBodies decodes the body of every row of table whose key columns
// cols are among keys, and hands each record to put.
func selectBodies[T any](t *Tx, op, table string, cols []col, keys []any, put func(T)) error {
	return t.selectIn(op, "body", table, cols, keys, func(rows Rows) error {
		var body string
		var v T
		if err := rows.Scan(&body); err != nil {
			return t.fail(op, err)
		}
		if err := decode(body, &v); err != nil {
			return t.fail(op, err)
		}
		put(v)
		return nil
	})
}
