package storagetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
)

// exactOpts compares a reloaded value with the one stored as the
// subtests of this file need: decimals by coefficient and exponent (USD
// 100.00 is not 100, which the int64 fast path cannot take as cents),
// times by instant (a SQL backend may give the same instant in another
// zone), currencies with ==, and nil slices and maps equal to empty ones.
// Money and events are compared field by field, not by their Equal
// methods, which compare amounts by value.
var exactOpts = cmp.Options{
	cmp.Transformer("fields", func(m commission.Money) plainMoney { return plainMoney(m) }),
	cmp.Transformer("fields", func(e attribution.Event) plainEvent { return plainEvent(e) }),
	cmp.Comparer(func(a, b decimal.Decimal) bool {
		return a.Exponent() == b.Exponent() && a.Coefficient().Cmp(b.Coefficient()) == 0
	}),
	cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }),
	cmp.Comparer(func(a, b commission.Currency) bool { return a == b }),
	cmpopts.EquateEmpty(),
}

// plainMoney and plainEvent are Money and Event without their Equal
// methods, which cmp would otherwise call.
type (
	plainMoney commission.Money
	plainEvent attribution.Event
)

// diffExact fails t if got differs from want under exactOpts.
func diffExact(t testing.TB, what string, want, got any) {
	t.Helper()
	if d := cmp.Diff(want, got, exactOpts); d != "" {
		t.Errorf("%s mismatch, exponents and instants compared (-want +got):\n%s", what, d)
	}
}

// zones are the zones the suite gives stored times in: ordinary ones, and
// offsets RFC 3339 cannot write (with seconds, as the local mean time of
// old dates has; a day or more).
var zones = []*time.Location{
	time.UTC,
	time.FixedZone("PDT", -7*3600),
	time.FixedZone("IST", 5*3600+30*60),
	time.FixedZone("LMT", 5*3600+30*60+17),
	time.FixedZone("LMT-", -(3600 + 1)),
	time.FixedZone("day", 25*3600),
}

// amount returns a Money of d in the currency with ISO code code.
func amount(d decimal.Decimal, code string) commission.Money {
	return commission.Money{Amount: d, Currency: commission.MustParseCurrency(code)}
}

// putHalves stores the first half of ls with Put, the rest with PutMany
// (the set-based path, COPY on PostgreSQL).
func putHalves(t *testing.T, s storage.Store, ls []attribution.Line) {
	t.Helper()
	update(t, s, func(tx storage.Tx) error {
		for _, l := range ls[:len(ls)/2] {
			if err := tx.Orders().Put(l); err != nil {
				return err
			}
		}
		return storage.PutMany(tx.Orders(), ls[len(ls)/2:])
	})
}

// orderTimesKeepInstant: A1, a line's times reload as the instants
// stored whatever their zone, an offset with seconds included, so an
// event sent again unchanged is a duplicate of its stored self, not a
// conflict, and the line puts again as it is.
func orderTimesKeepInstant(t *testing.T, s storage.Store) {
	tm := terms("c-1", "ag-1", shopCode(1), "alice")
	var ls []attribution.Line
	for i, z := range zones {
		k := lineKey(fmt.Sprintf("o-zone-%d", i))
		placed := now.Add(-time.Hour + 123456789).In(z)
		p := paid(attribution.EventID(fmt.Sprintf("ev-zone-%d-paid", i)), k, "alice", now.In(z), "20.00")
		p.Placed = placed
		settled := attribution.Event{ID: attribution.EventID(fmt.Sprintf("ev-zone-%d-settled", i)), Kind: attribution.Settled,
			Order: k.Order, Line: k.Line, Creator: "alice", Entry: "entry-1", At: now.Add(2*time.Hour + 987654321).In(z), Placed: placed}
		ls = append(ls, newLine(t, tm, p, settled))
	}
	putHalves(t, s, ls)
	check := func(when string) {
		t.Helper()
		view(t, s, func(tx storage.Tx) error {
			for i, l := range ls {
				got, err := tx.Orders().Get(l.Key)
				wantErr(t, "Get", err, nil)
				diffExact(t, fmt.Sprintf("%s: Get of the line in zone %v", when, zones[i]), l, got)
				for _, ev := range l.Events {
					_, ch, err := attribution.Apply(got, ev, got.Attribution, now)
					if err != nil || !ch.Duplicate {
						t.Errorf("%s: zone %v: Apply(stored line, %s again) = duplicate %v, %v; want a duplicate (A1)",
							when, zones[i], ev.ID, ch.Duplicate, err)
					}
				}
			}
			return nil
		})
	}
	check("after Put")
	update(t, s, func(tx storage.Tx) error {
		got, err := storage.GetMany(tx.Orders(), []attribution.LineKey{ls[0].Key, ls[3].Key})
		if err != nil {
			return err
		}
		for _, k := range []attribution.LineKey{ls[0].Key, ls[3].Key} {
			if err := tx.Orders().Put(got[k]); err != nil {
				return err
			}
		}
		return storage.PutMany(tx.Orders(), ls)
	})
	check("after putting the lines again")
}

