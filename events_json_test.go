package partnerkit_test

import (
	"encoding/json"
	"errors"
	"math/big"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
)

// TestOrderLineChangedJSON: the hand-written encoding of the order events'
// payload is valid JSON that encoding/json reads back to the same value,
// and matches a reflective encoding of the same fields, for any ids
// (quotes, HTML, non-ASCII) and any amounts (negative, beyond int64).
func TestOrderLineChangedJSON(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cur := commission.MustParseCurrency(rapid.SampledFrom([]string{"USD", "JPY", "KWD"}).Draw(t, "currency"))
		amount := func(label string) commission.Money {
			minor := new(big.Int).SetInt64(rapid.Int64().Draw(t, label))
			if rapid.Bool().Draw(t, label+" huge") {
				minor.Mul(minor, big.NewInt(1_000_000_007))
			}
			return commission.Money{Amount: decimal.NewFromBigInt(minor, -cur.Scale()), Currency: cur}
		}
		id := rapid.StringMatching(`[a-z0-9"<>&\\é/\-]{1,12}`)
		ev := partnerkit.OrderLineChanged{
			Line:     attribution.LineKey{Order: attribution.OrderID(id.Draw(t, "order")), Line: attribution.LineID(id.Draw(t, "line"))},
			Campaign: campaign.ID(id.Draw(t, "campaign")),
			Status:   rapid.SampledFrom([]attribution.Status{attribution.StatusPending, attribution.StatusSettled, attribution.StatusVoid}).Draw(t, "status"),
			Owed:     commission.Line{Base: amount("base"), Total: amount("total"), Creator: amount("creator"), Agency: amount("agency")},
		}
		b, err := json.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		var got partnerkit.OrderLineChanged
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("Unmarshal(%s): %v", b, err)
		}
		if diff := cmp.Diff(ev, got); diff != "" {
			t.Fatalf("round trip of %s (-want +got):\n%s", b, diff)
		}
		status, _ := ev.Status.MarshalText()
		fixed := func(m commission.Money) string { return m.Amount.StringFixed(cur.Scale()) }
		want, _ := json.Marshal(struct {
			Line     struct{ Order, Line string }
			Campaign string
			Status   string
			Currency string
			Owed     struct{ Base, Total, Creator, Agency string }
		}{
			Line:     struct{ Order, Line string }{string(ev.Line.Order), string(ev.Line.Line)},
			Campaign: string(ev.Campaign), Status: string(status), Currency: cur.Code(),
			Owed: struct{ Base, Total, Creator, Agency string }{fixed(ev.Owed.Base), fixed(ev.Owed.Total), fixed(ev.Owed.Creator), fixed(ev.Owed.Agency)},
		})
		if string(b) != string(want) {
			t.Fatalf("encoding\n got %s\nwant %s", b, want)
		}
	})
}

// An amount in another currency than the others cannot be written once.
func TestOrderLineChangedJSONMixedCurrencies(t *testing.T) {
	usd, jpy := commission.MustParseCurrency("USD"), commission.MustParseCurrency("JPY")
	ev := partnerkit.OrderLineChanged{Line: attribution.LineKey{Order: "o", Line: "1"}, Owed: commission.Line{
		Base: commission.FromMinor(100, usd), Total: commission.FromMinor(1, jpy), Creator: commission.FromMinor(1, usd), Agency: commission.FromMinor(0, usd)}}
	if _, err := json.Marshal(ev); err == nil {
		t.Fatal("Marshal of mixed currencies: no error")
	}
}

// Messages stored before the compact encoding (encoding/json of the
// struct) still decode.
func TestOrderLineChangedJSONEarlierForm(t *testing.T) {
	old := `{"Line":{"Order":"o-1","Line":"1"},"Campaign":"c-1","Status":"pending","Owed":{"Base":{"Amount":"39.98","Currency":"USD"},"Total":{"Amount":"6","Currency":"USD"},"Creator":{"Amount":"4","Currency":"USD"},"Agency":{"Amount":"2","Currency":"USD"}}}`
	var got partnerkit.OrderLineChanged
	if err := json.Unmarshal([]byte(old), &got); err != nil {
		t.Fatal(err)
	}
	usd := commission.MustParseCurrency("USD")
	want := partnerkit.OrderLineChanged{Line: attribution.LineKey{Order: "o-1", Line: "1"}, Campaign: "c-1", Status: attribution.StatusPending,
		Owed: commission.Line{Base: commission.FromMinor(3998, usd), Total: commission.FromMinor(600, usd), Creator: commission.FromMinor(400, usd), Agency: commission.FromMinor(200, usd)}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("earlier form (-want +got):\n%s", diff)
	}
}

