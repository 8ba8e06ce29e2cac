package storagetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
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
