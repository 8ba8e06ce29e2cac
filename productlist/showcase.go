package productlist

import (
	"errors"
	"fmt"
	"time"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/registration"
)

// Offer is one product a creator may add from a link, with the creator rate
// only (K1): the type has no field for the total rate T or the agency rate A.
type Offer struct {
	Agency       campaign.AgencyID
	Campaign     campaign.ID
	Registration registration.ID
	Shop         campaign.ShopCode
	Product      registration.ProductID
	Title        string
	Price        commission.Money
	// CreatorRate is the rate in force now.
	CreatorRate commission.Rate
	// Scheduled are announced future changes of the creator rate (P6).
	Scheduled []RateVersion
	// Via, List, EntryAdded and RateVersion say where the offer came
	// from: the list entry (the one added to List at EntryAdded) and its
	// rate version, or (Via LinkProduct, RateVersion 0, EntryAdded zero) a
	// product link whose rate is fixed in the link.
	Via         LinkKind
	List        ListID
	EntryAdded  time.Time
	RateVersion int
}

// LowerRateNotice tells a creator, before accepting, that an offer pays less
// than the rate it already has for the same product (P5). The service
// emits it as an event.
type LowerRateNotice struct {
	Creator CreatorID
	Shop    campaign.ShopCode
	Product registration.ProductID
	Offered commission.Rate
	Current commission.Rate
}

// Resolution is what pasted links resolve to: the offers, one per product,
// and a notice for each offer below the creator's current rate (P4, P5).
type Resolution struct {
	Offers  []Offer
	Notices []LowerRateNotice
}

// Resolve turns verified link targets (from [ParseLink]) into offers for
// the creator whose showcase is sc (P4, P5). lists holds the lists the list
// targets name, as loaded by the service (a deleted list is simply absent);
// cat holds the current state of their products and of the product
// targets' products. A product that is missing, closed or cancelled is
// dropped. When several links offer the same product (shop and product id),
// the highest creator rate is kept.
//
// Resolve returns an error if:
//   - a list in lists has another agency than its target names, or a
//     product target's rate exceeds the product's total ([ErrBadLink]);
//   - nothing remains to offer ([ErrNoProducts]).
func Resolve(targets []Target, lists map[ListID]List, cat Catalog, sc Showcase, now time.Time) (Resolution, error) {
	var offers []Offer
	index := map[productKey]int{}
	put := func(o Offer) {
		k := productKey{o.Shop, o.Product}
		if i, ok := index[k]; ok {
			if o.CreatorRate > offers[i].CreatorRate {
				offers[i] = o
			}
			return
		}
		index[k] = len(offers)
		offers = append(offers, o)
	}
	for _, t := range targets {
		switch t.Kind {
		case LinkList:
			l, ok := lists[t.List]
			if !ok {
				continue
			}
			if l.Agency != t.Agency || l.ID != t.List {
				return Resolution{}, fmt.Errorf("productlist: list %q: %w", t.List, ErrBadLink)
			}
			for _, e := range l.Visible(cat) {
				v, err := e.Rates.At(now)
				if err != nil {
					continue // not yet offered
				}
				p, _ := cat.Registration(e.Product.Registration)
				o := offerFor(p, v.Rate)
				o.Via, o.List, o.EntryAdded, o.RateVersion = LinkList, l.ID, e.Added, v.Version
				o.Scheduled = e.Rates.Scheduled(now)
				put(o)
			}
		case LinkProduct:
			p, ok := cat.Registration(t.Registration)
			if !ok || !p.Available || p.Agency != t.Agency || p.Campaign != t.Campaign || p.ID != t.Product {
				continue
			}
			if t.CreatorRate > p.Total {
				return Resolution{}, fmt.Errorf("productlist: product %q: %w", t.Product, ErrBadLink)
			}
			o := offerFor(p, t.CreatorRate)
			o.Via = LinkProduct
			put(o)
		default:
			return Resolution{}, ErrBadLink
		}
	}
	if len(offers) == 0 {
		return Resolution{}, ErrNoProducts
	}
	res := Resolution{Offers: offers}
	for _, o := range offers {
		if cur, err := sc.RateAt(o.Shop, o.Product, now); err == nil && cur.Rate > o.CreatorRate {
			res.Notices = append(res.Notices, LowerRateNotice{
				Creator: sc.Creator, Shop: o.Shop, Product: o.Product, Offered: o.CreatorRate, Current: cur.Rate,
			})
		}
	}
	return res, nil
}

func offerFor(p Product, rate commission.Rate) Offer {
	return Offer{
		Agency: p.Agency, Campaign: p.Campaign, Registration: p.Registration,
		Shop: p.Shop, Product: p.ID, Title: p.Title, Price: p.Price, CreatorRate: rate,
	}
}

// Showcase is a creator's showcase: the products it promotes, each with the
// terms that paid it over time. It is a plain value a store persists as is.
type Showcase struct {
	Creator CreatorID
	// Agency is the agency that manages the creator, if any, as the host
	// last said (K4). It changes nothing in a campaign's money; it lets a
	// ledger line say that its creator came from another agency.
	Agency  campaign.AgencyID
	Entries []ShowcaseEntry
}

