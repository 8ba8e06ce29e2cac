package memory

import "hash/maphash"

// index is an open-addressing hash index of record handles, for the
// committed order lines (by line key, and by event id). A slot is 8 bytes,
// the key's 32-bit hash and the handle, and holds no pointer: the key
// itself is read from the record when the hash matches. A Go map from
// string to handle costs five times as much per entry at a million lines
// and gives the GC a pointer per entry to scan.
//
// An index is changed only by a commit, under the store's write lock.
type index struct {
	slots []uint64 // hash<<32 | handle+1; 0 empty, tombstone deleted
	live  int      // slots holding a handle
	used  int      // slots not empty (live and tombstones)
}

const (
	tombstone   = 1<<32 - 1 // low half of a deleted slot
	indexMinCap = 1 << 10
)

// seed is the hash seed of every index; one per process is enough.
var seed = maphash.MakeSeed()

func hashString(s string) uint32 { return uint32(maphash.String(seed, s) >> 32) }

// find returns the handle whose slot has hash h and for which match is
// true.
func (x *index) find(h uint32, match func(handle uint32) bool) (uint32, bool) {
	if len(x.slots) == 0 {
		return 0, false
	}
	mask := uint32(len(x.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := x.slots[i]
		switch lo := uint32(s); {
		case s == 0:
			return 0, false
		case lo != tombstone && uint32(s>>32) == h && match(lo-1):
			return lo - 1, true
		}
	}
}

// add indexes handle under hash h, unless it is indexed under h already.
func (x *index) add(h, handle uint32) {
	if (x.used+1)*4 > len(x.slots)*3 {
		x.grow()
	}
	mask := uint32(len(x.slots) - 1)
	free := -1
	want := uint64(h)<<32 | uint64(handle+1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := x.slots[i]
		switch {
		case s == want:
			return
		case s == 0:
			if free < 0 {
				free = int(i)
				x.used++
			}
			x.slots[free] = want
			x.live++
			return
		case uint32(s) == tombstone && free < 0:
			free = int(i)
		}
	}
}

// remove drops the slot with hash h for which match is true, if any.
func (x *index) remove(h uint32, match func(handle uint32) bool) {
	if len(x.slots) == 0 {
		return
	}
	mask := uint32(len(x.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := x.slots[i]
		switch lo := uint32(s); {
		case s == 0:
			return
		case lo != tombstone && uint32(s>>32) == h && match(lo-1):
			x.slots[i] = uint64(h)<<32 | tombstone
			x.live--
			return
		}
	}
}

// grow rehashes into a table twice the live slots' need, dropping the
// tombstones.
func (x *index) grow() {
	n := indexMinCap
	for n*3 < (x.live+1)*4*2 {
		n *= 2
	}
	old := x.slots
	x.slots = make([]uint64, n)
	x.used = x.live
	mask := uint32(n - 1)
	for _, s := range old {
		if s == 0 || uint32(s) == tombstone {
			continue
		}
		i := uint32(s>>32) & mask
		for x.slots[i] != 0 {
			i = (i + 1) & mask
		}
		x.slots[i] = s
	}
}
