package sqlstore

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
)

// storedTypes are the types Tx.encode writes by value.
var storedTypes = []any{campaign.Onboarding{}, campaign.Campaign{}, registration.Registration{}, productlist.List{},
	productlist.Bookmarks{}, productlist.Showcase{}, attribution.CampaignMetrics{}, attribution.ProductMetrics{},
	attribution.Progress{}}

// fill sets every field reachable from v (addressable) to a value other
// than its zero, in the forms encoding/json writes exactly: times in a
// zone of whole minutes, decimals without trailing zeros.
func fill(t testing.TB, v reflect.Value, n int) {
	t.Helper()
	ty := v.Type()
	switch {
	case ty == timeType:
		v.Set(reflect.ValueOf(time.Date(2027, 4, 1, 0, 1, 2, 345678901+n, time.FixedZone("LA", -7*3600))))
		return
	case ty == decimalType:
		v.Set(reflect.ValueOf(decimal.New(int64(12345+10*n), -2)))
		return
	case ty.Kind() == reflect.Struct && reflect.PointerTo(ty).Implements(reflect.TypeFor[encoding.TextUnmarshaler]()):
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte("USD")); err != nil {
			t.Fatalf("%v.UnmarshalText(USD): %v", ty, err)
		}
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1) // 1: a valid value of the enums, whose zero is invalid
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1)
	case reflect.String:
		v.SetString(fmt.Sprintf("a<b>&\"q\"\\\n\x00é\u2028\xff %d", n))
	case reflect.Struct:
		for i := range v.NumField() {
			if ty.Field(i).IsExported() {
				fill(t, v.Field(i), n+i)
			}
		}
	case reflect.Pointer:
		v.Set(reflect.New(ty.Elem()))
		fill(t, v.Elem(), n)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(ty, 2, 2))
		fallthrough
	case reflect.Array:
		for i := range v.Len() {
			fill(t, v.Index(i), n+i+1)
		}
	default:
		t.Fatalf("fill: no value for %v", ty)
	}
}

// TestBodyValueAsEncodingJSON: value writes what encoding/json writes, for
// every stored type with every field set, and for the shapes its struct
// walk follows (promoted and hidden fields, nil embedded pointers, tags
// and maps left to encoding/json).
func TestBodyValueAsEncodingJSON(t *testing.T) {
	type Inner struct {
		A, B string
		T    time.Time
	}
	type Other struct{ B, C int }
	type unexported struct{ D int }
	type Ptr struct{ E []byte }
	type Text struct{ X commission.Currency }
	type Tagged struct {
		A int `json:"a,omitempty"`
	}
	type Outer struct {
		Inner
		Other
		unexported
		*Ptr
		B       int // hides Inner.B and Other.B
		hidden  int
		P       *Inner
		Arr     [2]int8
		Bytes   []byte
		Nil     []string
		Map     map[string]float64
		Any     any
		Tag     Tagged
		Num     json.Number
		Money   commission.Money
		Times   []*time.Time
		Uints   []uint16
		Mixed   struct{ F float64 }
		Decimal *decimal.Decimal
	}
	at := time.Date(2027, 1, 2, 3, 4, 5, 6, time.FixedZone("X", 5*3600+30*60))
	d := decimal.New(-15, -1)
	usd := commission.MustParseCurrency("USD")
	values := []any{
		Outer{},
		Outer{Inner: Inner{A: "a", B: "<b>", T: at}, Other: Other{B: 1, C: 2}, unexported: unexported{D: 3}, Ptr: &Ptr{E: []byte("x\xff")},
			B: 4, hidden: 5, P: &Inner{T: at}, Bytes: []byte{}, Nil: nil, Map: map[string]float64{"z": 1.5, "a": 1e21},
			Any: Text{X: usd}, Tag: Tagged{A: 0}, Num: "12.50", Money: commission.Money{Amount: d, Currency: usd},
			Times: []*time.Time{nil, &at}, Uints: []uint16{1, 2}, Mixed: struct{ F float64 }{0.1}, Decimal: &d},
		// Money's MarshalJSON keeps trailing zeros, as value does.
		commission.Money{Amount: decimal.New(300, -2), Currency: usd},
		[]commission.Money{{}, {Amount: decimal.New(-50, -2), Currency: usd}},
	}
	for _, v := range storedTypes {
		p := reflect.New(reflect.TypeOf(v))
		fill(t, p.Elem(), 0)
		values = append(values, p.Elem().Interface())
	}
	for _, v := range values {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("json.Marshal(%T): %v", v, err)
		}
		var j jsonBuf
		if err := j.value(reflect.ValueOf(v)); err != nil {
			t.Fatalf("value(%T): %v", v, err)
		}
		if diff := cmp.Diff(string(want), string(j.b)); diff != "" {
			t.Errorf("value(%T) differs from encoding/json (-want +got):\n%s", v, diff)
		}
	}
}

