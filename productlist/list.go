package productlist

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/internal/text"
	"github.com/partnerkit/partnerkit/registration"
)

// MaxProducts is the most products a list holds (P2).
const MaxProducts = 100

// MaxLists is the most lists an agency has (P2).
const MaxLists = 1000

// MaxNameLen bounds a list's name, in characters (Unicode code points once
// normalised to NFC).
const MaxNameLen = 100

// List is an agency's product list (P2). It is a plain value: a store
// persists its exported fields and reloads an equal value. Operations return
// a new List and leave the receiver unchanged.
type List struct {
	ID     ListID
	Agency campaign.AgencyID
	// Name is 1 to MaxNameLen characters, without surrounding spaces or
	// control characters (C0, DEL or C1).
	Name string
	// Entries are the list's products in the order they were added, at most
	// MaxProducts, each product (registration) at most once.
	Entries []Entry
	// Followers are the creators who accepted products through the list,
	// each once, in the order they first did: a creator rate change of an
	// entry reaches their showcases (P6; see Showcase.FollowRateChange).
	// A duplicate of the list starts with none. It grows by one id per
	// creator, and a list is read and written whole: a list accepted by
	// tens of thousands of creators costs milliseconds to read.
	Followers []CreatorID
	Created   time.Time
	Updated   time.Time
}

// Entry is one product of a list with its creator rate history (P2, P6).
type Entry struct {
	// Product is the product as it was when added; its Total cannot change
	// once approved (R3). Whether creators see it depends on the Catalog.
	Product Product
	// Rates is the creator rate C over time; every version has 0 <= C <= T.
	Rates RateHistory
	Added time.Time
}

// CheckListLimit returns nil if an agency that has existing lists may have
// one more, and otherwise an error wrapping [ErrLimit] (P2). The storage
// transaction supplies existing so the count and the insert are atomic.
func CheckListLimit(existing int) error {
	if existing >= MaxLists {
		return errdef.Field("lists", existing, ErrLimit, fmt.Sprintf("productlist: an agency has at most %d lists", MaxLists))
	}
	return nil
}

// NewList returns an empty list named name for agency, which has existing
// lists already (P2).
//
// NewList returns every problem joined if:
//   - id or agency is empty or too long, or name is empty, longer than
//     MaxNameLen characters or holds a control character (a *FieldError
//     wrapping [ErrInvalid]);
//   - the agency already has MaxLists lists ([ErrLimit]).
func NewList(id ListID, agency campaign.AgencyID, name string, existing int, now time.Time) (List, error) {
	var errs []error
	errs = appendIDErr(errs, "id", string(id))
	errs = appendIDErr(errs, "agency", string(agency))
	name, err := cleanName(name)
	if err != nil {
		errs = append(errs, err)
	}
	if err := CheckListLimit(existing); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return List{}, errors.Join(errs...)
	}
	return List{ID: id, Agency: agency, Name: name, Created: now, Updated: now}, nil
}

func cleanName(name string) (string, error) {
	n := strings.TrimSpace(name)
	switch {
	case n == "":
		return "", errdef.Field("name", name, ErrInvalid, "productlist: empty")
	case !utf8.ValidString(n):
		return "", errdef.Field("name", name, ErrInvalid, "productlist: not UTF-8")
	case len(n) > MaxNameLen*text.MaxCharBytes || text.Len(n) > MaxNameLen:
		return "", errdef.Field("name", name, ErrInvalid, "productlist: too long")
	case text.HasControl(n, ""):
		return "", errdef.Field("name", name, ErrInvalid, "productlist: control character")
	}
	return n, nil
}

// CheckOwner returns nil if agency owns l, and otherwise an error wrapping
// [ErrForbidden]. Viewing, editing, sharing and deleting a list require it.
func (l List) CheckOwner(agency campaign.AgencyID) error {
	if l.Agency != agency {
		return fmt.Errorf("productlist: list %q belongs to another agency: %w", l.ID, ErrForbidden)
	}
	return nil
}

// Rename returns l named name. It returns a *FieldError wrapping
// [ErrInvalid] if name is empty or too long.
func (l List) Rename(name string, now time.Time) (List, error) {
	n, err := cleanName(name)
	if err != nil {
		return l, err
	}
	out := l.clone()
	out.Name, out.Updated = n, now
	return out, nil
}

