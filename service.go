package partnerkit

import (
	"crypto/rand"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/internal/text"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/storage"
)

// The errors every method may return, matched with errors.Is. They are the
// same values as the domain packages' sentinels of the same name.
var (
	ErrInvalid   = errdef.ErrInvalid
	ErrNotFound  = errdef.ErrNotFound
	ErrForbidden = errdef.ErrForbidden
	ErrLimit     = errdef.ErrLimit
	ErrConflict  = errdef.ErrConflict
	// ErrEditLocked: a published campaign has an edit waiting to apply; the
	// error is a *campaign.EditLockedError saying when editing reopens, and
	// matches ErrForbidden too.
	ErrEditLocked = campaign.ErrEditLocked
	// ErrNoProducts: a pasted link resolves to no products a creator can
	// add. It is a kind of ErrNotFound.
	ErrNoProducts = productlist.ErrNoProducts
	// ErrBadLink: a share link was altered, or its key is unknown or
	// retired. It is a kind of ErrInvalid.
	ErrBadLink = productlist.ErrBadLink
	// ErrOnboarding: the agency has not completed the onboarding step an
	// action needs (C1); the error is a *campaign.OnboardingError naming
	// it, and matches ErrForbidden too.
	ErrOnboarding = campaign.ErrOnboarding
	// ErrNoKey: the host's Options.Keys hold no active signing key for the
	// agency that shares a link.
	ErrNoKey = productlist.ErrNoKey
	// ErrCurrencyMismatch: an amount is in another currency than its line
	// or campaign. It is a kind of ErrInvalid.
	ErrCurrencyMismatch = commission.ErrCurrencyMismatch
	// ErrBusy: the store gave up because other writers kept it busy
	// (storage.ErrBusy: several hosts writing to one PostgreSQL database
	// or SQLite file at once). Nothing of the call was written; making it
	// again is safe.
	ErrBusy = storage.ErrBusy
)

// FieldError reports a problem with one named field of an input: a struct
// {Field string; Value any; Err error} whose Error names the field and the
// value (shortened if long) and whose Unwrap returns Err, the sentinel to
// match with errors.Is. It is the same type in every partnerkit package.
type FieldError = errdef.FieldError

// Agency is the actor for an agency (the partner that runs campaigns). The
// host authenticates it and passes its id.
//
// An actor's id is 1 to MaxActorIDLen bytes of UTF-8 without a control
// character, the ids the records it acts on can hold: every method refuses
// an empty one with a *FieldError wrapping ErrForbidden (nobody is
// acting) and any other with one wrapping ErrInvalid, on the first call
// rather than halfway through a story (an agency whose id a product list
// cannot hold could otherwise publish a campaign and approve products,
// and only then be refused its first list). The field is "agency",
// "seller" or "creator".
type Agency struct{ ID campaign.AgencyID }

// Seller is the actor for a seller, identified by its shop code, held to
// an actor id's shape (see Agency) and without a "/" (a list entry is
// "shop/product"), as a registration's shop code is.
type Seller struct{ Shop campaign.ShopCode }

// Creator is the actor for a creator. Agency is the agency that manages the
// creator, if any (K4: it changes nothing in a campaign's money); when set,
// it is held to an actor id's shape like ID (a *FieldError "creator.agency"
// wrapping ErrInvalid otherwise), since it is stored with the showcase.
type Creator struct {
	ID     productlist.CreatorID
	Agency campaign.AgencyID
}

// Host is the actor for the embedding service itself: it ingests order
// events, settles due lines and applies due edits, and reads and
// acknowledges the outbox. Statements are asked for by their party
// (Agency, Seller, Creator).
type Host struct{}