// TestStoredTypesWrittenByValue: every field of a stored type is of a
// kind value writes itself, so none of their times or decimals is left
// to encoding/json (which writes them inexactly).
func TestStoredTypesWrittenByValue(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var walk func(ty reflect.Type, path string)
	walk = func(ty reflect.Type, path string) {
		if seen[ty] || ty == timeType || ty == decimalType {
			return
		}
		seen[ty] = true
		switch {
		case ty != moneyType && (ty.Implements(marshalerType) || reflect.PointerTo(ty).Implements(marshalerType)):
			// (value writes a Money field by field, as its MarshalJSON does.)
			t.Errorf("%s: %v has a MarshalJSON of its own; value leaves it to encoding/json", path, ty)
			return
		case ty.Implements(textMarshalerType):
			return
		}
		switch ty.Kind() {
		case reflect.Bool, reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		case reflect.Pointer, reflect.Slice, reflect.Array:
			walk(ty.Elem(), path+"[]")
		case reflect.Struct:
			if _, ok := typeFields(ty); !ok {
				t.Errorf("%s: %v has json tags or an embedded pointer to an unexported type; value leaves it to encoding/json", path, ty)
			}
			for f := range ty.Fields() {
				if f.IsExported() || f.Anonymous {
					walk(f.Type, path+"."+f.Name)
				}
			}
		default:
			t.Errorf("%s: value leaves a %v (%v) to encoding/json; write it in bodyjson.go", path, ty, ty.Kind())
		}
	}
	for _, v := range storedTypes {
		walk(reflect.TypeOf(v), reflect.TypeOf(v).String())
	}
}

// TestBodyValueExact: a stored type reads back (encoding/json) with the
// instants and the exponents it was written with, whatever the zone's
// offset and however many trailing zeros.
func TestBodyValueExact(t *testing.T) {
	odd := time.FixedZone("LMT", 5*3600+30*60+17)
	at := time.Date(2027, 5, 22, 0, 0, 0, 0, time.UTC).In(odd)
	usd := commission.MustParseCurrency("USD")
	metrics := attribution.Metrics{PaidOrders: 1, Creators: 1, GMV: commission.Money{Amount: decimal.New(10000, -2), Currency: usd},
		EstimatedCreator: commission.Money{Amount: decimal.New(15, 2), Currency: usd},
		EstimatedAgency:  commission.Money{Amount: decimal.New(-500, -3), Currency: usd},
		SettledCreator:   commission.Money{Amount: decimal.New(0, -2), Currency: usd}}
	for _, c := range []struct{ in, out any }{
		{attribution.CampaignMetrics{Campaign: "c", Agency: "a", Metrics: metrics}, &attribution.CampaignMetrics{}},
		{attribution.ProductMetrics{Campaign: "c", Product: "p", Metrics: metrics}, &attribution.ProductMetrics{}},
		{registration.Registration{ID: "r", CreatedAt: at, UpdatedAt: at.In(time.FixedZone("-", -1)), ClosedAt: at.In(time.FixedZone("day", 25*3600))},
			&registration.Registration{}},
		{productlist.List{ID: "l", Created: at, Entries: []productlist.Entry{{Added: at, Product: productlist.Product{
			Price: commission.Money{Amount: decimal.New(1250, -2), Currency: usd}}}}}, &productlist.List{}},
	} {
		var j jsonBuf
		if err := j.value(reflect.ValueOf(c.in)); err != nil {
			t.Fatalf("value(%T): %v", c.in, err)
		}
		if err := decode(string(j.b), c.out); err != nil {
			t.Fatalf("decoding %s: %v", j.b, err)
		}
		got := reflect.ValueOf(c.out).Elem().Interface()
		if diff := cmp.Diff(c.in, got, exact); diff != "" {
			t.Errorf("%T read back from %s differs (-wrote +read):\n%s", c.in, j.b, diff)
		}
	}
}

// BenchmarkBodyValue: value against encoding/json for the bodies bulk
// ingest writes besides lines (metrics), and a list.
func BenchmarkBodyValue(b *testing.B) {
	usd := commission.MustParseCurrency("USD")
	m := commission.Money{Amount: decimal.New(123456, -2), Currency: usd}
	pm := attribution.ProductMetrics{Campaign: "c-1", Agency: "ag-1", Shop: "USSHOP000001", Product: "p-1", TotalRate: 1500,
		Metrics: attribution.Metrics{PaidOrders: 12, Creators: 3, GMV: m, EstimatedCreator: m, EstimatedAgency: m, SettledCreator: m, SettledAgency: m}}
	var l productlist.List
	fill(b, reflect.ValueOf(&l).Elem(), 0)
	for _, v := range []any{pm, l} {
		b.Run(fmt.Sprintf("%T/value", v), func(b *testing.B) {
			var j jsonBuf
			for b.Loop() {
				j.b = j.b[:0]
				if err := j.value(reflect.ValueOf(v)); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("%T/encoding_json", v), func(b *testing.B) {
			for b.Loop() {
				if _, err := json.Marshal(v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
