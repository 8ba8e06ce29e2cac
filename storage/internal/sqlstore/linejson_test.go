package sqlstore

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/storage"
)

// sampleLines returns lines of every shape the body encoders branch on.
func sampleLines() []attribution.Line { return sampleLinesWith("a<b>&\"q\"\\\n\t\x00é\u2028\xff") }

// sampleLinesWith returns sampleLines with odd as the odd string (ids,
// creator), which holds invalid UTF-8 in sampleLines: JSON reads that
// back changed.
func sampleLinesWith(odd string) []attribution.Line {
	usd := commission.MustParseCurrency("USD")
	kwd := commission.MustParseCurrency("KWD")
	at := time.Date(2027, 4, 1, 0, 1, 2, 345678901, time.UTC)
	la := time.FixedZone("LA", -7*3600)
	terms := attribution.Terms{Campaign: "c-1", Agency: "ag", Shop: "US1", Registration: "r", Product: "p", List: "l",
		Entry: "US1/p", Creator: "cr", CreatorAgency: "other", RateVersion: 3, Split: commission.Split{Total: 1500, Creator: 1000},
		SettlementWindow: 15 * 24 * time.Hour}
	amounts := commission.Line{Base: commission.FromMinor(400, usd), Total: commission.FromMinor(-60, usd),
		Creator: commission.FromMinor(40, usd), Agency: commission.FromMinor(20, usd)}
	lines := []attribution.Line{
		{},
		{Key: attribution.LineKey{Order: "o", Line: "1"}, Attribution: attribution.Unattributed(attribution.NoShowcaseEntry), Events: []attribution.Event{}},
		{
			Key: attribution.LineKey{Order: attribution.OrderID(odd), Line: "2"}, Creator: productlist.CreatorID(odd),
			Attribution: attribution.Attributed(terms),
			Events: []attribution.Event{
				{ID: "e1", Kind: attribution.Paid, Order: "o", Line: "2", Creator: "cr", Entry: "US1/p", Amount: commission.FromMinor(1999, usd), At: at, Placed: at.In(la)},
				{ID: attribution.EventID(odd), Kind: attribution.Settled, Order: "o", Line: "2", At: at.Add(time.Hour)},
				{ID: "e3", Kind: attribution.Refunded, Amount: commission.FromMinor(1, kwd), At: at},
			},
			Ledger: attribution.Ledger{
				Status: attribution.StatusSettled, Paid: commission.FromMinor(1999, usd), Refunded: commission.FromMinor(100, usd),
				Owed: amounts, Posted: amounts, SettledAt: at,
				Entries: []attribution.Entry{
					{Seq: 1, Kind: attribution.Settlement, At: at, Amounts: amounts, Terms: terms, Events: []attribution.EventID{"e1", attribution.EventID(odd)}},
					{Seq: 2, Kind: attribution.Reversal, At: at, Amounts: amounts, Events: []attribution.EventID{}},
					{Seq: 3, Kind: attribution.Reversal},
				},
			},
		},
	}
	return lines
}

// TestLineBodyVersions: a version 2 body reads back as the line a version
// 1 body (encoding/json's) reads back as, and version 1 bodies still read.
func TestLineBodyVersions(t *testing.T) {
	for i, l := range sampleLines() {
		v1, err := json.Marshal(l)
		if err != nil {
			t.Fatal(err)
		}
		var want attribution.Line
		if err := json.Unmarshal(v1, &want); err != nil {
			t.Fatal(err)
		}
		var fromV1 attribution.Line
		if err := decode(string(v1), &fromV1); err != nil {
			t.Fatalf("line %d: decoding version 1: %v", i, err)
		}
		var j jsonBuf
		if err := j.lineV2(&l); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		if !isLineV2(string(j.b)) || len(j.b) > len(v1) {
			t.Errorf("line %d: version 2 body %d bytes, version 1 %d:\n%s", i, len(j.b), len(v1), j.b)
		}
		var fromV2 attribution.Line
		if err := decode(string(j.b), &fromV2); err != nil {
			t.Fatalf("line %d: decoding version 2 %s: %v", i, j.b, err)
		}
		opt := cmp.Comparer(func(a, b commission.Currency) bool { return a == b })
		if diff := cmp.Diff(want, fromV1, opt); diff != "" {
			t.Errorf("line %d: version 1 read back differs (-want +got):\n%s", i, diff)
		}
		if diff := cmp.Diff(want, fromV2, opt); diff != "" {
			t.Errorf("line %d: version 2 %s read back differs (-want +got):\n%s", i, j.b, diff)
		}
	}
}

