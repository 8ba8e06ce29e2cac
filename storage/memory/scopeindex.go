package memory

import (
	"strconv"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
)

// scopeIndex is the committed keys of a listed table by scope: for each
// scope a listing may name (a campaign's agency or status; a
// registration's campaign, agency or shop; a list's agency) the keys of
// the rows in it, in order, so a page of one scope reads that scope's keys
// from the cursor on instead of every key of the table. The SQL backends'
// (scope, id) indexes do the same job.
//
// Each scope is a keyIndex kept exact, because a row may change scope (a
// campaign is published and unpublished; the storage contract lets a
// campaign's or a registration's agency change): a commit adds a key to
// the scopes its row enters and counts it removed from those it leaves
// (or leaves by being deleted), and the scope's next listing drops it.
// Listings re-check every row against their query all the same.
//
// Only a commit, which no reader overlaps, adds or drops scopes; readers
// only look them up, and each scope's keyIndex guards its own lazy work.
type scopeIndex struct {
	by map[scopeKey]*keyIndex
	// touched is the scopes the commit in progress removed keys from, for
	// tidy.
	touched []scopeKey
}

// byStatus is the scope of campaigns by status (CampaignQuery.Status);
// the other kinds are shared with the order lines' scopes.
const byStatus = byCreator + 1

// rowScopes is the scope ids of one row, by scopeKind; "" for none.
type rowScopes [byStatus + 1]string

// campaignScopes, registrationScopes and listScopes are the scopes the
// listings of their tables select on (storage.CampaignQuery,
// storage.RegistrationQuery with its Filter's shop, storage.ListQuery).
func campaignScopes(c campaign.Campaign) rowScopes {
	return rowScopes{byAgency: string(c.Agency), byStatus: statusScope(c.Status)}
}

func registrationScopes(g registration.Registration) rowScopes {
	return rowScopes{byCampaign: string(g.Campaign), byAgency: string(g.Agency), byShop: string(g.Shop)}
}

func listScopes(l productlist.List) rowScopes { return rowScopes{byAgency: string(l.Agency)} }

// statusScope is the scope id of campaigns of status s, "" for the zero
// status, which a query uses to select every status.
func statusScope(s campaign.Status) string {
	if s == 0 {
		return ""
	}
	return strconv.Itoa(int(s))
}

// moved records that the row with key k was in the scopes was and is now
// in those of now (zero rowScopes for a row new to the table, or deleted).
// The caller holds the store's write lock.
func (x *scopeIndex) moved(k string, was, now rowScopes) {
	for kind := range was {
		if was[kind] == now[kind] {
			continue
		}
		if id := was[kind]; id != "" {
			sk := scopeKey{scopeKind(kind), id}
			if l := x.by[sk]; l != nil {
				l.removed()
				x.touched = append(x.touched, sk)
			}
		}
		if id := now[kind]; id != "" {
			sk := scopeKey{scopeKind(kind), id}
			l := x.by[sk]
			if l == nil {
				if x.by == nil {
					x.by = map[scopeKey]*keyIndex{}
				}
				l = &keyIndex{}
				x.by[sk] = l
			}
			l.added(k)
		}
	}
}

// tidy drops the keys that left the scopes a commit removed keys from,
// once they are half a scope's keys, and the scopes left empty, so scopes
// whose rows come and go without being listed do not keep every key they
// ever had. in reports whether the committed row with key k is in scope
// sk. The caller holds the store's write lock.
func (x *scopeIndex) tidy(in func(sk scopeKey, k string) bool) {
	for _, sk := range x.touched {
		l := x.by[sk]
		if l == nil || l.deleted == 0 || 2*l.deleted <= len(l.keys.items) {
			continue // dropped already, or not worth it yet
		}
		if len(l.order(func(k string) bool { return in(sk, k) })) == 0 {
			delete(x.by, sk)
		}
	}
	x.touched = x.touched[:0]
}

// narrowest returns the scope, among those named (set in named), that
// holds the fewest committed keys, and false if named names none. A named
// scope that holds no row is the narrowest.
func (x *scopeIndex) narrowest(named rowScopes) (scopeKey, bool) {
	var best scopeKey
	n, found := 0, false
	for kind, id := range named {
		if id == "" {
			continue
		}
		sk := scopeKey{scopeKind(kind), id}
		l := x.by[sk]
		if l == nil {
			return sk, true
		}
		l.mu.Lock()
		size := len(l.keys.items)
		l.mu.Unlock()
		if !found || size < n {
			best, n, found = sk, size, true
		}
	}
	return best, found
}

// ordered returns the committed keys of scope sk in order; in reports
// whether the committed row with key k is in sk. The slice stays valid
// until the next commit, which no reader outlives.
func (x *scopeIndex) ordered(sk scopeKey, in func(k string) bool) []string {
	l := x.by[sk]
	if l == nil {
		return nil
	}
	return l.ordered(in)
}
