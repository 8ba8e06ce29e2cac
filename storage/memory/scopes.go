package memory

import (
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

// handles is one scope's line handles, in the order of their lines'
// keys (a key has one handle for good).
type handles = lazySorted[uint32]

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
	s.all.add(h)
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
		l.add(h)
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
		if l == &s.all || len(c.items) < len(l.items) {
			l = c
		}
	}
	return l.ordered(func(a, b uint32) int { return strings.Compare(recordKey(recs[a]), recordKey(recs[b])) }, nil)
}