// The hand-written message encoder writes what encoding/json writes.
func TestBodyMessages(t *testing.T) {
	at := time.Date(2027, 4, 1, 0, 1, 2, 345678901, time.UTC)
	la := time.FixedZone("LA", -7*3600)
	odd := "a<b>&\"q\"\\\n\t\x00é\u2028\xff"
	for i, m := range []storage.Message{{}, {Seq: 7, Kind: "order.settled", Key: odd, Payload: []byte{}, At: at.In(la)},
		{Seq: -1, Kind: odd, Payload: []byte("{\"x\":1}\xff")}} {
		want, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		var j jsonBuf
		if err := j.message(&m); err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		if diff := cmp.Diff(string(want), string(j.b)); diff != "" {
			t.Errorf("message %d: hand encoding differs from encoding/json (-want +got):\n%s", i, diff)
		}
	}
	var j jsonBuf
	if err := j.lineV2(&attribution.Line{Events: []attribution.Event{{At: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}}}); err == nil {
		t.Error("a time past year 9999 encoded without error; encoding/json refuses it")
	}
}

// The encoders write every field of the types they cover: a field added
// to one of them fails here until linebody.go or linejson.go writes it
// too.
func TestBodyEncodersKnowEveryField(t *testing.T) {
	want := map[reflect.Type][]string{
		reflect.TypeFor[attribution.Line]():        {"Key", "Creator", "Attribution", "Events", "Ledger"},
		reflect.TypeFor[attribution.LineKey]():     {"Order", "Line"},
		reflect.TypeFor[attribution.Attribution](): {"Terms", "Reason"},
		reflect.TypeFor[attribution.Terms](): {"Campaign", "Agency", "Shop", "Registration", "Product", "List", "Entry",
			"Creator", "CreatorAgency", "RateVersion", "Split", "SettlementWindow"},
		reflect.TypeFor[commission.Split]():   {"Total", "Creator"},
		reflect.TypeFor[attribution.Event]():  {"ID", "Kind", "Order", "Line", "Creator", "Entry", "Amount", "At", "Placed"},
		reflect.TypeFor[attribution.Ledger](): {"Status", "Paid", "Refunded", "Owed", "Posted", "SettledAt", "Entries"},
		reflect.TypeFor[attribution.Entry]():  {"Seq", "Kind", "At", "Amounts", "Terms", "Events"},
		reflect.TypeFor[commission.Line]():    {"Base", "Total", "Creator", "Agency"},
		reflect.TypeFor[commission.Money]():   {"Amount", "Currency"},
		reflect.TypeFor[storage.Message]():    {"Seq", "Kind", "Key", "Payload", "At"},
	}
	for typ, fields := range want {
		var got []string
		for f := range typ.Fields() {
			got = append(got, f.Name)
			if f.Tag != "" {
				t.Errorf("%v.%s has a struct tag; linejson.go ignores tags", typ, f.Name)
			}
		}
		if diff := cmp.Diff(fields, got); diff != "" {
			t.Errorf("fields of %v changed; update linejson.go and this list (-known +now):\n%s", typ, diff)
		}
	}
}