// Entry returns the entry for registration id, if the list holds it.
func (l List) Entry(id registration.ID) (Entry, bool) {
	if i := l.index(id); i >= 0 {
		return l.Entries[i], true
	}
	return Entry{}, false
}

func (l List) index(id registration.ID) int {
	for i, e := range l.Entries {
		if e.Product.Registration == id {
			return i
		}
	}
	return -1
}

// Add returns l with product p offered to creators at creator rate rate
// (P2); the agency keeps p.Total - rate.
//
// Add returns an error if:
//   - p is malformed, or no longer Available (a *FieldError wrapping
//     [ErrInvalid]);
//   - rate is outside 0..p.Total (a *FieldError naming the entry, wrapping
//     [ErrInvalid]);
//   - p belongs to another agency ([ErrForbidden]);
//   - the list already holds p ([ErrConflict]);
//   - the list already holds MaxProducts products ([ErrLimit]).
func (l List) Add(p Product, rate commission.Rate, now time.Time) (List, error) {
	if err := p.Validate(); err != nil {
		return l, err
	}
	if !p.Available {
		return l, errdef.Field("product", p.Registration, ErrInvalid, "productlist: product is not approved")
	}
	if p.Agency != l.Agency {
		return l, fmt.Errorf("productlist: product %q belongs to another agency: %w", p.Registration, ErrForbidden)
	}
	if err := checkCreatorRate(entryField(p.Registration, "creator_rate"), rate, p.Total); err != nil {
		return l, err
	}
	if l.index(p.Registration) >= 0 {
		return l, fmt.Errorf("productlist: list %q already holds %q: %w", l.ID, p.Registration, ErrConflict)
	}
	if len(l.Entries) >= MaxProducts {
		return l, errdef.Field("entries", len(l.Entries)+1, ErrLimit, fmt.Sprintf("productlist: a list holds at most %d products", MaxProducts))
	}
	out := l.clone()
	out.Entries = append(out.Entries, Entry{Product: p, Rates: NewRateHistory(rate, now), Added: now})
	out.Updated = now
	return out, nil
}

func entryField(id registration.ID, f string) string {
	return fmt.Sprintf("entries[%s].%s", id, f)
}

// Remove returns l without registration id. It returns an error wrapping
// [ErrNotFound] if the list does not hold it.
func (l List) Remove(id registration.ID, now time.Time) (List, error) {
	i := l.index(id)
	if i < 0 {
		return l, fmt.Errorf("productlist: list %q does not hold %q: %w", l.ID, errdef.Shown(string(id)), ErrNotFound)
	}
	out := l.clone()
	out.Entries = append(out.Entries[:i:i], out.Entries[i+1:]...)
	out.Updated = now
	return out, nil
}

// SetCreatorRate returns l with entry id's creator rate changed to rate from
// effective on, and the new version (P6). Versions in force earlier are kept,
// so orders placed before effective are still paid their rate. The service
// passes the version to [Showcase.FollowRateChange] for the list's
// Followers.
//
// SetCreatorRate returns an error if:
//   - the list does not hold id ([ErrNotFound]);
//   - rate is outside 0..T, or effective is before now or before the newest
//     version (a *FieldError naming the entry, wrapping [ErrInvalid]).
func (l List) SetCreatorRate(id registration.ID, rate commission.Rate, effective, now time.Time) (List, RateVersion, error) {
	i := l.index(id)
	if i < 0 {
		return l, RateVersion{}, fmt.Errorf("productlist: list %q does not hold %q: %w", l.ID, errdef.Shown(string(id)), ErrNotFound)
	}
	e := l.Entries[i]
	if err := checkCreatorRate(entryField(id, "creator_rate"), rate, e.Product.Total); err != nil {
		return l, RateVersion{}, err
	}
	h, v, err := e.Rates.Change(rate, effective, now)
	if err != nil {
		return l, RateVersion{}, fmt.Errorf("productlist: entry %q: %w", id, err)
	}
	out := l.clone()
	out.Entries[i].Rates = h
	out.Updated = now
	return out, v, nil
}

