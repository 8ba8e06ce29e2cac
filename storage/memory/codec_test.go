package memory_test

import (
	"context"
	"fmt"
	"math/big"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// suiteOpts are storage/storagetest's comparison options: decimals and
// times by value, currencies with ==, nil equal to empty.
var suiteOpts = cmp.Options{
	cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
	cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }),
	cmp.Comparer(func(a, b commission.Currency) bool { return a == b }),
	cmpopts.EquateEmpty(),
}

// plainEvent and plainMoney are attribution.Event and commission.Money
// without their Equal methods, which compare by value and would hide a
// lost exponent or location.
type (
	plainEvent attribution.Event
	plainMoney commission.Money
)

// exactOpts are stricter: the memory store also keeps a decimal's exponent
// (20.00 stays 20.00), a time's location and nil apart from empty.
var exactOpts = cmp.Options{
	cmp.Transformer("event", func(e attribution.Event) plainEvent { return plainEvent(e) }),
	cmp.Transformer("money", func(m commission.Money) plainMoney { return plainMoney(m) }),
	cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) && a.Exponent() == b.Exponent() }),
	cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) && a.Location() == b.Location() }),
	cmp.Comparer(func(a, b commission.Currency) bool { return a == b }),
}

var (
	decimalType  = reflect.TypeFor[decimal.Decimal]()
	timeType     = reflect.TypeFor[time.Time]()
	currencyType = reflect.TypeFor[commission.Currency]()
	zones        = []*time.Location{time.UTC, time.Local, time.FixedZone("X", -3*3600-1800), time.FixedZone("Y", 14*3600)}
	currencies   = []commission.Currency{{}, commission.MustParseCurrency("USD"),
		commission.MustParseCurrency("JPY"), commission.MustParseCurrency("KWD")}
)

// draw returns a random value of typ: every exported field filled, so a
// field added to a stored type is round-tripped here without this test
// changing (and a field of a type draw does not know makes it fail).
func draw(t *rapid.T, typ reflect.Type, label string) reflect.Value {
	v := reflect.New(typ).Elem()
	switch typ {
	case decimalType:
		v.Set(reflect.ValueOf(drawDecimal(t, label)))
		return v
	case timeType:
		v.Set(reflect.ValueOf(drawTime(t, label)))
		return v
	case currencyType:
		v.Set(reflect.ValueOf(rapid.SampledFrom(currencies).Draw(t, label)))
		return v
	}
	switch typ.Kind() {
	case reflect.String:
		v.SetString(rapid.StringN(0, 12, -1).Draw(t, label))
	case reflect.Bool:
		v.SetBool(rapid.Bool().Draw(t, label))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		bits := typ.Bits()
		v.SetInt(rapid.Int64Range(-1<<(bits-1), 1<<(bits-1)-1).Draw(t, label))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(rapid.Uint64Max(1<<(typ.Bits()-1)-1+1<<(typ.Bits()-1)).Draw(t, label))
	case reflect.Slice:
		switch n := rapid.IntRange(-1, 3).Draw(t, label+" len"); n {
		case -1: // nil
		default:
			v.Set(reflect.MakeSlice(typ, n, n))
			for i := range n {
				v.Index(i).Set(draw(t, typ.Elem(), fmt.Sprintf("%s[%d]", label, i)))
			}
		}
	case reflect.Struct:
		for i := range typ.NumField() {
			f := typ.Field(i)
			if !f.IsExported() {
				t.Fatalf("draw: %v has unexported field %s; teach draw the type", typ, f.Name)
			}
			v.Field(i).Set(draw(t, f.Type, label+"."+f.Name))
		}
	default:
		t.Fatalf("draw: no generator for %v (%s)", typ, label)
	}
	return v
}

// drawDecimal returns the zero Decimal, a zero with an exponent, an int64
// coefficient with an odd exponent, or a coefficient far beyond int64.
func drawDecimal(t *rapid.T, label string) decimal.Decimal {
	exp := rapid.Int32Range(-40, 40).Draw(t, label+" exp")
	switch rapid.IntRange(0, 3).Draw(t, label+" shape") {
	case 0:
		return decimal.Decimal{}
	case 1:
		return decimal.New(0, exp)
	case 2:
		return decimal.New(rapid.Int64().Draw(t, label+" coef"), exp)
	}
	mag := rapid.SliceOfN(rapid.Byte(), 1, 40).Draw(t, label+" big")
	c := new(big.Int).SetBytes(mag)
	if rapid.Bool().Draw(t, label+" neg") {
		c.Neg(c)
	}
	return decimal.NewFromBigInt(c, exp)
}

// drawTime returns the zero Time, or an instant anywhere in time.Time's
// range in one of several locations, sometimes with a monotonic reading.
func drawTime(t *rapid.T, label string) time.Time {
	switch rapid.IntRange(0, 3).Draw(t, label+" shape") {
	case 0:
		return time.Time{}
	case 1:
		return time.Now() // monotonic; compared by instant
	}
	sec := rapid.Int64Range(-1<<62, 1<<62).Draw(t, label+" sec")
	nsec := rapid.Int64Range(0, 999_999_999).Draw(t, label+" nsec")
	return time.Unix(sec, nsec).In(rapid.SampledFrom(zones).Draw(t, label+" zone"))
}

