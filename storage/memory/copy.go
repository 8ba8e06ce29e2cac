package memory

import (
	"reflect"
	"sync"
)

// flat returns v: the copy of a value whose type holds no exported slice,
// map, pointer or interface (the metrics, counters and ids), which a
// test checks with needsCopy.
func flat[T any](v T) T { return v }

// deepClone returns a deep copy of v: exported slices, maps, pointers and
// interfaces are copied recursively, structs by value. Unexported fields are
// copied as they are; the domain types keep only immutable state there
// (decimal.Decimal, time.Time, commission.Currency), so sharing it is safe.
// Reflection keeps up with domain types gaining fields.
func deepClone[T any](v T) T {
	rv := reflect.ValueOf(&v).Elem()
	if !needsCopy(rv.Type()) {
		return v
	}
	return deepCopy(rv).Interface().(T)
}

// copyNeeded caches needsCopy per type.
var copyNeeded sync.Map // reflect.Type -> bool

// needsCopy reports whether values of t hold exported references that a deep
// copy must duplicate.
func needsCopy(t reflect.Type) bool {
	if b, ok := copyNeeded.Load(t); ok {
		return b.(bool)
	}
	copyNeeded.Store(t, true) // breaks recursion through recursive types
	b := computeNeedsCopy(t)
	copyNeeded.Store(t, b)
	return b
}

func computeNeedsCopy(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return true
	case reflect.Array:
		return needsCopy(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && needsCopy(f.Type) {
				return true
			}
		}
	}
	return false
}

// deepCopy returns a copy of v that shares no exported reference with it.
func deepCopy(v reflect.Value) reflect.Value {
	t := v.Type()
	if !needsCopy(t) {
		return v
	}
	switch t.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		p := reflect.New(t.Elem())
		p.Elem().Set(deepCopy(v.Elem()))
		return p
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		out := reflect.New(t).Elem()
		out.Set(deepCopy(v.Elem()))
		return out
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeSlice(t, v.Len(), v.Len())
		if needsCopy(t.Elem()) {
			for i := range v.Len() {
				out.Index(i).Set(deepCopy(v.Index(i)))
			}
		} else {
			reflect.Copy(out, v)
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeMapWithSize(t, v.Len())
		for it := v.MapRange(); it.Next(); {
			out.SetMapIndex(deepCopy(it.Key()), deepCopy(it.Value()))
		}
		return out
	case reflect.Array:
		out := reflect.New(t).Elem()
		for i := range v.Len() {
			out.Index(i).Set(deepCopy(v.Index(i)))
		}
		return out
	case reflect.Struct:
		out := reflect.New(t).Elem()
		out.Set(v)
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && needsCopy(f.Type) {
				out.Field(i).Set(deepCopy(v.Field(i)))
			}
		}
		return out
	}
	return v
}
