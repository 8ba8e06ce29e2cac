package memory

import (
	"slices"
	"sync"
)

// keyIndex is the committed keys of a table that is listed in pages, in
// order, so a page reads its keys from the cursor on instead of sorting
// every key of the table. It is kept lazily: a commit appends the keys it
// adds and counts those it deletes, and the next listing sorts the new
// ones in and drops the deleted ones.
type keyIndex struct {
	// mu guards the fields: commits append, and a listing that finds
	// work pending does it, while other readers may be listing too.
	mu      sync.Mutex
	keys    []string // keys[:sorted] in order, the rest appended since
	sorted  int
	deleted int // keys deleted since the last listing
}

// added records key k, new to the table. The caller holds the store's
// write lock.
func (x *keyIndex) added(k string) {
	x.mu.Lock()
	x.keys = append(x.keys, k)
	x.mu.Unlock()
}

// removed records that a key left the table.
func (x *keyIndex) removed() {
	x.mu.Lock()
	x.deleted++
	x.mu.Unlock()
}

// ordered returns the table's committed keys in order; has reports
// whether a key is in the table. The slice stays valid until the next
// commit, which no reader outlives; it is never changed in place.
func (x *keyIndex) ordered(has func(string) bool) []string {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.sorted == len(x.keys) && x.deleted == 0 {
		return x.keys
	}
	tail := slices.Clone(x.keys[x.sorted:])
	slices.Sort(tail)
	out := make([]string, 0, len(x.keys))
	head := x.keys[:x.sorted]
	i, j := 0, 0
	for i < len(head) || j < len(tail) {
		var k string
		if j == len(tail) || (i < len(head) && head[i] <= tail[j]) {
			k, i = head[i], i+1
		} else {
			k, j = tail[j], j+1
		}
		// A key deleted and added again is in both; one deleted for good
		// is in the table no more.
		if (len(out) == 0 || out[len(out)-1] != k) && has(k) {
			out = append(out, k)
		}
	}
	out = slices.Clip(out)
	x.keys, x.sorted, x.deleted = out, len(out), 0
	return out
}

// tidy rebuilds the index when most of its keys are deleted ones, so a
// table whose rows come and go without being listed does not keep a key
// per row it ever had. The caller holds the store's write lock.
func (x *keyIndex) tidy(has func(string) bool) {
	x.mu.Lock()
	stale := x.deleted > 64 && 2*x.deleted > len(x.keys)
	x.mu.Unlock()
	if stale {
		x.ordered(has)
	}
}