// orderAmountsKeepExponent: a line reloads with every amount (events,
// paid, refunded, owed, posted, entries) as stored, exponent included:
// USD 100.00 as 10000e-2, not 100, and amounts of other exponents as
// given (a backend reloads what it stored, not a value equal to it).
func orderAmountsKeepExponent(t *testing.T, s storage.Store) {
	tm := terms("c-1", "ag-1", shopCode(1), "alice")
	var ls []attribution.Line
	for i, c := range []struct {
		code         string
		paid, refund decimal.Decimal
	}{
		{"USD", decimal.New(10000, -2), decimal.New(4000, -2)},
		{"KWD", decimal.New(10500, -3), decimal.New(500, -3)},
		{"JPY", decimal.New(1000, 0), decimal.New(100, 0)},
		{"JPY", decimal.New(15, 2), decimal.New(1, 2)},
		{"USD", decimal.New(5000, -3), decimal.New(10, -1)},
		{"USD", decimal.New(5, 0), decimal.New(1, 0)},
	} {
		k := lineKey(fmt.Sprintf("o-exp-%d", i))
		p := paid(attribution.EventID(fmt.Sprintf("ev-exp-%d-paid", i)), k, "alice", now, "1.00")
		p.Amount = amount(c.paid, c.code)
		r := attribution.Event{ID: attribution.EventID(fmt.Sprintf("ev-exp-%d-refund", i)), Kind: attribution.Refunded,
			Order: k.Order, Line: k.Line, Creator: "alice", Entry: "entry-1", Amount: amount(c.refund, c.code), At: now.Add(time.Hour)}
		settled := attribution.Event{ID: attribution.EventID(fmt.Sprintf("ev-exp-%d-settled", i)), Kind: attribution.Settled,
			Order: k.Order, Line: k.Line, Creator: "alice", Entry: "entry-1", At: now.Add(2 * time.Hour)}
		late := attribution.Event{ID: attribution.EventID(fmt.Sprintf("ev-exp-%d-late", i)), Kind: attribution.Refunded,
			Order: k.Order, Line: k.Line, Creator: "alice", Entry: "entry-1", Amount: amount(c.refund, c.code), At: now.Add(3 * time.Hour)}
		ls = append(ls, newLine(t, tm, p, r, settled, late))
	}
	if e := ls[0].Ledger.Paid.Amount.Exponent(); e != -2 {
		t.Fatalf("USD 100.00 paid: ledger exponent %d, want -2", e)
	}
	putHalves(t, s, ls)
	view(t, s, func(tx storage.Tx) error {
		keys := make([]attribution.LineKey, len(ls))
		for i, l := range ls {
			keys[i] = l.Key
			got, err := tx.Orders().Get(l.Key)
			wantErr(t, "Get", err, nil)
			diffExact(t, fmt.Sprintf("Get of the line paid %v", l.Ledger.Paid), l, got)
		}
		got, err := storage.GetMany(tx.Orders(), keys)
		wantErr(t, "GetMany", err, nil)
		for _, l := range ls {
			diffExact(t, fmt.Sprintf("GetMany of the line paid %v", l.Ledger.Paid), l, got[l.Key])
		}
		return nil
	})
}

