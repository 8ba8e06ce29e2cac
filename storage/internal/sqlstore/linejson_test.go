package sqlstore

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/storage"
)

// sampleLines returns lines of every shape the body encoders branch on.
func sampleLines() []attribution.Line {
	usd := commission.MustParseCurrency("USD")
	kwd := commission.MustParseCurrency("KWD")
	at := time.Date(2027, 4, 1, 0, 1, 2, 345678901, time.UTC)
	la := time.FixedZone("LA", -7*3600)
	terms := attribution.Terms{Campaign: "c-1", Agency: "ag", Shop: "US1", Registration: "r", Product: "p", List: "l",
		Entry: "US1/p", Creator: "cr", CreatorAgency: "other", RateVersion: 3, Split: commission.Split{Total: 1500, Creator: 1000},
		SettlementWindow: 15 * 24 * time.Hour}
	odd := "a<b>&\"q\"\\\n\t\x00é\u2028\xff"
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