// exact compares decimals by coefficient and exponent, times by instant,
// currencies with ==, and Money and events field by field (their Equal
// methods compare amounts by value).
var exact = cmp.Options{
	cmp.Transformer("fields", func(m commission.Money) plainMoney { return plainMoney(m) }),
	cmp.Transformer("fields", func(e attribution.Event) plainEvent { return plainEvent(e) }),
	cmp.Comparer(func(a, b decimal.Decimal) bool {
		return a.Exponent() == b.Exponent() && a.Coefficient().Cmp(b.Coefficient()) == 0
	}),
	cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }),
	cmp.Comparer(func(a, b commission.Currency) bool { return a == b }),
}

type (
	plainMoney commission.Money
	plainEvent attribution.Event
)

// oddZones have offsets RFC 3339 cannot write: with seconds, or of a day
// or more.
var oddZones = []*time.Location{time.FixedZone("LMT", 5*3600+30*60+17), time.FixedZone("LMT-", -1),
	time.FixedZone("day", 24*3600), time.FixedZone("-day", -25*3600-59)}

// A time reads back as the same instant whatever its zone, in
// encoding/json's form when RFC 3339 can write its offset.
//
// The last hours of 9999 are year 10000 east of Greenwich, which RFC 3339
// cannot write: they are written in UTC.
func TestBodyTimes(t *testing.T) {
	at := time.Date(2027, 5, 22, 0, 0, 0, 123456789, time.UTC)
	last := time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)
	for _, tm := range timesInZones(at, last) {
		var j jsonBuf
		if err := j.time(tm); err != nil {
			t.Fatalf("time(%v): %v", tm, err)
		}
		var got time.Time
		if err := json.Unmarshal(j.b, &got); err != nil || !got.Equal(tm) {
			t.Errorf("time(%v) = %s, reads back as %v, %v; want the same instant", tm, j.b, got, err)
		}
		if _, off := tm.Zone(); off%60 == 0 && off > -24*3600 && off < 24*3600 && tm.Year() <= 9999 {
			if want, _ := json.Marshal(tm); string(want) != string(j.b) {
				t.Errorf("time(%v) = %s, want encoding/json's %s", tm, j.b, want)
			}
		}
	}
	m := storage.Message{Seq: 1, Kind: "k", At: at.In(oddZones[0])}
	var j jsonBuf
	if err := j.message(&m); err != nil {
		t.Fatal(err)
	}
	var got storage.Message
	if err := json.Unmarshal(j.b, &got); err != nil || !got.At.Equal(m.At) {
		t.Errorf("message at %v = %s, reads back at %v, %v; want the same instant", m.At, j.b, got.At, err)
	}
}

// timesInZones returns each of ats in UTC, two ordinary zones and the odd
// ones.
func timesInZones(ats ...time.Time) []time.Time {
	var out []time.Time
	for _, at := range ats {
		for _, z := range append([]*time.Location{time.UTC, time.FixedZone("LA", -7*3600), time.FixedZone("IST", 5*3600+30*60)}, oddZones...) {
			out = append(out, at.In(z))
		}
	}
	return out
}

// A decimal's text reads back with its coefficient and exponent.
func TestBodyDecimals(t *testing.T) {
	big, _ := decimal.NewFromString("-1234567890123456789012345678901234567890.00")
	for _, d := range []decimal.Decimal{{}, decimal.New(0, 0), decimal.New(0, -2), decimal.New(10000, -2), decimal.New(-5, -3),
		decimal.New(-500, -3), decimal.New(15, 2), decimal.New(-7, 5), decimal.New(0, 3), decimal.New(1, -30), big} {
		text := string(appendDecimal(nil, d))
		got, err := decimal.NewFromString(text)
		if err != nil || got.Exponent() != d.Exponent() || got.Coefficient().Cmp(d.Coefficient()) != 0 {
			t.Errorf("appendDecimal(%v e%d) = %q, reads back as %v e%d, %v", d.Coefficient(), d.Exponent(), text, got.Coefficient(), got.Exponent(), err)
		}
		var j jsonBuf
		j.decimal(d)
		var dj decimal.Decimal
		if err := json.Unmarshal(j.b, &dj); err != nil || dj.Exponent() != d.Exponent() || dj.Coefficient().Cmp(d.Coefficient()) != 0 {
			t.Errorf("decimal(%v e%d) = %s, reads back as %v e%d, %v", d.Coefficient(), d.Exponent(), j.b, dj.Coefficient(), dj.Exponent(), err)
		}
	}
}