// metricsAmountsKeepExponent: campaign and product metrics reload with
// every amount as stored, exponent included, through the single and the
// set-based forms (A2).
func metricsAmountsKeepExponent(t *testing.T, s storage.Store) {
	metrics := func(code string, ds ...decimal.Decimal) attribution.Metrics {
		return attribution.Metrics{PaidOrders: 2, Creators: 1, GMV: amount(ds[0], code), EstimatedCreator: amount(ds[1], code),
			EstimatedAgency: amount(ds[2], code), SettledCreator: amount(ds[3], code), SettledAgency: amount(ds[4], code)}
	}
	usd := metrics("USD", decimal.New(10000, -2), decimal.New(1500, -2), decimal.New(50, -1), decimal.New(15, 2), decimal.New(0, -2))
	kwd := metrics("KWD", decimal.New(10500, -3), decimal.New(1000, -3), decimal.New(-500, -3), decimal.New(0, -3), decimal.New(7, 0))
	set := storage.MetricsSet{
		Campaigns: map[campaign.ID]attribution.CampaignMetrics{
			"c-usd": {Campaign: "c-usd", Agency: "ag-1", Metrics: usd}, "c-kwd": {Campaign: "c-kwd", Agency: "ag-1", Metrics: kwd}},
		Products: map[attribution.ProductKey]attribution.ProductMetrics{},
	}
	for i, m := range []attribution.Metrics{usd, kwd, usd} {
		pm := attribution.ProductMetrics{Campaign: "c-usd", Agency: "ag-1", Shop: shopCode(i),
			Product: registration.ProductID(fmt.Sprintf("p-%d", i)), TotalRate: 1500, Metrics: m}
		set.Products[pm.Key()] = pm
	}
	var keys storage.MetricsKeys
	update(t, s, func(tx storage.Tx) error {
		for id, m := range set.Campaigns {
			keys.Campaigns = append(keys.Campaigns, id)
			if err := tx.Metrics().PutCampaign(m); err != nil {
				return err
			}
		}
		for k, m := range set.Products {
			keys.Products = append(keys.Products, k)
			if err := tx.Metrics().PutProduct(m); err != nil {
				return err
			}
		}
		return nil
	})
	check := func(when string) {
		t.Helper()
		view(t, s, func(tx storage.Tx) error {
			for id, m := range set.Campaigns {
				got, err := tx.Metrics().Campaign(id)
				wantErr(t, "Campaign", err, nil)
				diffExact(t, when+": Campaign "+string(id), m, got)
			}
			for k, m := range set.Products {
				got, err := tx.Metrics().Product(k)
				wantErr(t, "Product", err, nil)
				diffExact(t, when+": Product "+string(k.Product), m, got)
			}
			got, err := storage.GetMetrics(tx.Metrics(), keys)
			wantErr(t, "GetMetrics", err, nil)
			diffExact(t, when+": GetMetrics", set, got)
			return nil
		})
	}
	check("after PutCampaign and PutProduct")
	for id, m := range set.Campaigns {
		m.PaidOrders++
		set.Campaigns[id] = m
	}
	update(t, s, func(tx storage.Tx) error { return storage.PutMetrics(tx.Metrics(), set) })
	check("after PutMetrics")
}

// recordTimesKeepInstant: every record's times reload as the instants
// stored, whatever their zone, an offset with seconds included.
func recordTimesKeepInstant(t *testing.T, s storage.Store) {
	for i, z := range zones {
		at := now.Add(time.Duration(i)*time.Minute + 123456789).In(z)
		in := func(d time.Duration) time.Time { return at.Add(d) }
		agency := campaign.AgencyID(fmt.Sprintf("ag-zone-%d", i))
		o := campaign.NewOnboarding(agency, now)
		o.UpdatedAt = at
		c := withPending(newCampaign(campaign.ID(fmt.Sprintf("c-zone-%d", i)), agency, 0), 1)
		c.CreatedAt, c.UpdatedAt, c.PublishedAt = at, in(time.Second), in(time.Minute)
		c.Details.Registration = campaign.Period{Start: in(time.Hour), End: in(24 * time.Hour)}
		c.Details.Period = campaign.Period{Start: in(time.Hour), End: in(48 * time.Hour)}
		c.Pending.RequestedAt, c.Pending.AppliesAt = in(time.Minute), in(time.Minute+campaign.EditDelay)
		g := newRegistration(registration.ID(fmt.Sprintf("r-zone-%d", i)), c.ID, agency, shopCode(i), "p-1")
		g.CreatedAt, g.UpdatedAt, g.DecidedAt, g.ApprovedAt = at, in(1), in(2), in(3)
		l := newList(productlist.ListID(fmt.Sprintf("l-zone-%d", i)), agency, "zones", 2)
		l.Created, l.Updated = at, in(time.Hour)
		for k := range l.Entries {
			l.Entries[k].Added = in(time.Duration(k))
			l.Entries[k].Rates = productlist.NewRateHistory(1200, in(time.Duration(k)+time.Minute))
		}
		sc := productlist.Showcase{Creator: productlist.CreatorID(fmt.Sprintf("creator-zone-%d", i)), Entries: []productlist.ShowcaseEntry{{
			Shop: shopCode(1), Product: "p-1", Title: "Serum",
			Terms: []productlist.Terms{{Effective: at, Agency: agency, Campaign: c.ID, Registration: g.ID, Via: productlist.LinkList,
				List: l.ID, EntryAdded: in(-time.Hour), RateVersion: 1, Rate: 1000}},
		}}}
		msg := storage.Message{Kind: "registration.approved", Key: string(g.ID), Payload: []byte(`{}`), At: at}
		update(t, s, func(tx storage.Tx) error {
			if err := tx.Agencies().Put(o); err != nil {
				return err
			}
			if err := tx.Campaigns().Create(c); err != nil {
				return err
			}
			if err := tx.Registrations().Create(g); err != nil {
				return err
			}
			if err := tx.Lists().Create(l); err != nil {
				return err
			}
			if err := tx.Showcases().Put(sc); err != nil {
				return err
			}
			got, err := tx.Outbox().Append(msg)
			if err == nil {
				msg.Seq = got[0].Seq
			}
			return err
		})
		view(t, s, func(tx storage.Tx) error {
			in := fmt.Sprintf(" in zone %v", z)
			gotO, err := tx.Agencies().Get(agency)
			wantErr(t, "Agencies().Get", err, nil)
			diffExact(t, "onboarding"+in, o, gotO)
			gotC, err := tx.Campaigns().Get(c.ID)
			wantErr(t, "Campaigns().Get", err, nil)
			diffExact(t, "campaign"+in, c, gotC)
			gotG, err := tx.Registrations().Get(g.ID)
			wantErr(t, "Registrations().Get", err, nil)
			diffExact(t, "registration"+in, g, gotG)
			gotL, err := tx.Lists().Get(l.ID)
			wantErr(t, "Lists().Get", err, nil)
			diffExact(t, "list"+in, l, gotL)
			gotS, err := tx.Showcases().Get(sc.Creator)
			wantErr(t, "Showcases().Get", err, nil)
			diffExact(t, "showcase"+in, sc, gotS)
			gotM, err := tx.Outbox().Read(msg.Seq-1, 1)
			wantErr(t, "Outbox().Read", err, nil)
			diffExact(t, "outbox message"+in, []storage.Message{msg}, gotM)
			return nil
		})
	}
}

