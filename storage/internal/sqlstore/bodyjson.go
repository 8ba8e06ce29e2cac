package sqlstore

import (
	"cmp"
	"encoding"
	"encoding/base64"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/partnerkit/partnerkit/commission"
)

// The other bodies (campaigns, registrations, lists, metrics, ...) are
// written by value, below, byte for byte as encoding/json writes them (a
// test compares the two) but for two types whose encoding/json form loses
// what was stored: a time.Time goes through jsonBuf.time (UTC when its
// offset has seconds) and a decimal.Decimal through jsonBuf.decimal
// (keeping its exponent). Both forms are what encoding/json reads back,
// and bodies written by encoding/json before still read.

var (
	timeType          = reflect.TypeFor[time.Time]()
	decimalType       = reflect.TypeFor[decimal.Decimal]()
	moneyType         = reflect.TypeFor[commission.Money]()
	numberType        = reflect.TypeFor[json.Number]()
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// value appends v as encoding/json does, times and decimals exactly. A
// kind it does not write itself (maps, floats, ...; no stored type has
// one, a test checks) and a struct with json tags (the domain types have
// none) are left to encoding/json.
func (j *jsonBuf) value(v reflect.Value) error { return encoderOf(v.Type())(j, v) }

// encoder appends a value of one type.
type encoder func(j *jsonBuf, v reflect.Value) error

var encoders sync.Map // reflect.Type -> encoder

// encoderOf returns the encoder of type t, made once, as encoding/json
// makes its own (a recursive type waits for the one being made).
func encoderOf(t reflect.Type) encoder {
	if e, ok := encoders.Load(t); ok {
		return e.(encoder)
	}
	var (
		wg sync.WaitGroup
		e  encoder
	)
	wg.Add(1)
	got, loaded := encoders.LoadOrStore(t, encoder(func(j *jsonBuf, v reflect.Value) error {
		wg.Wait()
		return e(j, v)
	}))
	if loaded {
		return got.(encoder)
	}
	e = newEncoder(t)
	wg.Done()
	encoders.Store(t, e)
	return e
}

// newEncoder returns the encoder of type t, in encoding/json's order of
// precedence.
func newEncoder(t reflect.Type) encoder {
	switch {
	case t.Kind() == reflect.Pointer:
		elem := encoderOf(t.Elem())
		return func(j *jsonBuf, v reflect.Value) error {
			if v.IsNil() {
				j.raw(`null`)
				return nil
			}
			return elem(j, v.Elem())
		}
	case t.Kind() == reflect.Interface:
		return func(j *jsonBuf, v reflect.Value) error {
			if v.IsNil() {
				j.raw(`null`)
				return nil
			}
			return j.value(v.Elem())
		}
	case t == timeType:
		return func(j *jsonBuf, v reflect.Value) error {
			tm, _ := reflect.TypeAssert[time.Time](v)
			return j.time(tm)
		}
	case t == decimalType:
		return func(j *jsonBuf, v reflect.Value) error {
			d, _ := reflect.TypeAssert[decimal.Decimal](v)
			j.decimal(d)
			return nil
		}
	case t == numberType: // a JSON number, unquoted
		return func(j *jsonBuf, v reflect.Value) error { return j.marshal(v.Interface()) }
	}
	byValue := byKind(t)
	if t == moneyType {
		// Field by field, its amount by j.decimal: exact, as Money's
		// MarshalJSON is, without a json.Marshal call per amount.
		return byValue
	}
	switch {
	case t.Implements(marshalerType):
		return func(j *jsonBuf, v reflect.Value) error { return j.marshal(v.Interface()) }
	case reflect.PointerTo(t).Implements(marshalerType):
		return func(j *jsonBuf, v reflect.Value) error {
			if v.CanAddr() {
				return j.marshal(v.Addr().Interface())
			}
			return byValue(j, v)
		}
	case t.Implements(textMarshalerType):
		return func(j *jsonBuf, v reflect.Value) error {
			m, _ := reflect.TypeAssert[encoding.TextMarshaler](v)
			return j.text(m)
		}
	case reflect.PointerTo(t).Implements(textMarshalerType):
		return func(j *jsonBuf, v reflect.Value) error {
			if v.CanAddr() {
				return j.text(v.Addr().Interface().(encoding.TextMarshaler))
			}
			return byValue(j, v)
		}
	}
	return byValue
}

// byKind returns the encoder of type t by its kind alone.
func byKind(t reflect.Type) encoder {
	switch t.Kind() {
	case reflect.Bool:
		return func(j *jsonBuf, v reflect.Value) error {
			j.b = strconv.AppendBool(j.b, v.Bool())
			return nil
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(j *jsonBuf, v reflect.Value) error {
			j.b = strconv.AppendInt(j.b, v.Int(), 10)
			return nil
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return func(j *jsonBuf, v reflect.Value) error {
			j.b = strconv.AppendUint(j.b, v.Uint(), 10)
			return nil
		}
	case reflect.String:
		return func(j *jsonBuf, v reflect.Value) error {
			j.str(v.String())
			return nil
		}
	case reflect.Struct:
		return structEncoder(t)
	case reflect.Slice:
		if isBytes(t) {
			return func(j *jsonBuf, v reflect.Value) error {
				if v.IsNil() {
					j.raw(`null`)
					return nil
				}
				j.b = append(j.b, '"')
				j.b = base64.StdEncoding.AppendEncode(j.b, v.Bytes())
				j.b = append(j.b, '"')
				return nil
			}
		}
		elem := encoderOf(t.Elem())
		return func(j *jsonBuf, v reflect.Value) error {
			if v.IsNil() {
				j.raw(`null`)
				return nil
			}
			return j.array(v, elem)
		}
	case reflect.Array:
		elem := encoderOf(t.Elem())
		return func(j *jsonBuf, v reflect.Value) error { return j.array(v, elem) }
	}
	return func(j *jsonBuf, v reflect.Value) error { return j.marshal(v.Interface()) }
}

// marshal appends encoding/json's form of v.
func (j *jsonBuf) marshal(v any) error {
	b, err := json.Marshal(v)
	j.b = append(j.b, b...)
	return err
}

// isBytes reports whether encoding/json writes a slice of type t as
// base64: its elements are bytes that marshal no other way.
func isBytes(t reflect.Type) bool {
	if t.Elem().Kind() != reflect.Uint8 {
		return false
	}
	p := reflect.PointerTo(t.Elem())
	return !p.Implements(marshalerType) && !p.Implements(textMarshalerType)
}

// array appends the elements of slice or array v, each with elem.
func (j *jsonBuf) array(v reflect.Value, elem encoder) error {
	j.raw(`[`)
	for i := range v.Len() {
		if i > 0 {
			j.raw(`,`)
		}
		if err := elem(j, v.Index(i)); err != nil {
			return err
		}
	}
	j.raw(`]`)
	return nil
}

// structEncoder returns the encoder of struct type t: the fields
// encoding/json writes, or encoding/json itself if t has json tags.
func structEncoder(t reflect.Type) encoder {
	fs, ok := typeFields(t)
	if !ok {
		return func(j *jsonBuf, v reflect.Value) error { return j.marshal(v.Interface()) }
	}
	encs := make([]encoder, len(fs))
	for i, f := range fs {
		encs[i] = encoderOf(t.FieldByIndex(f.index).Type)
	}
	return func(j *jsonBuf, v reflect.Value) error {
		j.raw(`{`)
		first := true
	next:
		for n, f := range fs {
			fv := v
			for _, i := range f.index[:len(f.index)-1] {
				fv = fv.Field(i)
				if fv.Kind() == reflect.Pointer {
					if fv.IsNil() {
						continue next // a field of a nil embedded pointer: none
					}
					fv = fv.Elem()
				}
			}
			if !first {
				j.raw(`,`)
			}
			first = false
			j.raw(f.key)
			if err := encs[n](j, fv.Field(f.index[len(f.index)-1])); err != nil {
				return err
			}
		}
		j.raw(`}`)
		return nil
	}
}

// field is a struct field encoding/json writes: its "name": and the index
// sequence reaching it through embedded structs.
type field struct {
	key   string
	index []int
}

// typeFields is encoding/json's typeFields for structs without tags: the
// exported fields, those of embedded structs promoted breadth first, a
// name at a shallower depth hiding the deeper ones and a name twice at
// one depth dropped.
func typeFields(t reflect.Type) ([]field, bool) {
	type found struct {
		name  string
		index []int
	}
	var all []found
	next := []found{{index: nil}}
	nextTypes := []reflect.Type{t}
	visited := map[reflect.Type]bool{}
	count := map[reflect.Type]int{}
	for len(next) > 0 {
		current, currentTypes := next, nextTypes
		next, nextTypes = nil, nil
		counted := count
		count = map[reflect.Type]int{}
		for n, f := range current {
			ft := currentTypes[n]
			if visited[ft] {
				continue
			}
			visited[ft] = true
			for i := range ft.NumField() {
				sf := ft.Field(i)
				if _, tagged := sf.Tag.Lookup("json"); tagged {
					return nil, false
				}
				typ := sf.Type
				if sf.Anonymous {
					if typ.Kind() == reflect.Pointer {
						if !sf.IsExported() {
							return nil, false
						}
						typ = typ.Elem()
					}
					if !sf.IsExported() && typ.Kind() != reflect.Struct {
						continue
					}
				} else if !sf.IsExported() {
					continue
				}
				index := append(slices.Clip(f.index), i)
				if !sf.Anonymous || typ.Kind() != reflect.Struct {
					all = append(all, found{sf.Name, index})
					if counted[ft] > 1 { // the type twice at this depth: so is the name
						all = append(all, all[len(all)-1])
					}
					continue
				}
				count[typ]++
				if count[typ] == 1 {
					next = append(next, found{typ.Name(), index})
					nextTypes = append(nextTypes, typ)
				}
			}
		}
	}
	slices.SortStableFunc(all, func(a, b found) int {
		return cmp.Or(cmp.Compare(a.name, b.name), cmp.Compare(len(a.index), len(b.index)), slices.Compare(a.index, b.index))
	})
	var out []field
	for i := 0; i < len(all); {
		n := 1
		for i+n < len(all) && all[i+n].name == all[i].name {
			n++
		}
		if n == 1 || len(all[i].index) < len(all[i+1].index) {
			key, _ := json.Marshal(all[i].name) // a string always marshals
			out = append(out, field{key: string(key) + ":", index: all[i].index})
		}
		i += n
	}
	slices.SortFunc(out, func(a, b field) int { return slices.Compare(a.index, b.index) })
	return out, true
}