// Options configures a Service. The zero value is the default.
type Options struct {
	// Clock returns the current time; nil means time.Now. The Service reads
	// it once per operation.
	Clock func() time.Time
	// Logger receives operational logs; nil discards them.
	Logger *slog.Logger
	// Keys are the agencies' share-link keys. Sharing and resolving links
	// fail with productlist.ErrNoKey or ErrBadLink until the host sets them.
	// They are fixed for the Service's life: New copies them, secrets
	// included, so the host may reuse or clear its own slice. To rotate an
	// agency's key, the host makes a new Service (New is cheap, and
	// Services on one store run side by side) whose set has the new key
	// active and the old one KeyVerifying, so links already shared keep
	// working until it is retired.
	Keys productlist.KeySet
	// Campaigns is the host's campaign policy (market table, shop-code
	// validator); the zero value is the shipped default.
	Campaigns campaign.Policy
	// NewID returns a fresh unique id for a new record; nil means 16 random
	// bytes in lower-case base32. The kind ("campaign", "registration",
	// "list") is passed for hosts that prefix ids. The Service calls it
	// from concurrent calls, so it must be safe for concurrent use, and a
	// call may draw an id and then be refused: ids must be unique, not
	// dense. An id must be 1 to 64 bytes of UTF-8 with no control
	// character (campaign.MaxIDLen, productlist.MaxIDLen), and a campaign's
	// must not hold "/": a call given another is refused with ErrInvalid,
	// and one given an id already in use with ErrConflict.
	NewID func(kind string) string
	// GroupCommit groups concurrent IngestEvent calls into one
	// transaction; the zero value is on, with no added wait.
	GroupCommit GroupCommit
}

// Service runs partnerkit's use cases over a storage.Store. Every method
// authorises its actor, reads the clock once, applies the pure rule inside
// one Store.Update (or View), writes its domain events to the outbox in the
// same transaction, and returns a value. (A campaign read that finds an
// edit come due also stores and announces it, in an Update after its
// View: see ApplyDueEdits.) A Service is safe for concurrent use.
//
// # Authorisation
//
// A record that belongs to another party (another agency's campaign or
// list, another shop's registration, another creator's orders) is reported
// as ErrNotFound, never ErrForbidden, so that its existence does not leak.
// ErrForbidden means the actor is not allowed the action at all (an empty
// actor id) or the rules do not allow it now (registering outside the
// registration period, a lifecycle move the state machine refuses). A
// campaign that is not published is ErrNotFound to a seller: it does not
// see it.
type Service struct {
	store  storage.Store
	opts   Options
	log    *slog.Logger
	clock  func() time.Time
	newID  func(kind string) string
	policy campaign.Policy
	group  grouper
	// marketCache caches market facts (settlement window, currency); see market.
	marketCache sync.Map
}

// New returns a Service over store. It panics if store is nil, a
// programming error better caught at once than at the first call.
func New(store storage.Store, opts Options) *Service {
	if store == nil {
		panic("partnerkit: New with a nil store")
	}
	// The keys are the Service's own from here on: a host that edits or
	// clears its slice or secrets afterwards changes nothing here.
	opts.Keys.Keys = slices.Clone(opts.Keys.Keys)
	for i := range opts.Keys.Keys {
		opts.Keys.Keys[i].Secret = slices.Clone(opts.Keys.Keys[i].Secret)
	}
	s := &Service{store: store, opts: opts, clock: opts.Clock, log: opts.Logger, newID: opts.NewID, policy: opts.Campaigns}
	if s.clock == nil {
		s.clock = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.newID == nil {
		s.newID = randomID
	}
	return s
}

var idEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

func randomID(string) string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return strings.ToLower(idEncoding.EncodeToString(b[:]))
}

// now reads the clock once for an operation, in UTC.
func (s *Service) now() time.Time { return s.clock().UTC() }

// emit writes one domain event to the outbox of tx.
func emit(tx storage.Tx, kind, key string, at time.Time, payload any) error {
	m, err := message(kind, key, at, payload)
	if err != nil {
		return err
	}
	_, err = tx.Outbox().Append(m)
	return err
}

// message encodes one domain event for the outbox.
func message(kind, key string, at time.Time, payload any) (storage.Message, error) {
	b, err := json.Marshal(payload)
	if err != nil {
		return storage.Message{}, fmt.Errorf("partnerkit: encoding %s event: %w", kind, err)
	}
	return storage.Message{Kind: kind, Key: key, Payload: b, At: at}, nil
}