// ShowcaseEntry is one product in a showcase. Terms is oldest first with
// non-decreasing Effective times; terms in force at or before any moment
// already passed are never changed, so attribution replays the same money
// (P6).
type ShowcaseEntry struct {
	Shop    campaign.ShopCode
	Product registration.ProductID
	Title   string
	Terms   []Terms
}

// Terms say which campaign, list entry and rate version pay the creator for
// a product from Effective on (P6, A6).
type Terms struct {
	Effective    time.Time
	Agency       campaign.AgencyID
	Campaign     campaign.ID
	Registration registration.ID
	Via          LinkKind
	// List is empty and RateVersion 0 for a product link.
	List ListID
	// EntryAdded is the Added time of the list entry the terms came
	// through: it tells that entry apart from a later entry of the same
	// product, removed from the list and added again (P6). It is zero for
	// a product link, and in terms stored before it was recorded.
	EntryAdded  time.Time
	RateVersion int
	Rate        commission.Rate
}

// Entry returns the showcase entry for the product, if present.
func (s Showcase) Entry(shop campaign.ShopCode, product registration.ProductID) (ShowcaseEntry, bool) {
	if i := s.index(productKey{shop, product}); i >= 0 {
		return s.Entries[i], true
	}
	return ShowcaseEntry{}, false
}

func (s Showcase) index(k productKey) int {
	for i, e := range s.Entries {
		if e.Shop == k.shop && e.Product == k.id {
			return i
		}
	}
	return -1
}

// TermsAt returns the terms that pay an order placed at t (P6): the newest
// terms whose Effective is not after t. It returns an error wrapping
// [ErrNotFound] if t is before the product entered the showcase.
func (e ShowcaseEntry) TermsAt(t time.Time) (Terms, error) {
	for i := len(e.Terms) - 1; i >= 0; i-- {
		if !e.Terms[i].Effective.After(t) {
			return e.Terms[i], nil
		}
	}
	return Terms{}, fmt.Errorf("productlist: product %q not in the showcase at %v: %w", e.Product, t, ErrNotFound)
}

// RateAt returns the terms that pay the creator for an order of the product
// placed at t (P6). It returns an error wrapping [ErrNotFound] if the
// product was not in the showcase at t.
func (s Showcase) RateAt(shop campaign.ShopCode, product registration.ProductID, t time.Time) (Terms, error) {
	e, ok := s.Entry(shop, product)
	if !ok {
		return Terms{}, fmt.Errorf("productlist: product %q not in the showcase: %w", product, ErrNotFound)
	}
	return e.TermsAt(t)
}

// MaxTermsVersions bounds the terms one showcase entry keeps (P6): a
// creator accepting a product's links again and again at other terms adds
// one each time, and a showcase is read whole for every order of its
// creator. FollowRateChange does not count against it: an agency's rate
// change reaches every follower.
const MaxTermsVersions = 1000

// Accept returns sc with the creator's accepted offers in its showcase (P4),
// from now on at each offer's rate and, later, its scheduled rates. For a
// product already in the showcase the new terms apply from now; terms that
// were only scheduled after now are superseded, earlier ones are kept. If
// the terms in force now are the offer's (the same campaign, link, list
// entry, version and rate), they stay in force from when they took effect
// rather than again from now: accepting the same link again leaves the
// showcase as it is.
// Offers must come from [Resolve] run by the service, not from the client.
//
// Accept returns every problem joined if sc has no creator or an offer is
// malformed (a *FieldError wrapping [ErrInvalid]), or if offers is empty
// ([ErrNoProducts]); and a *FieldError for "offers[i]" wrapping [ErrLimit]
// if accepting offer i would give its product more than MaxTermsVersions
// terms.
func Accept(sc Showcase, offers []Offer, now time.Time) (Showcase, error) {
	if len(offers) == 0 {
		return sc, ErrNoProducts
	}
	var errs []error
	if err := checkID("creator", string(sc.Creator)); err != nil {
		errs = append(errs, err)
	}
	for i, o := range offers {
		f := fmt.Sprintf("offers[%d]", i)
		for _, c := range []struct{ f, v string }{
			{".agency", string(o.Agency)}, {".campaign", string(o.Campaign)},
			{".registration", string(o.Registration)}, {".shop", string(o.Shop)}, {".product", string(o.Product)},
		} {
			errs = appendIDErr(errs, f+c.f, c.v)
		}
		if err := o.CreatorRate.Validate(); err != nil {
			errs = append(errs, errdef.Field(f+".creator_rate", o.CreatorRate, ErrInvalid, "productlist: not a rate"))
		}
		if o.Via != LinkList && o.Via != LinkProduct {
			errs = append(errs, errdef.Field(f+".via", o.Via, ErrInvalid, "productlist: unknown link kind"))
		}
	}
	if len(errs) > 0 {
		return sc, errors.Join(errs...)
	}
	out := sc.clone()
	for oi, o := range offers {
		base := Terms{
			Effective: now, Agency: o.Agency, Campaign: o.Campaign, Registration: o.Registration,
			Via: o.Via, List: o.List, EntryAdded: o.EntryAdded, RateVersion: o.RateVersion, Rate: o.CreatorRate,
		}
		terms := []Terms{base}
		for _, v := range o.Scheduled {
			if v.Effective.After(now) && v.Version > base.RateVersion {
				t := base
				t.Effective, t.RateVersion, t.Rate = v.Effective, v.Version, v.Rate
				terms = append(terms, t)
			}
		}
		i := out.index(productKey{o.Shop, o.Product})
		if i < 0 {
			if len(terms) > MaxTermsVersions {
				return sc, termsLimit(oi, o, len(terms))
			}
			out.Entries = append(out.Entries, ShowcaseEntry{Shop: o.Shop, Product: o.Product, Title: o.Title, Terms: terms})
			continue
		}
		e := &out.Entries[i]
		e.Title = o.Title
		kept := e.Terms[:0:0]
		for _, t := range e.Terms {
			if !t.Effective.After(now) {
				kept = append(kept, t)
			}
		}
		if len(kept) > 0 && kept[len(kept)-1].sameAs(terms[0]) {
			// Accepted again: the terms in force stay, from when they
			// took effect, so the showcase does not grow.
			terms = terms[1:]
		}
		// Only a growing entry is refused: one already past the bound (an
		// agency's rate changes reach it, FollowRateChange) may still
		// accept the terms it has.
		if n := len(kept) + len(terms); n > MaxTermsVersions && n > len(e.Terms) {
			return sc, termsLimit(oi, o, n)
		}
		e.Terms = append(kept, terms...)
	}
	return out, nil
}

