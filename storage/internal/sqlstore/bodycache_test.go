package sqlstore

import (
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
)

// cachedTypes are the types decodeCached keeps.
var cachedTypes = []any{campaign.Campaign{}, registration.Registration{}, productlist.Showcase{}}

// TestDecodeCachedIsDecode: a value decoded through the cache, on a miss
// and on a hit, equals what decode gives for the same body, and changing
// everything a hit handed back (every element, every pointee, appends)
// leaves the next hit as it was.
func TestDecodeCachedIsDecode(t *testing.T) {
	for _, v := range cachedTypes {
		ty := reflect.TypeOf(v)
		t.Run(ty.String(), func(t *testing.T) {
			p := reflect.New(ty)
			fill(t, p.Elem(), 0)
			var j jsonBuf
			if err := j.value(p.Elem()); err != nil {
				t.Fatal(err)
			}
			body := string(j.b)
			if !cacheable(p.Interface()) {
				t.Fatalf("%v is not cacheable", ty)
			}
			want := reflect.New(ty)
			if err := decode(body, want.Interface()); err != nil {
				t.Fatal(err)
			}
			for i := range 3 {
				got := reflect.New(ty)
				if err := decodeCached(body, got.Interface()); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want.Elem().Interface(), got.Elem().Interface()); diff != "" {
					t.Fatalf("read %d: decodeCached differs from decode (-want +got):\n%s", i, diff)
				}
				scribble(got.Elem())
				if reflect.DeepEqual(want.Elem().Interface(), got.Elem().Interface()) {
					t.Fatalf("read %d: scribble changed nothing", i)
				}
			}
			decoded.mu.Lock()
			_, ok := decoded.m[bodyKey{t: ty, body: body}]
			decoded.mu.Unlock()
			if !ok {
				t.Errorf("body of %v not kept", ty)
			}
		})
	}
}

// scribble changes, in place, every string, number and time reachable
// from v, and appends to every slice, the way a careless caller might.
func scribble(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(v.String() + "!")
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(v.Int() + 7)
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Pointer:
		if !v.IsNil() {
			scribble(v.Elem())
		}
	case reflect.Slice:
		for i := range v.Len() {
			scribble(v.Index(i))
		}
		if v.Len() > 0 {
			v.Set(reflect.Append(v, v.Index(0)))
		}
	case reflect.Array:
		for i := range v.Len() {
			scribble(v.Index(i))
		}
	case reflect.Struct:
		if v.Type() == timeType {
			v.Set(reflect.ValueOf(v.Interface().(time.Time).Add(time.Hour)))
			return
		}
		if v.Type() == decimalType {
			v.Set(reflect.ValueOf(v.Interface().(decimal.Decimal).Add(decimal.NewFromInt(1))))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				scribble(v.Field(i))
			}
		}
	}
}

// TestCloneReachesOnlyImmutableOpaque: clone copies structs with
// unexported fields as values, sharing what those fields point to. That is
// safe only for immutable types; a cached type that reaches any other
// struct with unexported fields must be looked at (and added here only if
// it is immutable too).
func TestCloneReachesOnlyImmutableOpaque(t *testing.T) {
	immutable := map[reflect.Type]bool{
		timeType:                               true,
		decimalType:                            true,
		reflect.TypeFor[commission.Currency](): true,
	}
	seen := map[reflect.Type]bool{}
	var walk func(ty reflect.Type, path string)
	walk = func(ty reflect.Type, path string) {
		if seen[ty] {
			return
		}
		seen[ty] = true
		switch ty.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			walk(ty.Elem(), path+"[]")
		case reflect.Map:
			walk(ty.Key(), path+"{key}")
			walk(ty.Elem(), path+"{}")
		case reflect.Interface:
			t.Errorf("%s: interface %v: clone cannot tell what it holds", path, ty)
		case reflect.Struct:
			if immutable[ty] {
				return
			}
			for i := range ty.NumField() {
				f := ty.Field(i)
				if !f.IsExported() {
					t.Errorf("%s: %v has unexported field %s, which clone would share", path, ty, f.Name)
					continue
				}
				walk(f.Type, path+"."+f.Name)
			}
		}
	}
	for _, v := range cachedTypes {
		walk(reflect.TypeOf(v), reflect.TypeOf(v).String())
	}
}

// TestDecodeCachedBounded: the cache starts over rather than grow past
// maxCachedBytes, and leaves long bodies alone.
func TestDecodeCachedBounded(t *testing.T) {
	decoded.mu.Lock()
	clear(decoded.m)
	decoded.bytes = 0
	decoded.mu.Unlock()
	var s productlist.Showcase
	for i := range 3 * maxCachedBytes / maxCachedBody {
		var j jsonBuf
		c := productlist.Showcase{Creator: productlist.CreatorID(string(rune('a'+i%26)) + string(make([]byte, maxCachedBody/2)))}
		c.Agency = campaign.AgencyID(time.Duration(i).String())
		if err := j.value(reflect.ValueOf(c)); err != nil {
			t.Fatal(err)
		}
		if err := decodeCached(string(j.b), &s); err != nil {
			t.Fatal(err)
		}
		decoded.mu.Lock()
		n := decoded.bytes
		decoded.mu.Unlock()
		if n > maxCachedBytes {
			t.Fatalf("after %d bodies the cache holds %d bytes, over %d", i+1, n, maxCachedBytes)
		}
	}
	long := productlist.Showcase{Creator: productlist.CreatorID(make([]byte, maxCachedBody))}
	var j jsonBuf
	if err := j.value(reflect.ValueOf(long)); err != nil {
		t.Fatal(err)
	}
	if err := decodeCached(string(j.b), &s); err != nil {
		t.Fatal(err)
	}
	decoded.mu.Lock()
	_, ok := decoded.m[bodyKey{t: reflect.TypeOf(s), body: string(j.b)}]
	decoded.mu.Unlock()
	if ok {
		t.Errorf("a body of %d bytes was kept; the bound is %d", len(j.b), maxCachedBody)
	}
}
