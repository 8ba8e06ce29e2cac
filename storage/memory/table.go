package memory

import (
	"slices"
	"strings"

	"github.com/partnerkit/partnerkit/storage"
)

// table is one keyed collection seen through a transaction: the committed
// rows, read-only here, under an overlay of this transaction's writes.
// Values are copied on the way in and out with clone.
type table[K ~string, V any] struct {
	base   map[K]V
	writes map[K]change[V] // nil in a View
	clone  func(V) V
	// index orders the committed keys of a table listed in pages (see
	// keyIndex); nil for the others, which scan sorts in full.
	index *keyIndex
}

// change is one overlay write: a new value, or a deletion.
type change[V any] struct {
	v       V
	deleted bool
}

// newTable returns base seen through a transaction, copying values with
// clone (deepClone, or flat for types that hold no exported reference).
func newTable[K ~string, V any](base map[K]V, writable bool, clone func(V) V) *table[K, V] {
	t := &table[K, V]{base: base, clone: clone}
	if writable {
		t.writes = map[K]change[V]{}
	}
	return t
}

// indexed returns t ordered by index, which holds base's keys.
func (t *table[K, V]) indexed(index *keyIndex) *table[K, V] {
	t.index = index
	return t
}

// get returns a copy of the row with key k.
func (t *table[K, V]) get(k K) (V, bool) {
	if c, ok := t.writes[k]; ok {
		if c.deleted {
			var zero V
			return zero, false
		}
		return t.clone(c.v), true
	}
	v, ok := t.base[k]
	if !ok {
		return v, false
	}
	return t.clone(v), true
}

// has reports whether a row with key k exists.
func (t *table[K, V]) has(k K) bool {
	if c, ok := t.writes[k]; ok {
		return !c.deleted
	}
	_, ok := t.base[k]
	return ok
}

// put stores a copy of v under k.
func (t *table[K, V]) put(k K, v V) { t.writes[k] = change[V]{v: t.clone(v)} }

// del removes the row with key k.
func (t *table[K, V]) del(k K) { t.writes[k] = change[V]{deleted: true} }

// scan returns, in key order, copies of the rows whose key starts with
// prefix, strictly after the key after (if not ""), that keep accepts, at
// most limit of them, and whether more follow.
func (t *table[K, V]) scan(prefix, after K, limit int, keep func(V) bool) ([]V, []K, bool) {
	in := func(k K) bool { return strings.HasPrefix(string(k), string(prefix)) && (after == "" || k > after) }
	var keys []K
	for k, c := range t.writes {
		if !c.deleted && in(k) {
			keys = append(keys, k)
		}
	}
	if t.index == nil {
		for k := range t.base {
			if _, over := t.writes[k]; !over && in(k) {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
	} else {
		// The overlay's keys, then the committed ones from the cursor on,
		// in order, enough of them for the page: merged, the first limit+1
		// kept are the page and the sign that more follow.
		slices.Sort(keys)
		ordered := t.index.ordered(func(k string) bool { _, ok := t.base[K(k)]; return ok })
		from := string(prefix)
		if string(after) > from {
			from = string(after)
		}
		i, _ := slices.BinarySearch(ordered, from)
		var base []K
		found := 0
		for _, k := range ordered[i:] {
			if !strings.HasPrefix(k, string(prefix)) {
				break
			}
			if _, over := t.writes[K(k)]; over || !in(K(k)) {
				continue
			}
			if keep != nil && !keep(t.base[K(k)]) {
				continue
			}
			base = append(base, K(k))
			if found++; found > limit {
				break
			}
		}
		keys = mergeSorted(keys, base)
	}
	var out []V
	var outKeys []K
	for _, k := range keys {
		v, _ := t.peek(k)
		if keep != nil && !keep(v) {
			continue
		}
		if len(out) == limit {
			return out, outKeys, true
		}
		out = append(out, t.clone(v))
		outKeys = append(outKeys, k)
	}
	return out, outKeys, false
}

// mergeSorted merges two sorted key slices without repeats between them.
func mergeSorted[K ~string](a, b []K) []K {
	if len(a) == 0 {
		return b
	}
	out := make([]K, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		if j == len(b) || (i < len(a) && a[i] < b[j]) {
			out, i = append(out, a[i]), i+1
		} else {
			out, j = append(out, b[j]), j+1
		}
	}
	return out
}

// peek returns the row with key k without copying it; the caller must not
// keep or change it.
func (t *table[K, V]) peek(k K) (V, bool) {
	if c, ok := t.writes[k]; ok {
		return c.v, !c.deleted
	}
	v, ok := t.base[k]
	return v, ok
}

// commit applies the overlay to the committed rows. The caller holds the
// store's write lock.
func (t *table[K, V]) commit() {
	if t.index == nil {
		for k, c := range t.writes {
			if c.deleted {
				delete(t.base, k)
			} else {
				t.base[k] = c.v
			}
		}
		return
	}
	for k, c := range t.writes {
		_, had := t.base[k]
		switch {
		case c.deleted && had:
			delete(t.base, k)
			t.index.removed()
		case !c.deleted:
			t.base[k] = c.v
			if !had {
				t.index.added(string(k))
			}
		}
	}
	t.index.tidy(func(k string) bool { _, ok := t.base[K(k)]; return ok })
}

// page runs scan for a listing paged by p, whose sort key has parts parts
// joined by sep, and returns the page and the next cursor.
func page[K ~string, V any](t *table[K, V], prefix K, p storage.Page, parts int, keep func(V) bool) ([]V, string, error) {
	var after K
	if p.After != "" {
		ps, err := storage.DecodeCursor(p.After, parts)
		if err != nil {
			return nil, "", err
		}
		after = K(string(prefix) + strings.Join(ps, sep))
	}
	rows, keys, more := t.scan(prefix, after, p.Size(), keep)
	if !more {
		return rows, "", nil
	}
	last := strings.TrimPrefix(string(keys[len(keys)-1]), string(prefix))
	return rows, storage.EncodeCursor(strings.Split(last, sep)...), nil
}

// sep joins the parts of a composite key. Ids holding it are refused, so
// the joined keys sort as the tuples of their parts do.
const sep = "\x00"

// join returns the composite key of parts.
func join(parts ...string) string { return strings.Join(parts, sep) }