// termsLimit is Accept's refusal of offer i, which would give its product
// n terms.
func termsLimit(i int, o Offer, n int) error {
	return errdef.Field(fmt.Sprintf("offers[%d]", i), o.Product, ErrLimit,
		fmt.Sprintf("productlist: %d terms for the product, more than %d", n, MaxTermsVersions))
}

// sameAs reports whether t and u are the same terms but for when they
// take effect: the same campaign, link, list entry, version and rate. It
// compares times as instants (a stored time may come back in another
// *time.Location).
func (t Terms) sameAs(u Terms) bool {
	ta, ua := t.EntryAdded, u.EntryAdded
	t.Effective, u.Effective, t.EntryAdded, u.EntryAdded = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	return t == u && ta.Equal(ua)
}

// FollowRateChange returns s with version v of list entry e of list
// applied to every showcase entry whose latest terms came through that
// entry, and how many entries changed (P6): orders placed from
// v.Effective on pay v.Rate, orders placed before keep their terms.
// Applying a version the entry already has is a no-op, so the service may
// retry.
//
// Terms count as coming through e only if they name e (their EntryAdded is
// e.Added) and their rate version is one of e's, at their rate, in force
// when they took effect: a creator who accepted a product since removed
// from the list and added again (a new entry, whose versions start again
// at 1) does not follow the new entry, even through terms of the old entry
// scheduled after the new one was added.
//
// A version that takes effect before the entry's latest terms (a creator
// who accepted, from a list read before the change was made, after the
// change's time) applies from those terms' time on.
func (s Showcase) FollowRateChange(list ListID, e Entry, v RateVersion) (Showcase, int) {
	reg := e.Product.Registration
	var out Showcase
	n := 0
	for i := range s.Entries {
		se := &s.Entries[i]
		if len(se.Terms) == 0 {
			continue
		}
		last := se.Terms[len(se.Terms)-1]
		if last.Via != LinkList || last.List != list || last.Registration != reg || v.Version <= last.RateVersion {
			continue
		}
		if !fromEntry(last, e) {
			continue // terms of an earlier entry of the product
		}
		if n == 0 {
			out = s.clone()
		}
		t := last
		t.Effective, t.RateVersion, t.Rate = v.Effective, v.Version, v.Rate
		if v.Effective.Before(last.Effective) {
			// The creator accepted after the version's time, from a list
			// read before the version was made (a change committed just
			// after the acceptance): it applies from the acceptance on.
			t.Effective = last.Effective
		}
		out.Entries[i].Terms = append(out.Entries[i].Terms, t)
		n++
	}
	if n == 0 {
		return s, 0
	}
	return out, n
}

// fromEntry reports whether terms t, of e's list and product, came through
// entry e rather than an earlier entry of the product (P6).
// Terms stored before they named their entry (EntryAdded zero) are judged
// by their rate version alone.
func fromEntry(t Terms, e Entry) bool {
	if !t.EntryAdded.IsZero() && !t.EntryAdded.Equal(e.Added) {
		return false
	}
	k := t.RateVersion
	return k >= 1 && k <= len(e.Rates) && e.Rates[k-1].Rate == t.Rate && !e.Rates[k-1].Effective.After(t.Effective)
}

func (s Showcase) clone() Showcase {
	out := s
	out.Entries = make([]ShowcaseEntry, len(s.Entries))
	for i, e := range s.Entries {
		e.Terms = append([]Terms(nil), e.Terms...)
		out.Entries[i] = e
	}
	return out
}