// listPricesKeepExponent: a list reloads with its products' prices as
// stored, exponent included.
func listPricesKeepExponent(t *testing.T, s storage.Store) {
	l := newList("l-prices", "ag-1", "prices", 4)
	for k, p := range []commission.Money{amount(decimal.New(1250, -2), "USD"), amount(decimal.New(1000, 0), "JPY"),
		amount(decimal.New(15, 2), "JPY"), amount(decimal.New(2500, -3), "KWD")} {
		l.Entries[k].Product.Price = p
	}
	update(t, s, func(tx storage.Tx) error { return tx.Lists().Create(l) })
	view(t, s, func(tx storage.Tx) error {
		got, err := tx.Lists().Get(l.ID)
		wantErr(t, "Get", err, nil)
		diffExact(t, "Get", l, got)
		return nil
	})
}

// registrationPricesKeepExponent: a registration reloads, by Get and by
// List, created and after an update, with the price it was stored with,
// exponent included (12.50 stays 12.50), and one without a price reloads
// with none.
func registrationPricesKeepExponent(t *testing.T, s storage.Store) {
	var want []registration.Registration
	for i, p := range []commission.Money{amount(decimal.New(1250, -2), "USD"), amount(decimal.New(1000, 0), "JPY"),
		amount(decimal.New(15, 2), "JPY"), amount(decimal.New(2500, -3), "KWD"), {}} {
		r := newRegistration(registration.ID(fmt.Sprintf("r-price-%d", i)), "c-prices", "ag-1", shopCode(i), registration.ProductID(fmt.Sprintf("p-%d", i)))
		r.Price = p
		want = append(want, r)
	}
	update(t, s, func(tx storage.Tx) error {
		for _, r := range want {
			if err := tx.Registrations().Create(r); err != nil {
				return err
			}
		}
		return nil
	})
	check := func(when string) {
		t.Helper()
		view(t, s, func(tx storage.Tx) error {
			for _, r := range want {
				got, err := tx.Registrations().Get(r.ID)
				wantErr(t, "Get", err, nil)
				diffExact(t, "Get "+when, r, got)
			}
			got, _, err := tx.Registrations().List(storage.RegistrationQuery{Campaign: "c-prices"}, storage.Page{Limit: storage.MaxLimit})
			wantErr(t, "List", err, nil)
			diffExact(t, "List "+when, want, got)
			return nil
		})
	}
	check("after Create")
	update(t, s, func(tx storage.Tx) error {
		for i := range want {
			want[i].State, want[i].UpdatedAt = registration.Approved, now.Add(time.Minute)
			if err := tx.Registrations().Update(want[i]); err != nil {
				return err
			}
		}
		return nil
	})
	check("after Update")
}
