package memory

import "slices"

// lazySorted is a list kept in order lazily, for indexes a commit adds to
// and a listing reads in order: items[:sorted] are in order without
// repeats, the items appended since in any order. The caller guards it.
type lazySorted[T comparable] struct {
	items  []T
	sorted int
}

// add appends x, to be sorted in by the next ordered.
func (l *lazySorted[T]) add(x T) { l.items = append(l.items, x) }

// ordered sorts the items appended since the last call in by cmp and
// returns them all in order, without repeats (items that compare equal
// are equal: one key, one item) and, if keep is not nil, without those
// keep refuses. It builds a new slice when anything changes, so a reader
// still walking the one returned before is not disturbed.
func (l *lazySorted[T]) ordered(cmp func(a, b T) int, keep func(T) bool) []T {
	if l.sorted == len(l.items) && keep == nil {
		return l.items
	}
	head, tail := l.items[:l.sorted], slices.Clone(l.items[l.sorted:])
	slices.SortFunc(tail, cmp)
	out := make([]T, 0, len(l.items))
	if keep == nil {
		// The tail is usually a few items and the head many: place each
		// tail item by binary search and copy the head between them.
		from := 0
		for _, x := range tail {
			if n := len(out); n > 0 && out[n-1] == x {
				continue
			}
			i, found := slices.BinarySearchFunc(head[from:], x, cmp)
			out = append(out, head[from:from+i]...)
			if from += i; !found {
				out = append(out, x)
			}
		}
		out = append(out, head[from:]...)
	} else {
		// Every item is looked at anyway: merge, dropping as we go.
		i, j := 0, 0
		for i < len(head) || j < len(tail) {
			var x T
			if j == len(tail) || (i < len(head) && cmp(head[i], tail[j]) <= 0) {
				x, i = head[i], i+1
			} else {
				x, j = tail[j], j+1
			}
			if (len(out) == 0 || out[len(out)-1] != x) && keep(x) {
				out = append(out, x)
			}
		}
	}
	l.items, l.sorted = slices.Clip(out), len(out)
	return l.items
}