// drawLine returns a random line that Put accepts: a valid key and
// distinct event ids, with the fields the codec shortens (an event's id,
// order, line and creator, the line's creator, an entry's terms and event
// ids) sometimes repeating the line's.
func drawLine(t *rapid.T, i int) attribution.Line {
	l := draw(t, reflect.TypeFor[attribution.Line](), "line").Interface().(attribution.Line)
	l.Key = attribution.LineKey{Order: attribution.OrderID(fmt.Sprintf("o-%d", i)),
		Line: attribution.LineID(rapid.SampledFrom([]string{"1", "ligne ü", "2"}).Draw(t, "line id"))}
	if rapid.Bool().Draw(t, "terms creator") {
		l.Creator = l.Attribution.Terms.Creator
	}
	for j := range l.Events {
		ev := &l.Events[j]
		// Ids made from the order are stored shorter; the order itself
		// too.
		switch rapid.IntRange(0, 2).Draw(t, "id shape") {
		case 0:
			ev.ID = attribution.EventID(fmt.Sprintf("ev-%d-%d", i, j))
		case 1:
			ev.ID = attribution.EventID(fmt.Sprintf("%s-%d", l.Key.Order, j))
		default:
			ev.ID = attribution.EventID(fmt.Sprintf("%s%s", l.Key.Order, strings.Repeat("x", j)))
		}
		if rapid.Bool().Draw(t, "same order") {
			ev.Order, ev.Line = l.Key.Order, l.Key.Line
		}
		if rapid.Bool().Draw(t, "same creator") {
			ev.Creator = l.Creator
		}
	}
	for j := range l.Ledger.Entries {
		en := &l.Ledger.Entries[j]
		if rapid.Bool().Draw(t, "same terms") {
			en.Terms = l.Attribution.Terms
		}
		for k := range en.Events {
			if len(l.Events) > 0 && rapid.Bool().Draw(t, "known event") {
				en.Events[k] = l.Events[rapid.IntRange(0, len(l.Events)-1).Draw(t, "event")].ID
			}
		}
	}
	return l
}

// TestLinesRoundTrip checks that every line read back, in the Update that
// wrote it, in a View, by GetMany and by List, is the line put, exactly.
func TestLinesRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := memory.New()
		defer s.Close()
		ctx := context.Background()
		lines := make([]attribution.Line, rapid.IntRange(1, 4).Draw(t, "lines"))
		for i := range lines {
			lines[i] = drawLine(t, i)
		}
		check := func(what string, want, got any) {
			for _, opts := range []cmp.Options{suiteOpts, exactOpts} {
				if d := cmp.Diff(want, got, opts); d != "" {
					t.Fatalf("%s mismatch (-want +got):\n%s", what, d)
				}
			}
		}
		err := s.Update(ctx, func(tx storage.Tx) error {
			if err := storage.PutMany(tx.Orders(), lines); err != nil {
				return err
			}
			for _, l := range lines {
				got, err := tx.Orders().Get(l.Key)
				if err != nil {
					return err
				}
				check("Get in the Update", l, got)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("Update: %v", err)
		}
		err = s.View(ctx, func(tx storage.Tx) error {
			keys := make([]attribution.LineKey, len(lines))
			want := map[attribution.LineKey]attribution.Line{}
			for i, l := range lines {
				got, err := tx.Orders().Get(l.Key)
				if err != nil {
					return err
				}
				check("Get in a View", l, got)
				// Changing what was read changes nothing stored.
				if len(got.Events) > 0 {
					got.Events[0].ID = "changed"
				}
				if len(got.Ledger.Entries) > 0 && len(got.Ledger.Entries[0].Events) > 0 {
					got.Ledger.Entries[0].Events[0] = "changed"
				}
				keys[i], want[l.Key] = l.Key, l
				for _, ev := range l.Events {
					at, err := tx.Orders().LineOf(ev.ID)
					if err != nil {
						return err
					}
					check("LineOf "+string(ev.ID), l.Key, at)
				}
			}
			got, err := storage.GetMany(tx.Orders(), keys)
			if err != nil {
				return err
			}
			check("GetMany", want, got)
			listed, _, err := tx.Orders().List(storage.LineQuery{}, storage.Page{})
			if err != nil {
				return err
			}
			for _, l := range listed {
				check("List", want[l.Key], l)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("View: %v", err)
		}
	})
}

// TestMessagesRoundTrip checks that outbox messages read back are the
// messages appended, exactly, with their Seq.
func TestMessagesRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := memory.New()
		defer s.Close()
		ctx := context.Background()
		msgs := make([]storage.Message, rapid.IntRange(1, 5).Draw(t, "messages"))
		for i := range msgs {
			msgs[i] = draw(t, reflect.TypeFor[storage.Message](), "message").Interface().(storage.Message)
			msgs[i].Kind = rapid.SampledFrom([]string{"order.attributed", "order.settled", "ü"}).Draw(t, "kind")
			msgs[i].Payload = rapid.SliceOfN(rapid.Byte(), 0, 300).Draw(t, "payload")
			if rapid.Bool().Draw(t, "nil payload") {
				msgs[i].Payload = nil
			}
		}
		var appended []storage.Message
		err := s.Update(ctx, func(tx storage.Tx) error {
			var err error
			appended, err = tx.Outbox().Append(msgs...)
			return err
		})
		if err != nil {
			t.Fatalf("Update: %v", err)
		}
		var read []storage.Message
		err = s.View(ctx, func(tx storage.Tx) error {
			var err error
			read, err = tx.Outbox().Read(0, 0)
			return err
		})
		if err != nil {
			t.Fatalf("View: %v", err)
		}
		for i := range msgs {
			msgs[i].Seq = int64(i + 1)
		}
		for _, opts := range []cmp.Options{suiteOpts, exactOpts} {
			if d := cmp.Diff(msgs, appended, opts); d != "" {
				t.Fatalf("Append mismatch (-want +got):\n%s", d)
			}
			if d := cmp.Diff(msgs, read, opts); d != "" {
				t.Fatalf("Read mismatch (-want +got):\n%s", d)
			}
		}
	})
}
