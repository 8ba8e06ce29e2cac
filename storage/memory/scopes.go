package memory

import (
	"slices"
	"strings"
	"sync"

	"github.com/partnerkit/partnerkit/storage"
)

// scopes indexes the committed order lines by the scopes Orders().List
// selects on (campaign, agency, shop, creator), and all of them together,
// so a page of a scope reads that scope's lines in key order, from the
// cursor on, instead of visiting every line of the store. The SQL
// backends' listing indexes do the same job.
//
// A scope holds line handles. A line that left a scope keeps its handle
// there (lines are never removed, and their scope almost never changes):
// List re-checks every line it reads against the query, so a stale handle
// costs a read, never a wrong answer.
type scopes struct {
	// mu guards the lists: commits append to them, and a List that finds
	// handles appended since the last sort sorts them in, while other
	// readers may be listing too.
	mu  sync.Mutex
	all handles
	by  map[scopeKey]*handles
}

// scopeKind is the field of LineQuery a scope stands for.
type scopeKind uint8

const (
	byCampaign scopeKind = iota
	byAgency
	byShop
	byCreator
)

type scopeKey struct {
	kind scopeKind
	id   string
}

// handles is one scope's line handles: hs[:sorted] in key order without
// repeats, then the handles appended since, in any order.
type handles struct {
	hs     []uint32
	sorted int
}

// lineScopes is the scope ids of one line, "" for none.
type lineScopes [4]string

func (v *view) scopesOf(rec string) lineScopes {
	h := v.head(rec)
	t := h.terms
	return lineScopes{byCampaign: string(t.Campaign), byAgency: string(t.Agency), byShop: string(t.Shop), byCreator: string(h.creator)}
}

// add indexes handle h, a line new to the store, in the scopes of rec.
// The caller holds the store's write lock.
func (s *scopes) add(v *view, h uint32, rec string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.all.hs = append(s.all.hs, h)
	s.addTo(h, v.scopesOf(rec), lineScopes{})
}

// moved indexes handle h, whose record was old and is now rec, in the
// scopes rec has and old had not.
func (s *scopes) moved(v *view, h uint32, old, rec string) {
	was, now := v.scopesOf(old), v.scopesOf(rec)
	if was == now {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addTo(h, now, was)
}

func (s *scopes) addTo(h uint32, now, was lineScopes) {
	for k, id := range now {
		if id == "" || id == was[k] {
			continue
		}
		key := scopeKey{scopeKind(k), id}
		l := s.by[key]
		if l == nil {
			if s.by == nil {
				s.by = map[scopeKey]*handles{}
			}
			l = &handles{}
			s.by[key] = l
		}
		l.hs = append(l.hs, h)
	}
}

// of returns, in key order, the handles of the narrowest scope q names
// (all lines if it names none); every line q selects is among them. The
// slice stays valid until the next commit, which no reader outlives.
func (s *scopes) of(q storage.LineQuery, recs []string) []uint32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := &s.all
	for k, id := range [4]string{byCampaign: string(q.Campaign), byAgency: string(q.Agency), byShop: string(q.Shop), byCreator: string(q.Creator)} {
		if id == "" {
			continue
		}
		c := s.by[scopeKey{scopeKind(k), id}]
		if c == nil {
			return nil
		}
		if l == &s.all || len(c.hs) < len(l.hs) {
			l = c
		}
	}
	l.sort(recs)
	return l.hs
}

// sort sorts the handles appended since the last sort into the sorted
// ones. It builds a new slice, so a reader still walking the old one is
// not disturbed.
func (l *handles) sort(recs []string) {
	if l.sorted == len(l.hs) {
		return
	}
	key := func(h uint32) string { return recordKey(recs[h]) }
	head, tail := l.hs[:l.sorted], slices.Clone(l.hs[l.sorted:])
	slices.SortFunc(tail, func(a, b uint32) int { return strings.Compare(key(a), key(b)) })
	// The tail is usually a few handles and the head many: place each
	// tail handle by binary search and copy the head between them.
	out := make([]uint32, 0, len(head)+len(tail))
	from := 0
	for _, h := range tail {
		// A key has one handle for good, so a repeat is the same handle.
		if n := len(out); n > 0 && out[n-1] == h {
			continue
		}
		k := key(h)
		i, found := slices.BinarySearchFunc(head[from:], k, func(e uint32, k string) int { return strings.Compare(key(e), k) })
		out = append(out, head[from:from+i]...)
		from += i
		if found {
			continue // already in the head
		}
		out = append(out, h)
	}
	out = append(out, head[from:]...)
	l.hs, l.sorted = out, len(out)
}
