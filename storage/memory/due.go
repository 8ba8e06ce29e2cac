package memory

import (
	"container/heap"
	"time"
)

// dueIndex holds the DueAt of the committed order lines that have one
// (attribution.Line.DueAt), by handle, so a listing by DueBy reads the
// lines due by then and no others: a min-heap of (due time, handle) that
// upTo walks down only while entries are due, in O(lines due) rather than
// O(lines waiting for their window).
//
// A line whose due time changes, or that is due no more, leaves its old
// entry in the heap, stale: at, the map, says which entries are live. The
// heap is rebuilt from at when stale entries outnumber live ones.
//
// Commits change it under the store's write lock; readers only read it.
type dueIndex struct {
	at   map[uint32]time.Time
	heap dueHeap
}

type dueEntry struct {
	at time.Time
	h  uint32
}

// dueHeap is a min-heap of entries by time (container/heap).
type dueHeap []dueEntry

func (d dueHeap) Len() int           { return len(d) }
func (d dueHeap) Less(i, j int) bool { return d[i].at.Before(d[j].at) }
func (d dueHeap) Swap(i, j int)      { d[i], d[j] = d[j], d[i] }
func (d *dueHeap) Push(x any)        { *d = append(*d, x.(dueEntry)) }
func (d *dueHeap) Pop() any {
	old := *d
	e := old[len(old)-1]
	*d = old[:len(old)-1]
	return e
}

// set records that line h is due at t, or, with ok false, not due.
func (x *dueIndex) set(h uint32, t time.Time, ok bool) {
	cur, had := x.at[h]
	switch {
	case !ok && !had, ok && had && cur.Equal(t):
		return
	case !ok:
		delete(x.at, h)
	default:
		if x.at == nil {
			x.at = map[uint32]time.Time{}
		}
		x.at[h] = t
		heap.Push(&x.heap, dueEntry{at: t, h: h})
	}
	if len(x.heap) > 2*len(x.at)+64 {
		x.rebuild()
	}
}

// rebuild makes the heap of the live entries only.
func (x *dueIndex) rebuild() {
	x.heap = x.heap[:0]
	for h, t := range x.at {
		x.heap = append(x.heap, dueEntry{at: t, h: h})
	}
	heap.Init(&x.heap)
}

// upTo calls fn once for each line due at or before by.
func (x *dueIndex) upTo(by time.Time, fn func(h uint32)) {
	if len(x.heap) == 0 || x.heap[0].at.After(by) {
		return
	}
	var seen map[uint32]bool // a line set back to an earlier time has two live entries
	stack := []int{0}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		e := x.heap[i]
		if e.at.After(by) {
			continue // and so is everything under it
		}
		if t, live := x.at[e.h]; live && t.Equal(e.at) {
			if seen == nil {
				seen = map[uint32]bool{}
			}
			if !seen[e.h] {
				seen[e.h] = true
				fn(e.h)
			}
		}
		for _, c := range []int{2*i + 1, 2*i + 2} {
			if c < len(x.heap) {
				stack = append(stack, c)
			}
		}
	}
}