func (a Agency) check() error { return checkActor("agency", string(a.ID)) }
func (sl Seller) check() error {
	if err := checkActor("seller", string(sl.Shop)); err != nil {
		return err
	}
	if strings.Contains(string(sl.Shop), "/") {
		return errdef.Field("seller", string(sl.Shop), ErrInvalid, `partnerkit: a shop code holds no "/"`)
	}
	return nil
}
func (c Creator) check() error {
	if err := checkActor("creator", string(c.ID)); err != nil {
		return err
	}
	// The managing agency (K4) is stored in the showcase and on every
	// line attributed through it: held to the same shape as an id.
	if c.Agency != "" {
		return checkActor("creator.agency", string(c.Agency))
	}
	return nil
}

// MaxActorIDLen bounds an actor's id, in bytes: the longest agency or
// creator id a product list, showcase or link holds (productlist.MaxIDLen),
// and the longest shop code a registration holds
// (registration.MaxProductIDLen).
const MaxActorIDLen = productlist.MaxIDLen

// checkActor refuses an empty actor id (ErrForbidden: nobody is acting)
// and a malformed one (ErrInvalid): longer than MaxActorIDLen bytes, not
// valid UTF-8, or holding a control character, none of which the records
// an actor acts on can hold.
func checkActor(field, id string) error {
	switch {
	case id == "":
		return errdef.Field(field, id, ErrForbidden, "partnerkit: no "+field+" id")
	case !possibleID(id, MaxActorIDLen):
		return errdef.Field(field, id, ErrInvalid, fmt.Sprintf("partnerkit: want 1 to %d bytes of UTF-8, no control character", MaxActorIDLen))
	}
	return nil
}

// possibleID reports whether s could be an id of at most max bytes that
// the domain packages store: set, valid UTF-8, without a control
// character. Actors, registrations' shops and products, list entries and
// links all hold ids of that shape.
func possibleID(s string, max int) bool {
	return s != "" && len(s) <= max && utf8.ValidString(s) && !text.HasControl(s, "")
}

// notFound is the error for a record the actor may not see or that does
// not exist: the same either way (see Service, Authorisation).
func notFound(kind string, id any) error {
	return fmt.Errorf("partnerkit: %s %q: %w", kind, errdef.Shown(id), ErrNotFound)
}

// Page asks for one page of a listing; see storage.Page.
type Page = storage.Page

// fullPage returns page p of a listing the Service filters: it reads the
// storage listing list in pages of p's size from p's cursor and keeps
// what keep makes of each storage page, until the page is full or the
// listing ends. The cursor of a full page is the storage cursor of its last
// record, key names it (the listing's own sort key, its one cursor part),
// so the next page starts right after it whatever the filter dropped;
// "" after the last. The first storage read asks for a page; the next
// ones, if the filter left it short, for storage.MaxLimit records each.
func fullPage[R, T any](p Page, list func(Page) ([]R, string, error), keep func([]R) ([]T, error), key func(T) string) ([]T, string, error) {
	size := p.Size()
	var out []T
	after, ask := p.After, size
	for {
		rs, next, err := list(Page{After: after, Limit: ask})
		if err != nil {
			return nil, "", err
		}
		kept, err := keep(rs)
		if err != nil {
			return nil, "", err
		}
		out = append(out, kept...)
		if len(out) > size || (len(out) == size && next != "") {
			out = out[:size]
			return out, storage.EncodeCursor(key(out[size-1])), nil
		}
		if next == "" {
			return out, "", nil
		}
		// The filter left the page short: read on in big pages, so a
		// filter that keeps little costs a read per MaxLimit records.
		after, ask = next, storage.MaxLimit
	}
}

// isNotFound reports whether err is ErrNotFound.
func isNotFound(err error) bool { return errors.Is(err, ErrNotFound) }
