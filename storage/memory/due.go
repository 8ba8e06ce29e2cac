package memory

import (
	"container/heap"
	"time"
)

// dueIndex holds the due times of the committed records that have one,
// by handle H: the DueAt of order lines (attribution.Line.DueAt) by line
// handle, so a listing by DueBy reads the lines due by then and no others,
// and the AppliesAt of campaigns' pending edits (C5) by campaign id, for a
// listing by EditDueBy. It is a min-heap of (due time, handle) that upTo
// walks down only while entries are due, in O(records due) rather than
// O(records waiting). The heap knows where each handle sits, so a record
// whose due time changes moves, and one that is due no more (a line
// settled, an edit applied) leaves it, at once.
//
// Commits change it under the store's write lock; readers only read it.
type dueIndex[H comparable] struct {
	heap []dueEntry[H]
	pos  map[H]int // handle -> its index in heap
}

type dueEntry[H comparable] struct {
	at time.Time
	h  H
}

// set records that h is due at t, or, with ok false, not due.
func (x *dueIndex[H]) set(h H, t time.Time, ok bool) {
	i, had := x.pos[h]
	switch {
	case had && !ok:
		heap.Remove(x, i)
	case had && !x.heap[i].at.Equal(t):
		x.heap[i].at = t
		heap.Fix(x, i)
	case !had && ok:
		heap.Push(x, dueEntry[H]{at: t, h: h})
	}
}

// at returns the due time of h, and false if it has none.
func (x *dueIndex[H]) at(h H) (time.Time, bool) {
	i, ok := x.pos[h]
	if !ok {
		return time.Time{}, false
	}
	return x.heap[i].at, true
}

// upTo calls fn once for each handle due at or before by, in no particular
// order, until fn returns false; it reports whether it called fn for
// every such handle.
func (x *dueIndex[H]) upTo(by time.Time, fn func(h H) bool) bool {
	if len(x.heap) == 0 || x.heap[0].at.After(by) {
		return true
	}
	stack := []int{0}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x.heap[i].at.After(by) {
			continue // and so is everything under it
		}
		if !fn(x.heap[i].h) {
			return false
		}
		for _, c := range [2]int{2*i + 1, 2*i + 2} {
			if c < len(x.heap) {
				stack = append(stack, c)
			}
		}
	}
	return true
}

// heap.Interface, keeping pos in step with every move.

func (x *dueIndex[H]) Len() int           { return len(x.heap) }
func (x *dueIndex[H]) Less(i, j int) bool { return x.heap[i].at.Before(x.heap[j].at) }
func (x *dueIndex[H]) Swap(i, j int) {
	x.heap[i], x.heap[j] = x.heap[j], x.heap[i]
	x.pos[x.heap[i].h], x.pos[x.heap[j].h] = i, j
}

func (x *dueIndex[H]) Push(e any) {
	if x.pos == nil {
		x.pos = map[H]int{}
	}
	x.pos[e.(dueEntry[H]).h] = len(x.heap)
	x.heap = append(x.heap, e.(dueEntry[H]))
}

func (x *dueIndex[H]) Pop() any {
	e := x.heap[len(x.heap)-1]
	x.heap = x.heap[:len(x.heap)-1]
	delete(x.pos, e.h)
	return e
}
