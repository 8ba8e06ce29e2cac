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
	// scopes orders them by scope too, for a table listed by scope (see
	// scopeIndex), by the scopes scopesOf gives a row; nil for the others.
	scopes   *scopeIndex
	scopesOf func(V) rowScopes
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

// scoped returns t, indexed already, ordered by scope too: index holds
// base's keys by scope, and of gives the scopes of a row.
func (t *table[K, V]) scoped(index *scopeIndex, of func(V) rowScopes) *table[K, V] {
	t.scopes, t.scopesOf = index, of
	return t
}

// inScope reports whether the committed row with key k is in scope sk.
func (t *table[K, V]) inScope(sk scopeKey, k string) bool {
	v, ok := t.base[K(k)]
	return ok && t.scopesOf(v)[sk.kind] == sk.id
}

// narrowest returns the scope, among those named, of the fewest committed
// rows: every row in all of them is in it. With none named it returns the
// zero scopeKey, which stands for the whole table.
func (t *table[K, V]) narrowest(named rowScopes) scopeKey {
	sk, _ := t.scopes.narrowest(named)
	return sk
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
// most limit of them, and whether more follow. If sk names a scope (its
// id set; only on a table with scopes) it reads the committed rows of that
// scope only: keep must refuse every row outside it.
func (t *table[K, V]) scan(sk scopeKey, prefix, after K, limit int, keep func(V) bool) ([]V, []K, bool) {
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
		ordered := t.committed(sk)
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

// committed returns the committed keys of scope sk (of the whole table
// for the zero scopeKey), in order: those a page of sk reads from. The
// slice stays valid until the next commit, which no reader outlives.
func (t *table[K, V]) committed(sk scopeKey) []string {
	if sk.id == "" {
		return t.index.ordered(func(k string) bool { _, ok := t.base[K(k)]; return ok })
	}
	return t.scopes.ordered(sk, func(k string) bool { return t.inScope(sk, k) })
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
		old, had := t.base[k]
		if t.scopes != nil && (had || !c.deleted) {
			var was, now rowScopes
			if had {
				was = t.scopesOf(old)
			}
			if !c.deleted {
				now = t.scopesOf(c.v)
			}
			t.scopes.moved(string(k), was, now)
		}
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
	if t.scopes != nil {
		t.scopes.tidy(t.inScope)
	}
}

// page runs scan for a listing paged by p, whose sort key has parts parts
// joined by sep, and returns the page and the next cursor. sk is scan's:
// the zero scopeKey for the whole table (or prefix).
func page[K ~string, V any](t *table[K, V], sk scopeKey, prefix K, p storage.Page, parts int, keep func(V) bool) ([]V, string, error) {
	var after K
	if p.After != "" {
		ps, err := storage.DecodeCursor(p.After, parts)
		if err != nil {
			return nil, "", err
		}
		after = K(string(prefix) + strings.Join(ps, sep))
	}
	rows, keys, more := t.scan(sk, prefix, after, p.Size(), keep)
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
