package sqlstore

import (
	"reflect"
	"sync"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
)

// Bounds of the decoded-body cache: bodies longer than maxCachedBody are
// decoded every time, and the cache starts over once it holds
// maxCachedBytes of body text.
const (
	maxCachedBody  = 64 << 10
	maxCachedBytes = 16 << 20
)

// decoded caches the decoded form of the bodies ingest reads on every
// transaction and that rarely change: campaigns, registrations and
// showcases. A group of concurrent IngestEvent calls reads each of its
// events' showcase, registration and campaign anew, and decoding them
// with encoding/json was a quarter of that path's CPU.
//
// The key is the body's whole text (and the type it decodes into), so the
// cache is a memo of decode, not of the record: a record that changed has
// another body and misses. That makes it safe to share across
// transactions, stores and processes' connections without invalidation;
// the row is still read inside the caller's transaction. A hit hands back
// a deep copy (clone), so a caller that changes what it read cannot
// change what the next one reads.
var decoded = bodyCache{m: make(map[bodyKey]reflect.Value)}

type bodyKey struct {
	t    reflect.Type
	body string
}

type bodyCache struct {
	mu    sync.Mutex
	m     map[bodyKey]reflect.Value
	bytes int
}

// cacheable reports whether values of v's type are kept in decoded.
func cacheable(v any) bool {
	switch v.(type) {
	case *campaign.Campaign, *registration.Registration, *productlist.Showcase:
		return true
	}
	return false
}

// decodeCached decodes body into v (a pointer), through decoded when v's
// type is cacheable.
func decodeCached(body string, v any) error {
	if !cacheable(v) || len(body) > maxCachedBody {
		return decode(body, v)
	}
	dst := reflect.ValueOf(v).Elem()
	k := bodyKey{t: dst.Type(), body: body}
	decoded.mu.Lock()
	hit, ok := decoded.m[k]
	decoded.mu.Unlock()
	if ok {
		dst.Set(clone(hit))
		return nil
	}
	if err := decode(body, v); err != nil {
		return err
	}
	kept := reflect.New(k.t).Elem() // a copy: dst is the caller's
	kept.Set(clone(dst))
	decoded.mu.Lock()
	if decoded.bytes+len(body) > maxCachedBytes {
		clear(decoded.m)
		decoded.bytes = 0
	}
	if _, ok := decoded.m[k]; !ok {
		decoded.m[k] = kept
		decoded.bytes += len(body)
	}
	decoded.mu.Unlock()
	return nil
}

// clone returns a deep copy of v: pointers, slices, maps and interfaces
// reached through exported fields are copied, so nothing mutable is
// shared. Structs with unexported fields are copied as values; the only
// ones the cached types reach (time.Time, decimal.Decimal and the
// currency unit) are immutable, which TestCloneReachesOnlyImmutableOpaque
// checks.
func clone(v reflect.Value) reflect.Value {
	if !mutable(v.Type()) {
		return v
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		n := reflect.New(v.Type().Elem())
		n.Elem().Set(clone(v.Elem()))
		return n
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		n := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		if !mutable(v.Type().Elem()) {
			reflect.Copy(n, v)
			return n
		}
		for i := range v.Len() {
			n.Index(i).Set(clone(v.Index(i)))
		}
		return n
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		n := reflect.MakeMapWithSize(v.Type(), v.Len())
		for it := v.MapRange(); it.Next(); {
			n.SetMapIndex(clone(it.Key()), clone(it.Value()))
		}
		return n
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		n := reflect.New(v.Type()).Elem()
		n.Set(clone(v.Elem()))
		return n
	case reflect.Array:
		n := reflect.New(v.Type()).Elem()
		for i := range v.Len() {
			n.Index(i).Set(clone(v.Index(i)))
		}
		return n
	case reflect.Struct:
		n := reflect.New(v.Type()).Elem()
		n.Set(v)
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() && mutable(f.Type) {
				n.Field(i).Set(clone(v.Field(i)))
			}
		}
		return n
	}
	return v
}

// mutables memoizes mutable by type.
var mutables sync.Map // reflect.Type -> bool

// mutable reports whether a value of type t can reach, through exported
// fields, memory that a copy of it would share: a pointer, slice, map or
// interface.
func mutable(t reflect.Type) bool {
	if m, ok := mutables.Load(t); ok {
		return m.(bool)
	}
	mutables.Store(t, true) // a recursive type is mutable: it holds a pointer
	m := false
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		m = true
	case reflect.Array:
		m = mutable(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && mutable(f.Type) {
				m = true
				break
			}
		}
	}
	mutables.Store(t, m)
	return m
}