// A line voided before any payment owes the zero commission.Line: it
// round-trips as zero amounts with no currency.
func TestOrderLineChangedJSONNothingOwed(t *testing.T) {
	ev := partnerkit.OrderLineChanged{Line: attribution.LineKey{Order: "o-9", Line: "1"}, Campaign: "c-1", Status: attribution.StatusVoid}
	b, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	var got partnerkit.OrderLineChanged
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("Unmarshal(%s): %v", b, err)
	}
	if diff := cmp.Diff(ev, got); diff != "" {
		t.Errorf("round trip of %s (-want +got):\n%s", b, diff)
	}
}

// An outbox payload that MarshalJSON could not have written is refused
// with ErrInvalid: no status, amounts without a currency, finer than the
// currency's unit, or in several currencies.
func TestOrderLineChangedJSONRefusesWhatItCannotWrite(t *testing.T) {
	for _, in := range []string{
		`{"Owed":{"Agency":{"Currency":"BAD"}}}`,
		`{"Line":{"Order":"o","Line":"1"},"Currency":"USD","Owed":{"Base":"1.00","Total":"0.10","Creator":"0.05","Agency":"0.05"}}`,
		`{"Status":"pending","Owed":{"Base":"5.00"}}`,
		`{"Status":"pending","Owed":{"Base":{"Amount":"19.999","Currency":"USD"}}}`,
		`{"Status":"pending","Owed":{"Base":{"Amount":"1","Currency":"USD"},"Total":{"Amount":"1","Currency":"JPY"}}}`,
		`{"Status":"pending","Owed":{"Base":{"Amount":"1"}}}`,
	} {
		var ev partnerkit.OrderLineChanged
		if err := json.Unmarshal([]byte(in), &ev); !errors.Is(err, partnerkit.ErrInvalid) {
			t.Errorf("Unmarshal(%s) = %v, want ErrInvalid", in, err)
		}
	}
}

// A1, outbox: every line has its own message key, even when its ids hold
// "/" (which events allow): order "o/x" line "1" and order "o" line "x/1"
// would both be "o/x/1" unescaped, and a host keeping the latest message
// per key would keep one line's money for the other's.
func TestOrderMessageKeysNameOneLine(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	seq := w.lastSeq()
	a := w.event("ev-a", attribution.Paid, "o/x", w.maya, w.serum, "10.00", start, start)
	b := w.event("ev-b", attribution.Paid, "o", w.maya, w.serum, "90.00", start, start)
	b.Line = "x/1"
	c := w.event("ev-c", attribution.Paid, "o%2Fx", w.maya, w.serum, "5.00", start, start)
	d := w.event("ev-d", attribution.Paid, "o-plain", w.maya, w.serum, "5.00", start, start)
	w.ingest(a, b, c, d)
	ms, err := w.svc.Outbox(w.ctx, w.host, seq, 100)
	if err != nil {
		t.Fatal(err)
	}
	got := map[attribution.LineKey]string{}
	for _, m := range ms {
		if m.Kind != "order.attributed" {
			continue
		}
		var p partnerkit.OrderLineChanged
		if err := json.Unmarshal(m.Payload, &p); err != nil {
			t.Fatal(err)
		}
		got[p.Line] = m.Key
	}
	want := map[attribution.LineKey]string{
		a.Key(): "o%2Fx/1",
		b.Key(): "o/x%2F1",
		c.Key(): "o%252Fx/1",
		d.Key(): "o-plain/1",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("order.attributed keys by line (-want +got):\n%s", diff)
	}
}