// A line reads back from its version 2 body with every amount's exponent
// and every instant, whatever its zone.
func TestLineBodyExact(t *testing.T) {
	for i, l := range sampleLinesWith("a<b>&\"q\"\\\n\t\x00é\u2028") {
		for _, z := range oddZones {
			l := l
			l.Events = slices.Clone(l.Events)
			for k := range l.Events {
				l.Events[k].At = l.Events[k].At.In(z)
				l.Events[k].Placed = l.Events[k].Placed.In(z)
			}
			l.Ledger.SettledAt = l.Ledger.SettledAt.In(z)
			if len(l.Events) > 0 {
				l.Events[0].Amount.Amount = decimal.New(15, 2)
			}
			var j jsonBuf
			if err := j.lineV2(&l); err != nil {
				t.Fatalf("line %d: %v", i, err)
			}
			var got attribution.Line
			if err := decode(string(j.b), &got); err != nil {
				t.Fatalf("line %d: decoding %s: %v", i, j.b, err)
			}
			if diff := cmp.Diff(l, got, exact); diff != "" {
				t.Errorf("line %d in %v: read back from %s differs (-wrote +read):\n%s", i, z, j.b, diff)
			}
		}
	}
}

// Bodies written before amounts kept their exponent and times with
// seconds in their offset went to UTC still read, amounts by value.
func TestOldBodiesRead(t *testing.T) {
	usd := commission.MustParseCurrency("USD")
	at := time.Date(2027, 4, 1, 0, 1, 2, 0, time.FixedZone("", 5*3600+30*60))
	var l attribution.Line
	err := decode(`{"v":2,"k":["o","1"],"c":"cr","t":{"ca":"","ag":"","sh":"","rg":"","pr":"","li":"","en":"","cr":"","rv":0,"st":0,"sc":0,"sw":0},`+
		`"r":"no_showcase_entry","e":[{"p":true,"i":"-1","k":"paid","a":"100 USD","t":"2027-04-01T00:01:02+05:30","pl":""}],`+
		`"l":{"s":"pending","p":"100 USD","r":"","o":["100 USD","15 USD","10 USD","5 USD"],"at":"","en":null}}`, &l)
	if err != nil {
		t.Fatal(err)
	}
	if got := l.Events[0]; !got.Amount.Equal(commission.FromMinor(10000, usd)) || !got.At.Equal(at) {
		t.Errorf("old version 2 body: event %v at %v, want 100.00 USD at %v", got.Amount, got.At, at)
	}
	if got := l.Ledger.Owed.Total; !got.Equal(commission.FromMinor(1500, usd)) {
		t.Errorf("old version 2 body: owed total %v, want 15.00 USD", got)
	}
	var m attribution.CampaignMetrics
	if err := decode(`{"Campaign":"c","Agency":"a","PaidOrders":1,"Creators":1,"GMV":{"Amount":"100","Currency":"USD"},`+
		`"EstimatedCreator":{"Amount":"0","Currency":""},"EstimatedAgency":{"Amount":"0","Currency":""},`+
		`"SettledCreator":{"Amount":"0","Currency":""},"SettledAgency":{"Amount":"0","Currency":""}}`, &m); err != nil {
		t.Fatal(err)
	}
	if !m.GMV.Equal(commission.FromMinor(10000, usd)) {
		t.Errorf("old metrics body: GMV %v, want 100.00 USD", m.GMV)
	}
}
