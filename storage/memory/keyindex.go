package memory

import (
	"strings"
	"sync"
)

// keyIndex is the committed keys of a table that is listed in pages, in
// order, so a page reads its keys from the cursor on instead of sorting
// every key of the table. It is kept lazily: a commit appends the keys it
// adds and counts those it deletes, and the next listing sorts the new
// ones in and drops the deleted ones.
type keyIndex struct {
	// mu guards the fields: commits add, and a listing that finds work
	// pending does it, while other readers may be listing too.
	mu      sync.Mutex
	keys    lazySorted[string]
	deleted int // keys deleted since the keys were last ordered
}

// added records key k, new to the table. The caller holds the store's
// write lock.
func (x *keyIndex) added(k string) {
	x.mu.Lock()
	x.keys.add(k)
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
	return x.order(has)
}

func (x *keyIndex) order(has func(string) bool) []string {
	var keep func(string) bool
	if x.deleted > 0 {
		// A key deleted for good is in the table no more; one deleted
		// and added again is in it once.
		keep, x.deleted = has, 0
	}
	return x.keys.ordered(strings.Compare, keep)
}

// tidy rebuilds the index when most of its keys are deleted ones, so a
// table whose rows come and go without being listed does not keep a key
// per row it ever had. The caller holds the store's write lock.
func (x *keyIndex) tidy(has func(string) bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.deleted > 64 && 2*x.deleted > len(x.keys.items) {
		x.order(has)
	}
}