// Duplicate returns a copy of l with id and name, entries and rate histories
// included, for an agency that has existing lists (P2). A duplicate obeys
// the same limits as any list.
//
// Duplicate returns every problem joined if:
//   - id or name is not valid (a *FieldError wrapping [ErrInvalid]);
//   - the agency already has MaxLists lists, or l holds more than
//     MaxProducts products ([ErrLimit]).
func (l List) Duplicate(id ListID, name string, existing int, now time.Time) (List, error) {
	out, err := NewList(id, l.Agency, name, existing, now)
	if len(l.Entries) > MaxProducts {
		err = errors.Join(err, errdef.Field("entries", len(l.Entries), ErrLimit, fmt.Sprintf("productlist: a list holds at most %d products", MaxProducts)))
	}
	if err != nil {
		return List{}, err
	}
	out.Entries = l.clone().Entries
	return out, nil
}

// Validate returns nil if l keeps every list invariant, and otherwise every
// problem joined: ids and name well formed, at most MaxProducts entries,
// each product once and of the list's agency, each rate history valid with
// 0 <= C <= T, each follower well formed and once. A store may call it on
// load.
func (l List) Validate() error {
	var errs []error
	errs = appendIDErr(errs, "id", string(l.ID))
	errs = appendIDErr(errs, "agency", string(l.Agency))
	if n, err := cleanName(l.Name); err != nil {
		errs = append(errs, err)
	} else if n != l.Name {
		errs = append(errs, errdef.Field("name", l.Name, ErrInvalid, "productlist: surrounding spaces"))
	}
	if len(l.Entries) > MaxProducts {
		errs = append(errs, errdef.Field("entries", len(l.Entries), ErrLimit, fmt.Sprintf("productlist: a list holds at most %d products", MaxProducts)))
	}
	following := make(map[CreatorID]bool, len(l.Followers))
	for i, c := range l.Followers {
		f := fmt.Sprintf("followers[%d]", i)
		errs = appendIDErr(errs, f, string(c))
		if following[c] {
			errs = append(errs, errdef.Field(f, string(c), ErrConflict, "productlist: follower listed twice"))
		}
		following[c] = true
	}
	seen := make(map[registration.ID]bool, len(l.Entries))
	for _, e := range l.Entries {
		id := e.Product.Registration
		if seen[id] {
			errs = append(errs, errdef.Field(entryField(id, "product"), id, ErrConflict, "productlist: product listed twice"))
		}
		seen[id] = true
		if err := e.Product.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("productlist: entry %q: %w", id, err))
		}
		if e.Product.Agency != l.Agency {
			errs = append(errs, errdef.Field(entryField(id, "agency"), e.Product.Agency, ErrForbidden, "productlist: product of another agency"))
		}
		if err := e.Rates.Validate(entryField(id, "rates"), e.Product.Total); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Visible returns the entries creators see: those whose product is in cat
// and Available (P4). A closed or cancelled product stays in the list but is
// hidden.
func (l List) Visible(cat Catalog) []Entry {
	var out []Entry
	for _, e := range l.Entries {
		if p, ok := cat.Registration(e.Product.Registration); ok && p.Available && p.Agency == l.Agency {
			out = append(out, e)
		}
	}
	return out
}

func (l List) clone() List {
	out := l
	out.Entries = make([]Entry, len(l.Entries))
	for i, e := range l.Entries {
		e.Rates = append(RateHistory(nil), e.Rates...)
		out.Entries[i] = e
	}
	out.Followers = slices.Clone(l.Followers)
	return out
}

// Follow returns l with creator c among its Followers, and whether c was
// new to them. The service calls it when c accepts products through l.
func (l List) Follow(c CreatorID) (List, bool) {
	if slices.Contains(l.Followers, c) {
		return l, false
	}
	out := l
	out.Followers = append(slices.Clip(l.Followers), c)
	return out, true
}

// SearchLists returns the lists whose name contains query, ignoring case,
// the query's surrounding spaces and how accents are typed (precomposed or
// combining), in their given order. An empty query matches every list.
func SearchLists(lists []List, query string) []List {
	q := text.Fold(strings.TrimSpace(query))
	var out []List
	for _, l := range lists {
		if strings.Contains(text.Fold(l.Name), q) {
			out = append(out, l)
		}
	}
	return out
}
